// The adapters: Loss components around the maths of overlap_losses and voxel_losses, their
// schemas, and the plugin's exports.
#include "compound_loss.hpp"
#include "overlap_losses.hpp"
#include "reconstruction_losses.hpp"
#include "segmentation_loss.hpp"
#include "ves/plugin/plugin.hpp"
#include "voxel_losses.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using ves::losses::ChannelMode;
using ves::losses::SegmentationLoss;

// ---------------------------------------------------------------------------------------------
// Parameter helpers

void add_smooth(Schema& schema) {
  schema.real("smooth", 1e-5, "added to numerator and denominator (an empty class scores 1)", 0.0);
}

void add_include_background(Schema& schema) {
  schema.flag("include_background", false,
              "multi-class (C > 1): also score class 0; ignored for 1 channel");
}

void add_top_k(Schema& schema) {
  schema.real("top_k", 1.0,
              "fraction (0, 1] of the hardest voxels averaged (OHEM / nnU-Net TopK); 1 = all", 0.0,
              1.0);
}

double top_k_param(const Params& p) {
  const double k = p.get_double("top_k");
  if (k <= 0.0)
    throw p.error("top_k", "must be above 0", "1 keeps every voxel, 0.1 the 10% hardest");
  return k;
}

void add_tversky(Schema& schema) {
  schema.real("alpha", 0.3, "weight of false positives", 0.0)
      .real("beta", 0.7, "weight of false negatives", 0.0);
  add_smooth(schema);
  add_include_background(schema);
}

ves::losses::TverskyOptions tversky_params(const Params& p) {
  return {p.get_double("alpha"), p.get_double("beta"), p.get_double("smooth"),
          p.get_bool("include_background")};
}

// ---------------------------------------------------------------------------------------------
// Components

class DiceLoss : public SegmentationLoss {
 public:
  explicit DiceLoss(const Params& p)
      : SegmentationLoss("dice", p),
        options_{p.get_double("smooth"), p.get_bool("batch_dice"),
                 p.get_bool("include_background")} {}

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    return ves::losses::soft_dice_loss(logits, target, options_);
  }

 private:
  ves::losses::DiceOptions options_;
};

class BceLoss : public SegmentationLoss {
 public:
  explicit BceLoss(const Params& p)
      : SegmentationLoss("bce", p, ChannelMode::Binary),
        pos_weight_(p.get_double("pos_weight")),
        top_k_(top_k_param(p)) {}

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    return ves::losses::binary_cross_entropy(logits, target, pos_weight_, top_k_);
  }

 private:
  double pos_weight_, top_k_;
};

class CeLoss : public SegmentationLoss {
 public:
  explicit CeLoss(const Params& p)
      : SegmentationLoss("ce", p, ChannelMode::MultiClass),
        class_weights_(p.get_doubles("class_weights")),
        top_k_(top_k_param(p)) {
    for (double w : class_weights_)
      if (w < 0) throw p.error("class_weights", "weights must not be negative");
  }

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    if (!class_weights_.empty() && static_cast<int64_t>(class_weights_.size()) != logits.size(1)) {
      throw ves::DataError("loss ce: class_weights has " + std::to_string(class_weights_.size()) +
                           " values but the logits have " + std::to_string(logits.size(1)) +
                           " classes; give one weight per class");
    }
    return ves::losses::cross_entropy(logits, target, class_weights_, top_k_);
  }

 private:
  std::vector<double> class_weights_;
  double top_k_;
};

class FocalLoss : public SegmentationLoss {
 public:
  explicit FocalLoss(const Params& p)
      : SegmentationLoss("focal", p), gamma_(p.get_double("gamma")), alpha_(p.get_double("alpha")) {
    if (alpha_ < 0 && alpha_ != -1.0)
      throw p.error("alpha", "must be in [0, 1], or -1 to disable the weighting");
  }

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    return ves::losses::focal_loss(logits, target, gamma_, alpha_);
  }

 private:
  double gamma_, alpha_;
};

class TverskyLoss : public SegmentationLoss {
 public:
  explicit TverskyLoss(const Params& p)
      : SegmentationLoss("tversky", p), options_(tversky_params(p)) {}

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    return ves::losses::tversky_loss(logits, target, options_);
  }

 private:
  ves::losses::TverskyOptions options_;
};

class FocalTverskyLoss : public SegmentationLoss {
 public:
  explicit FocalTverskyLoss(const Params& p)
      : SegmentationLoss("focal_tversky", p),
        options_(tversky_params(p)),
        gamma_(p.get_double("gamma")) {}

 protected:
  at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const override {
    return ves::losses::focal_tversky_loss(logits, target, options_, gamma_);
  }

 private:
  ves::losses::TverskyOptions options_;
  double gamma_;
};

// ---------------------------------------------------------------------------------------------
// Registration

template <class T>
void add_loss(ves::Registry& registry, const std::string& name, const std::string& doc,
              Schema schema) {
  ves::losses::add_common_params(schema);
  registry.add<ves::Loss>(name, doc, std::move(schema), [](const Params& p, const ves::Context&) {
    return std::make_unique<T>(p);
  });
}

void register_components(ves::Registry& registry) {
  Schema dice;
  add_smooth(dice);
  dice.flag("batch_dice", false,
            "sum over the whole batch (nnU-Net's batch Dice) instead of per sample then mean");
  add_include_background(dice);
  add_loss<DiceLoss>(registry, "dice",
                     "soft Dice: 1 - (2 sum(p g) + smooth) / (sum(p) + sum(g) + smooth), mean "
                     "over classes",
                     dice);

  Schema bce;
  bce.real("pos_weight", 1.0, "multiplies the loss of foreground voxels", 0.0);
  add_top_k(bce);
  add_loss<BceLoss>(registry, "bce", "binary cross-entropy with logits (1 channel)", bce);

  Schema ce;
  ce.reals("class_weights", std::vector<double>{},
           "one weight per class multiplying its voxels' loss; [] = all 1");
  add_top_k(ce);
  add_loss<CeLoss>(registry, "ce", "cross-entropy over C > 1 classes (softmax)", ce);

  Schema focal;
  focal.real("gamma", 2.0, "focusing exponent on (1 - p_t); 0 gives cross-entropy", 0.0)
      .real("alpha", 0.25,
            "weight of the foreground (background gets 1 - alpha); -1 disables the weighting", -1.0,
            1.0);
  add_loss<FocalLoss>(registry, "focal", "focal loss (Lin et al. 2017), binary or multi-class",
                      focal);

  Schema tversky;
  add_tversky(tversky);
  add_loss<TverskyLoss>(registry, "tversky",
                        "1 - TI, TI = (TP + smooth) / (TP + alpha FP + beta FN + smooth)", tversky);

  Schema focal_tversky;
  add_tversky(focal_tversky);
  focal_tversky.real("gamma", 0.75, "exponent on (1 - TI) (Abraham & Khan 2019)", 0.0);
  add_loss<FocalTverskyLoss>(registry, "focal_tversky", "focal Tversky loss (1 - TI)^gamma",
                             focal_tversky);

  registry.add<ves::Loss>(
      "reconstruction",
      "autoencoder reconstruction error: mean |recon - image| (l1) or squared (l2)",
      ves::losses::ReconstructionLoss::schema(), [](const Params& p, const ves::Context&) {
        return std::make_unique<ves::losses::ReconstructionLoss>(p);
      });
  registry.add<ves::Loss>(
      "model_term", "a scalar loss the model outputs itself, e.g. the VQ-VAE's vq_loss",
      ves::losses::ModelTermLoss::schema(), [](const Params& p, const ves::Context&) {
        return std::make_unique<ves::losses::ModelTermLoss>(p);
      });

  Schema compound;
  ves::losses::add_compound_params(compound);
  registry.add<ves::Loss>("compound", "weighted sum of loss terms declared in YAML", compound,
                          [](const Params& p, const ves::Context& context) {
                            return std::make_unique<ves::losses::CompoundLoss>(p, context);
                          });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Segmentation losses: Dice, BCE, CE, focal, Tversky, focal Tversky, top-k, compound "
           "sums and deep supervision",
           register_components)

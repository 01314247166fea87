#pragma once
// The base of every segmentation loss: common parameters, input checks, float32, deep
// supervision and the term's weight, so each loss only writes its maths for one resolution.
#include <string>

#include "ves/api/loss.hpp"
#include "ves/config/params.hpp"

namespace ves::losses {

/// Which logits a loss accepts: any, one channel only (binary) or several (multi-class).
enum class ChannelMode { Any, Binary, MultiClass };

/// Adds `output`, `target`, `weight` and `deep_supervision` to a loss's schema.
void add_common_params(config::Schema& schema);

class SegmentationLoss : public Loss {
 public:
  /// `name` is the component's type: the key of its term and the prefix of its messages.
  SegmentationLoss(std::string name, const config::Params& params,
                   ChannelMode mode = ChannelMode::Any);

  /// weight * sum over levels of level weight * loss(level); one term named after the type.
  LossResult compute(const TensorMap& outputs, const Batch& batch) const final;

 protected:
  /// The unweighted loss of float32 logits [B, C, ...] and a float32 target [B, 1, ...] on the
  /// same grid (class indices when C > 1, checked to lie in [0, C)); a 0-dim tensor.
  virtual at::Tensor loss(const at::Tensor& logits, const at::Tensor& target) const = 0;

 private:
  const at::Tensor& output_named(const TensorMap& outputs, const std::string& name) const;
  void check_shapes(const std::string& output, const at::Tensor& logits,
                    const at::Tensor& target) const;
  void check_classes(const at::Tensor& target, int64_t classes) const;

  std::string name_, output_, target_;
  double weight_;
  bool deep_supervision_;
  ChannelMode mode_;
};

}  // namespace ves::losses

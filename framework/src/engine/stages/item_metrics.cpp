// Item-level validation metrics: ranking areas, threshold sweeps by bucketed counts, histograms.
#include "item_metrics.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace ves::stages {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// For thresholds t_0 < ... < t_{m-1}: counts[j] of values >= t_j, from the per-bucket counts of
// bucketize(values, thresholds, right) (bucket k = number of thresholds <= value).
at::Tensor at_or_above(const at::Tensor& bucket_counts) {
  // suffix sums over buckets 1..m: values in bucket k pass thresholds 0..k-1
  const at::Tensor reversed = bucket_counts.flip(0).cumsum(0).flip(0);
  return reversed.narrow(0, 1, reversed.size(0) - 1);
}

at::Tensor bucket_counts(const at::Tensor& values, const at::Tensor& thresholds) {
  const at::Tensor buckets = at::bucketize(values, thresholds, /*out_int32=*/false, /*right=*/true);
  return at::bincount(buckets, {}, thresholds.size(0) + 1).to(at::kDouble);
}

at::Tensor bin_counts(const at::Tensor& probs, int64_t bins) {
  const at::Tensor index = (probs * static_cast<double>(bins))
                               .floor()
                               .clamp(0, static_cast<double>(bins - 1))
                               .to(at::kLong);
  return at::bincount(index, {}, bins);
}

std::vector<int64_t> as_vector(const at::Tensor& t) {
  const at::Tensor c = t.to(at::kLong).contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

}  // namespace

std::pair<double, double> ranking_scores(const at::Tensor& scores, const at::Tensor& truth) {
  const at::Tensor s = scores.reshape(-1).to(at::kDouble).cpu();
  const at::Tensor y = truth.reshape(-1).gt(0).to(at::kDouble).cpu();
  const double positives = y.sum().item<double>();
  const double negatives = static_cast<double>(y.numel()) - positives;
  if (y.numel() == 0 || positives == 0) return {kNaN, kNaN};
  const auto sorted = s.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true);
  const at::Tensor ordered = std::get<0>(sorted);
  const at::Tensor hits = y.index_select(0, std::get<1>(sorted)).cumsum(0);
  // The last item of each run of equal scores: one threshold per distinct score.
  const int64_t n = ordered.size(0);
  at::Tensor last = at::ones({n}, at::kBool);
  if (n > 1)
    last.narrow(0, 0, n - 1).copy_(ordered.narrow(0, 0, n - 1).ne(ordered.narrow(0, 1, n - 1)));
  const at::Tensor ends = last.nonzero().reshape(-1);
  const at::Tensor tps = hits.index_select(0, ends);
  const at::Tensor fps = (ends.to(at::kDouble) + 1) - tps;
  const at::Tensor precision = tps / (tps + fps);
  const at::Tensor recall = tps / positives;
  const at::Tensor recall_before =
      at::cat({at::zeros({1}, at::kDouble), recall.narrow(0, 0, recall.size(0) - 1)});
  const double ap = ((recall - recall_before) * precision).sum().item<double>();
  if (negatives == 0) return {ap, kNaN};
  const at::Tensor tpr = at::cat({at::zeros({1}, at::kDouble), tps / positives});
  const at::Tensor fpr = at::cat({at::zeros({1}, at::kDouble), fps / negatives});
  return {ap, at::trapz(tpr, fpr).item<double>()};
}

std::vector<double> threshold_range(double first, double last, int64_t count) {
  std::vector<double> out;
  if (count <= 1) return {first};
  for (int64_t i = 0; i < count; ++i)
    out.push_back(first + (last - first) * static_cast<double>(i) / static_cast<double>(count - 1));
  return out;
}

ItemMetrics::ItemMetrics(ItemMetricsOptions options) : options_(std::move(options)) {
  if (options_.thresholds.empty()) options_.thresholds = {0.5};
}

void ItemMetrics::add(const TensorMap& outputs, const Batch& batch) {
  const auto cls = outputs.find(options_.class_output);
  if (cls != outputs.end() && batch.has(options_.class_target) &&
      cls->second.numel() == batch.at(options_.class_target).numel()) {
    class_probs_.push_back(at::sigmoid(cls->second.detach().to(at::kCPU, at::kDouble)).reshape(-1));
    class_truth_.push_back(batch.at(options_.class_target).to(at::kCPU).reshape(-1).gt(0.5));
  }
  const auto seg = outputs.find(options_.seg_output);
  if (seg == outputs.end() || !batch.has(options_.label) || seg->second.size(1) != 1 ||
      seg->second.sizes() != batch.at(options_.label).sizes())
    return;
  const at::Tensor probs = at::sigmoid(seg->second.detach().to(at::kCPU, at::kDouble)).reshape(-1);
  const at::Tensor truth = batch.at(options_.label).to(at::kCPU).reshape(-1).gt(0);
  const at::Tensor thresholds = at::tensor(options_.thresholds, at::kDouble);
  const at::Tensor pos = probs.masked_select(truth), neg = probs.masked_select(truth.logical_not());
  const at::Tensor counts_pos = bucket_counts(pos, thresholds),
                   counts_neg = bucket_counts(neg, thresholds);
  const at::Tensor hist_pos = bin_counts(pos, options_.bins),
                   hist_neg = bin_counts(neg, options_.bins);
  if (!seen_seg_) {
    seg_positive_ = counts_pos;
    seg_negative_ = counts_neg;
    seg_hist_positive_ = hist_pos;
    seg_hist_negative_ = hist_neg;
    seen_seg_ = true;
  } else {
    seg_positive_ += counts_pos;
    seg_negative_ += counts_neg;
    seg_hist_positive_ += hist_pos;
    seg_hist_negative_ += hist_neg;
  }
  if (probs.numel() > 0) seg_prob_max_ = std::max(seg_prob_max_, probs.max().item<double>());
}

ScalarMap ItemMetrics::values() const {
  ScalarMap out;
  const at::Tensor thresholds = at::tensor(options_.thresholds, at::kDouble);
  if (!class_probs_.empty()) {
    const at::Tensor p = at::cat(class_probs_), y = at::cat(class_truth_);
    out["val_accuracy"] = p.ge(0.5).eq(y).to(at::kDouble).mean().item<double>();
    const auto [ap, roc] = ranking_scores(p, y);
    out["val_prauc"] = ap;
    out["val_rocauc"] = roc;
    out["val_class_prob_mean"] = p.mean().item<double>();
    // F1 at each threshold: TP = positives at or above it, FP = negatives at or above it.
    const at::Tensor tp = at_or_above(bucket_counts(p.masked_select(y), thresholds));
    const at::Tensor fp = at_or_above(bucket_counts(p.masked_select(y.logical_not()), thresholds));
    const double positives = y.sum().item<double>();
    const at::Tensor f1 = (2 * tp / (2 * tp + fp + (positives - tp))).nan_to_num(0.0);
    const int64_t best = f1.argmax().item<int64_t>();
    out["val_f1"] = f1[best].item<double>();
    out["val_f1_threshold"] = options_.thresholds[static_cast<size_t>(best)];
  }
  if (seen_seg_) {
    const at::Tensor tp = at_or_above(seg_positive_), fp = at_or_above(seg_negative_);
    const double positives = seg_positive_.sum().item<double>();
    const at::Tensor fn = positives - tp;
    // Both empty (no reference pixel, nothing predicted): perfect agreement.
    const at::Tensor dice =
        at::where(tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), at::ones_like(tp));
    const at::Tensor iou = at::where(tp + fp + fn > 0, tp / (tp + fp + fn), at::ones_like(tp));
    const int64_t best = dice.argmax().item<int64_t>();
    out["val_seg_dice"] = dice[best].item<double>();
    out["val_seg_iou"] = iou[best].item<double>();
    out["val_seg_threshold"] = options_.thresholds[static_cast<size_t>(best)];
    out["val_seg_prob_max"] = seg_prob_max_;
  }
  return out;
}

std::vector<HistogramRow> ItemMetrics::histograms() const {
  std::vector<HistogramRow> rows;
  if (!class_probs_.empty()) {
    const at::Tensor p = at::cat(class_probs_), y = at::cat(class_truth_);
    rows.push_back(
        {"class", 0, as_vector(bin_counts(p.masked_select(y.logical_not()), options_.bins))});
    rows.push_back({"class", 1, as_vector(bin_counts(p.masked_select(y), options_.bins))});
  }
  if (seen_seg_) {
    rows.push_back({"seg", 0, as_vector(seg_hist_negative_)});
    rows.push_back({"seg", 1, as_vector(seg_hist_positive_)});
  }
  return rows;
}

}  // namespace ves::stages

#pragma once
// Areas under precision-recall and ROC curves of scores against binary truth, as scikit-learn
// computes them (average_precision_score, auc of precision_recall_curve, roc_auc_score).
// Standard library only.
#include <cstdint>
#include <vector>

namespace ves::metrics {

/// One distinct score and how many positives and negatives carry it (weights may be counts).
struct ScoredCounts {
  double score = 0;
  double positives = 0;
  double negatives = 0;
};

/// Areas of one ranking; NaN where undefined (no positive, or for ROC no negative).
struct RankingAreas {
  double average_precision = 0;  ///< step-wise: sum over thresholds of (R_k - R_k-1) P_k
  double pr_auc_trapezoid = 0;   ///< trapezoids under precision(recall), sklearn's auc(R, P)
  double roc_auc = 0;            ///< trapezoids under TPR(FPR)
};

/// Areas from scores grouped by distinct value (any order; equal scores are merged, so ties are
/// one threshold as in scikit-learn).
RankingAreas ranking_areas(std::vector<ScoredCounts> points);

/// Areas of `scores` against `positive` (same length; true = positive case).
RankingAreas ranking_areas(const std::vector<double>& scores, const std::vector<bool>& positive);

/// Counts of voxels per score bin, positives and negatives apart: a pooled voxel-level ranking
/// that adds up over cases in constant memory. Scores are clamped to [lo, hi] (default the
/// probabilities' [0, 1]) and rounded to (hi - lo) / (bins - 1) (default 1e-4); NaN counts as lo.
class ScoreHistogram {
 public:
  explicit ScoreHistogram(int64_t bins = 10001, double lo = 0.0, double hi = 1.0);
  /// Adds `n` voxels: probability `scores[i]`, positive when `truth[i]` is nonzero.
  void add(const float* scores, const uint8_t* truth, int64_t n);
  /// Adds another histogram of the same bin count.
  void merge(const ScoreHistogram& other);
  /// Areas of the pooled ranking.
  RankingAreas areas() const;
  int64_t bins() const { return static_cast<int64_t>(positives_.size()); }
  /// Per-bin counts, for transport (CaseMetrics::series) and rebuilding with from_counts.
  const std::vector<double>& positives() const { return positives_; }
  const std::vector<double>& negatives() const { return negatives_; }
  /// A histogram from per-bin counts of equal length (std::invalid_argument otherwise).
  static ScoreHistogram from_counts(std::vector<double> positives, std::vector<double> negatives);

 private:
  std::vector<double> positives_;
  std::vector<double> negatives_;
  double lo_ = 0.0, hi_ = 1.0;
};

}  // namespace ves::metrics

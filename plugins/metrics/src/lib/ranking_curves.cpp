#include "lib/ranking_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ves::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

RankingAreas ranking_areas(std::vector<ScoredCounts> points) {
  // Highest score first; each distinct score is one threshold "score >= s".
  std::sort(points.begin(), points.end(),
            [](const ScoredCounts& a, const ScoredCounts& b) { return a.score > b.score; });
  std::vector<ScoredCounts> merged;
  for (const auto& p : points) {
    if (p.positives == 0 && p.negatives == 0) continue;
    if (!merged.empty() && merged.back().score == p.score) {
      merged.back().positives += p.positives;
      merged.back().negatives += p.negatives;
    } else {
      merged.push_back(p);
    }
  }
  double total_pos = 0, total_neg = 0;
  for (const auto& p : merged) {
    total_pos += p.positives;
    total_neg += p.negatives;
  }
  RankingAreas areas{kNaN, kNaN, kNaN};
  if (total_pos <= 0) return areas;

  // Precision-recall: sklearn starts the curve at recall 0 with precision 1.
  double tp = 0, fp = 0, ap = 0, trapezoid = 0, last_recall = 0, last_precision = 1;
  // ROC: from (0, 0).
  double roc = 0, last_tpr = 0, last_fpr = 0;
  for (const auto& p : merged) {
    tp += p.positives;
    fp += p.negatives;
    const double recall = tp / total_pos;
    const double precision = tp / (tp + fp);
    ap += (recall - last_recall) * precision;
    trapezoid += (recall - last_recall) * (precision + last_precision) / 2.0;
    last_recall = recall;
    last_precision = precision;
    if (total_neg > 0) {
      const double tpr = recall, fpr = fp / total_neg;
      roc += (fpr - last_fpr) * (tpr + last_tpr) / 2.0;
      last_tpr = tpr;
      last_fpr = fpr;
    }
  }
  areas.average_precision = ap;
  areas.pr_auc_trapezoid = trapezoid;
  if (total_neg > 0) areas.roc_auc = roc;
  return areas;
}

RankingAreas ranking_areas(const std::vector<double>& scores, const std::vector<bool>& positive) {
  if (scores.size() != positive.size())
    throw std::invalid_argument("ranking_areas: " + std::to_string(scores.size()) + " scores but " +
                                std::to_string(positive.size()) + " labels");
  std::vector<ScoredCounts> points;
  points.reserve(scores.size());
  for (size_t i = 0; i < scores.size(); ++i)
    points.push_back({scores[i], positive[i] ? 1.0 : 0.0, positive[i] ? 0.0 : 1.0});
  return ranking_areas(std::move(points));
}

ScoreHistogram::ScoreHistogram(int64_t bins, double lo, double hi) : lo_(lo), hi_(hi) {
  if (bins < 2) throw std::invalid_argument("a score histogram needs at least 2 bins");
  if (!(hi > lo)) throw std::invalid_argument("a score histogram needs hi > lo");
  positives_.assign(static_cast<size_t>(bins), 0.0);
  negatives_.assign(static_cast<size_t>(bins), 0.0);
}

void ScoreHistogram::add(const float* scores, const uint8_t* truth, int64_t n) {
  const double top = static_cast<double>(bins() - 1);
  const double width = hi_ - lo_;
  for (int64_t i = 0; i < n; ++i) {
    double s = (static_cast<double>(scores[i]) - lo_) / width;
    if (!(s >= 0)) s = 0;  // NaN too
    const auto bin = static_cast<size_t>(std::lround(std::min(s, 1.0) * top));
    (truth[i] ? positives_ : negatives_)[bin] += 1.0;
  }
}

void ScoreHistogram::merge(const ScoreHistogram& other) {
  if (other.bins() != bins())
    throw std::invalid_argument("cannot merge score histograms of " + std::to_string(other.bins()) +
                                " and " + std::to_string(bins()) + " bins");
  for (size_t i = 0; i < positives_.size(); ++i) {
    positives_[i] += other.positives_[i];
    negatives_[i] += other.negatives_[i];
  }
}

RankingAreas ScoreHistogram::areas() const {
  std::vector<ScoredCounts> points;
  const double top = static_cast<double>(bins() - 1);
  for (size_t i = 0; i < positives_.size(); ++i)
    points.push_back({static_cast<double>(i) / top, positives_[i], negatives_[i]});
  return ranking_areas(std::move(points));
}

ScoreHistogram ScoreHistogram::from_counts(std::vector<double> positives,
                                           std::vector<double> negatives) {
  if (positives.size() != negatives.size() || positives.size() < 2)
    throw std::invalid_argument("a score histogram needs equal positive and negative bin counts");
  ScoreHistogram h(static_cast<int64_t>(positives.size()));
  h.positives_ = std::move(positives);
  h.negatives_ = std::move(negatives);
  return h;
}

}  // namespace ves::metrics

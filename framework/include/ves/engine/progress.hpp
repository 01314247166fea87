#pragma once
// Progress reporting: a bar with rate and ETA on a terminal, plain log lines otherwise.
#include <chrono>
#include <cstdint>
#include <string>

namespace ves {

class Progress {
 public:
  /// `total` steps of `label`; draws on stderr when it is a terminal, else logs every ~10%.
  Progress(std::string label, int64_t total, std::string unit = "it");
  ~Progress();
  /// Advances by `n` steps; `note` (e.g. "loss 0.31") is shown beside the bar.
  void advance(int64_t n = 1, const std::string& note = {});
  /// Changes the number of steps (e.g. once a sampler has said how many batches an epoch has).
  void set_total(int64_t total) { total_ = total; }
  /// Steps done so far.
  int64_t done() const { return done_; }
  /// Completes the bar (prints the final line).
  void finish(const std::string& note = {});
  /// "[#####.....] 50/100 it 12.3 it/s ETA 0:04" for the current state (used in tests too).
  std::string render(int width = 30) const;
  /// Forces terminal or plain mode (tests); default detects isatty(stderr) and CI=true.
  static void set_interactive(bool interactive);

 private:
  std::string label_, unit_, note_;
  int64_t total_, done_ = 0;
  int last_logged_decile_ = -1;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ves

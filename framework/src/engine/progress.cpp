// Progress bars: redrawn in place on a terminal, a log line per 10% elsewhere (logs, CI).
#include "ves/engine/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "ves/core/log.hpp"

namespace ves {

namespace {
std::atomic<int> forced_mode{-1};  // -1 detect, 0 plain, 1 interactive

bool interactive() {
  if (forced_mode >= 0) return forced_mode == 1;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") return false;
  return isatty(fileno(stderr)) != 0;
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  const auto s = static_cast<int64_t>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}
}  // namespace

void Progress::set_interactive(bool on) {
  forced_mode = on ? 1 : 0;
}

Progress::Progress(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (!finished_ && done_ > 0 && interactive()) std::fputc('\n', stderr);
}

std::string Progress::render(int width) const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  const double fraction =
      total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 0.0;
  const int filled = static_cast<int>(fraction * width + 1e-9);
  std::string bar(static_cast<size_t>(std::min(filled, width)), '#');
  bar += std::string(static_cast<size_t>(width - std::min(filled, width)), '.');
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : -1.0;
  std::string line = fmt::format("{} [{}] {}/{} {} {:.1f} {}/s elapsed {} ETA {}", label_, bar,
                                 done_, total_, unit_, rate, unit_, clock_text(elapsed),
                                 done_ >= total_ ? "0:00" : clock_text(eta));
  if (!note_.empty()) line += "  " + note_;
  return line;
}

void Progress::advance(int64_t n, const std::string& note) {
  done_ += n;
  if (!note.empty()) note_ = note;
  const auto now = std::chrono::steady_clock::now();
  if (interactive()) {
    if (now - last_draw_ > std::chrono::milliseconds(100) || done_ >= total_) {
      std::fprintf(stderr, "\r\033[K%s", render().c_str());
      std::fflush(stderr);
      last_draw_ = now;
    }
    return;
  }
  const int decile = total_ > 0 ? static_cast<int>(10 * done_ / total_) : 10;
  if (decile > last_logged_decile_ && decile < 10) {
    last_logged_decile_ = decile;
    if (done_ > 0) log().info("{}", render(20));
  }
}

void Progress::finish(const std::string& note) {
  if (finished_) return;
  finished_ = true;
  if (!note.empty()) note_ = note;
  if (interactive()) {
    std::fprintf(stderr, "\r\033[K%s\n", render().c_str());
    std::fflush(stderr);
  } else {
    log().info("{}", render(20));
  }
}

}  // namespace ves

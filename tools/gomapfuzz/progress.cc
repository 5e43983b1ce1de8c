#include "progress.h"

#include <unistd.h>

#include <cinttypes>
#include <cstdio>

namespace gomapfuzz::cli {
namespace {

double seconds_between(std::chrono::steady_clock::time_point a,
                       std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string duration_text(double s) {
  char buf[32];
  if (s < 100) {
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  } else if (s < 6000) {
    std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  }
  return buf;
}

}  // namespace

Progress::Progress(std::string label, std::string what, uint64_t total,
                   bool quiet)
    : label_(std::move(label)),
      what_(std::move(what)),
      total_(total),
      enabled_(!quiet && isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { clear(); }

std::string Progress::line(const std::string& label, const std::string& what,
                           uint64_t done, uint64_t total, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  char buf[160];
  if (total == 0) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " %s, %.0f/s", done, what.c_str(),
                  rate);
    return label + ": " + buf;
  }
  std::snprintf(buf, sizeof buf, "%" PRIu64 "/%" PRIu64 " %s (%.0f%%), %.0f/s",
                done, total, what.c_str(), 100.0 * done / total, rate);
  std::string out = label + ": " + buf;
  if (rate > 0 && done < total) {
    out += ", " + duration_text((total - done) / rate) + " left";
  }
  return out;
}

void Progress::update(uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && seconds_between(last_, now) < kRedrawSeconds) return;
  last_ = now;
  const std::string l =
      line(label_, what_, done, total_, seconds_between(start_, now));
  std::fprintf(stderr, "\r\033[K%s", l.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::restart(std::string label, std::string what, uint64_t total) {
  label_ = std::move(label);
  what_ = std::move(what);
  total_ = total;
  start_ = last_ = std::chrono::steady_clock::now();
  drawn_ = false;  // redraw at once
}

void Progress::clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace gomapfuzz::cli

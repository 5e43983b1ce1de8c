// Progress of a long run, for people watching a terminal: one line on
// stderr, rewritten in place, with done/total, the rate and the time left.
// Quiet when stderr is not a terminal (CI logs keep only the results) or
// with --quiet; every command that can run for more than a couple of
// seconds shows one.
#ifndef GOMAPFUZZ_TOOLS_PROGRESS_H_
#define GOMAPFUZZ_TOOLS_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace gomapfuzz::cli {

class Progress {
 public:
  // `what` names the units ("traces", "fault points"); total 0: unknown.
  Progress(std::string label, std::string what, uint64_t total, bool quiet);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` units finished; redraws at most every kRedrawSeconds.
  void update(uint64_t done);
  void set_total(uint64_t total) { total_ = total; }
  // The same line for another stage: new label, units and total, and the
  // rate measured afresh.
  void restart(std::string label, std::string what, uint64_t total);
  bool shown() const { return enabled_; }

  // The line update() draws, for tests.
  static std::string line(const std::string& label, const std::string& what,
                          uint64_t done, uint64_t total, double seconds);

 private:
  // Often enough to look alive, rarely enough to cost nothing.
  static constexpr double kRedrawSeconds = 0.25;

  void clear();

  std::string label_, what_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_PROGRESS_H_

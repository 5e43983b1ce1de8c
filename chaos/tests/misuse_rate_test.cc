// The unsynchronized-writer experiment (misuse_experiment.h): threads race
// on one raw map in a forked child; mapcore's Go-style check is best
// effort, so these tests assert what must hold over many runs, and print
// the rates (the figures in chaos/README.md come from longer runs of
// `gomapfuzz chaos --scenario misuse --runs N`).
//
// Not built for ThreadSanitizer: the children race on purpose.
#include <gtest/gtest.h>

#include <iostream>

#include "gomapfuzz/chaos/misuse_experiment.h"

namespace gomapfuzz::chaos {
namespace {

// Enough runs that a check which works at all shows up in several; few
// enough for the ctest budget (a run is a fork and ~20k ops per thread).
constexpr uint64_t kRuns = 30;

// With yields inside the hash (hence inside writes that evacuate), the
// other thread keeps finding the flag set: most runs end in a report.
TEST(MisuseRate, WidenedWriteWindowIsDetectedInMostRuns) {
  MisuseOptions o;
  o.seed = 1;
  o.hash_yield_probability = 0.05;
  const MisuseTally t = measure_misuse_rate(o, kRuns);
  std::cout << "widened window: " << t.summary()
            << "\nreproduce one: gomapfuzz chaos --scenario misuse --seed 1 "
               "--threads 2 --ops 20000 --hash-yield 0.05\n";
  EXPECT_EQ(t.runs, kRuns);
  EXPECT_GE(t.detected, kRuns / 2) << t.summary();
  EXPECT_EQ(t.hung, 0u) << t.summary();
}

// The plain race, as in Go: best effort. At least one report in the runs
// (on two cores the threads overlap for milliseconds), and every report
// names a real kind.
TEST(MisuseRate, PlainRaceIsDetectedBestEffort) {
  MisuseOptions o;
  o.seed = 1000;
  const MisuseTally t = measure_misuse_rate(o, kRuns);
  std::cout << "plain race: " << t.summary()
            << "\nreproduce one: gomapfuzz chaos --scenario misuse --seed "
               "1000 --threads 2 --ops 20000\n";
  EXPECT_GE(t.detected, 1u) << t.summary();
  EXPECT_EQ(t.by_kind[0] + t.by_kind[1] + t.by_kind[2], t.detected);
}

// No report without misuse: one thread alone never trips the check, in the
// same child, workload and arena.
TEST(MisuseRate, ASingleThreadIsNeverReported) {
  MisuseOptions o;
  o.seed = 7;
  o.threads = 1;
  o.hash_yield_probability = 0.05;
  const MisuseTally t = measure_misuse_rate(o, 5);
  EXPECT_EQ(t.undetected, t.runs) << t.summary();
}

}  // namespace
}  // namespace gomapfuzz::chaos

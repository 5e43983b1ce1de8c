// --hash-lib plugins that abort, segfault or hang (bad_plugin.cc) become one
// finding naming the signal or the hang, the key and the unit of work, and
// a well-behaved plugin gives in the sandbox what it gives in-process.
#include "gomapfuzz/spread/sandboxed_battery.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace gomapfuzz::spread {
namespace {

SandboxedBatteryOptions quick_geometry(const std::string& lib,
                                       double timeout = 10) {
  SandboxedBatteryOptions o;
  o.library = lib;
  o.timeout_seconds = timeout;
  o.battery.full = false;
  o.battery.jobs = 2;  // the other thread is hashing when the bad key comes
  o.battery.smhasher = o.battery.throughput = false;
  return o;
}

// The verdicts, without the timings, which differ from run to run.
int print_rows(const Battery& b, std::ostream& out, std::ostream&) {
  for (const Section& s : b.report.sections) {
    for (const Row& r : s.rows) {
      out << r.test << " " << r.keys << " " << verdict_name(r.verdict) << " "
          << r.statistic << "\n";
    }
  }
  return b.report.all_pass() ? 0 : 1;
}

void expect_finding(const SandboxedBattery& r, const std::string& lib,
                    const std::string& what) {
  ASSERT_EQ(r.end, SandboxedBattery::End::kPluginFailed) << r.error;
  const std::regex expected(
      std::regex_replace(lib, std::regex(R"([.+])"), R"(\$&)") +
      ": hash\\(\\) " + what +
      R"( on key d204000000000000 \(8 bytes, seed 0x[0-9a-f]+\) in geometry/seq-int)");
  EXPECT_TRUE(std::regex_match(r.error, expected)) << r.error;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(SandboxedBattery, AbortingPluginIsOneFinding) {
  const std::string lib = SPREAD_BAD_PLUGIN_ABORT;
  expect_finding(run_battery_sandboxed(quick_geometry(lib), print_rows), lib,
                 "killed by SIGABRT");
}

TEST(SandboxedBattery, SegfaultingPluginIsOneFinding) {
  const std::string lib = SPREAD_BAD_PLUGIN_NULL;
  expect_finding(run_battery_sandboxed(quick_geometry(lib), print_rows), lib,
                 "killed by SIGSEGV");
}

TEST(SandboxedBattery, HangingPluginIsKilledAfterTheTimeout) {
  const std::string lib = SPREAD_BAD_PLUGIN_HANG;
  expect_finding(run_battery_sandboxed(quick_geometry(lib, 1), print_rows), lib,
                 "hung for more than 1 s");
}

TEST(SandboxedBattery, GoodPluginGivesWhatItGivesInProcess) {
  const SandboxedBatteryOptions o = quick_geometry(SPREAD_EXAMPLE_PLUGIN);
  std::vector<BatteryStep> steps;
  const SandboxedBattery r = run_battery_sandboxed(
      o, print_rows, [&](const BatteryStep& s) { steps.push_back(s); });
  ASSERT_EQ(r.end, SandboxedBattery::End::kFinished) << r.error;
  EXPECT_EQ(r.exit_code, 0);

  std::ostringstream in_process, ignored;
  print_rows(run_battery(load_hash_library(SPREAD_EXAMPLE_PLUGIN), o.battery),
             in_process, ignored);
  EXPECT_EQ(r.out, in_process.str());

  ASSERT_EQ(steps.size(), o.battery.families.size());
  EXPECT_EQ(steps.back().done, steps.back().total);
  for (const BatteryStep& s : steps) {
    EXPECT_EQ(s.section, "geometry");
    EXPECT_TRUE(s.finished);
  }
}

TEST(SandboxedBattery, MissingLibraryIsALoadError) {
  const SandboxedBattery r =
      run_battery_sandboxed(quick_geometry("/nonexistent/libx.so"), print_rows);
  ASSERT_EQ(r.end, SandboxedBattery::End::kLoadError) << r.error;
  EXPECT_NE(r.error.find("/nonexistent/libx.so"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace gomapfuzz::spread

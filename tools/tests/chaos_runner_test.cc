// gomapfuzz chaos end to end (run_chaos is what the CLI runs): bad input is
// a one-line error and exit 2; a failure is exit 1 and a saved trace that
// carries its fault plan, so `gomapfuzz repro` and `gomapfuzz minimize`
// take it as it is.
#include "chaos_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gomapfuzz/harness/fuzz_decode.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::cli {
namespace {

namespace fs = std::filesystem;

class ChaosRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("chaos_runner_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  static std::string read(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

TEST_F(ChaosRunner, UnknownScenarioAndUnreadableTraceAreBadInput) {
  std::ostringstream out;
  ChaosOptions o;
  o.scenario = "nope";
  EXPECT_EQ(run_chaos(o, out), 2);
  EXPECT_NE(out.str().find("unknown scenario"), std::string::npos);
  o.scenario = "sweep";
  o.traces = {(dir_ / "missing.txt").string()};
  std::ostringstream out2;
  EXPECT_EQ(run_chaos(o, out2), 2);
  EXPECT_NE(out2.str().find("missing.txt"), std::string::npos);
}

TEST_F(ChaosRunner, ASweepFailureIsSavedWithItsFaultPlan) {
  ChaosOptions o;
  o.scenario = "sweep";
  o.traces = {write("tiny.txt", "gomapfuzz-trace 1\nput 1 1\nput 2 2\n")};
  o.fail_at = 1000;  // never reached: reported as a failure
  o.save_dir = (dir_ / "saved").string();
  std::ostringstream out;
  EXPECT_EQ(run_chaos(o, out), 1) << out.str();
  const fs::path saved = dir_ / "saved" / "sweep_tiny_k1000.txt";
  ASSERT_TRUE(fs::exists(saved)) << out.str();
  const std::string text = read(saved);
  const auto plan = find_fault_comment(text);
  ASSERT_TRUE(plan.has_value()) << text;
  EXPECT_EQ(plan->fail_at, (std::vector<uint64_t>{1000}));
  EXPECT_EQ(parse_trace(text).ops.size(), 2u);
  EXPECT_NE(text.find("--fail-at 1000"), std::string::npos);
}

TEST_F(ChaosRunner, EveryRunPrintsItsSeedAndReproduceCommand) {
  ChaosOptions o;
  o.scenario = "sharded";
  o.seed = 42;
  o.runs = 2;
  o.threads = 3;
  o.ops = 50;
  std::ostringstream out;
  EXPECT_EQ(run_chaos(o, out), 0) << out.str();
  EXPECT_NE(out.str().find("seed 43: "), std::string::npos);
  EXPECT_NE(out.str().find("gomapfuzz chaos --scenario sharded --seed 43 "
                           "--ops 50 --threads 3 --keys 6"),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace gomapfuzz::cli

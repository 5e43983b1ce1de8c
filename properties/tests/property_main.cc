// The property suite's main(): seeds, budgets, and saving failing traces.
//
// Seeds. Every run is reproducible and prints how: RapidCheck reads its
// parameters from RC_PARAMS. ctest sets a fixed seed (CMakeLists.txt); a
// run without one gets kDefaultSeed, so running the binary by hand does
// what CI does. RapidCheck prints "Using configuration: seed=..." and, for a
// failure, the RC_PARAMS="reproduce=..." string that reruns the shrunk case.
//
// Campaigns. GOMAPFUZZ_PROPERTY_CAMPAIGN=1 runs every property with
// kCampaignSuccesses cases (=N: N cases) and larger cases, from a random
// seed (GOMAPFUZZ_PROPERTY_SEED=S to repeat one), printed with the command
// that repeats it.
//
// Regressions. GOMAPFUZZ_SAVE_REGRESSIONS=1 writes the shrunk trace of each
// failing property into corpus/regressions/ (=DIR: into DIR), with comments
// saying what broke and how to reproduce it; ctest then replays it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "gomapfuzz/properties/regression.h"
#include "mapcore/misuse.h"
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

constexpr uint64_t kDefaultSeed = 20190801;  // Go 1.19's map.go vintage
constexpr int kCampaignSuccesses = 2000;     // ~20x the CI budget
constexpr int kCampaignMaxSize = 200;        // RapidCheck's default is 100

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Removes `key=value` from a RC_PARAMS string.
std::string without_param(const std::string& params, const std::string& key) {
  std::string out;
  std::size_t i = 0;
  while (i < params.size()) {
    std::size_t j = params.find(' ', i);
    if (j == std::string::npos) j = params.size();
    const std::string item = params.substr(i, j - i);
    if (!item.empty() && item.rfind(key + "=", 0) != 0) {
      out += (out.empty() ? "" : " ") + item;
    }
    i = j + 1;
  }
  return out;
}

// Sets RC_PARAMS for this run; returns a line saying how to repeat it.
std::string configure_seed(const std::string& argv0) {
  std::string params = env("RC_PARAMS");
  const std::string campaign = env("GOMAPFUZZ_PROPERTY_CAMPAIGN");
  if (!campaign.empty() && campaign != "0") {
    int successes = std::atoi(campaign.c_str());
    if (successes <= 1) successes = kCampaignSuccesses;
    uint64_t seed = std::random_device{}();
    seed = seed << 32 | std::random_device{}();
    if (!env("GOMAPFUZZ_PROPERTY_SEED").empty()) {
      seed = std::strtoull(env("GOMAPFUZZ_PROPERTY_SEED").c_str(), nullptr, 0);
    }
    for (const char* k : {"seed", "max_success", "max_size"}) {
      params = without_param(params, k);
    }
    params += (params.empty() ? "" : " ") + std::string("seed=") +
              std::to_string(seed) +
              " max_success=" + std::to_string(successes) +
              " max_size=" + std::to_string(kCampaignMaxSize);
    setenv("RC_PARAMS", params.c_str(), 1);
    return "properties: campaign, RC_PARAMS=\"" + params +
           "\"; repeat with: GOMAPFUZZ_PROPERTY_CAMPAIGN=" +
           std::to_string(successes) +
           " GOMAPFUZZ_PROPERTY_SEED=" + std::to_string(seed) + " " + argv0;
  }
  if (params.find("seed=") == std::string::npos &&
      params.find("reproduce=") == std::string::npos) {
    params += (params.empty() ? "" : " ") + std::string("seed=") +
              std::to_string(kDefaultSeed);
    setenv("RC_PARAMS", params.c_str(), 1);
  }
  return "properties: RC_PARAMS=\"" + params + "\"; repeat with: RC_PARAMS=\"" +
         params + "\" " + argv0 + " [--gtest_filter=Suite.Test]";
}

// Prints, and on request saves, the shrunk trace of a failing property.
class RegressionSaver : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override { forget_failure(); }

  void OnTestEnd(const testing::TestInfo& info) override {
    if (!info.result()->Failed()) return;
    const auto f = last_failure();
    if (!f) return;
    const std::string name =
        std::string(info.test_suite_name()) + "." + info.name();
    std::string dir = env("GOMAPFUZZ_SAVE_REGRESSIONS");
    if (dir.empty() || dir == "0") {
      std::cerr << "properties: " << name
                << " failed; GOMAPFUZZ_SAVE_REGRESSIONS=1 saves its shrunk "
                   "trace into corpus/regressions/\n";
      return;
    }
    if (dir == "1") dir = std::string(GOMAPFUZZ_CORPUS_DIR) + "/regressions";
    try {
      const std::string path = save_regression(
          f->trace, dir, "prop_" + name,
          {"Found by the property " + name + " (RapidCheck, shrunk).",
           f->reason.substr(0, f->reason.find('\n')),
           "Rerun the property's shrunk case: RC_PARAMS=\"" + f->reproduce +
               "\" properties_tests --gtest_filter=" + name,
           "Check the laws on this trace: gomapfuzz laws THIS_FILE"});
      std::cerr << "properties: saved the shrunk trace of " << name << " to "
                << path << "\n";
    } catch (const std::exception& e) {
      std::cerr << "properties: could not save the trace of " << name << ": "
                << e.what() << "\n";
    }
  }
};

}  // namespace
}  // namespace gomapfuzz::props

int main(int argc, char** argv) {
  using namespace gomapfuzz::props;
  mapcore::set_misuse_handler(&mapcore::throw_on_misuse);
  testing::InitGoogleTest(&argc, argv);
  if (!GTEST_FLAG_GET(list_tests)) {
    // stderr: gtest_discover_tests parses stdout of --gtest_list_tests.
    std::cerr << configure_seed(argv[0]) << "\n";
    testing::UnitTest::GetInstance()->listeners().Append(new RegressionSaver());
  }
  return RUN_ALL_TESTS();
}

// Every trace in the corpus keeps every law: a trace saved by a failing
// property (corpus/regressions/) re-checks the law it broke, and the
// hand-written traces (corpus/traces/) hold the laws as stated.
#include <filesystem>

#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

void check_folder(const std::string& folder) {
  const std::filesystem::path dir =
      std::filesystem::path(GOMAPFUZZ_CORPUS_DIR) / folder;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    const Trace t = read_trace_file(entry.path().string());
    if (!laws_support(t.types)) continue;  // bytesN values
    const LawReport r = check_laws(t);
    EXPECT_TRUE(r.ok()) << entry.path() << ": " << r.violation->what();
    ++checked;
  }
  std::cout << folder << ": " << checked << " traces checked\n";
  EXPECT_GT(checked, 0);
}

TEST(Corpus, EveryRegressionTraceKeepsEveryLaw) { check_folder("regressions"); }
TEST(Corpus, EveryHandWrittenTraceKeepsEveryLaw) { check_folder("traces"); }

}  // namespace
}  // namespace gomapfuzz::props

// What the battery reports: one Row per (test, key set), each a PASS/FAIL
// verdict with the worst statistic seen, the threshold it was held to and
// where the worst case was; throughput rows are INFO (measured, not judged).
//
// A row aggregates many configurations (map sizes, load factors, bit
// windows); it fails when any one of them crosses the threshold. The
// threshold of p-value tests is a per-configuration alpha derived from a
// family-wise alpha by Bonferroni (Section::alpha_per_test), so an ideal
// random hash fails any row of a section with probability below the
// family-wise alpha.
#ifndef GOMAPFUZZ_SPREAD_RESULTS_H_
#define GOMAPFUZZ_SPREAD_RESULTS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace gomapfuzz::spread {

enum class Verdict { kPass, kFail, kInfo };
const char* verdict_name(Verdict v);

struct Row {
  std::string test;  // "bucket-chi2", "sparse/coll64", ...
  std::string keys;  // key family or key set ("seq-int", "32 bits, <= 6 set")
  Verdict verdict = Verdict::kPass;
  std::string statistic;  // the worst case: "p=3.1e-09 (chi2=1450.2, df=1023)"
  std::string threshold;  // "p >= 2.6e-07"
  std::string where;      // "B=10 load=6.5"
  double worst_p = 1;     // for p-value tests; 1 when not applicable
  uint64_t configs = 0;   // configurations aggregated
  uint64_t failed = 0;    // ... of which crossed the threshold
};

struct Section {
  std::string name;    // "Go geometry", "SMHasher-style", "throughput"
  std::string header;  // what was run, the alpha, sizes
  std::vector<Row> rows;
  // Why each test's threshold is what it is: test name -> one paragraph.
  std::vector<std::pair<std::string, std::string>> why;
  double seconds = 0;  // wall time of the section
};

struct BatteryReport {
  std::string hash_name;
  std::string hash_description;
  uint64_t seed = 0;
  std::string mode;  // "full" or "quick"
  std::vector<Section> sections;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // user + system time of all threads

  bool all_pass() const;
  // The row for (test, keys), or nullptr.
  const Row* find(const std::string& test, const std::string& keys) const;
};

// The text table: one block per section, then the reasons for thresholds.
void print_report(std::ostream& os, const BatteryReport& r);

// Formatting helpers shared by the sections.
std::string fmt_p(double p);  // "3.1e-09", "0.42"
std::string fmt_num(double v, int precision = 4);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_RESULTS_H_

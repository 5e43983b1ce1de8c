// The RapidCheck side of the property suite: trace generators over
// RcChoices (gomapfuzz/properties/rc_choices.h: harness's draw_key/draw_op/
// draw_hasher driven by RapidCheck, so they generate, and RapidCheck
// shrinks, the same vocabulary of ops every other suite uses), and failure
// reporting in the project's trace format.
//
// Every failure goes through fail_with_trace(): it fails the RapidCheck case
// with the reason and the failing trace as text (RapidCheck prints the
// message of the final, shrunk case together with its reproduce string),
// and remembers that trace so the test's end can save it into
// corpus/regressions/ (property_main.cc, GOMAPFUZZ_SAVE_REGRESSIONS).
#ifndef GOMAPFUZZ_PROPERTIES_TESTS_RC_SUPPORT_H_
#define GOMAPFUZZ_PROPERTIES_TESTS_RC_SUPPORT_H_

// clang-format off: gtest.h must come before rapidcheck/gtest.h
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
// clang-format on

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/properties/law_runner.h"
#include "gomapfuzz/properties/laws.h"
#include "gomapfuzz/properties/map_under_test.h"
#include "gomapfuzz/properties/rc_choices.h"

namespace gomapfuzz {

// How RapidCheck prints a generated trace in a counterexample.
void showValue(const Trace& t, std::ostream& os);
void showValue(const Op& op, std::ostream& os);

namespace props {

// A ChoiceSource that answers its first integer() with `first`, then defers
// to `inner`: draw_hasher with a given family, its parameter still drawn.
template <ChoiceSource S>
class FirstChoiceForced {
 public:
  FirstChoiceForced(S& inner, uint64_t first) : inner_(inner), first_(first) {}
  uint64_t integer(uint64_t lo, uint64_t hi) {
    if (first_) return std::exchange(first_, std::nullopt).value();
    return inner_.integer(lo, hi);
  }
  std::string bytes(std::size_t n) { return inner_.bytes(n); }
  bool exhausted() const { return inner_.exhausted(); }

 private:
  S& inner_;
  std::optional<uint64_t> first_;
};

// What random traces are made of. Weights are relative.
struct OpMix {
  unsigned single = 80;         // one op from harness's draw_op
  unsigned fill = 12;           // a burst of fresh inserts (op_bursts.h)
  unsigned churn = 8;           // a sliding window of fresh keys (op_bursts.h)
  unsigned capacity_churn = 0;  // make 0, then churn at a small B's capacity
  uint64_t max_burst = 100;
  bool clears_and_makes = true;  // false: draw_op's clear/make become gets
  bool iterators = true;
};

// A header (key type from `keys`, hasher of `family` or any, seed), no ops.
rc::Gen<Trace> gen_header(std::vector<KeyType> keys,
                          std::optional<mapcore::HashFamily> family = {});
// A header and a sequence of chunks drawn from `mix`.
rc::Gen<Trace> gen_trace(std::vector<KeyType> keys, OpMix mix = {});
// Ops drawn from `mix` for a map of `type` keys.
rc::Gen<std::vector<Op>> gen_ops(KeyType type, OpMix mix);
// A map of some keys, three iterators opened on it, then ops (fills that
// make it grow, deletes, puts) interleaved with iterator steps, and every
// iterator run to its end. No clear while they are open.
rc::Gen<Trace> gen_iteration_trace();

// Runs `trace` through the laws; a broken law fails the case.
LawReport check_trace(const Trace& trace, const LawOptions& options);

// Fails the current RapidCheck case with `reason` and `trace` printed.
[[noreturn]] void fail_with_trace(const std::string& reason,
                                  const Trace& trace);

// Calls f.template operator()<K>() with K the map key type of `t`.
template <class F>
void with_key_type(KeyType t, F&& f) {
  switch (t) {
    case KeyType::kUint64:
      return f.template operator()<uint64_t>();
    case KeyType::kString:
      return f.template operator()<mapcore::GoString>();
    case KeyType::kFloat64:
      return f.template operator()<double>();
  }
}

// MapUnderTest calls whose broken laws fail the case with the trace so far.
template <class K>
std::unique_ptr<MapUnderTest<K>> start_or_fail(const Trace& header,
                                               const LawOptions& options) {
  try {
    return std::make_unique<MapUnderTest<K>>(header, options);
  } catch (const LawViolation& v) {
    fail_with_trace(v.what(), header);
  }
}
template <class K>
OpOutcome run_or_fail(MapUnderTest<K>& m, const Op& op) {
  try {
    return m.run(op);
  } catch (const LawViolation& v) {
    fail_with_trace(v.what(), m.trace());
  }
}
template <class K>
void finish_or_fail(MapUnderTest<K>& m) {
  try {
    m.finish();
  } catch (const LawViolation& v) {
    fail_with_trace(v.what(), m.trace());
  }
}

// Prints a property's result as RapidCheck's gtest integration does, and
// for a failure also the RC_PARAMS string that reruns just its shrunk case.
void report_property_result(const rc::detail::TestMetadata& metadata,
                            const rc::detail::TestResult& result);

// Runs `body` as a RapidCheck property of the current gtest test (what
// RC_GTEST_PROP does, plus the per-test reproduce string), so the test can
// also assert afterwards that the cases exercised the law (LawCoverage).
template <class F>
void check_property(F&& body) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata metadata;
  metadata.id =
      std::string(info->test_suite_name()) + "/" + std::string(info->name());
  metadata.description = info->name();
  report_property_result(
      metadata, rc::detail::checkTestable(std::forward<F>(body), metadata));
}

// Whether coverage assertions apply: after a failed property they only add
// noise (the cases stopped at the failure).
inline bool property_held() { return !testing::Test::HasFailure(); }

// The trace of the last failing case (the shrunk one, once RapidCheck is
// done), for property_main.cc to print and save.
struct RecordedFailure {
  Trace trace;
  std::string reason;
  std::string reproduce;  // RC_PARAMS value rerunning the shrunk case
};
std::optional<RecordedFailure> last_failure();
void forget_failure();

// One line of coverage figures, printed by each test (ctest keeps it).
void print_coverage(const std::string& what, const LawCoverage& c);

}  // namespace props
}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_TESTS_RC_SUPPORT_H_

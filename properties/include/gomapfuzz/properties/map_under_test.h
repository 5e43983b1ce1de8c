// MapUnderTest: one mapcore map run op by op beside the model, with the laws
// checked after every op.
//
// It is the system under test of the RapidCheck suite (rc::state commands
// drive it directly) and the engine of check_laws(), which runs a whole trace
// through it (law_runner.h). Every op it runs is recorded in trace(), in the
// project's one trace format, so a failure anywhere prints as a trace that
// `gomapfuzz repro` and `gomapfuzz laws` run again.
//
// What it does per op: snapshot the map (MapSnapshot), run the op through
// the one executor (harness/executor.h: the map and the model, results,
// iteration guarantees, invariants, the leak at destruction), snapshot
// again, then run each law's check (law_check.h) on (before, op, outcome,
// after). The first broken law throws LawViolation. The executor and its
// mapcore driver are the replayer's (same map calls, same seeds: the map of
// the k-th make is seeded with trace seed + k), so the recorded trace
// replays to the same states.
//
// Keys: uint64, string and float64 (the corpus has float traces); values are
// uint64 (the value type is a trace's layout detail the laws do not depend
// on; traces with bytesN values are refused, see laws_support()).
// The implementation is compiled once per key type (src/mut_*.cc).
#ifndef GOMAPFUZZ_PROPERTIES_MAP_UNDER_TEST_H_
#define GOMAPFUZZ_PROPERTIES_MAP_UNDER_TEST_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/properties/law_check.h"
#include "gomapfuzz/properties/laws.h"
#include "mapcore/introspect.h"
#include "mapcore/key_policy.h"

namespace gomapfuzz {

struct LawOptions {
  LawSet laws = LawSet::all();
  // check_invariants() every N ops (growth edges and the end always). Long
  // scenario properties raise it; 1 checks after every op.
  uint64_t invariants_every = 1;
  // Between those, check after every op at the cost of what it touched
  // (mapcore::IncrementalInvariants): how `gomapfuzz laws` runs long traces.
  bool incremental_invariants = false;
  // The iteration law's precondition: Go 1.19's mapclear during an open
  // iteration lets the iterator yield stale entries from heap overflow
  // buckets (corpus/regressions/clear_during_iteration_yields_stale.txt), so
  // an iterator that saw a clear promises nothing. false checks it anyway,
  // which is how a test shows the precondition is needed.
  bool iteration_waives_clear = true;
};

template <class K>
class MapUnderTest {
 public:
  // `header` gives the key type, hasher and seed (its ops are ignored).
  // Runs the implicit `make 0`. Throws std::invalid_argument when the
  // header's types are not K's with uint64 values.
  explicit MapUnderTest(const Trace& header, const LawOptions& options = {});
  ~MapUnderTest();
  MapUnderTest(const MapUnderTest&) = delete;
  MapUnderTest& operator=(const MapUnderTest&) = delete;

  // Runs one op (recording it first). Throws LawViolation.
  OpOutcome run(const Op& op);
  // check_invariants() now (LawOptions::invariants_every says when run()
  // does it by itself). Throws LawViolation.
  void check_invariants();
  // Drops the iterators and the map; checks the end-of-trace invariants
  // and that no byte outlives the map. Throws LawViolation.
  void finish();

  const Trace& trace() const;
  const Model& model() const;
  const MapSnapshot& before() const;  // before the last op
  const MapSnapshot& after() const;   // after the last op
  const LawCoverage& coverage() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

extern template class MapUnderTest<uint64_t>;
extern template class MapUnderTest<mapcore::GoString>;
extern template class MapUnderTest<double>;

template <class K>
constexpr KeyType key_type_of() {
  if constexpr (std::is_same_v<K, uint64_t>) {
    return KeyType::kUint64;
  } else if constexpr (std::is_same_v<K, double>) {
    return KeyType::kFloat64;
  } else {
    return KeyType::kString;
  }
}

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_MAP_UNDER_TEST_H_

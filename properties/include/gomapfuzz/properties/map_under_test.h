// MapUnderTest: one mapcore map run op by op beside the model, with the laws
// checked after every op.
//
// It is the system under test of the RapidCheck suite (rc::state commands
// drive it directly) and the engine of check_laws(), which runs a whole trace
// through it (law_runner.h). Every op it runs is recorded in trace(), in the
// project's one trace format, so a failure anywhere prints as a trace that
// `gomapfuzz repro` and `gomapfuzz laws` run again.
//
// What it does per op: snapshot the map (MapSnapshot), run the op on the map
// and on the model, compare results, snapshot again, check invariants, then
// check each selected law on (before, op, outcome, after). The first broken
// law throws LawViolation. The ops are executed exactly as harness's
// replayer executes them (same map calls, same seeds: the map of the k-th
// make is seeded with trace seed + k), so the recorded trace replays to the
// same states.
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

// What the map observably is between two ops.
struct MapSnapshot {
  mapcore::MapStats stats;
  const void* buckets = nullptr;    // identity of the current bucket array
  uint64_t evacuated_old = 0;       // old buckets already evacuated
  uint64_t old_chain_overflow = 0;  // overflow buckets in the old chains
  uint64_t live_bytes = 0;          // what the counting allocator holds
  uint64_t allocations = 0;         // allocations made over the run
  uint64_t ledger_bytes = 0;  // bytes the structures account for (leak law)
  int live_iterators = 0;

  uint64_t growth_id() const {
    return stats.doublings + stats.same_size_growths;
  }
};

// What one op returned.
struct OpOutcome {
  bool added = false;            // put: the key was new
  bool removed = false;          // del: the key was present
  std::optional<uint64_t> got;   // get: the value found
  uint64_t yields = 0;           // iter, it-next: entries yielded
  bool iteration_ended = false;  // iter, it-next: the iterator finished
};

// How often the situations each law speaks about occurred, so that a
// property can show its law was exercised (a law never put to the test
// proves nothing).
struct LawCoverage {
  uint64_t ops = 0;
  uint64_t maps = 0;
  uint64_t doublings = 0;
  uint64_t same_size_growths = 0;
  uint64_t deferred_doublings = 0;  // overloaded insert met a growth under way
  uint64_t growths_finished = 0;
  uint64_t multi_write_growths = 0;  // finished after more than one write
  uint64_t writes_while_growing = 0;
  uint64_t reads_while_growing = 0;
  uint64_t hinted_inserts = 0;     // inserts up to the hint since make
  uint64_t deletes = 0;            // deletes that removed a key
  uint64_t emptied_by_delete = 0;  // ... and left the map empty (reseed)
  uint64_t overflow_taken = 0;     // inserts that chained a new bucket
  uint64_t overflow_avoided = 0;   // inserts into a chain with room
  uint64_t iterations_completed = 0;
  uint64_t iterations_across_growth = 0;  // saw growth while open
  uint64_t yields_while_growing = 0;
  uint64_t parked_ops = 0;   // ops after which memory was parked
  uint64_t leak_checks = 0;  // destructions checked for zero bytes

  LawCoverage& operator+=(const LawCoverage& o);
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

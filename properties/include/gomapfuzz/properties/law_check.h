// One law, one object: how the laws of laws.h are checked.
//
// MapUnderTest runs each op through the one executor (harness/executor.h),
// which checks the laws every subject shares: model, iteration, invariants
// and the leak at destruction. The laws about Go's growth and memory
// machinery read mapcore's state between two ops; each is a LawCheck that
// sees only what one op did (LawStep: the op, its outcome, a snapshot before
// and after) and keeps whatever it must remember across ops (the growth
// under way, the hash0 stream, whether only inserts happened since make).
//
// law_checks() is the table: one factory per law, in laws.h's order; the
// properties, `gomapfuzz laws` and check_laws() all read it. A law that only
// the executor checks has no entry. A law's per-op part that can be judged
// in O(1) is also an op law (mapcore/op_laws.h, named by laws.cc's table),
// judged on every op of every run of mapcore, fuzz targets included.
#ifndef GOMAPFUZZ_PROPERTIES_LAW_CHECK_H_
#define GOMAPFUZZ_PROPERTIES_LAW_CHECK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/harness/executor.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/properties/laws.h"
#include "mapcore/introspect.h"

namespace gomapfuzz {

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

// What does not change while a map lives: its make and its types.
struct MapFacts {
  int64_t hint = 0;  // as Go takes it (a bogus hint counts as 0)
  uint64_t seed = 0;
  uint64_t bucket_size = 0;  // Go's t.bucketsize
  bool bucket_has_pointers = false;
};

// One op as the laws see it.
struct LawStep {
  // The map op it was (OpOutcome::performed: a sync.Map op is judged as
  // the map op it came to); the laws read kind, never op.kind.
  OpKind kind;
  const Op& op;
  const OpOutcome& out;
  const MapSnapshot& pre;
  const MapSnapshot& post;
  const MapFacts& facts;
  // A put outside growth: whether its key's chain had an empty slot.
  std::optional<bool> chain_room;
  // The bytes the map frees when it drops the op's key (an owned string's
  // block; 0 for keys stored inline).
  uint64_t key_block_bytes = 0;

  // The op reached mapassign's growth check with the map not growing: a put
  // that adds a key, on a map not growing before, or whose own growWork
  // finished the growth under way.
  bool reached_growth_check() const;
  bool finished_previous_growth() const;
  // "count=.. B=.. noverflow=.. growing(doubling)" of a snapshot.
  static std::string state_text(const MapSnapshot& s);
  // "; before: ...; after: ..."
  std::string states() const;
};

// Where a law reports to: require() throws the LawViolation (when the law is
// selected), coverage counts what was exercised.
class LawReporter {
 public:
  LawReporter(Law law, bool selected, LawCoverage& coverage,
              std::function<void(Law, const std::string&)> fail)
      : law_(law),
        selected_(selected),
        coverage_(coverage),
        fail_(std::move(fail)) {}
  void require(bool ok, const std::string& reason) const {
    if (!ok && selected_) fail_(law_, reason);
  }
  LawCoverage& coverage() const { return coverage_; }

 private:
  Law law_;
  bool selected_;
  LawCoverage& coverage_;
  std::function<void(Law, const std::string&)> fail_;
};

class LawCheck {
 public:
  virtual ~LawCheck() = default;
  // A map was made (the first one, or by a `make` op); `first` is its
  // snapshot right after.
  virtual void made(const MapFacts&, const MapSnapshot& /*first*/,
                    const LawReporter&) {}
  virtual void check(const LawStep& step, const LawReporter& report) = 0;
};

// The table: each law checked between ops, with a fresh checker per run.
struct LawCheckEntry {
  Law law;
  std::unique_ptr<LawCheck> (*make)();
};
const std::vector<LawCheckEntry>& law_checks();

// The laws the executor checks for every subject, as the checks it names.
Law law_of(Check check);
// The law an executor's failure broke: its check's, except that a failure
// of the op laws alone (mapcore/op_laws.h, judged with the invariants) is
// the law whose per-op part the first broken rule is (laws.h,
// law_op_rule).
Law law_of(const ExecutionFailure& f);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_LAW_CHECK_H_

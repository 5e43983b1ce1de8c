// evacuation: the ops that make progress are the writes that call
// growWork: every put (new key or not), and a delete or clear of a
// non-empty map (both return early on count == 0; clear ends the growth at
// once). Each such write while growing evacuates old bucket nevacuate at
// least, so nevacuate strictly increases; every other op (get, iteration
// steps) leaves evacuation untouched. Hence a growth ends after at most
// (number of old buckets) writes, counting the one that started it, and
// once it has ended no old array or old overflow bucket is held (parked
// only while an iterator is open, freed when the last closes).
#include <string>

#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class Evacuation final : public LawCheck {
 public:
  void made(const MapFacts&, const MapSnapshot&, const LawReporter&) override {
    growth_ = {};
  }

  void check(const LawStep& s, const LawReporter& r) override {
    const auto& a = s.pre.stats;
    const auto& b = s.post.stats;
    auto& cov = r.coverage();
    const bool new_growth = s.post.growth_id() != s.pre.growth_id();
    const bool finished = s.finished_previous_growth();
    const bool write =
        s.kind == OpKind::kPut ||
        ((s.kind == OpKind::kDel || s.kind == OpKind::kClear) && a.count > 0);
    if (a.growing && !write) {
      ++cov.reads_while_growing;
      r.require(!finished && b.nevacuate == a.nevacuate &&
                    s.post.evacuated_old == s.pre.evacuated_old,
                "`" + print_op(s.op) +
                    "` runs no growWork, yet evacuation moved: nevacuate " +
                    std::to_string(a.nevacuate) + " -> " +
                    std::to_string(b.nevacuate) + ", evacuated " +
                    std::to_string(s.pre.evacuated_old) + " -> " +
                    std::to_string(s.post.evacuated_old));
    }
    if (a.growing && write) {
      ++cov.writes_while_growing;
      ++growth_.writes;
      r.require(finished || b.nevacuate > a.nevacuate,
                "a write during growth left nevacuate at " +
                    std::to_string(b.nevacuate));
    }
    if (finished) {
      ++cov.growths_finished;
      if (growth_.writes > 1) ++cov.multi_write_growths;
      r.require(!growth_.active || growth_.writes <= growth_.old_buckets,
                "a growth of " + std::to_string(growth_.old_buckets) +
                    " old buckets took " + std::to_string(growth_.writes) +
                    " writes to finish");
    }
    if (new_growth) {
      growth_ = Watch{true, uint64_t{1} << a.B, 1};
      if (!b.growing) ++cov.growths_finished;  // finished in its first write
    }
    if (!b.growing) {
      growth_.active = false;
      r.require(b.old_array_buckets == 0 && b.old_overflow_heap == 0,
                "no growth under way, yet an old array of " +
                    std::to_string(b.old_array_buckets) + " buckets and " +
                    std::to_string(b.old_overflow_heap) +
                    " old overflow buckets are held");
      r.require(s.post.live_iterators > 0 || b.retired_bytes == 0,
                "no iterator is open, yet " + std::to_string(b.retired_bytes) +
                    " bytes stay parked");
    }
  }

 private:
  // The growth under way.
  struct Watch {
    bool active = false;
    uint64_t old_buckets = 0;
    uint64_t writes = 0;  // writes that ran growWork for it
  };
  Watch growth_;
};

}  // namespace

std::unique_ptr<LawCheck> make_evacuation_check() {
  return std::make_unique<Evacuation>();
}

}  // namespace gomapfuzz

// Growth trigger: when a doubling starts, and what B that leads to.
//
// Law (MapUnderTest's growth-trigger law, checked after every op): a
// doubling starts exactly at a put that adds a key, reaches mapassign's
// growth check with the map not growing (not growing before the op, or
// this put's own growWork just finished the growth under way), and finds
// overLoadFactor(count+1, B); at no other op. It takes B to B+1.
//
// Consequences, each a property below:
//  - From make(0), n distinct inserts give B = the smallest B with
//    !overLoadFactor(n, B), for every hasher, below B = 16. Same-size
//    growth cannot interfere there: with no deletes a chain takes an
//    overflow bucket only when all its slots are full, and evacuation packs
//    chains, so the chains hold fewer than n/8 <= 0.82 * 2^B overflow
//    buckets and tooManyOverflowBuckets never holds; and a doubling ends
//    within 2^B writes, long before count reaches the next threshold.
//  - With deletes in between (churn: the way adversarial hashers and Go
//    issue 16070 produce same-size growth), B is the smallest B not
//    overloaded by the peak count so far, except that it falls behind
//    exactly at an insert that finds a same-size growth under way while
//    overLoadFactor(count+1, B) holds: the doubling waits until an insert
//    after that growth still finds the map overloaded (if deletes shrank
//    it meanwhile, B may never catch up). B never gets ahead.
#include "gomapfuzz/properties/op_bursts.h"
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

constexpr uint64_t kMaxInserts = 2500;  // up to B = 9: a few ms a case

int smallest_b_not_overloaded(int64_t n) {
  int b = 0;
  while (go_over_load_factor(n, b)) ++b;
  return b;
}

TEST(GrowthTrigger,
     ADoublingStartsExactlyAtAnInsertThatFindsTheMapNotGrowingAndOverloaded) {
  LawCoverage seen;
  check_property([&] {
    const Trace t = *gen_trace({KeyType::kUint64, KeyType::kString});
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kGrowthTrigger)})
                .coverage;
  });
  print_coverage("growth-trigger", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.doublings, 0u);
    EXPECT_GT(seen.writes_while_growing, 0u);  // inserts met growth under way
  }
}

TEST(GrowthTrigger, DistinctInsertsFromMakeZeroReachTheSmallestNonOverloadedB) {
  LawCoverage seen;
  check_property([&] {
    const Trace header = *gen_header({KeyType::kUint64, KeyType::kString});
    const uint64_t n = RcChoices().integer(1, kMaxInserts);
    with_key_type(header.types.key, [&]<class K>() {
      auto m = start_or_fail<K>(header,
                                {.laws = LawSet::base_and(Law::kGrowthTrigger),
                                 .invariants_every = 64});
      for (uint64_t i = 1; i <= n; ++i) {
        run_or_fail(*m, put_op(fresh_key(header.types.key, i), i));
        const auto& s = m->after().stats;
        const int want = smallest_b_not_overloaded(static_cast<int64_t>(i));
        if (s.B != want || s.same_size_growths != 0) {
          fail_with_trace(
              "after " + std::to_string(i) +
                  " distinct inserts B=" + std::to_string(s.B) +
                  " (smallest not overloaded: " + std::to_string(want) + "), " +
                  std::to_string(s.same_size_growths) + " same-size growths",
              m->trace());
        }
      }
      finish_or_fail(*m);
      seen += m->coverage();
    });
  });
  print_coverage("distinct inserts", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.doublings, 0u);
  }
}

// The peak-count law, checked op by op: B never gets ahead of the smallest
// B not overloaded by the peak count, and falls behind it only at a
// deferral (an overloaded insert that finds a same-size growth under way).
class PeakCountLaw {
 public:
  template <class K>
  void after(const Op& op, const OpOutcome& out, MapUnderTest<K>& m) {
    const auto& a = m.before().stats;
    const auto& s = m.after().stats;
    if (op.kind == OpKind::kMake) {
      peak_ = 0;
      floor_ = s.B;  // make(hint) may start above the count's B
      lagging_ = false;
      return;
    }
    peak_ = std::max(peak_, s.count);
    const int want = std::max(floor_, smallest_b_not_overloaded(peak_));
    const bool deferral = op.kind == OpKind::kPut && out.added &&
                          go_over_load_factor(a.count + 1, a.B) &&
                          a.same_size_grow &&
                          m.after().growth_id() == m.before().growth_id();
    deferrals_ += deferral;
    if (s.B > want || (s.B < want && !lagging_ && !deferral)) {
      fail_with_trace("B=" + std::to_string(s.B) + " but the peak count " +
                          std::to_string(peak_) + " asks for " +
                          std::to_string(want) +
                          (s.B < want ? ", and no same-size growth under "
                                        "way deferred the doubling"
                                      : ""),
                      m.trace());
    }
    lagging_ = s.B < want;
    lagging_ops_ += lagging_;
  }
  uint64_t deferrals() const { return deferrals_; }
  uint64_t lagging_ops() const { return lagging_ops_; }

 private:
  int64_t peak_ = 0;
  int floor_ = 0;
  bool lagging_ = false;
  uint64_t deferrals_ = 0, lagging_ops_ = 0;
};

// The directed half of the cases: fill a fresh map to the most a small B
// holds, churn until a same-size growth starts, then fill on: the next
// inserts overload the map while that growth is under way. Ops are chosen
// as the map evolves; the trace records them all.
template <class K>
void churn_then_overload(MapUnderTest<K>& m, KeyType kt, PeakCountLaw& law) {
  RcChoices c;
  const int b = static_cast<int>(c.integer(2, 4));
  const uint64_t window = keys_below_load_factor(b);
  constexpr uint64_t kMaxTurnovers = 60;
  uint64_t next = draw_fresh_base(c);
  auto step = [&](const Op& op) { law.after(op, run_or_fail(m, op), m); };
  for (uint64_t i = 0; i < window; ++i) step(put_op(fresh_key(kt, next++), i));
  const uint64_t started = m.after().stats.same_size_growths;
  for (uint64_t i = 0; i < kMaxTurnovers * window; ++i) {
    step(put_op(fresh_key(kt, next), i));
    if (m.after().stats.same_size_growths != started) break;
    step(del_op(fresh_key(kt, next - window)));
    ++next;
  }
  const uint64_t fill = c.integer(1, 2 * window);
  for (uint64_t i = 0; i < fill; ++i) step(put_op(fresh_key(kt, ++next), i));
}

TEST(GrowthTrigger, BFollowsThePeakCountUnlessASameSizeGrowthDefersADoubling) {
  LawCoverage seen;
  uint64_t deferrals = 0, lagging_ops = 0;
  check_property([&] {
    const Trace header = *gen_header({KeyType::kUint64, KeyType::kString});
    const bool directed = RcChoices().integer(0, 1) == 1;
    std::vector<Op> ops;
    if (!directed) {
      ops = *gen_ops(
          header.types.key,
          {.single = 40, .fill = 25, .churn = 25, .capacity_churn = 10});
    }
    with_key_type(header.types.key, [&]<class K>() {
      auto m = start_or_fail<K>(header,
                                {.laws = LawSet::base_and(Law::kGrowthTrigger),
                                 .invariants_every = 64});
      PeakCountLaw law;
      if (directed) churn_then_overload(*m, header.types.key, law);
      for (const Op& op : ops) law.after(op, run_or_fail(*m, op), *m);
      finish_or_fail(*m);
      seen += m->coverage();
      deferrals += law.deferrals();
      lagging_ops += law.lagging_ops();
    });
  });
  print_coverage("peak count", seen);
  std::cout << "deferred doublings: " << deferrals
            << ", ops with B behind the peak count: " << lagging_ops << "\n";
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.same_size_growths, 0u);
    EXPECT_GT(deferrals, 0u);  // the exception does happen
  }
}

}  // namespace
}  // namespace gomapfuzz::props

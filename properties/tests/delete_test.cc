// Deletes: maps never shrink, hash0 is redrawn when the map empties, and a
// deleted key's slot is there for it again.
//
// Law (MapUnderTest's delete law): a delete never changes B, never
// replaces or frees the bucket array, and never unlinks or frees an
// overflow bucket (Go issue 20135); outside growth it changes no bucket
// count and frees only the deleted key's bytes. hash0 is redrawn exactly at
// make, at a delete that leaves the map empty, and at a clear of a
// non-empty map.
//
// Law (overflow-room) and its consequence, the second property: deleting k
// keys and inserting the same k keys again, while the map never becomes
// empty (so hash0 stays, and each key hashes to the same bucket) and no
// growth is under way or starts (so the chains stay where they are),
// allocates no overflow bucket: each key's chain has the slot its delete
// freed, and an insert takes the first empty slot of its chain.
#include <algorithm>
#include <numeric>

#include "gomapfuzz/properties/op_bursts.h"
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

TEST(Delete, NeverShrinksOrFreesBucketsAndRedrawsHash0ExactlyWhenEmptied) {
  LawCoverage seen;
  check_property([&] {
    Trace t = *gen_trace({KeyType::kUint64, KeyType::kString},
                         {.single = 80, .fill = 8, .churn = 12});
    RcChoices c;
    if (c.integer(0, 1)) {
      // Drain: delete every key ever put (forwards or backwards), so the
      // map empties by deletes and hash0 must be redrawn, then go on.
      std::vector<TraceKey> keys;
      for (const Op& op : t.ops) {
        if (op.kind == OpKind::kPut) keys.push_back(op.key);
      }
      if (c.integer(0, 1)) std::reverse(keys.begin(), keys.end());
      for (const auto& k : keys) t.ops.push_back(del_op(k));
      for (const Op& op : *gen_ops(t.types.key, {})) t.ops.push_back(op);
    }
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kDelete)}).coverage;
  });
  print_coverage("delete", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.deletes, 0u);
    EXPECT_GT(seen.emptied_by_delete, 0u);
  }
}

TEST(Delete, DeletingAndReinsertingTheSameKeysAllocatesNoOverflowBucket) {
  LawCoverage seen;
  uint64_t reinserted = 0;
  check_property([&] {
    const Trace header = *gen_header({KeyType::kUint64, KeyType::kString});
    // Build: a fill, sometimes churned (chains with tombstones and spare
    // overflow buckets are the interesting case).
    RcChoices c;
    const KeyType kt = header.types.key;
    std::vector<Op> build = draw_fill(c, kt, 400);
    if (c.integer(0, 1)) {
      for (const Op& op : draw_churn(c, kt, 300)) build.push_back(op);
    }
    with_key_type(kt, [&]<class K>() {
      auto m = start_or_fail<K>(header,
                                {.laws = LawSet::base_and(Law::kOverflowRoom),
                                 .invariants_every = 16});
      for (const Op& op : build) run_or_fail(*m, op);
      // End any growth under way with step-writes (puts of present keys).
      while (m->after().stats.growing) {
        const auto& [k, e] = *m->model().entries().begin();
        run_or_fail(*m, put_op(k, e.value));
      }
      const auto& s0 = m->after().stats;
      // The precondition "no growth starts": the map is not overloaded at
      // its count, and an insert would not find too many overflow buckets.
      RC_PRE(s0.count >= 2 &&
             !go_too_many_overflow_buckets(s0.noverflow, s0.B));
      std::vector<TraceKey> keys;
      for (const auto& [k, e] : m->model().entries()) keys.push_back(k);
      const std::size_t k = c.integer(1, keys.size() - 1);  // never empty
      // Which keys (a random subset) and in which order they come back.
      for (std::size_t i = 0; i < k; ++i) {
        std::swap(keys[i], keys[i + c.integer(0, keys.size() - 1 - i)]);
      }
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), 0);
      for (std::size_t i = 0; i + 1 < k; ++i) {
        std::swap(order[i], order[i + c.integer(0, k - 1 - i)]);
      }
      const MapSnapshot before = m->after();
      for (std::size_t i = 0; i < k; ++i) run_or_fail(*m, del_op(keys[i]));
      uint64_t key_bytes = 0;  // string keys come back with their bytes
      for (std::size_t i : order) {
        run_or_fail(*m, put_op(keys[i], i));
        if (const auto* s = std::get_if<std::string>(&keys[i])) {
          key_bytes += !s->empty();
        }
      }
      const MapSnapshot& after = m->after();
      const auto& a = before.stats;
      const auto& b = after.stats;
      if (after.growth_id() != before.growth_id() ||
          b.overflow_in_use != a.overflow_in_use ||
          b.overflow_heap != a.overflow_heap ||
          b.prealloc_free != a.prealloc_free || b.noverflow != a.noverflow ||
          after.allocations - before.allocations != key_bytes) {
        fail_with_trace(
            "deleting and reinserting " + std::to_string(k) +
                " keys changed the overflow buckets: in use " +
                std::to_string(a.overflow_in_use) + " -> " +
                std::to_string(b.overflow_in_use) + ", heap " +
                std::to_string(a.overflow_heap) + " -> " +
                std::to_string(b.overflow_heap) + ", noverflow " +
                std::to_string(a.noverflow) + " -> " +
                std::to_string(b.noverflow) + ", allocations +" +
                std::to_string(after.allocations - before.allocations) +
                " (key bytes: " + std::to_string(key_bytes) + ")",
            m->trace());
      }
      reinserted += k;
      finish_or_fail(*m);
      seen += m->coverage();
    });
  });
  print_coverage("delete and reinsert", seen);
  std::cout << "keys deleted and reinserted: " << reinserted << "\n";
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(reinserted, 0u);
    EXPECT_GT(seen.overflow_taken, 0u);  // the builds did chain buckets
  }
}

}  // namespace
}  // namespace gomapfuzz::props

// delete: a delete never changes B, never replaces or frees the bucket
// array, and never unlinks or frees an overflow bucket (Go issue 20135:
// maps do not shrink); outside growth it changes no bucket at all and frees
// only the deleted key's bytes. Only its growWork may move entries.
//
// And hash0 changes exactly where Go calls fastrand for it: makemap, a
// delete that leaves the map empty, and mapclear of a non-empty map. The
// map's seeded hash0 stream says what each draw gives.
#include <string>
#include <variant>

#include "gomapfuzz/properties/law_check.h"
#include "mapcore/random_source.h"

namespace gomapfuzz {
namespace {

class Delete final : public LawCheck {
 public:
  void made(const MapFacts& f, const MapSnapshot& first,
            const LawReporter& r) override {
    hash0_stream_ = mapcore::RandomSource(f.seed);
    expected_hash0_ = hash0_stream_.next_hash0();  // makemap's fastrand
    check_hash0(first, r);
  }

  void check(const LawStep& s, const LawReporter& r) override {
    check_shrinks_nothing(s, r);
    const bool emptied =
        s.kind == OpKind::kDel && s.out.removed && s.post.stats.count == 0;
    const bool cleared = s.kind == OpKind::kClear && s.pre.stats.count > 0;
    if (emptied || cleared) expected_hash0_ = hash0_stream_.next_hash0();
    check_hash0(s.post, r);
  }

 private:
  void check_shrinks_nothing(const LawStep& s, const LawReporter& r) {
    if (s.kind != OpKind::kDel) return;
    const auto& a = s.pre.stats;
    const auto& b = s.post.stats;
    if (s.out.removed) {
      ++r.coverage().deletes;
      if (b.count == 0) ++r.coverage().emptied_by_delete;
    }
    const std::string why = s.states();
    r.require(b.B == a.B, "a delete changed B" + why);
    r.require(
        s.post.buckets == s.pre.buckets && b.array_buckets == a.array_buckets,
        "a delete replaced the bucket array" + why);
    r.require(b.overflow_in_use >= a.overflow_in_use &&
                  b.overflow_heap >= a.overflow_heap,
              "a delete unlinked overflow buckets: in use " +
                  std::to_string(a.overflow_in_use) + " -> " +
                  std::to_string(b.overflow_in_use) + why);
    if (a.growing) return;
    r.require(b.overflow_in_use == a.overflow_in_use &&
                  b.overflow_heap == a.overflow_heap &&
                  b.prealloc_free == a.prealloc_free &&
                  b.noverflow == a.noverflow,
              "a delete outside growth changed the overflow buckets" + why);
    // The deleted key's bytes, unless an iterator parks them.
    const uint64_t freed =
        s.out.removed && s.post.live_iterators == 0 ? s.key_block_bytes : 0;
    r.require(s.pre.live_bytes - s.post.live_bytes == freed,
              "a delete outside growth changed the bytes held from " +
                  std::to_string(s.pre.live_bytes) + " to " +
                  std::to_string(s.post.live_bytes) + " (expected to free " +
                  std::to_string(freed) + ")");
  }

  void check_hash0(const MapSnapshot& now, const LawReporter& r) const {
    r.require(now.stats.hash0 == expected_hash0_,
              "hash0 is " + std::to_string(uint64_t{now.stats.hash0}) +
                  ", expected " + std::to_string(uint64_t{expected_hash0_}) +
                  ": Go draws hash0 at make, when a delete empties the map "
                  "and at a clear of a non-empty map, and only then");
  }

  mapcore::RandomSource hash0_stream_{0};
  uint32_t expected_hash0_ = 0;
};

}  // namespace

std::unique_ptr<LawCheck> make_delete_check() {
  return std::make_unique<Delete>();
}

}  // namespace gomapfuzz

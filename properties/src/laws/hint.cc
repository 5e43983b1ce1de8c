// hint: make(hint) has Go's B (the smallest not overloaded by hint items;
// a hint Go ignores counts as 0) and, from B = 4 on, Go's preallocated
// overflow buckets (2^(B-4), plus what size-class rounding adds), and B = 0
// allocates nothing at make. After make(hint), while only inserts happen,
// the inserts of the first hint keys start no growth (below B = 16, where
// noverflow is exact: with n <= 6.5 * 2^B keys inserted and none deleted,
// the chains hold at most n/8 < 2^B overflow buckets). And at every op: a
// heap overflow bucket exists only once the preallocated pool is used up.
#include <string>

#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class Hint final : public LawCheck {
 public:
  void made(const MapFacts& f, const MapSnapshot& first,
            const LawReporter& r) override {
    hint_ = f.hint;
    inserts_only_ = true;
    const int want_b = go_b_for_hint(f.hint, f.bucket_size);
    const auto& s = first.stats;
    r.require(s.B == want_b, "make(" + std::to_string(f.hint) +
                                 ") gave B=" + std::to_string(int{s.B}) +
                                 ", Go's is " + std::to_string(want_b));
    if (want_b == 0) {
      r.require(first.buckets == nullptr,
                "make with B=0 allocated a bucket array");
      return;
    }
    const uint64_t base = uint64_t{1} << want_b;
    const uint64_t want_len = go_bucket_array_len(want_b, f.bucket_size);
    r.require(s.array_buckets == want_len && s.prealloc_free == want_len - base,
              "make(" + std::to_string(f.hint) + ") gave an array of " +
                  std::to_string(s.array_buckets) + " buckets with " +
                  std::to_string(s.prealloc_free) +
                  " free preallocated; Go: " + std::to_string(want_len) +
                  " with " + std::to_string(want_len - base));
  }

  void check(const LawStep& s, const LawReporter& r) override {
    if (s.kind == OpKind::kDel || s.kind == OpKind::kClear) {
      inserts_only_ = false;
    }
    const auto& a = s.pre.stats;
    const auto& b = s.post.stats;
    const bool within_hint = inserts_only_ && a.count + 1 <= hint_;
    if (within_hint && s.kind == OpKind::kPut && s.out.added) {
      ++r.coverage().hinted_inserts;
    }
    const int hint_b = go_b_for_hint(hint_, s.facts.bucket_size);
    r.require(!(within_hint && hint_b < 16 &&
                s.post.growth_id() != s.pre.growth_id()),
              "a growth started at the insert of key number " +
                  std::to_string(a.count + 1) + " after make(" +
                  std::to_string(hint_) + ") with only inserts since");
    r.require(b.overflow_heap == 0 || b.prealloc_free == 0,
              std::to_string(b.overflow_heap) +
                  " heap overflow buckets allocated while " +
                  std::to_string(b.prealloc_free) +
                  " preallocated ones are still free");
  }

 private:
  int64_t hint_ = 0;
  bool inserts_only_ = true;
};

}  // namespace

std::unique_ptr<LawCheck> make_hint_check() { return std::make_unique<Hint>(); }

}  // namespace gomapfuzz

// The subject ABI's negotiation of version 1.1's appended field, and the
// random source tier: a range pinned through iter_open_at walks exactly the
// order mapcore's own iterate_from walks.
#include "gomapfuzz/harness/subject.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "gomapfuzz/harness/subject_replay.h"
#include "gomapfuzz/harness/trace.h"
#include "mapcore/map.h"

namespace gomapfuzz {
namespace {

const gomapfuzz_subject_v1& mapcore_table() {
  return builtin_subject("mapcore").abi();
}

std::vector<uint64_t> keys_of_range(const gomapfuzz_subject_v1& t, void* it) {
  std::vector<uint64_t> keys;
  gomapfuzz_key k{};
  uint64_t v = 0;
  while (t.iter_next(it, &k, &v) == GOMAPFUZZ_OK) {
    uint64_t key = 0;
    std::memcpy(&key, k.data, sizeof key);
    keys.push_back(key);
  }
  t.iter_close(it);
  return keys;
}

TEST(SubjectAbi, APinnedRangeThroughTheAbiWalksMapcoresOrder) {
  const gomapfuzz_subject_v1& t = mapcore_table();
  ASSERT_NE(iter_open_at_of(&t), nullptr);
  gomapfuzz_config c{};
  c.key_kind = GOMAPFUZZ_KEY_UINT64;
  c.seed = 7;
  c.hash_key = mapcore::kDefaultHashKey;
  void* m = t.make(0, &c);
  mapcore::Map<uint64_t, uint64_t>::Options o;
  o.seed = 7;
  mapcore::Map<uint64_t, uint64_t> typed(o);
  for (uint64_t k = 0; k < 100; ++k) {
    ASSERT_EQ(t.put(m, {&k, sizeof k}, k), GOMAPFUZZ_OK);
    typed.put(k, k);
  }
  for (const mapcore::IterStart start :
       {mapcore::IterStart{0, 0}, mapcore::IterStart{5, 3},
        mapcore::IterStart{13, 7}}) {
    std::vector<uint64_t> want;
    for (auto it = typed.iterate_from(start); it.next();) {
      want.push_back(it.key());
    }
    EXPECT_EQ(keys_of_range(t, t.iter_open_at(m, start.bucket, start.offset)),
              want)
        << "start bucket " << start.bucket << " offset " << int{start.offset};
  }
  t.destroy(m);
}

TEST(SubjectAbi, ATableOfVersion10LoadsWithoutTheAppendedField) {
  gomapfuzz_subject_v1 old = mapcore_table();
  old.struct_size = GOMAPFUZZ_SUBJECT_V1_0_SIZE;
  old.tiers &= ~uint32_t{GOMAPFUZZ_TIER_RANDOM};
  EXPECT_NO_THROW(validate_subject_table(&old, "old"));
  EXPECT_EQ(iter_open_at_of(&old), nullptr);
}

TEST(SubjectAbi, TheRandomSourceTierNeedsIterOpenAt) {
  gomapfuzz_subject_v1 t = mapcore_table();
  t.struct_size = GOMAPFUZZ_SUBJECT_V1_0_SIZE;  // claims it, cannot have it
  EXPECT_THROW(validate_subject_table(&t, "claims"), SubjectError);
  t = mapcore_table();
  t.iter_open_at = nullptr;
  EXPECT_THROW(validate_subject_table(&t, "claims"), SubjectError);
  t.struct_size = GOMAPFUZZ_SUBJECT_V1_0_SIZE - 8;
  t.tiers = 0;
  EXPECT_THROW(validate_subject_table(&t, "short"), SubjectError);
}

// A subject whose every map takes one allocation of its own through the
// allocator (its handle), around mapcore's table: with every allocation
// failing, its make fails, and the run must go on with a make(0) in which
// no fault is injected, as Go's make cannot fail.
namespace handle_through_allocator {

struct Handle {
  void* inner;
  gomapfuzz_config config;
};
const gomapfuzz_subject_v1& base() { return mapcore_table(); }
void* make(int64_t hint, const gomapfuzz_config* c) {
  auto* h = static_cast<Handle*>(c->alloc(c->alloc_ctx, sizeof(Handle), 8));
  if (h == nullptr) return nullptr;
  h->config = *c;
  h->inner = base().make(hint, c);
  if (h->inner == nullptr) {
    c->free(c->alloc_ctx, h, sizeof(Handle), 8);
    return nullptr;
  }
  return h;
}
void destroy(void* m) {
  auto* h = static_cast<Handle*>(m);
  base().destroy(h->inner);
  h->config.free(h->config.alloc_ctx, h, sizeof(Handle), 8);
}
void* inner(void* m) { return static_cast<Handle*>(m)->inner; }
int put(void* m, gomapfuzz_key k, uint64_t v) {
  return base().put(inner(m), k, v);
}
int get(void* m, gomapfuzz_key k, uint64_t* v) {
  return base().get(inner(m), k, v);
}
int erase(void* m, gomapfuzz_key k) { return base().erase(inner(m), k); }
void clear(void* m) { base().clear(inner(m)); }
int64_t len(void* m) { return base().len(inner(m)); }
void* iter_open(void* m) { return base().iter_open(inner(m)); }

}  // namespace handle_through_allocator

TEST(SubjectAbi, AFailedMakeGoesOnWithAMakeInWhichNoFaultIsInjected) {
  namespace h = handle_through_allocator;
  gomapfuzz_subject_v1 t = h::base();
  t.name = "handle-through-allocator";
  t.tiers = GOMAPFUZZ_TIER_ALLOCATOR;
  t.make = h::make;
  t.destroy = h::destroy;
  t.put = h::put;
  t.get = h::get;
  t.erase = h::erase;
  t.clear = h::clear;
  t.len = h::len;
  t.iter_open = h::iter_open;
  t.dump = nullptr;
  t.iter_open_at = nullptr;
  const Subject s = Subject::linked(&t);
  const Trace trace = parse_trace(
      "gomapfuzz-trace 1\nput 1 1\nmake 100\nget 1\nput 2 2\ndel 2\n");
  SubjectReplayOptions o;
  // The first make's handle fails, and the retry's handle (attempt 2) would
  // fail too if faults were not paused for it.
  o.faults.fail_at = {1, 2};
  const SubjectReplayResult r = replay_on_subject(s, trace, o);
  ASSERT_TRUE(r.ok()) << r.failure->summary();
  EXPECT_EQ(r.stats.alloc_failures, 1u);
  EXPECT_EQ(r.stats.maps, 2u);
}

}  // namespace
}  // namespace gomapfuzz

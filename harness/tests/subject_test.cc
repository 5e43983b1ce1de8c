// The subject ABI's negotiation of version 1.1's appended field, and the
// random source tier: a range pinned through iter_open_at walks exactly the
// order mapcore's own iterate_from walks.
#include "gomapfuzz/harness/subject.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

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

}  // namespace
}  // namespace gomapfuzz

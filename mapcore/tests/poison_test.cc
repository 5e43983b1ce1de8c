// Under AddressSanitizer, memory the map holds but must not touch is
// poisoned (mapcore/sanitizer.h): a stray read of the unused preallocated
// pool, of a reserved block not taken yet, or of an array parked for an
// open iterator is an ASan report at the read, while the map's own uses of
// that memory (handing out a pool bucket, taking a reservation, an
// iterator walking a parked array) go on cleanly. Built only with ASan
// (the asan and fuzz presets): without it there is nothing to poison.
#include "mapcore/sanitizer.h"

#ifdef MAPCORE_ADDRESS_SANITIZER

#include <gtest/gtest.h>

#include <boost/container/pmr/global_resource.hpp>
#include <boost/container/pmr/memory_resource.hpp>
#include <string>

#include "mapcore/debug_access.h"
#include "mapcore/invariants.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;
namespace pmr = boost::container::pmr;

// Reads a byte of memory, the way a faulty map would.
uint8_t stray_read(const void* p) {
  return *static_cast<const volatile uint8_t*>(p);
}

TEST(PoisonedMemory, UnusedPreallocatedOverflowBucketsArePoisoned) {
  U64Map m(53);  // B = 4: 2^4 buckets and 2 preallocated overflow buckets
  m.put(1, 1);
  const auto* pool = DebugAccess::raw(m).next_overflow();
  ASSERT_NE(pool, nullptr);
  EXPECT_DEATH(stray_read(&pool->tophash[0]), "use-after-poison");
  EXPECT_DEATH(stray_read(&pool[1].overflow), "use-after-poison");
  // Handing the pool out unpoisons each bucket as it is taken: fill
  // bucket 0's chain past the pool (identity hash: key k in bucket k % 16).
  Map<uint64_t, uint64_t, DynamicHasher> chained(
      {.hint = 53, .hasher = {HashFamily::kIdentity, 0}});
  for (uint64_t k = 0; k < 30; ++k) chained.put(16 * k, k);
  EXPECT_EQ(DebugAccess::raw(chained).next_overflow(),
            nullptr);  // pool used up
  EXPECT_TRUE(check_invariants(chained).empty());
  for (uint64_t k = 0; k < 30; ++k) EXPECT_EQ(chained.get(16 * k), k);
}

// A memory resource that, when armed, reads the payload of the block it
// handed out before: inside an operation, that is a block the operation
// reserved a moment ago and has not taken yet.
class PeekingResource : public pmr::memory_resource {
 public:
  bool armed = false;

 private:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    if (armed && last_ != nullptr) {
      stray_read(static_cast<const std::byte*>(last_) + 16);  // the payload
    }
    last_ = pmr::new_delete_resource()->allocate(bytes, align);
    return last_;
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    if (p == last_) last_ = nullptr;
    pmr::new_delete_resource()->deallocate(p, bytes, align);
  }
  bool do_is_equal(const pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }
  void* last_ = nullptr;
};

TEST(PoisonedMemory, ReservedOverflowBucketIsPoisonedUntilTaken) {
  // One chain (constant hash) at B = 1, full after 8 keys: the 9th key needs
  // an overflow bucket, reserved before its string bytes are allocated.
  auto ninth_insert = [](bool peek) {
    PeekingResource r;
    Map<GoString, uint64_t, DynamicHasher> m(
        {.hint = 13, .hasher = {HashFamily::kConstant, 7}, .alloc = &r});
    for (int k = 0; k < 8; ++k) m.put("key" + std::to_string(k), k);
    r.armed = peek;
    m.put("key8", 8);
    return m.size();
  };
  EXPECT_EQ(ninth_insert(false), 9);  // taken and used: no report
  EXPECT_DEATH(ninth_insert(true), "use-after-poison");
}

TEST(PoisonedMemory, ArrayParkedForAnOpenIteratorIsPoisoned) {
  auto grow_under_iterator = [](bool peek) {
    U64Map m;
    for (uint64_t k = 0; k < 100; ++k) m.put(k, k);
    while (DebugAccess::raw(m).growing()) m.put(0, 0);
    auto it = m.iterate();
    EXPECT_TRUE(it.next());
    uint64_t k = 100;
    while (!DebugAccess::raw(m).growing()) m.put(k++, 0);
    const auto* old =
        DebugAccess::raw(m).oldbuckets();  // parked once growth is done
    while (DebugAccess::raw(m).growing()) m.put(k++, 0);
    if (peek) stray_read(&old[0].tophash[0]);
    uint64_t yields = 1;
    while (it.next()) ++yields;  // the iterator still walks it
    return yields;
  };
  EXPECT_GE(grow_under_iterator(false), 100u);
  EXPECT_DEATH(grow_under_iterator(true), "use-after-poison");
}

// Go's iterator may stand in a chain's preallocated overflow bucket when a
// clear puts that bucket back into the unused pool; it goes on reading it
// (zeroed), which is no stray read.
TEST(PoisonedMemory, AnIteratorReadsABucketAClearReturnedToThePool) {
  Map<uint64_t, uint64_t, DynamicHasher> m(
      {.hint = 53, .hasher = {HashFamily::kIdentity, 0}});
  for (uint64_t k = 0; k < 12; ++k) m.put(16 * k, k);  // bucket 0 + pool
  auto it = m.iterate_from({0, 0});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(it.next());  // in the pool bucket
  m.clear();
  while (it.next()) {
  }
  EXPECT_TRUE(check_invariants(m).empty());
}

}  // namespace
}  // namespace mapcore

#endif  // MAPCORE_ADDRESS_SANITIZER

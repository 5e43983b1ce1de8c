// LedgerResource: every live block with its size and the op that allocated
// it; empty once the owner frees everything; frees what leaked when it dies.
#include "gomapfuzz/harness/ledger_resource.h"

#include <gtest/gtest.h>

#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz {
namespace {

TEST(LedgerResource, RecordsSizeAndOpOfEveryLiveBlock) {
  LedgerResource ledger;
  void* a = ledger.allocate(48, 16);
  ledger.set_current_op(7);
  void* b = ledger.allocate(100, 8);
  void* c = ledger.allocate(16, 16);
  ASSERT_EQ(ledger.live().size(), 3u);
  EXPECT_EQ(ledger.live().at(a).op, LedgerResource::kNoOp);
  EXPECT_EQ(ledger.live().at(b).op, 7u);
  EXPECT_EQ(ledger.live().at(b).bytes, 100u);
  EXPECT_EQ(ledger.live().at(c).serial, 3u);
  EXPECT_EQ(ledger.by_op().at(7).bytes, 116u);
  EXPECT_EQ(ledger.by_op().at(7).blocks, 2u);
  ledger.deallocate(b, 100, 8);
  EXPECT_EQ(ledger.describe(),
            "16 bytes in 1 block allocated by op 7; "
            "48 bytes in 1 block allocated by the initial make");
  ledger.deallocate(a, 48, 16);
  ledger.deallocate(c, 16, 16);
  EXPECT_TRUE(ledger.empty());
  EXPECT_EQ(ledger.live_bytes(), 0u);
  EXPECT_EQ(ledger.describe(), "no live blocks");
}

TEST(LedgerResource, ReturnsLeakedBlocksUpstreamWhenDestroyed) {
  CountingResource upstream;
  {
    LedgerResource ledger(&upstream);
    (void)ledger.allocate(64, 16);
    (void)ledger.allocate(32, 16);
    EXPECT_EQ(upstream.live_bytes(), 96u);
  }
  EXPECT_EQ(upstream.live_bytes(), 0u);
}

// Under the replayer, blocks are attributed to the op that allocated them,
// and the map gives every one of them back.
TEST(LedgerResource, AttributesTheReplayersAllocationsToOps) {
  const Trace t = parse_trace(
      "gomapfuzz-trace 1\ntypes string uint64\nput \"a\" 1\nget \"a\"\n"
      "put \"bb\" 2\n");
  LedgerResource ledger;
  std::vector<uint64_t> blocks_after_op;
  ReplayOptions o;
  o.upstream = &ledger;
  o.before_op = [&](std::size_t i) { ledger.set_current_op(i); };
  o.after_op = [&](const OpEvent&) {
    blocks_after_op.push_back(ledger.live_blocks());
  };
  const ReplayResult r = replay(t, o);
  ASSERT_TRUE(r.ok()) << r.failure->summary();
  // op 0 allocates the first bucket and the bytes of "a"; op 1 nothing;
  // op 2 the bytes of "bb".
  EXPECT_EQ(blocks_after_op, (std::vector<uint64_t>{2, 2, 3}));
  EXPECT_TRUE(ledger.empty()) << ledger.describe();
  EXPECT_EQ(ledger.allocations(), 3u);
}

}  // namespace
}  // namespace gomapfuzz

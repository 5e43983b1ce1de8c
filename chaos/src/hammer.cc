// The hammer's op mix (see hammer.h).
#include "gomapfuzz/chaos/hammer.h"

namespace gomapfuzz::chaos {

HistOp draw_hammer_op(const HammerOptions& o, int thread, uint64_t i,
                      mapcore::SplitMix64& rng) {
  HistOp op;
  op.thread = thread;
  const uint64_t roll = rng.next() % 100;
  if (o.mix == HammerOptions::Mix::kSyncMap) {
    // Loads dominate (the read-mostly use sync.Map is for), and enough
    // deletes and new keys that entries get expunged and dirty promoted.
    op.kind = roll < 40   ? HistKind::kGet
              : roll < 60 ? HistKind::kStore
              : roll < 75 ? HistKind::kLoadOrStore
              : roll < 85 ? HistKind::kLoadAndDelete
              : roll < 95 ? HistKind::kDelete
                          : HistKind::kRange;
  } else {
    // put 40%, get 40%, del 20%: writes enough to change the answers that
    // reads see, deletes enough that keys come and go.
    op.kind = roll < 40   ? HistKind::kPut
              : roll < 80 ? HistKind::kGet
                          : HistKind::kDel;
  }
  op.key = rng.next() % (o.key_space ? o.key_space : 1);
  // Unique per (thread, op): a read names the write it observed.
  op.value = (static_cast<uint64_t>(thread) + 1) << 32 | i;
  return op;
}

}  // namespace gomapfuzz::chaos

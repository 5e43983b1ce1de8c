// A build of syncmap/ with one planted concurrency bug (PLANTED_BUG, a
// SYNCMAP_BUG_* define): hammers 8-thread histories from --seed on and
// exits 0 as soon as the linearizability or Range checker catches it,
// printing the history's seed and the violating key's ops; exits 1 if
// --histories histories pass (the bug went unnoticed). Built without a bug
// (PLANTED_BUG "none", target syncmap_hammer) it is the long run of
// chaos/README.md: every history must pass, and it prints the totals.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gomapfuzz/chaos/syncmap_hammer.h"

using namespace gomapfuzz::chaos;

int main(int argc, char** argv) {
  uint64_t seed = 1, histories = 40;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seed"))
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--histories"))
      histories = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const bool clean_build = std::strcmp(PLANTED_BUG, "none") == 0;
  uint64_t ops = 0, overlapping = 0, ranges = 0, visits = 0, unchecked = 0;
  for (uint64_t s = seed; s < seed + histories; ++s) {
    HammerOptions o{
        .seed = s, .threads = 8, .ops_per_thread = 200, .key_space = 6};
    const SyncMapRun r = hammer_syncmap(o, Jitter());
    ops += r.check.lin.ops;
    overlapping += r.check.lin.overlapping_ops;
    ranges += r.check.ranges;
    visits += r.check.visits;
    unchecked += r.check.lin.keys_unchecked;
    if (r.ok()) continue;
    std::printf("%s caught in history %llu of %llu (%s): ", PLANTED_BUG,
                (unsigned long long)(s - seed + 1),
                (unsigned long long)histories, syncmap_rerun_hint(o).c_str());
    if (!r.hammer.errors.empty()) {
      std::printf("%s\n", r.hammer.errors.front().c_str());
    } else if (r.check.duplicate) {
      std::printf("%s\n", r.check.duplicate->c_str());
    } else {
      std::printf("key %llu has no linearization; its ops:\n",
                  (unsigned long long)*r.check.lin.violation_key);
      int shown = 0;
      for (const HistOp& op : r.check.lin.violation) {
        if (++shown > 40) break;
        std::printf("  thread %d [%llu, %llu] %s\n", op.thread,
                    (unsigned long long)op.call, (unsigned long long)op.ret,
                    op.to_string().c_str());
      }
    }
    std::printf("rerun: %s --seed %llu --histories 1\n", argv[0],
                (unsigned long long)s);
    return clean_build ? 1 : 0;
  }
  if (clean_build) {
    std::printf(
        "%llu histories (seeds %llu..): %llu ops checked (Ranges split into "
        "per-key loads), %llu overlapping another op on their key, %llu "
        "ranges (%llu visits); 0 violations, %llu keys unchecked\n",
        (unsigned long long)histories, (unsigned long long)seed,
        (unsigned long long)ops, (unsigned long long)overlapping,
        (unsigned long long)ranges, (unsigned long long)visits,
        (unsigned long long)unchecked);
    return unchecked ? 1 : 0;
  }
  std::printf("FAIL: %s not caught in %llu histories from seed %llu\n",
              PLANTED_BUG, (unsigned long long)histories,
              (unsigned long long)seed);
  return 1;
}

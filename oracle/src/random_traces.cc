#include "gomapfuzz/oracle/random_traces.h"

#include <limits>

#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/oracle/dump_compare.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::oracle {
namespace {

// Of the float64 traces, one in kNanProbeOneIn is a NaN-probe trace.
constexpr uint64_t kNanProbeOneIn = 2;
// In a NaN-probe trace, after an op that leaves the map growing, a NaN
// probe follows with probability 1 in kProbeAfterGrowingOpOneIn; of the
// probes, kProbeDelPercent are deletes (mapdelete hashes the NaN, and so
// evacuates a random old bucket, before it searches), the rest gets
// (mapaccess evacuates nothing: they must change nothing).
constexpr uint64_t kProbeAfterGrowingOpOneIn = 2;
constexpr uint64_t kProbeDelPercent = 70;

bool is_nan_put(const Op& op) {
  return op.kind == OpKind::kPut && is_nan_key(op.key);
}

// A NaN put taints the comparison until the map is cleared (the NaN stays
// in the map, and every evacuation rehashes it at random), which would hide
// what a NaN delete during growth does. A probe trace puts finite keys
// instead.
void replace_nan_puts(Trace& t) {
  for (std::size_t i = 0; i < t.ops.size(); ++i) {
    if (is_nan_put(t.ops[i])) t.ops[i].key = static_cast<double>(i) + 0.25;
  }
}

// After which ops mapcore's map is growing (so the next op runs during
// growth). Growth is deterministic without NaN keys, so mapcore's and Go's
// maps grow at the same ops.
std::vector<bool> growing_after_each_op(const Trace& t) {
  std::vector<bool> growing(t.ops.size(), false);
  ReplayOptions ro;
  ro.check_every = 0;
  ro.after_op = [&growing](const OpEvent& ev) {
    growing[ev.index] = header_field(ev.dump_header(), "growing") == "1";
  };
  replay(t, ro);  // a mapcore failure only ends the probing early
  return growing;
}

// Puts NaN deletes and gets right after the ops that leave the map growing.
void insert_nan_probes(Trace& t, SeededChoices& choices, std::size_t max_ops) {
  const std::vector<bool> growing = growing_after_each_op(t);
  std::vector<Op> ops;
  ops.reserve(t.ops.size() * 2);
  for (std::size_t i = 0; i < t.ops.size() && ops.size() < max_ops; ++i) {
    ops.push_back(t.ops[i]);
    if (!growing[i] || choices.integer(1, kProbeAfterGrowingOpOneIn) != 1 ||
        ops.size() == max_ops) {
      continue;
    }
    Op probe;
    probe.kind =
        choices.integer(0, 99) < kProbeDelPercent ? OpKind::kDel : OpKind::kGet;
    probe.key = std::numeric_limits<double>::quiet_NaN();
    ops.push_back(probe);
  }
  t.ops = std::move(ops);
}

}  // namespace

DrawLimits oracle_draw_limits() {
  DrawLimits lim;
  // 600 ops: several growths of a small map, iterators across them, and
  // a ctest run of hundreds of traces in seconds (2 Go processes each).
  lim.max_ops = 600;
  return lim;
}

Trace draw_oracle_trace(uint64_t seed, const DrawLimits& limits) {
  SeededChoices choices(seed);
  Trace t = draw_trace(choices, limits);
  t.hasher.family = mapcore::HashFamily::kGoFallback;
  // A hashkey of the trace's own, odd like Go's (alginit sets bit 0); the
  // stream is keyed apart from the op choices by a constant.
  constexpr uint64_t kHashKeyStream = 0x68617368;  // "hash"
  t.hasher.param = mapcore::SplitMix64(seed ^ kHashKeyStream).next() | 1;
  if (t.types.key == KeyType::kFloat64 &&
      choices.integer(1, kNanProbeOneIn) == 1) {
    replace_nan_puts(t);
    insert_nan_probes(t, choices, limits.max_ops);
  }
  return t;
}

}  // namespace gomapfuzz::oracle

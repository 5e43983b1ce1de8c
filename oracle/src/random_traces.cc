#include "gomapfuzz/oracle/random_traces.h"

#include "mapcore/random_source.h"

namespace gomapfuzz::oracle {

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
  return t;
}

}  // namespace gomapfuzz::oracle

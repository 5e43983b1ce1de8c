// The map a trace has built just before one of its ops, for mutations that
// aim at the map's shape: a key that collides with a live one in the
// current B, a fill that stops one key short of the next growth.
//
// The probe replays the ops before `index` on a plain mapcore map with the
// trace's key type and hasher and the replayer's seeds (trace seed + number
// of the map, as harness/replayer.h makes them), without the model or any
// check: a few microseconds an op. Values are uint64 whatever the trace's
// value type, and iterators are not run: neither changes B, the count or
// hash0 (mapcore draws hash0 from a stream of its own, random_source.h), so
// hashes computed here are the ones the real run computes at that op.
// Injected allocation faults are not replayed (map_alloc_faults inputs get
// the map as it would be without them).
#ifndef GOMAPFUZZ_FUZZ_MAP_PROBE_H_
#define GOMAPFUZZ_FUZZ_MAP_PROBE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

class MapProbe {
 public:
  // The map after ops [0, index) of t.
  static std::unique_ptr<MapProbe> before(const Trace& t, std::size_t index);
  virtual ~MapProbe() = default;

  virtual uint8_t B() const = 0;
  virtual int64_t count() const = 0;
  virtual bool growing() const = 0;
  virtual bool same_size_grow() const = 0;
  virtual uint32_t hash0() const = 0;
  // The hash the map computes for k now (k of the trace's key type; not a
  // NaN, whose hash is random).
  virtual uint64_t hash(const TraceKey& k) const = 0;
  // The keys in the map (NaNs left out), in no particular order.
  virtual std::vector<TraceKey> live_keys() const = 0;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_MAP_PROBE_H_

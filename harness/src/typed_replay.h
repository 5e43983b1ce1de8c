// The replayer for one key and value type (see replayer.h): the executor
// (executor.h) on mapcore's typed driver, with the replayer's hooks and
// result. Instantiated per key type in replay_<key>.cc so the 30 type
// combinations compile in parallel.
#ifndef GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_
#define GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_

#include <optional>
#include <string>

#include "gomapfuzz/harness/executor.h"
#include "gomapfuzz/harness/mapcore_driver.h"
#include "gomapfuzz/harness/replayer.h"
#include "mapcore/introspect.h"

namespace gomapfuzz::internal {

inline ExecOptions exec_options_of(const ReplayOptions& o) {
  ExecOptions e;
  e.check_every = o.check_every;
  e.incremental_checks = o.incremental_checks;
  e.faults = o.faults;
  e.upstream = o.upstream;
  e.record_yields = o.record_yields;
  e.dump_around_faults = o.dump_around_faults;
  return e;
}

template <class K, class V>
ReplayResult replay_typed(const Trace& t, const ReplayOptions& o) {
  using Driver = MapcoreDriver<K, V>;
  const ExecOptions eo = exec_options_of(o);
  Driver d;
  Executor<Driver> ex(d, t, eo);
  ReplayResult result;
  try {
    ex.start();
    for (std::size_t i = 0; i < t.ops.size(); ++i) {
      if (o.before_op) o.before_op(i);
      const OpOutcome out = ex.step(i);
      if (!o.after_op) continue;
      // The map's value for k as a trace value, without side effects (a NaN
      // key is never looked up: its hash would draw from the random source).
      auto lookup = [&](const TraceKey& k) -> std::optional<uint64_t> {
        if (is_nan_key(k)) return std::nullopt;
        const Lookup l = d.get(k);
        return l.found ? l.value : std::nullopt;
      };
      o.after_op(OpEvent{i, t.ops[i], [&] { return d.dump(); }, out.iter_start,
                         out.alloc_failed, &ex.model(), lookup,
                         [&] { return mapcore::dump_header(d.map()); },
                         [&] { return mapcore::stats(d.map()); },
                         std::move(ex.yields())});
    }
    ex.finish();
  } catch (const ExecutionFailure& f) {
    result.failure = ReplayFailure::of(t, f);
  }
  result.stats = ex.stats();
  return result;
}

template <class K>
ReplayResult replay_with_key(const Trace& t, const ReplayOptions& o) {
  using mapcore::Bytes;
  switch (t.types.value_bytes) {
    case 0:
      return replay_typed<K, uint64_t>(t, o);
    case 8:
      return replay_typed<K, Bytes<8>>(t, o);
    case 16:
      return replay_typed<K, Bytes<16>>(t, o);
    case 32:
      return replay_typed<K, Bytes<32>>(t, o);
    case 64:
      return replay_typed<K, Bytes<64>>(t, o);
    case 128:
      return replay_typed<K, Bytes<128>>(t, o);
    case 129:
      return replay_typed<K, Bytes<129>>(t, o);
    case 200:
      return replay_typed<K, Bytes<200>>(t, o);
    case 256:
      return replay_typed<K, Bytes<256>>(t, o);
    case 1024:
      return replay_typed<K, Bytes<1024>>(t, o);
  }
  ReplayResult r;
  r.failure = ReplayFailure{0, 0, "(header)", "unsupported value type", {}, {}};
  return r;
}

ReplayResult replay_uint64(const Trace& t, const ReplayOptions& o);
ReplayResult replay_string(const Trace& t, const ReplayOptions& o);
ReplayResult replay_float64(const Trace& t, const ReplayOptions& o);

}  // namespace gomapfuzz::internal

#endif  // GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_

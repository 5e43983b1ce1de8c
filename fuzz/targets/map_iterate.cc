// map_iterate: iterators opened, advanced and closed between inserts,
// deletes, clears and growth (30% extra iterator ops on top of the op mix),
// over every key type including NaN floats. The replayer checks Go's range
// guarantees on every yield: no key twice, no key that is not in the map, no
// stale value, and at the end every key present throughout was yielded.
#include <cstddef>
#include <cstdint>

#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/trace_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gomapfuzz;
  const FuzzCase c = decode_fuzz_input(FuzzTarget::kMapIterate, {data, size});
  replay_or_abort(FuzzTarget::kMapIterate, c);
  return 0;
}

// Mutations of the decoded trace (fuzz/include/gomapfuzz/fuzz/trace_mutator.h).
GOMAPFUZZ_TRACE_MUTATOR(gomapfuzz::FuzzTarget::kMapIterate)

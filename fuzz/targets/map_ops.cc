// map_ops: bytes -> an op trace over a hasher chosen by the input (Go's
// fallback hash with input-chosen hashkey and seed, and every adversarial
// family), an optional make hint, uint64 or string keys, any value type.
// mapcore runs against the model; every result is compared, invariants are
// checked at every growth edge and at a sampled interval, and every map must
// leave zero live bytes behind when destroyed. Bounds: fuzz_draw_limits().
#include <cstddef>
#include <cstdint>

#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/trace_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gomapfuzz;
  const FuzzCase c = decode_fuzz_input(FuzzTarget::kMapOps, {data, size});
  replay_or_abort(FuzzTarget::kMapOps, c);
  return 0;
}

// Mutations of the decoded trace (fuzz/include/gomapfuzz/fuzz/trace_mutator.h).
GOMAPFUZZ_TRACE_MUTATOR(gomapfuzz::FuzzTarget::kMapOps)

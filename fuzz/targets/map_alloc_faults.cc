// map_alloc_faults: the input picks which allocations fail (attempt numbers,
// a byte budget, a failure probability), then a trace runs. After each failed
// allocation the map must equal its state before the op (same layout dump),
// invariants must hold, nothing may leak, and the run goes on.
#include <cstddef>
#include <cstdint>

#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/trace_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gomapfuzz;
  const FuzzCase c =
      decode_fuzz_input(FuzzTarget::kMapAllocFaults, {data, size});
  replay_or_abort(FuzzTarget::kMapAllocFaults, c);
  return 0;
}

// Mutations of the decoded trace (fuzz/include/gomapfuzz/fuzz/trace_mutator.h).
GOMAPFUZZ_TRACE_MUTATOR(gomapfuzz::FuzzTarget::kMapAllocFaults)

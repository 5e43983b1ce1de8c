// The last step of every map fuzz target: replay the decoded case and, on a
// failure, print what a human needs and abort so libFuzzer keeps the input.
//
// A fuzz target then reads as a short story:
//   const FuzzCase c = decode_fuzz_input(FuzzTarget::kMapOps, {data, size});
//   replay_or_abort(FuzzTarget::kMapOps, c);
// The replay (harness/replayer.h) runs mapcore against the model, compares
// every result and every iteration yield, checks invariants at every growth
// start and finish and every c.check_every ops, checks the memory accounting,
// and requires zero live bytes after each map is destroyed; with c.faults
// armed it also requires that a failed allocation leaves the map unchanged.
#ifndef GOMAPFUZZ_FUZZ_FUZZ_RUN_H_
#define GOMAPFUZZ_FUZZ_FUZZ_RUN_H_

#include "gomapfuzz/harness/fuzz_decode.h"
#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz {

// Replays c; returns the result (no abort). For tools and tests.
ReplayResult replay_case(const FuzzCase& c);

// Replays c; on failure prints the trace, the failure (op, reason, violated
// invariants, the start of the layout dump) and the repro command to stderr,
// then calls abort().
void replay_or_abort(FuzzTarget target, const FuzzCase& c);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_FUZZ_RUN_H_

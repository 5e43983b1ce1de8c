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
#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz {

// Replays c; returns the result (no abort). For tools and tests.
ReplayResult replay_case(const FuzzCase& c);

// Replays c; on failure prints the trace, the failure (op, reason, violated
// invariants, the start of the layout dump) and the repro command to stderr,
// then calls abort().
void replay_or_abort(FuzzTarget target, const FuzzCase& c);

// The same for a subject linked into a fuzz target (the installed suite's
// targets, gomapfuzz_add_map_suite): replays c through the subject
// executor (subject_replay.h); on failure prints the trace as text, the
// failure and the checks its tiers skip, then calls abort().
void replay_subject_or_abort(FuzzTarget target, const Subject& s,
                             const FuzzCase& c);

// Subject::linked(table), or, for a table that cannot be used, one line on
// stderr and exit status 2: a fuzz target has no caller to throw to.
Subject linked_subject_or_exit(const gomapfuzz_subject_v1* table);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_FUZZ_RUN_H_

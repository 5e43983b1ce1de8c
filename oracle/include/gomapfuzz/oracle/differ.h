// The differential oracle: one trace on the real Go 1.19 map and on mapcore,
// compared op by op.
//
//   1. Go runs the trace once to record the iteration starts it chooses
//      (fastrand); they are written into the trace as explicit starts
//      (`iter S O`, `it-open I S O`): the "pinned" trace, which replays
//      identically on both sides, and is what a divergence report saves.
//   2. Go runs the pinned trace and prints a record per op; mapcore replays
//      it through the harness replayer (model checks included), and after
//      every op the two are compared:
//        - the layout dump's hmap and pool lines, every op;
//        - all buckets (current and old arrays, tophash by tophash, keys,
//          values, chain membership), at every op Go prints in full (every
//          op of a small map; see oracle/gomap/runner.go for big ones);
//        - the iteration start and every yielded entry, in order;
//        - each op's result (put new/old, get value, del hit) against the
//          model, which the replayer holds mapcore to.
//   3. On a difference, if the previous op was not compared in full, both
//      sides run again with full dumps over the window, so the report names
//      the first op whose state differs.
//   4. A divergence is run again (OracleOptions::reruns): one that does not
//      reproduce every time is reported as nondeterministic, never as a
//      plain divergence. check_determinism() runs each side twice and
//      compares the runs with the same rules.
//
// Randomness neither side pins (oracle/README.md, "Randomness", lists every
// fastrand() of Go 1.19's map.go and alg.go and what the oracle does with
// it) *taints* the comparison: while tainted, only count and hash0 (and the
// op results) are compared, and iterations that overlap the taint are not.
// A taint starts at:
//   - a NaN put: Go hashes NaN with fastrand (alg.go f64hash), so where it
//     lands and, at every later evacuation, where it moves are random;
//   - a NaN delete while the map grows: mapdelete hashes the key before
//     growWork, which evacuates the old bucket that random hash picks;
//   - at B >= 16, noverflow (counted at random there, so masked) on opposite
//     sides of tooManyOverflowBuckets' threshold: same-size growth could
//     then start on one side only.
// It is lifted at the first op after which both layouts are compared in
// full and equal while no NaN key is in the map (a make, or a clear, ends
// the NaN keys; growth finishing usually ends a NaN delete's effect).
#ifndef GOMAPFUZZ_ORACLE_DIFFER_H_
#define GOMAPFUZZ_ORACLE_DIFFER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/subject.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/oracle/go_oracle.h"

namespace gomapfuzz::oracle {

struct OracleOptions {
  std::string go_binary;  // from locate_go_oracle()
  FullDumpPolicy policy;  // extra full dumps (Go's default policy applies too)
  // mapcore's invariant checks during the comparison (0: growth edges and
  // the end only; the corpus ctests check corpus traces after every op).
  uint64_t check_every = 0;
  // run_oracle runs a divergent trace this many more times.
  int reruns = 3;
  // The NaN-delete-during-growth taint rule; off only to show what it
  // hides (a test turns it off and sees Go's two verdicts).
  bool taint_nan_deletes = true;
};

struct Divergence {
  std::size_t op_index = 0;
  int line = 0;  // source line of the op, 0 when generated
  std::string op_text;
  std::string what;  // one line: what differs
  std::string go_state;
  std::string mapcore_state;
  // op_index is the first op after which the states differ (false only if
  // the re-run could not narrow it down, which would mean nondeterminism).
  bool exact = true;
  // Of `reruns` runs again of the same pinned trace, how many diverged too.
  int reruns = 0;
  int reruns_diverging = 0;
  // Names of the two sides in messages ("Go" and "mapcore"; "Go run 1" and
  // "Go run 2" in a determinism check).
  std::string a_name = "Go", b_name = "mapcore";

  bool nondeterministic() const {
    return reruns > 0 && reruns_diverging < reruns;
  }
};

struct OracleStats {
  uint64_t ops = 0;
  uint64_t full_compares = 0;     // ops whose whole layout was compared
  uint64_t header_compares = 0;   // ops whose hmap and pool lines were
  uint64_t starts = 0;            // iteration starts replayed from Go
  uint64_t yields = 0;            // yielded entries compared
  uint64_t results = 0;           // Go results checked against the model
  uint64_t tainted_ops = 0;       // ops compared on count and hash0 only
  uint64_t taints = 0;            // tainted spans begun
  uint64_t noverflow_masked = 0;  // ops at B >= 16
  unsigned max_b = 0;
};

struct OracleReport {
  Trace pinned;  // the trace with Go's iteration starts written in
  std::string go_version;
  std::optional<Divergence> divergence;
  std::optional<ReplayFailure> mapcore_failure;  // mapcore vs the model
  OracleStats stats;

  bool ok() const { return !divergence && !mapcore_failure; }
};

// Runs t on Go and on mapcore; a divergence is run o.reruns more times.
// Throws OracleError when the comparison cannot run (not a gofallback
// trace, Go missing or failing).
OracleReport run_oracle(const Trace& t, const OracleOptions& o);

// Each side run twice on t (its iteration starts pinned first) and the two
// runs compared with the oracle's rules: any difference outside tainted
// spans means that side is not deterministic.
struct DeterminismReport {
  Trace pinned;
  std::optional<Divergence> go;       // Go run 1 vs Go run 2
  std::optional<Divergence> mapcore;  // mapcore run 1 vs run 2
  OracleStats go_stats, mapcore_stats;

  bool ok() const { return !go && !mapcore; }
};
DeterminismReport check_determinism(const Trace& t, const OracleOptions& o);

// The pieces of run_oracle, for tests and tools.
Trace pin_iteration_starts(
    const Trace& t, const std::map<std::size_t, mapcore::IterStart>& starts);
// Go runs go_trace, mapcore runs mapcore_trace (both pinned, same ops).
OracleReport compare_pinned(const Trace& go_trace, const Trace& mapcore_trace,
                            const OracleOptions& o);

// Two subjects through the C ABI (gomapfuzz/subject_abi.h), op by op, by
// the rules above: the Go subject (goruntime/subject, the real runtime map
// in-process) against mapcore's table, for one. `a` runs a_trace and `b`
// runs b_trace: the same ops (a test plants a divergence by changing one).
// Both need tier c (their dumps are compared); with tier d's random source
// each draws hash0 and every unpinned range's start from the trace's seed,
// so the order of every yield is compared. Each side is also held to the
// model by the subject executor (a failure there is reported, not a
// divergence). Dumps cost O(buckets) and the ABI has no header-only one, so
// not every op is dumped: every op of a map of up to 128 buckets, every
// 2^B/32-th above, make, clear, the last op and o.policy's; a divergence
// found after ops with no dump is narrowed by a re-run with a dump at
// every op of the window. An op without a dump taints what its layout
// would decide (a NaN delete then, B >= 16).
struct SubjectComparison {
  std::optional<Divergence> divergence;
  std::optional<ReplayFailure> failure;  // a side failed its own checks
  std::string failing_side;              // that side's name
  OracleStats stats;
  ReplayStats a_stats;  // a's run: ranges begun, yields

  bool ok() const { return !divergence && !failure; }
};
// Throws SubjectError when a trace cannot run on its subject, OracleError
// when the two traces differ in length.
SubjectComparison compare_subjects(const Subject& a, const Trace& a_trace,
                                   const Subject& b, const Trace& b_trace,
                                   const OracleOptions& o);

// A divergence for humans: the op, what differs, both header lines and the
// bucket lines that differ, side by side (Go first).
std::string describe(const Divergence& d);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_DIFFER_H_

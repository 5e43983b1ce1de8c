// The subject executor: runs a trace on any subject (subject.h) against the
// model, through the C ABI, and checks what the subject's tiers allow:
//
//   always (tier a)  every result (put new/old, get value, del hit), the
//                    size after each op, Go's iteration guarantees on every
//                    yield (iteration_check.h, the replayer's own checker);
//   tier b           every byte through a counting, fault-injecting
//                    allocator: a put, make or iterator open whose
//                    allocation fails must say so (GOMAPFUZZ_NOMEM) and leave
//                    the map as it was (same size, every model entry still
//                    found with its value); no byte may outlive destroy;
//   tier c           the layout dump in every failure report.
//
// What a missing tier leaves unchecked is listed in the result (`skipped`),
// so every summary can say it. The invariant checker and the growth laws
// need mapcore's typed view and run on mapcore through the replayer
// (replayer.h); through the ABI they are reported as skipped.
#ifndef GOMAPFUZZ_HARNESS_SUBJECT_REPLAY_H_
#define GOMAPFUZZ_HARNESS_SUBJECT_REPLAY_H_

#include <memory>
#include <string>
#include <vector>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/subject.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

struct SubjectReplayOptions {
  FaultPlan faults;  // needs tier b; ignored (and reported skipped) without
  // Keep each yield's "KEY=VALUE" text (SubjectRun::yields).
  bool record_yields = false;
};

struct SubjectReplayResult {
  std::optional<ReplayFailure> failure;
  ReplayStats stats;
  std::vector<std::string> skipped;  // checks the subject's tiers do not allow

  bool ok() const { return !failure.has_value(); }
};

// Why `t` cannot run on `s` at all ("" when it can): a key type the subject
// does not support, a hasher other than gofallback without tier d, values
// other than uint64 (ABI version 1).
std::string why_not_runnable(const Subject& s, const Trace& t);

SubjectReplayResult replay_on_subject(const Subject& s, const Trace& t,
                                      const SubjectReplayOptions& o = {});

// The same run op by op, for a caller that looks at the subject between
// ops: the oracle compares two subjects in lockstep (differ.h). start()
// makes the implicit first map, step(i) runs op i, finish() runs the
// end-of-trace checks and destroys the map; each throws ExecutionFailure
// at the first check that fails.
class SubjectRun {
 public:
  // Throws SubjectError when t cannot run on s (why_not_runnable). s and t
  // must outlive the run.
  SubjectRun(const Subject& s, const Trace& t,
             const SubjectReplayOptions& o = {});
  ~SubjectRun();
  SubjectRun(const SubjectRun&) = delete;
  SubjectRun& operator=(const SubjectRun&) = delete;

  void start();
  OpOutcome step(std::size_t index);
  void finish();

  // The layout dump now ("" without tier c): O(buckets) on most subjects.
  std::string dump() const;
  // The last op's yields, with record_yields.
  const std::vector<std::string>& yields() const;
  std::vector<std::string> skipped() const;
  ReplayStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The checks a subject skips, whatever the trace (for `gomapfuzz subjects`).
std::vector<std::string> skipped_checks(const Subject& s);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_SUBJECT_REPLAY_H_

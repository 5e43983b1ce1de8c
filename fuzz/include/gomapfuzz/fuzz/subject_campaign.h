// `gomapfuzz fuzz --subject-lib LIB`: the CI fuzz job for a user's map.
//
// For each of the map targets' kinds of work (ops: every op against the
// model; iterate: iterators interleaved with writes and growth; alloc_faults:
// allocations failed on purpose, tier b only) it draws traces from seeds
// with the harness's one op generator, within the same limits as the
// libFuzzer targets (fuzz_draw_limits), restricted to what the subject
// takes (its key kinds, uint64 values, gofallback without tier d), and runs
// them on the subject through the subject executor (subject_replay.h) for
// a time budget. It is random testing, not coverage-guided: a subject built
// into a libFuzzer target (the installed package's CMake function) gets the
// coverage-guided kind.
//
// Every target runs in a sandbox child (harness/sandbox.h), the subject
// loaded there, so a subject that crashes, aborts or hangs on a trace is a
// finding with that trace, never a crash of gomapfuzz; a wrong answer is a
// finding too. A finding is saved as a text trace (its seed and target in
// its comments) that `gomapfuzz repro --subject-lib LIB` replays and
// `gomapfuzz minimize --subject-lib LIB` shrinks.
#ifndef GOMAPFUZZ_FUZZ_SUBJECT_CAMPAIGN_H_
#define GOMAPFUZZ_FUZZ_SUBJECT_CAMPAIGN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/harness/fuzz_decode.h"
#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz {

// What the parent learns of a subject from a sandbox child (load errors
// and crashes while loading included).
struct SubjectProbe {
  std::string error;  // one line; empty when it loaded
  std::string name;
  uint32_t tiers = 0;
  uint32_t key_kinds = 0;
  std::vector<std::string> skipped;  // checks its tiers do not allow
};
SubjectProbe probe_subject(const std::string& spec, double timeout_seconds);

// The kinds of work: "ops", "iterate", "alloc_faults".
std::vector<std::string> subject_targets();

// The case of one seed of a target for a subject with these tiers/kinds.
FuzzCase subject_case(const std::string& target, uint64_t seed, uint32_t tiers,
                      uint32_t key_kinds);

struct SubjectCampaignOptions {
  std::string spec;  // the subject: a built-in name or a library path
  double seconds_per_target = 20;
  uint64_t seed = 1;
  double trace_timeout = 10;  // a trace running longer is a hang
  std::string artifact_dir = "gomapfuzz-findings";
  std::vector<std::string> targets;    // empty: all
  bool stop_at_first_finding = false;  // stop every target at a finding
  // Called now and then with (target, runs so far).
  std::function<void(const std::string&, uint64_t)> progress;
};

struct TargetOutcome {
  std::string target;
  uint64_t runs = 0;
  double seconds = 0;
  std::string skipped;     // why the target did not run ("" when it did)
  std::string finding;     // one line; "" when none
  double found_after = 0;  // seconds from the campaign's start to the finding
  std::optional<uint64_t> finding_seed;
  std::string artifact;  // the saved trace of the finding
};

struct CampaignResult {
  SubjectProbe subject;
  std::vector<TargetOutcome> targets;
  bool ok() const;
};

CampaignResult run_subject_campaign(const SubjectCampaignOptions& o);

// One case on a subject in a sandbox child: "" when it passes, else the
// failure (a wrong answer, with the layout dump when the subject has tier
// c; or the crash, abort or hang).
struct SubjectVerdict {
  std::string failure;  // one line
  std::string dump;
  bool ok() const { return failure.empty(); }
};
SubjectVerdict replay_subject_sandboxed(const std::string& spec,
                                        const FuzzCase& c,
                                        double timeout_seconds);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_SUBJECT_CAMPAIGN_H_

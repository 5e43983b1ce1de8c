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
#include <span>
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

// What a subject takes of a target's draws: the target's bounds
// (fuzz_draw_limits) but the key kinds the subject supports (key_kinds:
// bit 1 << gomapfuzz_key_kind), and uint64 values (ABI version 1).
// The one definition for the campaign below, the installed suite's
// libFuzzer targets and its properties (gomapfuzz_add_map_suite).
DrawLimits subject_draw_limits(FuzzTarget t, uint32_t key_kinds);

// Makes a drawn trace's hasher one the subject can honour: without tier d
// it hashes keys itself, and only Go's own hash (gofallback) stands for
// that. The choices that drew the hasher are still consumed, so a stream
// of choices means the same ops with or without tier d.
void fit_hasher_to_subject(Trace& t, uint32_t tiers);

// A case drawn for a subject from any choice source, within `limits`
// (subject_draw_limits, or tighter): for kMapAllocFaults first a fault plan
// of a few failing allocation attempts, then the trace, its hasher fitted.
template <ChoiceSource S>
FuzzCase draw_subject_case(S& choices, FuzzTarget t, uint32_t tiers,
                           const DrawLimits& limits) {
  // Fault plans in this stream's own shape (not decode_fuzz_input's): a
  // few attempts among the first 64, where a short trace allocates.
  constexpr uint64_t kMaxFaults = 4, kLastFaultAttempt = 64;
  FuzzCase c;
  if (t == FuzzTarget::kMapAllocFaults) {
    for (uint64_t n = choices.integer(1, kMaxFaults); n > 0; --n) {
      c.faults.fail_at.push_back(choices.integer(1, kLastFaultAttempt));
    }
  }
  c.trace = draw_trace(choices, limits);
  fit_hasher_to_subject(c.trace, tiers);
  return c;
}

// The case of one seed of a target ("ops", "iterate", "alloc_faults") for
// a subject with these tiers/kinds.
FuzzCase subject_case(const std::string& target, uint64_t seed, uint32_t tiers,
                      uint32_t key_kinds);

// A raw libFuzzer input of a map target decoded for a subject: the bytes
// read as decode_fuzz_input reads them, within subject_draw_limits, the
// hasher fitted (the suite's fuzz targets).
FuzzCase decode_subject_input(FuzzTarget t, std::span<const uint8_t> data,
                              const Subject& s);

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

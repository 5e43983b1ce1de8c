#include "gomapfuzz/harness/subject_replay.h"

#include <string>

#include "abi_driver.h"
#include "gomapfuzz/harness/executor.h"

namespace gomapfuzz {

std::vector<std::string> skipped_checks(const Subject& s) {
  return checks_skipped(
      false, s.has(GOMAPFUZZ_TIER_ALLOCATOR), s.has(GOMAPFUZZ_TIER_LAYOUT),
      s.has(GOMAPFUZZ_TIER_HASH), s.has(GOMAPFUZZ_TIER_RANDOM));
}

std::string why_not_runnable(const Subject& s, const Trace& t) {
  if (!s.supports(t.types.key)) {
    return s.name() + " does not take " +
           std::string(key_type_name(t.types.key)) + " keys";
  }
  if (t.types.value_bytes != 0) {
    return "ABI version 1 carries uint64 values, not " +
           value_type_name(t.types.value_bytes);
  }
  if (!s.has(GOMAPFUZZ_TIER_HASH) &&
      !(t.hasher.family == mapcore::HashFamily::kGoFallback)) {
    return s.name() + " hashes keys itself (no tier d): the trace's hasher " +
           std::string(mapcore::hash_family_name(t.hasher.family)) +
           " cannot apply";
  }
  return "";
}

SubjectReplayResult replay_on_subject(const Subject& s, const Trace& t,
                                      const SubjectReplayOptions& o) {
  if (const std::string why = why_not_runnable(s, t); !why.empty()) {
    SubjectReplayResult r;
    r.failure = ReplayFailure{0, 0, "(header)", "cannot run: " + why, {}, {}};
    return r;
  }
  internal::AbiDriver d(s, t.types.key);
  ExecOptions eo;
  eo.faults = o.faults;
  Executor<internal::AbiDriver> ex(d, t, eo);
  SubjectReplayResult r;
  r.skipped = ex.skipped();
  if (o.faults.armed() && !s.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    r.skipped.push_back("the fault plan (needs tier b)");
  }
  try {
    ex.run_all();
  } catch (const ExecutionFailure& f) {
    r.failure = ReplayFailure::of(t, f);
  }
  r.stats = ex.stats();
  return r;
}

}  // namespace gomapfuzz

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

struct SubjectRun::Impl {
  Impl(const Subject& s, const Trace& t, const SubjectReplayOptions& o)
      : options(exec_options(o)),
        driver(s, t.types.key),
        executor(driver, t, options) {}

  static ExecOptions exec_options(const SubjectReplayOptions& o) {
    ExecOptions eo;
    eo.faults = o.faults;
    eo.record_yields = o.record_yields;
    return eo;
  }

  const ExecOptions options;  // the executor keeps a reference
  internal::AbiDriver driver;
  Executor<internal::AbiDriver> executor;
};

SubjectRun::SubjectRun(const Subject& s, const Trace& t,
                       const SubjectReplayOptions& o) {
  if (const std::string why = why_not_runnable(s, t); !why.empty()) {
    throw SubjectError("cannot run: " + why);
  }
  impl_ = std::make_unique<Impl>(s, t, o);
}

SubjectRun::~SubjectRun() = default;

void SubjectRun::start() { impl_->executor.start(); }
OpOutcome SubjectRun::step(std::size_t index) {
  return impl_->executor.step(index);
}
void SubjectRun::finish() { impl_->executor.finish(); }
std::string SubjectRun::dump() const { return impl_->driver.dump(); }
const std::vector<std::string>& SubjectRun::yields() const {
  return impl_->executor.yields();
}
std::vector<std::string> SubjectRun::skipped() const {
  return impl_->executor.skipped();
}
ReplayStats SubjectRun::stats() const { return impl_->executor.stats(); }

SubjectReplayResult replay_on_subject(const Subject& s, const Trace& t,
                                      const SubjectReplayOptions& o) {
  SubjectReplayResult r;
  if (const std::string why = why_not_runnable(s, t); !why.empty()) {
    r.failure = ReplayFailure{0, 0, "(header)", "cannot run: " + why, {}, {}};
    return r;
  }
  SubjectRun run(s, t, o);
  r.skipped = run.skipped();
  if (o.faults.armed() && !s.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    r.skipped.push_back("the fault plan (needs tier b)");
  }
  try {
    run.start();
    for (std::size_t i = 0; i < t.ops.size(); ++i) run.step(i);
    run.finish();
  } catch (const ExecutionFailure& f) {
    r.failure = ReplayFailure::of(t, f);
  }
  r.stats = run.stats();
  return r;
}

}  // namespace gomapfuzz

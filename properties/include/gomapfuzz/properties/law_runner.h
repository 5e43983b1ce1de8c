// check_laws: runs a whole trace through MapUnderTest and reports the first
// broken law. This is what `gomapfuzz laws` runs, and what the property
// suite's regression test runs on every trace in corpus/regressions/, so a
// trace saved by a failing property keeps checking the law it broke.
#ifndef GOMAPFUZZ_PROPERTIES_LAW_RUNNER_H_
#define GOMAPFUZZ_PROPERTIES_LAW_RUNNER_H_

#include <optional>

#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/properties/laws.h"
#include "gomapfuzz/properties/map_under_test.h"

namespace gomapfuzz {

struct LawReport {
  std::optional<LawViolation> violation;
  LawCoverage coverage;

  bool ok() const { return !violation.has_value(); }
};

// Whether the laws can run this trace: any key type, uint64 values.
bool laws_support(const TraceTypes& types);

// Runs every op, then the end-of-trace checks. Throws std::invalid_argument
// when !laws_support(trace.types).
LawReport check_laws(const Trace& trace, const LawOptions& options = {});

// The trace cut right after the op that broke the law: it still fails, and
// is what a failure report prints.
Trace failing_prefix(const Trace& trace, const LawViolation& v);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_LAW_RUNNER_H_

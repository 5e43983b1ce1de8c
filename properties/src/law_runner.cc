// check_laws (law_runner.h): dispatch on the trace's key type.
#include "gomapfuzz/properties/law_runner.h"

#include <stdexcept>

namespace gomapfuzz {
namespace {

template <class K>
LawReport run_laws(const Trace& trace, const LawOptions& options) {
  LawReport report;
  try {
    MapUnderTest<K> m(trace, options);
    for (const Op& op : trace.ops) m.run(op);
    m.finish();
    report.coverage = m.coverage();
  } catch (const LawViolation& v) {
    report.violation = v;
  }
  return report;
}

}  // namespace

bool laws_support(const TraceTypes& types) { return types.value_bytes == 0; }

LawReport check_laws(const Trace& trace, const LawOptions& options) {
  if (!laws_support(trace.types)) {
    throw std::invalid_argument(
        "the laws run traces with uint64 values; this one has " +
        value_type_name(trace.types.value_bytes));
  }
  switch (trace.types.key) {
    case KeyType::kUint64:
      return run_laws<uint64_t>(trace, options);
    case KeyType::kString:
      return run_laws<mapcore::GoString>(trace, options);
    case KeyType::kFloat64:
      return run_laws<double>(trace, options);
  }
  throw std::invalid_argument("unknown key type");
}

Trace failing_prefix(const Trace& trace, const LawViolation& v) {
  Trace t = trace;
  if (v.op_index() < t.ops.size()) t.ops.resize(v.op_index() + 1);
  return t;
}

}  // namespace gomapfuzz

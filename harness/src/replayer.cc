#include "gomapfuzz/harness/replayer.h"

#include "typed_replay.h"

namespace gomapfuzz {

std::string ReplayFailure::summary() const {
  std::string s = "op " + std::to_string(op_index);
  if (line > 0) s += " (line " + std::to_string(line) + ")";
  return s + " `" + op_text + "`: " + reason;
}

ReplayFailure ReplayFailure::at(const Trace& t, std::size_t index,
                                std::string reason) {
  ReplayFailure f;
  f.op_index = index;
  if (index < t.ops.size()) {
    f.line = t.ops[index].line;
    f.op_text = print_op(t.ops[index]);
  } else {
    f.op_text = "(end of trace)";
  }
  f.reason = std::move(reason);
  return f;
}

ReplayFailure ReplayFailure::of(const Trace& t, const ExecutionFailure& f) {
  const std::size_t index = f.index == ExecutionFailure::kAtStart ? 0 : f.index;
  ReplayFailure r = at(t, index, f.reason);
  r.violations = f.violations;
  r.dump = f.dump;
  return r;
}

ReplayResult replay(const Trace& trace, const ReplayOptions& options) {
  switch (trace.types.key) {
    case KeyType::kUint64:
      return internal::replay_uint64(trace, options);
    case KeyType::kString:
      return internal::replay_string(trace, options);
    case KeyType::kFloat64:
      return internal::replay_float64(trace, options);
  }
  return {};
}

}  // namespace gomapfuzz

// Printing history ops (see history.h).
#include "gomapfuzz/chaos/history.h"

namespace gomapfuzz::chaos {

std::string HistOp::to_string() const {
  const std::string k = std::to_string(key);
  switch (kind) {
    case HistKind::kPut:
      return "put " + k + " " + std::to_string(value) + " -> " +
             (flag ? "new" : "present");
    case HistKind::kGet:
      return "get " + k + " -> " + (got ? std::to_string(*got) : "absent");
    case HistKind::kDel:
      return "del " + k + " -> " + (flag ? "present" : "absent");
    case HistKind::kStore:
      return "store " + k + " " + std::to_string(value);
    case HistKind::kDelete:
      return "delete " + k;
    case HistKind::kLoadOrStore:
      return "load-or-store " + k + " " + std::to_string(value) + " -> " +
             std::to_string(got.value_or(0)) + (flag ? " loaded" : " stored");
    case HistKind::kLoadAndDelete:
      return "load-and-delete " + k + " -> " +
             (flag ? std::to_string(got.value_or(0)) : "absent");
    case HistKind::kRange: {
      std::string out = "range ->";
      for (const auto& [rk, rv] : visited)
        out += " " + std::to_string(rk) + "=" + std::to_string(rv);
      return out;
    }
  }
  return "?";
}

}  // namespace gomapfuzz::chaos

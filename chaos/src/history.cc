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
  }
  return "?";
}

}  // namespace gomapfuzz::chaos

// The Range checker (see range_check.h).
#include "gomapfuzz/chaos/range_check.h"

#include <set>

namespace gomapfuzz::chaos {

RangeCheckReport check_history_with_ranges(const History& h, uint64_t key_space,
                                           const LinOptions& o) {
  RangeCheckReport r;
  History split;
  split.reserve(h.size());
  for (const HistOp& op : h) {
    if (op.kind != HistKind::kRange) {
      split.push_back(op);
      continue;
    }
    ++r.ranges;
    r.visits += op.visited.size();
    std::set<uint64_t> seen;
    for (const auto& [k, v] : op.visited) {
      if (!seen.insert(k).second && !r.duplicate) {
        r.duplicate = "range of thread " + std::to_string(op.thread) +
                      " visited key " + std::to_string(k) + " twice";
      }
    }
    for (uint64_t k = 0; k < key_space; ++k) {
      HistOp load;
      load.thread = op.thread;
      load.kind = HistKind::kGet;
      load.key = k;
      load.call = op.call;
      load.ret = op.ret;
      for (const auto& [vk, vv] : op.visited) {
        if (vk == k) load.got = vv;
      }
      split.push_back(load);
    }
  }
  r.lin = check_linearizable(split, o);
  return r;
}

}  // namespace gomapfuzz::chaos

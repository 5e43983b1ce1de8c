// A trace's ops, written as the trace reads: Ops<uint64_t>().put(1, 1)
// .get(1). K is the trace's key type (uint64_t, std::string or double).
#ifndef GOMAPFUZZ_CORPUS_TOOLS_OPS_H_
#define GOMAPFUZZ_CORPUS_TOOLS_OPS_H_

#include <cstdint>
#include <vector>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::corpus_tools {

template <class K>
class Ops {
 public:
  Ops& make(int64_t hint) { return add({.kind = OpKind::kMake, .hint = hint}); }
  Ops& put(K k, uint64_t v) {
    return add({.kind = OpKind::kPut, .key = std::move(k), .value = v});
  }
  Ops& get(K k) { return add({.kind = OpKind::kGet, .key = std::move(k)}); }
  Ops& del(K k) { return add({.kind = OpKind::kDel, .key = std::move(k)}); }
  Ops& clear() { return add({.kind = OpKind::kClear}); }
  Ops& iter() { return add({.kind = OpKind::kIter}); }
  Ops& iter(uint64_t bucket, uint8_t offset) {
    return add(
        {.kind = OpKind::kIter, .start = mapcore::IterStart{bucket, offset}});
  }
  Ops& it_open(int i) { return add({.kind = OpKind::kItOpen, .iter = i}); }
  Ops& it_open(int i, uint64_t bucket, uint8_t offset) {
    return add({.kind = OpKind::kItOpen,
                .iter = i,
                .start = mapcore::IterStart{bucket, offset}});
  }
  Ops& it_next(int i, uint64_t steps = 1) {
    return add({.kind = OpKind::kItNext, .iter = i, .steps = steps});
  }
  Ops& it_close(int i) { return add({.kind = OpKind::kItClose, .iter = i}); }

  // The ops so far, for a Trace.
  const std::vector<Op>& ops() const { return ops_; }

 private:
  Ops& add(Op op) {
    ops_.push_back(std::move(op));
    return *this;
  }

  std::vector<Op> ops_;
};

}  // namespace gomapfuzz::corpus_tools

#endif  // GOMAPFUZZ_CORPUS_TOOLS_OPS_H_

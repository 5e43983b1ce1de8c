// Insert/delete churn at constant size, the way same-size growth arises
// (Go issues 16070, 9477): each step deletes a live key drawn at random and
// inserts the next new one. Keys are 0, 1, 2... with themselves as values.
#ifndef GOMAPFUZZ_CORPUS_TOOLS_CHURN_H_
#define GOMAPFUZZ_CORPUS_TOOLS_CHURN_H_

#include <cstdint>
#include <vector>

#include "cpython_random.h"
#include "ops.h"

namespace gomapfuzz::corpus_tools {

class Churn {
 public:
  explicit Churn(uint32_t rng_seed) : rng_(rng_seed) {}

  // Puts the first n keys.
  void fill(Ops<uint64_t>& o, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) insert(o);
  }
  // Deletes a live key drawn at random, then puts a new one.
  void step(Ops<uint64_t>& o) {
    o.del(rng_.pop_random(live_));
    insert(o);
  }

 private:
  void insert(Ops<uint64_t>& o) {
    o.put(next_, next_);
    live_.push_back(next_++);
  }

  CPythonRandom rng_;
  std::vector<uint64_t> live_;
  uint64_t next_ = 0;
};

}  // namespace gomapfuzz::corpus_tools

#endif  // GOMAPFUZZ_CORPUS_TOOLS_CHURN_H_

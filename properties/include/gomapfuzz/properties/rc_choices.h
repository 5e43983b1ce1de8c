// RcChoices: harness's op generator (op_source.h) driven by RapidCheck.
//
// A ChoiceSource whose every integer() is a RapidCheck pick, so the one op
// generator (draw_trace, draw_op, draw_key, draw_hasher) generates inside a
// property, and RapidCheck shrinks a failing trace choice by choice
// (towards lo: puts, small keys, the first hasher family). Only usable
// inside a property or a gen::exec.
//
// Header-only, and the only header here that needs RapidCheck: the
// properties library does not link it; the suites that include this do
// (properties_tests, and the installed map suite's properties binary,
// gomapfuzz_add_map_suite).
#ifndef GOMAPFUZZ_PROPERTIES_RC_CHOICES_H_
#define GOMAPFUZZ_PROPERTIES_RC_CHOICES_H_

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "gomapfuzz/harness/op_source.h"

namespace gomapfuzz::props {

class RcChoices {
 public:
  uint64_t integer(uint64_t lo, uint64_t hi) {
    if (lo >= hi) return lo;
    const uint64_t span = hi - lo;
    if (span == std::numeric_limits<uint64_t>::max()) {
      return *rc::gen::resize(kUniformSize, rc::gen::arbitrary<uint64_t>());
    }
    return lo + *rc::gen::resize(kUniformSize,
                                 rc::gen::inRange<uint64_t>(0, span + 1));
  }
  std::string bytes(std::size_t max_len) {
    const auto n = static_cast<std::size_t>(integer(0, max_len));
    return *rc::gen::container<std::string>(n, rc::gen::arbitrary<char>());
  }
  bool exhausted() const { return false; }

 private:
  // RapidCheck scales picks by the case's size (small values first).
  // Choices that select among op kinds or hasher families must be uniform
  // from the first case on, so they are drawn at the full nominal size;
  // lengths of op lists still grow with the size.
  static constexpr int kUniformSize = 100;
};
static_assert(ChoiceSource<RcChoices>);

}  // namespace gomapfuzz::props

#endif  // GOMAPFUZZ_PROPERTIES_RC_CHOICES_H_

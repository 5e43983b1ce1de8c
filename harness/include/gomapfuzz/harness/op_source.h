// Drawing traces from a source of choices: the one generator of ops.
//
// Fuzz targets (bytes through libFuzzer's FuzzedDataProvider), RapidCheck
// properties (generated values) and chaos schedules (a seeded generator) all
// make traces by asking a *choice source* for small integers. This header
// turns those choices into keys, hashers, ops and whole traces, one function
// per concept, so every suite produces the same vocabulary of ops with the
// same distributions, and every failure prints as a trace.
//
// A ChoiceSource provides:
//   uint64_t integer(uint64_t lo, uint64_t hi);  // in [lo, hi]
//   std::string bytes(std::size_t max_len);       // up to max_len bytes
//   bool exhausted() const;                       // no more real choices
#ifndef GOMAPFUZZ_HARNESS_OP_SOURCE_H_
#define GOMAPFUZZ_HARNESS_OP_SOURCE_H_

#include <array>
#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>

#include "gomapfuzz/harness/trace.h"
#include "mapcore/random_source.h"

namespace gomapfuzz {

template <class S>
concept ChoiceSource = requires(S& s, uint64_t a, std::size_t n) {
  { s.integer(a, a) } -> std::convertible_to<uint64_t>;
  { s.bytes(n) } -> std::convertible_to<std::string>;
  { s.exhausted() } -> std::convertible_to<bool>;
};

// Bounds that keep one drawn trace fast to run and its checks cheap.
struct DrawLimits {
  std::size_t max_ops = 1500;
  int64_t max_hint = 4096;
  uint64_t key_space = 384;  // most keys come from 0..key_space-1: hits
  std::size_t max_string = 20;
  bool iterators = true;
  bool value_types = true;  // also draw bytesN values (else uint64)
  // Key types to draw (bit i allows KeyType i). The default draws all three
  // with the same choices as before the field existed.
  uint8_t key_types = kAllKeyTypes;
  // Percent of ops drawn by draw_iterator_op on top of draw_op's own share,
  // for suites that stress iteration (map_iterate). 0 draws no extra choice,
  // so existing choice streams decode to the same traces.
  unsigned extra_iterator_percent = 0;

  static constexpr uint8_t kAllKeyTypes = 0b111;
};

// A ChoiceSource over a seeded splitmix64 (chaos schedules, long campaigns).
class SeededChoices {
 public:
  explicit SeededChoices(uint64_t seed) : rng_(seed) {}
  uint64_t integer(uint64_t lo, uint64_t hi) {
    const uint64_t span = hi - lo;
    return span == std::numeric_limits<uint64_t>::max()
               ? rng_.next()
               : lo + rng_.next() % (span + 1);
  }
  std::string bytes(std::size_t max_len) {
    std::string s(integer(0, max_len), '\0');
    for (char& c : s) c = static_cast<char>(integer(0, 255));
    return s;
  }
  bool exhausted() const { return false; }

 private:
  mapcore::SplitMix64 rng_;
};

template <ChoiceSource S>
HasherSpec draw_hasher(S& s) {
  HasherSpec h;
  h.family = static_cast<mapcore::HashFamily>(
      s.integer(0, mapcore::kHashFamilyCount - 1));
  h.param = mapcore::default_hash_param(h.family);
  switch (h.family) {
    case mapcore::HashFamily::kGoFallback:
      h.param = s.integer(0, UINT64_MAX) | 1;  // Go keeps hashkey odd
      break;
    case mapcore::HashFamily::kConstant:
      h.param = s.integer(0, UINT64_MAX);
      break;
    case mapcore::HashFamily::kLowBits:
      h.param = s.integer(0, 12);
      break;
    case mapcore::HashFamily::kFixedTopHash:
      h.param = s.integer(0, 255);
      break;
    default:
      break;
  }
  return h;
}

template <ChoiceSource S>
TraceTypes draw_types(S& s, const DrawLimits& lim) {
  TraceTypes t;
  if (lim.key_types == DrawLimits::kAllKeyTypes || lim.key_types == 0) {
    t.key = static_cast<KeyType>(s.integer(0, 2));
  } else {
    // The n-th allowed type, n drawn over the allowed ones only.
    const int allowed = std::popcount(lim.key_types);
    uint64_t n = s.integer(0, allowed - 1);
    for (int k = 0; k < 3; ++k) {
      if (!(lim.key_types & (1u << k))) continue;
      if (n-- == 0) {
        t.key = static_cast<KeyType>(k);
        break;
      }
    }
  }
  if (lim.value_types && s.integer(0, 3) == 0) {
    constexpr std::size_t n = std::size(kValueByteSizes);
    t.value_bytes = kValueByteSizes[s.integer(0, n - 1)];
  }
  return t;
}

// Keys: mostly from a small pool (so gets, deletes and overwrites hit), some
// from the whole domain; floats include +0, -0, NaN and infinities.
template <ChoiceSource S>
TraceKey draw_key(S& s, KeyType type, const DrawLimits& lim) {
  const bool pooled = s.integer(0, 7) != 0;
  const uint64_t n =
      pooled ? s.integer(0, lim.key_space - 1) : s.integer(0, UINT64_MAX);
  switch (type) {
    case KeyType::kUint64:
      return n;
    case KeyType::kString:
      if (pooled) return "k" + std::to_string(n);
      return s.bytes(lim.max_string);
    case KeyType::kFloat64:
      switch (s.integer(0, 15)) {
        case 0:
          return 0.0;
        case 1:
          return -0.0;
        case 2:
          return std::numeric_limits<double>::quiet_NaN();
        case 3:
          return std::numeric_limits<double>::infinity();
        default:
          return static_cast<double>(n % lim.key_space) * 0.5 - 7;
      }
  }
  return n;
}

template <ChoiceSource S>
Op draw_op(S& s, const TraceTypes& types, const DrawLimits& lim) {
  Op op;
  const uint64_t roll = s.integer(0, 99);
  if (roll < 45) {
    op.kind = OpKind::kPut;
    op.key = draw_key(s, types.key, lim);
    op.value = s.integer(0, UINT64_MAX);
  } else if (roll < 60) {
    op.kind = OpKind::kGet;
    op.key = draw_key(s, types.key, lim);
  } else if (roll < 85) {
    op.kind = OpKind::kDel;
    op.key = draw_key(s, types.key, lim);
  } else if (roll < 86) {
    op.kind = OpKind::kClear;
  } else if (roll < 87) {
    op.kind = OpKind::kMake;
    op.hint = static_cast<int64_t>(s.integer(0, lim.max_hint + 16)) - 16;
  } else if (!lim.iterators || roll < 89) {
    op.kind = lim.iterators ? OpKind::kIter : OpKind::kGet;
    op.key = draw_key(s, types.key, lim);
  } else if (roll < 92) {
    op.kind = OpKind::kItOpen;
    op.iter = static_cast<int>(s.integer(0, 3));
  } else if (roll < 99) {
    op.kind = OpKind::kItNext;
    op.iter = static_cast<int>(s.integer(0, 3));
    op.steps = s.integer(1, 16);
  } else {
    op.kind = OpKind::kItClose;
    op.iter = static_cast<int>(s.integer(0, 3));
  }
  return op;
}

// An iterator op only: open, advance or close one of the first four
// iterators (draw_op's iterator numbers), with more advancing than opening.
template <ChoiceSource S>
Op draw_iterator_op(S& s) {
  Op op;
  const uint64_t roll = s.integer(0, 9);
  op.iter = static_cast<int>(s.integer(0, 3));
  if (roll < 3) {
    op.kind = OpKind::kItOpen;
  } else if (roll < 9) {
    op.kind = OpKind::kItNext;
    op.steps = s.integer(1, 16);
  } else {
    op.kind = OpKind::kItClose;
  }
  return op;
}

// Whether op may follow the ops before it: it-next and it-close need their
// iterator open (the trace format rejects them otherwise). Updates `open`.
inline bool iterator_op_valid(const Op& op,
                              std::array<bool, kMaxIterators>& open) {
  switch (op.kind) {
    case OpKind::kMake:
      open.fill(false);
      return true;
    case OpKind::kItOpen:
      open[op.iter] = true;
      return true;
    case OpKind::kItNext:
      return open[op.iter];
    case OpKind::kItClose:
      if (!open[op.iter]) return false;
      open[op.iter] = false;
      return true;
    default:
      return true;
  }
}

// A whole trace: header choices, an optional make hint, then ops until the
// source runs dry or max_ops is reached. A drawn it-next or it-close of an
// iterator that is not open is dropped (its choices are still consumed, so
// the rest of the input decodes as before: such ops never did anything).
template <ChoiceSource S>
Trace draw_trace(S& s, const DrawLimits& lim = {}) {
  Trace t;
  t.types = draw_types(s, lim);
  t.hasher = draw_hasher(s);
  t.seed = s.integer(0, UINT64_MAX);
  if (s.integer(0, 1)) {
    Op make;
    make.kind = OpKind::kMake;
    make.hint = static_cast<int64_t>(s.integer(0, lim.max_hint));
    t.ops.push_back(make);
  }
  std::array<bool, kMaxIterators> open{};
  for (std::size_t drawn = t.ops.size(); drawn < lim.max_ops && !s.exhausted();
       ++drawn) {
    Op op = lim.extra_iterator_percent != 0 &&
                    s.integer(0, 99) < lim.extra_iterator_percent
                ? draw_iterator_op(s)
                : draw_op(s, t.types, lim);
    if (iterator_op_valid(op, open)) t.ops.push_back(std::move(op));
  }
  return t;
}

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_OP_SOURCE_H_

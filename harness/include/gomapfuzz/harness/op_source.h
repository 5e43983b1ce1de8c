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

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
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
  // bytesN sizes to draw (bit i allows kValueByteSizes[i]); the default
  // draws all nine with the same choices as before the field existed.
  uint16_t value_sizes = kAllValueSizes;
  // Key types to draw (bit i allows KeyType i). The default draws all three
  // with the same choices as before the field existed.
  uint8_t key_types = kAllKeyTypes;
  // Percent of ops drawn by draw_iterator_op on top of draw_op's own share,
  // for suites that stress iteration (map_iterate). 0 draws no extra choice,
  // so existing choice streams decode to the same traces.
  unsigned extra_iterator_percent = 0;

  static constexpr uint8_t kAllKeyTypes = 0b111;
  static constexpr uint16_t kAllValueSizes = (1u << 9) - 1;
  static_assert(std::size(kValueByteSizes) == 9);
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

// ---- One description of the choices: drawing and encoding. ----
//
// Each concept below (hasher, types, key, op, trace) is written once, as a
// code_* function over a *codec*, and serves both directions:
//   reading (ReadChoices over any ChoiceSource): each choice is drawn and
//     the value built from it: the draw_* functions further down;
//   writing (fuzz_decode.cc's encoder): the value is given, and the codec
//     records the choices that make a reader build exactly that value.
// A choice is `c.integer(lo, hi, v)` (v in [lo, hi]) or `c.bytes(max_len,
// s)`. Where the writer must first work out which choice yields the value
// (its preimage), that sits in an `if constexpr (C::kWriting)` beside the
// choice, and a value the generator cannot produce throws
// std::invalid_argument naming it. The choices themselves, their order and
// their ranges, appear exactly once, so the decoder and the encoder cannot
// drift apart.
template <class C>
concept ChoiceCodec = requires(C& c, uint64_t a, uint64_t& v, std::size_t n,
                               std::string& s) {
  { C::kWriting } -> std::convertible_to<bool>;
  c.integer(a, a, v);
  c.bytes(n, s);
};

// The reading codec: every choice comes from a ChoiceSource.
template <ChoiceSource S>
class ReadChoices {
 public:
  static constexpr bool kWriting = false;
  explicit ReadChoices(S& s) : s_(s) {}
  void integer(uint64_t lo, uint64_t hi, uint64_t& v) {
    v = s_.integer(lo, hi);
  }
  void bytes(std::size_t max_len, std::string& v) { v = s_.bytes(max_len); }
  bool exhausted() { return s_.exhausted(); }

 private:
  S& s_;
};

[[noreturn]] inline void not_drawn(const std::string& what) {
  throw std::invalid_argument(what);
}

// A choice among outcomes by a roll: each outcome owns the rolls
// [first, last], the table covers [0, last of its last row] without gaps,
// and an outcome may own several ranges. A writer uses the first roll of the
// outcome's first range.
template <class T>
struct RollRange {
  T outcome;
  uint64_t first, last;
};

template <ChoiceCodec C, class T, std::size_t N>
void code_roll(C& c, const RollRange<T> (&table)[N], T& outcome) {
  uint64_t roll = 0;
  if constexpr (C::kWriting) {
    const auto* r =
        std::find_if(std::begin(table), std::end(table),
                     [&](const auto& e) { return e.outcome == outcome; });
    if (r == std::end(table)) not_drawn("an outcome this roll never draws");
    roll = r->first;
  }
  c.integer(0, table[N - 1].last, roll);
  if constexpr (!C::kWriting) {
    for (const auto& r : table) {
      if (roll <= r.last) {
        outcome = r.outcome;
        break;
      }
    }
  }
}

// A yes/no choice: yes when a roll in [0, n) is below `below`. A writer
// uses the first roll of the answer's range (0 for yes, `below` for no).
template <ChoiceCodec C>
void code_chance(C& c, uint64_t n, uint64_t below, bool& yes) {
  uint64_t roll = yes ? 0 : below;
  c.integer(0, n - 1, roll);
  if constexpr (!C::kWriting) yes = roll < below;
}

// An integer field of another type (an iterator number, a shifted hint).
template <ChoiceCodec C, class T>
void code_int(C& c, uint64_t lo, uint64_t hi, T& field, int64_t offset = 0) {
  uint64_t v = static_cast<uint64_t>(static_cast<int64_t>(field) + offset);
  if constexpr (C::kWriting) {
    if (static_cast<int64_t>(field) + offset < 0 || v < lo || v > hi) {
      not_drawn("value " + std::to_string(static_cast<int64_t>(field)) +
                " outside the generator's range");
    }
  }
  c.integer(lo, hi, v);
  if constexpr (!C::kWriting) {
    field = static_cast<T>(static_cast<int64_t>(v) - offset);
  }
}

template <ChoiceCodec C>
void code_hasher(C& c, HasherSpec& h) {
  using mapcore::HashFamily;
  code_int(c, 0, mapcore::kHashFamilyCount - 1, h.family);
  switch (h.family) {
    case HashFamily::kGoFallback:
      if constexpr (C::kWriting) {
        if (!(h.param & 1)) not_drawn("gofallback hashkey must be odd");
      }
      c.integer(0, UINT64_MAX, h.param);
      if constexpr (!C::kWriting) h.param |= 1;  // Go keeps hashkey odd
      return;
    case HashFamily::kConstant:
      c.integer(0, UINT64_MAX, h.param);
      return;
    case HashFamily::kLowBits:
      c.integer(0, 12, h.param);
      return;
    case HashFamily::kFixedTopHash:
      c.integer(0, 255, h.param);
      return;
    default:
      if constexpr (C::kWriting) {
        if (h.param != mapcore::default_hash_param(h.family)) {
          not_drawn("the generator uses the default parameter of hasher " +
                    std::string(mapcore::hash_family_name(h.family)));
        }
      }
      if constexpr (!C::kWriting) {
        h.param = mapcore::default_hash_param(h.family);
      }
  }
}

template <ChoiceCodec C>
void code_types(C& c, TraceTypes& t, const DrawLimits& lim) {
  auto k = static_cast<uint64_t>(t.key);
  if (lim.key_types == DrawLimits::kAllKeyTypes || lim.key_types == 0) {
    c.integer(0, 2, k);
  } else {
    // The n-th allowed type, n drawn over the allowed ones only.
    uint64_t n = 0;
    if constexpr (C::kWriting) {
      if (!(lim.key_types & (1u << k))) {
        not_drawn("key type " + std::string(key_type_name(t.key)) +
                  " is not drawn by this target");
      }
      n = std::popcount(static_cast<unsigned>(lim.key_types & ((1u << k) - 1)));
    }
    c.integer(0, std::popcount(lim.key_types) - 1, n);
    for (k = 0; k < 3; ++k) {
      if ((lim.key_types & (1u << k)) && n-- == 0) break;
    }
  }
  if constexpr (!C::kWriting) t.key = static_cast<KeyType>(k);
  if (!lim.value_types) {
    if constexpr (C::kWriting) {
      if (t.value_bytes != 0) not_drawn("bytesN values are not drawn");
    }
    return;
  }
  bool bytes_n = t.value_bytes != 0;
  code_chance(c, 4, 1, bytes_n);
  if (!bytes_n) {
    if constexpr (!C::kWriting) t.value_bytes = 0;
    return;
  }
  // The i-th allowed size, i drawn over the allowed ones only.
  constexpr std::size_t n = std::size(kValueByteSizes);
  const unsigned allowed =
      lim.value_sizes == 0 ? DrawLimits::kAllValueSizes : lim.value_sizes;
  uint64_t i = 0;
  if constexpr (C::kWriting) {
    const auto* at =
        std::find(kValueByteSizes, kValueByteSizes + n, t.value_bytes);
    const auto bit = static_cast<unsigned>(at - kValueByteSizes);
    if (at == kValueByteSizes + n || !(allowed & (1u << bit))) {
      not_drawn("value type " + value_type_name(t.value_bytes) +
                " is not drawn by this target");
    }
    i = std::popcount(allowed & ((1u << bit) - 1));
  }
  c.integer(0, std::popcount(allowed) - 1, i);
  if constexpr (!C::kWriting) {
    for (std::size_t k = 0; k < n; ++k) {
      if ((allowed & (1u << k)) && i-- == 0) {
        t.value_bytes = kValueByteSizes[k];
        break;
      }
    }
  }
}

// "k<n>" with n < key_space and no leading zeros: a pooled string key.
inline std::optional<uint64_t> pooled_string_index(const std::string& s,
                                                   const DrawLimits& lim) {
  if (s.size() < 2 || s[0] != 'k' || (s[1] == '0' && s.size() > 2)) {
    return std::nullopt;
  }
  uint64_t n = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data() + 1, end, n);
  if (ec != std::errc() || p != end || n >= lim.key_space) return std::nullopt;
  return n;
}

// What a float key is: the special values, or n % key_space * 0.5 - 7.
enum class FloatKeyKind : uint8_t { kZero, kNegZero, kNaN, kInf, kPooled };
inline constexpr RollRange<FloatKeyKind> kFloatKeyRolls[] = {
    {FloatKeyKind::kZero, 0, 0},    {FloatKeyKind::kNegZero, 1, 1},
    {FloatKeyKind::kNaN, 2, 2},     {FloatKeyKind::kInf, 3, 3},
    {FloatKeyKind::kPooled, 4, 15},
};

// The key a reader builds from code_key's choices.
inline TraceKey key_of_choices(KeyType type, bool unpooled, uint64_t n,
                               std::string bytes, FloatKeyKind fkind,
                               const DrawLimits& lim) {
  switch (type) {
    case KeyType::kUint64:
      return n;
    case KeyType::kString:
      if (unpooled) return bytes;
      return "k" + std::to_string(n);
    case KeyType::kFloat64:
      switch (fkind) {
        case FloatKeyKind::kZero:
          return 0.0;
        case FloatKeyKind::kNegZero:
          return -0.0;
        case FloatKeyKind::kNaN:
          return std::numeric_limits<double>::quiet_NaN();
        case FloatKeyKind::kInf:
          return std::numeric_limits<double>::infinity();
        case FloatKeyKind::kPooled:
          return static_cast<double>(n % lim.key_space) * 0.5 - 7;
      }
  }
  return n;
}

// Keys: mostly from a small pool (so gets, deletes and overwrites hit), some
// from the whole domain; floats include +0, -0, NaN and infinities.
template <ChoiceCodec C>
void code_key(C& c, TraceKey& key, KeyType type, const DrawLimits& lim) {
  bool unpooled = false;
  uint64_t n = 0;
  std::string bytes;
  FloatKeyKind fkind = FloatKeyKind::kPooled;
  if constexpr (C::kWriting) {  // the preimage: pool index or whole domain
    switch (type) {
      case KeyType::kUint64:
        n = std::get<uint64_t>(key);
        unpooled = n >= lim.key_space;
        break;
      case KeyType::kString:
        if (auto i = pooled_string_index(std::get<std::string>(key), lim)) {
          n = *i;
        } else {
          unpooled = true;
          bytes = std::get<std::string>(key);
        }
        break;
      case KeyType::kFloat64: {
        const double f = std::get<double>(key);
        if (std::isnan(f)) {
          fkind = FloatKeyKind::kNaN;
        } else if (f == 0) {
          fkind =
              std::signbit(f) ? FloatKeyKind::kNegZero : FloatKeyKind::kZero;
        } else if (std::isinf(f)) {
          if (f < 0) not_drawn("-Inf keys are not drawn");
          fkind = FloatKeyKind::kInf;
        } else {
          const double m = (f + 7) * 2;  // inverse of n * 0.5 - 7
          if (m < 0 || m >= static_cast<double>(lim.key_space) ||
              m != std::floor(m)) {
            not_drawn("float key " + format_key(key) + " is not drawn");
          }
          n = static_cast<uint64_t>(m);
        }
        break;
      }
    }
  }
  code_chance(c, 8, 1, unpooled);
  c.integer(0, unpooled ? UINT64_MAX : lim.key_space - 1, n);
  if (type == KeyType::kString && unpooled) c.bytes(lim.max_string, bytes);
  if (type == KeyType::kFloat64) code_roll(c, kFloatKeyRolls, fkind);
  if constexpr (!C::kWriting) {
    key = key_of_choices(type, unpooled, n, std::move(bytes), fkind, lim);
  }
}

// draw_op's op mix, in percent (with iterators off, their share are gets).
inline constexpr RollRange<OpKind> kOpRolls[] = {
    {OpKind::kPut, 0, 44},      {OpKind::kGet, 45, 59},
    {OpKind::kDel, 60, 84},     {OpKind::kClear, 85, 85},
    {OpKind::kMake, 86, 86},    {OpKind::kIter, 87, 88},
    {OpKind::kItOpen, 89, 91},  {OpKind::kItNext, 92, 98},
    {OpKind::kItClose, 99, 99},
};
inline constexpr RollRange<OpKind> kOpRollsWithoutIterators[] = {
    {OpKind::kPut, 0, 44},    {OpKind::kGet, 45, 59},  {OpKind::kDel, 60, 84},
    {OpKind::kClear, 85, 85}, {OpKind::kMake, 86, 86}, {OpKind::kGet, 87, 99},
};
// draw_iterator_op's mix, in tenths: more advancing than opening.
inline constexpr RollRange<OpKind> kIteratorOpRolls[] = {
    {OpKind::kItOpen, 0, 2},
    {OpKind::kItNext, 3, 8},
    {OpKind::kItClose, 9, 9},
};
// Iterator numbers and it-next steps the generator draws.
inline constexpr uint64_t kDrawnIterators = 4;
inline constexpr uint64_t kMaxDrawnSteps = 16;

inline bool is_iterator_kind(OpKind k) {
  return k == OpKind::kItOpen || k == OpKind::kItNext || k == OpKind::kItClose;
}

// The operands of an iterator op: iterator number, then it-next's steps.
template <ChoiceCodec C>
void code_iterator_operands(C& c, Op& op) {
  code_int(c, 0, kDrawnIterators - 1, op.iter);
  if (op.kind == OpKind::kItNext) code_int(c, 1, kMaxDrawnSteps, op.steps);
}

template <ChoiceCodec C>
void code_op(C& c, Op& op, const TraceTypes& types, const DrawLimits& lim) {
  if constexpr (C::kWriting) {
    if (map_op_of(op.kind) != op.kind) {
      not_drawn("sync.Map ops (a syncmap trace) are not drawn");
    }
    if (op.start) not_drawn("explicit iteration starts are not drawn");
    if (!lim.iterators &&
        (op.kind == OpKind::kIter || is_iterator_kind(op.kind))) {
      not_drawn("iterators are not drawn");
    }
    if (op.kind == OpKind::kMake && (op.hint < -16 || op.hint > lim.max_hint)) {
      not_drawn("make hint " + std::to_string(op.hint) + " outside [-16, " +
                std::to_string(lim.max_hint) + "]");
    }
    if (is_iterator_kind(op.kind) &&
        static_cast<uint64_t>(op.iter) >= kDrawnIterators) {
      not_drawn("iterator numbers above " +
                std::to_string(kDrawnIterators - 1) + " are not drawn");
    }
    if (op.kind == OpKind::kItNext &&
        (op.steps < 1 || op.steps > kMaxDrawnSteps)) {
      not_drawn("it-next steps outside [1, " + std::to_string(kMaxDrawnSteps) +
                "]");
    }
  }
  if (lim.iterators) {
    code_roll(c, kOpRolls, op.kind);
  } else {
    code_roll(c, kOpRollsWithoutIterators, op.kind);
  }
  switch (op.kind) {
    case OpKind::kPut:
      code_key(c, op.key, types.key, lim);
      c.integer(0, UINT64_MAX, op.value);
      return;
    case OpKind::kGet:
    case OpKind::kDel:
      code_key(c, op.key, types.key, lim);
      return;
    case OpKind::kClear:
      return;
    case OpKind::kMake:
      code_int(c, 0, static_cast<uint64_t>(lim.max_hint) + 16, op.hint, 16);
      return;
    case OpKind::kIter: {
      // A key is drawn and not used (a writer gives any drawable one).
      TraceKey unused =
          types.key == KeyType::kString    ? TraceKey{std::string("k0")}
          : types.key == KeyType::kFloat64 ? TraceKey{0.0}
                                           : TraceKey{uint64_t{0}};
      code_key(c, unused, types.key, lim);
      return;
    }
    case OpKind::kItOpen:
    case OpKind::kItNext:
    case OpKind::kItClose:
      code_iterator_operands(c, op);
      return;
    case OpKind::kLoadOrStore:  // never drawn (a writer refused them above)
    case OpKind::kLoadAndDelete:
    case OpKind::kRange:
      return;
  }
}

// An iterator op only: open, advance or close one of the first four
// iterators (draw_op's iterator numbers).
template <ChoiceCodec C>
void code_iterator_op(C& c, Op& op) {
  code_roll(c, kIteratorOpRolls, op.kind);
  code_iterator_operands(c, op);
}

// Whether the extra-iterator choice (DrawLimits::extra_iterator_percent)
// can produce op.
inline bool drawn_as_extra_iterator_op(const Op& op) {
  return is_iterator_kind(op.kind) && !op.start &&
         static_cast<uint64_t>(op.iter) < kDrawnIterators && op.steps >= 1 &&
         op.steps <= kMaxDrawnSteps;
}

// One op of a trace: with extra_iterator_percent, first the choice between
// an extra iterator op and draw_op's mix.
template <ChoiceCodec C>
void code_trace_op(C& c, Op& op, const TraceTypes& types,
                   const DrawLimits& lim) {
  if (lim.extra_iterator_percent != 0) {
    bool extra = false;
    if constexpr (C::kWriting) extra = drawn_as_extra_iterator_op(op);
    code_chance(c, 100, lim.extra_iterator_percent, extra);
    if (extra) {
      code_iterator_op(c, op);
      return;
    }
  }
  code_op(c, op, types, lim);
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
// Writing, every op of the trace is coded; reading, ops are drawn while
// the source lasts.
template <ChoiceCodec C>
void code_trace(C& c, Trace& t, const DrawLimits& lim) {
  if constexpr (C::kWriting) {
    if (t.ops.size() > lim.max_ops) {
      not_drawn(std::to_string(t.ops.size()) +
                " ops, the target draws at most " +
                std::to_string(lim.max_ops));
    }
  }
  code_types(c, t.types, lim);
  code_hasher(c, t.hasher);
  c.integer(0, UINT64_MAX, t.seed);
  bool no_make = true;
  if constexpr (C::kWriting) {
    no_make = t.ops.empty() || t.ops[0].kind != OpKind::kMake ||
              t.ops[0].hint < 0 || t.ops[0].hint > lim.max_hint;
  }
  code_chance(c, 2, 1, no_make);
  std::size_t first = 0;
  if (!no_make) {
    Op make;
    make.kind = OpKind::kMake;
    if constexpr (C::kWriting) make.hint = t.ops[0].hint;
    code_int(c, 0, static_cast<uint64_t>(lim.max_hint), make.hint);
    if constexpr (!C::kWriting) t.ops.push_back(make);
    first = 1;
  }
  if constexpr (C::kWriting) {
    for (std::size_t i = first; i < t.ops.size(); ++i) {
      try {
        code_trace_op(c, t.ops[i], t.types, lim);
      } catch (const std::invalid_argument& e) {
        not_drawn("op " + std::to_string(i) + " `" + print_op(t.ops[i]) +
                  "`: " + e.what());
      }
    }
  } else {
    std::array<bool, kMaxIterators> open{};
    for (std::size_t drawn = t.ops.size();
         drawn < lim.max_ops && !c.exhausted(); ++drawn) {
      Op op;
      code_trace_op(c, op, t.types, lim);
      if (iterator_op_valid(op, open)) t.ops.push_back(std::move(op));
    }
  }
}

// ---- Drawing: the codecs above, reading from a ChoiceSource. ----

template <ChoiceSource S>
HasherSpec draw_hasher(S& s) {
  ReadChoices<S> c(s);
  HasherSpec h;
  code_hasher(c, h);
  return h;
}

template <ChoiceSource S>
TraceTypes draw_types(S& s, const DrawLimits& lim) {
  ReadChoices<S> c(s);
  TraceTypes t;
  code_types(c, t, lim);
  return t;
}

template <ChoiceSource S>
TraceKey draw_key(S& s, KeyType type, const DrawLimits& lim) {
  ReadChoices<S> c(s);
  TraceKey k;
  code_key(c, k, type, lim);
  return k;
}

template <ChoiceSource S>
Op draw_op(S& s, const TraceTypes& types, const DrawLimits& lim) {
  ReadChoices<S> c(s);
  Op op;
  code_op(c, op, types, lim);
  return op;
}

template <ChoiceSource S>
Op draw_iterator_op(S& s) {
  ReadChoices<S> c(s);
  Op op;
  code_iterator_op(c, op);
  return op;
}

template <ChoiceSource S>
Trace draw_trace(S& s, const DrawLimits& lim = {}) {
  ReadChoices<S> c(s);
  Trace t;
  code_trace(c, t, lim);
  return t;
}

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_OP_SOURCE_H_

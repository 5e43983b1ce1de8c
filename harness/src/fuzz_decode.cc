// Decoding raw fuzz inputs into traces, and encoding traces back into raw
// inputs (see fuzz_decode.h). The decoder is op_source.h's generator driven
// by FuzzedDataProvider; the encoder replays the generator's choices in
// reverse, one function per generator function, and proves each result by
// decoding it.
#include "gomapfuzz/harness/fuzz_decode.h"

#include <FuzzedDataProvider.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace gomapfuzz {
namespace {

// ---- Target names and bounds. ----

constexpr std::string_view kTargetNames[] = {
    "map_ops", "map_iterate", "map_alloc_faults", "trace_parser"};

constexpr uint8_t bit(KeyType k) { return uint8_t{1} << static_cast<int>(k); }

// ---- Decoding: FuzzedDataProvider as a ChoiceSource. ----

class ProviderChoices {
 public:
  explicit ProviderChoices(std::span<const uint8_t> data)
      : fdp_(data.data(), data.size()) {}
  uint64_t integer(uint64_t lo, uint64_t hi) {
    return fdp_.ConsumeIntegralInRange<uint64_t>(lo, hi);
  }
  std::string bytes(std::size_t max_len) {
    return fdp_.ConsumeRandomLengthString(max_len);
  }
  bool exhausted() { return fdp_.remaining_bytes() == 0; }

 private:
  FuzzedDataProvider fdp_;
};
static_assert(ChoiceSource<ProviderChoices>);

// The fault plan of map_alloc_faults; the encoder below mirrors it.
template <ChoiceSource S>
FaultPlan draw_fault_plan(S& s) {
  FaultPlan p;
  uint64_t attempt = 0;
  for (uint64_t n = s.integer(0, kMaxFailAt); n > 0; --n) {
    attempt += s.integer(1, kMaxFailGap);
    p.fail_at.push_back(attempt);
  }
  if (s.integer(0, 3) == 0) p.byte_budget = s.integer(0, kMaxByteBudget);
  if (s.integer(0, 3) == 0) {
    p.probability =
        static_cast<double>(s.integer(1, kMaxFailProbability256)) / 256.0;
    p.seed = s.integer(0, UINT32_MAX);
  }
  return p;
}

// ---- Encoding: the bytes FuzzedDataProvider turns into given choices. ----

class ChoiceWriter {
 public:
  // A value v in [lo, hi]: the provider reads as many bytes from the end as
  // the range needs, most significant first, and reduces modulo the range.
  void integer(uint64_t lo, uint64_t hi, uint64_t v) {
    if (v < lo || v > hi) {
      throw std::invalid_argument(
          "value " + std::to_string(v) + " outside the generator's range [" +
          std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    const uint64_t range = hi - lo, r = v - lo;
    const int nbytes = (std::bit_width(range) + 7) / 8;
    for (int i = nbytes - 1; i >= 0; --i) {
      back_.push_back(static_cast<char>((r >> (8 * i)) & 0xff));
    }
  }
  // A string of at most max_len bytes: a backslash is doubled, and a string
  // shorter than max_len ends with a backslash and another byte.
  void bytes(std::size_t max_len, const std::string& s) {
    if (s.size() > max_len) {
      throw std::invalid_argument("string of " + std::to_string(s.size()) +
                                  " bytes, the generator draws at most " +
                                  std::to_string(max_len));
    }
    for (char c : s) {
      front_.push_back(c);
      if (c == '\\') front_.push_back('\\');
    }
    if (s.size() < max_len) front_ += "\\.";
  }
  std::string finish() const {
    return front_ + std::string(back_.rbegin(), back_.rend());
  }

 private:
  std::string front_;
  std::string back_;  // in the order the provider consumes it
};

[[noreturn]] void cannot(const std::string& what) {
  throw std::invalid_argument(what);
}

void encode_types(ChoiceWriter& w, const TraceTypes& t, const DrawLimits& lim) {
  const auto k = static_cast<uint64_t>(t.key);
  if (lim.key_types == DrawLimits::kAllKeyTypes || lim.key_types == 0) {
    w.integer(0, 2, k);
  } else {
    if (!(lim.key_types & (1u << k))) {
      cannot("key type " + std::string(key_type_name(t.key)) +
             " is not drawn by this target");
    }
    const int below = std::popcount(lim.key_types & ((1u << k) - 1));
    w.integer(0, std::popcount(lim.key_types) - 1, below);
  }
  if (!lim.value_types) {
    if (t.value_bytes != 0) cannot("bytesN values are not drawn");
    return;
  }
  if (t.value_bytes == 0) {
    w.integer(0, 3, 1);
    return;
  }
  const auto* it = std::find(std::begin(kValueByteSizes),
                             std::end(kValueByteSizes), t.value_bytes);
  w.integer(0, 3, 0);
  w.integer(0, std::size(kValueByteSizes) - 1,
            it - std::begin(kValueByteSizes));
}

void encode_hasher(ChoiceWriter& w, const HasherSpec& h) {
  using mapcore::HashFamily;
  w.integer(0, mapcore::kHashFamilyCount - 1, static_cast<uint64_t>(h.family));
  switch (h.family) {
    case HashFamily::kGoFallback:
      if (!(h.param & 1)) cannot("gofallback hashkey must be odd");
      w.integer(0, UINT64_MAX, h.param);
      return;
    case HashFamily::kConstant:
      w.integer(0, UINT64_MAX, h.param);
      return;
    case HashFamily::kLowBits:
      w.integer(0, 12, h.param);
      return;
    case HashFamily::kFixedTopHash:
      w.integer(0, 255, h.param);
      return;
    default:
      if (h.param != mapcore::default_hash_param(h.family)) {
        cannot("the generator uses the default parameter of hasher " +
               std::string(mapcore::hash_family_name(h.family)));
      }
  }
}

// "k<n>" with n < key_space and no leading zeros: a pooled string key.
std::optional<uint64_t> pooled_string_index(const std::string& s,
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

void encode_key(ChoiceWriter& w, const TraceKey& key, KeyType type,
                const DrawLimits& lim) {
  switch (type) {
    case KeyType::kUint64: {
      const uint64_t k = std::get<uint64_t>(key);
      const bool pooled = k < lim.key_space;
      w.integer(0, 7, pooled ? 1 : 0);
      if (pooled) {
        w.integer(0, lim.key_space - 1, k);
      } else {
        w.integer(0, UINT64_MAX, k);
      }
      return;
    }
    case KeyType::kString: {
      const std::string& s = std::get<std::string>(key);
      if (auto n = pooled_string_index(s, lim)) {
        w.integer(0, 7, 1);
        w.integer(0, lim.key_space - 1, *n);
      } else {
        w.integer(0, 7, 0);
        w.integer(0, UINT64_MAX, 0);
        w.bytes(lim.max_string, s);
      }
      return;
    }
    case KeyType::kFloat64: {
      const double f = std::get<double>(key);
      w.integer(0, 7, 1);  // pooled: n below key_space feeds the formula
      uint64_t choice = 4, n = 0;
      if (std::isnan(f)) {
        choice = 2;
      } else if (f == 0) {
        choice = std::signbit(f) ? 1 : 0;
      } else if (std::isinf(f)) {
        if (f < 0) cannot("-Inf keys are not drawn");
        choice = 3;
      } else {
        const double m = (f + 7) * 2;  // inverse of m * 0.5 - 7
        if (m < 0 || m >= static_cast<double>(lim.key_space) ||
            m != std::floor(m)) {
          cannot("float key " + format_key(key) + " is not drawn");
        }
        n = static_cast<uint64_t>(m);
      }
      w.integer(0, lim.key_space - 1, n);
      w.integer(0, 15, choice);
      return;
    }
  }
}

bool is_iterator_op(const Op& op) {
  return (op.kind == OpKind::kItOpen || op.kind == OpKind::kItNext ||
          op.kind == OpKind::kItClose) &&
         !op.start && op.iter <= 3 && op.steps >= 1 && op.steps <= 16;
}

void encode_iterator_op(ChoiceWriter& w, const Op& op) {
  const uint64_t roll = op.kind == OpKind::kItOpen   ? 0
                        : op.kind == OpKind::kItNext ? 3
                                                     : 9;
  w.integer(0, 9, roll);
  w.integer(0, 3, op.iter);
  if (op.kind == OpKind::kItNext) w.integer(1, 16, op.steps);
}

// The inverse of draw_op: the roll that selects op.kind, then its operands.
void encode_op(ChoiceWriter& w, const Op& op, const TraceTypes& types,
               const DrawLimits& lim) {
  if (op.start) cannot("explicit iteration starts are not drawn");
  const bool iter_kind =
      op.kind == OpKind::kIter || op.kind == OpKind::kItOpen ||
      op.kind == OpKind::kItNext || op.kind == OpKind::kItClose;
  if (iter_kind && !lim.iterators) cannot("iterators are not drawn");
  switch (op.kind) {
    case OpKind::kPut:
      w.integer(0, 99, 0);
      encode_key(w, op.key, types.key, lim);
      w.integer(0, UINT64_MAX, op.value);
      return;
    case OpKind::kGet:
      w.integer(0, 99, 45);
      encode_key(w, op.key, types.key, lim);
      return;
    case OpKind::kDel:
      w.integer(0, 99, 60);
      encode_key(w, op.key, types.key, lim);
      return;
    case OpKind::kClear:
      w.integer(0, 99, 85);
      return;
    case OpKind::kMake:
      w.integer(0, 99, 86);
      w.integer(0, lim.max_hint + 16, static_cast<uint64_t>(op.hint + 16));
      return;
    case OpKind::kIter: {
      w.integer(0, 99, 87);
      // draw_op draws a key it does not use; any drawable key will do.
      const TraceKey unused =
          types.key == KeyType::kString    ? TraceKey{std::string("k0")}
          : types.key == KeyType::kFloat64 ? TraceKey{0.0}
                                           : TraceKey{uint64_t{0}};
      encode_key(w, unused, types.key, lim);
      return;
    }
    case OpKind::kItOpen:
      w.integer(0, 99, 89);
      w.integer(0, 3, op.iter);
      return;
    case OpKind::kItNext:
      w.integer(0, 99, 92);
      w.integer(0, 3, op.iter);
      w.integer(1, 16, op.steps);
      return;
    case OpKind::kItClose:
      w.integer(0, 99, 99);
      w.integer(0, 3, op.iter);
      return;
  }
}

void check_op_bounds(const Op& op, const DrawLimits& lim) {
  if (op.kind == OpKind::kMake && (op.hint < -16 || op.hint > lim.max_hint)) {
    cannot("make hint " + std::to_string(op.hint) + " outside [-16, " +
           std::to_string(lim.max_hint) + "]");
  }
  if ((op.kind == OpKind::kItOpen || op.kind == OpKind::kItNext ||
       op.kind == OpKind::kItClose) &&
      op.iter > 3) {
    cannot("iterator numbers above 3 are not drawn");
  }
  if (op.kind == OpKind::kItNext && (op.steps < 1 || op.steps > 16)) {
    cannot("it-next steps outside [1, 16]");
  }
}

// The inverse of draw_trace.
void encode_trace(ChoiceWriter& w, const Trace& t, const DrawLimits& lim) {
  if (t.ops.size() > lim.max_ops) {
    cannot(std::to_string(t.ops.size()) + " ops, the target draws at most " +
           std::to_string(lim.max_ops));
  }
  encode_types(w, t.types, lim);
  encode_hasher(w, t.hasher);
  w.integer(0, UINT64_MAX, t.seed);
  std::size_t first = 0;
  const bool initial_make = !t.ops.empty() && t.ops[0].kind == OpKind::kMake &&
                            t.ops[0].hint >= 0 && t.ops[0].hint <= lim.max_hint;
  w.integer(0, 1, initial_make ? 1 : 0);
  if (initial_make) {
    w.integer(0, lim.max_hint, static_cast<uint64_t>(t.ops[0].hint));
    first = 1;
  }
  for (std::size_t i = first; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    try {
      check_op_bounds(op, lim);
      if (lim.extra_iterator_percent != 0) {
        const bool extra = is_iterator_op(op);
        w.integer(0, 99, extra ? 0 : 99);
        if (extra) {
          encode_iterator_op(w, op);
          continue;
        }
      }
      encode_op(w, op, t.types, lim);
    } catch (const std::invalid_argument& e) {
      cannot("op " + std::to_string(i) + " `" + print_op(op) +
             "`: " + e.what());
    }
  }
}

void encode_fault_plan(ChoiceWriter& w, const FaultPlan& p) {
  if (p.fail_at.size() > kMaxFailAt) {
    cannot("more than " + std::to_string(kMaxFailAt) + " fail_at entries");
  }
  w.integer(0, kMaxFailAt, p.fail_at.size());
  uint64_t prev = 0;
  for (uint64_t a : p.fail_at) {
    if (a <= prev || a - prev > kMaxFailGap) {
      cannot("fail_at entries must increase by 1.." +
             std::to_string(kMaxFailGap));
    }
    w.integer(1, kMaxFailGap, a - prev);
    prev = a;
  }
  const bool budget = p.byte_budget != UINT64_MAX;
  w.integer(0, 3, budget ? 0 : 1);
  if (budget) w.integer(0, kMaxByteBudget, p.byte_budget);
  const bool prob = p.probability > 0;
  w.integer(0, 3, prob ? 0 : 1);
  if (prob) {
    const double k = p.probability * 256.0;
    if (k != std::floor(k) || k < 1 || k > kMaxFailProbability256) {
      cannot("probability must be k/256 with k in 1.." +
             std::to_string(kMaxFailProbability256));
    }
    w.integer(1, kMaxFailProbability256, static_cast<uint64_t>(k));
    w.integer(0, UINT32_MAX, p.seed);
  }
}

bool same_plan(const FaultPlan& a, const FaultPlan& b) {
  return a.fail_at == b.fail_at && a.byte_budget == b.byte_budget &&
         a.probability == b.probability &&
         (a.probability == 0 || a.seed == b.seed);
}

// ---- The fault comment. ----

constexpr std::string_view kFaultComment = "# faults";

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t b = s.find_first_not_of(" \t\r", i);
    if (b == std::string_view::npos) break;
    const std::size_t e = std::min(s.find_first_of(" \t\r", b), s.size());
    out.push_back(s.substr(b, e - b));
    i = e;
  }
  return out;
}

uint64_t parse_u64(std::string_view s, const std::string& what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw std::invalid_argument(what +
                                ": not an unsigned integer: " + std::string(s));
  }
  return v;
}

FaultPlan parse_fault_words(const std::vector<std::string_view>& words) {
  FaultPlan p;
  for (std::string_view w : words) {
    const std::size_t eq = w.find('=');
    if (eq == std::string_view::npos) {
      throw std::invalid_argument("expected name=value, got " + std::string(w));
    }
    const std::string name(w.substr(0, eq));
    const std::string_view value = w.substr(eq + 1);
    if (name == "fail_at") {
      std::size_t i = 0;
      while (i <= value.size()) {
        const std::size_t c = std::min(value.find(',', i), value.size());
        p.fail_at.push_back(parse_u64(value.substr(i, c - i), name));
        i = c + 1;
      }
    } else if (name == "budget") {
      p.byte_budget = parse_u64(value, name);
    } else if (name == "probability") {
      const std::string v(value);
      char* end = nullptr;
      p.probability = std::strtod(v.c_str(), &end);
      if (end != v.c_str() + v.size() || !(p.probability >= 0) ||
          p.probability > 1) {
        throw std::invalid_argument("probability: expected 0..1, got " + v);
      }
    } else if (name == "seed") {
      p.seed = parse_u64(value, name);
    } else {
      throw std::invalid_argument("unknown field " + name);
    }
  }
  return p;
}

}  // namespace

std::string_view fuzz_target_name(FuzzTarget t) {
  return kTargetNames[static_cast<int>(t)];
}

std::optional<FuzzTarget> fuzz_target_from_name(std::string_view name) {
  for (FuzzTarget t : kFuzzTargets) {
    if (fuzz_target_name(t) == name) return t;
  }
  return std::nullopt;
}

std::optional<FuzzTarget> fuzz_target_from_path(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string file = p.filename().string();
  for (FuzzTarget t : kFuzzTargets) {
    const std::string prefix = std::string(fuzz_target_name(t)) + "-";
    if (file.rfind(prefix, 0) == 0) return t;
  }
  for (fs::path dir = p.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (auto t = fuzz_target_from_name(dir.filename().string())) return t;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

DrawLimits fuzz_draw_limits(FuzzTarget t) {
  DrawLimits lim;
  switch (t) {
    case FuzzTarget::kMapOps:
      // Long enough to grow from B=0 to B=6 and churn into same-size
      // growth; hints up to B=10. Iteration is map_iterate's job.
      lim.max_ops = 1000;
      lim.max_hint = 4096;
      lim.key_space = 384;
      lim.iterators = false;
      lim.key_types = bit(KeyType::kUint64) | bit(KeyType::kString);
      break;
    case FuzzTarget::kMapIterate:
      // A smaller key pool: deletes and re-inserts hit keys an open
      // iterator has or has not yielded yet, and growth still happens.
      lim.max_ops = 600;
      lim.max_hint = 512;
      lim.key_space = 128;
      lim.extra_iterator_percent = 30;
      break;
    case FuzzTarget::kMapAllocFaults:
      // Fault injection compares a layout dump before and after every
      // write, so traces stay shorter and maps smaller.
      lim.max_ops = 300;
      lim.max_hint = 512;
      lim.key_space = 128;
      break;
    case FuzzTarget::kTraceParser:
      break;
  }
  return lim;
}

FuzzCase decode_fuzz_input(FuzzTarget t, std::span<const uint8_t> data) {
  return decode_fuzz_input(t, data, fuzz_draw_limits(t));
}

FuzzCase decode_fuzz_input(FuzzTarget t, std::span<const uint8_t> data,
                           const DrawLimits& limits) {
  if (t == FuzzTarget::kTraceParser) {
    throw std::invalid_argument(
        "trace_parser inputs are text, not decoded choices");
  }
  ProviderChoices s(data);
  FuzzCase c;
  if (t == FuzzTarget::kMapAllocFaults) c.faults = draw_fault_plan(s);
  c.trace = draw_trace(s, limits);
  const uint64_t ops = c.trace.ops.size();
  c.check_every = std::max<uint64_t>(
      1, (ops + kSampledChecksPerInput - 1) / kSampledChecksPerInput);
  return c;
}

std::string encode_fuzz_input(FuzzTarget t, const Trace& trace,
                              const FaultPlan& faults) {
  if (t == FuzzTarget::kTraceParser) return print_trace(trace);
  if (t != FuzzTarget::kMapAllocFaults && faults.armed()) {
    cannot("only map_alloc_faults decodes a fault plan");
  }
  ChoiceWriter w;
  if (t == FuzzTarget::kMapAllocFaults) encode_fault_plan(w, faults);
  encode_trace(w, trace, fuzz_draw_limits(t));
  std::string bytes = w.finish();
  // Proof: the bytes decode to the same trace text and fault plan.
  const FuzzCase back = decode_fuzz_input(
      t, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  if (print_trace(back.trace) != print_trace(trace) ||
      !same_plan(back.faults, faults)) {
    cannot("internal: the encoding does not decode to the same trace");
  }
  return bytes;
}

std::string format_fault_comment(const FaultPlan& f) {
  if (!f.armed()) return "";
  std::string s(kFaultComment);
  if (!f.fail_at.empty()) {
    s += " fail_at=";
    for (std::size_t i = 0; i < f.fail_at.size(); ++i) {
      s += (i ? "," : "") + std::to_string(f.fail_at[i]);
    }
  }
  if (f.byte_budget != UINT64_MAX) {
    s += " budget=" + std::to_string(f.byte_budget);
  }
  if (f.probability > 0) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", f.probability);
    s += std::string(" probability=") + buf + " seed=" + std::to_string(f.seed);
  }
  return s + "\n";
}

std::optional<FaultPlan> find_fault_comment(std::string_view text,
                                            std::string_view name) {
  int line_no = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t nl = std::min(text.find('\n', i), text.size());
    const std::string_view line = text.substr(i, nl - i);
    ++line_no;
    i = nl + 1;
    const auto words = split_words(line);
    if (words.size() < 2 || words[0] != "#" || words[1] != "faults") continue;
    try {
      return parse_fault_words({words.begin() + 2, words.end()});
    } catch (const std::invalid_argument& e) {
      throw TraceError(std::string(name), line_no,
                       std::string("faults: ") + e.what());
    }
  }
  return std::nullopt;
}

}  // namespace gomapfuzz

// Decoding raw fuzz inputs into traces, and encoding traces back into raw
// inputs (see fuzz_decode.h). Both run op_source.h's codecs (code_trace and
// the fault plan's below): the decoder with a reading codec over
// FuzzedDataProvider, the encoder with a writing codec that records the
// bytes the provider turns into the same choices. The encoder still proves
// each result by decoding it.
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

// The bit of a bytesN size in DrawLimits::value_sizes.
consteval uint16_t size_bit(int bytes) {
  for (std::size_t i = 0; i < std::size(kValueByteSizes); ++i) {
    if (kValueByteSizes[i] == bytes) return uint16_t(1u << i);
  }
  throw "not a bytesN size";  // consteval: a compile error
}

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

// The fault plan of map_alloc_faults, before the trace (a codec, as in
// op_source.h).
template <ChoiceCodec C>
void code_fault_plan(C& c, FaultPlan& p) {
  uint64_t n = p.fail_at.size();
  if constexpr (C::kWriting) {
    if (n > kMaxFailAt) {
      not_drawn("more than " + std::to_string(kMaxFailAt) + " fail_at entries");
    }
  }
  c.integer(0, kMaxFailAt, n);
  uint64_t attempt = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t gap = 0;
    if constexpr (C::kWriting) {
      gap = p.fail_at[i] - attempt;
      if (p.fail_at[i] <= attempt || gap > kMaxFailGap) {
        not_drawn("fail_at entries must increase by 1.." +
                  std::to_string(kMaxFailGap));
      }
    }
    c.integer(1, kMaxFailGap, gap);
    attempt += gap;
    if constexpr (!C::kWriting) p.fail_at.push_back(attempt);
  }
  bool budget = p.byte_budget != UINT64_MAX;
  code_chance(c, 4, 1, budget);
  if (budget) c.integer(0, kMaxByteBudget, p.byte_budget);
  bool failing = p.probability > 0;
  code_chance(c, 4, 1, failing);
  if (failing) {
    uint64_t k = 0;
    if constexpr (C::kWriting) {
      const double x = p.probability * 256.0;
      if (x != std::floor(x) || x < 1 || x > kMaxFailProbability256) {
        not_drawn("probability must be k/256 with k in 1.." +
                  std::to_string(kMaxFailProbability256));
      }
      k = static_cast<uint64_t>(x);
    }
    c.integer(1, kMaxFailProbability256, k);
    p.probability = static_cast<double>(k) / 256.0;
    code_int(c, 0, UINT32_MAX, p.seed);
  }
}

// ---- Encoding: the bytes FuzzedDataProvider turns into given choices. ----

// The writing codec: records each choice the way FuzzedDataProvider reads
// it back.
class ChoiceWriter {
 public:
  static constexpr bool kWriting = true;

  // A value v in [lo, hi]: the provider reads as many bytes from the end as
  // the range needs, most significant first, and reduces modulo the range.
  void integer(uint64_t lo, uint64_t hi, uint64_t& v) {
    if (v < lo || v > hi) {
      not_drawn("value " + std::to_string(v) +
                " outside the generator's range [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "]");
    }
    const uint64_t range = hi - lo, r = v - lo;
    const int nbytes = (std::bit_width(range) + 7) / 8;
    for (int i = nbytes - 1; i >= 0; --i) {
      back_.push_back(static_cast<char>((r >> (8 * i)) & 0xff));
    }
  }
  // A string of at most max_len bytes: a backslash is doubled, and a string
  // shorter than max_len ends with a backslash and another byte.
  void bytes(std::size_t max_len, std::string& s) {
    if (s.size() > max_len) {
      not_drawn("string of " + std::to_string(s.size()) +
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
static_assert(ChoiceCodec<ChoiceWriter>);

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
      // growth; hints up to B=8 (arrays past 32 KiB, which Go rounds to
      // whole pages). Iteration is map_iterate's job. Value types: uint64,
      // a small inline struct, the largest inline value (1104-byte
      // buckets) and an out-of-line one. Each key and value type is a map
      // of its own to the fuzzer (its own code, its own coverage), so every
      // type drawn multiplies the corpus; map_iterate and map_alloc_faults
      // draw all nine sizes.
      lim.max_ops = 1000;
      lim.max_hint = 1024;
      lim.key_space = 384;
      lim.iterators = false;
      lim.key_types = bit(KeyType::kUint64) | bit(KeyType::kString);
      lim.value_sizes = size_bit(16) | size_bit(128) | size_bit(200);
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
  ReadChoices<ProviderChoices> r(s);
  FuzzCase c;
  // Every op takes at least one byte.
  c.trace.ops.reserve(std::min(limits.max_ops, data.size()));
  if (t == FuzzTarget::kMapAllocFaults) code_fault_plan(r, c.faults);
  code_trace(r, c.trace, limits);
  const uint64_t ops = c.trace.ops.size();
  c.check_every = std::max<uint64_t>(
      1, (ops + kSampledChecksPerInput - 1) / kSampledChecksPerInput);
  return c;
}

std::string encode_fuzz_input(FuzzTarget t, const Trace& trace,
                              const FaultPlan& faults, EncodeCheck check) {
  if (t == FuzzTarget::kTraceParser) return print_trace(trace);
  if (t != FuzzTarget::kMapAllocFaults && faults.armed()) {
    not_drawn("only map_alloc_faults decodes a fault plan");
  }
  ChoiceWriter w;
  if (t == FuzzTarget::kMapAllocFaults) {
    FaultPlan f = faults;
    code_fault_plan(w, f);
  }
  // A writing codec takes what it codes by reference and only reads it.
  code_trace(w, const_cast<Trace&>(trace), fuzz_draw_limits(t));
  std::string bytes = w.finish();
  if (check == EncodeCheck::kNone) return bytes;
  // Proof: the bytes decode to the same trace text and fault plan.
  const FuzzCase back = decode_fuzz_input(
      t, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  if (print_trace(back.trace) != print_trace(trace) ||
      !same_plan(back.faults, faults)) {
    not_drawn("internal: the encoding does not decode to the same trace");
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

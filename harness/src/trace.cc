#include "gomapfuzz/harness/trace.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "mapcore/slot_format.h"

namespace gomapfuzz {
namespace {

constexpr std::string_view kMagic = "gomapfuzz-trace";
constexpr int kVersion = 1;

// How a piece of the input appears in a message: at most kShownBytes of
// it (a 1 MB token makes a one-line error, not a 1 MB one); the message's
// bytes are escaped later, in TraceError.
constexpr std::size_t kShownBytes = 80;
std::string shown(std::string_view s) {
  if (s.size() <= kShownBytes) return std::string(s);
  return std::string(s.substr(0, kShownBytes - 3)) + "... (" +
         std::to_string(s.size()) + " bytes)";
}

// A token: a bare word, or a quoted string (already unescaped).
struct Token {
  std::string text;
  bool quoted = false;
};

class LineParser {
 public:
  LineParser(std::string_view name, int line) : name_(name), line_(line) {}

  [[noreturn]] void fail(const std::string& msg) const {
    throw TraceError(std::string(name_), line_, msg);
  }

  std::vector<Token> tokenize(std::string_view s) const {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
      } else if (c == '#') {
        break;
      } else if (c == '"') {
        out.push_back({unquote(s, i), true});
      } else {
        const std::size_t j = s.find_first_of(" \t\r#", i);
        const std::size_t end = j == std::string_view::npos ? s.size() : j;
        out.push_back({std::string(s.substr(i, end - i)), false});
        i = end;
      }
    }
    return out;
  }

  uint64_t parse_u64(const Token& t, const char* what) const {
    uint64_t v = 0;
    std::string_view s = t.text;
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      s.remove_prefix(2);
      base = 16;
    }
    const auto [p, ec] =
        std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (t.quoted || s.empty() || ec != std::errc() ||
        p != s.data() + s.size()) {
      fail(std::string("bad ") + what + " '" + shown(t.text) +
           "': expected an unsigned 64-bit integer");
    }
    return v;
  }

  int64_t parse_i64(const Token& t, const char* what) const {
    int64_t v = 0;
    const std::string& s = t.text;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (t.quoted || s.empty() || ec != std::errc() ||
        p != s.data() + s.size()) {
      fail(std::string("bad ") + what + " '" + shown(s) +
           "': expected a signed 64-bit integer");
    }
    return v;
  }

  double parse_f64(const Token& t) const {
    const std::string& s = t.text;
    if (t.quoted) fail("bad float64 key: quoted");
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "+Inf") return std::numeric_limits<double>::infinity();
    if (s == "-Inf") return -std::numeric_limits<double>::infinity();
    if (s == "+0") return 0.0;
    if (s == "-0") return -0.0;
    if (s.rfind("bits:", 0) == 0) {
      return std::bit_cast<double>(
          parse_u64({"0x" + s.substr(5)}, "float bits"));
    }
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) ||
        s.find_first_of("xXpPnN") != std::string::npos) {
      fail("bad float64 key '" + shown(s) +
           "': expected a decimal, +0, -0, NaN, +Inf, -Inf or bits:HEX");
    }
    return v;
  }

  TraceKey parse_key(const Token& t, KeyType type) const {
    switch (type) {
      case KeyType::kUint64:
        return parse_u64(t, "uint64 key");
      case KeyType::kString:
        if (!t.quoted)
          fail("bad string key '" + shown(t.text) + "': expected \"...\"");
        return t.text;
      case KeyType::kFloat64:
        return parse_f64(t);
    }
    fail("unknown key type");
  }

 private:
  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  std::string unquote(std::string_view s, std::size_t& i) const {
    std::string out;
    for (++i; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '"') {
        ++i;
        if (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
            s[i] != '#') {
          fail("text right after a closing quote");
        }
        return out;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++i == s.size()) break;
      switch (s[i]) {
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'x': {
          const int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
          const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
          if (hi < 0 || lo < 0) fail("bad \\x escape: expected two hex digits");
          out += static_cast<char>(hi * 16 + lo);
          i += 2;
          break;
        }
        default:
          fail(std::string("unknown escape \\") + s[i]);
      }
    }
    fail("unterminated string literal");
  }

  std::string_view name_;
  int line_;
};

void expect_operands(const LineParser& lp, const std::vector<Token>& t,
                     std::size_t lo, std::size_t hi) {
  const std::size_t n = t.size() - 1;
  if (n < lo || n > hi) {
    std::string want = std::to_string(lo);
    if (hi != lo) want += (hi == lo + 1 ? " or " : " to ") + std::to_string(hi);
    lp.fail(t[0].text + ": expected " + want + " operand" +
            (hi == 1 ? "" : "s") + ", got " + std::to_string(n));
  }
}

int parse_iter_number(const LineParser& lp, const Token& t) {
  const uint64_t v = lp.parse_u64(t, "iterator number");
  if (v >= kMaxIterators) {
    lp.fail("iterator number " + shown(t.text) + " out of range 0.." +
            std::to_string(kMaxIterators - 1));
  }
  return static_cast<int>(v);
}

mapcore::IterStart parse_start(const LineParser& lp, const Token& b,
                               const Token& o) {
  const uint64_t offset = lp.parse_u64(o, "iteration offset");
  if (offset >= mapcore::kBucketCnt) lp.fail("iteration offset must be 0..7");
  return {lp.parse_u64(b, "start bucket"), static_cast<uint8_t>(offset)};
}

}  // namespace

uint64_t bucket_size_for(const TraceTypes& types) {
  const uint64_t key = types.key == KeyType::kString ? 16 : 8;
  const uint64_t value = types.value_bytes == 0 ? 8
                         : types.value_bytes > 128
                             ? 8
                             : static_cast<uint64_t>(types.value_bytes);
  return 8 + 8 * key + 8 * value + 8;
}

namespace {

// makemap ignores a hint whose buckets would overflow or exceed maxAlloc:
// such hints are fine in a trace whatever their size.
bool go_ignores_hint(int64_t hint, const TraceTypes& types) {
  const unsigned __int128 mem =
      static_cast<unsigned __int128>(static_cast<uint64_t>(hint)) *
      bucket_size_for(types);
  return mem > mapcore::kMaxAlloc;
}

// The ops of a sync.Map trace, and the ops only it has.
bool is_syncmap_op(const std::string& w) {
  return w == "put" || w == "get" || w == "del" || w == "load-or-store" ||
         w == "load-and-delete" || w == "range";
}

Op parse_op(const LineParser& lp, const std::vector<Token>& t,
            const Trace& trace) {
  const TraceTypes& types = trace.types;
  const std::string& w = t[0].text;
  Op op;
  const bool syncmap_only =
      w == "load-or-store" || w == "load-and-delete" || w == "range";
  if (trace.syncmap && !is_syncmap_op(w)) {
    lp.fail("'" + shown(w) +
            "' is not a sync.Map op (a syncmap trace has put, get, del, "
            "load-or-store, load-and-delete, range)");
  }
  if (!trace.syncmap && syncmap_only) {
    lp.fail("'" + shown(w) +
            "' is a sync.Map op: only in a trace with the 'syncmap' header");
  }
  if (w == "load-or-store") {
    expect_operands(lp, t, 2, 2);
    op.kind = OpKind::kLoadOrStore;
    op.key = lp.parse_key(t[1], types.key);
    op.value = lp.parse_u64(t[2], "value");
  } else if (w == "load-and-delete") {
    expect_operands(lp, t, 1, 1);
    op.kind = OpKind::kLoadAndDelete;
    op.key = lp.parse_key(t[1], types.key);
  } else if (w == "range") {
    expect_operands(lp, t, 0, 0);
    op.kind = OpKind::kRange;
  } else if (w == "make") {
    expect_operands(lp, t, 1, 1);
    op.kind = OpKind::kMake;
    op.hint = lp.parse_i64(t[1], "hint");
    if (op.hint > kMaxTraceHint && !go_ignores_hint(op.hint, types)) {
      lp.fail("hint " + shown(t[1].text) + " above the trace limit " +
              std::to_string(kMaxTraceHint));
    }
  } else if (w == "put") {
    expect_operands(lp, t, 2, 2);
    op.kind = OpKind::kPut;
    op.key = lp.parse_key(t[1], types.key);
    op.value = lp.parse_u64(t[2], "value");
  } else if (w == "get" || w == "del") {
    expect_operands(lp, t, 1, 1);
    op.kind = w == "get" ? OpKind::kGet : OpKind::kDel;
    op.key = lp.parse_key(t[1], types.key);
  } else if (w == "clear") {
    expect_operands(lp, t, 0, 0);
    op.kind = OpKind::kClear;
  } else if (w == "iter") {
    if (t.size() != 1 && t.size() != 3)
      lp.fail("iter: expected 0 or 2 operands");
    op.kind = OpKind::kIter;
    if (t.size() == 3) op.start = parse_start(lp, t[1], t[2]);
  } else if (w == "it-open") {
    if (t.size() != 2 && t.size() != 4)
      lp.fail("it-open: expected 1 or 3 operands");
    op.kind = OpKind::kItOpen;
    op.iter = parse_iter_number(lp, t[1]);
    if (t.size() == 4) op.start = parse_start(lp, t[2], t[3]);
  } else if (w == "it-next") {
    expect_operands(lp, t, 1, 2);
    op.kind = OpKind::kItNext;
    op.iter = parse_iter_number(lp, t[1]);
    if (t.size() == 3) op.steps = lp.parse_u64(t[2], "step count");
  } else if (w == "it-close") {
    expect_operands(lp, t, 1, 1);
    op.kind = OpKind::kItClose;
    op.iter = parse_iter_number(lp, t[1]);
  } else {
    lp.fail("unknown op '" + shown(w) + "'");
  }
  return op;
}

// Header lines; returns false if the line is not a header keyword.
bool parse_header(const LineParser& lp, const std::vector<Token>& t,
                  Trace& trace) {
  const std::string& w = t[0].text;
  if (w == "types") {
    expect_operands(lp, t, 2, 2);
    if (t[1].text == "uint64") {
      trace.types.key = KeyType::kUint64;
    } else if (t[1].text == "string") {
      trace.types.key = KeyType::kString;
    } else if (t[1].text == "float64") {
      trace.types.key = KeyType::kFloat64;
    } else {
      lp.fail("unknown key type '" + shown(t[1].text) +
              "' (expected uint64, string or float64)");
    }
    if (t[2].text == "uint64") {
      trace.types.value_bytes = 0;
    } else {
      int n = 0;
      const std::string& v = t[2].text;
      if (v.rfind("bytes", 0) == 0) n = std::atoi(v.c_str() + 5);
      if (std::find(std::begin(kValueByteSizes), std::end(kValueByteSizes),
                    n) == std::end(kValueByteSizes) ||
          v != "bytes" + std::to_string(n)) {
        lp.fail("unknown value type '" + shown(v) +
                "' (expected uint64 or bytesN, N in 8 16 32 64 128 129 200 256 "
                "1024)");
      }
      trace.types.value_bytes = n;
    }
    return true;
  }
  if (w == "hasher") {
    expect_operands(lp, t, 1, 2);
    const auto family = mapcore::hash_family_from_name(t[1].text);
    if (!family) lp.fail("unknown hasher '" + shown(t[1].text) + "'");
    trace.hasher.family = *family;
    trace.hasher.param = t.size() == 3 ? lp.parse_u64(t[2], "hasher parameter")
                                       : mapcore::default_hash_param(*family);
    return true;
  }
  if (w == "seed") {
    expect_operands(lp, t, 1, 1);
    trace.seed = lp.parse_u64(t[1], "seed");
    return true;
  }
  if (w == "syncmap") {
    expect_operands(lp, t, 0, 0);
    trace.syncmap = true;
    return true;
  }
  return false;
}

}  // namespace

namespace {

// An error is one line of printable ASCII whatever the input: the offending
// token is quoted in it as read (unescaped), and may hold a newline, a
// terminal escape or bytes that are not UTF-8, all shown as \xHH.
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

// Which iterators are open at each op: it-next and it-close of an iterator
// the trace never opened (or closed, or dropped at a make) mean nothing in
// Go, whose iterators exist only inside a range loop, so they are errors.
class OpenIterators {
 public:
  void note(const LineParser& lp, const Op& op) {
    switch (op.kind) {
      case OpKind::kMake:
        open_.fill(false);  // a make drops every open iterator
        break;
      case OpKind::kItOpen:
        open_[op.iter] = true;
        break;
      case OpKind::kItNext:
      case OpKind::kItClose:
        if (!open_[op.iter]) {
          lp.fail(print_op(op) + ": iterator " + std::to_string(op.iter) +
                  " is not open (it-open " + std::to_string(op.iter) +
                  " first; a make closes every iterator)");
        }
        if (op.kind == OpKind::kItClose) open_[op.iter] = false;
        break;
      default:
        break;
    }
  }

 private:
  std::array<bool, kMaxIterators> open_{};
};

}  // namespace

TraceError::TraceError(const std::string& name, int line,
                       const std::string& message)
    : std::runtime_error(one_line(shown(name) +
                                  (line > 0 ? ":" + std::to_string(line) : "") +
                                  ": " + message)),
      line_(line) {}

Trace parse_trace(std::string_view text, std::string_view name) {
  if (text.size() > kMaxTraceBytes) {
    throw TraceError(std::string(name), 0,
                     "file too large (" + std::to_string(text.size()) +
                         " bytes, limit " + std::to_string(kMaxTraceBytes) +
                         ")");
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw TraceError(std::string(name), 0,
                     "byte " + std::to_string(nul) +
                         ": binary data (a NUL byte), not a text trace");
  }
  Trace trace;
  OpenIterators open;
  bool seen_magic = false, seen_op = false;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    const LineParser lp(name, line_no);
    const std::vector<Token> t = lp.tokenize(line);
    if (t.empty()) continue;
    if (t[0].quoted) lp.fail("a line cannot start with a string");
    if (!seen_magic) {
      if (t[0].text != kMagic) {
        lp.fail("not a gomapfuzz trace: the first line must be '" +
                std::string(kMagic) + " " + std::to_string(kVersion) + "'");
      }
      expect_operands(lp, t, 1, 1);
      if (t[1].text != std::to_string(kVersion)) {
        lp.fail("unsupported trace version " + shown(t[1].text) +
                " (this build reads " + std::to_string(kVersion) + ")");
      }
      seen_magic = true;
      continue;
    }
    if (parse_header(lp, t, trace)) {
      if (seen_op) lp.fail(t[0].text + ": header line after the first op");
      continue;
    }
    if (trace.syncmap && !seen_op &&
        (trace.types.key == KeyType::kFloat64 || trace.types.value_bytes)) {
      lp.fail(
          "a syncmap trace has uint64 or string keys and uint64 values (keys "
          "must equal themselves)");
    }
    Op op = parse_op(lp, t, trace);
    op.line = line_no;
    seen_op = true;
    open.note(lp, op);
    if (trace.ops.size() >= kMaxTraceOps) {
      lp.fail("too many ops (limit " + std::to_string(kMaxTraceOps) + ")");
    }
    trace.ops.push_back(std::move(op));
  }
  if (!seen_magic) {
    throw TraceError(std::string(name), line_no,
                     "empty file: not a gomapfuzz trace");
  }
  return trace;
}

Trace read_trace_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path, 0, "cannot open file");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > kMaxTraceBytes) {
    throw TraceError(path, 0,
                     "file too large (" + std::to_string(size) +
                         " bytes, limit " + std::to_string(kMaxTraceBytes) +
                         ")");
  }
  in.seekg(0);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (!in) throw TraceError(path, 0, "read error");
  return parse_trace(text, path);
}

bool looks_like_trace(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t nl = std::min(text.find('\n', i), text.size());
    std::string_view line = text.substr(i, nl - i);
    const std::size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos && line[b] != '#') {
      return line.substr(b).rfind(kMagic, 0) == 0;
    }
    i = nl + 1;
  }
  return false;
}

std::string_view key_type_name(KeyType k) {
  switch (k) {
    case KeyType::kUint64:
      return "uint64";
    case KeyType::kString:
      return "string";
    case KeyType::kFloat64:
      return "float64";
  }
  return "?";
}

std::string value_type_name(int value_bytes) {
  return value_bytes == 0 ? "uint64" : "bytes" + std::to_string(value_bytes);
}

std::string format_key(const TraceKey& k) {
  if (const auto* u = std::get_if<uint64_t>(&k)) return std::to_string(*u);
  if (const auto* s = std::get_if<std::string>(&k)) {
    return mapcore::quote_bytes(*s);
  }
  const double f = std::get<double>(k);
  if (std::isnan(f)) {
    const uint64_t bits = std::bit_cast<uint64_t>(f);
    const uint64_t canonical =
        std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN());
    if (bits == canonical) return "NaN";
  } else if (f == 0) {
    return std::signbit(f) ? "-0" : "+0";
  } else if (std::isinf(f)) {
    return f > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", f);
    if (std::strtod(buf, nullptr) == f) return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "bits:%016" PRIx64,
                std::bit_cast<uint64_t>(f));
  return buf;
}

std::string print_op(const Op& op) {
  auto start = [&] {
    return op.start ? " " + std::to_string(op.start->bucket) + " " +
                          std::to_string(op.start->offset)
                    : std::string();
  };
  switch (op.kind) {
    case OpKind::kMake:
      return "make " + std::to_string(op.hint);
    case OpKind::kPut:
      return "put " + format_key(op.key) + " " + std::to_string(op.value);
    case OpKind::kGet:
      return "get " + format_key(op.key);
    case OpKind::kDel:
      return "del " + format_key(op.key);
    case OpKind::kClear:
      return "clear";
    case OpKind::kIter:
      return "iter" + start();
    case OpKind::kItOpen:
      return "it-open " + std::to_string(op.iter) + start();
    case OpKind::kItNext:
      return "it-next " + std::to_string(op.iter) +
             (op.steps == 1 ? "" : " " + std::to_string(op.steps));
    case OpKind::kItClose:
      return "it-close " + std::to_string(op.iter);
    case OpKind::kLoadOrStore:
      return "load-or-store " + format_key(op.key) + " " +
             std::to_string(op.value);
    case OpKind::kLoadAndDelete:
      return "load-and-delete " + format_key(op.key);
    case OpKind::kRange:
      return "range";
  }
  return "?";
}

std::string print_trace(const Trace& t) {
  std::ostringstream o;
  o << kMagic << ' ' << kVersion << '\n';
  o << "types " << key_type_name(t.types.key) << ' '
    << value_type_name(t.types.value_bytes) << '\n';
  o << "hasher " << mapcore::hash_family_name(t.hasher.family) << " 0x"
    << std::hex << t.hasher.param << std::dec << '\n';
  o << "seed " << t.seed << '\n';
  if (t.syncmap) o << "syncmap\n";
  for (const Op& op : t.ops) o << print_op(op) << '\n';
  return o.str();
}

}  // namespace gomapfuzz

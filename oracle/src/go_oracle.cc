#include "gomapfuzz/oracle/go_oracle.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace gomapfuzz::oracle {
namespace {

constexpr std::string_view kBanner = "gomaporacle 1 ";

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

uint64_t parse_u64(std::string_view s, const std::string& context) {
  uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw OracleError("Go oracle output: bad number '" + std::string(s) +
                      "' in: " + context);
  }
  return v;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = std::min(s.find(' ', i), s.size());
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::vector<std::string> policy_args(const FullDumpPolicy& p) {
  std::vector<std::string> a;
  if (p.every_op) a.push_back("-full");
  if (p.from >= 0) {
    a.push_back("-full-from=" + std::to_string(p.from));
    a.push_back("-full-to=" + std::to_string(p.to));
  }
  return a;
}

std::vector<std::string> with_trace(std::vector<std::string> args,
                                    const std::string& path) {
  args.push_back(path);
  return args;
}

}  // namespace

GoOracleBinary locate_go_oracle(const std::string& override_path) {
  std::string path = override_path;
  if (path.empty()) {
    if (const char* env = std::getenv("GOMAPFUZZ_GO_ORACLE"); env && *env) {
      path = env;
    }
  }
  if (path.empty()) path = GOMAPFUZZ_GO_ORACLE_BIN;
  if (path.empty()) return {"", GOMAPFUZZ_GO_ORACLE_MISSING};
  if (access(path.c_str(), X_OK) != 0) {
    return {"", "the Go oracle binary " + path +
                    " is missing or not executable (build the go_oracle "
                    "target, or set GOMAPFUZZ_GO_ORACLE)"};
  }
  return {path, ""};
}

std::string why_not_runnable_on_go(const Trace& t) {
  if (t.hasher.family != mapcore::HashFamily::kGoFallback) {
    return std::string("hasher ") +
           std::string(mapcore::hash_family_name(t.hasher.family)) +
           ": only gofallback traces can run on the real Go map (the other "
           "hashers exist only in mapcore)";
  }
  return "";
}

GoRun::GoRun(const std::string& binary, const Trace& t, const FullDumpPolicy& p)
    : trace_file_("trace", print_trace(t)),
      process_(binary, with_trace(policy_args(p), trace_file_.path())),
      expected_ops_(t.ops.size()) {
  std::string line;
  if (!process_.read_line(line)) process_.finish();
  if (!starts_with(line, kBanner)) malformed(line);
  go_version_ = line.substr(kBanner.size());
}

void GoRun::malformed(const std::string& line) {
  throw OracleError("Go oracle output: unexpected line '" + line + "' (after " +
                    std::to_string(seen_) + " records) from " +
                    process_.command());
}

std::optional<GoRecord> GoRun::next() {
  if (done_) return std::nullopt;
  std::string line;
  if (!process_.read_line(line)) {
    process_.finish();  // throws if Go failed
    throw OracleError("Go oracle output ends after " + std::to_string(seen_) +
                      " of " + std::to_string(expected_ops_) + " records");
  }
  if (starts_with(line, "done ")) {
    if (parse_u64(line.substr(5), line) != expected_ops_ ||
        seen_ != expected_ops_) {
      malformed(line);
    }
    done_ = true;
    process_.finish();
    return std::nullopt;
  }
  const auto w = words(line);
  if (w.size() != 3 || w[0] != "op" || (w[2] != "full" && w[2] != "head")) {
    malformed(line);
  }
  GoRecord r;
  r.index = parse_u64(w[1], line);
  r.full = w[2] == "full";
  if (r.index != seen_) malformed(line);
  for (;;) {
    if (!process_.read_line(line)) {
      process_.finish();
      throw OracleError("Go oracle output ends inside record " +
                        std::to_string(seen_));
    }
    if (line == "end") break;
    if (starts_with(line, "hmap ") || starts_with(line, "pool ")) {
      r.header += line + '\n';
    } else if (starts_with(line, "bucket ") || starts_with(line, "old ")) {
      r.buckets += line + '\n';
    } else if (starts_with(line, "start ")) {
      const auto s = words(line);
      if (s.size() != 3) malformed(line);
      r.start = mapcore::IterStart{parse_u64(s[1], line),
                                   static_cast<uint8_t>(parse_u64(s[2], line))};
    } else if (starts_with(line, "yield ")) {
      r.yields.push_back(line.substr(6));
    } else if (starts_with(line, "result ")) {
      r.result = line.substr(7);
    } else {
      malformed(line);
    }
  }
  ++seen_;
  return r;
}

std::map<std::size_t, mapcore::IterStart> go_iteration_starts(
    const std::string& binary, const Trace& t) {
  TempFile file("trace", print_trace(t));
  GoProcess go(binary, {"-starts", file.path()});
  std::map<std::size_t, mapcore::IterStart> starts;
  std::string line;
  bool done = false;
  while (go.read_line(line)) {
    const auto w = words(line);
    if (w.size() == 4 && w[0] == "start") {
      starts[parse_u64(w[1], line)] = {
          parse_u64(w[2], line), static_cast<uint8_t>(parse_u64(w[3], line))};
    } else if (w.size() == 2 && w[0] == "done") {
      done = parse_u64(w[1], line) == t.ops.size();
    } else if (!starts_with(line, kBanner)) {
      throw OracleError("Go oracle output: unexpected line '" + line + "'");
    }
  }
  go.finish();
  if (!done) throw OracleError("Go oracle output (-starts) is truncated");
  return starts;
}

GoMemory go_memory(const std::string& binary, const Trace& t) {
  TempFile file("trace", print_trace(t));
  GoProcess go(binary, {"-mem", file.path()});
  std::string line, mem_line;
  while (go.read_line(line)) {
    if (starts_with(line, "mem ")) mem_line = line;
  }
  go.finish();
  if (mem_line.empty()) throw OracleError("Go oracle printed no mem line");
  std::map<std::string, std::string> kv;
  for (auto w : words(mem_line)) {
    const auto eq = w.find('=');
    if (eq != std::string_view::npos) {
      kv[std::string(w.substr(0, eq))] = std::string(w.substr(eq + 1));
    }
  }
  auto get = [&](const char* name) -> uint64_t {
    auto it = kv.find(name);
    if (it == kv.end()) {
      throw OracleError(std::string("Go oracle mem line lacks ") + name);
    }
    return parse_u64(it->second, mem_line);
  };
  GoMemory m;
  m.count = static_cast<int64_t>(get("count"));
  m.B = static_cast<unsigned>(get("B"));
  m.noverflow = get("noverflow");
  m.growing = get("growing") != 0;
  m.array = get("array");
  m.overflow = get("overflow");
  m.heap_overflow_buckets = get("heap_overflow_buckets");
  m.pool_used = get("pool_used");
  m.old = get("old");
  m.indirect = get("indirect");
  m.bookkeeping = get("bookkeeping");
  m.total = get("total");
  const std::string& d = kv["map_heap_live"];
  const auto [p, ec] =
      std::from_chars(d.data(), d.data() + d.size(), m.map_heap_live);
  if (d.empty() || ec != std::errc() || p != d.data() + d.size()) {
    throw OracleError("Go oracle mem line: bad map_heap_live");
  }
  return m;
}

}  // namespace gomapfuzz::oracle

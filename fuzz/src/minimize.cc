// See minimize.h. Candidates are judged by their failure signature; each runs
// in a forked child (output discarded, time-limited) unless isolation is off.
#include "gomapfuzz/fuzz/minimize.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gomapfuzz/fuzz/parser_check.h"
#include "gomapfuzz/harness/rerun_command.h"

namespace gomapfuzz {
namespace {

using Clock = std::chrono::steady_clock;

// A candidate that runs longer than this is treated as a hang (signature
// "crash"): the slowest legitimate replay (1000 ops with a check after each)
// takes well under a second.
constexpr unsigned kCandidateTimeoutSeconds = 20;
// The signature of a candidate that killed its process.
constexpr std::string_view kCrash = "crash";

// The first line of s, with digit runs blanked to '#' and double-quoted
// literals to "...": what stays is the kind of failure, not its details.
std::string normalize_line(std::string_view s) {
  s = s.substr(0, s.find('\n'));
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      out += '#';
      while (i + 1 < s.size() &&
             std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        ++i;
      }
    } else if (c == '"') {
      out += "\"...\"";
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\') ++i;
      }
    } else {
      out += c;
    }
  }
  return out;
}

bool write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Runs f (the signature of one candidate, "" when it passes).
std::string evaluate(const std::function<std::string()>& f, bool isolate) {
  int fds[2];
  if (!isolate || pipe(fds) != 0) return f();
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return f();
  }
  if (pid == 0) {
    close(fds[0]);
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      dup2(devnull, STDOUT_FILENO);
      dup2(devnull, STDERR_FILENO);
    }
    alarm(kCandidateTimeoutSeconds);
    const std::string s = f();
    _exit(write_all(fds[1], s) ? 0 : 3);
  }
  close(fds[1]);
  std::string s;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) s.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return std::string(kCrash);
  return s;
}

// Delta debugging (ddmin): removes ever smaller chunks while `fails` holds.
template <class Seq, class Fails, class Stop>
bool ddmin(Seq& seq, Fails&& fails, Stop&& stop) {
  bool reduced_any = false;
  std::size_t n = 2;
  while (!seq.empty() && !stop()) {
    const std::size_t len = seq.size();
    n = std::min(n, len);
    const std::size_t chunk = (len + n - 1) / n;
    bool reduced = false;
    for (std::size_t start = 0; start < len && !stop(); start += chunk) {
      Seq cand(seq.begin(), seq.begin() + start);
      cand.insert(cand.end(), seq.begin() + std::min(start + chunk, len),
                  seq.end());
      if (fails(cand)) {
        seq = std::move(cand);
        n = std::max<std::size_t>(n - 1, 2);
        reduced = reduced_any = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= len) break;
      n = std::min(len, n * 2);
    }
  }
  return reduced_any;
}

class Shrinker {
 public:
  explicit Shrinker(const MinimizeOptions& o)
      : o_(o),
        deadline_(Clock::now() +
                  std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(o.max_seconds))),
        start_(Clock::now()) {}

  bool stop() {
    if (Clock::now() < deadline_) return false;
    timed_out_ = true;
    return true;
  }
  void progress(const std::string& line) {
    if (o_.progress) o_.progress(line);
  }
  std::string judge(const std::function<std::string()>& f) {
    ++candidates_;
    return evaluate(f, o_.isolate);
  }
  void finish(Minimization& m) const {
    m.candidates = candidates_;
    m.timed_out = timed_out_;
    m.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  }

 private:
  const MinimizeOptions& o_;
  Clock::time_point deadline_, start_;
  uint64_t candidates_ = 0;
  bool timed_out_ = false;
};

std::string trace_signature(const FuzzCase& c) {
  ReplayOptions ro;
  ro.check_every = 1;
  ro.faults = c.faults;
  const ReplayResult r = replay(c.trace, ro);
  return r.ok() ? "" : failure_signature(*r.failure);
}

// One simplification of a case, tried as a candidate.
using Edit = std::function<bool(FuzzCase&)>;  // false: nothing to change

std::vector<Edit> simplifications(const FuzzCase& c) {
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < c.trace.ops.size(); ++i) {
    edits.push_back([i](FuzzCase& x) {
      Op& op = x.trace.ops[i];
      if (op.kind == OpKind::kPut && op.value != 0) return op.value = 0, true;
      if (op.kind == OpKind::kItNext && op.steps != 1)
        return op.steps = 1, true;
      if (op.kind == OpKind::kMake && op.hint != 0) return op.hint = 0, true;
      return false;
    });
  }
  edits.push_back([](FuzzCase& x) {
    return x.trace.seed != 0 ? (x.trace.seed = 0, true) : false;
  });
  edits.push_back([](FuzzCase& x) {
    return x.trace.types.value_bytes != 0
               ? (x.trace.types.value_bytes = 0, true)
               : false;
  });
  edits.push_back([](FuzzCase& x) {
    HasherSpec& h = x.trace.hasher;
    const uint64_t simple = mapcore::default_hash_param(h.family);
    return h.param != simple ? (h.param = simple, true) : false;
  });
  for (std::size_t i = 0; i < c.faults.fail_at.size(); ++i) {
    edits.push_back([i](FuzzCase& x) {
      if (i >= x.faults.fail_at.size()) return false;
      x.faults.fail_at.erase(x.faults.fail_at.begin() + i);
      return true;
    });
  }
  edits.push_back([](FuzzCase& x) {
    return x.faults.byte_budget != UINT64_MAX
               ? (x.faults.byte_budget = UINT64_MAX, true)
               : false;
  });
  edits.push_back([](FuzzCase& x) {
    return x.faults.probability > 0 ? (x.faults.probability = 0, true) : false;
  });
  return edits;
}

std::string one_line(std::string_view s) {
  return std::string(s.substr(0, s.find('\n')));
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325;  // FNV-1a 64 offset basis and prime
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3;
  return h;
}

std::string hex12(uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%012" PRIx64, h & 0xffffffffffff);
  return buf;
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw InputError(path + ": cannot write");
}

}  // namespace

std::string failure_signature(const ReplayFailure& f) {
  if (!f.violations.empty()) return "invariant " + f.violations[0].rule;
  return normalize_line(f.reason);
}

std::string parser_failure_signature(const std::string& failure) {
  return normalize_line(failure.substr(0, failure.find(':')));
}

Minimization minimize_trace(const FuzzCase& c, const MinimizeOptions& o) {
  Shrinker sh(o);
  Minimization m;
  m.size_before = c.trace.ops.size();
  const std::function<std::string(const FuzzCase&)> oracle =
      o.judge ? o.judge : trace_signature;
  m.signature = sh.judge([&] { return oracle(c); });
  if (m.signature.empty()) {
    throw std::invalid_argument("the input does not fail: nothing to minimize");
  }
  sh.progress("failure: " + m.signature + " (" + std::to_string(m.size_before) +
              " ops)");
  FuzzCase best = c;
  auto fails = [&](const FuzzCase& cand) {
    return sh.judge([&] { return oracle(cand); }) == m.signature;
  };

  // The ops after the failing one cannot matter (end-of-trace checks aside).
  if (m.signature != kCrash && !o.judge) {
    const ReplayResult r = replay(
        best.trace, ReplayOptions{.check_every = 1, .faults = best.faults});
    if (!r.ok() && r.failure->op_index + 1 < best.trace.ops.size()) {
      FuzzCase cut = best;
      cut.trace.ops.resize(r.failure->op_index + 1);
      if (fails(cut)) best = std::move(cut);
    }
  }
  for (bool changed = true; changed && !sh.stop();) {
    changed = ddmin(
        best.trace.ops,
        [&](const std::vector<Op>& ops) {
          FuzzCase cand = best;
          cand.trace.ops = ops;
          return fails(cand);
        },
        [&] { return sh.stop(); });
    sh.progress("ops: " + std::to_string(best.trace.ops.size()));
    for (const Edit& edit : simplifications(best)) {
      if (sh.stop()) break;
      FuzzCase cand = best;
      if (edit(cand) && fails(cand)) {
        best = std::move(cand);
        changed = true;
      }
    }
  }
  for (Op& op : best.trace.ops) op.line = 0;
  m.minimal = best;
  m.size_after = best.trace.ops.size();
  if (m.signature == kCrash) {
    m.failure = "crash: the process died (run the fuzz target on the input)";
  } else if (o.judge) {
    m.failure = m.signature;
  } else {
    const ReplayResult r = replay(
        best.trace, ReplayOptions{.check_every = 1, .faults = best.faults});
    m.failure = r.ok() ? "(passes in-process)" : one_line(r.failure->summary());
  }
  sh.finish(m);
  return m;
}

Minimization minimize_parser_input(const std::string& bytes,
                                   const MinimizeOptions& o) {
  Shrinker sh(o);
  Minimization m;
  m.size_before = bytes.size();
  auto signature_of = [&](const std::string& b) {
    return sh.judge([&] {
      const ParserCheck c = check_parser_input(b);
      return c.failure ? parser_failure_signature(*c.failure) : std::string();
    });
  };
  m.signature = signature_of(bytes);
  if (m.signature.empty()) {
    throw std::invalid_argument("the input does not fail: nothing to minimize");
  }
  sh.progress("failure: " + m.signature + " (" + std::to_string(bytes.size()) +
              " bytes)");
  std::string best = bytes;
  ddmin(
      best,
      [&](const std::string& b) { return signature_of(b) == m.signature; },
      [&] { return sh.stop(); });
  m.bytes = best;
  m.size_after = best.size();
  if (m.signature == kCrash) {
    m.failure = "crash: the process died (run trace_parser on the input)";
  } else {
    const ParserCheck c = check_parser_input(best);
    m.failure = c.failure ? one_line(*c.failure) : "(passes in-process)";
  }
  sh.finish(m);
  return m;
}

Minimization minimize_input(const ReproInput& in, const MinimizeOptions& o) {
  return in.parser_input() ? minimize_parser_input(in.bytes, o)
                           : minimize_trace(in.decoded, o);
}

RegressionFiles write_regression(const std::string& dir, const ReproInput& in,
                                 const Minimization& m) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw InputError(dir + ": no such folder (pass --out-dir)");
  }
  const std::string prefix =
      in.target ? std::string(fuzz_target_name(*in.target)) : "trace";
  RegressionFiles files;
  if (in.parser_input()) {
    const std::string name = prefix + "-" + hex12(fnv1a(m.bytes));
    files.raw = (fs::path(dir) / (name + ".raw")).string();
    write_file(files.raw, m.bytes);
    return files;
  }
  const std::string body = print_trace(m.minimal.trace);
  const std::string name =
      prefix + "-" +
      hex12(fnv1a(format_fault_comment(m.minimal.faults) + body));
  files.trace = (fs::path(dir) / (name + ".txt")).string();
  std::string raw;
  if (in.raw) {
    raw = in.bytes;
  } else if (in.target) {
    try {
      raw = encode_fuzz_input(*in.target, m.minimal.trace, m.minimal.faults);
    } catch (const std::invalid_argument&) {
      raw.clear();  // not drawable by the target: the text trace alone
    }
  }
  if (in.raw || !raw.empty())
    files.raw = (fs::path(dir) / (name + ".raw")).string();

  std::string text = "# regression: " + m.signature + "\n";
  text += "# minimized by gomapfuzz minimize from " +
          fs::path(in.path).filename().string() + " (" +
          std::to_string(m.size_before) + " ops -> " +
          std::to_string(m.size_after) + " ops)";
  if (in.target)
    text += ", fuzz target " + std::string(fuzz_target_name(*in.target));
  text += "\n# failed at: " + m.failure + "\n";
  if (!files.raw.empty()) {
    text += "# raw input: " + fs::path(files.raw).filename().string() + "\n";
  }
  text += "# rerun: " + RerunCommand{.files = {files.trace}}.str() + "\n";
  text += format_fault_comment(m.minimal.faults) + body;
  write_file(files.trace, text);
  if (!files.raw.empty()) write_file(files.raw, raw);
  return files;
}

}  // namespace gomapfuzz

// gomapfuzz oracle: run traces on the real Go 1.19 map and on mapcore and
// report the first op after which the two differ (oracle/README.md).
//
//   gomapfuzz oracle TRACE...              committed or saved traces
//   gomapfuzz oracle --random N --seed S   N random traces (seeds S..S+N-1)
//   gomapfuzz oracle --memory TRACE...     mapcore's bytes vs Go's allocation
//   gomapfuzz oracle --check-determinism ...  each side twice, compared
//   gomapfuzz oracle --subject-lib LIB TRACE... | --random N
//                                          a subject library against mapcore,
//                                          both through the C ABI, in a
//                                          sandbox child (the Go subject:
//                                          the real map, no Go program)
//
// Exit codes: 0 agree, 1 divergence or mapcore failure, 2 bad input,
// 77 skipped because the Go oracle is unavailable (ctest SKIP_RETURN_CODE),
// except with CI=true, where a missing Go oracle is a failure.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "gomapfuzz/harness/sandbox.h"
#include "gomapfuzz/harness/subject.h"
#include "gomapfuzz/oracle/differ.h"
#include "gomapfuzz/oracle/memory_truth.h"
#include "gomapfuzz/oracle/random_traces.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

constexpr int kExitSkipped = 77;  // ctest's SKIP_RETURN_CODE for oracle tests

struct OracleCliOptions {
  std::vector<std::string> files;
  uint64_t random = 0;
  uint64_t seed = 1;
  uint64_t max_ops = 0;  // 0: oracle_draw_limits()
  bool memory = false;
  bool determinism = false;
  bool full = false;
  bool quiet = false;
  std::string go_binary;
  std::string save_dir = ".";
  std::string subject;  // --subject-lib: compared with mapcore's table
  ResourceBudget budget;
};

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// The Go oracle, or the exit code that says why not.
std::optional<std::string> go_binary_or_exit(const OracleCliOptions& o,
                                             int* exit_code) {
  const auto bin = oracle::locate_go_oracle(o.go_binary);
  if (!bin.path.empty()) return bin.path;
  if (in_ci()) {
    std::cerr << "gomapfuzz oracle: FAILED: " << bin.unavailable_reason
              << " (CI=true: the Go oracle must run)\n";
    *exit_code = kExitFailure;
  } else {
    std::cout << "gomapfuzz oracle: SKIPPED: " << bin.unavailable_reason
              << "\n";
    *exit_code = kExitSkipped;
  }
  return std::nullopt;
}

// `who` is "Go <version>" or the subject compared; a subject comparison
// counts the ranges it ran (their starts are drawn, not reported).
std::string stats_line(const oracle::OracleStats& s, const std::string& who,
                       std::optional<uint64_t> ranges = std::nullopt) {
  std::string out = std::to_string(s.ops) + " ops agree with " + who + ": " +
                    std::to_string(s.full_compares) + " full layouts, " +
                    std::to_string(s.header_compares) + " headers, " +
                    std::to_string(ranges.value_or(s.starts)) +
                    " iterations (" + std::to_string(s.yields) + " yields), " +
                    std::to_string(s.results) + " results, max B " +
                    std::to_string(s.max_b);
  if (s.tainted_ops) {
    out += "; " + std::to_string(s.tainted_ops) + " ops in " +
           std::to_string(s.taints) +
           " tainted spans (NaN keys, NaN deletes during growth) compared on "
           "count and hash0 only";
  }
  if (s.noverflow_masked) {
    out += "; noverflow not compared on " + std::to_string(s.noverflow_masked) +
           " ops at B >= 16 (Go counts it randomly there)";
  }
  return out;
}

void add_stats(oracle::OracleStats& total, const oracle::OracleStats& s) {
  total.ops += s.ops;
  total.full_compares += s.full_compares;
  total.header_compares += s.header_compares;
  total.starts += s.starts;
  total.yields += s.yields;
  total.results += s.results;
  total.tainted_ops += s.tainted_ops;
  total.taints += s.taints;
  total.noverflow_masked += s.noverflow_masked;
  total.max_b = std::max(total.max_b, s.max_b);
}

// Saves the pinned trace of a failure; returns its path ("" if it failed).
std::string save_pinned(const OracleCliOptions& o, const Trace& t,
                        const std::string& name) {
  const std::string path =
      (std::filesystem::path(o.save_dir) / (name + ".txt")).string();
  std::ofstream f(path);
  f << "# Go oracle divergence (gomapfuzz oracle); iteration starts are Go's\n"
    << print_trace(t);
  return f.flush() ? path : "";
}

// Prints a report's failure; returns the exit code.
int print_report(const oracle::OracleReport& r, const std::string& label,
                 const std::string& rerun, const std::string& saved) {
  if (r.mapcore_failure) {
    std::cout << label << ": mapcore fails the trace (against the model):\n";
    print_failure(std::cout, *r.mapcore_failure, rerun);
    return kExitFailure;
  }
  std::cout << label << ": " << oracle::describe(*r.divergence);
  if (!saved.empty()) {
    std::cout << "trace with Go's iteration starts: " << saved << "\n";
  }
  std::cout << "rerun: " << rerun << "\n";
  return kExitFailure;
}

oracle::OracleOptions oracle_options(const OracleCliOptions& o,
                                     const std::string& go) {
  oracle::OracleOptions oo;
  oo.go_binary = go;
  oo.policy.every_op = o.full;
  return oo;
}

// One trace through the oracle (or, with --check-determinism, each side
// twice). Returns the exit code; adds to `total` when it agrees.
int run_one(const OracleCliOptions& o, const std::string& go, const Trace& t,
            const std::string& label, const std::string& save_name,
            const std::string& rerun, oracle::OracleStats& total,
            std::string& go_version) {
  if (o.determinism) {
    const oracle::DeterminismReport r =
        oracle::check_determinism(t, oracle_options(o, go));
    add_stats(total, r.go_stats);
    if (r.ok()) return kExitOk;
    const std::string saved = save_pinned(o, r.pinned, save_name);
    for (const auto* d : {&r.go, &r.mapcore}) {
      if (!*d) continue;
      std::cout << label << ": not deterministic: " << oracle::describe(**d);
    }
    if (!saved.empty()) std::cout << "trace: " << saved << "\n";
    std::cout << "rerun: " << rerun << "\n";
    return kExitFailure;
  }
  const oracle::OracleReport r = oracle::run_oracle(t, oracle_options(o, go));
  go_version = r.go_version;
  if (r.ok()) {
    add_stats(total, r.stats);
    if (!o.quiet && o.random == 0) {
      std::cout << label
                << ": ok: " << stats_line(r.stats, "Go " + r.go_version)
                << "\n";
    }
    return kExitOk;
  }
  const std::string saved = save_pinned(o, r.pinned, save_name);
  return print_report(r, label, rerun, saved);
}

// One trace file's run: its exit status, or 2 with one line when the file
// is not a trace or the oracle cannot run it.
template <class Run>
int per_file(const std::string& path, Run&& run) {
  try {
    return run();
  } catch (const TraceError& e) {
    std::cerr << "gomapfuzz oracle: " << e.what() << "\n";
  } catch (const oracle::OracleError& e) {
    std::cerr << "gomapfuzz oracle: " << path << ": " << e.what() << "\n";
  }
  return kExitBadInput;
}

int run_files(const OracleCliOptions& o, const std::string& go) {
  int worst = kExitOk;
  oracle::OracleStats total;
  std::string go_version;
  Progress progress("oracle", "traces", o.files.size(), o.quiet);
  for (std::size_t i = 0; i < o.files.size(); ++i) {
    const std::string& path = o.files[i];
    progress.update(i);
    worst = std::max(
        worst, per_file(path, [&]() -> int {
          const Trace t = read_trace_file(path);
          // Go and mapcore each run the trace, Go twice (starts, then records).
          if (const std::string over = trace_over_budget(t, o.budget, 3);
              !over.empty()) {
            std::cerr << "gomapfuzz oracle: " << path << ": " << over << "\n";
            return kExitBadInput;
          }
          RerunCommand rc{.verb = "oracle", .files = {path}};
          if (o.determinism) rc.option("--check-determinism");
          const std::string rerun = rc.str();
          return run_one(o, go, t, path,
                         "oracle-divergence-" +
                             std::filesystem::path(path).stem().string(),
                         rerun, total, go_version);
        }));
  }
  if (o.determinism && worst == kExitOk) {
    std::cout << "oracle: both sides deterministic on all " << o.files.size()
              << " traces (" << total.ops << " ops compared run against run)\n";
  }
  return worst;
}

// A random trace costs two Go processes (about 20 ms to start each) and
// its ops on both sides (measured: 300 traces of 600 ops in 16 s).
constexpr double kSecondsPerRandomTrace = 0.04;
constexpr double kSecondsPerRandomOp = 30e-6;

int run_random(const OracleCliOptions& o, const std::string& go) {
  DrawLimits lim = oracle::oracle_draw_limits();
  if (o.max_ops) lim.max_ops = o.max_ops;
  const double per_trace =
      (o.determinism ? 2.5 : 1.0) *
      (kSecondsPerRandomTrace +
       static_cast<double>(lim.max_ops) * kSecondsPerRandomOp);
  if (const double seconds = static_cast<double>(o.random) * per_trace;
      seconds > o.budget.seconds) {
    std::cerr << "gomapfuzz oracle: --random " << o.random << " would take "
              << "about " << static_cast<int64_t>(seconds)
              << " s, above the time budget of "
              << static_cast<int64_t>(o.budget.seconds)
              << " s (raise it with --max-seconds "
              << static_cast<int64_t>(seconds) + 1 << ")\n";
    return kExitBadInput;
  }
  oracle::OracleStats total;
  std::string go_version;
  const auto t0 = std::chrono::steady_clock::now();
  std::cout << "oracle: " << o.random << " random traces, seeds " << o.seed
            << ".." << o.seed + o.random - 1 << ", up to " << lim.max_ops
            << " ops each" << (o.determinism ? ", each side run twice" : "")
            << "\n";
  Progress progress("oracle", "traces", o.random, o.quiet);
  for (uint64_t i = 0; i < o.random; ++i) {
    progress.update(i);
    const uint64_t seed = o.seed + i;
    const Trace t = oracle::draw_oracle_trace(seed, lim);
    const std::string rerun =
        std::string("gomapfuzz oracle ") +
        (o.determinism ? "--check-determinism " : "") + "--random 1 --seed " +
        std::to_string(seed) +
        (o.max_ops ? " --max-ops " + std::to_string(o.max_ops) : "");
    try {
      const int rc = run_one(o, go, t, "seed " + std::to_string(seed),
                             "oracle-divergence-seed-" + std::to_string(seed),
                             rerun, total, go_version);
      if (rc != kExitOk) return rc;
    } catch (const oracle::OracleError& e) {
      std::cerr << "gomapfuzz oracle: seed " << seed << ": " << e.what()
                << "\nrerun: " << rerun << "\n";
      return kExitFailure;
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  if (o.determinism) {
    std::cout << "oracle: both sides deterministic on all " << o.random
              << " random traces (" << total.ops
              << " Go ops compared run against run; " << total.tainted_ops
              << " in tainted spans) in " << secs << " s\n";
  } else {
    std::cout << "oracle: all " << o.random << " random traces agree: "
              << stats_line(total, "Go " + go_version) << " (" << secs
              << " s)\n";
  }
  return kExitOk;
}

int run_memory(const OracleCliOptions& o, const std::string& go) {
  int worst = kExitOk;
  std::cout << "trace | count | B | Go array | mapcore array | Go overflow | "
               "mapcore overflow | Go live map heap (heap profile) | verdict\n";
  for (const auto& path : o.files) {
    worst = std::max(
        worst, per_file(path, [&] {
          const auto m = oracle::check_memory_truth(read_trace_file(path), go);
          std::cout << std::filesystem::path(path).filename().string() << " | "
                    << m.go.count << " | " << m.go.B << " | " << m.go.array
                    << " | " << m.mapcore.go_array_bytes << " | "
                    << m.go.overflow << " | " << m.mapcore.go_overflow_bytes
                    << " | " << m.go.map_heap_live << " (= " << m.go.total
                    << " incl. " << m.go.bookkeeping << " hmap/mapextra) | "
                    << (m.ok() ? "agree" : "DIFFER") << "\n";
          for (const auto& d : m.mismatches) std::cout << "  " << d << "\n";
          return m.ok() ? kExitOk : kExitFailure;
        }));
  }
  return worst;
}

// ---- --subject-lib: a subject against mapcore, both through the C ABI ----
//
// All of it runs in a sandbox child (harness/sandbox.h), which loads the
// library: a subject that crashes takes only the child down (one line and
// exit 1 here), and a runtime the library starts (the Go subject's) never
// lives in gomapfuzz's own process. The child's output comes back as lines.

struct SubjectPair {
  Subject subject;
  Subject mapcore;
};

// One trace through both; the exit code. Adds to `total` (and `ranges`)
// when they agree.
int compare_one(std::ostream& out, const OracleCliOptions& o,
                const SubjectPair& p, const Trace& t, const std::string& label,
                const std::string& save_name, const std::string& rerun,
                oracle::OracleStats& total, uint64_t& ranges) {
  oracle::OracleOptions oo;
  oo.policy.every_op = o.full;
  const oracle::SubjectComparison c =
      oracle::compare_subjects(p.subject, t, p.mapcore, t, oo);
  if (c.ok()) {
    add_stats(total, c.stats);
    ranges += c.a_stats.iterations;
    if (!o.quiet && o.random == 0) {
      out << label << ": ok: "
          << stats_line(c.stats, p.mapcore.name(), c.a_stats.iterations)
          << "\n";
    }
    return kExitOk;
  }
  if (c.failure) {
    out << label << ": " << c.failing_side
        << " fails the trace (against the model):\n";
    print_failure(out, *c.failure, rerun);
    return kExitFailure;
  }
  out << label << ": " << oracle::describe(*c.divergence);
  const std::string path =
      (std::filesystem::path(o.save_dir) / (save_name + ".txt")).string();
  std::ofstream f(path);
  f << "# subject divergence (gomapfuzz oracle --subject-lib)\n"
    << print_trace(t);
  if (f.flush()) out << "trace: " << path << "\n";
  out << "rerun: " << rerun << "\n";
  return kExitFailure;
}

// One trace's comparison as one call for the sandbox's watchdog, ended
// however the comparison leaves (a bad trace throws).
struct WatchdogCall {
  WatchdogCall() { harness::SandboxChild::begin_call(); }
  ~WatchdogCall() { harness::SandboxChild::end_call(); }
  WatchdogCall(const WatchdogCall&) = delete;
  WatchdogCall& operator=(const WatchdogCall&) = delete;
};

int run_subject(std::ostream& out, std::ostream& err,
                const OracleCliOptions& o) {
  std::optional<SubjectPair> pair;
  try {
    pair = SubjectPair{subject_from(o.subject), builtin_subject("mapcore")};
  } catch (const SubjectError& e) {
    err << "gomapfuzz oracle: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (!pair->subject.has(GOMAPFUZZ_TIER_LAYOUT)) {
    err << "gomapfuzz oracle: " << o.subject << " (" << pair->subject.name()
        << ") has no tier c (layout): there is no dump to compare\n";
    return kExitBadInput;
  }
  const std::string cmd =
      "gomapfuzz oracle --subject-lib " + shell_quote(o.subject) + " ";
  oracle::OracleStats total;
  uint64_t ranges = 0;
  int worst = kExitOk;
  auto t0 = std::chrono::steady_clock::now();
  const auto seconds = [&t0] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
        .count();
  };
  for (const auto& path : o.files) {
    try {
      const Trace t = read_trace_file(path);
      if (const std::string over = trace_over_budget(t, o.budget, 2);
          !over.empty()) {
        err << "gomapfuzz oracle: " << path << ": " << over << "\n";
        worst = std::max(worst, kExitBadInput);
        continue;
      }
      harness::SandboxChild::set_stage(path);  // names it if it crashes
      const WatchdogCall call;
      worst = std::max(
          worst, compare_one(out, o, *pair, t, path,
                             "subject-divergence-" +
                                 std::filesystem::path(path).stem().string(),
                             cmd + shell_quote(path), total, ranges));
    } catch (const TraceError& e) {
      err << "gomapfuzz oracle: " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    } catch (const SubjectError& e) {
      err << "gomapfuzz oracle: " << path << ": " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    } catch (const oracle::OracleError& e) {
      err << "gomapfuzz oracle: " << path << ": " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    }
  }
  if (o.files.size() > 1 && worst == kExitOk) {
    out << "oracle: all " << o.files.size()
        << " traces agree: " << stats_line(total, pair->mapcore.name(), ranges)
        << " (" << seconds() << " s)\n";
  }
  if (o.random == 0) return worst;
  total = {};
  ranges = 0;
  t0 = std::chrono::steady_clock::now();
  // Random traces the subject can run: uint64 values (ABI version 1), its
  // key types.
  DrawLimits lim = oracle::oracle_draw_limits();
  if (o.max_ops) lim.max_ops = o.max_ops;
  lim.value_types = false;
  lim.key_types &= static_cast<uint8_t>(pair->subject.abi().key_kinds);
  Progress progress("oracle", "traces", o.random, o.quiet);
  for (uint64_t i = 0; i < o.random; ++i) {
    progress.update(i);
    const uint64_t seed = o.seed + i;
    harness::SandboxChild::set_stage("seed " + std::to_string(seed));
    const std::string rerun =
        cmd + "--random 1 --seed " + std::to_string(seed) +
        (o.max_ops ? " --max-ops " + std::to_string(o.max_ops) : "");
    try {
      const WatchdogCall call;
      const int rc =
          compare_one(out, o, *pair, oracle::draw_oracle_trace(seed, lim),
                      "seed " + std::to_string(seed),
                      "subject-divergence-seed-" + std::to_string(seed), rerun,
                      total, ranges);
      if (rc != kExitOk) return rc;
    } catch (const oracle::OracleError& e) {
      err << "gomapfuzz oracle: seed " << seed << ": " << e.what()
          << "\nrerun: " << rerun << "\n";
      return kExitFailure;
    }
  }
  out << "oracle: all " << o.random << " random traces agree: "
      << stats_line(total, pair->mapcore.name(), ranges) << " (" << seconds()
      << " s)\n";
  return worst;
}

int run_subject_sandboxed(const OracleCliOptions& o) {
  std::optional<int> code;
  harness::SandboxOptions so;
  // One trace's comparison taking this long is a hang (the longest
  // committed trace takes about 3 s).
  so.timeout_seconds = 120;
  so.on_line = [&](std::string_view line) {
    const std::string_view text =
        line.substr(std::min<std::size_t>(2, line.size()));
    if (line.starts_with("o ")) std::cout << text << "\n" << std::flush;
    if (line.starts_with("e ")) std::cerr << text << "\n";
    if (line.starts_with("x ")) code = std::stoi(std::string(text));
  };
  const harness::SandboxResult r = harness::run_sandboxed(
      [&] {
        harness::SandboxLineBuf out_lines("o "), err_lines("e ");
        std::ostream out(&out_lines), err(&err_lines);
        const int rc = run_subject(out, err, o);
        harness::SandboxChild::send_line("x " + std::to_string(rc));
      },
      so);
  if (r.ok() && code) return *code;
  std::cout << "gomapfuzz oracle: the subject "
            << (r.end == harness::SandboxResult::End::kSignal ? "was " : "")
            << (r.ok() ? "ended without a verdict" : r.what());
  if (r.input && !r.input->stage.empty()) {
    std::cout << " on " << r.input->stage;
  }
  if (!r.stderr_head.empty()) {
    std::cout
        << " (it printed: "
        << r.stderr_head.substr(0, r.stderr_head.find('\n')).substr(0, 200)
        << ")";
  }
  std::cout << "\n";
  return kExitFailure;
}

int run_command(const OracleCliOptions& o) {
  if (o.files.empty() && o.random == 0) {
    std::cerr << "gomapfuzz oracle: give trace files or --random N\n";
    return kExitBadInput;
  }
  if (o.memory && o.random) {
    std::cerr << "gomapfuzz oracle: --memory takes trace files, not --random\n";
    return kExitBadInput;
  }
  if (o.memory && o.determinism) {
    std::cerr << "gomapfuzz oracle: --memory and --check-determinism do not "
                 "combine\n";
    return kExitBadInput;
  }
  if (!o.subject.empty()) {
    if (o.memory || o.determinism) {
      std::cerr << "gomapfuzz oracle: --subject-lib compares a subject with "
                   "mapcore; --memory and --check-determinism are the Go "
                   "program's\n";
      return kExitBadInput;
    }
    return run_subject_sandboxed(o);
  }
  int code = kExitOk;
  const auto go = go_binary_or_exit(o, &code);
  if (!go) return code;
  if (o.memory) return run_memory(o, *go);
  if (!o.files.empty()) code = run_files(o, *go);
  if (o.random) code = std::max(code, run_random(o, *go));
  return code;
}

}  // namespace

void add_oracle_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("oracle", add_oracle_command);

void add_oracle_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<OracleCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "oracle",
      "Run traces on the real Go 1.19 map and on mapcore; report the first "
      "op where they differ");
  cmd->add_option("files", o->files, "Trace files (hasher gofallback)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--random", o->random, "Run N random traces");
  cmd->add_option("--seed", o->seed, "Seed of the first random trace")
      ->capture_default_str();
  cmd->add_option("--max-ops", o->max_ops, "Ops per random trace")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000}));
  cmd->add_flag("--memory", o->memory,
                "Compare mapcore's reported bytes with Go's allocation for "
                "each trace's final map");
  cmd->add_flag("--full", o->full, "Compare the whole layout after every op");
  cmd->add_flag("--check-determinism", o->determinism,
                "Run Go twice and mapcore twice on each trace and fail when "
                "a side's two runs differ outside tainted spans");
  cmd->add_option("--go-binary", o->go_binary,
                  "The Go oracle (default: $GOMAPFUZZ_GO_ORACLE, else the "
                  "one built with gomapfuzz)");
  cmd->add_option("--save-dir", o->save_dir,
                  "Where to save divergent traces (with Go's iteration "
                  "starts)")
      ->capture_default_str();
  cmd->add_option("--subject-lib", o->subject,
                  "Instead of the Go program: compare this subject library "
                  "(tier c; gomapfuzz/subject_abi.h) with mapcore, both "
                  "through the C ABI, by the same rules")
      ->check(CLI::ExistingFile);
  cmd->add_flag("-q,--quiet", o->quiet, "Print divergences only");
  add_budget_options(cmd, o->budget);
  cmd->callback([o, exit_code] { *exit_code = run_command(*o); });
}

}  // namespace gomapfuzz::cli

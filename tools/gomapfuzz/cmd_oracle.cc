// gomapfuzz oracle: run traces on the real Go 1.19 map and on mapcore and
// report the first op after which the two differ (oracle/README.md).
//
//   gomapfuzz oracle TRACE...              committed or saved traces
//   gomapfuzz oracle --random N --seed S   N random traces (seeds S..S+N-1)
//   gomapfuzz oracle --memory TRACE...     mapcore's bytes vs Go's allocation
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
#include "gomapfuzz/oracle/differ.h"
#include "gomapfuzz/oracle/memory_truth.h"
#include "gomapfuzz/oracle/random_traces.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

constexpr int kExitSkipped = 77;  // ctest's SKIP_RETURN_CODE for oracle tests
// Progress lines at most this often in random mode.
constexpr double kProgressSeconds = 5.0;

struct OracleCliOptions {
  std::vector<std::string> files;
  uint64_t random = 0;
  uint64_t seed = 1;
  uint64_t max_ops = 0;  // 0: oracle_draw_limits()
  bool memory = false;
  bool full = false;
  bool quiet = false;
  std::string go_binary;
  std::string save_dir = ".";
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

std::string stats_line(const oracle::OracleStats& s,
                       const std::string& go_version) {
  std::string out = std::to_string(s.ops) + " ops agree with Go " + go_version +
                    ": " + std::to_string(s.full_compares) + " full layouts, " +
                    std::to_string(s.header_compares) + " headers, " +
                    std::to_string(s.starts) + " iterations (" +
                    std::to_string(s.yields) + " yields), " +
                    std::to_string(s.results) + " results, max B " +
                    std::to_string(s.max_b);
  if (s.nan_ops) {
    out += "; " + std::to_string(s.nan_ops) +
           " ops with NaN keys compared on count and hash0 only";
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
  total.nan_ops += s.nan_ops;
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

int run_files(const OracleCliOptions& o, const std::string& go) {
  int worst = kExitOk;
  for (const auto& path : o.files) {
    try {
      const Trace t = read_trace_file(path);
      oracle::OracleOptions oo{go, {.every_op = o.full}, 0};
      const oracle::OracleReport r = oracle::run_oracle(t, oo);
      if (r.ok()) {
        if (!o.quiet)
          std::cout << path << ": ok: " << stats_line(r.stats, r.go_version)
                    << "\n";
        continue;
      }
      const std::string saved = save_pinned(
          o, r.pinned,
          "oracle-divergence-" + std::filesystem::path(path).stem().string());
      worst = std::max(
          worst, print_report(r, path, "gomapfuzz oracle " + shell_quote(path),
                              saved));
    } catch (const TraceError& e) {
      std::cerr << "gomapfuzz oracle: " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    } catch (const oracle::OracleError& e) {
      std::cerr << "gomapfuzz oracle: " << path << ": " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    }
  }
  return worst;
}

int run_random(const OracleCliOptions& o, const std::string& go) {
  DrawLimits lim = oracle::oracle_draw_limits();
  if (o.max_ops) lim.max_ops = o.max_ops;
  oracle::OracleStats total;
  std::string go_version;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  std::cout << "oracle: " << o.random << " random traces, seeds " << o.seed
            << ".." << o.seed + o.random - 1 << ", up to " << lim.max_ops
            << " ops each\n";
  for (uint64_t i = 0; i < o.random; ++i) {
    const uint64_t seed = o.seed + i;
    const Trace t = oracle::draw_oracle_trace(seed, lim);
    const std::string rerun =
        "gomapfuzz oracle --random 1 --seed " + std::to_string(seed) +
        (o.max_ops ? " --max-ops " + std::to_string(o.max_ops) : "");
    oracle::OracleReport r;
    try {
      r = oracle::run_oracle(t, {go, {.every_op = o.full}, 0});
    } catch (const oracle::OracleError& e) {
      std::cerr << "gomapfuzz oracle: seed " << seed << ": " << e.what()
                << "\nrerun: " << rerun << "\n";
      return kExitFailure;
    }
    if (!r.ok()) {
      const std::string saved = save_pinned(
          o, r.pinned, "oracle-divergence-seed-" + std::to_string(seed));
      return print_report(r, "seed " + std::to_string(seed), rerun, saved);
    }
    add_stats(total, r.stats);
    go_version = r.go_version;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last).count() >= kProgressSeconds ||
        i + 1 == o.random) {
      last = now;
      std::cout << "oracle: " << i + 1 << "/" << o.random << " traces agree ("
                << std::chrono::duration<double>(now - t0).count() << " s)\n";
    }
  }
  std::cout << "oracle: all " << o.random
            << " random traces agree: " << stats_line(total, go_version)
            << "\n";
  return kExitOk;
}

int run_memory(const OracleCliOptions& o, const std::string& go) {
  int worst = kExitOk;
  std::cout << "trace | count | B | Go array | mapcore array | Go overflow | "
               "mapcore overflow | Go live map heap (heap profile) | verdict\n";
  for (const auto& path : o.files) {
    try {
      const auto m = oracle::check_memory_truth(read_trace_file(path), go);
      std::cout << std::filesystem::path(path).filename().string() << " | "
                << m.go.count << " | " << m.go.B << " | " << m.go.array << " | "
                << m.mapcore.go_array_bytes << " | " << m.go.overflow << " | "
                << m.mapcore.go_overflow_bytes << " | " << m.go.map_heap_live
                << " (= " << m.go.total << " incl. " << m.go.bookkeeping
                << " hmap/mapextra) | " << (m.ok() ? "agree" : "DIFFER")
                << "\n";
      for (const auto& d : m.mismatches) std::cout << "  " << d << "\n";
      if (!m.ok()) worst = std::max(worst, kExitFailure);
    } catch (const TraceError& e) {
      std::cerr << "gomapfuzz oracle: " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    } catch (const oracle::OracleError& e) {
      std::cerr << "gomapfuzz oracle: " << path << ": " << e.what() << "\n";
      worst = std::max(worst, kExitBadInput);
    }
  }
  return worst;
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
  cmd->add_option("--max-ops", o->max_ops, "Ops per random trace");
  cmd->add_flag("--memory", o->memory,
                "Compare mapcore's reported bytes with Go's allocation for "
                "each trace's final map");
  cmd->add_flag("--full", o->full, "Compare the whole layout after every op");
  cmd->add_option("--go-binary", o->go_binary,
                  "The Go oracle (default: $GOMAPFUZZ_GO_ORACLE, else the "
                  "one built with gomapfuzz)");
  cmd->add_option("--save-dir", o->save_dir,
                  "Where to save divergent traces (with Go's iteration "
                  "starts)")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o->quiet, "Print divergences only");
  cmd->callback([o, exit_code] { *exit_code = run_command(*o); });
}

}  // namespace gomapfuzz::cli

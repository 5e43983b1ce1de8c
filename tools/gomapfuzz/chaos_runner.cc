// `gomapfuzz chaos` (see chaos_runner.h): scenario dispatch, progress,
// figures, and saving failures as traces.
#include "chaos_runner.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "commands.h"
#include "gomapfuzz/chaos/concurrent_scenario.h"
#include "gomapfuzz/chaos/fault_sweep.h"
#include "gomapfuzz/chaos/misuse_experiment.h"
#include "gomapfuzz/chaos/subject_map.h"
#include "gomapfuzz/harness/fuzz_decode.h"
#include "gomapfuzz/harness/sandbox.h"
#include "gomapfuzz/harness/trace_files.h"

namespace gomapfuzz::cli {
namespace {

// The chaos library's work, presented here.
using chaos::concurrent_scenarios;
using chaos::ConcurrentRun;
using chaos::count_fault_points;
using chaos::generated_sweep_trace;
using chaos::HammerOptions;
using chaos::HistOp;
using chaos::is_broken_scenario;
using chaos::is_concurrent_scenario;
using chaos::JitterOptions;
using chaos::measure_misuse_rate;
using chaos::MisuseOptions;
using chaos::MisuseRun;
using chaos::MisuseTally;
using chaos::run_concurrent;
using chaos::run_concurrent_on;
using chaos::run_fault_point;
using chaos::SubjectMap;
using chaos::sweep_trace;
using chaos::SweepFailure;
using chaos::SweepFigures;
using chaos::SweepOptions;
using chaos::SweepReport;
using chaos::violation_trace;

namespace fs = std::filesystem;

// Saves `text` as save_dir/name; returns the path, or why it could not.
std::string save(const ChaosOptions& o, const std::string& name,
                 const std::string& text) {
  std::error_code ec;
  fs::create_directories(o.save_dir, ec);
  const fs::path path = fs::path(o.save_dir) / name;
  std::ofstream f(path);
  f << text;
  if (!f) return "(could not write " + path.string() + ")";
  return path.string();
}

// ---- sweep ----

struct NamedTrace {
  std::string name;
  Trace trace;
};

std::string sweep_reproduce(const ChaosOptions& o, const SweepFailure& f,
                            bool generated) {
  RerunCommand cmd{.verb = "chaos"};
  cmd.option("--scenario", "sweep");
  if (generated) {
    cmd.option("--seed", f.trace_name.substr(f.trace_name.find(' ') + 1))
        .option("--ops", std::to_string(o.ops));
  } else {
    cmd.option("--trace", f.trace_name);
  }
  const FaultPlan& p = f.plan;
  if (!p.fail_at.empty()) {
    cmd.option("--fail-at", std::to_string(p.fail_at.front()));
    if (p.fail_at.size() > 1) {
      cmd.option("--burst", std::to_string(p.fail_at.size() - 1));
    }
  }
  if (p.probability > 0) {
    cmd.option("--fail-probability", std::to_string(p.probability));
    if (!generated) cmd.option("--seed", std::to_string(p.seed));
  }
  if (p.byte_budget != UINT64_MAX) {
    cmd.option("--byte-budget", std::to_string(p.byte_budget));
  }
  return cmd.str();
}

// The sweep's cost, predicted before it starts: every trace's map against
// the memory budget, and the fault points (one clean run each to count
// them) times the predicted replay time against the time budget.
std::string sweep_over_budget(const ChaosOptions& o,
                              const std::vector<NamedTrace>& traces,
                              const SweepOptions& so, bool one_run_per_trace) {
  double seconds = 0;
  uint64_t points = 0;
  for (const auto& [name, trace] : traces) {
    const TraceCost cost = predict_cost(trace);
    ResourceBudget memory_only = o.budget;
    memory_only.seconds = 1e300;
    if (auto over = over_budget(trace, cost, memory_only, "--max-memory",
                                "--max-seconds")) {
      return name + ": " + *over;
    }
    const uint64_t n = one_run_per_trace ? 1 : count_fault_points(trace, so);
    points += n;
    seconds += static_cast<double>(n + 1) * cost.seconds;
  }
  if (seconds <= o.budget.seconds) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", seconds);
  return "the sweep would take about " + std::string(buf) + " s (" +
         std::to_string(points) + " fault points over " +
         std::to_string(traces.size()) +
         " traces, a replay each), above the time budget of " +
         std::to_string(static_cast<int64_t>(o.budget.seconds)) +
         " s (raise it with --max-seconds " +
         std::to_string(static_cast<int64_t>(seconds) + 1) +
         ", or sample with --max-points N)";
}

int run_sweep(const ChaosOptions& o, std::ostream& out) {
  std::vector<NamedTrace> traces;
  const bool generated = o.traces.empty();
  try {
    if (generated) {
      for (uint64_t s = o.seed; s < o.seed + o.runs; ++s) {
        traces.push_back(
            {"seed " + std::to_string(s), generated_sweep_trace(s, o.ops)});
      }
    } else {
      for (const auto& p : trace_files(o.traces)) {
        traces.push_back({p.string(), read_trace_file(p.string())});
      }
    }
  } catch (const TraceError& e) {
    out << "gomapfuzz chaos: " << e.what() << "\n";
    return kExitBadInput;
  }
  SweepOptions so;
  so.burst = o.burst;
  so.max_points = o.max_points;
  so.check_every = o.check_every;
  so.progress = [&out](const std::string& line) { out << line << "\n"; };
  const bool one_run_per_trace =
      o.fail_at || o.fail_probability > 0 || o.byte_budget;
  if (const std::string over =
          sweep_over_budget(o, traces, so, one_run_per_trace);
      !over.empty()) {
    out << "gomapfuzz chaos: " << over << "\n";
    return kExitBadInput;
  }
  SweepReport all;
  for (std::size_t i = 0; i < traces.size(); ++i) {
    const auto& [name, trace] = traces[i];
    if (o.progress) {
      // (clang 14 cannot capture a structured binding: the label is a copy.)
      so.point_progress = [&o, label = "sweep " + std::to_string(i + 1) + "/" +
                                       std::to_string(traces.size()) + " " +
                                       name](uint64_t done, uint64_t total) {
        o.progress(label, "fault points", done, total);
      };
    }
    if (o.fail_at || o.fail_probability > 0 || o.byte_budget) {
      FaultPlan plan;
      if (o.fail_at) {
        for (uint64_t k = *o.fail_at; k <= *o.fail_at + o.burst; ++k) {
          plan.fail_at.push_back(k);
        }
      }
      plan.probability = o.fail_probability;
      plan.seed = generated ? o.seed + i : o.seed;
      if (o.byte_budget) plan.byte_budget = *o.byte_budget;
      SweepReport one = run_fault_point(trace, name, plan, so);
      one.figures.traces = 1;
      one.figures.ops_per_run = trace.ops.size();
      out << name << ": " << one.figures.faults_injected << " faults injected, "
          << (one.ok() ? "survived" : "FAILED") << "\n";
      all.add(std::move(one));
    } else {
      all.add(sweep_trace(trace, name, so));
    }
  }
  out << all.figures.text() << "\n";
  for (const auto& f : all.failures) {
    const auto it =
        std::find_if(traces.begin(), traces.end(),
                     [&](const auto& t) { return t.name == f.trace_name; });
    std::string name =
        "sweep_" + fs::path(f.trace_name).stem().string() +
        (f.clean_run              ? std::string("_clean")
         : f.plan.fail_at.empty() ? std::string("_random")
                                  : "_k" + std::to_string(f.plan.fail_at[0])) +
        ".txt";
    std::replace(name.begin(), name.end(), ' ', '_');
    const std::string repro = sweep_reproduce(o, f, generated);
    // The "# faults" line makes the file self-contained: `gomapfuzz repro`
    // re-injects the plan, `gomapfuzz minimize` shrinks it into
    // corpus/regressions/.
    std::string what = f.what;
    std::replace(what.begin(), what.end(), '\n', ' ');
    const std::string path = save(
        o, name,
        "# gomapfuzz chaos sweep failure: " + what + "\n# reproduce: " + repro +
            "\n" + format_fault_comment(f.plan) + print_trace(it->trace));
    out << "FAILURE " << f.trace_name << ": " << f.what
        << "\n  reproduce: " << repro << "\n  saved: " << path
        << " (gomapfuzz repro / gomapfuzz minimize take it as it is)\n";
    if (f.replay_failure && !f.replay_failure->dump.empty()) {
      out << "  dump at the failure:\n" << f.replay_failure->dump;
    }
  }
  return all.ok() ? kExitOk : kExitFailure;
}

// ---- concurrent scenarios ----

// A concurrent op costs about 3 us with its history record and its share of
// the linearizability check (1,000 histories of 8 x 200 ops: about 5 s of
// CPU on this project's VM); a thread about 50 us to start and join.
constexpr double kSecondsPerConcurrentOp = 3e-6;
constexpr double kSecondsPerThread = 50e-6;
// Threads are real threads: more than this many at once is a typo.
constexpr int kMaxThreads = 256;

std::string concurrent_over_budget(const ChaosOptions& o) {
  if (o.threads > kMaxThreads) {
    return "--threads " + std::to_string(o.threads) + " is above " +
           std::to_string(kMaxThreads);
  }
  const double runs = static_cast<double>(o.runs);
  const double seconds = runs * o.threads *
                         (static_cast<double>(o.ops) * kSecondsPerConcurrentOp +
                          kSecondsPerThread);
  if (seconds <= o.budget.seconds) return "";
  return "--runs " + std::to_string(o.runs) + " x --threads " +
         std::to_string(o.threads) + " x --ops " + std::to_string(o.ops) +
         " would take about " + std::to_string(static_cast<int64_t>(seconds)) +
         " s, above the time budget of " +
         std::to_string(static_cast<int64_t>(o.budget.seconds)) +
         " s (raise it with --max-seconds " +
         std::to_string(static_cast<int64_t>(seconds) + 1) + ")";
}

// ---- misuse ----

int run_misuse(const ChaosOptions& o, std::ostream& out) {
  MisuseOptions mo;
  mo.seed = o.seed;
  mo.threads = o.threads;
  mo.ops_per_thread = o.ops;
  mo.hash_yield_probability = o.hash_yield;
  const uint64_t every = std::max<uint64_t>(1, o.runs / 10);
  uint64_t done = 0;
  const MisuseTally t =
      measure_misuse_rate(mo, o.runs, [&](uint64_t seed, const MisuseRun& r) {
        if (o.progress) o.progress("misuse", "runs", done + 1, o.runs);
        if (++done % every == 0 || o.runs == 1) {
          out << "seed " << seed << ": " << r.describe() << "  ("
              << reproduce_command(o, seed).str() << ")\n";
        }
      });
  out << "misuse figures: " << t.summary() << "\n";
  return kExitOk;  // an undetected race is a measurement, not a failure
}

// ---- concurrent wrappers and subjects ----

// Histories seed .. seed+runs-1 of `run_one`, each checked; figures and
// violations to `out`.
int run_histories(
    const ChaosOptions& o, std::ostream& out,
    const std::function<ConcurrentRun(const HammerOptions&)>& run_one,
    const std::string& note) {
  uint64_t violations = 0, errors = 0, unchecked = 0, ops = 0, overlapping = 0;
  for (uint64_t s = o.seed; s < o.seed + o.runs; ++s) {
    if (o.progress) o.progress(o.scenario, "histories", s - o.seed, o.runs);
    HammerOptions h;
    h.seed = s;
    h.threads = o.threads;
    h.ops_per_thread = o.ops;
    h.key_space = o.keys;
    const ConcurrentRun r = run_one(h);
    ops += r.hammer.history.size();
    overlapping += r.lin.overlapping_ops;
    const std::string repro = reproduce_command(o, s).str();
    out << "seed " << s << ": " << r.summary() << "  (" << repro << ")\n";
    errors += !r.hammer.errors.empty();
    unchecked += !r.lin.complete();
    if (!r.lin.linearizable()) {
      ++violations;
      const std::string path =
          save(o, "chaos_" + o.scenario + "_seed" + std::to_string(s) + ".txt",
               violation_trace(r, o.scenario, repro));
      out << "  violation saved: " << path << "\n";
      for (const HistOp& h : r.lin.violation) {
        out << "    t" << h.thread << " [" << h.call << "," << h.ret << "] "
            << h.to_string() << "\n";
      }
    }
  }
  out << o.scenario << " figures: " << o.runs << " histories checked (" << ops
      << " ops, " << overlapping << " overlapping another op on their key), "
      << violations << " linearizability violations, " << unchecked
      << " incomplete, " << errors << " runs with errors" << note << "\n";
  return violations + errors + unchecked == 0 ? kExitOk : kExitFailure;
}

JitterOptions jitter_of(const ChaosOptions& o) {
  return o.jitter ? JitterOptions{} : JitterOptions::none();
}

int run_wrappers(const ChaosOptions& o, std::ostream& out) {
  return run_histories(
      o, out,
      [&](const HammerOptions& h) {
        return run_concurrent(o.scenario, h, jitter_of(o));
      },
      is_broken_scenario(o.scenario)
          ? " (a deliberately broken wrapper: violations expected)"
          : "");
}

// --scenario subject: histories of a subject (a built-in name, or a
// library run in a sandbox child so that a crash or hang is a finding).
int run_subject(const ChaosOptions& o, std::ostream& out) {
  if (o.subject.empty()) {
    out << "gomapfuzz chaos: --scenario subject needs --subject NAME|LIB\n";
    return kExitBadInput;
  }
  auto histories = [&o](std::ostream& lines) {
    const Subject s = subject_from(o.subject);
    lines << "subject " << s.name() << " (" << s.tiers_text() << "): "
          << (s.has(GOMAPFUZZ_TIER_CONCURRENT)
                  ? "concurrent (tier e), called with no lock"
                  : "not concurrent: every op under one mutex, so the "
                    "histories check only that each op is atomic and right")
          << "\n";
    return run_histories(
        o, lines,
        [&](const HammerOptions& h) {
          return run_concurrent_on(s, h, jitter_of(o));
        },
        "");
  };
  if (!names_subject_library(o.subject)) {
    try {
      return histories(out);
    } catch (const SubjectError& e) {
      out << "gomapfuzz chaos: " << e.what() << "\n";
      return kExitBadInput;
    }
  }
  int status = kExitOk;
  harness::SandboxOptions so;
  so.timeout_seconds = o.plugin_timeout;
  so.on_line = [&](std::string_view line) {
    if (line.starts_with("status ")) {
      status = std::stoi(std::string(line.substr(7)));
    } else {
      out << line << "\n";
    }
  };
  const harness::SandboxResult r = harness::run_sandboxed(
      [&] {
        harness::SandboxLineBuf buf;
        std::ostream lines(&buf);
        int st = kExitBadInput;
        try {
          harness::SandboxChild::begin_call();  // the watchdog's clock
          st = histories(lines);
          harness::SandboxChild::end_call();
        } catch (const SubjectError& e) {
          lines << "gomapfuzz chaos: " << e.what() << "\n";
        }
        lines.flush();
        harness::SandboxChild::send_line("status " + std::to_string(st));
      },
      so);
  if (r.end != harness::SandboxResult::End::kOk) {
    out << "FINDING: the subject " << o.subject
        << (r.end == harness::SandboxResult::End::kSignal ? " was " : " ")
        << r.what() << "  (" << reproduce_command(o, o.seed).str() << ")\n";
    if (!r.stderr_head.empty()) out << "  it printed: " << r.stderr_head;
    return kExitFailure;
  }
  return status;
}

}  // namespace

std::vector<std::string> chaos_scenarios() {
  std::vector<std::string> names = {"sweep", "misuse"};
  for (auto n : concurrent_scenarios()) names.emplace_back(n);
  names.emplace_back(SubjectMap::kName);
  return names;
}

RerunCommand reproduce_command(const ChaosOptions& o, uint64_t seed) {
  RerunCommand cmd{.verb = "chaos"};
  cmd.option("--scenario", o.scenario)
      .option("--seed", std::to_string(seed))
      .option("--ops", std::to_string(o.ops));
  if (o.scenario != "sweep") {
    cmd.option("--threads", std::to_string(o.threads));
  }
  if (is_concurrent_scenario(o.scenario) || o.scenario == SubjectMap::kName) {
    cmd.option("--keys", std::to_string(o.keys));
    if (!o.jitter) cmd.option("--no-jitter");
  }
  if (o.scenario == SubjectMap::kName) cmd.option("--subject", o.subject);
  if (o.scenario == "misuse" && o.hash_yield > 0) {
    cmd.option("--hash-yield", std::to_string(o.hash_yield));
  }
  return cmd;
}

int run_chaos(const ChaosOptions& o, std::ostream& out) {
  const auto names = chaos_scenarios();
  if (std::find(names.begin(), names.end(), o.scenario) == names.end()) {
    out << "gomapfuzz chaos: unknown scenario '" << o.scenario << "'\n";
    return kExitBadInput;
  }
  if (o.threads < 1 || o.runs < 1 || (o.scenario != "sweep" && o.keys < 1)) {
    out << "gomapfuzz chaos: --threads, --runs and --keys must be >= 1\n";
    return kExitBadInput;
  }
  out << "gomapfuzz chaos --scenario " << o.scenario;
  if (o.scenario == "sweep" && !o.traces.empty()) {
    out << ": trace files\n";
  } else {
    out << ": seeds " << o.seed << ".." << o.seed + o.runs - 1 << "\n";
  }
  if (o.scenario == "sweep") return run_sweep(o, out);
  if (const std::string over = concurrent_over_budget(o); !over.empty()) {
    out << "gomapfuzz chaos: " << over << "\n";
    return kExitBadInput;
  }
  if (o.scenario == "misuse") return run_misuse(o, out);
  if (o.scenario == SubjectMap::kName) return run_subject(o, out);
  return run_wrappers(o, out);
}

}  // namespace gomapfuzz::cli

// The out-of-memory sweep (see fault_sweep.h). Each run layers a ledger
// under the replayer's counting and fault-injecting resources, so the replay
// itself checks layout, invariants, model and accounting, and the ledger
// says which op allocated anything left behind.
#include "gomapfuzz/chaos/fault_sweep.h"

#include <algorithm>
#include <stdexcept>

#include "gomapfuzz/harness/ledger_resource.h"
#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/subject_replay.h"

namespace gomapfuzz::chaos {
namespace {

// Model entries the map does not hold with the model's value.
uint64_t count_lost(const OpEvent& ev) {
  uint64_t lost = 0;
  for (const auto& [key, entry] : ev.model->entries()) {
    if (ev.lookup(key) != std::optional<uint64_t>(entry.value)) ++lost;
  }
  return lost;
}

std::string plan_text(const FaultPlan& plan) {
  std::string s;
  if (!plan.fail_at.empty()) {
    s = "allocation " + std::to_string(plan.fail_at.front());
    if (plan.fail_at.size() > 1)
      s += ".." + std::to_string(plan.fail_at.back());
  }
  if (plan.probability > 0) {
    s += (s.empty() ? "" : ", ") + std::string("probability ") +
         std::to_string(plan.probability) + " seed " +
         std::to_string(plan.seed);
  }
  if (plan.byte_budget != UINT64_MAX) {
    s += (s.empty() ? "" : ", ") + std::string("byte budget ") +
         std::to_string(plan.byte_budget);
  }
  return s.empty() ? "no faults" : s;
}

// Wires a ledger and the lost-entry check into replay options.
struct LedgeredRun {
  LedgerResource ledger;
  uint64_t lost = 0;
  std::string lost_at;  // the first op after which entries were missing
  // Allocations made before each op began (the implicit make's included):
  // in a clean run, allocation k falls in op i when
  // allocs_before_op[i] < k <= allocs_before_op[i + 1].
  std::vector<uint64_t> allocs_before_op;

  ReplayOptions options(const Trace& trace, const SweepOptions& o,
                        const FaultPlan& plan) {
    ReplayOptions ro;
    ro.check_every = o.check_every;
    ro.incremental_checks = true;
    ro.faults = plan;
    ro.upstream = &ledger;
    ro.before_op = [this](std::size_t i) {
      ledger.set_current_op(i);
      allocs_before_op.push_back(ledger.allocations());
    };
    const std::size_t n_ops = trace.ops.size();
    ro.after_op = [this, n_ops](const OpEvent& ev) {
      if (!ev.alloc_failed && ev.index + 1 != n_ops) return;
      const uint64_t n = count_lost(ev);
      if (n > 0 && lost == 0) {
        lost_at =
            "op " + std::to_string(ev.index) + " `" + print_op(ev.op) + "`";
      }
      lost += n;
    };
    return ro;
  }

  // What went wrong in a finished run ("" when nothing did).
  std::string problems(const ReplayResult& r) const {
    std::string what;
    auto add = [&](const std::string& s) {
      if (!what.empty()) what += "; ";
      what += s;
    };
    if (!r.ok()) add("replay failed at " + r.failure->summary());
    if (!ledger.empty()) add("leak: " + ledger.describe());
    if (lost > 0) {
      add(std::to_string(lost) + " entries lost (first after " + lost_at + ")");
    }
    return what;
  }
};

// The line a sweep prints when it is done with one trace.
void report_trace_done(const std::string& name, const Trace& trace,
                       const SweepReport& rep, const SweepOptions& options) {
  if (!options.progress) return;
  options.progress(name + ": " + std::to_string(trace.ops.size()) + " ops, " +
                   std::to_string(rep.figures.allocations) + " allocations, " +
                   std::to_string(rep.figures.fault_points) +
                   " fault points, " + std::to_string(rep.figures.survived) +
                   " survived");
}

}  // namespace

void SweepFigures::add(const SweepFigures& o) {
  traces += o.traces;
  ops_per_run += o.ops_per_run;
  allocations += o.allocations;
  fault_points += o.fault_points;
  faults_injected += o.faults_injected;
  survived += o.survived;
  bytes_leaked += o.bytes_leaked;
  entries_lost += o.entries_lost;
  unreached += o.unreached;
}

std::string SweepFigures::text() const {
  std::string s = "sweep figures: " + std::to_string(traces) + " traces (" +
                  std::to_string(ops_per_run) + " ops, " +
                  std::to_string(allocations) + " allocations), " +
                  std::to_string(fault_points) + " fault points tried, " +
                  std::to_string(faults_injected) + " faults injected, " +
                  std::to_string(survived) + " survived, " +
                  std::to_string(bytes_leaked) + " bytes leaked, " +
                  std::to_string(entries_lost) + " entries lost";
  if (unreached > 0) {
    s += ", " + std::to_string(unreached) + " fault points never reached";
  }
  return s;
}

void SweepReport::add(SweepReport&& o) {
  figures.add(o.figures);
  for (auto& f : o.failures) failures.push_back(std::move(f));
}

std::vector<uint64_t> fault_points(uint64_t allocations, uint64_t max_points) {
  std::vector<uint64_t> points;
  if (max_points == 0 || max_points >= allocations) {
    for (uint64_t k = 1; k <= allocations; ++k) points.push_back(k);
    return points;
  }
  if (max_points == 1) return {1};
  for (uint64_t i = 0; i < max_points; ++i) {
    const uint64_t k = 1 + i * (allocations - 1) / (max_points - 1);
    if (points.empty() || points.back() != k) points.push_back(k);
  }
  return points;
}

std::size_t op_of_allocation(const std::vector<uint64_t>& allocs_before_op,
                             uint64_t k) {
  const auto it =
      std::lower_bound(allocs_before_op.begin(), allocs_before_op.end(), k);
  return it == allocs_before_op.begin()
             ? 0
             : static_cast<std::size_t>(it - allocs_before_op.begin()) - 1;
}

SweepReport run_fault_point(const Trace& trace, const std::string& name,
                            const FaultPlan& plan,
                            const SweepOptions& options) {
  const std::vector<uint64_t>& fail_at = plan.fail_at;
  SweepReport rep;
  rep.figures.fault_points = 1;
  LedgeredRun run;
  const ReplayResult r = replay(trace, run.options(trace, options, plan));
  rep.figures.faults_injected = r.stats.alloc_failures;
  rep.figures.bytes_leaked = run.ledger.live_bytes();
  rep.figures.entries_lost = run.lost;
  std::string what = run.problems(r);
  if (r.ok() && r.stats.alloc_failures == 0 && !fail_at.empty()) {
    what = "the fault was never injected (allocation " +
           std::to_string(fail_at.front()) + " of " +
           std::to_string(r.stats.alloc_attempts) + " never happened)";
  }
  if (what.empty()) {
    rep.figures.survived = 1;
  } else {
    rep.failures.push_back(
        {name, false, plan, plan_text(plan) + ": " + what, r.failure});
  }
  return rep;
}

uint64_t count_fault_points(const Trace& trace, const SweepOptions& options) {
  const ReplayResult r = replay(trace, ReplayOptions{.check_every = 0});
  return fault_points(r.stats.alloc_attempts, options.max_points).size();
}

SweepReport sweep_trace(const Trace& trace, const std::string& name,
                        const SweepOptions& options) {
  SweepReport rep;
  rep.figures.traces = 1;
  rep.figures.ops_per_run = trace.ops.size();
  LedgeredRun clean;
  const ReplayResult r = replay(trace, clean.options(trace, options, {}));
  const std::vector<uint64_t>& before = clean.allocs_before_op;
  if (const std::string what = clean.problems(r); !what.empty()) {
    rep.failures.push_back({name, true, {}, "clean run: " + what, r.failure});
    return rep;
  }
  rep.figures.allocations = r.stats.alloc_attempts;
  const std::vector<uint64_t> points =
      fault_points(r.stats.alloc_attempts, options.max_points);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const uint64_t k = points[i];
    FaultPlan plan;
    for (uint64_t j = k; j <= k + options.burst; ++j) plan.fail_at.push_back(j);
    plan.first_op = op_of_allocation(before, k);
    SweepReport one = run_fault_point(trace, name, plan, options);
    const bool failed = !one.ok();
    rep.add(std::move(one));
    if (options.point_progress) options.point_progress(i + 1, points.size());
    if (failed && options.stop_at_first_failure) break;
  }
  report_trace_done(name, trace, rep, options);
  return rep;
}

SweepReport sweep_subject_trace(const Subject& s, const Trace& trace,
                                const std::string& name,
                                const SweepOptions& options) {
  if (!s.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    throw std::invalid_argument(s.name() +
                                " has no tier b: its allocations cannot fail");
  }
  SweepReport rep;
  rep.figures.traces = 1;
  rep.figures.ops_per_run = trace.ops.size();
  const SubjectReplayResult clean = replay_on_subject(s, trace);
  if (!clean.ok()) {
    rep.failures.push_back({name,
                            true,
                            {},
                            "clean run: " + clean.failure->summary(),
                            clean.failure});
    return rep;
  }
  rep.figures.allocations = clean.stats.alloc_attempts;
  const std::vector<uint64_t> points =
      fault_points(clean.stats.alloc_attempts, options.max_points);
  for (std::size_t i = 0; i < points.size(); ++i) {
    FaultPlan plan;
    for (uint64_t j = points[i]; j <= points[i] + options.burst; ++j) {
      plan.fail_at.push_back(j);
    }
    const SubjectReplayResult r = replay_on_subject(s, trace, {.faults = plan});
    ++rep.figures.fault_points;
    rep.figures.faults_injected += r.stats.alloc_failures;
    if (!r.ok()) {
      rep.failures.push_back({name, false, plan,
                              plan_text(plan) + ": " + r.failure->summary(),
                              r.failure});
    } else if (r.stats.alloc_failures == 0) {
      ++rep.figures.unreached;
    } else {
      ++rep.figures.survived;
    }
    if (options.point_progress) options.point_progress(i + 1, points.size());
    if (!r.ok() && options.stop_at_first_failure) break;
  }
  report_trace_done(name, trace, rep, options);
  return rep;
}

Trace generated_sweep_trace(uint64_t seed, std::size_t max_ops) {
  SeededChoices choices(seed);
  DrawLimits lim;
  lim.max_ops = max_ops;
  // Hints up to 512 (B <= 7): big enough for preallocated overflow pools,
  // small enough that the per-op layout dumps of an armed replay stay cheap.
  lim.max_hint = 512;
  return draw_trace(choices, lim);
}

}  // namespace gomapfuzz::chaos

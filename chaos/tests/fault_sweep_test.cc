// The out-of-memory sweep: every allocation of generated and corpus traces
// failed in turn (and in bursts) leaves no trace: same layout, invariants,
// model agreement, no leak, no lost entry.
#include "gomapfuzz/chaos/fault_sweep.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "gomapfuzz/harness/op_source.h"

namespace gomapfuzz::chaos {
namespace {

std::string failures_text(const SweepReport& r) {
  std::string s;
  for (const auto& f : r.failures) s += f.trace_name + ": " + f.what + "\n";
  return s;
}

TEST(FaultPoints, AllocationKFallsInTheOpThatMadeIt) {
  // 2 allocations before op 0, op 0 made none, op 1 made 3, op 2 made 1.
  const std::vector<uint64_t> before = {2, 2, 5, 6};
  EXPECT_EQ(op_of_allocation(before, 1), 0u);
  EXPECT_EQ(op_of_allocation(before, 3), 1u);
  EXPECT_EQ(op_of_allocation(before, 5), 1u);
  EXPECT_EQ(op_of_allocation(before, 6), 2u);
  EXPECT_EQ(op_of_allocation(before, 7), 3u);
}

TEST(FaultPoints, AllOrEvenlySpacedIncludingBothEnds) {
  EXPECT_EQ(fault_points(4, 0), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(fault_points(4, 9), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(fault_points(100, 3), (std::vector<uint64_t>{1, 50, 100}));
  EXPECT_EQ(fault_points(100, 1), (std::vector<uint64_t>{1}));
  EXPECT_TRUE(fault_points(0, 5).empty());
}

// Seeds of the generated traces: a fixed list, so a failure names its seed
// (gomapfuzz chaos --scenario sweep --seed S --ops 120 reproduces it).
constexpr uint64_t kFirstSeed = 1;
constexpr uint64_t kGeneratedTraces = 12;
constexpr std::size_t kGeneratedOps = 120;

TEST(FaultSweep, EveryAllocationOfGeneratedTracesCanFail) {
  SweepReport all;
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kGeneratedTraces;
       ++seed) {
    const Trace t = generated_sweep_trace(seed, kGeneratedOps);
    SweepOptions o;
    o.stop_at_first_failure = false;
    all.add(sweep_trace(t, "seed " + std::to_string(seed), o));
  }
  EXPECT_TRUE(all.ok()) << failures_text(all);
  const SweepFigures& f = all.figures;
  EXPECT_EQ(f.traces, kGeneratedTraces);
  EXPECT_EQ(f.fault_points, f.allocations);  // exhaustive
  EXPECT_GT(f.fault_points, 100u);
  EXPECT_EQ(f.faults_injected, f.fault_points);  // one fault each
  EXPECT_EQ(f.survived, f.fault_points);
  EXPECT_EQ(f.bytes_leaked, 0u);
  EXPECT_EQ(f.entries_lost, 0u);
}

TEST(FaultSweep, BurstsOfFailuresAcrossLaterOpsAreSurvived) {
  SweepReport all;
  for (uint64_t seed = 100; seed < 104; ++seed) {
    SweepOptions o;
    o.burst = 3;  // the failed op, then the next allocations fail too
    o.stop_at_first_failure = false;
    all.add(sweep_trace(generated_sweep_trace(seed, kGeneratedOps),
                        "seed " + std::to_string(seed), o));
  }
  EXPECT_TRUE(all.ok()) << failures_text(all);
  EXPECT_GT(all.figures.faults_injected, all.figures.fault_points);
  EXPECT_EQ(all.figures.survived, all.figures.fault_points);
}

// Faults all through a run: each allocation fails with a seeded
// probability, or every one past a byte budget; every failed op leaves the
// map as it was and the run goes on.
TEST(FaultSweep, RandomFaultsAndByteBudgetsAreSurvived) {
  SweepReport all;
  for (uint64_t seed = 200; seed < 210; ++seed) {
    const Trace t = generated_sweep_trace(seed, kGeneratedOps);
    FaultPlan random;
    random.probability = 0.3;  // most multi-allocation ops fail once
    random.seed = seed;
    all.add(run_fault_point(t, "seed " + std::to_string(seed), random));
    FaultPlan budget;
    budget.byte_budget = 4096;  // a few buckets: growth soon fails
    all.add(run_fault_point(t, "seed " + std::to_string(seed), budget));
  }
  EXPECT_TRUE(all.ok()) << failures_text(all);
  EXPECT_EQ(all.figures.fault_points, 20u);
  EXPECT_GT(all.figures.faults_injected, 40u);
  EXPECT_EQ(all.figures.survived, all.figures.fault_points);
}

// A fault point the run never reaches is a sweep that tests nothing: it is
// reported, not counted as survived.
TEST(FaultSweep, AFaultThatIsNeverInjectedIsReported) {
  const Trace t = parse_trace("gomapfuzz-trace 1\nput 1 1\nput 2 2\n");
  FaultPlan plan;
  plan.fail_at = {1000};
  const SweepReport r = run_fault_point(t, "tiny", plan);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].what.find("never injected"), std::string::npos)
      << r.failures[0].what;
  EXPECT_EQ(r.figures.survived, 0u);
}

// The corpus, sampled: a few fault points spread over each trace's
// allocations (the exhaustive corpus sweep is `gomapfuzz chaos --scenario
// sweep --trace corpus/traces`, see chaos/README.md).
TEST(FaultSweep, CorpusTracesSurviveSampledFaultPoints) {
  constexpr uint64_t kPointsPerTrace = 6;
  SweepReport all;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(GOMAPFUZZ_CORPUS_DIR) / "traces")) {
    if (e.path().extension() != ".txt") continue;
    SweepOptions o;
    o.max_points = kPointsPerTrace;
    o.check_every = 0;  // growth edges and failed ops only: the traces are long
    o.stop_at_first_failure = false;
    all.add(sweep_trace(read_trace_file(e.path()), e.path().filename(), o));
  }
  EXPECT_TRUE(all.ok()) << failures_text(all);
  EXPECT_GE(all.figures.traces, 10u);
  EXPECT_EQ(all.figures.survived, all.figures.fault_points);
  EXPECT_EQ(all.figures.bytes_leaked, 0u);
}

// ---- The sweep of a subject through the C ABI (the map suite's chaos). ----

// Short uint64-valued traces a subject of ABI version 1 can run.
Trace subject_sweep_trace(uint64_t seed) {
  SeededChoices choices(seed);
  DrawLimits lim;
  lim.max_ops = 80;
  lim.max_hint = 512;
  lim.value_types = false;
  return draw_trace(choices, lim);
}

TEST(SubjectSweep, MapcoreThroughTheAbiSurvivesEveryFaultPoint) {
  const Subject s = builtin_subject("mapcore");
  SweepReport all;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SweepOptions o;
    o.stop_at_first_failure = false;
    all.add(sweep_subject_trace(s, subject_sweep_trace(seed),
                                "seed " + std::to_string(seed), o));
  }
  EXPECT_TRUE(all.ok()) << failures_text(all);
  EXPECT_GT(all.figures.fault_points, 20u);
  EXPECT_EQ(all.figures.survived + all.figures.unreached,
            all.figures.fault_points);
  // mapcore draws its randomness from the config's seed: every point hit.
  EXPECT_EQ(all.figures.unreached, 0u);
}

// mapcore's table with a put that empties the map when its allocation
// fails: the sweep must catch the changed state.
const gomapfuzz_subject_v1* g_mapcore = nullptr;
int put_then_clear_on_nomem(void* m, gomapfuzz_key k, uint64_t v) {
  const int r = g_mapcore->put(m, k, v);
  if (r == GOMAPFUZZ_NOMEM) g_mapcore->clear(m);
  return r;
}

TEST(SubjectSweep, ASubjectThatChangesTheMapOnAFailedAllocationIsCaught) {
  const Subject mapcore = builtin_subject("mapcore");
  g_mapcore = &mapcore.abi();
  gomapfuzz_subject_v1 broken = mapcore.abi();
  broken.name = "clears-on-nomem";
  broken.put = put_then_clear_on_nomem;
  const Subject s = Subject::linked(&broken);
  SweepReport all;
  for (uint64_t seed = 1; seed <= 6 && all.ok(); ++seed) {
    all.add(sweep_subject_trace(s, subject_sweep_trace(seed),
                                "seed " + std::to_string(seed)));
  }
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.failures[0].what.find("changed by a failed allocation"),
            std::string::npos)
      << all.failures[0].what;
}

TEST(SubjectSweep, WithoutTierBThereIsNothingToSweep) {
  EXPECT_THROW(sweep_subject_trace(builtin_subject("std-unordered"),
                                   subject_sweep_trace(1), "seed 1"),
               std::invalid_argument);
}

}  // namespace
}  // namespace gomapfuzz::chaos

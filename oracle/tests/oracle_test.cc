// Tests of the oracle library. The GoOracle* suites run the real Go map
// (see oracle_test_main.cc); each checks a verdict that could go the other
// way: agreement on traces built to exercise one behaviour, and detection
// (at the exact op) of divergences planted on purpose.
#include <gtest/gtest.h>

#include <string>

#include "gomapfuzz/oracle/differ.h"
#include "gomapfuzz/oracle/dump_compare.h"
#include "gomapfuzz/oracle/memory_truth.h"
#include "gomapfuzz/oracle/random_traces.h"

namespace gomapfuzz::oracle {
namespace {

Trace parse(const std::string& text) { return parse_trace(text, "test"); }

std::string go_binary() { return locate_go_oracle().path; }

OracleOptions options() { return {go_binary(), {}, 1}; }

// ---- without Go ----

TEST(PinIterationStarts, WritesStartsIntoIterAndTheOpeningItOpen) {
  Trace t = parse(
      "gomapfuzz-trace 1\nput 1 1\niter\nit-open 3\nput 2 2\nit-next 3\n"
      "it-next 3\nmake 0\n");
  // An it-next after the make (which the text format rejects) begins no
  // iteration of the new map either.
  t.ops.push_back(Op{.kind = OpKind::kItNext, .iter = 3});
  const Trace p = pin_iteration_starts(t, {{1, {5, 6}}, {4, {7, 2}}});
  EXPECT_EQ(p.ops[1].start, (mapcore::IterStart{5, 6}));
  EXPECT_EQ(p.ops[2].start, (mapcore::IterStart{7, 2}));
  EXPECT_FALSE(p.ops[4].start.has_value());
  EXPECT_EQ(print_op(p.ops[2]), "it-open 3 7 2");
}

TEST(PinIterationStarts, RejectsAStartAtAnOpThatBeginsNoIteration) {
  Trace t = parse("gomapfuzz-trace 1\nput 1 1\nmake 0\n");
  t.ops.push_back(Op{.kind = OpKind::kItNext, .iter = 0});
  EXPECT_THROW(pin_iteration_starts(t, {{0, {0, 0}}}), OracleError);
  // it-next of an iterator dropped by make: Go cannot have begun one.
  EXPECT_THROW(pin_iteration_starts(t, {{2, {0, 0}}}), OracleError);
}

TEST(DumpCompare, ReadsHeaderFieldsAndMasksNoverflow) {
  const std::string d =
      "hmap count=3 flags=0x00 B=16 noverflow=17 hash0=0x1a2b3c4d growing=0 "
      "samesize=0 nevacuate=0\npool none\nbucket 0: 05:1=1\n";
  EXPECT_EQ(header_field(d, "count"), "3");
  EXPECT_EQ(header_field(d, "hash0"), "0x1a2b3c4d");
  EXPECT_EQ(header_b(d), 16u);
  EXPECT_EQ(header_field(mask_noverflow(d), "noverflow"), "?");
  EXPECT_NE(mask_noverflow(d).find("bucket 0: 05:1=1"), std::string::npos);
}

TEST(DumpCompare, SideBySideShowsOnlyDifferingBuckets) {
  const std::string go = "hmap A\npool none\nbucket 0: x\nbucket 1: y\n";
  const std::string mc =
      "hmap A\npool none\nbucket 0: x\nbucket 1: z\n"
      "bucket 1 +heap: w\n";
  const std::string s = side_by_side(go, mc);
  EXPECT_EQ(s.find("bucket 0:"), std::string::npos);
  EXPECT_NE(s.find("go:      bucket 1: y"), std::string::npos);
  EXPECT_NE(s.find("mapcore: bucket 1: z"), std::string::npos);
  EXPECT_NE(s.find("go:      bucket 1 +heap: (absent)"), std::string::npos);
}

TEST(DumpCompare, FirstDifferenceNamesTheFieldTheBucketAndTheSlot) {
  const std::string a =
      "hmap count=2 B=1 nevacuate=0\npool none\nbucket 0: 05:1=1 06:2=2\n";
  EXPECT_EQ(first_difference(a, a), "");
  std::string b = a;
  b.replace(b.find("nevacuate=0"), 11, "nevacuate=1");
  EXPECT_EQ(first_difference(a, b),
            "hmap nevacuate: Go nevacuate=0, mapcore "
            "nevacuate=1");
  b = a;
  b.replace(b.find("06:2=2"), 6, "06:2=9");
  EXPECT_EQ(first_difference(a, b, "run 1", "run 2"),
            "bucket 0 slot 1: run 1 06:2=2, run 2 06:2=9");
  EXPECT_EQ(first_difference(a, a + "bucket 1: 07:3=3\n"),
            "bucket 1: mapcore has it, Go has none");
}

TEST(DescribeDivergence, ADivergenceThatDoesNotReproduceIsNondeterministic) {
  Divergence d;
  d.op_text = "del NaN";
  d.what = "hmap/pool lines differ: hmap nevacuate: Go 3, mapcore 2";
  d.reruns = 3;
  d.reruns_diverging = 3;
  EXPECT_EQ(describe(d).find("nondeterministic"), std::string::npos);
  d.reruns_diverging = 2;
  EXPECT_EQ(describe(d).rfind("nondeterministic: 2 of 3 reruns diverge", 0),
            0u);
}

TEST(RandomTraces, HalfTheFloatTracesProbeNanDeletesDuringGrowth) {
  const auto lim = oracle_draw_limits();
  int float_traces = 0, probes = 0, nan_puts_in_probes = 0;
  for (uint64_t seed = 0; seed < 120; ++seed) {
    const Trace t = draw_oracle_trace(seed, lim);
    if (t.types.key != KeyType::kFloat64) continue;
    ++float_traces;
    int nan_dels = 0, nan_puts = 0;
    for (const Op& op : t.ops) {
      if (!is_nan_key(op.key)) continue;
      nan_dels += op.kind == OpKind::kDel;
      nan_puts += op.kind == OpKind::kPut;
    }
    if (nan_dels >= 3 && nan_puts == 0) ++probes;
    EXPECT_LE(t.ops.size(), lim.max_ops);
  }
  EXPECT_GE(float_traces, 20);
  // About half; the rest may still hold a NaN delete or two by chance.
  EXPECT_GE(probes, float_traces / 4);
  EXPECT_LE(probes, float_traces * 3 / 4);
  EXPECT_EQ(nan_puts_in_probes, 0);
}

TEST(RandomTraces, AreGoFallbackAndReproducibleFromTheirSeed) {
  const auto lim = oracle_draw_limits();
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const Trace t = draw_oracle_trace(seed, lim);
    EXPECT_TRUE(why_not_runnable_on_go(t).empty());
    EXPECT_EQ(t.hasher.param & 1, 1u);
    // As text: a NaN key makes Trace's == false even for equal traces.
    EXPECT_EQ(print_trace(t), print_trace(draw_oracle_trace(seed, lim)));
  }
  EXPECT_NE(print_trace(draw_oracle_trace(1, lim)),
            print_trace(draw_oracle_trace(2, lim)));
}

// ---- with the real Go map ----

TEST(GoOracleRun, RejectsTracesWithAHasherGoDoesNotHave) {
  const Trace t = parse("gomapfuzz-trace 1\nhasher constant 7\nput 1 1\n");
  EXPECT_THROW(run_oracle(t, options()), OracleError);
}

TEST(GoOracleRun, GrowthDeletesAndIterationAgreeWithGo) {
  std::string text =
      "gomapfuzz-trace 1\nhasher gofallback 0x9e3779b97f4a7c15\n"
      "seed 3\n";
  for (int i = 1; i <= 300; ++i) {
    text += "put " + std::to_string(i * 31) + " " + std::to_string(i) + "\n";
    if (i % 7 == 0) text += "del " + std::to_string(i * 13) + "\n";
    if (i == 10) text += "it-open 0\n";
    if (i % 50 == 0) text += "it-next 0 5\niter\nget 31\n";
  }
  text += "it-next 0 400\nclear\niter\n";
  const OracleReport r = run_oracle(parse(text), options());
  ASSERT_TRUE(r.ok()) << (r.divergence ? describe(*r.divergence) : "mapcore");
  EXPECT_EQ(r.stats.ops, r.pinned.ops.size());
  EXPECT_GT(r.stats.full_compares, 300u);
  EXPECT_EQ(r.stats.starts, 7u);  // it-open 0 once, 6 iter with entries
  EXPECT_GT(r.stats.yields, 300u);
  EXPECT_GE(r.stats.max_b, 5u);
}

TEST(GoOracleRun, StringAndIndirectValueMapsAgreeWithGo) {
  for (const char* types : {"string uint64", "string bytes200",
                            "uint64 bytes1024", "float64 bytes16"}) {
    std::string text =
        std::string("gomapfuzz-trace 1\ntypes ") + types + "\nseed 9\n";
    const bool str = std::string(types).rfind("string", 0) == 0;
    for (int i = 0; i < 120; ++i) {
      const std::string k =
          str ? "\"key " + std::to_string(i) + "\"" : std::to_string(i * 3);
      text += "put " + k + " " + std::to_string(i) + "\n";
      if (i % 3 == 0) text += "del " + k + "\n";
      if (i % 40 == 0) text += "iter\n";
    }
    const OracleReport r = run_oracle(parse(text), options());
    EXPECT_TRUE(r.ok()) << types << ": "
                        << (r.divergence ? describe(*r.divergence) : "mapcore");
    EXPECT_GT(r.stats.full_compares, 100u) << types;
  }
}

TEST(GoOracleRun, NanKeysAreComparedOnCountAndHash0Only) {
  std::string text =
      "gomapfuzz-trace 1\ntypes float64 uint64\nput +0 1\n"
      "put -0 2\niter\nput NaN 3\n";
  for (int i = 0; i < 40; ++i) {
    text += "put " + std::to_string(i) + ".5 " + std::to_string(i) + "\n";
  }
  text += "put NaN 4\nget NaN\ndel NaN\niter\nclear\nput 1.5 1\niter\n";
  const OracleReport r = run_oracle(parse(text), options());
  ASSERT_TRUE(r.ok()) << (r.divergence ? describe(*r.divergence) : "mapcore");
  // From the first NaN put up to the clear, which ends the randomness.
  EXPECT_EQ(r.stats.tainted_ops, 45u);
  EXPECT_EQ(r.stats.taints, 1u);
  EXPECT_GE(r.stats.starts, 2u);  // the iterations before and after
}

// Go's mapdelete hashes a NaN (at random) before growWork, so a NaN delete
// during growth evacuates a random old bucket: tainted until both layouts
// agree again, which they do once growth is over.
std::string nan_delete_during_growth_trace() {
  std::string text = "gomapfuzz-trace 1\ntypes float64 uint64\nseed 5\n";
  // The 53rd put starts growth from B = 3 to 4 and evacuates 2 of the 8
  // old buckets; the NaN delete picks one of the 8 at random.
  for (int i = 0; i < 53; ++i) {
    text += "put " + std::to_string(i) + ".5 " + std::to_string(i) + "\n";
  }
  text += "del NaN\nget NaN\n";
  for (int i = 53; i < 90; ++i) {
    text += "put " + std::to_string(i) + ".5 " + std::to_string(i) + "\n";
  }
  return text + "iter\n";
}

TEST(GoOracleRun, ANanDeleteDuringGrowthIsTaintedUntilTheLayoutsAgree) {
  const OracleReport r =
      run_oracle(parse(nan_delete_during_growth_trace()), options());
  ASSERT_TRUE(r.ok()) << (r.divergence ? describe(*r.divergence) : "mapcore");
  EXPECT_EQ(r.stats.taints, 1u);
  // Lifted when the layouts agree (at the delete itself when Go's random
  // pick happened to match mapcore's, else when growth ends): most ops, and
  // the final iteration, compared.
  EXPECT_LT(r.stats.tainted_ops, 10u);
  EXPECT_EQ(r.stats.starts, 1u);
}

TEST(GoOracleDeterminism, BothSidesAreDeterministicOutsideTaintedSpans) {
  const DeterminismReport r =
      check_determinism(parse(nan_delete_during_growth_trace()), options());
  EXPECT_TRUE(r.ok()) << (r.go ? describe(*r.go) : "")
                      << (r.mapcore ? describe(*r.mapcore) : "");
  EXPECT_EQ(r.go_stats.ops, r.pinned.ops.size());
  EXPECT_EQ(r.mapcore_stats.ops, r.pinned.ops.size());
}

// Without the NaN-delete rule the check sees Go's randomness: the delete
// evacuates the old bucket its random hash picks, so two runs differ in
// most tries (a try agrees only when both picks coincide or both hit the
// 2 evacuated buckets: about 1 in 6). 30 tries all agree with probability
// below 1e-20.
TEST(GoOracleDeterminism, WithoutTheNanDeleteRuleGoIsCaughtBeingRandom) {
  OracleOptions o = options();
  o.taint_nan_deletes = false;
  const Trace t = parse(nan_delete_during_growth_trace());
  int tries = 0;
  std::optional<Divergence> caught;
  while (!caught && tries < 30) {
    ++tries;
    caught = check_determinism(t, o).go;
  }
  ASSERT_TRUE(caught.has_value()) << "no difference in " << tries << " tries";
  EXPECT_EQ(caught->op_index, 53u);  // the del NaN
  EXPECT_EQ(caught->a_name, "Go run 1");
}

// From B = 16 on Go counts overflow buckets at random: noverflow is masked
// there, everything else still compared (a hint of 500000 gives B = 17).
TEST(GoOracleRun, NoverflowIsNotComparedFromB16) {
  std::string text = "gomapfuzz-trace 1\nmake 500000\n";
  for (int i = 0; i < 100; ++i) {
    text += "put " + std::to_string(i) + " " + std::to_string(i) + "\n";
  }
  OracleOptions o = options();
  o.check_every = 0;  // a full check walks 139264 buckets
  const OracleReport r = run_oracle(parse(text), o);
  ASSERT_TRUE(r.ok()) << (r.divergence ? describe(*r.divergence) : "mapcore");
  EXPECT_EQ(r.stats.max_b, 17u);
  EXPECT_EQ(r.stats.noverflow_masked, r.stats.ops);
  EXPECT_GE(r.stats.full_compares, 2u);  // make and the last op
}

TEST(GoOracleDivergence, ADifferentHash0IsCaughtAtTheFirstOp) {
  const Trace go = parse("gomapfuzz-trace 1\nseed 1\nput 1 1\nput 2 2\n");
  Trace mc = go;
  mc.seed = 2;  // mapcore draws another hash0
  const OracleReport r = compare_pinned(go, mc, options());
  ASSERT_TRUE(r.divergence.has_value());
  EXPECT_EQ(r.divergence->op_index, 0u);
  EXPECT_TRUE(r.divergence->exact);
  EXPECT_NE(describe(*r.divergence).find("hmap/pool lines differ"),
            std::string::npos);
}

// A value that differs in one bucket of a big map shows only in a full
// record some ops later; the re-run must name the exact op.
TEST(GoOracleDivergence, ALateBucketDifferenceIsNarrowedToItsOp) {
  std::string text = "gomapfuzz-trace 1\nmake 4000\n";
  for (int i = 0; i < 3000; ++i) {
    text += "put " + std::to_string(i) + " " + std::to_string(i) + "\n";
  }
  const Trace go = parse(text);
  Trace mc = go;
  const std::size_t planted = 2001;  // put 2000: the value differs
  mc.ops[planted].value = 7;
  OracleOptions o = options();
  o.check_every = 0;
  const OracleReport r = compare_pinned(go, mc, o);
  ASSERT_TRUE(r.divergence.has_value());
  EXPECT_EQ(r.divergence->op_index, planted);
  EXPECT_TRUE(r.divergence->exact);
  EXPECT_EQ(r.divergence->what.rfind("bucket layout differs: ", 0), 0u);
  // Named down to the slot: the value 2000 where mapcore holds 7.
  EXPECT_NE(r.divergence->what.find(" slot "), std::string::npos)
      << r.divergence->what;
  EXPECT_NE(r.divergence->what.find("=2000, mapcore "), std::string::npos)
      << r.divergence->what;
}

TEST(GoOracleDivergence, ADifferentIterationStartIsCaught) {
  const Trace go =
      parse("gomapfuzz-trace 1\nput 1 1\nput 2 2\nput 3 3\niter 0 1\n");
  Trace mc = go;
  mc.ops[3].start = mapcore::IterStart{0, 2};
  const OracleReport r = compare_pinned(go, mc, options());
  ASSERT_TRUE(r.divergence.has_value());
  EXPECT_EQ(r.divergence->op_index, 3u);
  EXPECT_NE(r.divergence->what.find("iteration start"), std::string::npos);
}

TEST(GoOracleDivergence, AWrongResultIsCaught) {
  // Go runs `get 1` on a map holding 1; mapcore's trace deleted it first,
  // so the model mapcore follows expects "get missing".
  const Trace go = parse("gomapfuzz-trace 1\nput 1 5\nget 2\nget 1\n");
  Trace mc = parse("gomapfuzz-trace 1\nput 1 5\nget 2\ndel 1\n");
  const OracleReport r = compare_pinned(go, mc, options());
  ASSERT_TRUE(r.divergence.has_value());
  EXPECT_EQ(r.divergence->op_index, 2u);
  EXPECT_NE(r.divergence->what.find("result"), std::string::npos);
}

TEST(GoOracleMemory, SmallMapBytesAgreeAndGoAccountsForItsHeap) {
  std::string text = "gomapfuzz-trace 1\nmake 100\n";
  for (int i = 0; i < 700; ++i) {
    text += "put " + std::to_string(i) + " " + std::to_string(i) + "\n";
  }
  const MemoryTruth m = check_memory_truth(parse(text), go_binary());
  for (const auto& d : m.mismatches) ADD_FAILURE() << d;
  EXPECT_EQ(m.go.count, 700);
  EXPECT_GT(m.go.array, 0u);
  EXPECT_EQ(static_cast<int64_t>(m.go.total), m.go.map_heap_live);
}

}  // namespace
}  // namespace gomapfuzz::oracle

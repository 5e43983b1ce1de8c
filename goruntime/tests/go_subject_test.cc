// Tests of the Go subject (goruntime/subject: the real Go 1.19 runtime map as
// a c-shared library) through the C ABI, in this process: it agrees with
// mapcore's table op by op on traces built to exercise what it pins (hash0
// at make, after an emptying delete and after clear; range starts given and
// drawn), and the comparison catches divergences planted on mapcore's side
// at their op, so each agreement is one that could have gone the other way.
// (The corpus traces and random ones run through `gomapfuzz oracle
// --subject-lib`, ctests subjects/go/differential*.)
#include <gtest/gtest.h>

#include <string>

#include "gomapfuzz/harness/subject.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "gomapfuzz/oracle/differ.h"

namespace gomapfuzz::oracle {
namespace {

const Subject& go_subject() {
  static const Subject s = load_subject_library(GOMAPFUZZ_GO_SUBJECT_LIB);
  return s;
}

const Subject& mapcore_subject() {
  static const Subject s = builtin_subject("mapcore");
  return s;
}

Trace parse(const std::string& text) { return parse_trace(text, "test"); }

OracleOptions options() {
  OracleOptions o;
  o.reruns = 1;
  return o;
}

SubjectComparison compare(const Trace& go, const Trace& mapcore) {
  return compare_subjects(go_subject(), go, mapcore_subject(), mapcore,
                          options());
}

std::string why(const SubjectComparison& c) {
  if (c.divergence) return describe(*c.divergence);
  if (c.failure) return c.failing_side + ": " + c.failure->summary();
  return "";
}

// n puts of keys 1..n (value = key), as trace lines.
std::string puts(int n, int from = 1) {
  std::string text;
  for (int k = from; k < from + n; ++k) {
    text += "put " + std::to_string(k) + " " + std::to_string(k) + "\n";
  }
  return text;
}

TEST(GoSubject, DeclaresTiersACAndTheRandomSourceButNotTheHash) {
  const Subject& s = go_subject();
  EXPECT_EQ(s.name(), "go1.19 runtime map");
  EXPECT_EQ(s.abi().tiers, GOMAPFUZZ_TIER_LAYOUT | GOMAPFUZZ_TIER_RANDOM);
  EXPECT_EQ(s.abi().key_kinds, 0b111u);
  EXPECT_NE(iter_open_at_of(&s.abi()), nullptr);
  // Only Go's own hash: a trace hashed otherwise cannot run on it.
  EXPECT_NE(why_not_runnable(s, parse("gomapfuzz-trace 1\nhasher fnv1a\n")),
            "");
}

TEST(GoSubject, GrowthDeletesClearsAndRangesAgreeWithMapcore) {
  // Doubling to B = 5 with ranges begun before and during growth, given and
  // drawn starts, deletes while one walks, an emptying delete and a clear
  // (both reseed hash0 in Go: pinned again to mapcore's draws).
  const Trace t =
      parse("gomapfuzz-trace 1\nseed 9\n" + puts(60) +
            "it-open 0 5 3\nit-next 0 7\nput 500 1\n" + puts(20, 61) +
            "iter\niter 17 6\nit-next 0 100\nit-close 0\n"
            "clear\nput 1 2\ndel 1\nput 3 4\niter\n");
  const SubjectComparison c = compare(t, t);
  ASSERT_TRUE(c.ok()) << why(c);
  EXPECT_EQ(c.stats.ops, t.ops.size());
  EXPECT_EQ(c.stats.full_compares, t.ops.size());  // B <= 7: every op
  EXPECT_EQ(c.a_stats.iterations, 4u);
  EXPECT_GT(c.stats.yields, 150u);
  EXPECT_GE(c.stats.max_b, 4u);
}

TEST(GoSubject, StringAndFloatKeysAgreeWithMapcore) {
  std::string text = "gomapfuzz-trace 1\ntypes string uint64\n";
  for (int k = 0; k < 40; ++k) text += "put \"k" + std::to_string(k) + "\" 1\n";
  text += "del \"k3\"\nput \"\" 7\nput \"k5\" 9\niter\n";
  const Trace s = parse(text);
  SubjectComparison c = compare(s, s);
  ASSERT_TRUE(c.ok()) << why(c);
  // +0 and -0 are one key (the overwrite stores -0's bits), infinities.
  const Trace f = parse(
      "gomapfuzz-trace 1\ntypes float64 uint64\nput 0 1\nput -0 2\n"
      "put +Inf 3\nput -Inf 4\nput 1.5 5\ndel 1.5\niter\n");
  c = compare(f, f);
  ASSERT_TRUE(c.ok()) << why(c);
}

TEST(GoSubject, NanKeysAreComparedOnCountAndHash0Only) {
  // Go hashes a NaN with its own fastrand: where it lands is random, so the
  // comparison is tainted until a clear removes it.
  const Trace t =
      parse("gomapfuzz-trace 1\ntypes float64 uint64\n" + puts(30) +
            "put NaN 1\nput NaN 2\n" + puts(30, 31) + "clear\n" + puts(5));
  const SubjectComparison c = compare(t, t);
  ASSERT_TRUE(c.ok()) << why(c);
  EXPECT_EQ(c.stats.taints, 1u);
  EXPECT_EQ(c.stats.tainted_ops, 32u);  // the NaN puts to the clear
}

TEST(GoSubject, ALargeMapIsComparedAtItsDumpsAndAgrees) {
  const Trace t = parse("gomapfuzz-trace 1\nmake 3000\n" + puts(2500));
  const SubjectComparison c = compare(t, t);
  ASSERT_TRUE(c.ok()) << why(c);
  EXPECT_EQ(c.stats.max_b, 9u);
  EXPECT_LT(c.stats.full_compares, t.ops.size() / 4);  // 2^9/32: every 16th
}

// ---- planted on mapcore's side: each must be caught, at its op ----

TEST(GoSubjectPlanted, AnotherSeedIsCaughtAtTheFirstOp) {
  const Trace go = parse("gomapfuzz-trace 1\nseed 1\n" + puts(3));
  Trace mc = go;
  mc.seed = 2;  // mapcore draws another hash0
  const SubjectComparison c = compare(go, mc);
  ASSERT_TRUE(c.divergence.has_value()) << why(c);
  EXPECT_EQ(c.divergence->op_index, 0u);
  EXPECT_NE(c.divergence->what.find("hash0"), std::string::npos)
      << c.divergence->what;
}

TEST(GoSubjectPlanted, AWrongStartIsCaughtAtTheRange) {
  const Trace go = parse("gomapfuzz-trace 1\n" + puts(3) + "iter 0 1\n");
  Trace mc = go;
  mc.ops[3].start = mapcore::IterStart{0, 2};  // one slot further on
  const SubjectComparison c = compare(go, mc);
  ASSERT_TRUE(c.divergence.has_value()) << why(c);
  EXPECT_EQ(c.divergence->op_index, 3u);
  EXPECT_NE(c.divergence->what.find("iteration yield 0"), std::string::npos)
      << c.divergence->what;
  // The same start on both sides agrees: iter_open_at is what differed.
  EXPECT_TRUE(compare(go, go).ok());
}

TEST(GoSubjectPlanted, AGivenStartAgainstADrawnOneIsCaught) {
  // Go draws the start from the seed's iteration stream, mapcore is told
  // one: with 40 keys in 8 buckets the two orders differ unless the draw
  // happens to be the same start, which the seed rules out here.
  const Trace go = parse("gomapfuzz-trace 1\nseed 3\n" + puts(40) + "iter\n");
  Trace mc = go;
  mc.ops[40].start = mapcore::IterStart{0, 0};
  const SubjectComparison c = compare(go, mc);
  ASSERT_TRUE(c.divergence.has_value()) << why(c);
  EXPECT_EQ(c.divergence->op_index, 40u);
}

TEST(GoSubjectPlanted, ALateBucketDifferenceIsNarrowedToItsOp) {
  // Not every op of a 512-bucket map is dumped: the re-run must still name
  // the op whose value differs.
  const Trace go = parse("gomapfuzz-trace 1\nmake 4000\n" + puts(3000));
  Trace mc = go;
  const std::size_t planted = 2001;  // put 2001: mapcore stores 7
  mc.ops[planted].value = 7;
  const SubjectComparison c = compare(go, mc);
  ASSERT_TRUE(c.divergence.has_value()) << why(c);
  EXPECT_EQ(c.divergence->op_index, planted);
  EXPECT_TRUE(c.divergence->exact);
  EXPECT_EQ(c.divergence->what.rfind("bucket layout differs: ", 0), 0u)
      << c.divergence->what;
}

TEST(GoSubjectPlanted, AWrongResultIsCaught) {
  const Trace go = parse("gomapfuzz-trace 1\nput 1 5\nget 2\nget 1\n");
  const Trace mc = parse("gomapfuzz-trace 1\nput 1 5\nget 2\ndel 1\n");
  const SubjectComparison c = compare(go, mc);
  ASSERT_TRUE(c.divergence.has_value()) << why(c);
  EXPECT_EQ(c.divergence->op_index, 2u);
  EXPECT_NE(c.divergence->what.find("result"), std::string::npos);
}

}  // namespace
}  // namespace gomapfuzz::oracle

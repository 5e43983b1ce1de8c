// The minimizer keeps exactly what a failure needs: ddmin over ops, then
// simplification of values, hints, seed and fault plan; crashes in a
// candidate are contained by the forked child.
#include "gomapfuzz/fuzz/minimize.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gomapfuzz/harness/op_source.h"

namespace gomapfuzz {
namespace {

bool has_op(const Trace& t, std::string_view text) {
  for (const Op& op : t.ops) {
    if (print_op(op) == text) return true;
  }
  return false;
}

// A stand-in bug: "fails" when `del 7` comes after some `put 7 V`.
std::string put_then_del_7(const FuzzCase& c) {
  bool put = false;
  for (const Op& op : c.trace.ops) {
    if (op.kind == OpKind::kPut && op.key == TraceKey{uint64_t{7}}) put = true;
    if (put && op.kind == OpKind::kDel && op.key == TraceKey{uint64_t{7}}) {
      return "del after put";
    }
  }
  return "";
}

FuzzCase noisy_case() {
  SeededChoices s(42);
  FuzzCase c;
  c.trace = draw_trace(s, DrawLimits{.max_ops = 300, .key_space = 50});
  c.trace.types.key = KeyType::kUint64;
  c.trace.types.value_bytes = 64;
  c.trace.seed = 99;
  for (Op& op : c.trace.ops) {
    if (op.kind == OpKind::kDel && op.key == TraceKey{uint64_t{7}}) {
      op.key = uint64_t{8};
    }
    if (op.kind != OpKind::kPut) op.key = uint64_t{1};
  }
  Op put, del;
  put.kind = OpKind::kPut, put.key = uint64_t{7}, put.value = 1234;
  del.kind = OpKind::kDel, del.key = uint64_t{7};
  c.trace.ops.insert(c.trace.ops.begin() + 100, put);
  c.trace.ops.insert(c.trace.ops.begin() + 250, del);
  return c;
}

TEST(Minimize, ShrinksToTheOpsTheFailureNeedsAndSimplifiesThem) {
  MinimizeOptions o;
  o.judge = put_then_del_7;
  o.isolate = false;
  const Minimization m = minimize_trace(noisy_case(), o);
  EXPECT_EQ(m.signature, "del after put");
  EXPECT_EQ(m.size_before, noisy_case().trace.ops.size());
  ASSERT_EQ(m.minimal.trace.ops.size(), 2u) << print_trace(m.minimal.trace);
  EXPECT_EQ(print_op(m.minimal.trace.ops[0]), "put 7 0");
  EXPECT_EQ(print_op(m.minimal.trace.ops[1]), "del 7");
  EXPECT_EQ(m.minimal.trace.seed, 0u);
  EXPECT_EQ(m.minimal.trace.types.value_bytes, 0);
  EXPECT_FALSE(m.timed_out);
}

TEST(Minimize, DropsFaultsTheFailureDoesNotNeed) {
  FuzzCase c = noisy_case();
  c.faults.fail_at = {3, 9, 20};
  MinimizeOptions o;
  o.isolate = false;
  o.judge = [](const FuzzCase& x) {
    const auto& f = x.faults.fail_at;
    return std::find(f.begin(), f.end(), 9) != f.end() ? "needs 9" : "";
  };
  const Minimization m = minimize_trace(c, o);
  EXPECT_EQ(m.minimal.faults.fail_at, std::vector<uint64_t>{9});
  EXPECT_TRUE(m.minimal.trace.ops.empty());
}

TEST(Minimize, ACandidateThatCrashesIsContainedAndKeptAsACrash) {
  MinimizeOptions o;
  o.judge = [](const FuzzCase& x) -> std::string {
    if (has_op(x.trace, "del 7")) std::abort();
    return "";
  };
  const Minimization m = minimize_trace(noisy_case(), o);  // isolated
  EXPECT_EQ(m.signature, "crash");
  ASSERT_EQ(m.minimal.trace.ops.size(), 1u);
  EXPECT_EQ(print_op(m.minimal.trace.ops[0]), "del 7");
}

TEST(Minimize, RefusesAnInputThatDoesNotFail) {
  MinimizeOptions o;
  o.isolate = false;
  FuzzCase c;
  c.trace = parse_trace("gomapfuzz-trace 1\nput 1 1\nget 1\n");
  EXPECT_THROW(minimize_trace(c, o), std::invalid_argument);
}

TEST(Minimize, SignaturesKeepTheKindOfFailureOnly) {
  ReplayFailure f;
  f.reason = "iteration yielded \"k12\" twice";
  EXPECT_EQ(failure_signature(f), "iteration yielded \"...\" twice");
  f.reason = "leak: 144 bytes in 1 blocks outlive the map";
  EXPECT_EQ(failure_signature(f), "leak: # bytes in # blocks outlive the map");
  f.violations.push_back({"tombstones", "bucket 3 slot 5", "early emptyRest"});
  EXPECT_EQ(failure_signature(f), "invariant tombstones");
  EXPECT_EQ(parser_failure_signature("parse_trace: escaped exception: x"),
            "parse_trace");
}

TEST(Minimize, WritesTheRegressionPairReadyToCommit) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "gomapfuzz_minimize_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ReproInput in;
  in.path = "crash-abc";
  in.raw = true;
  in.target = FuzzTarget::kMapOps;
  in.bytes = "\x01\x02raw";
  Minimization m;
  m.minimal.trace = parse_trace("gomapfuzz-trace 1\nput 7 0\ndel 7\n");
  m.signature = "invariant tombstones";
  m.failure = "op 1 `del 7`: invariant violated";
  m.size_before = 300;
  m.size_after = 2;
  const RegressionFiles files = write_regression(dir.string(), in, m);
  EXPECT_EQ(fs::path(files.trace).parent_path(), dir);
  EXPECT_EQ(fs::path(files.trace).filename().string().rfind("map_ops-", 0), 0u);
  std::ifstream raw(files.raw, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(raw), {}), in.bytes);
  const Trace back = read_trace_file(files.trace);
  EXPECT_EQ(print_trace(back), print_trace(m.minimal.trace));
  EXPECT_THROW(write_regression((dir / "missing").string(), in, m), InputError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gomapfuzz

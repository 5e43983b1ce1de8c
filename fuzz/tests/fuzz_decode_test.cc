// Raw fuzz inputs decode within each target's bounds, the encoder is the
// decoder's exact inverse, and the target of a raw input is found from its
// path (harness/fuzz_decode.h).
#include "gomapfuzz/harness/fuzz_decode.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <utility>

namespace gomapfuzz {
namespace {

constexpr FuzzTarget kMapTargets[] = {
    FuzzTarget::kMapOps, FuzzTarget::kMapIterate, FuzzTarget::kMapAllocFaults};

std::vector<uint8_t> random_bytes(uint64_t seed, std::size_t max_len) {
  SeededChoices s(seed);
  std::vector<uint8_t> b(s.integer(0, max_len));
  for (auto& x : b) x = static_cast<uint8_t>(s.integer(0, 255));
  return b;
}

FuzzCase decode(FuzzTarget t, const std::string& bytes) {
  return decode_fuzz_input(
      t, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

TEST(FuzzDecode, RandomBytesDecodeWithinTheTargetsBounds) {
  for (FuzzTarget t : kMapTargets) {
    const DrawLimits lim = fuzz_draw_limits(t);
    for (uint64_t seed = 0; seed < 200; ++seed) {
      const auto bytes = random_bytes(seed, 6000);
      const FuzzCase c = decode_fuzz_input(t, bytes);
      ASSERT_LE(c.trace.ops.size(), lim.max_ops);
      ASSERT_LE(c.trace.ops.size(), bytes.size() + 1);
      ASSERT_GE(c.check_every, 1u);
      ASSERT_LE(c.trace.ops.size() / c.check_every, kSampledChecksPerInput);
      ASSERT_TRUE(lim.key_types & (1u << static_cast<int>(c.trace.types.key)));
      for (const Op& op : c.trace.ops) {
        if (op.kind == OpKind::kMake) {
          ASSERT_LE(op.hint, lim.max_hint);
        }
        if (!lim.iterators) {
          ASSERT_NE(op.kind, OpKind::kItOpen);
          ASSERT_NE(op.kind, OpKind::kIter);
        }
      }
      if (t != FuzzTarget::kMapAllocFaults) {
        ASSERT_FALSE(c.faults.armed()) << fuzz_target_name(t);
      }
    }
  }
}

TEST(FuzzDecode, MapOpsDrawsOnlyUint64AndStringKeys) {
  int seen[3] = {};
  for (uint64_t seed = 0; seed < 300; ++seed) {
    const FuzzCase c =
        decode_fuzz_input(FuzzTarget::kMapOps, random_bytes(seed, 64));
    ++seen[static_cast<int>(c.trace.types.key)];
  }
  EXPECT_GT(seen[0], 0);
  EXPECT_GT(seen[1], 0);
  EXPECT_EQ(seen[2], 0);
}

TEST(FuzzDecode, MapIterateDrawsMoreIteratorOpsThanMapAllocFaults) {
  auto iterator_share = [](FuzzTarget t) {
    uint64_t it = 0, all = 0;
    for (uint64_t seed = 0; seed < 100; ++seed) {
      for (const Op& op :
           decode_fuzz_input(t, random_bytes(seed, 4000)).trace.ops) {
        it += op.kind == OpKind::kItOpen || op.kind == OpKind::kItNext ||
              op.kind == OpKind::kItClose;
        ++all;
      }
    }
    return static_cast<double>(it) / static_cast<double>(all);
  };
  EXPECT_GT(iterator_share(FuzzTarget::kMapIterate),
            2 * iterator_share(FuzzTarget::kMapAllocFaults));
}

TEST(FuzzDecode, AllocFaultInputsCarryFaultPlans) {
  int armed = 0, with_budget = 0, with_probability = 0;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    const FuzzCase c =
        decode_fuzz_input(FuzzTarget::kMapAllocFaults, random_bytes(seed, 200));
    armed += c.faults.armed();
    with_budget += c.faults.byte_budget != UINT64_MAX;
    with_probability += c.faults.probability > 0;
    ASSERT_LE(c.faults.fail_at.size(), kMaxFailAt);
    for (std::size_t i = 1; i < c.faults.fail_at.size(); ++i) {
      ASSERT_LT(c.faults.fail_at[i - 1], c.faults.fail_at[i]);
    }
  }
  EXPECT_GT(armed, 150);
  EXPECT_GT(with_budget, 20);
  EXPECT_GT(with_probability, 20);
}

TEST(FuzzDecode, EncodingIsTheExactInverseOfDecoding) {
  for (FuzzTarget t : kMapTargets) {
    DrawLimits lim = fuzz_draw_limits(t);
    lim.max_ops = 120;
    for (uint64_t seed = 0; seed < 150; ++seed) {
      SeededChoices s(seed);
      const Trace trace = draw_trace(s, lim);
      FaultPlan faults;
      if (t == FuzzTarget::kMapAllocFaults) {
        faults.fail_at = {seed % 5 + 1, seed % 5 + 40};
        if (seed % 3 == 0) faults.byte_budget = seed * 100;
        if (seed % 4 == 0) faults.probability = 3.0 / 256, faults.seed = seed;
      }
      const std::string bytes = encode_fuzz_input(t, trace, faults);
      const FuzzCase back = decode(t, bytes);
      ASSERT_EQ(print_trace(back.trace), print_trace(trace))
          << fuzz_target_name(t) << " seed " << seed;
      ASSERT_EQ(format_fault_comment(back.faults),
                format_fault_comment(faults));
    }
  }
}

// The structure-aware mutator decodes an input, changes the trace and
// encodes it again: every input the decoder accepts (any bytes) must encode
// back to the same trace and fault plan.
TEST(FuzzDecode, EveryDecodedInputEncodesBackToItsTrace) {
  for (FuzzTarget t : kMapTargets) {
    for (uint64_t seed = 0; seed < 100; ++seed) {
      const FuzzCase c = decode_fuzz_input(t, random_bytes(seed, 3000));
      std::string bytes;
      ASSERT_NO_THROW(bytes = encode_fuzz_input(t, c.trace, c.faults))
          << fuzz_target_name(t) << " seed " << seed;
      const FuzzCase back = decode(t, bytes);
      ASSERT_EQ(print_trace(back.trace), print_trace(c.trace));
      ASSERT_EQ(format_fault_comment(back.faults),
                format_fault_comment(c.faults));
      // A canonical input is a fixed point: encoding is deterministic.
      ASSERT_EQ(encode_fuzz_input(t, back.trace, back.faults), bytes);
    }
  }
}

// The op mix is one table (op_source.h's kOpRolls): every roll of draw_op
// decodes to the op kind the table gives it, and each kind encodes to a roll
// of its own range.
TEST(FuzzDecode, OpRollsDecodeAndEncodeThroughOneTable) {
  struct Fixed {  // a ChoiceSource answering `roll` first, then lows
    uint64_t roll;
    bool first = true;
    uint64_t integer(uint64_t lo, uint64_t hi) {
      if (!std::exchange(first, false)) return lo;
      return roll < lo ? lo : roll > hi ? hi : roll;
    }
    std::string bytes(std::size_t) { return ""; }
    bool exhausted() const { return false; }
  };
  for (const bool iterators : {true, false}) {
    DrawLimits lim;
    lim.iterators = iterators;
    for (uint64_t roll = 0; roll < 100; ++roll) {
      Fixed f{roll};
      const Op op = draw_op(f, TraceTypes{}, lim);
      OpKind want = OpKind::kGet;
      bool found = false;
      for (const auto& r :
           iterators
               ? std::span<const RollRange<OpKind>>(kOpRolls)
               : std::span<const RollRange<OpKind>>(kOpRollsWithoutIterators)) {
        if (!found && roll >= r.first && roll <= r.last) {
          want = r.outcome;
          found = true;
        }
      }
      ASSERT_TRUE(found) << roll;
      ASSERT_EQ(op.kind, want) << "roll " << roll;
    }
  }
}

TEST(FuzzDecode, HandWrittenTracesEncode) {
  const Trace t = parse_trace(
      "gomapfuzz-trace 1\n"
      "types string bytes200\n"
      "hasher tophash 0\n"
      "seed 7\n"
      "make 20\n"
      "put \"k3\" 1\nput \"any \\\\ bytes\\x00\" 2\nget \"k3\"\n"
      "del \"k1000\"\nclear\nmake -3\niter\nit-open 2\nit-next 2 9\n"
      "it-close 2\n");
  for (FuzzTarget target :
       {FuzzTarget::kMapIterate, FuzzTarget::kMapAllocFaults}) {
    const std::string bytes = encode_fuzz_input(target, t);
    EXPECT_EQ(print_trace(decode(target, bytes).trace), print_trace(t));
  }
  const Trace floats = parse_trace(
      "gomapfuzz-trace 1\ntypes float64 uint64\n"
      "put NaN 1\nput -0 2\nput +0 3\nput +Inf 4\nput 3.5 5\nput -7 6\n");
  const std::string bytes = encode_fuzz_input(FuzzTarget::kMapIterate, floats);
  EXPECT_EQ(print_trace(decode(FuzzTarget::kMapIterate, bytes).trace),
            print_trace(floats));
}

TEST(FuzzDecode, EncoderNamesWhatTheGeneratorCannotDraw) {
  auto error_of = [](FuzzTarget t, const std::string& text) {
    try {
      encode_fuzz_input(t, parse_trace(text));
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(encoded)");
  };
  EXPECT_EQ(error_of(FuzzTarget::kMapIterate,
                     "gomapfuzz-trace 1\nput 1 1\niter 0 3\n"),
            "op 1 `iter 0 3`: explicit iteration starts are not drawn");
  EXPECT_EQ(
      error_of(FuzzTarget::kMapOps, "gomapfuzz-trace 1\nput 1 1\nit-open 0\n"),
      "op 1 `it-open 0`: iterators are not drawn");
  EXPECT_EQ(error_of(FuzzTarget::kMapOps,
                     "gomapfuzz-trace 1\ntypes float64 uint64\n"),
            "key type float64 is not drawn by this target");
  EXPECT_EQ(error_of(FuzzTarget::kMapIterate,
                     "gomapfuzz-trace 1\ntypes float64 uint64\nput -Inf 1\n"),
            "op 0 `put -Inf 1`: -Inf keys are not drawn");
  EXPECT_EQ(
      error_of(FuzzTarget::kMapOps, "gomapfuzz-trace 1\nhasher gofallback 2\n"),
      "gofallback hashkey must be odd");
  EXPECT_EQ(error_of(FuzzTarget::kMapOps, "gomapfuzz-trace 1\nmake 99999\n"),
            "op 0 `make 99999`: make hint 99999 outside [-16, 1024]");
  EXPECT_EQ(error_of(FuzzTarget::kMapOps,
                     "gomapfuzz-trace 1\ntypes uint64 bytes8\n"),
            "value type bytes8 is not drawn by this target");
  EXPECT_THROW(encode_fuzz_input(FuzzTarget::kMapOps, Trace{},
                                 FaultPlan{.fail_at = {1}}),
               std::invalid_argument);
}

TEST(FuzzDecode, TraceParserInputsAreNotDecoded) {
  EXPECT_THROW(decode_fuzz_input(FuzzTarget::kTraceParser, {}),
               std::invalid_argument);
}

TEST(FuzzDecode, TargetComesFromTheFolderOrTheFileName) {
  using T = FuzzTarget;
  EXPECT_EQ(fuzz_target_from_path("corpus/map_ops/seed1"), T::kMapOps);
  EXPECT_EQ(fuzz_target_from_path("build/fuzz/artifacts/map_iterate/crash-1"),
            T::kMapIterate);
  EXPECT_EQ(fuzz_target_from_path("corpus/regressions/map_alloc_faults-ab.raw"),
            T::kMapAllocFaults);
  EXPECT_EQ(fuzz_target_from_path("/abs/trace_parser/x/y"), T::kTraceParser);
  EXPECT_EQ(fuzz_target_from_path("crash-123"), std::nullopt);
  EXPECT_EQ(fuzz_target_from_path("/tmp/map_opsx/crash"), std::nullopt);
  EXPECT_EQ(fuzz_target_from_name("map_iterate"), T::kMapIterate);
  EXPECT_EQ(fuzz_target_from_name("nope"), std::nullopt);
}

TEST(FuzzDecode, FaultCommentsRoundTripAndNameBadLines) {
  FaultPlan p;
  p.fail_at = {3, 17};
  p.byte_budget = 4096;
  p.probability = 5.0 / 256;
  p.seed = 9;
  const std::string line = format_fault_comment(p);
  EXPECT_EQ(
      line,
      "# faults fail_at=3,17 budget=4096 probability=0.01953125 seed=9\n");
  const auto back = find_fault_comment("# c\ngomapfuzz-trace 1\n" + line);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(format_fault_comment(*back), line);
  EXPECT_EQ(find_fault_comment("gomapfuzz-trace 1\n# fault lines\n"),
            std::nullopt);
  EXPECT_EQ(format_fault_comment(FaultPlan{}), "");
  try {
    find_fault_comment("gomapfuzz-trace 1\n# faults fail_at=3,x\n", "f.txt");
    FAIL() << "no error";
  } catch (const TraceError& e) {
    EXPECT_EQ(std::string(e.what()),
              "f.txt:2: faults: fail_at: not an unsigned integer: x");
  }
}

}  // namespace
}  // namespace gomapfuzz

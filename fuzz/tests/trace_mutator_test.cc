// The structure-aware mutator (fuzz/trace_mutator.h) and its map probe:
// every mutated case stays drawable and within the target's bounds, every
// kind of mutation happens, swapped keys really collide, splices keep their
// parts, outputs fit libFuzzer's size limit, and the probe sees the map the
// replayer builds.
#include "gomapfuzz/fuzz/trace_mutator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "gomapfuzz/fuzz/map_probe.h"
#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz {
namespace {

constexpr FuzzTarget kMutatedTargets[] = {
    FuzzTarget::kMapOps, FuzzTarget::kMapIterate, FuzzTarget::kMapAllocFaults};

// A drawn trace; for map_alloc_faults with a fault plan drawn from bytes
// (several failing attempts, a budget, a probability).
FuzzCase sample_case(FuzzTarget t, uint64_t seed, std::size_t max_ops = 150) {
  DrawLimits lim = fuzz_draw_limits(t);
  lim.max_ops = max_ops;
  SeededChoices s(seed);
  FuzzCase c;
  if (t == FuzzTarget::kMapAllocFaults) {
    std::vector<uint8_t> bytes(16);
    for (auto& b : bytes) b = static_cast<uint8_t>(s.integer(0, 255));
    c.faults = decode_fuzz_input(t, bytes).faults;
  }
  c.trace = draw_trace(s, lim);
  return c;
}

FuzzCase decode_raw(FuzzTarget t, const std::string& b) {
  return decode_fuzz_input(
      t, {reinterpret_cast<const uint8_t*>(b.data()), b.size()});
}

void expect_in_bounds(FuzzTarget t, const FuzzCase& c) {
  const DrawLimits lim = fuzz_draw_limits(t);
  ASSERT_LE(c.trace.ops.size(), lim.max_ops);
  ASSERT_TRUE(lim.key_types & (1u << static_cast<int>(c.trace.types.key)));
  for (const Op& op : c.trace.ops) {
    if (op.kind == OpKind::kMake) {
      ASSERT_GE(op.hint, -16);
      ASSERT_LE(op.hint, lim.max_hint);
    }
  }
}

// Chains of mutations, as libFuzzer applies them: each result encodes (the
// encoder proves it by decoding), decodes to the same trace and fault plan,
// and stays within the bounds.
TEST(TraceMutator, MutatedCasesStayDrawableAndWithinBounds) {
  for (FuzzTarget t : kMutatedTargets) {
    for (uint64_t seed = 0; seed < 16; ++seed) {
      FuzzCase c = sample_case(t, seed, 120);
      for (uint64_t step = 0; step < 20; ++step) {
        const std::string name = mutate_case(t, c, seed * 1000 + step);
        std::string bytes;
        ASSERT_NO_THROW(bytes = encode_fuzz_input(t, c.trace, c.faults))
            << fuzz_target_name(t) << " seed " << seed << " step " << step
            << " after " << name;
        const FuzzCase back = decode_raw(t, bytes);
        ASSERT_EQ(print_trace(back.trace), print_trace(c.trace)) << name;
        ASSERT_EQ(format_fault_comment(back.faults),
                  format_fault_comment(c.faults));
        expect_in_bounds(t, back);
      }
    }
  }
}

TEST(TraceMutator, EveryKindOfMutationHappens) {
  std::map<std::string, int> seen;
  for (FuzzTarget t : kMutatedTargets) {
    for (uint64_t seed = 0; seed < 300; ++seed) {
      FuzzCase c = sample_case(t, seed, 60);
      ++seen[mutate_case(t, c, seed)];
    }
  }
  for (const char* name :
       {"insert-op", "delete-ops", "duplicate-ops", "move-ops", "change-op",
        "swap-key", "burst", "hasher", "hint", "types", "seed", "faults"}) {
    EXPECT_GT(seen[name], 0) << name;
  }
  EXPECT_EQ(seen[""], 0);  // some mutation always applies
}

// A swapped key lands in the bucket of a key the map held at that op (or
// of the key it replaced) in the current B.
TEST(TraceMutator, SwappedKeysCollideWithTheMapOfTheMoment) {
  int swaps = 0;
  for (uint64_t seed = 0; seed < 400 && swaps < 40; ++seed) {
    const FuzzCase before = sample_case(FuzzTarget::kMapOps, seed, 200);
    FuzzCase c = before;
    if (mutate_case(FuzzTarget::kMapOps, c, seed) != "swap-key") continue;
    ++swaps;
    std::size_t i = 0;
    while (i < c.trace.ops.size() &&
           c.trace.ops[i].key == before.trace.ops[i].key) {
      ++i;
    }
    ASSERT_LT(i, c.trace.ops.size());
    const auto probe = MapProbe::before(before.trace, i);
    std::vector<TraceKey> refs = probe->live_keys();
    refs.push_back(before.trace.ops[i].key);
    const uint64_t mask = (uint64_t{1} << probe->B()) - 1;
    const uint64_t h = probe->hash(c.trace.ops[i].key);
    EXPECT_TRUE(std::any_of(refs.begin(), refs.end(),
                            [&](const TraceKey& r) {
                              return r != c.trace.ops[i].key &&
                                     ((probe->hash(r) ^ h) & mask) == 0;
                            }))
        << "seed " << seed << " op " << i;
  }
  EXPECT_GE(swaps, 20);
}

TEST(TraceMutator, SplicesKeepAPrefixOfTheFirstAndOpsOfTheSecond) {
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const Trace a = sample_case(FuzzTarget::kMapOps, seed).trace;
    const Trace b = sample_case(FuzzTarget::kMapOps, seed + 1000).trace;
    const Trace s = splice_traces(FuzzTarget::kMapOps, a, b, seed);
    EXPECT_EQ(s.types, a.types);
    EXPECT_EQ(s.hasher, a.hasher);
    EXPECT_EQ(s.seed, a.seed);
    // Some prefix of a, then a's key type throughout.
    std::size_t p = 0;
    while (p < s.ops.size() && p < a.ops.size() && s.ops[p] == a.ops[p]) ++p;
    for (std::size_t i = p; i < s.ops.size(); ++i) {
      if (s.ops[i].kind == OpKind::kPut) {
        ASSERT_EQ(s.ops[i].key.index(), static_cast<std::size_t>(a.types.key));
      }
    }
    EXPECT_NO_THROW(encode_fuzz_input(FuzzTarget::kMapOps, s));
  }
}

TEST(TraceMutator, LibFuzzerEntryPointsFitTheSizeLimitAndRepeat) {
  for (FuzzTarget t : kMutatedTargets) {
    for (uint64_t seed = 0; seed < 60; ++seed) {
      const std::string in = encode_fuzz_input(t, sample_case(t, seed).trace);
      const std::size_t max = 64 + seed * 8;
      std::string a = in, b = in;
      a.resize(std::max(in.size(), max));
      b.resize(a.size());
      const std::size_t na =
          mutate_fuzz_input(t, reinterpret_cast<uint8_t*>(a.data()), in.size(),
                            max, static_cast<unsigned>(seed), nullptr);
      const std::size_t nb =
          mutate_fuzz_input(t, reinterpret_cast<uint8_t*>(b.data()), in.size(),
                            max, static_cast<unsigned>(seed), nullptr);
      ASSERT_EQ(a.substr(0, na), b.substr(0, nb)) << "not deterministic";
      if (na != in.size() || a.substr(0, na) != in) {
        ASSERT_LE(na, max);
      }
      const std::string other =
          encode_fuzz_input(t, sample_case(t, seed + 7).trace);
      std::string out(max, '\0');
      const std::size_t n = cross_over_fuzz_inputs(
          t, reinterpret_cast<const uint8_t*>(in.data()), in.size(),
          reinterpret_cast<const uint8_t*>(other.data()), other.size(),
          reinterpret_cast<uint8_t*>(out.data()), max,
          static_cast<unsigned>(seed));
      ASSERT_LE(n, max);
      expect_in_bounds(t, decode_raw(t, out.substr(0, n)));
    }
  }
}

// The probe's map before op i is the replayer's after op i - 1.
TEST(MapProbe, SeesTheMapTheReplayerBuilds) {
  for (uint64_t seed = 0; seed < 30; ++seed) {
    const FuzzCase c = sample_case(FuzzTarget::kMapIterate, seed, 300);
    std::vector<mapcore::MapStats> after;
    std::vector<std::set<std::string>> keys;
    ReplayOptions o;
    o.check_every = 0;
    o.after_op = [&](const OpEvent& e) {
      after.push_back(e.stats());
      std::set<std::string> k;
      for (const auto& [unused, entry] : e.model->entries()) {
        k.insert(format_key(entry.key));  // as last stored: -0 or +0
      }
      keys.push_back(std::move(k));
    };
    ASSERT_TRUE(replay(c.trace, o).ok());
    for (std::size_t i = 1; i <= c.trace.ops.size(); i += 7) {
      const auto probe = MapProbe::before(c.trace, i);
      ASSERT_EQ(probe->B(), after[i - 1].B) << "seed " << seed << " op " << i;
      ASSERT_EQ(probe->growing(), after[i - 1].growing);
      std::set<std::string> live;
      for (const TraceKey& k : probe->live_keys()) live.insert(format_key(k));
      ASSERT_EQ(live, keys[i - 1]) << "seed " << seed << " op " << i;
      ASSERT_EQ(probe->count(), after[i - 1].count);
      ASSERT_EQ(probe->hash0(), after[i - 1].hash0);
    }
  }
}

}  // namespace
}  // namespace gomapfuzz

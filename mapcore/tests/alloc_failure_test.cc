// The strong guarantee: when an allocation throws, the operation leaves the
// map exactly as it was (same layout dump, same contents), nothing leaks, and
// later operations work. Tried at every allocation point of several
// scenarios: growth (new arrays), overflow buckets (pool exhausted, heap),
// out-of-line keys and values, string bytes, and growth under an iterator.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "expect_sound.h"
#include "mapcore/counting_resource.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using mapcore::CountingResource;
using mapcore::FaultInjectingResource;

// Runs `ops` (each op one map operation) on a fresh map with allocation
// attempt k failing; checks the failing op changed nothing; returns the
// final dump, or "" when no allocation failed.
template <class MapT>
struct Scenario {
  std::function<std::unique_ptr<MapT>(DefaultAllocator)> make;
  std::vector<std::function<void(MapT&)>> ops;

  // Returns (number of allocations the ops made, final contents). Fault
  // points count from the first op: the constructor is tested elsewhere.
  std::pair<uint64_t, std::string> run(uint64_t fail_at) const {
    CountingResource counting;
    FaultInjectingResource faults(&counting);
    std::string final_dump;
    uint64_t at_start = 0;
    {
      auto m = make(DefaultAllocator(&faults));
      at_start = faults.attempts();
      if (fail_at) faults.fail_at(at_start + fail_at);
      for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::string before = dump(*m);
        try {
          ops[i](*m);
        } catch (const std::bad_alloc&) {
          EXPECT_EQ(dump(*m), before)
              << "op " << i << " changed the map before failing (fault "
              << fail_at << ")";
          EXPECT_TRUE(check_invariants(*m).empty());
          ops[i](*m);  // the same op now succeeds
        }
        EXPECT_EQ(stats(*m).mapcore_bytes, counting.live_bytes());
      }
      test::expect_sound(*m);
      final_dump = contents(*m);
    }
    EXPECT_EQ(counting.live_bytes(), 0u) << "leak with fault " << fail_at;
    return {faults.attempts() - at_start, final_dump};
  }

  static std::string contents(MapT& m) {
    std::vector<std::string> items;
    for (auto it = m.iterate(); it.next();) {
      items.push_back(format_slot(it.stored_key(), true) + "=" +
                      format_slot(it.value(), true));
    }
    std::sort(items.begin(), items.end());
    std::string out;
    for (auto& s : items) out += s + " ";
    return out;
  }

  void check_every_fault_point() const {
    const auto [allocations, clean] = run(0);
    ASSERT_GT(allocations, 0u);
    for (uint64_t k = 1; k <= allocations; ++k) {
      const auto [unused, got] = run(k);
      EXPECT_EQ(got, clean) << "contents differ with fault " << k;
      if (::testing::Test::HasFailure()) return;
    }
  }
};

template <class MapT>
auto hinted(int64_t hint, DynamicHasher h = {}) {
  return [hint, h](DefaultAllocator a) {
    typename MapT::Options o;
    o.hint = hint;
    o.hasher = h;
    o.alloc = a;
    return std::make_unique<MapT>(o);
  };
}

using DynamicU64Map = Map<uint64_t, uint64_t, DynamicHasher>;

TEST(AllocFailure, GrowthFromEmptyToB6) {
  Scenario<DynamicU64Map> s{hinted<DynamicU64Map>(0), {}};
  for (uint64_t i = 0; i < 600; ++i) {
    s.ops.push_back([i](DynamicU64Map& m) { m.put(i * 31, i); });
    if (i % 3 == 0)
      s.ops.push_back([i](DynamicU64Map& m) { m.erase(i * 31 / 2); });
  }
  s.check_every_fault_point();
}

// A constant hash puts every key in one chain: overflow buckets from the
// pool, then from the heap, during inserts and during evacuation.
TEST(AllocFailure, OverflowChainsUnderConstantHash) {
  Scenario<DynamicU64Map> s{
      hinted<DynamicU64Map>(60, DynamicHasher{HashFamily::kConstant, 42}), {}};
  for (uint64_t i = 0; i < 250; ++i) {
    s.ops.push_back([i](DynamicU64Map& m) { m.put(i, i); });
  }
  s.check_every_fault_point();
}

// Insert/delete churn at constant size in a small map (B = 1): tombstones
// and overflow chains pile up until same-size growths pack them, each
// allocating a new array and re-spreading the chains.
TEST(AllocFailure, SameSizeGrowthChurn) {
  Scenario<DynamicU64Map> s{hinted<DynamicU64Map>(13), {}};
  std::vector<uint64_t> live;
  for (uint64_t i = 0; i < 13; ++i) {
    s.ops.push_back([i](DynamicU64Map& m) { m.put(i, i); });
    live.push_back(i);
  }
  mapcore::SplitMix64 rng(5);
  for (uint64_t next = 13; next < 213; ++next) {
    const std::size_t victim = rng.next() % live.size();
    const uint64_t k = live[victim];
    live[victim] = next;
    s.ops.push_back([k](DynamicU64Map& m) { m.erase(k); });
    s.ops.push_back([next](DynamicU64Map& m) { m.put(next, next); });
  }
  s.ops.push_back([](DynamicU64Map& m) {
    EXPECT_GE(stats(m).same_size_growths, 2u);
    EXPECT_EQ(stats(m).doublings, 0u);  // make(13) is already B = 1
  });
  s.check_every_fault_point();
}

using StrBig = Map<GoString, Bytes<200>, DynamicHasher>;

TEST(AllocFailure, StringKeysAndOutOfLineValues) {
  Scenario<StrBig> s{hinted<StrBig>(0), {}};
  for (uint64_t i = 0; i < 150; ++i) {
    s.ops.push_back([i](StrBig& m) {
      m.put("key-" + std::to_string(i), Bytes<200>::filled_from(i));
    });
    if (i % 4 == 0) {
      s.ops.push_back(
          [i](StrBig& m) { m.erase("key-" + std::to_string(i / 2)); });
    }
  }
  s.ops.push_back([](StrBig& m) { m.clear(); });
  for (uint64_t i = 0; i < 20; ++i) {
    s.ops.push_back([i](StrBig& m) { m.put(std::to_string(i), {}); });
  }
  s.check_every_fault_point();
}

// Growth while an iterator is open parks old arrays instead of freeing them.
TEST(AllocFailure, GrowthUnderAnOpenIterator) {
  Scenario<DynamicU64Map> s{hinted<DynamicU64Map>(0), {}};
  s.ops.push_back([](DynamicU64Map& m) {
    for (uint64_t i = 0; i < 20; ++i) m.put(i, i);
  });
  s.ops.push_back([](DynamicU64Map& m) {
    auto it = m.iterate();
    it.next();
    for (uint64_t i = 20; i < 400; ++i) m.put(i, i);  // may throw mid-loop
  });
  s.ops.push_back([](DynamicU64Map& m) { m.put(1000, 1); });
  // Only the first and last ops are atomic; check leaks and invariants.
  const auto [n, clean] = s.run(0);
  for (uint64_t k = 1; k <= n; ++k) {
    CountingResource counting;
    FaultInjectingResource faults(&counting);
    {
      auto m = s.make(DefaultAllocator(&faults));
      faults.fail_at(faults.attempts() + k);
      for (const auto& op : s.ops) {
        try {
          op(*m);
        } catch (const std::bad_alloc&) {
        }
      }
      test::expect_sound(*m);
      EXPECT_EQ(stats(*m).retired_bytes, 0u);
    }
    EXPECT_EQ(counting.live_bytes(), 0u) << "fault " << k;
  }
}

TEST(AllocFailure, ClearAllocatesNothing) {
  CountingResource counting;
  DynamicU64Map m(DynamicU64Map::Options{.alloc = DefaultAllocator(&counting)});
  for (uint64_t i = 0; i < 1000; ++i) m.put(i, i);
  const uint64_t before = counting.allocations();
  m.clear();
  EXPECT_EQ(counting.allocations(), before);
}

}  // namespace
}  // namespace mapcore

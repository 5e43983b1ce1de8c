// map_bench: Google Benchmark runs of insert (without and with a hint),
// lookup hit and miss, delete and iterate, for uint64 and string keys at
// 1e3, 1e5 and 1e6 entries, on mapcore (Go's fallback hash, XXH3),
// std::unordered_map, absl::flat_hash_map and boost::unordered_map
// (containers.h). The Go side is go/map_bench_test.go; run.sh runs both and
// prints the ratios.
//
// Names are op/key/n/impl, e.g. lookup_hit/string/100000/mapcore_go. One
// iteration is n operations (a whole build, n lookups, n deletes, one full
// iteration of n entries), and items_per_second counts operations, so
// ns/op = 1e9 / items_per_second, for Go too (its ns/op divided by n).
// Insert includes making and destroying the map (Go pays the latter in GC).
// Delete deletes every key of a freshly built map; the build is not timed.
//
//   map_bench                      all benchmarks (Google Benchmark flags)
//   map_bench --memory             peak and final heap bytes per entry of a
//                                  map built without a hint, as JSON lines
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "containers.h"
#include "keys.h"

namespace gomapfuzz::bench {
namespace {

// The sizes of the issue: L1/L2-resident, LLC-sized, and well past the LLC.
constexpr std::size_t kSizes[] = {1000, 100000, 1000000};

template <class Key>
const std::vector<Key>& keys(std::size_t n, uint64_t seed) {
  static std::map<std::pair<std::size_t, uint64_t>, std::vector<Key>> cache;
  auto [it, fresh] = cache.try_emplace({n, seed});
  if (fresh) {
    if constexpr (std::is_same_v<Key, std::string>) {
      it->second = string_keys(n, seed);
    } else {
      it->second = uint64_keys(n, seed);
    }
  }
  return it->second;
}

template <class A, class Key>
void fill(A& a, const std::vector<Key>& ks) {
  uint64_t v = 0;
  for (const Key& k : ks) a.insert(k, ++v);
}

template <class A, class Key>
void bm_insert(benchmark::State& st, std::size_t n, bool hint) {
  const auto& ks = keys<Key>(n, kHitSeed);
  for (auto _ : st) {
    A a(hint ? n : 0);
    fill(a, ks);
    benchmark::DoNotOptimize(a);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * n));
}

template <class A, class Key>
void bm_lookup(benchmark::State& st, std::size_t n, bool hit) {
  const auto& ks = keys<Key>(n, kHitSeed);
  const auto& probes = hit ? ks : keys<Key>(n, kMissSeed);
  A a(0);
  fill(a, ks);
  std::size_t found = 0;
  for (const Key& k : probes) found += a.find(k) != nullptr;
  if (found != (hit ? n : 0)) {
    st.SkipWithError("lookup keys are not what the benchmark expects");
    return;
  }
  for (auto _ : st) {
    uint64_t sum = 0;
    for (const Key& k : probes) {
      if (const uint64_t* v = a.find(k)) sum += *v;
    }
    benchmark::DoNotOptimize(sum);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * n));
}

template <class A, class Key>
void bm_delete(benchmark::State& st, std::size_t n) {
  const auto& ks = keys<Key>(n, kHitSeed);
  for (auto _ : st) {
    st.PauseTiming();
    auto a = std::make_unique<A>(0);
    fill(*a, ks);
    st.ResumeTiming();
    for (const Key& k : ks) a->erase(k);
    st.PauseTiming();
    a.reset();
    st.ResumeTiming();
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * n));
}

template <class A, class Key>
void bm_iterate(benchmark::State& st, std::size_t n) {
  const auto& ks = keys<Key>(n, kHitSeed);
  A a(0);
  fill(a, ks);
  for (auto _ : st) benchmark::DoNotOptimize(a.sum_values());
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * n));
}

template <template <class> class Adapter, class Key>
void register_impl(const char* impl, const char* key) {
  using A = Adapter<Key>;
  for (std::size_t n : kSizes) {
    const std::string tail =
        std::string("/") + key + "/" + std::to_string(n) + "/" + impl;
    benchmark::RegisterBenchmark(("insert" + tail).c_str(), bm_insert<A, Key>,
                                 n, false);
    benchmark::RegisterBenchmark(("insert_hint" + tail).c_str(),
                                 bm_insert<A, Key>, n, true);
    benchmark::RegisterBenchmark(("lookup_hit" + tail).c_str(),
                                 bm_lookup<A, Key>, n, true);
    benchmark::RegisterBenchmark(("lookup_miss" + tail).c_str(),
                                 bm_lookup<A, Key>, n, false);
    benchmark::RegisterBenchmark(("delete" + tail).c_str(), bm_delete<A, Key>,
                                 n);
    benchmark::RegisterBenchmark(("iterate" + tail).c_str(), bm_iterate<A, Key>,
                                 n);
  }
}

template <class Key>
void register_all(const char* key) {
  register_impl<MapcoreGo, Key>("mapcore_go", key);
  register_impl<MapcoreXxh3, Key>("mapcore_xxh3", key);
  if constexpr (std::is_same_v<Key, std::string>) {
    register_impl<MapcoreGoCopy, Key>("mapcore_go_copy", key);
  }
  register_impl<StdUnordered, Key>("std_unordered", key);
  register_impl<AbslFlat, Key>("absl_flat", key);
  register_impl<BoostUnordered, Key>("boost_unordered", key);
}

// Heap bytes a map built without a hint holds at its peak and at the end,
// per entry (keys copied into the map count; the caller's key vector not).
template <template <class> class Adapter, class Key>
void memory_impl(const char* impl, const char* key) {
  for (std::size_t n : kSizes) {
    const auto& ks = keys<Key>(n, kHitSeed);
    const int64_t base = HeapCounter::live();
    HeapCounter::reset_peak();
    int64_t final_bytes = 0;
    {
      Adapter<Key> a(0);
      fill(a, ks);
      final_bytes = HeapCounter::live() - base;
    }
    const double per = static_cast<double>(n);
    std::cout << "{\"impl\":\"" << impl << "\",\"key\":\"" << key
              << "\",\"n\":" << n << ",\"peak_bytes_per_entry\":"
              << static_cast<double>(HeapCounter::peak() - base) / per
              << ",\"final_bytes_per_entry\":"
              << static_cast<double>(final_bytes) / per << "}\n";
  }
}

template <class Key>
void memory_all(const char* key) {
  memory_impl<MapcoreGo, Key>("mapcore_go", key);
  memory_impl<MapcoreXxh3, Key>("mapcore_xxh3", key);
  if constexpr (std::is_same_v<Key, std::string>) {
    memory_impl<MapcoreGoCopy, Key>("mapcore_go_copy", key);
  }
  memory_impl<StdUnordered, Key>("std_unordered", key);
  memory_impl<AbslFlat, Key>("absl_flat", key);
  memory_impl<BoostUnordered, Key>("boost_unordered", key);
}

}  // namespace
}  // namespace gomapfuzz::bench

int main(int argc, char** argv) {
  using namespace gomapfuzz::bench;
  if (argc == 2 && std::strcmp(argv[1], "--memory") == 0) {
    HeapCounter::enable();
    memory_all<uint64_t>("uint64");
    memory_all<std::string>("string");
    return 0;
  }
  register_all<uint64_t>("uint64");
  register_all<std::string>("string");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

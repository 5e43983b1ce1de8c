// syncmap_bench: throughput of maps shared by threads, at read:write ratios
// 1:1, 10:1, 100:1 and 1000:1, on 1 and 2 threads: syncmap::SyncMap (Go's
// sync.Map ported), a mapcore map behind a std::shared_mutex
// (chaos::RwMutexMap), 8 such maps sharded by key hash (chaos::ShardedMap)
// and a copy-on-write map with lock-free reads (rcu_cow_map.h). The Go side
// (go/syncmap_bench_test.go) runs sync.Map and a map behind a sync.RWMutex
// on the same workload; run.sh puts them side by side.
//
// The workload, identical on both sides:
//   keys     1,024 uint64 keys (keys.h's hit stream, seed 1), all stored
//            before timing (value i for key i), so every load hits; for
//            the sync.Map a Load of each key then promotes them into the
//            read map, the state a read-mostly map lives in
//   op       thread t draws key indexes from splitmix64 seeded t + 1 (mod
//            1,024); op j of a thread is a store of j into the key when
//            j mod (R + 1) == R, else a load (R = reads per write)
//   stores   overwrite present keys (a cache refreshing its entries), so
//            a sync.Map stays on its lock-free path; new keys would make
//            it copy its read map into a new dirty map
//   value    uint64 (Go: boxed into `any` by sync.Map, 8 bytes from 256 on)
//
// Names are concurrent/<impl>/<R>/real_time/threads:<T>. One iteration is
// one op; items_per_second (summed over the threads, per wall-clock second:
// a contended lock costs waiting, not CPU) is the throughput. Every load
// must find its key, or the benchmark reports an error.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/chaos/rw_mutex_map.h"
#include "gomapfuzz/chaos/sharded_map.h"
#include "keys.h"
#include "mapcore/random_source.h"
#include "rcu_cow_map.h"
#include "syncmap/sync_map.h"

namespace gomapfuzz::bench {
namespace {

constexpr std::size_t kKeys = 1024;  // a power of two: index = draw & mask
static_assert((kKeys & (kKeys - 1)) == 0);
constexpr int64_t kReadsPerWrite[] = {1, 10, 100, 1000};

const std::vector<uint64_t>& bench_keys() {
  static const std::vector<uint64_t> keys = uint64_keys(kKeys, kHitSeed);
  return keys;
}

// SyncMap's Go names (load/store) under the wrappers' get/put.
class SyncMapAdapter {
 public:
  std::optional<uint64_t> get(uint64_t k) { return m_.load(k); }
  void put(uint64_t k, uint64_t v) { m_.store(k, v); }
  // Promotes the dirty map: every key then sits in the read map.
  void settle() {
    for (uint64_t k : bench_keys()) m_.load(k);
  }

 private:
  syncmap::SyncMap<uint64_t, uint64_t> m_;
};

template <class M>
void settle(M& m) {
  if constexpr (requires { m.settle(); }) m.settle();
}

// The map the threads of one run share: made by Setup before the threads
// start, dropped by Teardown after they end.
template <class M>
std::unique_ptr<M>& shared_map() {
  static std::unique_ptr<M> m;
  return m;
}

template <class M>
void setup(const benchmark::State&) {
  auto& m = shared_map<M>();
  m = std::make_unique<M>();
  uint64_t v = 0;
  for (uint64_t k : bench_keys()) m->put(k, v++);
  settle(*m);
}

template <class M>
void teardown(const benchmark::State&) {
  shared_map<M>().reset();
}

template <class M>
void bm_concurrent(benchmark::State& st) {
  const int64_t reads_per_write = st.range(0);
  M& m = *shared_map<M>();
  const std::vector<uint64_t>& keys = bench_keys();
  mapcore::SplitMix64 rng(static_cast<uint64_t>(st.thread_index()) + 1);
  int64_t j = 0;
  int64_t missed = 0;
  for (auto _ : st) {
    const uint64_t k = keys[rng.next() & (kKeys - 1)];
    if (j % (reads_per_write + 1) == reads_per_write) {
      m.put(k, static_cast<uint64_t>(j));
    } else {
      const std::optional<uint64_t> v = m.get(k);
      missed += !v.has_value();
      benchmark::DoNotOptimize(v);
    }
    ++j;
  }
  st.SetItemsProcessed(st.iterations());
  if (missed) st.SkipWithError("a load missed a key that is always present");
}

template <class M>
void register_contender(const std::string& name) {
  auto* b = benchmark::RegisterBenchmark(("concurrent/" + name).c_str(),
                                         bm_concurrent<M>);
  for (int64_t r : kReadsPerWrite) b->Arg(r);
  b->Threads(1)->Threads(2)->UseRealTime()->Setup(setup<M>)->Teardown(
      teardown<M>);
}

}  // namespace
}  // namespace gomapfuzz::bench

int main(int argc, char** argv) {
  using namespace gomapfuzz::bench;
  register_contender<SyncMapAdapter>("syncmap");
  register_contender<gomapfuzz::chaos::RwMutexMap<uint64_t, uint64_t>>(
      "rwmutex");
  register_contender<gomapfuzz::chaos::ShardedMap<uint64_t, uint64_t>>(
      "sharded");
  register_contender<RcuCowMap<uint64_t, uint64_t>>("cow");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// The hammer: N threads of seeded random ops on one concurrent map, every
// op recorded in a history for the linearizability checker.
//
// Thread t draws its ops from splitmix64(seed, t): put (40%), get (40%) and
// del (20%) on keys 0..key_space-1 (a small space, so threads collide on
// keys), put values unique per op ((t + 1) << 32 | op number), so a read
// names the write it saw. Threads start together at a latch, and jitter
// adds yields and delays between ops and inside the wrappers.
//
// An op that throws (a misuse report, bad_alloc) ends its thread; the error
// is returned with the history: a correct wrapper has none.
#ifndef GOMAPFUZZ_CHAOS_HAMMER_H_
#define GOMAPFUZZ_CHAOS_HAMMER_H_

#include <exception>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "gomapfuzz/chaos/history.h"
#include "gomapfuzz/chaos/jitter.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::chaos {

struct HammerOptions {
  uint64_t seed = 1;
  int threads = 4;
  uint64_t ops_per_thread = 200;
  uint64_t key_space = 8;
  // kSyncMap: Go's sync.Map ops instead (Load 40 %, Store 20 %,
  // LoadOrStore 15 %, LoadAndDelete 10 %, Delete 10 %, Range 5 %).
  enum class Mix : uint8_t { kMap, kSyncMap } mix = Mix::kMap;
};

struct HammerResult {
  History history;  // grouped by thread, each thread's ops in order
  std::vector<std::string> errors;
};

// One sync.Map op of the history on a SyncMap-like map.
template <class W>
void apply_sync_map_op(W& map, HistOp& op) {
  switch (op.kind) {
    case HistKind::kStore:
      map.store(op.key, op.value);
      break;
    case HistKind::kDelete:
      map.erase(op.key);
      break;
    case HistKind::kLoadOrStore: {
      auto [v, loaded] = map.load_or_store(op.key, op.value);
      op.got = v;
      op.flag = loaded;
      break;
    }
    case HistKind::kLoadAndDelete:
      op.got = map.load_and_delete(op.key);
      op.flag = op.got.has_value();
      break;
    case HistKind::kRange:
      map.range([&](uint64_t k, uint64_t v) {
        op.visited.emplace_back(k, v);
        return true;
      });
      break;
    default:  // Load is the map mix's get
      op.got = map.load(op.key);
      break;
  }
}

// The op thread t performs as its i-th (pure: the same for a seed).
HistOp draw_hammer_op(const HammerOptions& o, int thread, uint64_t i,
                      mapcore::SplitMix64& rng);

// W: a ConcurrentMap for the map mix; for the sync.Map mix, anything with
// load/store/load_or_store/load_and_delete/erase/range (SyncMap).
template <class W>
HammerResult hammer(W& map, const HammerOptions& o, const Jitter& jitter) {
  HistoryClock clock;
  std::vector<History> per_thread(o.threads);
  std::vector<std::string> errors;
  std::mutex errors_mu;
  std::latch start(o.threads);
  auto body = [&](int t) {
    Jitter::seed_this_thread(o.seed, static_cast<uint64_t>(t));
    mapcore::SplitMix64 rng(mapcore::SplitMix64::finalize(o.seed) + t);
    History& h = per_thread[t];
    h.reserve(o.ops_per_thread);
    start.arrive_and_wait();
    try {
      for (uint64_t i = 0; i < o.ops_per_thread; ++i) {
        HistOp op = draw_hammer_op(o, t, i, rng);
        jitter.point();
        op.call = clock.tick();
        if constexpr (ConcurrentMap<W>) {
          switch (op.kind) {
            case HistKind::kPut:
              op.flag = map.put(op.key, op.value);
              break;
            case HistKind::kGet:
              op.got = map.get(op.key);
              break;
            case HistKind::kDel:
              op.flag = map.del(op.key);
              break;
            default:
              break;
          }
        } else {
          apply_sync_map_op(map, op);
        }
        op.ret = clock.tick();
        h.push_back(op);
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(errors_mu);
      errors.push_back("thread " + std::to_string(t) + ": " + e.what());
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) threads.emplace_back(body, t);
  for (auto& th : threads) th.join();
  HammerResult r;
  for (auto& h : per_thread) {
    r.history.insert(r.history.end(), h.begin(), h.end());
  }
  r.errors = std::move(errors);
  return r;
}

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_HAMMER_H_

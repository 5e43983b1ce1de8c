// MapUnderTest's implementation (map_under_test.h), included once per key
// type by src/mut_<key>.cc.
//
// The State runs each op through the executor on mapcore's typed driver,
// takes the snapshots the laws read, and hands each op to every law check
// (src/laws/*.cc, one law a file, each saying what it states and why it
// holds in Go 1.19).
#ifndef GOMAPFUZZ_PROPERTIES_SRC_MAP_UNDER_TEST_IMPL_H_
#define GOMAPFUZZ_PROPERTIES_SRC_MAP_UNDER_TEST_IMPL_H_

#include <array>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <variant>

#include "gomapfuzz/harness/executor.h"
#include "gomapfuzz/harness/mapcore_driver.h"
#include "gomapfuzz/harness/typed_values.h"
#include "gomapfuzz/properties/law_check.h"
#include "gomapfuzz/properties/map_under_test.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "mapcore/misuse.h"
#include "mapcore/random_source.h"

namespace gomapfuzz {

template <class K>
struct MapUnderTest<K>::State {
  using Driver = MapcoreDriver<K, uint64_t>;
  using MapT = typename Driver::MapT;
  using Raw = typename MapT::Raw;
  using Blocks = typename Raw::Blocks;
  using Arg = KeyConv<K>;

  // A range the coverage counters follow (the growth it saw).
  struct RangeWatch {
    bool started = false;
    uint64_t growth_id_at_start = 0;
    bool saw_growth = false;
  };

  State(const Trace& header, const LawOptions& o)
      : opt(o),
        exec_options(exec_options_for(o)),
        executor(driver, trace, exec_options) {
    trace.types = header.types;
    trace.hasher = header.hasher;
    trace.seed = header.seed;
    if (header.types.key != key_type_of<K>() || header.types.value_bytes != 0) {
      throw std::invalid_argument(
          "MapUnderTest: the trace's types (" +
          std::string(key_type_name(header.types.key)) + " " +
          value_type_name(header.types.value_bytes) +
          ") are not this instantiation's (" +
          std::string(key_type_name(key_type_of<K>())) + " uint64)");
    }
    for (const LawCheckEntry& e : law_checks()) {
      checks.push_back({e.law, e.make()});
    }
    exec_options.on_yield = [this] {
      if (driver.state().growing) ++cov.yields_while_growing;
    };
  }

  static ExecOptions exec_options_for(const LawOptions& o) {
    ExecOptions e;
    e.check_every = o.invariants_every;
    e.incremental_checks = o.incremental_invariants;
    e.iteration_guarantees = o.laws.has(Law::kIteration);
    e.iteration_waives_clear = o.iteration_waives_clear;
    e.leak_check = o.laws.has(Law::kLeak);
    return e;
  }

  // ---- failure ----

  // A law check broke (the map is alive: its dump goes with the report).
  [[noreturn]] void fail(Law law, const std::string& reason) {
    throw violation(law, reason, driver.dump());
  }
  // The executor's failure, as the law its check belongs to.
  [[noreturn]] void fail(const ExecutionFailure& f) {
    throw violation(law_of(f), f.reason, f.dump);
  }
  LawViolation violation(Law law, const std::string& reason,
                         std::string dump) const {
    std::string op_text = "(end of trace)";
    int line = 0;
    if (index < trace.ops.size()) {
      op_text = print_op(trace.ops[index]);
      line = trace.ops[index].line;
    } else if (index == ExecutionFailure::kAtStart) {
      op_text = "(make 0 at the start)";
    }
    return LawViolation(law, index == ExecutionFailure::kAtStart ? 0 : index,
                        line, op_text, reason, std::move(dump));
  }
  LawReporter report_for(Law law) {
    return LawReporter(law, opt.laws.has(law), cov,
                       [this](Law l, const std::string& why) { fail(l, why); });
  }

  // ---- observation ----

  MapSnapshot snapshot() const {
    MapSnapshot s;
    const MapT& map = driver.map();
    s.stats = mapcore::stats(map);
    const Raw& raw = mapcore::DebugAccess::raw(map);
    s.buckets = raw.buckets();
    if (raw.oldbuckets()) {
      for (uint64_t x = 0; x < raw.noldbuckets(); ++x) {
        const auto* head = raw.oldbuckets() + x;
        s.evacuated_old += mapcore::is_evacuated_marker(head->tophash[0]);
        for (const auto* b = head->overflow; b; b = b->overflow) {
          ++s.old_chain_overflow;
        }
      }
    }
    s.live_bytes = executor.memory().live_bytes();
    s.allocations = executor.memory().allocations();
    s.live_iterators = raw.live_iterators();
    s.ledger_bytes = ledger(raw, s.stats);
    return s;
  }

  // The bytes the map's structures account for: arrays, heap overflow
  // buckets, the bytes of live string keys, and what is parked for
  // iterators. A block held but in none of these is a leak.
  static uint64_t ledger(const Raw& raw, const mapcore::MapStats& st) {
    const uint64_t bucket = Blocks::block_bytes(Raw::kBucketSize);
    uint64_t total = (st.overflow_heap + st.old_overflow_heap) * bucket;
    if (raw.buckets()) {
      total += Blocks::block_bytes(raw.array_len() * Raw::kBucketSize);
    }
    if (raw.oldbuckets()) {
      total += Blocks::block_bytes(raw.old_array_len() * Raw::kBucketSize);
    }
    if constexpr (Raw::KP::kOwnsBytes) {
      mapcore::visit_live_slots(raw, [&](const auto* b, int i, bool) {
        const int64_t len = Raw::key_ptr(b, i)->len;
        if (len > 0) total += Blocks::block_bytes(static_cast<uint64_t>(len));
      });
    }
    return total + st.retired_bytes;
  }

  // Whether the chain an insert of `key` will scan has an empty slot (only
  // asked outside growth, where the chain is the current array's).
  std::optional<bool> chain_room_for(const Op& op) const {
    if (map_op_of(op.kind) != OpKind::kPut || pre.stats.growing ||
        is_nan_key(op.key)) {
      return std::nullopt;
    }
    const Raw& raw = mapcore::DebugAccess::raw(driver.map());
    if (raw.buckets() == nullptr) return true;  // the first bucket is fresh
    mapcore::RandomSource unused_nan_source(0);
    const uint64_t hash = Raw::KP::hash(raw.hasher(), Arg::arg(op.key),
                                        raw.header().hash0, unused_nan_source);
    const uint64_t mask = (uint64_t{1} << raw.header().B) - 1;
    for (const auto* b = raw.buckets() + (hash & mask); b; b = b->overflow) {
      for (int i = 0; i < mapcore::kBucketCnt; ++i) {
        if (mapcore::is_empty(b->tophash[i])) return true;
      }
    }
    return false;
  }

  // The block an owned string key's bytes take (0 for inline keys).
  static uint64_t key_block_bytes(const Op& op) {
    if constexpr (Raw::KP::kOwnsBytes) {
      const auto* s = std::get_if<std::string>(&op.key);
      if (s && !s->empty()) return Blocks::block_bytes(s->size());
    }
    return 0;
  }

  // ---- map lifetime ----

  void start() {
    index = ExecutionFailure::kAtStart;
    try {
      executor.start();
    } catch (const ExecutionFailure& f) {
      fail(f);
    }
    made(0);
  }

  // A map was just made with `hint`: the laws see its first state.
  void made(int64_t h) {
    ++cov.maps;
    facts.hint = go_effective_hint(h, Raw::kBucketSize);
    facts.seed = trace.seed + executor.stats().maps - 1;
    facts.bucket_size = Raw::kBucketSize;
    facts.bucket_has_pointers = Raw::kBucketHasPointers;
    ranges = {};
    post = snapshot();
    for (auto& [law, check] : checks) check->made(facts, post, report_for(law));
  }

  // ---- one op ----

  OpOutcome run(const Op& op) {
    trace.ops.push_back(op);
    index = trace.ops.size() - 1;
    ++cov.ops;
    pre = post;
    const std::optional<bool> chain_room = chain_room_for(op);
    OpOutcome out;
    try {
      out = executor.step(index);
    } catch (const ExecutionFailure& f) {
      fail(f);
    }
    if (op.kind == OpKind::kMake) {
      ++cov.leak_checks;  // the executor checked the map it replaced
      made(op.hint);
      return out;
    }
    post = snapshot();
    watch_ranges(op, out);
    const LawStep step{out.performed, op,    out,        pre,
                       post,          facts, chain_room, key_block_bytes(op)};
    for (auto& [law, check] : checks) check->check(step, report_for(law));
    return out;
  }

  // Coverage of the iteration law: ranges that saw growth while open.
  void watch_ranges(const Op& op, const OpOutcome& out) {
    const OpKind kind = map_op_of(op.kind);
    const bool iterating = kind == OpKind::kIter || kind == OpKind::kItNext;
    if (op.kind == OpKind::kItOpen || op.kind == OpKind::kItClose) {
      ranges[op.iter] = RangeWatch{};
    }
    if (!iterating) return;
    RangeWatch& r = kind == OpKind::kIter ? full_range : ranges[op.iter];
    if (kind == OpKind::kIter) r = RangeWatch{};
    if (!r.started && (out.yields > 0 || out.iteration_ended)) {
      r.started = true;
      r.growth_id_at_start = pre.growth_id();
    }
    if (r.started && (pre.stats.growing || post.stats.growing ||
                      post.growth_id() != r.growth_id_at_start)) {
      r.saw_growth = true;
    }
    if (out.iteration_ended) {
      ++cov.iterations_completed;
      if (r.saw_growth) ++cov.iterations_across_growth;
      r = RangeWatch{};
    }
  }

  void check_invariants_now() {
    try {
      executor.check_invariants_now();
    } catch (const ExecutionFailure& f) {
      fail(f);
    }
  }

  void finish() {
    if (finished) return;
    finished = true;
    index = trace.ops.size();
    try {
      executor.finish();
    } catch (const ExecutionFailure& f) {
      fail(f);
    }
    ++cov.leak_checks;
  }

  Trace trace;
  LawOptions opt;
  ExecOptions exec_options;
  Driver driver;
  Executor<Driver> executor;
  std::vector<std::pair<Law, std::unique_ptr<LawCheck>>> checks;
  MapFacts facts;
  MapSnapshot pre, post;
  std::array<RangeWatch, kMaxIterators> ranges{};
  RangeWatch full_range;
  LawCoverage cov;
  std::size_t index = ExecutionFailure::kAtStart;
  bool finished = false;
};

template <class K>
MapUnderTest<K>::MapUnderTest(const Trace& header, const LawOptions& options)
    : s_(std::make_unique<State>(header, options)) {
  s_->start();
}

template <class K>
MapUnderTest<K>::~MapUnderTest() = default;

template <class K>
OpOutcome MapUnderTest<K>::run(const Op& op) {
  return s_->run(op);
}

template <class K>
void MapUnderTest<K>::check_invariants() {
  s_->check_invariants_now();
}

template <class K>
void MapUnderTest<K>::finish() {
  s_->finish();
}

template <class K>
const Trace& MapUnderTest<K>::trace() const {
  return s_->trace;
}
template <class K>
const Model& MapUnderTest<K>::model() const {
  return s_->executor.model();
}
template <class K>
const MapSnapshot& MapUnderTest<K>::before() const {
  return s_->pre;
}
template <class K>
const MapSnapshot& MapUnderTest<K>::after() const {
  return s_->post;
}
template <class K>
const LawCoverage& MapUnderTest<K>::coverage() const {
  return s_->cov;
}

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_SRC_MAP_UNDER_TEST_IMPL_H_

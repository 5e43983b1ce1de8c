// The replayer for one key and value type (see replayer.h). Instantiated per
// key type in replay_<key>.cc so the 30 type combinations compile in parallel.
#ifndef GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_
#define GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_

#include <array>
#include <bit>
#include <cmath>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <variant>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/iteration_check.h"
#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/typed_values.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace gomapfuzz::internal {

class ReplayAbort {};  // unwinds to replay_typed once failure_ is set

template <class K, class V>
class TypedReplay {
  using MapT = mapcore::Map<K, V, mapcore::DynamicHasher>;
  using Iterator = typename MapT::Iterator;
  using Arg = std::decay_t<decltype(KeyConv<K>::arg(std::declval<TraceKey>()))>;

  // An open iterator and what it has promised so far.
  struct IterCheck {
    std::optional<Iterator> it;
    bool done = false;
    IterationCheck guarantees;
  };

 public:
  TypedReplay(const Trace& t, const ReplayOptions& o)
      : trace_(t),
        opt_(o),
        counting_(o.upstream ? o.upstream : pmr::new_delete_resource()),
        faults_(&counting_) {
    if (o.faults.armed()) {
      for (uint64_t a : o.faults.fail_at) faults_.fail_at(a);
      faults_.fail_above_bytes(o.faults.byte_budget);
      faults_.fail_with_probability(o.faults.probability, o.faults.seed);
    }
  }

  ReplayResult run() {
    try {
      make_map(0);
      for (index_ = 0; index_ < trace_.ops.size(); ++index_) step();
      index_ = trace_.ops.size();
      finish();
    } catch (const ReplayAbort&) {
    }
    result_.stats.alloc_attempts = faults_.attempts();
    result_.stats.peak_bytes = counting_.peak_bytes();
    return std::move(result_);
  }

 private:
  // ---- failure reporting ----

  [[noreturn]] void fail(const std::string& reason,
                         std::vector<mapcore::Violation> v = {}) {
    ReplayFailure f = ReplayFailure::at(trace_, index_, reason);
    f.violations = std::move(v);
    if (map_) f.dump = mapcore::dump(*map_);
    result_.failure = std::move(f);
    throw ReplayAbort{};
  }

  // ---- map lifetime ----

  void make_map(int64_t hint) {
    if (map_) {
      growths_done_ += map_->raw().doublings();
      same_size_done_ += map_->raw().same_size_growths();
    }
    destroy_map();
    typename MapT::Options o;
    o.hint = hint;
    o.seed = trace_.seed + result_.stats.maps;
    o.hasher = trace_.hasher.make();
    o.alloc = mapcore::DefaultAllocator(&faults_);
    ++result_.stats.maps;
    try {
      map_ = std::make_unique<MapT>(o);
    } catch (const std::bad_alloc&) {
      if (!opt_.faults.armed()) fail("make: unexpected allocation failure");
      ++result_.stats.alloc_failures;
      map_ = nullptr;
      // Go cannot fail here; the run goes on with an empty make 0 map,
      // which allocates nothing.
      o.hint = 0;
      map_ = std::make_unique<MapT>(o);
    }
    checker_.emplace(*map_);
    model_ = Model();
    check_invariants_now();
  }

  void destroy_map() {
    for (auto& c : iters_) c.reset();
    checker_.reset();
    map_.reset();
    if (counting_.live_bytes() != 0) {
      fail("leak: " + std::to_string(counting_.live_bytes()) + " bytes in " +
           std::to_string(counting_.live_blocks()) + " blocks outlive the map");
    }
  }

  void finish() {
    check_invariants_now();
    result_.stats.final_size = map_->size();
    destroy_map();
  }

  // ---- one op ----

  void step() {
    const Op& op = trace_.ops[index_];
    ++result_.stats.ops;
    yields_.clear();
    if (opt_.before_op) opt_.before_op(index_);
    const bool was_growing = map_->raw().growing();
    const uint64_t growths_before =
        map_->raw().doublings() + map_->raw().same_size_growths();
    std::string before;
    // Only an op that can still meet an injected fault needs the dump.
    if (faults_.may_fail() && is_write(op) && index_ >= opt_.faults.first_op) {
      before = mapcore::dump(*map_);
    }
    std::optional<mapcore::IterStart> began;
    bool alloc_failed = false;
    // Before every op, checked incrementally or not: the checker's op laws
    // (mapcore/op_laws.h) judge the op by the state before it.
    note_touched_key(op);
    try {
      began = execute(op);
    } catch (const std::bad_alloc&) {
      if (!opt_.faults.armed()) fail("unexpected allocation failure");
      if (index_ < opt_.faults.first_op) {
        fail("an injected fault hit an op before FaultPlan::first_op (" +
             std::to_string(opt_.faults.first_op) + ")");
      }
      alloc_failed = true;
      ++result_.stats.alloc_failures;
      if (const std::string after = mapcore::dump(*map_); after != before) {
        fail("state changed by a failed allocation:\n--- before\n" + before +
             "--- after\n" + after);
      }
      check_invariants_now();
    } catch (const mapcore::ConcurrentMapMisuse& e) {
      fail(std::string("misuse reported: ") + e.what());
    }
    check_size();
    note_growth();
    const bool edge =
        map_->raw().growing() != was_growing ||
        map_->raw().doublings() + map_->raw().same_size_growths() !=
            growths_before;
    if (op.kind == OpKind::kMake) {
      // make_map checked the new map.
    } else if (edge || (opt_.check_every && index_ % opt_.check_every == 0)) {
      check_invariants_now();
    } else if (opt_.incremental_checks) {
      check_touched(op);
    }
    if (opt_.after_op) {
      opt_.after_op(OpEvent{index_, op, [this] { return mapcore::dump(*map_); },
                            began, alloc_failed, &model_,
                            [this](const TraceKey& k) { return lookup(k); },
                            [this] { return mapcore::dump_header(*map_); },
                            [this] { return mapcore::stats(*map_); },
                            std::move(yields_)});
    }
  }

  // The map's value for k as a trace value, without side effects (a NaN key
  // is never looked up: its hash would draw from the map's random source).
  std::optional<uint64_t> lookup(const TraceKey& k) {
    if (is_nan_key(k)) return std::nullopt;
    const V* v = map_->find(KeyConv<K>::arg(k));
    if (v == nullptr) return std::nullopt;
    if constexpr (std::is_same_v<V, uint64_t>) {
      return *v;
    } else {
      return v->prefix64();
    }
  }

  static bool is_write(const Op& op) {
    return op.kind == OpKind::kPut || op.kind == OpKind::kDel ||
           op.kind == OpKind::kClear;
  }

  std::optional<mapcore::IterStart> execute(const Op& op) {
    switch (op.kind) {
      case OpKind::kMake:
        make_map(op.hint);
        return std::nullopt;
      case OpKind::kPut:
        do_put(op);
        return std::nullopt;
      case OpKind::kGet:
        do_get(op);
        return std::nullopt;
      case OpKind::kDel:
        do_del(op);
        return std::nullopt;
      case OpKind::kClear:
        map_->clear();
        model_.clear();
        for (auto& c : iters_) {
          if (c) c->guarantees.note_clear();
        }
        return std::nullopt;
      case OpKind::kIter:
        return do_full_iteration(op);
      case OpKind::kItOpen:
        iters_[op.iter] = std::make_unique<IterCheck>();
        iters_[op.iter]->it.emplace(op.start ? map_->iterate_from(*op.start)
                                             : map_->iterate());
        return std::nullopt;
      case OpKind::kItNext:
        if (!iters_[op.iter]) return std::nullopt;  // never opened: no-op
        return do_iter_steps(*iters_[op.iter], op.steps);
      case OpKind::kItClose:
        iters_[op.iter].reset();
        return std::nullopt;
    }
    return std::nullopt;
  }

  void do_put(const Op& op) {
    const bool added =
        map_->put(KeyConv<K>::arg(op.key), ValueConv<V>::make(op.value));
    const bool model_added = model_.put(op.key, op.value);
    if (added != model_added) {
      fail(std::string("put: map says the key was ") +
           (added ? "new" : "present") + ", model says " +
           (model_added ? "new" : "present"));
    }
  }

  void do_get(const Op& op) {
    const V* got = map_->find(KeyConv<K>::arg(op.key));
    const auto want = model_.get(op.key);
    if (!got && !want) return;
    if (!got || !want) {
      fail(std::string("get: map ") + (got ? "found" : "did not find") +
           " the key, model " + (want ? "has" : "does not have") + " it");
    }
    if (!(*got == ValueConv<V>::make(*want))) {
      fail("get: wrong value (model: " + std::to_string(*want) + ")");
    }
  }

  void do_del(const Op& op) {
    const bool removed = map_->erase(KeyConv<K>::arg(op.key));
    if (removed != model_.del(op.key)) {
      fail(std::string("del: map says the key was ") +
           (removed ? "present" : "absent") + ", model disagrees");
    }
  }

  std::optional<mapcore::IterStart> do_full_iteration(const Op& op) {
    IterCheck c;
    c.it.emplace(op.start ? map_->iterate_from(*op.start) : map_->iterate());
    auto began = do_iter_steps(c, UINT64_MAX);
    return began;
  }

  // Advances an iterator up to `steps` yields, checking each.
  std::optional<mapcore::IterStart> do_iter_steps(IterCheck& c,
                                                  uint64_t steps) {
    if (!c.it || c.done) return std::nullopt;
    std::optional<mapcore::IterStart> began;
    for (uint64_t s = 0; s < steps && !c.done; ++s) {
      const bool init_now = !c.guarantees.started();
      if (init_now) {
        ++result_.stats.iterations;
        c.guarantees.start(model_);
      }
      const bool more = c.it->next();
      if (init_now) began = c.it->start();
      if (!more) {
        c.done = true;
        if (const std::string v = c.guarantees.finish(model_); !v.empty()) {
          fail(v);
        }
        break;
      }
      ++result_.stats.yields;
      if (opt_.record_yields) record_yield(*c.it);
      const V& value = c.it->value();
      if (const std::string v = c.guarantees.yield(
              model_, KeyConv<K>::back(c.it->key()),
              [&](uint64_t want) { return value == ValueConv<V>::make(want); });
          !v.empty()) {
        fail(v);
      }
    }
    return began;
  }

  // "KEY=VALUE" in the layout dump's slot format, for the Go oracle.
  void record_yield(const Iterator& it) {
    yields_.push_back(mapcore::format_slot(it.stored_key(), true) + "=" +
                      mapcore::format_slot(it.value(), true));
  }

  // ---- checks after each op ----

  void check_size() {
    if (map_->size() != model_.size()) {
      fail("size: map has " + std::to_string(map_->size()) + ", model " +
           std::to_string(model_.size()));
    }
  }

  // Totals over the maps of the trace (a make starts a new map's counters).
  void note_growth() {
    const auto& raw = map_->raw();
    result_.stats.growths = growths_done_ + raw.doublings();
    result_.stats.same_size_growths = same_size_done_ + raw.same_size_growths();
    if (raw.header().B > result_.stats.max_b) {
      result_.stats.max_b = raw.header().B;
    }
  }

  void check_invariants_now() { report_invariants(checker_->full()); }

  // Tells the incremental checker which key the op is about to touch.
  void note_touched_key(const Op& op) {
    const bool keyed = op.kind == OpKind::kPut || op.kind == OpKind::kGet ||
                       op.kind == OpKind::kDel;
    if (!keyed) {
      checker_->before_op(static_cast<const Arg*>(nullptr));
      return;
    }
    const Arg key = KeyConv<K>::arg(op.key);
    checker_->before_op(&key);
  }

  // The invariants at the cost of what op touched (clear replaces the
  // map's memory: a full check).
  void check_touched(const Op& op) {
    report_invariants(checker_->after_op(op.kind == OpKind::kClear));
  }

  void report_invariants(std::vector<mapcore::Violation> v) {
    ++result_.stats.invariant_checks;
    if (!v.empty()) {
      // Format before moving: argument evaluation order is unspecified (g++
      // moves v out first, and v[0] then reads an empty vector).
      const std::string first = v[0].to_string();
      fail("invariant violated: " + first, std::move(v));
    }
    // What stats().mapcore_bytes reports, in O(1).
    const uint64_t reported = map_->raw().blocks().live_bytes();
    if (reported != counting_.live_bytes()) {
      fail("accounting: map reports " + std::to_string(reported) +
           " bytes, the memory resource holds " +
           std::to_string(counting_.live_bytes()));
    }
  }

  const Trace& trace_;
  const ReplayOptions& opt_;
  CountingResource counting_;
  FaultInjectingResource faults_;
  std::unique_ptr<MapT> map_;
  std::optional<mapcore::IncrementalInvariants<MapT>> checker_;
  Model model_;
  std::array<std::unique_ptr<IterCheck>, kMaxIterators> iters_;
  std::vector<std::string> yields_;  // this op's, with record_yields
  std::size_t index_ = 0;
  uint64_t growths_done_ = 0;  // by maps already replaced by a make
  uint64_t same_size_done_ = 0;
  ReplayResult result_;
};

template <class K>
ReplayResult replay_with_key(const Trace& t, const ReplayOptions& o) {
  using mapcore::Bytes;
  switch (t.types.value_bytes) {
    case 0:
      return TypedReplay<K, uint64_t>(t, o).run();
    case 8:
      return TypedReplay<K, Bytes<8>>(t, o).run();
    case 16:
      return TypedReplay<K, Bytes<16>>(t, o).run();
    case 32:
      return TypedReplay<K, Bytes<32>>(t, o).run();
    case 64:
      return TypedReplay<K, Bytes<64>>(t, o).run();
    case 128:
      return TypedReplay<K, Bytes<128>>(t, o).run();
    case 129:
      return TypedReplay<K, Bytes<129>>(t, o).run();
    case 200:
      return TypedReplay<K, Bytes<200>>(t, o).run();
    case 256:
      return TypedReplay<K, Bytes<256>>(t, o).run();
    case 1024:
      return TypedReplay<K, Bytes<1024>>(t, o).run();
  }
  ReplayResult r;
  r.failure = ReplayFailure{0, 0, "(header)", "unsupported value type", {}, {}};
  return r;
}

ReplayResult replay_uint64(const Trace& t, const ReplayOptions& o);
ReplayResult replay_string(const Trace& t, const ReplayOptions& o);
ReplayResult replay_float64(const Trace& t, const ReplayOptions& o);

}  // namespace gomapfuzz::internal

#endif  // GOMAPFUZZ_HARNESS_TYPED_REPLAY_H_

// MapUnderTest's implementation (map_under_test.h), included once per key
// type by src/mut_<key>.cc.
//
// Layout of this file: the State (everything one run owns), then one
// function per phase of an op (snapshot, execute, iterate), then one
// function per law. A law function reads only `pre` (before the op), `post`
// (after it), the op and its outcome; each says in its comment exactly what
// it states and why it holds in Go 1.19.
#ifndef GOMAPFUZZ_PROPERTIES_SRC_MAP_UNDER_TEST_IMPL_H_
#define GOMAPFUZZ_PROPERTIES_SRC_MAP_UNDER_TEST_IMPL_H_

#include <array>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <variant>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/iteration_check.h"
#include "gomapfuzz/harness/typed_values.h"
#include "gomapfuzz/properties/map_under_test.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "mapcore/misuse.h"
#include "mapcore/random_source.h"

namespace gomapfuzz {
namespace mut_internal {

inline std::string num(uint64_t v) { return std::to_string(v); }
inline std::string num(int64_t v) { return std::to_string(v); }
inline std::string num(int v) { return std::to_string(v); }

}  // namespace mut_internal

template <class K>
struct MapUnderTest<K>::State {
  using MapT = mapcore::Map<K, uint64_t, mapcore::DynamicHasher>;
  using Raw = typename MapT::Raw;
  using Blocks = typename Raw::Blocks;
  using Iterator = typename MapT::Iterator;
  using Arg = KeyConv<K>;

  // An open iterator and what it has promised (Go's range guarantees).
  struct IterCheck {
    explicit IterCheck(bool waive_after_clear)
        : guarantees(waive_after_clear) {}
    std::optional<Iterator> it;
    bool done = false;
    IterationCheck guarantees;  // harness/iteration_check.h
    uint64_t growth_id_at_start = 0;
    bool saw_growth = false;
  };

  // The growth under way, for the evacuation law.
  struct GrowthWatch {
    bool active = false;
    uint64_t old_buckets = 0;
    uint64_t writes = 0;  // writes that ran growWork for it
  };

  State(const Trace& header, const LawOptions& o) : opt(o) {
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
  }

  ~State() {
    for (auto& c : iters) c.reset();
    map.reset();
  }

  // ---- failure ----

  [[noreturn]] void fail(Law law, const std::string& reason) {
    std::string op_text = "(end of trace)";
    int line = 0;
    if (index < trace.ops.size()) {
      op_text = print_op(trace.ops[index]);
      line = trace.ops[index].line;
    } else if (index == kConstruction) {
      op_text = "(make 0 at the start)";
    }
    throw LawViolation(law, index == kConstruction ? 0 : index, line, op_text,
                       reason, map ? mapcore::dump(*map) : std::string());
  }
  void require(Law law, bool ok, const std::string& reason) {
    if (!ok && opt.laws.has(law)) fail(law, reason);
  }

  // ---- observation ----

  MapSnapshot snapshot() const {
    MapSnapshot s;
    s.stats = mapcore::stats(*map);
    const Raw& raw = map->raw();
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
    s.live_bytes = counting.live_bytes();
    s.allocations = counting.allocations();
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
  bool chain_has_room(const TraceKey& key) const {
    const Raw& raw = map->raw();
    if (raw.buckets() == nullptr) return true;  // the first bucket is fresh
    mapcore::RandomSource unused_nan_source(0);
    const uint64_t hash = Raw::KP::hash(raw.hasher(), Arg::arg(key),
                                        raw.header().hash0, unused_nan_source);
    const uint64_t mask = (uint64_t{1} << raw.header().B) - 1;
    for (const auto* b = raw.buckets() + (hash & mask); b; b = b->overflow) {
      for (int i = 0; i < mapcore::kBucketCnt; ++i) {
        if (mapcore::is_empty(b->tophash[i])) return true;
      }
    }
    return false;
  }

  // ---- map lifetime ----

  void make_map(int64_t h) {
    destroy_map();
    typename MapT::Options o;
    o.hint = h;
    o.seed = trace.seed + maps_made;
    o.hasher = trace.hasher.make();
    o.alloc = mapcore::DefaultAllocator(&counting);
    hash0_stream = mapcore::RandomSource(o.seed);
    expected_hash0 = hash0_stream.next_hash0();  // makemap's fastrand
    ++maps_made;
    ++cov.maps;
    map = std::make_unique<MapT>(o);
    checker.emplace(*map);
    model = Model();
    hint = go_effective_hint(h, Raw::kBucketSize);
    inserts_only = true;
    growth = GrowthWatch{};
    post = snapshot();
    check_hint_at_make();
    check_hash0();
    check_leak_ledger();
    check_invariants_now();
  }

  void destroy_map() {
    for (auto& c : iters) c.reset();
    if (!map) return;
    checker.reset();
    map.reset();
    ++cov.leak_checks;
    require(Law::kLeak, counting.live_bytes() == 0,
            "leak: " + mut_internal::num(counting.live_bytes()) + " bytes in " +
                mut_internal::num(counting.live_blocks()) +
                " blocks outlive the destroyed map");
  }

  // ---- one op ----

  OpOutcome run(const Op& op) {
    trace.ops.push_back(op);
    index = trace.ops.size() - 1;
    ++cov.ops;
    pre = post;
    chain_room.reset();
    if (op.kind == OpKind::kPut && !pre.stats.growing && !is_nan_key(op.key)) {
      chain_room = chain_has_room(op.key);
    }
    if (opt.incremental_invariants) note_touched_key(op);
    OpOutcome out;
    try {
      out = execute(op);
    } catch (const mapcore::ConcurrentMapMisuse& e) {
      fail(Law::kModel, std::string("misuse reported: ") + e.what());
    } catch (const std::bad_alloc&) {
      fail(Law::kModel, "unexpected allocation failure");
    }
    if (op.kind == OpKind::kMake) return out;  // make_map checked the new map
    post = snapshot();
    require(Law::kModel, map->size() == model.size(),
            "size: map has " + mut_internal::num(map->size()) + ", model " +
                mut_internal::num(model.size()));
    const bool edge = post.growth_id() != pre.growth_id() ||
                      post.stats.growing != pre.stats.growing;
    if (edge ||
        (opt.invariants_every > 0 && index % opt.invariants_every == 0)) {
      check_invariants_now();
    } else if (opt.incremental_invariants) {
      report_invariants(checker->after_op(op.kind == OpKind::kClear));
    }
    check_growth_trigger(op, out);
    check_same_size_growth(op, out);
    check_hint_during(op, out);
    check_evacuation(op);
    check_delete(op, out);
    check_overflow_room(op, out);
    note_hash0_draws(op, out);
    check_hash0();
    check_leak_ledger();
    note_parked();
    return out;
  }

  void finish() {
    if (finished) return;
    finished = true;
    index = trace.ops.size();
    check_invariants_now();
    destroy_map();
  }

  OpOutcome execute(const Op& op) {
    OpOutcome out;
    switch (op.kind) {
      case OpKind::kMake:
        make_map(op.hint);
        break;
      case OpKind::kPut: {
        out.added = map->put(Arg::arg(op.key), op.value);
        const bool model_added = model.put(op.key, op.value);
        require(Law::kModel, out.added == model_added,
                std::string("put: map says the key was ") +
                    (out.added ? "new" : "present") + ", model says " +
                    (model_added ? "new" : "present"));
        break;
      }
      case OpKind::kGet: {
        const uint64_t* v = map->find(Arg::arg(op.key));
        if (v) out.got = *v;
        const auto want = model.get(op.key);
        require(Law::kModel, out.got == want,
                "get " + format_key(op.key) + ": map " +
                    (v ? "has " + mut_internal::num(*v) : "has nothing") +
                    ", model " +
                    (want ? "has " + mut_internal::num(*want) : "nothing"));
        break;
      }
      case OpKind::kDel: {
        out.removed = map->erase(Arg::arg(op.key));
        const bool model_removed = model.del(op.key);
        require(Law::kModel, out.removed == model_removed,
                std::string("del: map says the key was ") +
                    (out.removed ? "present" : "absent") + ", model " +
                    (model_removed ? "present" : "absent"));
        break;
      }
      case OpKind::kClear:
        map->clear();
        model.clear();
        for (auto& c : iters) {
          if (c) c->guarantees.note_clear();
        }
        break;
      case OpKind::kIter: {
        IterCheck c(opt.iteration_waives_clear);
        c.it.emplace(op.start ? map->iterate_from(*op.start) : map->iterate());
        iterate(c, UINT64_MAX, out);
        break;
      }
      case OpKind::kItOpen:
        iters[op.iter] =
            std::make_unique<IterCheck>(opt.iteration_waives_clear);
        iters[op.iter]->it.emplace(op.start ? map->iterate_from(*op.start)
                                            : map->iterate());
        break;
      case OpKind::kItNext:
        if (iters[op.iter]) iterate(*iters[op.iter], op.steps, out);
        break;
      case OpKind::kItClose:
        iters[op.iter].reset();
        break;
    }
    return out;
  }

  // ---- the iteration law (harness/iteration_check.h states it) ----

  void iterate(IterCheck& c, uint64_t steps, OpOutcome& out) {
    if (!c.it || c.done) return;
    for (uint64_t s = 0; s < steps && !c.done; ++s) {
      if (!c.guarantees.started()) {
        c.guarantees.start(model);
        c.growth_id_at_start =
            map->raw().doublings() + map->raw().same_size_growths();
      }
      const bool more = c.it->next();
      const bool growing = map->raw().growing();
      if (growing || map->raw().doublings() + map->raw().same_size_growths() !=
                         c.growth_id_at_start) {
        c.saw_growth = true;
      }
      if (!more) {
        c.done = true;
        out.iteration_ended = true;
        ++cov.iterations_completed;
        if (c.saw_growth) ++cov.iterations_across_growth;
        const std::string v = c.guarantees.finish(model);
        require(Law::kIteration, v.empty(), v);
        break;
      }
      ++out.yields;
      if (growing) ++cov.yields_while_growing;
      const uint64_t value = c.it->value();
      const std::string v =
          c.guarantees.yield(model, Arg::back(c.it->key()),
                             [value](uint64_t want) { return value == want; });
      require(Law::kIteration, v.empty(), v);
    }
  }

  // ---- the growth laws ----

  // Whether the op reached mapassign's growth check with the map not
  // growing: it is a put that adds a key, and the map was not growing
  // before, or this put's own growWork finished the growth under way (seen
  // as: the old growth is over after the op, or another one began).
  bool reached_trigger(const Op& op, const OpOutcome& out) const {
    if (op.kind != OpKind::kPut || !out.added) return false;
    return !pre.stats.growing || finished_previous_growth();
  }
  bool finished_previous_growth() const {
    return pre.stats.growing &&
           (post.growth_id() != pre.growth_id() || !post.stats.growing);
  }

  std::string state_text(const MapSnapshot& s) const {
    return "count=" + mut_internal::num(s.stats.count) +
           " B=" + mut_internal::num(int{s.stats.B}) +
           " noverflow=" + mut_internal::num(uint64_t{s.stats.noverflow}) +
           (s.stats.growing ? (s.stats.same_size_grow ? " growing(same size)"
                                                      : " growing(doubling)")
                            : " not growing");
  }

  // growth-trigger: a doubling starts exactly at a put that adds a key,
  // reaches mapassign's check with the map not growing, and finds
  // overLoadFactor(count+1, B); at no other op. It takes B to B+1, and no
  // other op changes B. At most one growth starts per op.
  void check_growth_trigger(const Op& op, const OpOutcome& out) {
    const auto& a = pre.stats;
    const auto& b = post.stats;
    const uint64_t doublings = b.doublings - a.doublings;
    const uint64_t same = b.same_size_growths - a.same_size_growths;
    const bool overloaded = go_over_load_factor(a.count + 1, a.B);
    const bool want = reached_trigger(op, out) && overloaded;
    cov.doublings += doublings;
    if (op.kind == OpKind::kPut && out.added && overloaded && !want) {
      ++cov.deferred_doublings;  // a growth under way defers the doubling
    }
    require(Law::kGrowthTrigger, doublings + same <= 1,
            mut_internal::num(doublings + same) + " growths started in one op");
    require(
        Law::kGrowthTrigger, (doublings == 1) == want,
        std::string(doublings ? "a doubling started" : "no doubling started") +
            " although overLoadFactor(count+1=" +
            mut_internal::num(a.count + 1) +
            ", B=" + mut_internal::num(int{a.B}) + ") is " +
            (overloaded ? "true" : "false") + ", the op " +
            (out.added ? "added a key" : "added no key") +
            ", before: " + state_text(pre) + "; after: " + state_text(post));
    require(Law::kGrowthTrigger, b.B == a.B + doublings,
            "B went from " + mut_internal::num(int{a.B}) + " to " +
                mut_internal::num(int{b.B}) + " with " +
                mut_internal::num(doublings) + " doublings started");
  }

  // same-size-growth: a same-size growth starts exactly at a put that adds
  // a key, reaches the growth check with the map not growing, finds the map
  // not overloaded, and finds noverflow >= 2^min(B,15); it never changes B.
  // noverflow is the value at the check: before the op when the map was not
  // growing; when this put's own growWork just finished a growth, it also
  // counts the overflow buckets that evacuation made, which are observable
  // afterwards as the chains of the array that became old (for pointer-free
  // buckets below B = 16; elsewhere only bounds are checked).
  void check_same_size_growth(const Op& op, const OpOutcome& out) {
    const auto& a = pre.stats;
    const auto& b = post.stats;
    const uint64_t same = b.same_size_growths - a.same_size_growths;
    const uint64_t doublings = b.doublings - a.doublings;
    cov.same_size_growths += same;
    const bool reached = reached_trigger(op, out);
    const bool overloaded = go_over_load_factor(a.count + 1, a.B);
    const int bb = a.B;
    const std::string why =
        "; before: " + state_text(pre) + "; after: " + state_text(post);
    if (same) {
      require(Law::kSameSizeGrowth, reached && !overloaded,
              "a same-size growth started, but the op " +
                  std::string(reached ? "found the map overloaded"
                                      : "did not reach the growth check "
                                        "(not an insert, or growing)") +
                  why);
      require(Law::kSameSizeGrowth, b.B == a.B,
              "a same-size growth changed B" + why);
      if (!a.growing) {
        require(Law::kSameSizeGrowth,
                go_too_many_overflow_buckets(a.noverflow, bb),
                "a same-size growth started with noverflow below 2^min(B,15)" +
                    why);
      } else if (!Raw::kBucketHasPointers && bb < 16) {
        require(Law::kSameSizeGrowth,
                go_too_many_overflow_buckets(post.old_chain_overflow, bb),
                "a same-size growth started when the growth before it ended "
                "with " +
                    mut_internal::num(post.old_chain_overflow) +
                    " overflow buckets, below 2^min(B,15)" + why);
      }
    } else if (reached && !overloaded && !doublings) {
      // No growth although the check ran: noverflow was below the bound.
      // When the check ran after this op's growWork finished a growth, the
      // insert itself may have taken one overflow bucket after the check.
      const uint64_t seen =
          a.growing ? (b.noverflow > 0 ? b.noverflow - 1u : 0u) : a.noverflow;
      require(Law::kSameSizeGrowth, !go_too_many_overflow_buckets(seen, bb),
              "no same-size growth started although an insert found "
              "noverflow >= 2^min(B,15)" +
                  why);
    }
    if (a.growing && a.same_size_grow && b.growing &&
        post.growth_id() == pre.growth_id()) {
      require(Law::kSameSizeGrowth, b.B == a.B,
              "B changed during a same-size growth" + why);
    }
  }

  // hint: make(hint) has Go's B (the smallest not overloaded by hint items;
  // a hint Go ignores counts as 0)
  // and, from B = 4 on, Go's preallocated overflow buckets (2^(B-4), plus
  // what size-class rounding adds), and B = 0 allocates nothing at make.
  void check_hint_at_make() {
    const int want_b = go_b_for_hint(hint, Raw::kBucketSize);
    const auto& s = post.stats;
    require(Law::kHint, s.B == want_b,
            "make(" + mut_internal::num(hint) +
                ") gave B=" + mut_internal::num(int{s.B}) + ", Go's is " +
                mut_internal::num(want_b));
    if (want_b == 0) {
      require(Law::kHint, post.buckets == nullptr,
              "make with B=0 allocated a bucket array");
      return;
    }
    const uint64_t base = uint64_t{1} << want_b;
    const uint64_t want_len = go_bucket_array_len(want_b, Raw::kBucketSize);
    require(Law::kHint,
            s.array_buckets == want_len && s.prealloc_free == want_len - base,
            "make(" + mut_internal::num(hint) + ") gave an array of " +
                mut_internal::num(s.array_buckets) + " buckets with " +
                mut_internal::num(s.prealloc_free) +
                " free preallocated; Go: " + mut_internal::num(want_len) +
                " with " + mut_internal::num(want_len - base));
  }

  // hint (continued): after make(hint), while only inserts happen, the
  // inserts of the first hint keys start no growth (below B = 16, where
  // noverflow is exact: with n <= 6.5 * 2^B keys inserted and none deleted,
  // the chains hold at most n/8 < 2^B overflow buckets). And at every op: a
  // heap overflow bucket exists only once the preallocated pool is used up.
  void check_hint_during(const Op& op, const OpOutcome& out) {
    if (op.kind == OpKind::kDel || op.kind == OpKind::kClear) {
      inserts_only = false;
    }
    const auto& a = pre.stats;
    const auto& b = post.stats;
    const bool within_hint = inserts_only && a.count + 1 <= hint;
    if (within_hint && op.kind == OpKind::kPut && out.added) {
      ++cov.hinted_inserts;
    }
    const int hint_b = go_b_for_hint(hint, Raw::kBucketSize);
    require(
        Law::kHint,
        !(within_hint && hint_b < 16 && post.growth_id() != pre.growth_id()),
        "a growth started at the insert of key number " +
            mut_internal::num(a.count + 1) + " after make(" +
            mut_internal::num(hint) + ") with only inserts since");
    require(Law::kHint, b.overflow_heap == 0 || b.prealloc_free == 0,
            mut_internal::num(b.overflow_heap) +
                " heap overflow buckets allocated while " +
                mut_internal::num(b.prealloc_free) +
                " preallocated ones are still free");
  }

  // evacuation: the ops that make progress are the writes that call
  // growWork: every put (new key or not), and a delete or clear of a
  // non-empty map (both return early on count == 0; clear ends the growth
  // at once). Each such write while growing evacuates old bucket nevacuate
  // at least, so nevacuate strictly increases; every other op (get,
  // iteration steps) leaves evacuation untouched. Hence a growth ends after
  // at most (number of old buckets) writes, counting the one that started
  // it, and once it has ended no old array or old overflow bucket is held
  // (parked only while an iterator is open, freed when the last closes).
  void check_evacuation(const Op& op) {
    const auto& a = pre.stats;
    const auto& b = post.stats;
    const bool new_growth = post.growth_id() != pre.growth_id();
    const bool finished = finished_previous_growth();
    const bool write =
        op.kind == OpKind::kPut ||
        ((op.kind == OpKind::kDel || op.kind == OpKind::kClear) && a.count > 0);
    if (a.growing && !write) {
      ++cov.reads_while_growing;
      require(Law::kEvacuation,
              !finished && b.nevacuate == a.nevacuate &&
                  post.evacuated_old == pre.evacuated_old,
              "`" + print_op(op) +
                  "` runs no growWork, yet evacuation moved: nevacuate " +
                  mut_internal::num(a.nevacuate) + " -> " +
                  mut_internal::num(b.nevacuate) + ", evacuated " +
                  mut_internal::num(pre.evacuated_old) + " -> " +
                  mut_internal::num(post.evacuated_old));
    }
    if (a.growing && write) {
      ++cov.writes_while_growing;
      ++growth.writes;
      require(Law::kEvacuation, finished || b.nevacuate > a.nevacuate,
              "a write during growth left nevacuate at " +
                  mut_internal::num(b.nevacuate));
    }
    if (finished) {
      ++cov.growths_finished;
      if (growth.writes > 1) ++cov.multi_write_growths;
      require(Law::kEvacuation,
              !growth.active || growth.writes <= growth.old_buckets,
              "a growth of " + mut_internal::num(growth.old_buckets) +
                  " old buckets took " + mut_internal::num(growth.writes) +
                  " writes to finish");
    }
    if (new_growth) {
      growth = GrowthWatch{true, uint64_t{1} << a.B, 1};
      if (!b.growing) ++cov.growths_finished;  // finished in its first write
    }
    if (!b.growing) {
      growth.active = false;
      require(Law::kEvacuation,
              b.old_array_buckets == 0 && b.old_overflow_heap == 0,
              "no growth under way, yet an old array of " +
                  mut_internal::num(b.old_array_buckets) + " buckets and " +
                  mut_internal::num(b.old_overflow_heap) +
                  " old overflow buckets are held");
      require(Law::kEvacuation, post.live_iterators > 0 || b.retired_bytes == 0,
              "no iterator is open, yet " + mut_internal::num(b.retired_bytes) +
                  " bytes stay parked");
    }
  }

  // delete: a delete never changes B, never replaces or frees the bucket
  // array, and never unlinks or frees an overflow bucket (Go issue 20135:
  // maps do not shrink); outside growth it changes no bucket at all and
  // frees only the deleted key's bytes. Only its growWork may move entries.
  void check_delete(const Op& op, const OpOutcome& out) {
    if (op.kind != OpKind::kDel) return;
    const auto& a = pre.stats;
    const auto& b = post.stats;
    if (out.removed) {
      ++cov.deletes;
      if (b.count == 0) ++cov.emptied_by_delete;
    }
    const std::string why =
        "; before: " + state_text(pre) + "; after: " + state_text(post);
    require(Law::kDelete, b.B == a.B, "a delete changed B" + why);
    require(Law::kDelete,
            post.buckets == pre.buckets && b.array_buckets == a.array_buckets,
            "a delete replaced the bucket array" + why);
    require(Law::kDelete,
            b.overflow_in_use >= a.overflow_in_use &&
                b.overflow_heap >= a.overflow_heap,
            "a delete unlinked overflow buckets: in use " +
                mut_internal::num(a.overflow_in_use) + " -> " +
                mut_internal::num(b.overflow_in_use) + why);
    if (a.growing) return;
    require(Law::kDelete,
            b.overflow_in_use == a.overflow_in_use &&
                b.overflow_heap == a.overflow_heap &&
                b.prealloc_free == a.prealloc_free &&
                b.noverflow == a.noverflow,
            "a delete outside growth changed the overflow buckets" + why);
    uint64_t freed = 0;  // the deleted key's bytes, unless parked
    if constexpr (Raw::KP::kOwnsBytes) {
      const auto& s = std::get<std::string>(op.key);
      if (out.removed && !s.empty() && post.live_iterators == 0) {
        freed = Blocks::block_bytes(s.size());
      }
    }
    require(Law::kDelete, pre.live_bytes - post.live_bytes == freed,
            "a delete outside growth changed the bytes held from " +
                mut_internal::num(pre.live_bytes) + " to " +
                mut_internal::num(post.live_bytes) + " (expected to free " +
                mut_internal::num(freed) + ")");
  }

  // delete (continued): hash0 changes exactly where Go calls fastrand for
  // it: makemap, a delete that leaves the map empty, and mapclear of a
  // non-empty map. The map's seeded hash0 stream says what each draw gives.
  void note_hash0_draws(const Op& op, const OpOutcome& out) {
    const bool emptied =
        op.kind == OpKind::kDel && out.removed && post.stats.count == 0;
    const bool cleared = op.kind == OpKind::kClear && pre.stats.count > 0;
    if (emptied || cleared) expected_hash0 = hash0_stream.next_hash0();
  }
  void check_hash0() {
    require(Law::kDelete, post.stats.hash0 == expected_hash0,
            "hash0 is " + mut_internal::num(uint64_t{post.stats.hash0}) +
                ", expected " + mut_internal::num(uint64_t{expected_hash0}) +
                ": Go draws hash0 at make, when a delete empties the map and "
                "at a clear of a non-empty map, and only then");
  }

  // overflow-room: outside growth, an insert chains a new overflow bucket
  // exactly when the chain of its bucket has no empty slot. (So deleting k
  // keys and inserting them again, while the map neither empties nor grows,
  // allocates no overflow bucket: each key's chain has the slot it freed.)
  void check_overflow_room(const Op& op, const OpOutcome& out) {
    if (!chain_room || op.kind != OpKind::kPut || !out.added) return;
    if (post.growth_id() != pre.growth_id()) return;
    const auto& a = pre.stats;
    const auto& b = post.stats;
    const int64_t took = static_cast<int64_t>(b.overflow_in_use) -
                         static_cast<int64_t>(a.overflow_in_use);
    ++(*chain_room ? cov.overflow_avoided : cov.overflow_taken);
    require(Law::kOverflowRoom, took == (*chain_room ? 0 : 1),
            "an insert into a chain " +
                std::string(*chain_room ? "with" : "without") +
                " an empty slot changed the overflow buckets in use by " +
                std::to_string(took));
  }

  void note_parked() {
    if (post.stats.retired_bytes > 0) ++cov.parked_ops;
  }

  // leak: at every point the counting allocator holds exactly the bytes
  // stats() reports, and exactly what the structures account for; after
  // destruction (at a make and at the end) it holds nothing.
  void check_leak_ledger() {
    require(Law::kLeak, post.live_bytes == post.stats.mapcore_bytes,
            "the allocator holds " + mut_internal::num(post.live_bytes) +
                " bytes, stats() reports " +
                mut_internal::num(post.stats.mapcore_bytes));
    require(Law::kLeak, post.live_bytes == post.ledger_bytes,
            "the allocator holds " + mut_internal::num(post.live_bytes) +
                " bytes, the map's structures account for " +
                mut_internal::num(post.ledger_bytes));
  }

  void check_invariants_now() { report_invariants(checker->full()); }

  // Tells the incremental checker which key the op is about to touch.
  void note_touched_key(const Op& op) {
    using KeyArg = std::decay_t<decltype(Arg::arg(op.key))>;
    if (op.kind != OpKind::kPut && op.kind != OpKind::kGet &&
        op.kind != OpKind::kDel) {
      checker->before_op(static_cast<const KeyArg*>(nullptr));
      return;
    }
    const KeyArg key = Arg::arg(op.key);
    checker->before_op(&key);
  }

  void report_invariants(const std::vector<mapcore::Violation>& v) {
    require(
        Law::kInvariants, v.empty(),
        v.empty() ? std::string() : "invariant violated: " + v[0].to_string());
  }

  static constexpr std::size_t kConstruction = ~std::size_t{0};

  Trace trace;
  LawOptions opt;
  CountingResource counting;
  std::unique_ptr<MapT> map;
  std::optional<mapcore::IncrementalInvariants<MapT>> checker;
  Model model;
  std::array<std::unique_ptr<IterCheck>, kMaxIterators> iters;
  uint64_t maps_made = 0;
  mapcore::RandomSource hash0_stream{0};
  uint32_t expected_hash0 = 0;
  int64_t hint = 0;
  bool inserts_only = true;
  GrowthWatch growth;
  MapSnapshot pre, post;
  std::optional<bool> chain_room;  // for the put being run
  LawCoverage cov;
  std::size_t index = kConstruction;
  bool finished = false;
};

template <class K>
MapUnderTest<K>::MapUnderTest(const Trace& header, const LawOptions& options)
    : s_(std::make_unique<State>(header, options)) {
  s_->make_map(0);
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
  return s_->model;
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

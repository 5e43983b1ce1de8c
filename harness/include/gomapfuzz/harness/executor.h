// The executor: the one piece of code that runs a trace's ops on a subject
// beside the model. The replayer (replayer.h: mapcore, typed), the subject
// executor (subject_replay.h: any subject through the C ABI) and the
// property suite's MapUnderTest all run ops through it, so an op means the
// same map call and is checked the same way everywhere.
//
// Per op it checks what the driver's tiers allow (driver.h):
//
//   (a) always      put's new/present, get's value, del's present, the
//                   size after every op, Go's range guarantees on every
//                   yield (iteration_check.h);
//   (b) allocator   every byte through a counting, fault-injecting memory
//                   resource: an op whose allocation fails must say so and
//                   leave the map as it was (the same layout dump with tier
//                   c, else the same size and every model entry found); an
//                   injected failure the subject swallows is a bug; no byte
//                   may outlive the map;
//   (c) layout      the dump in every failure report and in the check above;
//   typed layout    (CheckedDriver, mapcore) the invariant checker at every
//                   growth edge, every `check_every` ops and, with
//                   `incremental_checks`, after every other op at the cost of
//                   what it touched; the bytes the map reports against what
//                   the resource holds.
//
// The first failure throws ExecutionFailure, naming the check it broke
// (the property suite turns the check into its law) and the op.
#ifndef GOMAPFUZZ_HARNESS_EXECUTOR_H_
#define GOMAPFUZZ_HARNESS_EXECUTOR_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/driver.h"
#include "gomapfuzz/harness/iteration_check.h"
#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/trace.h"
#include "mapcore/misuse.h"
#include "mapcore/slot_format.h"

namespace gomapfuzz {

struct FaultPlan {
  std::vector<uint64_t> fail_at;      // allocation attempts (from 1) that fail
  uint64_t byte_budget = UINT64_MAX;  // live bytes above which all fail
  double probability = 0;             // each allocation fails with this...
  uint64_t seed = 0;                  // ...drawn from this seed
  // Ops before this one are known to meet no fault (a sweep knows from a
  // clean run which op allocation k falls in), so the executor skips their
  // before-op layout dumps; a fault that hits one anyway is a failure.
  std::size_t first_op = 0;

  bool armed() const {
    return !fail_at.empty() || byte_budget != UINT64_MAX || probability > 0;
  }
};

struct ExecOptions {
  // Invariants every N ops (1: after every op; 0: only at growth edges, at
  // make and at the end).
  uint64_t check_every = 1;
  // Between those full checks, after every op at the cost of what it
  // touched (mapcore::IncrementalInvariants).
  bool incremental_checks = false;
  // Go's range guarantees on every yield; the waiver after a clear
  // (iteration_check.h says why Go 1.19 needs it).
  bool iteration_guarantees = true;
  bool iteration_waives_clear = true;
  // Zero bytes held after each map is destroyed (tier b).
  bool leak_check = true;
  FaultPlan faults;  // tier b
  // Where the map's memory comes from, under the counting and
  // fault-injecting layers (default: new/delete).
  pmr::memory_resource* upstream = nullptr;
  // Keep each yield's "KEY=VALUE" text, in the layout dump's slot format
  // (the Go oracle's comparisons).
  bool record_yields = false;
  // Called on every yield (the property suite counts yields during growth).
  std::function<void()> on_yield;
  // A failed op must leave the layout as it was. true: the dump before every
  // write op that may meet a fault, shown beside the dump after on failure
  // (repro). false, where the driver can (FingerprintDriver): a hash of the
  // layout instead, and only the dump after on failure (the fuzz targets:
  // formatting was most of a fault-injection run).
  bool dump_around_faults = true;
};

struct ExecStats {
  uint64_t ops = 0;
  uint64_t maps = 0;               // makes, the implicit first one included
  uint64_t growths = 0;            // doublings started
  uint64_t same_size_growths = 0;  // same-size growths started
  uint64_t iterations = 0;         // ranges begun
  uint64_t yields = 0;
  uint64_t invariant_checks = 0;
  uint64_t alloc_attempts = 0;
  uint64_t alloc_failures = 0;  // injected faults that hit an op
  uint64_t peak_bytes = 0;
  int64_t final_size = 0;
  uint8_t max_b = 0;
};

// What one op returned.
struct OpOutcome {
  // The map op it was: the op's kind, but for a sync.Map op the one it
  // came to (load-or-store: a get when the key was there, else a put;
  // load-and-delete: a del when the key was there, else a get; range: iter).
  OpKind performed = OpKind::kGet;
  bool added = false;            // put: the key was new
  bool removed = false;          // del: the key was present
  std::optional<uint64_t> got;   // get: the value found
  uint64_t yields = 0;           // iter, it-next: entries yielded
  bool iteration_ended = false;  // iter, it-next: the range finished
  bool alloc_failed = false;     // an injected allocation failure hit it
  // When the op began a range (typed layout): the start it drew.
  std::optional<mapcore::IterStart> iter_start;
};

// A yield as "KEY=VALUE" in the layout dump's slot format, as a typed
// driver's yield_text prints it (uint64 values), for drivers that hand back
// a key and a value: subjects through the C ABI.
inline std::string format_yield(const Yielded& y) {
  std::string key = std::visit(
      [](const auto& k) {
        if constexpr (std::is_same_v<std::decay_t<decltype(k)>, std::string>) {
          return mapcore::quote_bytes(k);
        } else {
          return mapcore::format_slot(k, true);
        }
      },
      y.key);
  return key + "=" + (y.value ? std::to_string(*y.value) : "(malformed)");
}

// The check a failure broke.
enum class Check : uint8_t {
  kModel,       // a result or the size differs from the model
  kIteration,   // Go's range guarantees
  kInvariants,  // mapcore's invariant checker
  kFaults,      // a failed allocation changed the map, or went unreported
  kLeak,        // bytes outlive the map, or reported bytes differ
};

struct ExecutionFailure {
  static constexpr std::size_t kAtStart = ~std::size_t{0};  // the first make

  Check check = Check::kModel;
  std::size_t index = 0;  // the op (trace.ops.size(): the end of the trace)
  std::string reason;     // one line
  std::vector<mapcore::Violation> violations;
  std::string dump;  // the layout at the failure, with tier c
};

// What a subject with these tiers leaves unchecked, one line each, for
// every summary to list as skipped.
inline std::vector<std::string> checks_skipped(bool typed_layout,
                                               bool allocator, bool layout,
                                               bool hash, bool random) {
  std::vector<std::string> out;
  if (!typed_layout) {
    out.push_back(
        "invariant checker and growth laws (they read mapcore's typed "
        "layout; gomapfuzz repro runs them on mapcore)");
  }
  if (!allocator) {
    out.push_back("allocation faults and the leak check (need tier b)");
  }
  if (!layout) out.push_back("layout dumps in reports (need tier c)");
  if (!hash) out.push_back("adversarial hashers (need tier d's hash)");
  if (!random) {
    out.push_back(
        "pinned iteration starts and seeded randomness (need tier d's random "
        "source)");
  }
  return out;
}

template <MapDriver D>
class Executor {
 public:
  // `trace` gives the types, the hasher and the seed, and holds the ops
  // step() runs (it may grow between steps: the property suite appends).
  Executor(D& driver, const Trace& trace, const ExecOptions& o)
      : d_(driver),
        trace_(trace),
        opt_(o),
        counting_(o.upstream ? o.upstream : pmr::new_delete_resource()),
        faults_(&counting_) {
    if (o.faults.armed() && d_.has(kTierAllocator)) {
      for (uint64_t a : o.faults.fail_at) faults_.fail_at(a);
      faults_.fail_above_bytes(o.faults.byte_budget);
      faults_.fail_with_probability(o.faults.probability, o.faults.seed);
    }
  }
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  // The map goes before the resources it was made with (the driver outlives
  // the executor; a run that failed midway leaves its map made).
  ~Executor() {
    close_all();
    if (map_made_) d_.destroy();
  }

  // The implicit `make 0` every trace starts with.
  void start() {
    index_ = ExecutionFailure::kAtStart;
    make_map(0);
  }

  // Runs trace.ops[index]. Throws ExecutionFailure.
  OpOutcome step(std::size_t index) {
    index_ = index;
    const Op& op = trace_.ops[index];
    ++stats_.ops;
    yields_.clear();
    LayoutBefore before;
    if constexpr (LayoutDriver<D>) {
      // Only an op that can still meet an injected fault needs the layout.
      if (d_.has(kTierLayout) && faults_.may_fail() && is_write(op) &&
          index >= opt_.faults.first_op) {
        before = layout_before();
      }
    }
    [[maybe_unused]] const GrowthMark mark = growth_mark();
    if constexpr (CheckedDriver<D>) {
      // Every op, checked incrementally or not: the checker's op laws
      // (mapcore/op_laws.h) judge an op by the state before it.
      d_.note_touched(keyed(op) ? &op.key : nullptr);
    }
    OpOutcome out;
    try {
      out = execute(op);
    } catch (const std::bad_alloc&) {
      out.alloc_failed = true;
    } catch (const mapcore::ConcurrentMapMisuse& e) {
      fail(Check::kModel, std::string("misuse reported: ") + e.what());
    } catch (const ContractViolation& e) {
      fail(Check::kModel, print_op(op) + ": the subject " + e.what());
    }
    if (out.alloc_failed) {
      check_failed_op_left_map(print_op_kind(op), before);
    } else {
      check_no_silent_fault(print_op_kind(op));
    }
    check_size();
    if constexpr (CheckedDriver<D>) after_op_checks(op, mark);
    return out;
  }

  // The end of the trace: the last checks, then the map is destroyed.
  void finish() {
    index_ = trace_.ops.size();
    check_invariants_now();
    stats_.final_size = d_.size();
    destroy_map();
  }

  // Runs the whole trace: start, every op, finish.
  void run_all() {
    start();
    for (std::size_t i = 0; i < trace_.ops.size(); ++i) step(i);
    finish();
  }

  // The full invariant check now (typed layout; nothing otherwise).
  void check_invariants_now() {
    if constexpr (CheckedDriver<D>) report_invariants(d_.check_full());
  }

  const Model& model() const { return model_; }
  D& driver() { return d_; }
  // Each yield of the last op, with record_yields.
  std::vector<std::string>& yields() { return yields_; }
  const ExecStats& stats() {
    stats_.alloc_attempts = faults_.attempts();
    stats_.peak_bytes = counting_.peak_bytes();
    return stats_;
  }
  const CountingResource& memory() const { return counting_; }
  uint64_t failures_injected() const { return faults_.failures(); }

  // The checks this subject's tiers leave undone.
  std::vector<std::string> skipped() const {
    return checks_skipped(CheckedDriver<D>, d_.has(kTierAllocator),
                          d_.has(kTierLayout), d_.has(kTierHash),
                          d_.has(kTierRandom));
  }

 private:
  struct Range {
    explicit Range(bool waive) : guarantees(waive) {}
    bool open = false;
    bool done = false;
    IterationCheck guarantees;
  };
  // Growth counters before an op, to see whether it crossed a growth edge.
  struct GrowthMark {
    bool growing = false;
    uint64_t growths = 0;
  };

  [[noreturn]] void fail(Check c, std::string reason,
                         std::vector<mapcore::Violation> v = {}) {
    ExecutionFailure f{c, index_, std::move(reason), std::move(v), {}};
    if constexpr (LayoutDriver<D>) {
      if (map_made_ && d_.has(kTierLayout)) f.dump = d_.dump();
    }
    throw f;
  }

  // The ops whose failure is checked against a layout dump taken before
  // them (an iterator that fails to open is checked by content).
  static bool is_write(const Op& op) {
    const OpKind k = map_op_of(op.kind);
    return k == OpKind::kPut || k == OpKind::kDel || k == OpKind::kClear;
  }
  static bool keyed(const Op& op) {
    const OpKind k = map_op_of(op.kind);
    return k == OpKind::kPut || k == OpKind::kGet || k == OpKind::kDel;
  }
  static const char* print_op_kind(const Op& op) {
    switch (map_op_of(op.kind)) {
      case OpKind::kMake:
        return "make";
      case OpKind::kPut:
        return "put";
      case OpKind::kDel:
        return "del";
      case OpKind::kItOpen:
      case OpKind::kIter:
        return "it-open";
      default:
        return "op";
    }
  }

  // ---- map lifetime ----

  void make_map(int64_t hint) {
    destroy_map();
    MapConfig c;
    c.hint = hint;
    c.seed = trace_.seed + stats_.maps;
    c.hasher = trace_.hasher;
    if (d_.has(kTierAllocator)) c.memory = &faults_;
    ++stats_.maps;
    OpStatus s = OpStatus::kNoMem;
    try {
      s = d_.make(c);
    } catch (const std::bad_alloc&) {
    }
    if (s == OpStatus::kNoMem) {
      if (faults_.failures() == failures_seen_) {
        fail(Check::kFaults, "make: allocation failure with none injected");
      }
      note_fault();
      // Go cannot fail here; the run goes on with make(0), with no fault
      // injected (a subject may allocate even its empty map).
      c.hint = 0;
      FaultInjectingResource::Pause no_faults(faults_);
      if (d_.make(c) == OpStatus::kNoMem) {
        fail(Check::kFaults, "make(0) failed with no fault injected");
      }
    }
    map_made_ = true;
    model_ = Model();
    growths_at_make_ = {stats_.growths, stats_.same_size_growths};
    check_invariants_now();
  }

  void close_all() {
    for (int s = 0; s <= kFullRangeSlot; ++s) close_range(s);
  }
  void close_range(int slot) {
    if (ranges_[slot] && ranges_[slot]->open) d_.iter_close(slot);
    ranges_[slot].reset();
  }

  void destroy_map() {
    close_all();
    if (!map_made_) return;
    d_.destroy();
    map_made_ = false;
    if (opt_.leak_check && d_.has(kTierAllocator) &&
        counting_.live_bytes() != 0) {
      fail(Check::kLeak, "leak: " + std::to_string(counting_.live_bytes()) +
                             " bytes in " +
                             std::to_string(counting_.live_blocks()) +
                             " blocks outlive the map");
    }
  }

  // ---- one op ----

  OpOutcome execute(const Op& op) {
    OpOutcome out;
    out.performed = map_op_of(op.kind);
    switch (op.kind) {
      case OpKind::kMake:
        make_map(op.hint);
        break;
      case OpKind::kPut:
        do_put(op, out);
        break;
      case OpKind::kGet:
        do_get(op, out);
        break;
      case OpKind::kDel:
        do_del(op, out);
        break;
      case OpKind::kClear:
        d_.clear();
        model_.clear();
        for (auto& r : ranges_) {
          if (r) r->guarantees.note_clear();
        }
        break;
      case OpKind::kIter:
        if (open_range(kFullRangeSlot, op, out)) {
          advance(kFullRangeSlot, UINT64_MAX, out);
          close_range(kFullRangeSlot);
        }
        break;
      case OpKind::kItOpen:
        close_range(op.iter);
        open_range(op.iter, op, out);
        break;
      case OpKind::kItNext:
        if (ranges_[op.iter]) advance(op.iter, op.steps, out);
        break;
      case OpKind::kItClose:
        close_range(op.iter);
        break;
      // A sync.Map trace's ops, with the meaning they have on a map.
      case OpKind::kLoadOrStore:
        if (do_get(op, out)) {
          out.performed = OpKind::kGet;
        } else {
          do_put(op, out);
        }
        break;
      case OpKind::kLoadAndDelete:
        if (do_get(op, out)) {
          do_del(op, out);
        } else {
          out.performed = OpKind::kGet;
        }
        break;
      case OpKind::kRange:
        if (open_range(kFullRangeSlot, op, out)) {
          advance(kFullRangeSlot, UINT64_MAX, out);
          close_range(kFullRangeSlot);
        }
        break;
    }
    return out;
  }

  void do_put(const Op& op, OpOutcome& out) {
    const OpStatus s = d_.put(op.key, op.value);
    if (s == OpStatus::kNoMem) {
      out.alloc_failed = true;
      return;
    }
    out.added = s == OpStatus::kOk;
    const bool model_added = model_.put(op.key, op.value);
    if (out.added != model_added) {
      fail(Check::kModel, std::string("put: the map says the key was ") +
                              (out.added ? "new" : "present") +
                              ", the model says " +
                              (model_added ? "new" : "present"));
    }
  }

  // Whether the key was found (and agreed with the model).
  bool do_get(const Op& op, OpOutcome& out) {
    const Lookup got = d_.get(op.key);
    const auto want = model_.get(op.key);
    if (got.found != want.has_value()) {
      fail(Check::kModel, "get " + format_key(op.key) + ": the map " +
                              (got.found ? "found" : "did not find") +
                              " it, the model " +
                              (want ? "has" : "does not have") + " it");
    }
    if (!want) return false;
    out.got = got.value;
    if (got.value != want) {
      fail(Check::kModel,
           "get " + format_key(op.key) + ": wrong value " +
               (got.value ? std::to_string(*got.value) : "(malformed bytes)") +
               " (the model: " + std::to_string(*want) + ")");
    }
    return true;
  }

  void do_del(const Op& op, OpOutcome& out) {
    const OpStatus s = d_.erase(op.key);
    if (s == OpStatus::kNoMem) {
      out.alloc_failed = true;
      return;
    }
    out.removed = s == OpStatus::kOk;
    if (out.removed != model_.del(op.key)) {
      fail(Check::kModel, std::string("del: the map says the key was ") +
                              (out.removed ? "present" : "absent") +
                              ", the model disagrees");
    }
  }

  bool open_range(int slot, const Op& op, OpOutcome& out) {
    if (d_.iter_open(slot, op.start) == OpStatus::kNoMem) {
      out.alloc_failed = true;
      return false;
    }
    ranges_[slot] = std::make_unique<Range>(opt_.iteration_waives_clear);
    ranges_[slot]->open = true;
    if constexpr (D::kRangeStartsAtOpen) begin_range(*ranges_[slot]);
    return true;
  }

  void begin_range(Range& r) {
    ++stats_.iterations;
    r.guarantees.start(model_);
  }

  // Advances the range in `slot` by up to `steps` yields, checking each.
  void advance(int slot, uint64_t steps, OpOutcome& out) {
    Range& r = *ranges_[slot];
    for (uint64_t s = 0; s < steps && !r.done; ++s) {
      const bool first = !r.guarantees.started();
      if (first) begin_range(r);
      Yielded y;
      const bool more = d_.iter_next(slot, y);
      if constexpr (CheckedDriver<D>) {
        if (first) out.iter_start = d_.iter_start(slot);
      }
      if (!more) {
        r.done = true;
        out.iteration_ended = true;
        if (opt_.iteration_guarantees) {
          if (std::string e = r.guarantees.finish(model_); !e.empty()) {
            fail(Check::kIteration, std::move(e));
          }
        }
        return;
      }
      ++stats_.yields;
      ++out.yields;
      if (opt_.on_yield) opt_.on_yield();
      if (opt_.record_yields) {
        if constexpr (CheckedDriver<D>) {
          yields_.push_back(d_.yield_text(slot));
        } else {
          yields_.push_back(format_yield(y));
        }
      }
      if (!opt_.iteration_guarantees) continue;
      if (std::string e = r.guarantees.yield(
              model_, y.key,
              [&](uint64_t want) { return y.value == TraceValue(want); });
          !e.empty()) {
        fail(Check::kIteration, std::move(e));
      }
    }
  }

  // ---- allocation faults (tier b) ----

  void note_fault() {
    if (index_ != ExecutionFailure::kAtStart && index_ < opt_.faults.first_op) {
      fail(Check::kFaults,
           "an injected fault hit an op before FaultPlan::first_op (" +
               std::to_string(opt_.faults.first_op) + ")");
    }
    failures_seen_ = faults_.failures();
    ++stats_.alloc_failures;
  }

  // An op reported a failed allocation: it must have been injected, and
  // the map must be as it was (the strong guarantee).
  // The layout before a write op that may meet a fault: its dump, or only
  // its fingerprint (ExecOptions::dump_around_faults).
  struct LayoutBefore {
    bool taken = false;
    std::string dump;
    uint64_t fingerprint = 0;
  };
  LayoutBefore layout_before() const requires LayoutDriver<D> {
    if constexpr (FingerprintDriver<D>) {
      if (!opt_.dump_around_faults) return {true, {}, d_.fingerprint()};
    }
    return {true, d_.dump(), 0};
  }
  bool layout_unchanged(const LayoutBefore& before) const requires
      LayoutDriver<D> {
    if constexpr (FingerprintDriver<D>) {
      if (!opt_.dump_around_faults) {
        return d_.fingerprint() == before.fingerprint;
      }
    }
    return d_.dump() == before.dump;
  }

  void check_failed_op_left_map(const char* what, const LayoutBefore& before) {
    if (faults_.failures() == failures_seen_) {
      fail(Check::kFaults, std::string(what) +
                               ": reported an allocation failure, but no "
                               "allocation failed");
    }
    note_fault();
    if constexpr (LayoutDriver<D>) {
      if (before.taken) {
        if (!layout_unchanged(before)) {
          const std::string shown =
              before.dump.empty()
                  ? " (its layout's fingerprint changed; gomapfuzz repro "
                    "shows the dumps before and after):\n--- after\n"
                  : ":\n--- before\n" + before.dump + "--- after\n";
          fail(Check::kFaults,
               std::string("state changed by a failed allocation in ") + what +
                   shown + d_.dump());
        }
        check_invariants_now();
        return;
      }
    }
    if (d_.size() != model_.size()) {
      fail(Check::kFaults, std::string(what) +
                               " failed to allocate but changed the size (" +
                               std::to_string(d_.size()) + ", was " +
                               std::to_string(model_.size()) + ")");
    }
    for (const auto& [k, e] : model_.entries()) {
      if (d_.get(k).value != TraceValue(e.value)) {
        fail(Check::kFaults, std::string(what) +
                                 " failed to allocate and lost " +
                                 format_key(k));
      }
    }
    check_invariants_now();
  }

  // An injected failure the op swallowed (no kNoMem, no exception).
  void check_no_silent_fault(const char* what) {
    if (faults_.failures() > failures_seen_) {
      fail(Check::kFaults,
           std::string(what) +
               ": an allocation failed and the subject did not report it");
    }
  }

  // ---- after each op ----

  void check_size() {
    if (const int64_t n = d_.size(); n != model_.size()) {
      fail(Check::kModel, "size: the map has " + std::to_string(n) +
                              ", the model " + std::to_string(model_.size()));
    }
  }

  GrowthMark growth_mark() const {
    if constexpr (CheckedDriver<D>) {
      const mapcore::MapState s = d_.state();
      return {s.growing, s.doublings + s.same_size_growths};
    } else {
      return {};
    }
  }

  void after_op_checks(const Op& op,
                       const GrowthMark& before) requires CheckedDriver<D> {
    const mapcore::MapState s = d_.state();
    stats_.growths = growths_at_make_.first + s.doublings;
    stats_.same_size_growths = growths_at_make_.second + s.same_size_growths;
    if (s.B > stats_.max_b) stats_.max_b = s.B;
    if (op.kind == OpKind::kMake) return;  // make_map checked the new map
    const GrowthMark now = growth_mark();
    const bool edge =
        now.growing != before.growing || now.growths != before.growths;
    if (edge || (opt_.check_every && index_ % opt_.check_every == 0)) {
      check_invariants_now();
    } else if (opt_.incremental_checks) {
      report_invariants(d_.check_touched(op.kind == OpKind::kClear));
    }
  }

  void report_invariants(std::vector<mapcore::Violation> v) requires
      CheckedDriver<D> {
    ++stats_.invariant_checks;
    if (!v.empty()) {
      std::string first = v[0].to_string();
      fail(Check::kInvariants, "invariant violated: " + first, std::move(v));
    }
    if (const uint64_t reported = d_.state().mapcore_bytes;
        d_.has(kTierAllocator) && reported != counting_.live_bytes()) {
      fail(Check::kLeak, "accounting: the map reports " +
                             std::to_string(reported) +
                             " bytes, the memory resource holds " +
                             std::to_string(counting_.live_bytes()));
    }
  }

  D& d_;
  const Trace& trace_;
  const ExecOptions& opt_;
  CountingResource counting_;
  FaultInjectingResource faults_;
  bool map_made_ = false;
  Model model_;
  std::array<std::unique_ptr<Range>, kFullRangeSlot + 1> ranges_;
  std::vector<std::string> yields_;
  std::size_t index_ = ExecutionFailure::kAtStart;
  uint64_t failures_seen_ = 0;
  std::pair<uint64_t, uint64_t> growths_at_make_{0, 0};
  ExecStats stats_;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_EXECUTOR_H_

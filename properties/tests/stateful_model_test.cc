// The stateful model test: RapidCheck (rc::state) drives mapcore through
// random command sequences, compares every result with the project's Model,
// and MapUnderTest checks every law and check_invariants() after every op.
//
// Commands (each is one or more ops of the trace format, recorded as they
// run, so a failure prints as a trace that `gomapfuzz repro` runs):
//   put, get, delete, clear, make-with-hint,
//   iterate (a whole `iter`), and partial iteration: it-open / it-next /
//   it-close, with any other command running while the iterator is open,
//   step: force progress of an ongoing evacuation, or show that a read
//   makes none. Go evacuates only in mapassign (every put, new key or not)
//   and mapdelete (of a non-empty map), via growWork; mapaccess and
//   mapiternext never do. So step-write is `put K V` of a present key with
//   its current value (changes nothing in the model, evacuates at least one
//   old bucket), and step-read is `get K` (must leave evacuation untouched).
//   fill and churn: bursts of fresh keys (op_bursts.h) that take the map
//   through doublings and same-size growths within a short sequence.
// Sixteen tests: uint64 and string keys, times every hasher family (Go's
// fallback hash with a generated hashkey, xxh3, fnv1a and the adversarial
// families constant, lowbits, tophash, identity, samebucket).
//
// After the sequence the map is destroyed (leak law), and harness's replayer
// runs the recorded trace as a cross-check: the trace is faithful, and the
// replayer's own checks agree.
#include <array>
#include <sstream>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/properties/op_bursts.h"
#include "rapidcheck/state.h"
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

using mapcore::HashFamily;

// Iterator slots the commands use (the format allows 16; four are enough
// to have several iterators open at different points at once).
constexpr int kIterSlots = 4;
// Bursts stay short: a sequence holds many commands.
constexpr uint64_t kMaxBurst = 64;

// RapidCheck's model state: the project's Model plus what generation needs.
struct State {
  KeyType key_type = KeyType::kUint64;
  Model model;
  std::array<bool, kIterSlots> open{};
  uint64_t fresh = 0;  // fresh keys handed out (fill, churn)
  int b_floor = 0;     // B of the last make(hint)
  int64_t peak = 0;    // largest count since the last make

  void note_size() { peak = std::max(peak, model.size()); }
  // B as the growth-trigger law predicts it from the peak count (a deferred
  // doubling may leave the map one below; churn sizing only needs a guess).
  int expected_b() const {
    int b = b_floor;
    while (go_over_load_factor(peak, b)) ++b;
    return b;
  }
};

template <class K>
using Sut = MapUnderTest<K>;

// A command is a list of ops; `check` states its postconditions against the
// state before it (s0) and what the ops returned.
template <class K>
struct MapCommand : rc::state::Command<State, Sut<K>> {
  std::vector<Op> ops;
  std::string name;

  void run(const State& s0, Sut<K>& sut) const override {
    std::vector<OpOutcome> outs;
    for (const Op& op : ops_for(s0)) {
      try {
        outs.push_back(sut.run(op));
      } catch (const LawViolation& v) {
        fail_with_trace(v.what(), sut.trace());
      }
    }
    try {
      sut.check_invariants();  // after every command
    } catch (const LawViolation& v) {
      fail_with_trace(v.what(), sut.trace());
    }
    check(s0, outs, sut);
    State s1 = s0;
    this->apply(s1);
    expect(sut, sut.model().size() == s1.model.size(),
           "after `" + name + "` the map holds " +
               std::to_string(sut.model().size()) + " entries, the model " +
               std::to_string(s1.model.size()));
  }
  void show(std::ostream& os) const override { os << name; }

  virtual std::vector<Op> ops_for(const State&) const { return ops; }
  virtual void check(const State&, const std::vector<OpOutcome>&,
                     Sut<K>&) const {}

  static void expect(Sut<K>& sut, bool ok, const std::string& what) {
    if (!ok) fail_with_trace("postcondition: " + what, sut.trace());
  }
  void set(std::vector<Op> o) {
    ops = std::move(o);
    name.clear();
    for (const Op& op : ops) name += (name.empty() ? "" : "; ") + print_op(op);
  }
};

// A key: a present one half of the time (hits), else harness's draw_key.
TraceKey pick_key(const State& s) {
  RcChoices c;
  const auto& e = s.model.entries();
  if (!e.empty() && c.integer(0, 1) == 0) {
    auto it = e.begin();
    std::advance(it, static_cast<long>(c.integer(0, e.size() - 1)));
    return it->first;
  }
  return draw_key(c, s.key_type, DrawLimits{});
}

TraceKey pick_present_key(const State& s) {
  RC_PRE(!s.model.entries().empty());
  RcChoices c;
  auto it = s.model.entries().begin();
  std::advance(it,
               static_cast<long>(c.integer(0, s.model.entries().size() - 1)));
  return it->first;
}

std::optional<mapcore::IterStart> pick_start() {
  RcChoices c;
  if (c.integer(0, 3) != 0) return std::nullopt;  // the map's own draw
  // Explicit starts replay recorded orders; any bucket (masked) and offset.
  return mapcore::IterStart{c.integer(0, 1023),
                            static_cast<uint8_t>(c.integer(0, 7))};
}

template <class K>
struct Put : MapCommand<K> {
  explicit Put(const State& s) {
    this->set({put_op(pick_key(s), *rc::gen::arbitrary<uint64_t>())});
  }
  void apply(State& s) const override {
    s.model.put(this->ops[0].key, this->ops[0].value);
    s.note_size();
  }
  void check(const State& s0, const std::vector<OpOutcome>& out,
             Sut<K>& sut) const override {
    const bool was_absent = s0.model.find(this->ops[0].key) == nullptr;
    this->expect(
        sut, out[0].added == was_absent,
        "put reported " + std::string(out[0].added ? "new" : "present"));
  }
};

template <class K>
struct Get : MapCommand<K> {
  explicit Get(const State& s) { this->set({get_op(pick_key(s))}); }
  void apply(State&) const override {}
  void check(const State& s0, const std::vector<OpOutcome>& out,
             Sut<K>& sut) const override {
    this->expect(sut, out[0].got == s0.model.get(this->ops[0].key),
                 "get returned a different value than the model holds");
  }
};

template <class K>
struct Delete : MapCommand<K> {
  explicit Delete(const State& s) { this->set({del_op(pick_key(s))}); }
  void apply(State& s) const override { s.model.del(this->ops[0].key); }
  void check(const State& s0, const std::vector<OpOutcome>& out,
             Sut<K>& sut) const override {
    const bool was_present = s0.model.find(this->ops[0].key) != nullptr;
    this->expect(sut, out[0].removed == was_present,
                 "delete reported " +
                     std::string(out[0].removed ? "present" : "absent"));
  }
};

template <class K>
struct Clear : MapCommand<K> {
  explicit Clear(const State&) {
    Op op;
    op.kind = OpKind::kClear;
    this->set({op});
  }
  void apply(State& s) const override { s.model.clear(); }
  void check(const State&, const std::vector<OpOutcome>&,
             Sut<K>& sut) const override {
    const auto& a = sut.after().stats;
    const auto& b = sut.before().stats;
    this->expect(sut, a.count == 0 && a.B == b.B && !a.growing,
                 "clear must empty the map, keep B and end any growth");
  }
};

template <class K>
struct MakeWithHint : MapCommand<K> {
  explicit MakeWithHint(const State&) {
    RcChoices c;
    constexpr int64_t kMaxHint = 700, kNegative = 16;  // B <= 7; bogus too
    Op op;
    op.kind = OpKind::kMake;
    op.hint =
        static_cast<int64_t>(c.integer(0, kMaxHint + kNegative)) - kNegative;
    this->set({op});
  }
  void apply(State& s) const override {
    s.model = Model();
    s.open.fill(false);  // a make drops the old map's iterators
    s.peak = 0;
    s.b_floor = go_b_for_hint(this->ops[0].hint, 1);
  }
};

template <class K>
struct Iterate : MapCommand<K> {
  explicit Iterate(const State&) {
    Op op;
    op.kind = OpKind::kIter;
    op.start = pick_start();
    this->set({op});
  }
  void apply(State&) const override {}
  void check(const State& s0, const std::vector<OpOutcome>& out,
             Sut<K>& sut) const override {
    this->expect(sut,
                 out[0].iteration_ended &&
                     static_cast<int64_t>(out[0].yields) == s0.model.size(),
                 "a whole iteration of an unchanging map yielded " +
                     std::to_string(out[0].yields) + " of " +
                     std::to_string(s0.model.size()) + " entries");
  }
};

template <class K>
struct IterOpen : MapCommand<K> {
  int slot;
  explicit IterOpen(const State& s) {
    RcChoices c;
    slot = static_cast<int>(c.integer(0, kIterSlots - 1));
    RC_PRE(!s.open[slot]);
    Op op;
    op.kind = OpKind::kItOpen;
    op.iter = slot;
    op.start = pick_start();
    this->set({op});
  }
  void checkPreconditions(const State& s) const override {
    RC_PRE(!s.open[slot]);
  }
  void apply(State& s) const override { s.open[slot] = true; }
};

template <class K>
struct IterNext : MapCommand<K> {
  int slot;
  explicit IterNext(const State& s) {
    RcChoices c;
    slot = static_cast<int>(c.integer(0, kIterSlots - 1));
    RC_PRE(s.open[slot]);
    Op op;
    op.kind = OpKind::kItNext;
    op.iter = slot;
    op.steps = c.integer(1, 24);
    this->set({op});
  }
  void checkPreconditions(const State& s) const override {
    RC_PRE(s.open[slot]);
  }
  void apply(State&) const override {}
};

template <class K>
struct IterClose : MapCommand<K> {
  int slot;
  explicit IterClose(const State& s) {
    RcChoices c;
    slot = static_cast<int>(c.integer(0, kIterSlots - 1));
    RC_PRE(s.open[slot]);
    Op op;
    op.kind = OpKind::kItClose;
    op.iter = slot;
    this->set({op});
  }
  void checkPreconditions(const State& s) const override {
    RC_PRE(s.open[slot]);
  }
  void apply(State& s) const override { s.open[slot] = false; }
};

// step: see the top of the file. The write puts the key's current value,
// read from the state when the command runs (shrinking may change it).
template <class K>
struct Step : MapCommand<K> {
  TraceKey key;
  bool write;
  explicit Step(const State& s) : key(pick_present_key(s)) {
    write = RcChoices().integer(0, 1) == 1;
    this->name =
        std::string(write ? "step-write " : "step-read ") + format_key(key);
  }
  void checkPreconditions(const State& s) const override {
    RC_PRE(s.model.find(key) != nullptr);
  }
  std::vector<Op> ops_for(const State& s0) const override {
    return {write ? put_op(key, *s0.model.get(key)) : get_op(key)};
  }
  void apply(State&) const override {}
  void check(const State&, const std::vector<OpOutcome>&,
             Sut<K>& sut) const override {
    const MapSnapshot& a = sut.before();
    const MapSnapshot& b = sut.after();
    if (!a.stats.growing) return;
    const bool same_growth = b.stats.growing && b.growth_id() == a.growth_id();
    if (write) {
      this->expect(sut, !same_growth || b.stats.nevacuate > a.stats.nevacuate,
                   "a step-write during growth evacuated nothing");
    } else {
      this->expect(sut,
                   same_growth && b.stats.nevacuate == a.stats.nevacuate &&
                       b.evacuated_old == a.evacuated_old,
                   "a step-read moved the evacuation");
    }
  }
};

// fill / churn: fresh keys, numbered from the state's counter so they are
// new to the map whatever was shrunk away. Half of the churns keep the map
// one key under its load factor (the window fills what the count leaves),
// the pattern that leads to same-size growth.
template <class K>
struct Burst : MapCommand<K> {
  explicit Burst(const State& s, bool churn) {
    RcChoices c;
    constexpr uint64_t kMaxWindow = 32, kMaxChurnSteps = 256;
    const uint64_t n = c.integer(1, churn ? kMaxChurnSteps : kMaxBurst);
    const int64_t room =
        static_cast<int64_t>(keys_below_load_factor(s.expected_b())) -
        s.model.size();
    const uint64_t window = c.integer(0, 1) && room > 0
                                ? static_cast<uint64_t>(room)
                                : c.integer(1, kMaxWindow);
    std::vector<Op> ops;
    for (uint64_t i = 0; i < n; ++i) {
      ops.push_back(put_op(fresh_key(s.key_type, s.fresh + i), i));
      if (churn && i >= window) {
        ops.push_back(del_op(fresh_key(s.key_type, s.fresh + i - window)));
      }
    }
    this->set(std::move(ops));
  }
  void apply(State& s) const override {
    for (const Op& op : this->ops) {
      if (op.kind == OpKind::kPut) {
        s.model.put(op.key, op.value);
        s.note_size();
        ++s.fresh;
      } else {
        s.model.del(op.key);
      }
    }
  }
  void check(const State& s0, const std::vector<OpOutcome>& out,
             Sut<K>& sut) const override {
    for (std::size_t i = 0; i < this->ops.size(); ++i) {
      if (this->ops[i].kind != OpKind::kPut) continue;
      const bool was_absent = s0.model.find(this->ops[i].key) == nullptr;
      this->expect(sut, out[i].added == was_absent,
                   "a fresh key was reported present");
    }
  }
};
template <class K>
struct Fill : Burst<K> {
  explicit Fill(const State& s) : Burst<K>(s, false) {}
};
template <class K>
struct Churn : Burst<K> {
  explicit Churn(const State& s) : Burst<K>(s, true) {}
};

// One case: a generated header, a command sequence, destruction, replay.
template <class K>
LawCoverage stateful_case(HashFamily family) {
  const Trace header = *gen_header({key_type_of<K>()}, family);
  std::optional<Sut<K>> sut;
  try {
    // Invariants after every command (run() above), not after every op of
    // a burst: edges of growth are still checked op by op.
    sut.emplace(header, LawOptions{.invariants_every = 0});
  } catch (const LawViolation& v) {
    fail_with_trace(v.what(), header);
  }
  State s0;
  s0.key_type = key_type_of<K>();
  // Repeated types weigh the choice: puts and deletes dominate, as in use.
  rc::state::check(
      s0, *sut,
      rc::state::gen::execOneOfWithArgs<
          Put<K>, Put<K>, Put<K>, Put<K>, Get<K>, Get<K>, Delete<K>, Delete<K>,
          Delete<K>, Clear<K>, MakeWithHint<K>, Iterate<K>, IterOpen<K>,
          IterNext<K>, IterNext<K>, IterClose<K>, Step<K>, Step<K>, Step<K>,
          Fill<K>, Churn<K>>());
  const int64_t final_size = sut->model().size();
  try {
    sut->finish();
  } catch (const LawViolation& v) {
    fail_with_trace(v.what(), sut->trace());
  }
  const ReplayResult r = replay(sut->trace());
  if (!r.ok() || r.stats.final_size != final_size) {
    fail_with_trace(
        "harness's replayer disagrees: " +
            (r.ok() ? "final size " + std::to_string(r.stats.final_size) +
                          " vs " + std::to_string(final_size)
                    : r.failure->summary()),
        sut->trace());
  }
  return sut->coverage();
}

template <class K>
void run_stateful(HashFamily family) {
  LawCoverage seen;
  check_property([&] { seen += stateful_case<K>(family); });
  print_coverage(std::string(key_type_name(key_type_of<K>())) + "/" +
                     std::string(mapcore::hash_family_name(family)),
                 seen);
  // The sequences must reach the states the laws speak about.
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.doublings, 0u);
    EXPECT_GT(seen.writes_while_growing, 0u);
    EXPECT_GT(seen.iterations_completed, 0u);
    EXPECT_GT(seen.deletes, 0u);
    EXPECT_GT(seen.reads_while_growing, 0u);
  }
}

#define GOMAPFUZZ_STATEFUL_TESTS(Suite, K)                                  \
  TEST(Suite, GoFallback) { run_stateful<K>(HashFamily::kGoFallback); }     \
  TEST(Suite, Xxh3) { run_stateful<K>(HashFamily::kXxh3); }                 \
  TEST(Suite, Fnv1a) { run_stateful<K>(HashFamily::kFnv1a); }               \
  TEST(Suite, Constant) { run_stateful<K>(HashFamily::kConstant); }         \
  TEST(Suite, LowBits) { run_stateful<K>(HashFamily::kLowBits); }           \
  TEST(Suite, FixedTopHash) { run_stateful<K>(HashFamily::kFixedTopHash); } \
  TEST(Suite, Identity) { run_stateful<K>(HashFamily::kIdentity); }         \
  TEST(Suite, SameBucket) { run_stateful<K>(HashFamily::kSameBucket); }

GOMAPFUZZ_STATEFUL_TESTS(StatefulModelUint64, uint64_t)
GOMAPFUZZ_STATEFUL_TESTS(StatefulModelString, mapcore::GoString)

}  // namespace
}  // namespace gomapfuzz::props

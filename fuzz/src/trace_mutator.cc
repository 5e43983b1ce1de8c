// See trace_mutator.h. Each mutation is one function over a Mutation (the
// case, the target's bounds, a seeded source of choices); it returns false
// when it does not apply (no keyed op to swap, no make to change), and the
// caller draws another.
#include "gomapfuzz/fuzz/trace_mutator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "gomapfuzz/fuzz/map_probe.h"
#include "mapcore/constants.h"

namespace gomapfuzz {
// Named (not anonymous) so that coverage_ignorelist.txt can leave the
// mutator's own branches out of libFuzzer's coverage.
namespace trace_mutation {

struct Mutation {
  FuzzTarget target;
  DrawLimits lim;
  FuzzCase& c;
  SeededChoices& rng;

  Trace& t() { return c.trace; }
  std::vector<Op>& ops() { return c.trace.ops; }
  uint64_t below(uint64_t n) { return rng.integer(0, n - 1); }  // n > 0
  bool percent(unsigned p) { return rng.integer(0, 99) < p; }
  // Room left under the target's op bound.
  std::size_t room() const {
    return lim.max_ops > c.trace.ops.size() ? lim.max_ops - c.trace.ops.size()
                                            : 0;
  }
};

// The most ops one mutation adds. A burst is cut there (a growth past B = 5
// takes two or three fills, each kept in the corpus in between): every op
// of every input is replayed and checked at every execution, and long
// inputs slowed the fuzzers down more than they helped them.
constexpr std::size_t kMaxBurstOps = 128;

bool is_keyed(const Op& op) {
  return op.kind == OpKind::kPut || op.kind == OpKind::kGet ||
         op.kind == OpKind::kDel;
}

Op keyed_op(OpKind kind, TraceKey key, uint64_t value = 0) {
  Op op;
  op.kind = kind;
  op.key = std::move(key);
  op.value = value;
  return op;
}

// ---- Keys. ----

// A key no pooled key equals, so a fill really adds entries: a random
// uint64 above the pool, "f<n>" for strings (pooled strings are "k<n>"),
// and for floats (whose drawable keys are the pool) a pooled one.
TraceKey fresh_key(Mutation& m) {
  switch (m.t().types.key) {
    case KeyType::kUint64:
      return m.rng.integer(m.lim.key_space, UINT64_MAX);
    case KeyType::kString:
      return "f" + std::to_string(m.rng.integer(0, uint64_t{1} << 40));
    case KeyType::kFloat64:
      return static_cast<double>(m.below(m.lim.key_space)) * 0.5 - 7;
  }
  return uint64_t{0};
}

// A key some op of the trace uses (so gets and deletes hit), else a drawn
// one.
TraceKey some_key(Mutation& m) {
  std::vector<std::size_t> keyed;
  for (std::size_t i = 0; i < m.ops().size(); ++i) {
    if (is_keyed(m.ops()[i])) keyed.push_back(i);
  }
  if (!keyed.empty() && m.percent(75))
    return m.ops()[keyed[m.below(keyed.size())]].key;
  return draw_key(m.rng, m.t().types.key, m.lim);
}

// A key of another key type, as close to the original as the generator
// allows: pool indexes stay pool indexes.
TraceKey convert_key(const TraceKey& k, KeyType to, const DrawLimits& lim) {
  uint64_t n = 0;  // a pool index, or any number for the wide domain
  bool pooled = false;
  if (const auto* u = std::get_if<uint64_t>(&k)) {
    n = *u;
    pooled = n < lim.key_space;
  } else if (const auto* s = std::get_if<std::string>(&k)) {
    if (auto i = pooled_string_index(*s, lim)) {
      n = *i, pooled = true;
    } else {
      n = std::hash<std::string>{}(*s);
    }
  } else {
    const double f = std::get<double>(k);
    const double x = (f + 7) * 2;
    pooled = true;
    n = x >= 0 && x < static_cast<double>(lim.key_space)
            ? static_cast<uint64_t>(x)
            : 0;
  }
  switch (to) {
    case KeyType::kUint64:
      return n;
    case KeyType::kString:
      if (pooled) return "k" + std::to_string(n);
      return "f" + std::to_string(n % 1'000'000'000'000'000'000u);
    case KeyType::kFloat64:
      return static_cast<double>(n % lim.key_space) * 0.5 - 7;
  }
  return n;
}

// The candidates a collision search tries, in order: the pool first (other
// ops of the trace may use those keys), then the wide domain.
TraceKey candidate_key(Mutation& m, uint64_t attempt, uint64_t pool_offset) {
  const KeyType type = m.t().types.key;
  if (attempt < m.lim.key_space) {
    const uint64_t n = (pool_offset + attempt) % m.lim.key_space;
    if (type == KeyType::kString) return "k" + std::to_string(n);
    if (type == KeyType::kFloat64) {
      return static_cast<double>(n) * 0.5 - 7;
    }
    return n;
  }
  if (type == KeyType::kFloat64) {
    constexpr double kSpecial[] = {0.0, -0.0,
                                   std::numeric_limits<double>::infinity()};
    return kSpecial[attempt % 3];
  }
  return fresh_key(m);
}

// How a new key relates to a live one in the map of the moment.
enum class Collision {
  kSameBucket,   // same bucket in the current B: one chain
  kSameTopHash,  // same bucket and tophash: the key compare decides
  kSameHalf,     // same bucket now and after a doubling (same X/Y half)
  kOtherHalf,    // same bucket now, the other half after a doubling
};

bool collides(Collision how, uint64_t a, uint64_t b, uint8_t B) {
  const uint64_t bucket_mask = (uint64_t{1} << B) - 1;
  if ((a ^ b) & bucket_mask) return false;
  switch (how) {
    case Collision::kSameBucket:
      return true;
    case Collision::kSameTopHash:
      return mapcore::tophash_of(a) == mapcore::tophash_of(b);
    case Collision::kSameHalf:
      return ((a ^ b) >> B & 1) == 0;
    case Collision::kOtherHalf:
      return ((a ^ b) >> B & 1) == 1;
  }
  return false;
}

// Hashes tried per search: enough for a same-bucket key up to B = 11 and a
// same-tophash key at small B, a fraction of one execution's time.
constexpr uint64_t kCollisionAttempts = 4096;

// A key other than `ref` related to it by `how`; else one in ref's bucket;
// else nullopt.
std::optional<TraceKey> colliding_key(Mutation& m, const MapProbe& probe,
                                      const TraceKey& ref, Collision how) {
  const uint64_t h = probe.hash(ref);
  const uint64_t offset = m.below(m.lim.key_space);
  std::optional<TraceKey> same_bucket;
  for (uint64_t a = 0; a < kCollisionAttempts; ++a) {
    TraceKey c = candidate_key(m, a, offset);
    if (c == ref || is_nan_key(c)) continue;
    const uint64_t hc = probe.hash(c);
    if (collides(how, hc, h, probe.B())) return c;
    if (!same_bucket && collides(Collision::kSameBucket, hc, h, probe.B())) {
      same_bucket = std::move(c);
    }
  }
  return same_bucket;
}

// ---- Op-level mutations. ----

bool insert_op(Mutation& m) {
  if (m.room() == 0) return false;
  Op op = m.lim.extra_iterator_percent != 0 && m.percent(30)
              ? draw_iterator_op(m.rng)
              : draw_op(m.rng, m.t().types, m.lim);
  if (is_keyed(op) && m.percent(50)) op.key = some_key(m);
  const std::size_t at = m.below(m.ops().size() + 1);
  m.ops().insert(m.ops().begin() + at, std::move(op));
  return true;
}

// A run of 1 op, or a burst of up to 64.
std::pair<std::size_t, std::size_t> pick_run(Mutation& m) {
  const std::size_t n = m.ops().size();
  const std::size_t len =
      m.percent(50) ? 1 : m.rng.integer(1, std::min<std::size_t>(64, n));
  const std::size_t from = m.below(n - len + 1);
  return {from, len};
}

bool delete_ops(Mutation& m) {
  if (m.ops().empty()) return false;
  const auto [from, len] = pick_run(m);
  m.ops().erase(m.ops().begin() + from, m.ops().begin() + from + len);
  return true;
}

bool duplicate_ops(Mutation& m) {
  if (m.ops().empty()) return false;
  const auto [from, len] = pick_run(m);
  const std::vector<Op> run(m.ops().begin() + from,
                            m.ops().begin() + from + len);
  const std::size_t copies = m.percent(70) ? 1 : m.rng.integer(2, 8);
  if (run.size() * copies > std::min(m.room(), kMaxBurstOps)) return false;
  const std::size_t at = m.below(m.ops().size() + 1);
  for (std::size_t k = 0; k < copies; ++k) {
    m.ops().insert(m.ops().begin() + at, run.begin(), run.end());
  }
  return true;
}

bool move_ops(Mutation& m) {
  if (m.ops().size() < 2) return false;
  const auto [from, len] = pick_run(m);
  std::vector<Op> run(m.ops().begin() + from, m.ops().begin() + from + len);
  m.ops().erase(m.ops().begin() + from, m.ops().begin() + from + len);
  const std::size_t at = m.below(m.ops().size() + 1);
  m.ops().insert(m.ops().begin() + at, run.begin(), run.end());
  return true;
}

// Another kind for a keyed op (same key), another key, value or step count.
bool change_op(Mutation& m) {
  if (m.ops().empty()) return false;
  Op& op = m.ops()[m.below(m.ops().size())];
  if (is_keyed(op)) {
    switch (m.below(3)) {
      case 0: {
        constexpr OpKind kKinds[] = {OpKind::kPut, OpKind::kGet, OpKind::kDel};
        op.kind = kKinds[m.below(3)];
        break;
      }
      case 1:
        op.key = m.percent(50) ? some_key(m) : fresh_key(m);
        break;
      default:
        op.value = m.rng.integer(0, UINT64_MAX);
    }
    return true;
  }
  if (op.kind == OpKind::kItNext) {
    op.steps = m.rng.integer(1, kMaxDrawnSteps);
    return true;
  }
  return false;
}

// ---- Collisions. ----

bool swap_key(Mutation& m) {
  std::vector<std::size_t> keyed;
  for (std::size_t i = 0; i < m.ops().size(); ++i) {
    if (is_keyed(m.ops()[i]) && !is_nan_key(m.ops()[i].key)) keyed.push_back(i);
  }
  if (keyed.empty()) return false;
  const std::size_t i = keyed[m.below(keyed.size())];
  const auto probe = MapProbe::before(m.t(), i);
  const std::vector<TraceKey> live = probe->live_keys();
  const TraceKey old = m.ops()[i].key;
  const TraceKey& ref =
      !live.empty() && m.percent(75) ? live[m.below(live.size())] : old;
  const auto how = static_cast<Collision>(m.below(4));
  std::optional<TraceKey> c = colliding_key(m, *probe, ref, how);
  if (!c || *c == old) return false;
  // The op now uses the colliding key; half of the time so do the later
  // ops on the old key, which keeps the trace's gets and deletes hitting.
  const bool rename = m.percent(50);
  for (std::size_t j = i; j < m.ops().size(); ++j) {
    Op& op = m.ops()[j];
    if (j == i || (rename && is_keyed(op) && op.key == old)) op.key = *c;
  }
  return true;
}

// ---- State-aware bursts. ----

// The count at which one more new key makes mapassign grow the map:
// overLoadFactor(count + 1, B) (8 in one bucket, else 6.5 per bucket).
int64_t growth_count(uint8_t B) {
  return B == 0 ? mapcore::kBucketCnt : int64_t{13} << (B - 1);
}

void insert_run(Mutation& m, std::size_t at, std::vector<Op> run) {
  run.resize(std::min({run.size(), m.room(), kMaxBurstOps}));
  m.ops().insert(m.ops().begin() + at, run.begin(), run.end());
}

// New keys up to the next growth: one short of it, exactly to it, one or
// two past it, or half an array past it.
std::vector<Op> fill_burst(Mutation& m, const MapProbe& p) {
  const int64_t need = growth_count(p.B()) + 1 - p.count();
  const int64_t deltas[] = {-1, 0, 0, 1, 2, growth_count(p.B()) / 2};
  const int64_t n = std::max<int64_t>(1, need + deltas[m.below(6)]);
  std::vector<Op> run;
  for (int64_t k = 0; k < n; ++k) {
    run.push_back(keyed_op(OpKind::kPut, fresh_key(m), m.rng.integer(0, 255)));
  }
  return run;
}

// Insert a new key, delete the one `window` inserts back: chains that once
// overflowed keep their overflow buckets while the count stays put, until
// tooManyOverflowBuckets starts a same-size growth (Go issues 9477, 16070).
std::vector<Op> churn_burst(Mutation& m, const MapProbe& p) {
  const uint64_t window = m.percent(50)
                              ? m.rng.integer(1, 64)
                              : static_cast<uint64_t>(std::max<int64_t>(
                                    1, growth_count(p.B()) - p.count()));
  const uint64_t steps = m.rng.integer(8, 256);
  std::vector<TraceKey> keys;
  std::vector<Op> run;
  for (uint64_t k = 0; k < steps + window; ++k) {
    keys.push_back(fresh_key(m));
    run.push_back(keyed_op(OpKind::kPut, keys.back(), k));
    if (k >= window) run.push_back(keyed_op(OpKind::kDel, keys[k - window]));
  }
  return run;
}

// Delete every live key (emptyRest walks back over chains; the last delete
// reseeds hash0), or all but one; then perhaps put some back.
std::vector<Op> drain_burst(Mutation& m, const MapProbe& p) {
  std::vector<TraceKey> live = p.live_keys();
  for (std::size_t k = live.size(); k > 1; --k) {
    std::swap(live[k - 1], live[m.below(k)]);
  }
  if (!live.empty() && m.percent(30)) live.pop_back();
  std::vector<Op> run;
  for (const TraceKey& k : live) run.push_back(keyed_op(OpKind::kDel, k));
  if (m.percent(30)) {
    for (std::size_t k = 0; k < live.size() / 2; ++k) {
      run.push_back(keyed_op(OpKind::kPut, live[k], k));
    }
  }
  return run;
}

// Deletes of absent keys: each runs growWork, so evacuation advances
// without the contents changing (nevacuate, advanceEvacuationMark).
std::vector<Op> evacuation_burst(Mutation& m) {
  std::vector<Op> run;
  const uint64_t n = m.rng.integer(1, 64);
  for (uint64_t k = 0; k < n; ++k) {
    run.push_back(keyed_op(OpKind::kDel, fresh_key(m)));
  }
  return run;
}

// An iterator opened before a growth and advanced through it, with writes
// in between (map_iterate).
std::vector<Op> iteration_burst(Mutation& m, const MapProbe& p) {
  Op open;
  open.kind = OpKind::kItOpen;
  open.iter = static_cast<int>(m.below(kDrawnIterators));
  Op next = open;
  next.kind = OpKind::kItNext;
  std::vector<Op> run{open};
  std::vector<Op> writes = m.percent(50) ? fill_burst(m, p) : churn_burst(m, p);
  writes.resize(std::min(writes.size(), kMaxBurstOps / 2));
  const std::size_t every = m.rng.integer(1, 8);
  for (std::size_t k = 0; k < writes.size(); ++k) {
    run.push_back(std::move(writes[k]));
    if (k % every == 0) {
      next.steps = m.rng.integer(1, kMaxDrawnSteps);
      run.push_back(next);
    }
  }
  for (int k = 0; k < 4; ++k) {
    next.steps = kMaxDrawnSteps;
    run.push_back(next);
  }
  return run;
}

bool burst(Mutation& m) {
  if (m.room() == 0) return false;
  const std::size_t at = m.below(m.ops().size() + 1);
  const auto probe = MapProbe::before(m.t(), at);
  std::vector<Op> run;
  const bool iterators = m.lim.iterators;
  switch (m.below(iterators ? 6 : 5)) {
    case 0:
    case 1:
      run = fill_burst(m, *probe);
      break;
    case 2:
      run = churn_burst(m, *probe);
      break;
    case 3:
      run = drain_burst(m, *probe);
      break;
    case 4:
      if (!probe->growing() && m.percent(50)) {
        run = fill_burst(m, *probe);  // start one first
      }
      for (Op& op : evacuation_burst(m)) run.push_back(std::move(op));
      break;
    default:
      run = iteration_burst(m, *probe);
  }
  if (run.empty()) return false;
  insert_run(m, at, std::move(run));
  return true;
}

// ---- The header: hasher, hint, types, seed, faults. ----

bool change_hasher(Mutation& m) {
  HasherSpec& h = m.t().hasher;
  const HasherSpec before = h;
  if (m.percent(50)) {
    h = draw_hasher(m.rng);
  } else {
    // The same family with another parameter, drawn as the generator does
    // (one family in eight: a few dozen draws find it).
    for (int k = 0; k < 64; ++k) {
      const HasherSpec d = draw_hasher(m.rng);
      if (d.family == h.family) {
        h = d;
        break;
      }
    }
  }
  return !(h == before);
}

// Hints around the load-factor thresholds (13 * 2^(B-1), 8 at B = 0),
// zero, negative (ignored, Go issue 19926), the target's largest.
int64_t interesting_hint(Mutation& m) {
  const int64_t max = m.lim.max_hint;
  switch (m.below(4)) {
    case 0: {
      const auto B = static_cast<uint8_t>(m.below(11));
      const int64_t h = growth_count(B) + static_cast<int64_t>(m.below(3)) - 1;
      return std::clamp<int64_t>(h, -16, max);
    }
    case 1:
      return m.percent(50) ? 0 : -static_cast<int64_t>(m.rng.integer(1, 16));
    case 2:
      return max;
    default:
      return static_cast<int64_t>(m.rng.integer(0, max));
  }
}

bool change_hint(Mutation& m) {
  std::vector<std::size_t> makes;
  for (std::size_t i = 0; i < m.ops().size(); ++i) {
    if (m.ops()[i].kind == OpKind::kMake) makes.push_back(i);
  }
  const int64_t hint = interesting_hint(m);
  if (makes.empty() || m.percent(25)) {
    if (m.room() == 0) return false;
    Op make;
    make.kind = OpKind::kMake;
    make.hint = hint;
    const std::size_t at = m.percent(50) ? 0 : m.below(m.ops().size() + 1);
    m.ops().insert(m.ops().begin() + at, make);
    return true;
  }
  m.ops()[makes[m.below(makes.size())]].hint = hint;
  return true;
}

bool change_types(Mutation& m) {
  TraceTypes& types = m.t().types;
  if (m.percent(50) && m.lim.value_types) {
    std::vector<int> sizes{0};  // uint64, then the bytesN sizes drawn
    for (std::size_t i = 0; i < std::size(kValueByteSizes); ++i) {
      if (m.lim.value_sizes & (1u << i)) sizes.push_back(kValueByteSizes[i]);
    }
    const int before = types.value_bytes;
    types.value_bytes = sizes[m.below(sizes.size())];
    return types.value_bytes != before;
  }
  std::vector<KeyType> allowed;
  for (int k = 0; k < 3; ++k) {
    const auto type = static_cast<KeyType>(k);
    if ((m.lim.key_types & (1u << k)) && type != types.key) {
      allowed.push_back(type);
    }
  }
  if (allowed.empty()) return false;
  types.key = allowed[m.below(allowed.size())];
  for (Op& op : m.ops()) {
    if (is_keyed(op)) op.key = convert_key(op.key, types.key, m.lim);
  }
  return true;
}

bool change_seed(Mutation& m) {
  m.t().seed = m.rng.integer(0, UINT64_MAX);
  return true;
}

bool change_faults(Mutation& m) {
  if (m.target != FuzzTarget::kMapAllocFaults) return false;
  FaultPlan& f = m.c.faults;
  switch (m.below(4)) {
    case 0: {  // one more failing attempt, or one fewer
      if (!f.fail_at.empty() && m.percent(40)) {
        // The attempts after it move down by its gap, so every gap stays
        // one the decoder can draw.
        const std::size_t i = m.below(f.fail_at.size());
        const uint64_t gap = f.fail_at[i] - (i == 0 ? 0 : f.fail_at[i - 1]);
        f.fail_at.erase(f.fail_at.begin() + i);
        for (std::size_t j = i; j < f.fail_at.size(); ++j) f.fail_at[j] -= gap;
        return true;
      }
      if (f.fail_at.size() >= kMaxFailAt) return false;
      const uint64_t last = f.fail_at.empty() ? 0 : f.fail_at.back();
      f.fail_at.push_back(last + m.rng.integer(1, kMaxFailGap));
      return true;
    }
    case 1: {  // move one attempt, keeping the order and the gaps legal
      if (f.fail_at.empty()) return false;
      const std::size_t i = m.below(f.fail_at.size());
      const uint64_t prev = i == 0 ? 0 : f.fail_at[i - 1];
      uint64_t lo = prev + 1, hi = prev + kMaxFailGap;
      if (i + 1 < f.fail_at.size()) {
        const uint64_t next = f.fail_at[i + 1];
        hi = std::min(hi, next - 1);
        if (next > kMaxFailGap) lo = std::max(lo, next - kMaxFailGap);
      }
      if (lo > hi) return false;
      f.fail_at[i] = m.rng.integer(lo, hi);
      return true;
    }
    case 2:
      f.byte_budget = f.byte_budget == UINT64_MAX || m.percent(70)
                          ? m.rng.integer(0, kMaxByteBudget)
                          : UINT64_MAX;
      return true;
    default:
      if (f.probability > 0 && m.percent(40)) {
        f.probability = 0;
        f.seed = 0;
      } else {
        f.probability =
            static_cast<double>(m.rng.integer(1, kMaxFailProbability256)) /
            256.0;
        f.seed = m.rng.integer(0, UINT32_MAX);
      }
      return true;
  }
}

// ---- Keeping the result drawable. ----

// Iterator ops whose iterator is not open are dropped (the decoder would
// drop them too), and the trace is cut to the target's op bound.
void normalize(Trace& t, const DrawLimits& lim) {
  std::array<bool, kMaxIterators> open{};
  std::erase_if(t.ops,
                [&](const Op& op) { return !iterator_op_valid(op, open); });
  if (t.ops.size() > lim.max_ops) t.ops.resize(lim.max_ops);
}

struct Named {
  std::string_view name;
  bool (*apply)(Mutation&);
  unsigned weight;
};
constexpr Named kMutations[] = {
    {"insert-op", insert_op, 12},
    {"delete-ops", delete_ops, 10},
    {"duplicate-ops", duplicate_ops, 10},
    {"move-ops", move_ops, 4},
    {"change-op", change_op, 10},
    {"swap-key", swap_key, 16},
    {"burst", burst, 16},
    {"hasher", change_hasher, 5},
    {"hint", change_hint, 6},
    {"types", change_types, 3},
    {"seed", change_seed, 2},
    {"faults", change_faults, 12},
};

}  // namespace trace_mutation

using namespace trace_mutation;

std::string mutate_case(FuzzTarget t, FuzzCase& c, uint64_t seed) {
  SeededChoices rng(seed);
  Mutation m{t, fuzz_draw_limits(t), c, rng};
  unsigned total = 0;
  for (const Named& n : kMutations) total += n.weight;
  // A mutation may not apply to this case (nothing to delete, no make):
  // draw again, a bounded number of times.
  for (int attempt = 0; attempt < 8; ++attempt) {
    uint64_t roll = rng.integer(0, total - 1);
    const Named* pick = kMutations;
    while (roll >= pick->weight) roll -= pick++->weight;
    if (pick->apply(m)) {
      normalize(c.trace, m.lim);
      return std::string(pick->name);
    }
  }
  return "";
}

Trace splice_traces(FuzzTarget t, const Trace& a, const Trace& b,
                    uint64_t seed) {
  SeededChoices rng(seed);
  const DrawLimits lim = fuzz_draw_limits(t);
  Trace out = a;
  const std::size_t cut = rng.integer(0, a.ops.size());
  const std::size_t from = rng.integer(0, b.ops.size());
  const std::size_t len = rng.integer(0, b.ops.size() - from);
  const bool keep_tail = rng.integer(0, 1) == 1;
  std::vector<Op> ops(a.ops.begin(), a.ops.begin() + cut);
  for (std::size_t i = from; i < from + len; ++i) {
    Op op = b.ops[i];
    if (is_keyed(op) && a.types.key != b.types.key) {
      op.key = convert_key(op.key, a.types.key, lim);
    }
    ops.push_back(std::move(op));
  }
  if (keep_tail) ops.insert(ops.end(), a.ops.begin() + cut, a.ops.end());
  out.ops = std::move(ops);
  normalize(out, lim);
  return out;
}

std::string encode_within(FuzzTarget t, FuzzCase c, std::size_t max_size) {
  for (;;) {
    std::string bytes =
        encode_fuzz_input(t, c.trace, c.faults, EncodeCheck::kNone);
    if (bytes.size() <= max_size) return bytes;
    if (c.trace.ops.empty()) return "";
    // Ops cost about the same: keep the share that fits, and one op fewer
    // each round so the loop ends.
    const std::size_t n = c.trace.ops.size();
    const std::size_t keep = std::min(
        n - 1, static_cast<std::size_t>(static_cast<double>(n) *
                                        static_cast<double>(max_size) /
                                        static_cast<double>(bytes.size())));
    c.trace.ops.resize(keep);
    normalize(c.trace, fuzz_draw_limits(t));
  }
}

namespace trace_mutation {
// encode_within for the libFuzzer entry points: a mutation that produced
// something the generator cannot draw is a bug of this file (the unit tests
// look for them), but must not end a fuzz run as if the target had
// crashed: it is reported once and the input is left to byte mutation.
std::string encode_or_report(FuzzTarget t, FuzzCase c, std::size_t max_size,
                             const std::string& mutation) {
  try {
    return encode_within(t, std::move(c), max_size);
  } catch (const std::invalid_argument& e) {
    static bool reported = false;
    if (!std::exchange(reported, true)) {
      std::fprintf(stderr,
                   "gomapfuzz mutator: %s made an undrawable input (%s)\n",
                   mutation.c_str(), e.what());
    }
    return "";
  }
}
}  // namespace trace_mutation

std::size_t mutate_fuzz_input(FuzzTarget t, uint8_t* data, std::size_t size,
                              std::size_t max_size, unsigned seed,
                              ByteMutator byte_mutate) {
  SeededChoices rng(seed);
  if (byte_mutate && rng.integer(0, 99) < kByteMutationPercent) {
    return byte_mutate(data, size, max_size);
  }
  FuzzCase c = decode_fuzz_input(t, {data, size});
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string out;
  const std::string name = mutate_case(t, c, rng.integer(0, UINT64_MAX));
  if (!name.empty()) out = encode_or_report(t, std::move(c), max_size, name);
  if (out.empty() || out == input) {
    return byte_mutate ? byte_mutate(data, size, max_size) : size;
  }
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

std::size_t cross_over_fuzz_inputs(FuzzTarget t, const uint8_t* data1,
                                   std::size_t size1, const uint8_t* data2,
                                   std::size_t size2, uint8_t* out,
                                   std::size_t max_out, unsigned seed) {
  SeededChoices rng(seed);
  FuzzCase a = decode_fuzz_input(t, {data1, size1});
  if (rng.integer(0, 1) == 0) {
    const FuzzCase b = decode_fuzz_input(t, {data2, size2});
    a.trace = splice_traces(t, a.trace, b.trace, rng.integer(0, UINT64_MAX));
  } else {
    mutate_case(t, a, rng.integer(0, UINT64_MAX));
  }
  const std::string bytes =
      encode_or_report(t, std::move(a), max_out, "cross-over");
  if (bytes.empty() && max_out >= size1) {  // keep the first input
    std::memcpy(out, data1, size1);
    return size1;
  }
  std::memcpy(out, bytes.data(), bytes.size());
  return bytes.size();
}

}  // namespace gomapfuzz

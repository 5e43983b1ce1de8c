// Bursts of ops that drive a map to the states the laws speak about, drawn
// from any ChoiceSource (harness/op_source.h), like harness's draw_op.
//
// Single random ops rarely take a map far: draw_op's keys come from a pool of
// a few hundred, so the map settles at a few hundred keys and stops growing,
// and deletes and re-inserts of the same keys land in the same chains, so
// overflow buckets never pile up. Two bursts fix that:
//   fill   n fresh keys: the map crosses load-factor thresholds (doublings);
//   churn  a sliding window of fresh keys (insert the next, delete the one W
//          back): the window moves over ever new buckets, so chains that
//          once overflowed keep their overflow buckets while the count stays
//          low: Go's same-size growth (issues 16070, 9477);
//   capacity churn  a fresh map filled to one key under the load factor of
//          a small B, then churned with that window: the count stays at the
//          most B holds, chains overflow one after another, and a same-size
//          growth follows within a few hundred steps, for hashers that
//          spread keys. (Hashers that send every key to one chain, constant
//          and samebucket, never get there: a churned key lands in the chain
//          it left and reuses its slot.)
// Fresh keys never collide with draw_key's pooled keys (uint64 pool keys
// are below DrawLimits::key_space; string pool keys start with "k").
#ifndef GOMAPFUZZ_PROPERTIES_OP_BURSTS_H_
#define GOMAPFUZZ_PROPERTIES_OP_BURSTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "gomapfuzz/harness/op_source.h"

namespace gomapfuzz {

// Fresh key number n (see above): uint64 keys from 2^20 up, strings "f<n>".
inline TraceKey fresh_key(KeyType type, uint64_t n) {
  constexpr uint64_t kFreshBase = uint64_t{1} << 20;  // above any key pool
  if (type == KeyType::kString) return "f" + std::to_string(n);
  return kFreshBase + n;
}

inline Op put_op(TraceKey key, uint64_t value) {
  Op op;
  op.kind = OpKind::kPut;
  op.key = std::move(key);
  op.value = value;
  return op;
}
inline Op del_op(TraceKey key) {
  Op op;
  op.kind = OpKind::kDel;
  op.key = std::move(key);
  return op;
}
inline Op get_op(TraceKey key) {
  Op op;
  op.kind = OpKind::kGet;
  op.key = std::move(key);
  return op;
}

// Where a burst's fresh keys start: bursts of one trace rarely overlap.
template <ChoiceSource S>
uint64_t draw_fresh_base(S& s) {
  constexpr uint64_t kBases = uint64_t{1} << 24, kStride = uint64_t{1} << 16;
  return s.integer(0, kBases - 1) * kStride;
}

template <ChoiceSource S>
std::vector<Op> draw_fill(S& s, KeyType type, uint64_t max_len) {
  const uint64_t base = draw_fresh_base(s);
  const uint64_t n = s.integer(1, max_len);
  std::vector<Op> ops;
  for (uint64_t i = 0; i < n; ++i)
    ops.push_back(put_op(fresh_key(type, base + i), i));
  return ops;
}

template <ChoiceSource S>
std::vector<Op> draw_churn(S& s, KeyType type, uint64_t max_len) {
  constexpr uint64_t kMaxWindow = 64;  // a few buckets' worth of live keys
  const uint64_t base = draw_fresh_base(s);
  const uint64_t window = s.integer(1, kMaxWindow);
  const uint64_t n = s.integer(1, max_len);
  std::vector<Op> ops;
  for (uint64_t i = 0; i < n; ++i) {
    ops.push_back(put_op(fresh_key(type, base + i), i));
    if (i >= window) ops.push_back(del_op(fresh_key(type, base + i - window)));
  }
  return ops;
}

// The largest count 2^B buckets hold without overLoadFactor(count + 1, B):
// 13 * 2^(B-1) - 1 (8 - 1 at B = 0, where one bucket holds 8).
constexpr uint64_t keys_below_load_factor(int b) {
  return (b == 0 ? 8 : uint64_t{13} << (b - 1)) - 1;
}

template <ChoiceSource S>
std::vector<Op> draw_capacity_churn(S& s, KeyType type, int max_b,
                                    uint64_t max_turnovers) {
  const int b = static_cast<int>(s.integer(1, static_cast<uint64_t>(max_b)));
  const uint64_t window = keys_below_load_factor(b);
  const uint64_t base = draw_fresh_base(s);
  const uint64_t steps = s.integer(1, max_turnovers * window);
  std::vector<Op> ops;
  Op make;
  make.kind = OpKind::kMake;
  ops.push_back(make);
  for (uint64_t i = 0; i < window + steps; ++i) {
    ops.push_back(put_op(fresh_key(type, base + i), i));
    if (i >= window) ops.push_back(del_op(fresh_key(type, base + i - window)));
  }
  return ops;
}

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_OP_BURSTS_H_

// The map's source of randomness, seedable so every run can be replayed.
//
// Go draws from fastrand() for: the per-map hash seed hash0 (at make, when a
// delete empties the map, at mapclear), the start of each iteration, the hash
// of a NaN key, and noverflow's probabilistic increments at B >= 16. mapcore
// draws the same things from three independent splitmix64 streams, so that the
// Go oracle can reproduce the hash0 stream alone (it pins Go's hash0 through
// unsafe) while Go's own iteration starts are recorded instead.
#ifndef MAPCORE_RANDOM_SOURCE_H_
#define MAPCORE_RANDOM_SOURCE_H_

#include <cstdint>

namespace mapcore {

// splitmix64 (Steele, Lea, Flood 2014): tiny, full-period, trivially ported to
// the Go oracle. Quality far beyond what these draws need.
class SplitMix64 {
 public:
  explicit constexpr SplitMix64(uint64_t state) : state_(state) {}
  constexpr uint64_t next() { return finalize(state_ += kGolden); }
  static constexpr uint64_t finalize(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

 private:
  static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15;  // 2^64 / phi
  uint64_t state_;
};

class RandomSource {
 public:
  // Stream k starts at finalize(seed + k): distinct seeds and streams never
  // share a sequence in practice.
  explicit constexpr RandomSource(uint64_t seed = 0)
      : hash0_(SplitMix64::finalize(seed + kHash0Stream)),
        iteration_(SplitMix64::finalize(seed + kIterationStream)),
        misc_(SplitMix64::finalize(seed + kMiscStream)) {}

  // fastrand() for hash0: Go's hash0 is a uint32.
  constexpr uint32_t next_hash0() {
    ++hash0_draws_;
    return static_cast<uint32_t>(hash0_.next());
  }
  // How many hash0s were drawn (mapcore's count, for op_laws.h's reseed
  // rule: Go draws one exactly when an op empties the map).
  constexpr uint64_t hash0_draws() const { return hash0_draws_; }
  // The r of mapiterinit.
  constexpr uint64_t next_iteration_start() { return iteration_.next(); }
  // NaN hashes, noverflow increments.
  constexpr uint32_t next_misc32() {
    return static_cast<uint32_t>(misc_.next());
  }

  static constexpr uint64_t kHash0Stream = 1;
  static constexpr uint64_t kIterationStream = 2;
  static constexpr uint64_t kMiscStream = 3;

 private:
  SplitMix64 hash0_;
  SplitMix64 iteration_;
  SplitMix64 misc_;
  uint64_t hash0_draws_ = 0;
};

}  // namespace mapcore

#endif  // MAPCORE_RANDOM_SOURCE_H_

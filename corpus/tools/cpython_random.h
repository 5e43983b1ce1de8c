// The draws of CPython's random.Random(seed) that the traces were first
// written with (randrange(n), shuffle), so that regenerating them keeps every
// committed trace op for op: the oracle's traces were checked against Go
// 1.19 and their figures are quoted in oracle/README.md.
//
// CPython's generator is MT19937, the engine std::mt19937 is; only its
// seeding differs: CPython fills the state with the reference
// init_by_array(key = the seed's 32-bit words) of mt19937ar.c, which
// CPythonSeed below does as a seed sequence for std::mt19937.
#ifndef GOMAPFUZZ_CORPUS_TOOLS_CPYTHON_RANDOM_H_
#define GOMAPFUZZ_CORPUS_TOOLS_CPYTHON_RANDOM_H_

#include <bit>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace gomapfuzz::corpus_tools {

// init_by_array(init_key = {seed}) for a seed below 2^32 (CPython's key is
// the seed's 32-bit words, one here).
class CPythonSeed {
 public:
  using result_type = uint32_t;
  explicit CPythonSeed(uint32_t seed) : seed_(seed) {}
  std::size_t size() const { return 1; }

  template <class It>
  void generate(It first, It last) const {
    constexpr uint32_t kN = 624;
    uint32_t mt[kN];
    mt[0] = 19650218;  // init_genrand(19650218)
    for (uint32_t i = 1; i < kN; ++i) {
      mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i;
    }
    uint32_t i = 1;
    for (uint32_t k = kN; k; --k) {  // max(N, key length) mixing rounds
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + seed_;
      if (++i >= kN) {
        mt[0] = mt[kN - 1];
        i = 1;
      }
    }
    for (uint32_t k = kN - 1; k; --k) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - i;
      if (++i >= kN) {
        mt[0] = mt[kN - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000u;  // the most significant bit is 1: non-zero state
    for (uint32_t j = 0; first != last; ++first, ++j) *first = mt[j % kN];
  }

 private:
  uint32_t seed_;
};

class CPythonRandom {
 public:
  explicit CPythonRandom(uint32_t seed) {
    CPythonSeed s(seed);
    mt_.seed(s);
  }

  // randrange(n), n > 0: getrandbits(bit_length(n)) until below n.
  uint64_t randrange(uint32_t n) {
    const int k = std::bit_width(n);
    uint32_t r;
    do {
      r = static_cast<uint32_t>(mt_()) >> (32 - k);
    } while (r >= n);
    return r;
  }

  template <class T>
  void shuffle(std::vector<T>& x) {
    for (std::size_t i = x.size(); i-- > 1;) {
      std::swap(x[i], x[randrange(static_cast<uint32_t>(i + 1))]);
    }
  }

  // list.pop(randrange(len(list))).
  template <class T>
  T pop_random(std::vector<T>& x) {
    const auto at = x.begin() + static_cast<std::ptrdiff_t>(
                                    randrange(static_cast<uint32_t>(x.size())));
    T v = std::move(*at);
    x.erase(at);
    return v;
  }

 private:
  std::mt19937 mt_;
};

}  // namespace gomapfuzz::corpus_tools

#endif  // GOMAPFUZZ_CORPUS_TOOLS_CPYTHON_RANDOM_H_

// Port of Go 1.19's aeshashbody / memhash32 / memhash64 (runtime/asm_amd64.s;
// Copyright The Go Authors, BSD 3-clause licence). The algorithm is described
// in mapcore/hash/aes_hash.h; comments here map the C++ back to the assembly.
//
// Notation: Go's assembler writes "AESENC src, dst", meaning
// dst = AESENC(state=dst, round key=src), which is _mm_aesenc_si128(dst, src).
//
// The AES-NI code is compiled per function through a target attribute, so
// this file needs no -maes/-msse4.1/-mssse3 flags: only the functions below
// contain AES instructions, and callers gate them on aes_hash_supported().
#include "mapcore/hash/aes_hash.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <smmintrin.h>
#include <tmmintrin.h>
#include <wmmintrin.h>
#endif

namespace mapcore {
namespace {

// splitmix64 (Steele, Lea, Flood 2014), identical to mapcore::SplitMix64 and
// to the Go recorder's copy (oracle/hash_vectors/output.go). Kept local so the
// key schedule never changes behind the golden vectors' back.
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15;  // 2^64 / phi, the increment
uint64_t splitmix64_finalize(uint64_t z) {
  // Stafford's "Mix13" multipliers, as in the reference splitmix64.
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

}  // namespace

AesKeySchedule AesKeySchedule::from_seed(uint64_t s) {
  AesKeySchedule ks;
  constexpr int kWords = sizeof(ks.bytes) / sizeof(uint64_t);
  for (int word = 0; word < kWords; ++word) {
    s += kGolden;
    const uint64_t v = splitmix64_finalize(s);
    // Little-endian explicitly, so the bytes do not depend on the host.
    for (int b = 0; b < 8; ++b) {
      ks.bytes[8 * word + b] = static_cast<unsigned char>(v >> (8 * b));
    }
  }
  return ks;
}

#if defined(__x86_64__)

// Enables the instruction sets Go requires for its AES hash, per function.
#define MAPCORE_AES_TARGET __attribute__((target("aes,sse4.1,ssse3")))

namespace {

constexpr size_t kBlock = 16;  // bytes in one XMM register / AES block
constexpr int kMaxLanes = 8;   // aeskeysched holds 8 round keys: K0..K7
// Bytes consumed per iteration of the 129+ loop: one block per lane.
constexpr size_t kWideBlock = kMaxLanes * kBlock;
// Multiplying a 16-bit value by this repeats it in all four 16-bit fields of
// a 64-bit word: PINSRW $4 + PSHUFHW $0 fill words 4..7 of X0 with the length.
constexpr uint64_t kRepeat16x4 = 0x0001000100010001;

MAPCORE_AES_TARGET inline __m128i round_key(const AesKeySchedule& ks, int i) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(ks.bytes) + i);
}

MAPCORE_AES_TARGET inline __m128i load(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// AESENC X, X: one AES round keyed by the state itself.
MAPCORE_AES_TARGET inline __m128i scramble(__m128i x) {
  return _mm_aesenc_si128(x, x);
}

// The "scramble 3 times" every lane gets before the final XOR.
MAPCORE_AES_TARGET inline __m128i scramble3(__m128i x) {
  return scramble(scramble(scramble(x)));
}

// MOVQ X, AX: the hash is the low 64 bits.
MAPCORE_AES_TARGET inline uint64_t low64(__m128i x) {
  return static_cast<uint64_t>(_mm_cvtsi128_si64(x));
}

// aeshashbody's prologue: MOVQ seed, X0; PINSRW $4, len, X0; PSHUFHW $0.
// Only the low 16 bits of the length survive PINSRW.
MAPCORE_AES_TARGET inline __m128i seed_block(uint64_t seed, size_t n) {
  const uint64_t len16 = static_cast<uint16_t>(n);
  return _mm_set_epi64x(static_cast<long long>(len16 * kRepeat16x4),
                        static_cast<long long>(seed));
}

// Starting seed of lane i: PXOR aeskeysched+16*i, then AESENC X, X. Go
// computes lane 0 (X0) from the seed block and lanes 1..7 from the saved,
// unscrambled copy in X1, which is the same formula.
MAPCORE_AES_TARGET inline __m128i lane_seed(__m128i block,
                                            const AesKeySchedule& ks, int i) {
  return scramble(_mm_xor_si128(block, round_key(ks, i)));
}

// aes0to15 / aes16 (label final1): one block XOR seed 0, scrambled 3 times.
// For n < 16 Go loads 16 bytes and masks (or, near a page end, loads
// backwards and shuffles down with zero fill): both give the zero-padded
// bytes, which a local copy reproduces without reading past the input.
MAPCORE_AES_TARGET uint64_t hash_upto16(const unsigned char* p, size_t n,
                                        __m128i seed0) {
  alignas(16) unsigned char padded[kBlock] = {};
  std::memcpy(padded, p, n);
  return low64(scramble3(_mm_xor_si128(load(padded), seed0)));
}

// aes17to32 (Lanes = 2), aes33to64 (4), aes65to128 (8): the first Lanes/2
// blocks and the last Lanes/2 blocks (overlapping when n is not
// 16 * Lanes), each XOR its lane seed and scrambled 3 times, all XORed.
// Go's pairwise XOR tree is order-independent, so a running XOR matches it.
template <int Lanes>
MAPCORE_AES_TARGET uint64_t hash_lanes(const unsigned char* p, size_t n,
                                       __m128i block,
                                       const AesKeySchedule& ks) {
  __m128i acc = _mm_setzero_si128();
  for (int i = 0; i < Lanes; ++i) {
    const unsigned char* src =
        i < Lanes / 2 ? p + kBlock * i : p + n - kBlock * (Lanes - i);
    const __m128i lane = _mm_xor_si128(load(src), lane_seed(block, ks, i));
    acc = _mm_xor_si128(acc, scramble3(lane));
  }
  return low64(acc);
}

// aes129plus: the 8 lanes start from the last (possibly overlapping) 128
// bytes; then each of the (n-1)/128 leading 128-byte chunks is absorbed by
// scrambling every lane and doing one AESENC with that lane's 16 bytes of
// the chunk as the round key; 3 final scrambles per lane; XOR of all lanes.
MAPCORE_AES_TARGET uint64_t hash_129plus(const unsigned char* p, size_t n,
                                         __m128i block,
                                         const AesKeySchedule& ks) {
  __m128i state[kMaxLanes];
  const unsigned char* tail = p + n - kWideBlock;
  for (int i = 0; i < kMaxLanes; ++i) {
    state[i] = _mm_xor_si128(load(tail + kBlock * i), lane_seed(block, ks, i));
  }
  // DECQ CX; SHRQ $7, CX: (n-1)/128 chunks, never the whole tail again.
  for (size_t chunks = (n - 1) / kWideBlock; chunks > 0; --chunks) {
    for (int i = 0; i < kMaxLanes; ++i) {
      state[i] = _mm_aesenc_si128(scramble(state[i]), load(p + kBlock * i));
    }
    p += kWideBlock;
  }
  __m128i acc = _mm_setzero_si128();
  for (int i = 0; i < kMaxLanes; ++i) {
    acc = _mm_xor_si128(acc, scramble3(state[i]));
  }
  return low64(acc);
}

// memhash32/memhash64's body: [seed | key] through AESENC with K0, K1, K2.
MAPCORE_AES_TARGET uint64_t hash_word(uint64_t key, uint64_t seed,
                                      const AesKeySchedule& ks) {
  __m128i x =
      _mm_set_epi64x(static_cast<long long>(key), static_cast<long long>(seed));
  for (int i = 0; i < 3; ++i) x = _mm_aesenc_si128(x, round_key(ks, i));
  return low64(x);
}

}  // namespace

bool aes_hash_supported() {
  // CPUID leaf 1, ECX: the three features alginit checks (AESENC; PSHUFB
  // from SSSE3; PINSRD/PINSRQ from SSE4.1).
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  constexpr unsigned kNeeded = bit_AES | bit_SSSE3 | bit_SSE4_1;
  return (ecx & kNeeded) == kNeeded;
}

MAPCORE_AES_TARGET uint64_t aes_memhash(const void* data, size_t n,
                                        uint64_t seed,
                                        const AesKeySchedule& ks) {
  const auto* p = static_cast<const unsigned char*>(data);
  const __m128i block = seed_block(seed, n);
  if (n == 0) return low64(scramble(lane_seed(block, ks, 0)));  // aes0
  if (n <= kBlock) return hash_upto16(p, n, lane_seed(block, ks, 0));
  if (n <= 2 * kBlock) return hash_lanes<2>(p, n, block, ks);
  if (n <= 4 * kBlock) return hash_lanes<4>(p, n, block, ks);
  if (n <= kWideBlock) return hash_lanes<8>(p, n, block, ks);
  return hash_129plus(p, n, block, ks);
}

MAPCORE_AES_TARGET uint64_t aes_memhash64(uint64_t key, uint64_t seed,
                                          const AesKeySchedule& ks) {
  // MOVQ seed, X0 (zeroes the high half); PINSRQ $1, key, X0.
  return hash_word(key, seed, ks);
}

MAPCORE_AES_TARGET uint64_t aes_memhash32(uint32_t key, uint64_t seed,
                                          const AesKeySchedule& ks) {
  // MOVQ seed, X0; PINSRD $2, key, X0: dword 3 stays zero from the MOVQ, so
  // the block is the zero-extended key, exactly as in memhash64.
  return hash_word(key, seed, ks);
}

#else  // !defined(__x86_64__)

// Go's AES hash as ported here is amd64-only. Elsewhere report "unsupported"
// so callers (and the tests) take the documented path instead of crashing.
namespace {
[[noreturn]] void no_aes_hash() {
  std::fputs("mapcore: the AES map hash needs x86-64 with AES-NI\n", stderr);
  std::abort();
}
}  // namespace

bool aes_hash_supported() { return false; }
uint64_t aes_memhash(const void*, size_t, uint64_t, const AesKeySchedule&) {
  no_aes_hash();
}
uint64_t aes_memhash64(uint64_t, uint64_t, const AesKeySchedule&) {
  no_aes_hash();
}
uint64_t aes_memhash32(uint32_t, uint64_t, const AesKeySchedule&) {
  no_aes_hash();
}

#endif  // defined(__x86_64__)

}  // namespace mapcore

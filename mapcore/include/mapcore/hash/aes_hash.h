// Go 1.19's amd64 AES map hash (runtime/asm_amd64.s), bit-exact.
//
// Go uses this hash instead of the portable one (go_fallback_hash.h) whenever
// the CPU has AES-NI, SSSE3 and SSE4.1 (alginit in runtime/alg.go), i.e. on
// every realistic amd64 machine. Ported from Go 1.19 (Copyright The Go
// Authors; BSD 3-clause licence, as in Go's LICENSE file).
//
// Inputs: the per-process 128-byte key schedule runtime.aeskeysched (eight
// 16-byte round keys K0..K7, random in Go), the per-map 64-bit seed hash0, and
// the key bytes. Every mixing step is one AESENC (one full AES round:
// ShiftRows, SubBytes, MixColumns, then XOR with a round key); "scramble(x)"
// below means AESENC with x as its own round key.
//
// memhash(p, n, seed) (runtime·memhash, jumping into aeshashbody):
//   S        = [seed (64 bits) | low 16 bits of n, repeated 4 times]
//   lane i   : seed_i = scramble(S ^ Ki), i = 0..7   (n only mixes in here)
//   n == 0   : scramble(seed_0)
//   n 1..15  : the bytes zero-padded to 16 (Go masks a 16-byte load, or on
//              a page edge loads backwards and shuffles; both equal the
//              zero-padded block), XOR seed_0, scrambled 3 times
//   n == 16  : the block XOR seed_0, scrambled 3 times
//   n 17..32 : 2 lanes: the first and the last 16 bytes (overlapping)
//   n 33..64 : 4 lanes: the first 32 and the last 32 bytes
//   n 65..128: 8 lanes: the first 64 and the last 64 bytes
//              (each lane: block XOR seed_i, scrambled 3 times)
//   n 129+   : 8 lanes start as the last 128 bytes XOR seed_i; then for each
//              of the (n-1)/128 leading 128-byte blocks: scramble, then an
//              AESENC with the block's 16 bytes as the round key; finally 3
//              scrambles
//   The lanes are XORed together and the low 64 bits are the hash.
//
// strhash(s, seed) is exactly memhash(s.data, s.len, seed): runtime·strhash
// only unpacks the string header before jumping into the same aeshashbody.
//
// memhash64 / memhash32 have their own short bodies and do NOT equal memhash
// of 8 / 4 bytes: [seed | key zero-extended to 64 bits] goes through three
// AESENC rounds keyed by K0, K1, K2. So memhash32(k) == memhash64(k).
//
// Only the low 16 bits of n reach the seed block (PINSRW): lengths differing
// by a multiple of 65536 get the same seed lanes (the data still differs).
#ifndef MAPCORE_HASH_AES_HASH_H_
#define MAPCORE_HASH_AES_HASH_H_

#include <cstddef>
#include <cstdint>

namespace mapcore {

// Go's runtime.aeskeysched: 8 AES round keys of 16 bytes, used in order K0..K7
// by the lanes above. Aligned like Go's (its PXOR/AESENC take it as a memory
// operand, which must be 16-byte aligned).
struct AesKeySchedule {
  alignas(16) unsigned char bytes[128];

  // Deterministic stand-in for Go's random fill (getRandomData), so that the
  // Go oracle can install the very same bytes: 16 successive splitmix64
  // outputs from state s (the mapcore::SplitMix64 stream: state += 2^64/phi,
  // then finalize), each stored little-endian. bytes[8*i .. 8*i+7] = output i.
  static AesKeySchedule from_seed(uint64_t s);
};

// True iff the CPU has AES-NI, SSSE3 and SSE4.1: the condition under which Go
// 1.19 on amd64 uses this hash (alginit). The functions below execute AES-NI
// instructions and must only be called when this returns true.
bool aes_hash_supported();

// runtime·memhash(p, seed, n). Reads exactly bytes [p, p+n).
uint64_t aes_memhash(const void* p, size_t n, uint64_t seed,
                     const AesKeySchedule& ks);

// runtime·memhash64: the hash Go's maps use for 8-byte keys (int64, pointers,
// ...). Differs from aes_memhash of the same 8 bytes.
uint64_t aes_memhash64(uint64_t key, uint64_t seed, const AesKeySchedule& ks);

// runtime·memhash32: the hash for 4-byte keys. Differs from aes_memhash of
// the same 4 bytes; equals aes_memhash64(key, ...).
uint64_t aes_memhash32(uint32_t key, uint64_t seed, const AesKeySchedule& ks);

}  // namespace mapcore

#endif  // MAPCORE_HASH_AES_HASH_H_

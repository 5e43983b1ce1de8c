// Structure-aware mutation for the map fuzz targets.
//
// libFuzzer's byte mutations mostly break the op structure the decoder reads
// (a flipped byte in the middle turns every later op into another one). The
// mutator here works on what the bytes mean: it decodes the input into its
// trace (and fault plan), changes that, and encodes the result with the same
// codec (harness/fuzz_decode.h), so every output decodes within the target's
// bounds. The changes, one per call:
//   ops      insert a drawn op, delete / duplicate / move an op or a run of
//            ops, change an op's kind, key or value
//   bursts   state-aware runs of ops, aimed with a MapProbe at the map just
//            before the insertion point: fill up to the next growth
//            threshold (one short, exactly at, one past), churn (insert a
//            new key, delete an old one) until overflow buckets pile up into
//            a same-size growth, delete every live key (emptyRest walks,
//            count 0 reseeds hash0), open/advance iterators across a
//            growth (map_iterate)
//   keys     swap a key for one that collides with a live key of the map at
//            that op: same bucket in the current B, same bucket and same
//            tophash, same X/Y half at the next doubling or the other one
//   header   change the hasher family or parameter, the make hint (around
//            the load-factor thresholds), the value type, the seed; the
//            fault plan (map_alloc_faults)
// and, for a share of the calls, libFuzzer's own byte mutation
// (LLVMFuzzerMutate), which keeps the dictionary, comparison-guided and
// byte-level exploration. The cross-over splices two traces: a prefix of
// one, then a run of ops from the other (keys converted to the first's key
// type).
//
// Everything is deterministic in the seed libFuzzer passes, so a run with
// -seed=N is reproducible.
#ifndef GOMAPFUZZ_FUZZ_TRACE_MUTATOR_H_
#define GOMAPFUZZ_FUZZ_TRACE_MUTATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "gomapfuzz/harness/fuzz_decode.h"

namespace gomapfuzz {

// libFuzzer's byte-level mutation (LLVMFuzzerMutate's signature).
using ByteMutator = std::size_t (*)(uint8_t* data, std::size_t size,
                                    std::size_t max_size);

// Percent of mutate_fuzz_input calls handed to the byte mutator.
inline constexpr unsigned kByteMutationPercent = 20;

// One structured change of c, within the generator bounds of target t
// (the trace stays drawable, so it encodes). Returns the change's name.
std::string mutate_case(FuzzTarget t, FuzzCase& c, uint64_t seed);

// a's header and ops up to a cut, then a run of b's ops (converted to a's
// key type), then possibly the rest of a.
Trace splice_traces(FuzzTarget t, const Trace& a, const Trace& b,
                    uint64_t seed);

// The bytes of c for target t, at most max_size of them: trailing ops are
// dropped until the encoding fits. Empty when nothing fits.
std::string encode_within(FuzzTarget t, FuzzCase c, std::size_t max_size);

// LLVMFuzzerCustomMutator for target t: a structured change, or (for
// kByteMutationPercent of the calls, and whenever the structured one cannot
// produce an input that fits) byte_mutate's. Returns the new size.
std::size_t mutate_fuzz_input(FuzzTarget t, uint8_t* data, std::size_t size,
                              std::size_t max_size, unsigned seed,
                              ByteMutator byte_mutate);

// LLVMFuzzerCustomCrossOver for target t: a splice of the two traces half
// of the time, else a structured change of the first (libFuzzer draws its
// cross-over as often as all other mutations together).
std::size_t cross_over_fuzz_inputs(FuzzTarget t, const uint8_t* data1,
                                   std::size_t size1, const uint8_t* data2,
                                   std::size_t size2, uint8_t* out,
                                   std::size_t max_out, unsigned seed);

}  // namespace gomapfuzz

// In a map target's source: its LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver (the libprotobuf-mutator DEFINE_PROTO_FUZZER
// pattern). LLVMFuzzerMutate is weak: an engine without it (a replay binary)
// links, and the byte fallback is then skipped.
extern "C" std::size_t LLVMFuzzerMutate(uint8_t* data, std::size_t size,
                                        std::size_t max_size)
    __attribute__((weak));

#define GOMAPFUZZ_TRACE_MUTATOR(target)                                       \
  extern "C" std::size_t LLVMFuzzerCustomMutator(                             \
      uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) { \
    return gomapfuzz::mutate_fuzz_input(target, data, size, max_size, seed,   \
                                        &LLVMFuzzerMutate);                   \
  }                                                                           \
  extern "C" std::size_t LLVMFuzzerCustomCrossOver(                           \
      const uint8_t* data1, std::size_t size1, const uint8_t* data2,          \
      std::size_t size2, uint8_t* out, std::size_t max_out, unsigned seed) {  \
    return gomapfuzz::cross_over_fuzz_inputs(target, data1, size1, data2,     \
                                             size2, out, max_out, seed);      \
  }

#endif  // GOMAPFUZZ_FUZZ_TRACE_MUTATOR_H_

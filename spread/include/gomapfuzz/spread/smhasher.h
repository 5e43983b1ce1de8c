// SMHasher-style tests, as Go 1.19 ports them in runtime/hash_test.go.
//
// Key sets and sizes are Go's (non-short sizes in full mode, testing.Short
// sizes or smaller subsets in quick mode), listed in smhasher.cc beside each
// generator: sanity/alignment, appended zeros, small keys, zeros, two
// non-zero bytes, cyclic, sparse, permutation, avalanche, windowed, text,
// seed independence, and Go's TestCollisions (low 16 bits). Each key set's
// hashes go through hash_set_checks.h: Go's own 64-bit collision bound
// (HashSet.check), plus the partial-bit collision and window-distribution
// checks SMHasher uses to fail hashes whose 64-bit collisions look fine.
//
// Go's comment "our fallback hash functions don't [pass Smhasher], so we only
// enable the difficult tests when we know the AES implementation is
// available" survives in Go 1.19's hash_test.go, but no 1.19 test is gated
// on it any more (only the MemHash32/64 equality tests check UseAeshash, and
// they skip WITH AES): since Go 1.17's wyhash-based fallback, every test runs
// for both hashes. The battery runs every test for every hash.
#ifndef GOMAPFUZZ_SPREAD_SMHASHER_H_
#define GOMAPFUZZ_SPREAD_SMHASHER_H_

#include <cstdint>
#include <vector>

#include "gomapfuzz/spread/avalanche.h"
#include "gomapfuzz/spread/hash_under_test.h"
#include "gomapfuzz/spread/results.h"
#include "gomapfuzz/spread/unit_hook.h"

namespace gomapfuzz::spread {

struct SmhasherOptions {
  bool full = true;   // Go's non-short sizes (else quick subsets)
  uint64_t seed = 1;  // random keys (Go uses rand.NewSource(1234))
  int jobs = 1;
  double family_alpha = 1e-3;  // Bonferroni over the section's p-values
  // One unit per key set job ("two-nonzero", "cyclic", ...; names repeat).
  UnitHook on_unit;
};

struct SmhasherResult {
  Section section;
  std::vector<AvalancheGrid> grids;  // for the heat map
};

SmhasherResult run_smhasher(const HashUnderTest& h, const SmhasherOptions& o);

// The units run_smhasher(h, o) runs, for a progress total.
std::size_t smhasher_unit_count(const SmhasherOptions& o);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_SMHASHER_H_

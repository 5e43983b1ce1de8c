// Go-geometry tests: does a hash spread real key families well where Go's map
// looks at it?
//
// Go's map uses three parts of a hash (runtime/map.go):
//   - the low B bits choose one of 2^B buckets;
//   - the top 8 bits are the tophash, compared before the key itself;
//   - on doubling, bit B sends each key of bucket b to b (X) or b + 2^B (Y).
// A bucket holds kBucketCnt = 8 keys, then grows an overflow chain.
//
// For each key family (key_families.h), map size B in [min_b, max_b] and load
// factor in `loads`, the n = ceil(load * 2^B) first keys are bucketed with
// mapcore's own geometry (bucket = hash & mask, tophash_of) and compared with
// an ideal random hash: chi-square of the bucket loads, the share of buckets
// with an overflow chain, the mean and the longest chain, tophash collisions
// inside a bucket, and (at load 6.5) the X/Y split of the next doubling. Load
// 3.25 is the state right after a doubling. Chains are computed from the
// bucket loads (an insert-only chain is ceil(load/8) buckets); the
// realmap-doubled test checks that model against a real mapcore::Map that
// grew past the load factor, with Go's incremental evacuation, and tests the
// real map's chains.
#ifndef GOMAPFUZZ_SPREAD_GEOMETRY_H_
#define GOMAPFUZZ_SPREAD_GEOMETRY_H_

#include <cstdint>
#include <vector>

#include "gomapfuzz/spread/hash_under_test.h"
#include "gomapfuzz/spread/key_families.h"
#include "gomapfuzz/spread/results.h"
#include "gomapfuzz/spread/unit_hook.h"

namespace gomapfuzz::spread {

struct GeometryOptions {
  int min_b = 3;
  int max_b = 20;
  // Load factors (keys per bucket): 3.25 right after a doubling, 6.5 right
  // before the next one (Go's loadFactor 13/2).
  std::vector<double> loads = {3.25, 4.0, 5.0, 6.0, 6.5};
  std::vector<KeyFamily> families = all_key_families();
  // Real mapcore maps are built up to this B (their inserts cost ~100 ns).
  int realmap_max_b = 16;
  // B of the bucket-load and chain histograms kept for the plots.
  int plot_b = 16;
  // Family-wise error rate: the per-test alpha is this over the number of
  // p-values the section computes (Bonferroni).
  double family_alpha = 1e-3;
  uint64_t seed = 1;
  int jobs = 1;
  // One unit per key family, named by key_family_name.
  UnitHook on_unit;
};

// Histograms at (plot_b, highest load) for one key family.
struct GeometryPlotData {
  KeyFamily family{};
  int b = 0;
  double load = 0;
  uint64_t n = 0;
  std::vector<uint64_t> load_hist;   // [c] = buckets holding c keys
  std::vector<uint64_t> chain_hist;  // [L] = buckets whose chain is L long
};

struct GeometryResult {
  Section section;
  std::vector<GeometryPlotData> plots;
};

GeometryResult run_geometry(const HashUnderTest& h, const GeometryOptions& o);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_GEOMETRY_H_

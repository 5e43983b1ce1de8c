// The battery's figures, one SVG per test family (written by --report DIR):
//   bucket_loads.svg   per key family, the share of buckets holding c keys at
//                      the plotted (B, load) against the Poisson curve an
//                      ideal hash follows;
//   chain_lengths.svg  per key family, the share of buckets whose chain is L
//                      buckets long (log scale) against the ideal;
//   avalanche.svg      per key type, a heat map of flip rate per (input bit,
//                      output bit): white = 1/2, red = flips too often, blue
//                      = too rarely.
#ifndef GOMAPFUZZ_SPREAD_PLOTS_H_
#define GOMAPFUZZ_SPREAD_PLOTS_H_

#include <string>
#include <vector>

#include "gomapfuzz/spread/avalanche.h"
#include "gomapfuzz/spread/geometry.h"

namespace gomapfuzz::spread {

std::string bucket_loads_svg(const std::string& hash_name,
                             const std::vector<GeometryPlotData>& plots);
std::string chain_lengths_svg(const std::string& hash_name,
                              const std::vector<GeometryPlotData>& plots);
std::string avalanche_svg(const std::string& hash_name,
                          const std::vector<AvalancheGrid>& grids);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_PLOTS_H_

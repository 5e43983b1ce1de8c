// The whole battery for one hash: Go-geometry tests, SMHasher-style tests and
// throughput, in full (the CLI default) or quick (ctest) size, plus the SVG
// report. `gomapfuzz spread` is a thin shell over run_battery and
// write_report.
//
// Sizes:
//   full   geometry B=3..20 at loads 3.25 4 5 6 6.5, real maps to B=16;
//          SMHasher-style at Go's non-short sizes; throughput 0.2 s a size.
//   quick  geometry B=3..14 at loads 3.25 5 6.5, real maps to B=10;
//          SMHasher-style at Go's short sizes or subsets; throughput 0.02 s.
#ifndef GOMAPFUZZ_SPREAD_BATTERY_H_
#define GOMAPFUZZ_SPREAD_BATTERY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gomapfuzz/spread/avalanche.h"
#include "gomapfuzz/spread/geometry.h"
#include "gomapfuzz/spread/hash_registry.h"
#include "gomapfuzz/spread/results.h"

namespace gomapfuzz::spread {

struct BatteryOptions {
  bool full = true;
  uint64_t seed = 1;
  int jobs = 2;
  bool geometry = true;
  bool smhasher = true;
  bool throughput = true;
  std::vector<KeyFamily> families = all_key_families();
  double family_alpha = 1e-3;
};

struct Battery {
  BatteryReport report;
  std::vector<GeometryPlotData> plots;
  std::vector<AvalancheGrid> grids;
};

// One unit of the battery's work (a key family, an SMHasher key set, a
// throughput key size) starting or ending.
struct BatteryStep {
  std::string section;  // "geometry", "smhasher", "throughput" (--sections)
  std::string unit;     // "seq-int", "two-nonzero", "8-byte keys"
  bool finished = false;
  uint64_t done = 0;   // units finished so far, this one included
  uint64_t total = 0;  // units of the whole run
};
// Called on the thread that runs the unit; several threads may call it at
// once (see unit_hook.h).
using BatteryProgress = std::function<void(const BatteryStep&)>;

GeometryOptions geometry_options(const BatteryOptions& o);

// Runs the selected sections; `progress` (may be empty) hears of each unit
// as it starts and ends.
Battery run_battery(const NamedHash& h, const BatteryOptions& o,
                    const BatteryProgress& progress = {});

// Writes report.txt and the SVGs of plots.h into `dir` (created if needed).
// Returns the files written. Throws std::runtime_error when it cannot write.
std::vector<std::string> write_report(const Battery& b, const std::string& dir);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_BATTERY_H_

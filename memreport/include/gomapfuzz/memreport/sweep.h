// The sweep: how a map's memory evolves with its size, with and without a
// hint, for the plot (sweep_plot.h) and for --sweep --csv.
//
// Without a hint, one map grows from make(map[K]V) to max_n entries; a point
// is taken on a logarithmic grid and on both sides of every growth event
// (a growth starting, its evacuation ending), so the plot shows each step of
// the sawtooth where it happens. With a hint, every grid point n is its own
// map: make(map[K]V, n), then n inserts. Keys are numbered as in scenario.h.
#ifndef GOMAPFUZZ_MEMREPORT_SWEEP_H_
#define GOMAPFUZZ_MEMREPORT_SWEEP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "gomapfuzz/memreport/type_menu.h"

namespace gomapfuzz::memreport {

struct SweepSpec {
  TypeSpec key;
  TypeSpec value;
  int64_t max_n = 1000000;
  // Grid density: 20 points a decade draws smooth curves at ~120 points for
  // 1..10^6; the hinted maps then insert about 9 max_n keys in total.
  int points_per_decade = 20;
  int key_len = 16;
  uint64_t seed = 0;
  // Called now and then with (inserts done, inserts in all), for a
  // progress line.
  std::function<void(uint64_t, uint64_t)> progress;
};

struct SweepPoint {
  int64_t n = 0;
  uint8_t B = 0;
  uint64_t total_bytes = 0;  // live bytes as Go allocates them
  double bytes_per_entry = 0;
  uint64_t allocated_bytes = 0;  // allocated so far, garbage included
};

struct GrowthMark {
  int64_t n = 0;  // the insert that started the growth
  uint8_t B = 0;  // B after it
  bool same_size = false;
};

struct Sweep {
  SweepSpec spec;
  std::vector<SweepPoint> no_hint;
  std::vector<SweepPoint> with_hint;
  std::vector<GrowthMark> growths;  // of the no-hint map
  uint64_t naive_entry_bytes = 0;   // sizeof K + sizeof V
};

// The grid: 1..max_n, points_per_decade a decade, rounded and deduplicated,
// max_n included.
std::vector<int64_t> sweep_grid(int64_t max_n, int points_per_decade);

// Throws ScenarioError for a bad spec.
Sweep run_sweep(const SweepSpec& spec);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_SWEEP_H_

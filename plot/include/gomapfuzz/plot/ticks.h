// Where an axis puts its ticks and how it labels them.
//
// A linear axis gets ticks at the multiples of one "nice" step (1, 2 or 5
// times a power of ten) that give four to eight ticks; a log axis gets one at
// each power of ten (every second or third when there are many decades).
#ifndef GOMAPFUZZ_PLOT_TICKS_H_
#define GOMAPFUZZ_PLOT_TICKS_H_

#include <string>
#include <vector>

#include "gomapfuzz/plot/figure.h"

namespace gomapfuzz::plot {

// The axis's ticks: its own when it lists them, else chosen as above and
// labelled by axis.label (number_label when unset).
std::vector<Tick> ticks_of(const Axis& axis);

// The smallest 1, 2 or 5 times a power of ten that is >= v (v > 0): a range
// that ends on it reads well.
double nice_ceiling(double v);

// 0.25 -> "0.25", 3 -> "3", 1e-7 -> "1e-07": the shortest of %g.
std::string number_label(double v);
// 1 -> "1", 1500 -> "1.5k", 1e6 -> "1M"; with a unit: "1 kB", "10 B".
std::string si_label(double v, const std::string& unit = "");
// 1e-3 -> "1e-3", 1 -> "1e0": powers of ten by their exponent.
std::string exponent_label(double v);

}  // namespace gomapfuzz::plot

#endif  // GOMAPFUZZ_PLOT_TICKS_H_

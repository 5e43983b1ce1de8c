// The sweep as a figure (drawn by the project's plot library, plot/).
//
// Two panels over a logarithmic axis of entries: bytes per entry (linear,
// with the naive sizeof K + sizeof V as a dashed line) and total bytes
// (logarithmic, with what the grown map allocated in all, garbage included).
// Each shows the map grown without a hint (its sawtooth: every growth marked
// by a vertical line and its new B) and maps made with make(map, n) for
// each n.
#ifndef GOMAPFUZZ_MEMREPORT_SWEEP_PLOT_H_
#define GOMAPFUZZ_MEMREPORT_SWEEP_PLOT_H_

#include <string>

#include "gomapfuzz/memreport/sweep.h"

namespace gomapfuzz::memreport {

// The SVG text.
std::string render_svg(const Sweep& sweep);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_SWEEP_PLOT_H_

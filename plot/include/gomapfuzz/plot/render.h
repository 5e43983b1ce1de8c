// A Figure (figure.h) as an SVG document.
//
// Layout, top to bottom: the title, the legend (one entry per distinct
// series name, in the order the series first appear; a heat map's entries are
// its bins), then the panels, `columns` to a row. Each panel draws its frame,
// its two axes (ticks, tick labels, axis title), its title, its series
// (clipped to the plot area) and its notes.
//
// The SVG is written directly, one element a line, with two decimals at most
// in coordinates: deterministic text that tests can read back (outline.h).
#ifndef GOMAPFUZZ_PLOT_RENDER_H_
#define GOMAPFUZZ_PLOT_RENDER_H_

#include <string>

#include "gomapfuzz/plot/figure.h"

namespace gomapfuzz::plot {

std::string render_svg(const Figure& figure);

}  // namespace gomapfuzz::plot

#endif  // GOMAPFUZZ_PLOT_RENDER_H_

// What a figure rendered by render_svg() shows, read back from its SVG text:
// per panel its title, axis titles and tick labels; the legend's labels.
// Tests (here and in the suites that draw figures) use it to check that
// every chart has its axes, ticks and legend without parsing coordinates.
#ifndef GOMAPFUZZ_PLOT_OUTLINE_H_
#define GOMAPFUZZ_PLOT_OUTLINE_H_

#include <string>
#include <string_view>
#include <vector>

namespace gomapfuzz::plot {

struct AxisOutline {
  std::string title;
  std::vector<std::string> tick_labels;
  int tick_marks = 0;
};

struct PanelOutline {
  std::string title;
  AxisOutline x, y;
};

struct FigureOutline {
  std::string title;
  std::vector<std::string> legend;
  std::vector<PanelOutline> panels;
};

FigureOutline outline_of(std::string_view svg);

}  // namespace gomapfuzz::plot

#endif  // GOMAPFUZZ_PLOT_OUTLINE_H_

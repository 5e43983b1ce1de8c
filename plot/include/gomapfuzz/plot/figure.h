// The charts of gomapfuzz's reports (`spread --report`, `memory --plot`),
// described as data and drawn by render_svg() (render.h).
//
// A Figure is a title, one legend and a grid of Panels. A Panel is one chart:
// an x and a y axis, each always drawn with its title, ticks and tick labels,
// and the series plotted over them. Every named series gets one legend entry
// (series of the same name share it: thirty growth marks are one "a
// doubling" entry), so no chart can leave its reader guessing what a colour
// means. Coordinates are data values; the renderer maps them through each
// axis (linear or log10) and clips what falls outside.
#ifndef GOMAPFUZZ_PLOT_FIGURE_H_
#define GOMAPFUZZ_PLOT_FIGURE_H_

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace gomapfuzz::plot {

struct Style {
  std::string colour = "#1f77b4";
  double width = 1.5;
  std::string dash;  // an SVG stroke-dasharray ("5,3"); empty: solid
};

enum class Scale { kLinear, kLog10 };

struct Tick {
  double at = 0;
  std::string label;
};

struct Axis {
  std::string title;
  double lo = 0, hi = 1;  // the data range; a log axis needs 0 < lo < hi
  Scale scale = Scale::kLinear;
  // Empty: chosen by auto_ticks() (ticks.h) and labelled by `label`.
  std::vector<Tick> ticks;
  std::function<std::string(double)> label;  // empty: number_label
  bool grid = false;  // light lines across the plot at each tick
};

struct Point {
  double x = 0, y = 0;
};

// Bars centred on each point's x, from the y axis's floor (0, or lo on a log
// axis) up to its y; `width` in x data units.
struct Bars {
  std::string name;
  std::vector<Point> bars;
  double width = 0.8;
  std::string colour = "#4a7bb7";
};

// A polyline through the points (in order); marker > 0 adds a dot of that
// radius at each. Points with a non-finite coordinate are left out.
struct Line {
  std::string name;
  std::vector<Point> points;
  Style style;
  double marker = 0;
};

// A straight line across the whole plot at x = at (vertical) or y = at,
// with an optional label beside it (a growth's new B, a reference value).
struct Rule {
  std::string name;
  bool vertical = true;
  double at = 0;
  Style style{"#999999", 1, ""};
  std::string label;
};

// One colour of a heat map and what it means (its legend entry).
struct Bin {
  std::string colour;
  std::string label;
};

// A grid of cells: cell (row r, column c) covers x in [c, c+1] and y in
// [r, r+1]; cells[r * columns + c] is its bin. Runs of equal cells along a
// row are drawn as one rectangle, and cells of `blank_bin` not at all (the
// white background shows): a good hash's avalanche map is a few rectangles.
struct HeatMap {
  int columns = 0, rows = 0;
  std::vector<int> cells;
  std::vector<Bin> bins;
  int blank_bin = -1;
};

using Series = std::variant<Bars, Line, Rule, HeatMap>;

// Text at a place of the plot area: fx, fy in [0, 1] from its top-left.
struct Note {
  double fx = 0, fy = 0;
  std::string text;
  std::string anchor = "start";  // "start", "middle" or "end"
};

struct Panel {
  std::string title;
  Axis x, y;
  std::vector<Series> series;
  std::vector<Note> notes;
};

struct Figure {
  std::string title;
  std::vector<Panel> panels;
  int columns = 1;
  // Each panel's cell, its margins (tick labels, axis titles) included.
  double panel_width = 420, panel_height = 300;
};

}  // namespace gomapfuzz::plot

#endif  // GOMAPFUZZ_PLOT_FIGURE_H_

// render_svg: every panel has its axes (title, ticks, tick labels), the
// figure one legend naming every series; data land where their axes say.
#include "gomapfuzz/plot/render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "gomapfuzz/plot/outline.h"
#include "gomapfuzz/plot/ticks.h"

namespace gomapfuzz::plot {
namespace {

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) {
    ++n;
  }
  return n;
}

// The numbers after `attribute="` in the first element that has it, from
// position `from` on.
double attribute(const std::string& svg, const std::string& name,
                 std::size_t from) {
  const std::size_t at = svg.find(" " + name + "=\"", from);
  EXPECT_NE(at, std::string::npos) << name;
  return std::stod(svg.substr(at + name.size() + 3));
}

Figure two_panels() {
  Figure f;
  f.title = "Two panels";
  f.columns = 2;
  Panel linear{.title = "linear",
               .x = {.title = "keys in the bucket", .lo = -0.5, .hi = 10.5},
               .y = {.title = "share of buckets", .lo = 0, .hi = 0.4}};
  linear.series.push_back(
      Bars{.name = "observed", .bars = {{0, 0.1}, {1, 0.3}, {2, 0.2}}});
  linear.series.push_back(
      Line{.name = "ideal", .points = {{0, 0.1}, {2, 0.2}}});
  linear.series.push_back(Rule{.name = "bucket full", .at = 8.5, .label = "8"});
  Panel log{
      .title = "log",
      .x = {.title = "entries", .lo = 1, .hi = 1e6, .scale = Scale::kLog10},
      .y = {.title = "bytes", .lo = 10, .hi = 1e8, .scale = Scale::kLog10}};
  log.series.push_back(Line{.name = "ideal", .points = {{1, 100}, {1e6, 1e7}}});
  log.series.push_back(Rule{.name = "bucket full", .at = 100});
  f.panels = {linear, log};
  return f;
}

TEST(PlotRender, EveryPanelHasItsAxesTicksAndTitles) {
  const FigureOutline o = outline_of(render_svg(two_panels()));
  EXPECT_EQ(o.title, "Two panels");
  ASSERT_EQ(o.panels.size(), 2u);
  EXPECT_EQ(o.panels[0].title, "linear");
  EXPECT_EQ(o.panels[0].x.title, "keys in the bucket");
  EXPECT_EQ(o.panels[0].y.title, "share of buckets");
  EXPECT_EQ(o.panels[0].x.tick_labels,
            (std::vector<std::string>{"0", "2", "4", "6", "8", "10"}));
  EXPECT_EQ(o.panels[0].y.tick_labels,
            (std::vector<std::string>{"0", "0.1", "0.2", "0.3", "0.4"}));
  EXPECT_EQ(o.panels[1].x.tick_labels.size(), 7u);  // 1 .. 1e6
  EXPECT_EQ(o.panels[1].y.tick_labels.size(), 8u);  // 10 .. 1e8
  for (const PanelOutline& p : o.panels) {
    for (const AxisOutline* a : {&p.x, &p.y}) {
      EXPECT_EQ(a->tick_marks, static_cast<int>(a->tick_labels.size()));
    }
  }
}

TEST(PlotRender, TheLegendNamesEachSeriesOnceInOrderOfAppearance) {
  const FigureOutline o = outline_of(render_svg(two_panels()));
  EXPECT_EQ(o.legend,
            (std::vector<std::string>{"observed", "ideal", "bucket full"}));
}

TEST(PlotRender, PointsLandWhereTheirAxesSay) {
  Figure f;
  Panel p{.x = {.title = "x", .lo = 1, .hi = 100, .scale = Scale::kLog10},
          .y = {.title = "y", .lo = 0, .hi = 10}};
  p.series.push_back(Line{.points = {{1, 0}, {10, 5}, {100, 10}}});
  f.panels = {p};
  const std::string svg = render_svg(f);
  // The plot area is the clip rectangle.
  const std::size_t clip = svg.find("<clipPath");
  const double x = attribute(svg, "x", clip), y = attribute(svg, "y", clip);
  const double w = attribute(svg, "width", clip);
  const double h = attribute(svg, "height", clip);
  const std::size_t pts = svg.find("points=\"");
  ASSERT_NE(pts, std::string::npos);
  double got[6];
  ASSERT_EQ(std::sscanf(svg.c_str() + pts + 8, "%lf,%lf %lf,%lf %lf,%lf",
                        &got[0], &got[1], &got[2], &got[3], &got[4], &got[5]),
            6);
  const double want[6] = {x, y + h, x + w / 2, y + h / 2, x + w, y};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(got[i], want[i], 0.01) << i;
}

TEST(PlotRender, SeriesAreClippedToThePlotArea) {
  const std::string svg = render_svg(two_panels());
  EXPECT_EQ(count_of(svg, "<clipPath id=\"plot-area-"), 2u);
  EXPECT_NE(svg.find("clip-path=\"url(#plot-area-0)\""), std::string::npos);
  EXPECT_NE(svg.find("clip-path=\"url(#plot-area-1)\""), std::string::npos);
}

TEST(PlotRender, AHeatMapDrawsRunsAndListsItsBins) {
  Figure f;
  Panel p{.x = {.title = "output bit", .lo = 0, .hi = 4},
          .y = {.title = "input bit", .lo = 0, .hi = 2}};
  // Row 0: one run of bin 1; row 1: blank, blank, bin 2, bin 1.
  p.series.push_back(HeatMap{.columns = 4,
                             .rows = 2,
                             .cells = {1, 1, 1, 1, 0, 0, 2, 1},
                             .bins = {{"#ffffff", "even"},
                                      {"#ff0000", "too often"},
                                      {"#0000ff", "too rarely"}},
                             .blank_bin = 0});
  f.panels = {p};
  const std::string svg = render_svg(f);
  EXPECT_EQ(outline_of(svg).legend,
            (std::vector<std::string>{"even", "too often", "too rarely"}));
  // Three runs in the plot (the legend's swatches carry a grey stroke).
  EXPECT_EQ(count_of(svg, "fill=\"#ff0000\"/>"), 2u);
  EXPECT_EQ(count_of(svg, "fill=\"#0000ff\"/>"), 1u);
  EXPECT_EQ(count_of(svg, "fill=\"#ffffff\"/>"), 0u);
}

TEST(PlotRender, NonFinitePointsAreLeftOut) {
  Figure f;
  Panel p{.x = {.title = "x", .lo = 0, .hi = 1},
          .y = {.title = "y", .lo = 0, .hi = 1}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  p.series.push_back(Line{.points = {{0, 0}, {nan, 1}, {0.5, inf}, {1, 1}}});
  p.series.push_back(Bars{.bars = {{0.5, nan}}});
  f.panels = {p};
  const std::string svg = render_svg(f);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
  EXPECT_EQ(count_of(svg, ","), 2u);  // the two finite points
}

TEST(PlotRender, ALineOfOnePointIsADot) {
  Figure f;
  Panel p{.x = {.title = "x", .lo = 0, .hi = 1},
          .y = {.title = "y", .lo = 0, .hi = 1}};
  p.series.push_back(Line{.points = {{0.5, 0.5}}});
  f.panels = {p};
  const std::string svg = render_svg(f);
  EXPECT_EQ(count_of(svg, "<polyline"), 0u);
  EXPECT_EQ(count_of(svg, "<circle"), 1u);
}

TEST(PlotRender, TextIsEscapedAndReadsBack) {
  Figure f = two_panels();
  f.title = "map[string]<&\"x\">";
  const std::string svg = render_svg(f);
  EXPECT_NE(svg.find("map[string]&lt;&amp;&quot;x&quot;&gt;"),
            std::string::npos);
  EXPECT_EQ(outline_of(svg).title, f.title);
}

TEST(PlotRender, AnAxisWithoutARangeIsAnError) {
  Figure f = two_panels();
  f.panels[1].x.lo = 0;  // log axis from 0
  EXPECT_THROW(render_svg(f), std::invalid_argument);
  f = two_panels();
  f.panels[0].y.hi = f.panels[0].y.lo;
  EXPECT_THROW(render_svg(f), std::invalid_argument);
}

}  // namespace
}  // namespace gomapfuzz::plot

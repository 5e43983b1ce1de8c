// The report's outputs: the table, the CSV, the sweep and its SVG.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>

#include "gomapfuzz/memreport/format.h"
#include "gomapfuzz/memreport/scenario.h"
#include "gomapfuzz/memreport/sweep.h"
#include "gomapfuzz/memreport/sweep_plot.h"
#include "gomapfuzz/plot/outline.h"

namespace gomapfuzz::memreport {
namespace {

Scenario u64(int64_t n) {
  Scenario s;
  s.key = *parse_type("uint64");
  s.value = *parse_type("uint64");
  s.n = n;
  return s;
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) {
    ++n;
  }
  return n;
}

TEST(Table, ShowsTheFigures) {
  const Report r = run_scenario(u64(1300));
  const std::string t = format_table(r);
  EXPECT_NE(t.find("map[uint64]uint64"), std::string::npos);
  EXPECT_NE(t.find(" 8 "), std::string::npos);          // B
  EXPECT_NE(t.find("40,960"), std::string::npos) << t;  // the array's bytes
  EXPECT_NE(t.find("8 doublings"), std::string::npos) << t;
}

TEST(Csv, RowHasAColumnPerHeaderField) {
  const std::string header = csv_header();
  const std::string row = csv_row(run_scenario(u64(100)));
  EXPECT_EQ(count_of(header, ","), count_of(row, ","));
  EXPECT_EQ(row.rfind("uint64,uint64,100,0,0,", 0), 0u) << row;
}

TEST(SweepGrid, LogarithmicDistinctAndEndsAtMax) {
  const auto g = sweep_grid(1000000, 20);
  EXPECT_EQ(g.front(), 1);
  EXPECT_EQ(g.back(), 1000000);
  EXPECT_TRUE(std::is_sorted(g.begin(), g.end()));
  EXPECT_EQ(std::adjacent_find(g.begin(), g.end()), g.end());
  EXPECT_LE(g.size(), 6u * 20 + 1);
  for (int64_t decade = 1; decade <= 1000000; decade *= 10) {
    EXPECT_TRUE(std::binary_search(g.begin(), g.end(), decade)) << decade;
  }
  const auto h = sweep_grid(1500, 1);
  EXPECT_EQ(h, (std::vector<int64_t>{1, 10, 100, 1000, 1500}));
}

// Without a hint, a doubling starts at the insert that would push the load
// past 6.5 a bucket: n = 9, 14, 27, 53, 105, ... (13 * 2^(B-1) + 1).
TEST(Sweep, MarksEveryDoublingWhereGoStartsIt) {
  SweepSpec spec;
  spec.key = *parse_type("uint64");
  spec.value = *parse_type("uint64");
  spec.max_n = 20000;
  spec.points_per_decade = 5;
  const Sweep sw = run_sweep(spec);
  std::vector<int64_t> expected = {9};
  for (int64_t t = 13; t + 1 <= spec.max_n; t *= 2) expected.push_back(t + 1);
  std::vector<int64_t> got;
  for (const GrowthMark& g : sw.growths) got.push_back(g.n);
  EXPECT_EQ(got, expected);
  // Both sides of each doubling are points of the no-hint curve.
  for (int64_t n : expected) {
    const auto has = [&](int64_t m) {
      return std::any_of(sw.no_hint.begin(), sw.no_hint.end(),
                         [m](const SweepPoint& p) { return p.n == m; });
    };
    EXPECT_TRUE(has(n - 1) && has(n)) << n;
  }
  // The hinted map of a grid size never costs more than the grown one.
  EXPECT_EQ(sw.with_hint.size(), sweep_grid(20000, 5).size());
  EXPECT_EQ(sw.no_hint.back().n, 20000);
  EXPECT_LE(sw.with_hint.back().total_bytes, sw.no_hint.back().total_bytes);
  EXPECT_EQ(sw.naive_entry_bytes, 16u);
}

// Bytes per entry (grown, hinted), total bytes (grown, hinted) and bytes
// allocated so far by the grown map.
TEST(Svg, DrawsFiveCurvesAndMarksEachGrowthInBothPanels) {
  SweepSpec spec;
  spec.key = *parse_type("string");
  spec.value = *parse_type("bytes24");
  spec.max_n = 5000;
  spec.points_per_decade = 4;
  const Sweep sw = run_sweep(spec);
  const std::string svg = render_svg(sw);
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count_of(svg, "<polyline"), 5u);
  EXPECT_EQ(count_of(svg, ">B="), 2 * sw.growths.size());
  EXPECT_NE(svg.find("map[string][24]byte"), std::string::npos);
  EXPECT_EQ(count_of(svg, "<text"), count_of(svg, "</text>"));
  // No NaN or infinity leaks into coordinates.
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
  // Both panels have their axes, ticks and the legend names every curve.
  const plot::FigureOutline o = plot::outline_of(svg);
  ASSERT_EQ(o.panels.size(), 2u);
  for (const plot::PanelOutline& p : o.panels) {
    EXPECT_EQ(p.x.title, "entries (len(m))");
    EXPECT_EQ(p.x.tick_labels,
              (std::vector<std::string>{"1", "10", "100", "1k", "10k"}));
    EXPECT_GE(p.y.tick_labels.size(), 3u);
  }
  EXPECT_EQ(o.panels[0].y.title, "bytes per entry");
  EXPECT_EQ(o.panels[1].y.title, "total bytes");
  EXPECT_EQ(o.panels[1].y.tick_labels.front(), "10 B");
  EXPECT_EQ(o.legend,
            (std::vector<std::string>{
                "make(map[K]V), grown one insert at a time",
                "make(map[K]V, n), then n inserts",
                "bytes the grown map allocated so far, garbage included "
                "(runtime.MemStats.TotalAlloc)",
                "a doubling (new B)", "naive sizeof(K)+sizeof(V) = 40"}));
}

TEST(SweepCsv, OneRowPerPointAndGrowth) {
  SweepSpec spec;
  spec.key = *parse_type("int32");
  spec.value = *parse_type("int32");
  spec.max_n = 1000;
  spec.points_per_decade = 3;
  const Sweep sw = run_sweep(spec);
  const std::string csv = format_sweep_csv(sw);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "series,n,B,total_bytes,bytes_per_entry,allocated_bytes");
  EXPECT_EQ(count_of(csv, "\n"),
            1 + sw.no_hint.size() + sw.with_hint.size() + sw.growths.size());
  EXPECT_EQ(count_of(csv, "\ndoubling,"), sw.growths.size());
}

}  // namespace
}  // namespace gomapfuzz::memreport

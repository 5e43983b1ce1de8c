// render_svg (sweep_plot.h): the sweep's two panels as a plot::Figure.
#include "gomapfuzz/memreport/sweep_plot.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gomapfuzz/memreport/format.h"
#include "gomapfuzz/plot/figure.h"
#include "gomapfuzz/plot/render.h"
#include "gomapfuzz/plot/ticks.h"

namespace gomapfuzz::memreport {
namespace {

// One wide column: six decades of entries need the width to show each
// doubling's step; each panel tall enough to read a sawtooth of ~10% steps.
constexpr double kPanelWidth = 900, kPanelHeight = 330;
// Bytes per entry is huge for tiny maps (a one-entry map pays a whole bucket
// and an hmap); the linear panel is scaled on maps from this size up.
constexpr int64_t kScaleFromEntries = 64;
// The total-bytes axis starts at 10 bytes: below the smallest map (an hmap).
constexpr double kLeastBytes = 10;

// The grown map is drawn wide and the hinted one thin on top of it, so both
// show where they coincide (everywhere but during evacuations).
const plot::Style kGrown{"#1f77b4", 2.6, ""};
const plot::Style kHinted{"#ff7f0e", 1.3, ""};
const plot::Style kAllocated{"#1f77b4", 1.3, "5,3"};
const plot::Style kDoubling{"#999999", 1, ""};
const plot::Style kSameSize{"#999999", 1, "2,3"};
const plot::Style kNaive{"#2ca02c", 1, "6,4"};
const char* const kGrownName = "make(map[K]V), grown one insert at a time";
const char* const kHintedName = "make(map[K]V, n), then n inserts";

plot::Line curve(const std::vector<SweepPoint>& pts,
                 const std::function<double(const SweepPoint&)>& f,
                 const std::string& name, const plot::Style& style) {
  plot::Line l{.name = name, .style = style};
  for (const SweepPoint& p : pts) {
    l.points.push_back({static_cast<double>(p.n), f(p)});
  }
  return l;
}

// A vertical line at each growth of the grown map, labelled with its new B.
void add_growth_marks(const Sweep& sw, plot::Panel& panel) {
  for (const GrowthMark& g : sw.growths) {
    panel.series.push_back(plot::Rule{
        .name = g.same_size ? "a same-size growth" : "a doubling (new B)",
        .at = static_cast<double>(g.n),
        .style = g.same_size ? kSameSize : kDoubling,
        .label = "B=" + std::to_string(int{g.B})});
  }
}

plot::Axis entries_axis(const Sweep& sw) {
  const double decades = std::max(
      1.0, std::ceil(std::log10(static_cast<double>(sw.spec.max_n)) - 1e-9));
  return {.title = "entries (len(m))",
          .lo = 1,
          .hi = std::pow(10.0, decades),
          .scale = plot::Scale::kLog10,
          .label = [](double v) { return plot::si_label(v); },
          .grid = true};
}

double per_entry_scale(const Sweep& sw) {
  double top = static_cast<double>(sw.naive_entry_bytes);
  const int64_t from = std::min<int64_t>(kScaleFromEntries, sw.spec.max_n);
  for (const auto* series : {&sw.no_hint, &sw.with_hint}) {
    for (const SweepPoint& p : *series) {
      if (p.n >= from) top = std::max(top, p.bytes_per_entry);
    }
  }
  return plot::nice_ceiling(top * 1.05);
}

plot::Panel per_entry_panel(const Sweep& sw) {
  plot::Panel p{.title = "What each entry costs",
                .x = entries_axis(sw),
                .y = {.title = "bytes per entry",
                      .lo = 0,
                      .hi = per_entry_scale(sw),
                      .grid = true}};
  add_growth_marks(sw, p);
  const std::string naive =
      "naive sizeof(K)+sizeof(V) = " + std::to_string(sw.naive_entry_bytes);
  p.series.push_back(plot::Rule{.name = naive,
                                .vertical = false,
                                .at = static_cast<double>(sw.naive_entry_bytes),
                                .style = kNaive,
                                .label = naive});
  auto per_entry = [](const SweepPoint& q) { return q.bytes_per_entry; };
  p.series.push_back(curve(sw.no_hint, per_entry, kGrownName, kGrown));
  p.series.push_back(curve(sw.with_hint, per_entry, kHintedName, kHinted));
  if (!sw.no_hint.empty() && sw.no_hint.front().bytes_per_entry > p.y.hi) {
    p.notes.push_back(
        {.fx = 0.01,
         .fy = 0.96,
         .text = "off the top: a map of " +
                 std::to_string(sw.no_hint.front().n) + " entry costs " +
                 std::to_string(sw.no_hint.front().total_bytes) + " bytes"});
  }
  return p;
}

plot::Panel total_panel(const Sweep& sw) {
  uint64_t hi = 1;
  for (const SweepPoint& q : sw.no_hint) hi = std::max(hi, q.allocated_bytes);
  for (const SweepPoint& q : sw.with_hint) hi = std::max(hi, q.total_bytes);
  const double top =
      std::max(kLeastBytes * 10,
               std::pow(10.0, std::ceil(std::log10(static_cast<double>(hi)))));
  plot::Panel p{.title = "What the whole map holds",
                .x = entries_axis(sw),
                .y = {.title = "total bytes",
                      .lo = kLeastBytes,
                      .hi = top,
                      .scale = plot::Scale::kLog10,
                      .label = [](double v) { return plot::si_label(v, "B"); },
                      .grid = true}};
  add_growth_marks(sw, p);
  // Zero bytes would sit off a log axis: at least one.
  auto total = [](const SweepPoint& q) {
    return static_cast<double>(std::max<uint64_t>(q.total_bytes, 1));
  };
  auto allocated = [](const SweepPoint& q) {
    return static_cast<double>(std::max<uint64_t>(q.allocated_bytes, 1));
  };
  p.series.push_back(curve(sw.no_hint, allocated,
                           "bytes the grown map allocated so far, garbage "
                           "included (runtime.MemStats.TotalAlloc)",
                           kAllocated));
  p.series.push_back(curve(sw.no_hint, total, kGrownName, kGrown));
  p.series.push_back(curve(sw.with_hint, total, kHintedName, kHinted));
  return p;
}

}  // namespace

std::string render_svg(const Sweep& sw) {
  const plot::Figure f{
      .title = map_type_name(sw.spec.key, sw.spec.value) +
               " on Go 1.19: live bytes as Go allocates them (computed by "
               "mapcore)",
      .panels = {per_entry_panel(sw), total_panel(sw)},
      .panel_width = kPanelWidth,
      .panel_height = kPanelHeight};
  return plot::render_svg(f);
}

}  // namespace gomapfuzz::memreport

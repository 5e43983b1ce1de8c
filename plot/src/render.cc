// render_svg (render.h): the figure's layout, each panel's axes and series.
#include "gomapfuzz/plot/render.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "gomapfuzz/plot/ticks.h"
#include "svg_writer.h"

namespace gomapfuzz::plot {
namespace {

// Figure bands, in pixels: the title, then legend rows.
constexpr double kTitleBand = 34, kTitleSize = 15;
constexpr double kLegendRow = 18, kLegendSize = 11, kSwatch = 24;
constexpr double kLegendGap = 18;  // between two entries of a row
// A panel's margins around its plot area: tick labels and the rotated axis
// title on the left, tick labels and the axis title below, its title above.
constexpr double kLeft = 66, kRight = 16, kTop = 26, kBottom = 44;
constexpr double kTickLength = 4, kTickSize = 10, kAxisTitleSize = 11;
constexpr double kPanelTitleSize = 11, kRuleLabelSize = 9, kNoteSize = 10;
constexpr double kPad = 10;  // the figure's outer margin
// Sans-serif glyphs average a little over half their size in width: enough
// to wrap legend rows without measuring text.
constexpr double kCharWidth = 0.58;
const Style kFrame{"#444444", 1, ""};
const Style kGrid{"#e4e4e4", 1, ""};

double text_width(const std::string& s, double size) {
  return static_cast<double>(s.size()) * size * kCharWidth;
}

// Data value -> pixel along one axis.
class Mapping {
 public:
  Mapping(const Axis& a, double px_lo, double px_hi)
      : log_(a.scale == Scale::kLog10),
        lo_(log_ ? std::log10(a.lo) : a.lo),
        hi_(log_ ? std::log10(a.hi) : a.hi),
        px_lo_(px_lo),
        px_hi_(px_hi) {
    if (!(a.hi > a.lo) || (log_ && !(a.lo > 0)) || !std::isfinite(hi_) ||
        !std::isfinite(lo_)) {
      throw std::invalid_argument("plot: axis '" + a.title +
                                  "' has no valid range");
    }
  }

  // Values at or below zero sit on the floor of a log axis.
  double operator()(double v) const {
    const double d = log_ ? (v > 0 ? std::log10(v) : lo_) : v;
    return px_lo_ + (d - lo_) / (hi_ - lo_) * (px_hi_ - px_lo_);
  }
  // Where bars start: 0 on a linear axis holding it, else the low end.
  double floor_value(const Axis& a) const {
    return log_ || a.lo > 0 ? a.lo : std::min(0.0, a.hi);
  }

 private:
  bool log_;
  double lo_, hi_, px_lo_, px_hi_;
};

struct PlotArea {
  double left, top, right, bottom;
  double width() const { return right - left; }
  double height() const { return bottom - top; }
};

bool finite(Point p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// ---- legend ----

struct LegendEntry {
  enum Kind { kBox, kLine, kRule } kind;
  std::string label;
  Style style;  // kBox: style.colour fills it
  double marker = 0;
};

std::vector<LegendEntry> legend_entries(const Figure& f) {
  std::vector<LegendEntry> out;
  auto add = [&](LegendEntry e) {
    if (e.label.empty()) return;
    for (const auto& o : out) {
      if (o.label == e.label) return;
    }
    out.push_back(std::move(e));
  };
  // The data first, then the reference lines drawn among them.
  for (const bool rules : {false, true}) {
    for (const Panel& p : f.panels) {
      for (const Series& s : p.series) {
        if (std::holds_alternative<Rule>(s) != rules) continue;
        if (const auto* b = std::get_if<Bars>(&s)) {
          add({LegendEntry::kBox, b->name, {b->colour, 1, ""}});
        } else if (const auto* l = std::get_if<Line>(&s)) {
          add({LegendEntry::kLine, l->name, l->style, l->marker});
        } else if (const auto* r = std::get_if<Rule>(&s)) {
          add({r->vertical ? LegendEntry::kRule : LegendEntry::kLine, r->name,
               r->style});
        } else if (const auto* h = std::get_if<HeatMap>(&s)) {
          for (const Bin& bin : h->bins) {
            add({LegendEntry::kBox, bin.label, {bin.colour, 1, ""}});
          }
        }
      }
    }
  }
  return out;
}

// Where each entry goes: entries flow left to right in rows that fit
// `width`. Returns each entry's (x, row).
std::vector<std::pair<double, int>> legend_layout(
    const std::vector<LegendEntry>& entries, double width) {
  std::vector<std::pair<double, int>> at;
  double x = kPad;
  int row = 0;
  for (const auto& e : entries) {
    const double w = kSwatch + 6 + text_width(e.label, kLegendSize);
    if (x > kPad && x + w > width - kPad) {
      ++row;
      x = kPad;
    }
    at.emplace_back(x, row);
    x += w + kLegendGap;
  }
  return at;
}

double legend_height(const std::vector<LegendEntry>& entries, double width) {
  if (entries.empty()) return 0;
  return (legend_layout(entries, width).back().second + 1) * kLegendRow;
}

void draw_legend(SvgWriter& svg, const std::vector<LegendEntry>& entries,
                 double top, double width) {
  svg.open_group("legend");
  const auto at = legend_layout(entries, width);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double x = at[i].first;
    const double y = top + kLegendRow / 2 + at[i].second * kLegendRow;
    switch (e.kind) {
      case LegendEntry::kBox:
        svg.rect(x + 6, y - 6, 12, 11, e.style.colour, "#bbbbbb");
        break;
      case LegendEntry::kLine:
        svg.line({x, y}, {x + kSwatch, y}, e.style);
        if (e.marker > 0) {
          svg.circle({x + kSwatch / 2, y}, e.marker, e.style.colour);
        }
        break;
      case LegendEntry::kRule:
        svg.line({x + kSwatch / 2, y - 7}, {x + kSwatch / 2, y + 7}, e.style);
        break;
    }
    svg.text({x + kSwatch + 6, y + 4}, e.label, kLegendSize, "start",
             "legend-label");
  }
  svg.close_group();
}

// ---- one panel ----

class PanelDrawer {
 public:
  PanelDrawer(SvgWriter& svg, const Panel& p, const PlotArea& a, int index)
      : svg_(svg),
        p_(p),
        a_(a),
        x_(p.x, a.left, a.right),
        y_(p.y, a.bottom, a.top),
        clip_id_("plot-area-" + std::to_string(index)) {}

  void draw() {
    svg_.open_group("panel");
    svg_.clip_rect(clip_id_, a_.left, a_.top, a_.width(), a_.height());
    grid();
    svg_.open_group("series", "clip-path=\"url(#" + clip_id_ + ")\"");
    for (const Series& s : p_.series) std::visit(*this, s);
    svg_.close_group();
    svg_.rect(a_.left, a_.top, a_.width(), a_.height(), "none", kFrame.colour);
    axes();
    labels();
    svg_.close_group();
  }

  void operator()(const Bars& b) {
    const double floor = y_(y_floor());
    for (const Point& p : b.bars) {
      if (!finite(p) || !(p.y > y_floor())) continue;
      const double l = x_(p.x - b.width / 2), r = x_(p.x + b.width / 2);
      const double top = y_(p.y);
      svg_.rect(l, top, r - l, floor - top, b.colour);
    }
  }

  void operator()(const Line& l) {
    std::vector<Px> px;
    for (const Point& p : l.points) {
      if (finite(p)) px.push_back({x_(p.x), y_(p.y)});
    }
    if (px.size() > 1) svg_.polyline(px, l.style);
    // A line of one point would not show: it gets a dot.
    const double dot =
        l.marker > 0 || px.size() != 1 ? l.marker : l.style.width + 1;
    if (dot > 0) {
      for (const Px& q : px) svg_.circle(q, dot, l.style.colour);
    }
  }

  void operator()(const Rule& r) {
    if (r.vertical) {
      const double x = x_(r.at);
      svg_.line({x, a_.top}, {x, a_.bottom}, r.style);
    } else {
      const double y = y_(r.at);
      svg_.line({a_.left, y}, {a_.right, y}, r.style);
    }
  }

  void operator()(const HeatMap& h) {
    if (h.columns < 0 || h.rows < 0 ||
        h.cells.size() != static_cast<std::size_t>(h.rows) * h.columns) {
      throw std::invalid_argument(
          "plot: a heat map needs rows x columns cells");
    }
    for (int r = 0; r < h.rows; ++r) {
      const int* row = &h.cells[static_cast<std::size_t>(r) * h.columns];
      const double top = y_(r + 1), bottom = y_(r);
      int start = 0;
      for (int c = 1; c <= h.columns; ++c) {
        if (c < h.columns && row[c] == row[start]) continue;
        const int bin = row[start];
        if (bin != h.blank_bin && bin >= 0 &&
            bin < static_cast<int>(h.bins.size())) {
          const double l = x_(start), rgt = x_(c);
          svg_.rect(l, top, rgt - l, bottom - top, h.bins[bin].colour);
        }
        start = c;
      }
    }
  }

 private:
  double y_floor() const { return y_.floor_value(p_.y); }

  bool inside(const Axis& a, double v) const {
    const double slack = 1e-9 * (a.hi - a.lo);
    return v >= a.lo - slack && v <= a.hi + slack;
  }

  void grid() {
    if (p_.x.grid) {
      for (const Tick& t : ticks_of(p_.x)) {
        if (!inside(p_.x, t.at)) continue;
        svg_.line({x_(t.at), a_.top}, {x_(t.at), a_.bottom}, kGrid);
      }
    }
    if (p_.y.grid) {
      for (const Tick& t : ticks_of(p_.y)) {
        if (!inside(p_.y, t.at)) continue;
        svg_.line({a_.left, y_(t.at)}, {a_.right, y_(t.at)}, kGrid);
      }
    }
  }

  void axes() {
    svg_.open_group("axis x");
    for (const Tick& t : ticks_of(p_.x)) {
      if (!inside(p_.x, t.at)) continue;
      const double x = x_(t.at);
      svg_.line({x, a_.bottom}, {x, a_.bottom + kTickLength}, kFrame, "tick");
      svg_.text({x, a_.bottom + kTickLength + kTickSize + 1}, t.label,
                kTickSize, "middle", "tick-label");
    }
    svg_.text({(a_.left + a_.right) / 2, a_.bottom + kBottom - 8}, p_.x.title,
              kAxisTitleSize, "middle", "axis-title");
    svg_.close_group();
    svg_.open_group("axis y");
    for (const Tick& t : ticks_of(p_.y)) {
      if (!inside(p_.y, t.at)) continue;
      const double y = y_(t.at);
      svg_.line({a_.left - kTickLength, y}, {a_.left, y}, kFrame, "tick");
      svg_.text({a_.left - kTickLength - 2, y + kTickSize / 2 - 1}, t.label,
                kTickSize, "end", "tick-label");
    }
    svg_.text({a_.left - kLeft + 14, (a_.top + a_.bottom) / 2}, p_.y.title,
              kAxisTitleSize, "middle", "axis-title", /*rotated=*/true);
    svg_.close_group();
  }

  // Text over the plot: the panel's title, rule labels, notes.
  void labels() {
    svg_.text({a_.left, a_.top - 8}, p_.title, kPanelTitleSize, "start",
              "panel-title");
    for (const Series& s : p_.series) {
      const auto* r = std::get_if<Rule>(&s);
      if (!r || r->label.empty()) continue;
      if (r->vertical && inside(p_.x, r->at)) {
        // Right of the line; where the plot ends, left of it and a line
        // lower, clear of the label of a line just before it.
        const double x = x_(r->at);
        const bool room = x + text_width(r->label, kRuleLabelSize) < a_.right;
        svg_.text({room ? x + 2 : x - 2,
                   a_.top + (room ? 1 : 2) * (kRuleLabelSize + 1)},
                  r->label, kRuleLabelSize, room ? "start" : "end",
                  "rule-label");
      } else if (!r->vertical && inside(p_.y, r->at)) {
        svg_.text({a_.right - 4, y_(r->at) - 4}, r->label, kNoteSize, "end",
                  "rule-label");
      }
    }
    for (const Note& n : p_.notes) {
      svg_.text({a_.left + n.fx * a_.width(), a_.top + n.fy * a_.height()},
                n.text, kNoteSize, n.anchor, "note");
    }
  }

  SvgWriter& svg_;
  const Panel& p_;
  PlotArea a_;
  Mapping x_, y_;
  std::string clip_id_;
};

}  // namespace

std::string render_svg(const Figure& f) {
  const int columns = std::max(1, f.columns);
  const int rows = static_cast<int>((f.panels.size() + columns - 1) / columns);
  const double width = columns * f.panel_width + 2 * kPad;
  const auto entries = legend_entries(f);
  const double panels_top = kTitleBand + legend_height(entries, width) + 6;
  SvgWriter svg(width, panels_top + rows * f.panel_height + kPad);
  svg.text({kPad, 24}, f.title, kTitleSize, "start", "title");
  draw_legend(svg, entries, kTitleBand, width);
  for (std::size_t i = 0; i < f.panels.size(); ++i) {
    const double left = kPad + static_cast<double>(i % columns) * f.panel_width;
    const double top =
        panels_top + static_cast<double>(i / columns) * f.panel_height;
    const PlotArea area{left + kLeft, top + kTop, left + f.panel_width - kRight,
                        top + f.panel_height - kBottom};
    PanelDrawer(svg, f.panels[i], area, static_cast<int>(i)).draw();
  }
  return svg.finish();
}

}  // namespace gomapfuzz::plot

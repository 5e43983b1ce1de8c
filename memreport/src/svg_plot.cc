// render_svg (svg_plot.h): two panels, each an x axis of entries (log10) and
// a y axis of bytes, drawn as polylines clipped to the panel.
#include "gomapfuzz/memreport/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "gomapfuzz/memreport/format.h"

namespace gomapfuzz::memreport {
namespace {

// Canvas and panel geometry in SVG pixels: wide enough for six decades of
// labels, each panel tall enough to read a sawtooth of ~10% steps.
constexpr double kWidth = 900;
constexpr double kLeft = 80;  // room for y labels
constexpr double kRight = 870;
constexpr double kPanelHeight = 250;
constexpr double kTop1 = 70;  // title and legend above
constexpr double kTop2 = kTop1 + kPanelHeight + 70;
constexpr double kHeight = kTop2 + kPanelHeight + 60;
// Bytes per entry is huge for tiny maps (a one-entry map pays a whole bucket
// and an hmap); the linear panel is scaled on maps from this size up.
constexpr int64_t kScaleFromEntries = 64;

const char* const kNoHintColour = "#1f77b4";
const char* const kHintColour = "#ff7f0e";
const char* const kGrowthColour = "#999999";
// The grown map is drawn wide and the hinted one thin on top of it, so both
// show where they coincide (everywhere but during evacuations).
const char* const kWide = "stroke-width=\"2.6\"";
const char* const kThin = "stroke-width=\"1.3\"";
const char* const kDashed = "stroke-width=\"1.3\" stroke-dasharray=\"5,3\"";

struct Axis {
  double lo, hi;        // data range (log10 values for a log axis)
  double px_lo, px_hi;  // pixel range (px_lo maps lo)
  bool log;

  double operator()(double v) const {
    const double d = log ? std::log10(std::max(v, 1e-300)) : v;
    return px_lo + (d - lo) / (hi - lo) * (px_hi - px_lo);
  }
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string text(double x, double y, const std::string& s,
                 const char* anchor = "start", int size = 12) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" +
         std::to_string(size) + "\" text-anchor=\"" + anchor + "\">" +
         escape(s) + "</text>\n";
}

std::string segment(double x1, double y1, double x2, double y2,
                    const char* colour, const char* extra = "") {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) +
         "\" y2=\"" + num(y2) + "\" stroke=\"" + colour + "\" " + extra +
         "/>\n";
}

// 1, 10, 100, 1k, ... / 1 B, 1 KB, 1 MB.
std::string si(double v, const char* unit) {
  static const char* const kPrefixes[] = {"", "k", "M", "G", "T"};
  int p = 0;
  while (v >= 1000 && p < 4) {
    v /= 1000;
    ++p;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%s%s", v, unit[0] ? " " : "", kPrefixes[p]);
  return std::string(buf) + unit;
}

// The smallest 1, 2 or 5 times a power of ten that is >= v.
double nice_ceiling(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

// A curve; `style` adds attributes (width, dashes).
std::string polyline(const std::vector<SweepPoint>& pts, const Axis& x,
                     const Axis& y,
                     const std::function<double(const SweepPoint&)>& f,
                     const char* colour, const char* clip, const char* style) {
  std::string s = "<polyline fill=\"none\" " + std::string(style) +
                  " stroke=\"" + colour + "\" clip-path=\"url(#" + clip +
                  ")\" points=\"";
  for (const SweepPoint& p : pts) {
    s += num(x(static_cast<double>(p.n))) + "," + num(y(f(p))) + " ";
  }
  return s + "\"/>\n";
}

std::string x_axis(const Axis& x, double top, double bottom) {
  std::string s;
  for (int d = 0; d <= static_cast<int>(std::floor(x.hi)); ++d) {
    const double px = x(std::pow(10.0, d));
    s += segment(px, top, px, bottom, "#e0e0e0");
    s += text(px, bottom + 16, si(std::pow(10.0, d), ""), "middle");
  }
  s += text((kLeft + kRight) / 2, bottom + 34, "entries (len(m))", "middle");
  return s;
}

std::string growth_marks(const Sweep& sw, const Axis& x, double top,
                         double bottom) {
  std::string s;
  for (const GrowthMark& g : sw.growths) {
    const double px = x(static_cast<double>(g.n));
    s += segment(px, top, px, bottom, kGrowthColour,
                 g.same_size ? "stroke-dasharray=\"2,3\"" : "");
    s += text(px + 2, top + 10, "B=" + std::to_string(int{g.B}), "start", 9);
  }
  return s;
}

std::string clip_rect(const char* id, double top) {
  return "<clipPath id=\"" + std::string(id) + "\"><rect x=\"" + num(kLeft) +
         "\" y=\"" + num(top) + "\" width=\"" + num(kRight - kLeft) +
         "\" height=\"" + num(kPanelHeight) + "\"/></clipPath>\n";
}

std::string frame(double top) {
  return "<rect x=\"" + num(kLeft) + "\" y=\"" + num(top) + "\" width=\"" +
         num(kRight - kLeft) + "\" height=\"" + num(kPanelHeight) +
         "\" fill=\"none\" stroke=\"#333\"/>\n";
}

double per_entry_scale(const Sweep& sw) {
  double top = static_cast<double>(sw.naive_entry_bytes);
  const int64_t from = std::min<int64_t>(kScaleFromEntries, sw.spec.max_n);
  for (const auto* series : {&sw.no_hint, &sw.with_hint}) {
    for (const SweepPoint& p : *series) {
      if (p.n >= from) top = std::max(top, p.bytes_per_entry);
    }
  }
  return nice_ceiling(top * 1.05);
}

std::string per_entry_panel(const Sweep& sw, const Axis& x) {
  const double bottom = kTop1 + kPanelHeight;
  const double y_max = per_entry_scale(sw);
  const Axis y{0, y_max, bottom, kTop1, false};
  std::string s = clip_rect("clip1", kTop1);
  s += x_axis(x, kTop1, bottom);
  for (int k = 0; k <= 5; ++k) {
    const double v = y_max * k / 5;
    s += segment(kLeft, y(v), kRight, y(v), "#e0e0e0");
    s += text(kLeft - 6, y(v) + 4, si(v, ""), "end");
  }
  s += "<text transform=\"translate(22," + num((kTop1 + bottom) / 2) +
       ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">bytes per "
       "entry</text>\n";
  s += growth_marks(sw, x, kTop1, bottom);
  const double naive = static_cast<double>(sw.naive_entry_bytes);
  s += segment(kLeft, y(naive), kRight, y(naive), "#2ca02c",
               "stroke-dasharray=\"6,4\"");
  s += text(
      kRight - 4, y(naive) - 4,
      "naive sizeof(K)+sizeof(V) = " + std::to_string(sw.naive_entry_bytes),
      "end", 10);
  if (!sw.no_hint.empty() && sw.no_hint.front().bytes_per_entry > y_max) {
    s += text(kLeft + 6, bottom - 6,
              "off the top: a map of " + std::to_string(sw.no_hint.front().n) +
                  " entry costs " +
                  std::to_string(sw.no_hint.front().total_bytes) + " bytes",
              "start", 10);
  }
  auto f = [](const SweepPoint& p) { return p.bytes_per_entry; };
  s += polyline(sw.no_hint, x, y, f, kNoHintColour, "clip1", kWide);
  s += polyline(sw.with_hint, x, y, f, kHintColour, "clip1", kThin);
  return s + frame(kTop1);
}

std::string total_panel(const Sweep& sw, const Axis& x) {
  const double bottom = kTop2 + kPanelHeight;
  uint64_t hi = 1;
  for (const SweepPoint& p : sw.no_hint) hi = std::max(hi, p.allocated_bytes);
  for (const SweepPoint& p : sw.with_hint) hi = std::max(hi, p.total_bytes);
  const double lo_dec = 1;  // 10 bytes: below the smallest map (an hmap)
  const double hi_dec = std::ceil(std::log10(static_cast<double>(hi)));
  const Axis y{lo_dec, hi_dec, bottom, kTop2, true};
  std::string s = clip_rect("clip2", kTop2);
  s += x_axis(x, kTop2, bottom);
  for (int d = static_cast<int>(lo_dec); d <= static_cast<int>(hi_dec); ++d) {
    const double v = std::pow(10.0, d);
    s += segment(kLeft, y(v), kRight, y(v), "#e0e0e0");
    s += text(kLeft - 6, y(v) + 4, si(v, "B"), "end");
  }
  s += "<text transform=\"translate(22," + num((kTop2 + bottom) / 2) +
       ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">total "
       "bytes</text>\n";
  s += growth_marks(sw, x, kTop2, bottom);
  auto f = [](const SweepPoint& p) {
    return static_cast<double>(std::max<uint64_t>(p.total_bytes, 1));
  };
  auto allocated = [](const SweepPoint& p) {
    return static_cast<double>(std::max<uint64_t>(p.allocated_bytes, 1));
  };
  s += polyline(sw.no_hint, x, y, allocated, kNoHintColour, "clip2", kDashed);
  s += polyline(sw.no_hint, x, y, f, kNoHintColour, "clip2", kWide);
  s += polyline(sw.with_hint, x, y, f, kHintColour, "clip2", kThin);
  return s + frame(kTop2);
}

std::string legend() {
  std::string s;
  s += segment(kLeft, 48, kLeft + 30, 48, kNoHintColour, "stroke-width=\"2\"");
  s += text(kLeft + 36, 52, "make(map[K]V), grown one insert at a time");
  s += segment(kLeft + 330, 48, kLeft + 360, 48, kHintColour,
               "stroke-width=\"2\"");
  s += text(kLeft + 366, 52, "make(map[K]V, n), then n inserts");
  s += segment(kLeft + 600, 42, kLeft + 600, 56, kGrowthColour);
  s += text(kLeft + 606, 52, "a doubling (new B)");
  s += text(kLeft, kTop2 - 10,
            "dashed: bytes allocated so far by the grown map, garbage "
            "included (runtime.MemStats.TotalAlloc)",
            "start", 11);
  return s;
}

}  // namespace

std::string render_svg(const Sweep& sw) {
  const double x_hi = std::max(
      1.0, std::ceil(std::log10(static_cast<double>(sw.spec.max_n)) - 1e-9));
  const Axis x{0, x_hi, kLeft, kRight, true};
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  num(kWidth) + "\" height=\"" + num(kHeight) +
                  "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                  "\" font-family=\"sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += text(kWidth / 2, 24,
            map_type_name(sw.spec.key, sw.spec.value) +
                " on Go 1.19: live bytes as Go allocates them (computed by "
                "mapcore)",
            "middle", 15);
  s += legend();
  s += per_entry_panel(sw, x);
  s += total_panel(sw, x);
  return s + "</svg>\n";
}

}  // namespace gomapfuzz::memreport

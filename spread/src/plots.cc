// SVG figures of the battery (see plots.h).
#include "gomapfuzz/spread/plots.h"

#include <algorithm>
#include <cmath>

#include "gomapfuzz/spread/results.h"
#include "gomapfuzz/spread/stats.h"
#include "gomapfuzz/spread/svg.h"

namespace gomapfuzz::spread {
namespace {

constexpr int kColumns = 4;
constexpr double kPanelW = 270, kPanelH = 190, kTitleH = 40;
constexpr double kPadL = 42, kPadR = 10, kPadT = 24, kPadB = 28;
constexpr const char* kObserved = "#4a7bb7";
constexpr const char* kIdeal = "#d9412b";
// Bucket loads beyond this are summed into the last bar.
constexpr uint64_t kMaxLoadShown = 24;
// Chain lengths beyond this are summed into the last bar.
constexpr uint64_t kMaxChainShown = 8;
// The log axis of chain shares stops at 1e-7 (a 2^20 map has ~1e-6 steps).
constexpr double kLogFloor = -7;

struct Panel {
  double x0, y0;  // plot area, top-left
  double w, h;
};

Panel panel_at(std::size_t i) {
  const double px = (i % kColumns) * kPanelW;
  const double py = kTitleH + (i / kColumns) * kPanelH;
  return {px + kPadL, py + kPadT, kPanelW - kPadL - kPadR,
          kPanelH - kPadT - kPadB};
}

Svg canvas(std::size_t panels, const std::string& title) {
  const std::size_t rows = (panels + kColumns - 1) / kColumns;
  Svg svg(kColumns * kPanelW, kTitleH + rows * kPanelH + 10);
  svg.text(10, 24, title, 15);
  return svg;
}

void legend(Svg& svg, double x, double y, const std::string& observed,
            const std::string& ideal) {
  svg.rect(x, y - 9, 12, 10, kObserved);
  svg.text(x + 16, y, observed, 11);
  svg.line(x + 150, y - 4, x + 170, y - 4, kIdeal, 2);
  svg.text(x + 175, y, ideal, 11);
}

}  // namespace

std::string bucket_loads_svg(const std::string& hash_name,
                             const std::vector<GeometryPlotData>& plots) {
  Svg svg = canvas(plots.size(), "Bucket loads, hash " + hash_name +
                                     ": share of buckets holding c keys");
  legend(svg, 560, 24, "observed", "ideal hash (Poisson)");
  for (std::size_t i = 0; i < plots.size(); ++i) {
    const auto& p = plots[i];
    const Panel a = panel_at(i);
    const double m = std::ldexp(1.0, p.b);
    const double lambda = p.n / m;
    std::vector<double> share(kMaxLoadShown + 1, 0.0);
    for (uint64_t c = 0; c < p.load_hist.size(); ++c) {
      share[std::min(c, kMaxLoadShown)] += p.load_hist[c] / m;
    }
    double ymax = 0;
    for (uint64_t c = 0; c <= kMaxLoadShown; ++c) {
      ymax = std::max({ymax, share[c], poisson_pmf(c, lambda)});
    }
    ymax *= 1.1;
    const double bw = a.w / (kMaxLoadShown + 1);
    auto y_of = [&](double v) { return a.y0 + a.h - a.h * v / ymax; };
    svg.text(a.x0, a.y0 - 8,
             std::string(key_family_name(p.family)) +
                 "  B=" + std::to_string(p.b) + " load=" + fmt_num(p.load, 3),
             11);
    for (uint64_t c = 0; c <= kMaxLoadShown; ++c) {
      svg.rect(a.x0 + c * bw + 1, y_of(share[c]), bw - 2,
               a.y0 + a.h - y_of(share[c]), kObserved);
    }
    std::vector<std::pair<double, double>> curve;
    for (uint64_t c = 0; c <= kMaxLoadShown; ++c) {
      curve.emplace_back(a.x0 + (c + 0.5) * bw, y_of(poisson_pmf(c, lambda)));
    }
    svg.polyline(curve, kIdeal, 2);
    svg.line(a.x0, a.y0 + a.h, a.x0 + a.w, a.y0 + a.h, "#444");
    svg.line(a.x0, a.y0, a.x0, a.y0 + a.h, "#444");
    // The bucket's 8 slots end here: loads to the right overflow.
    const double x8 = a.x0 + 9 * bw;
    svg.line(x8, a.y0, x8, a.y0 + a.h, "#999", 1);
    svg.text(x8 + 2, a.y0 + 10, "overflow", 9, "start", "#777");
    for (uint64_t c = 0; c <= kMaxLoadShown; c += 8) {
      svg.text(
          a.x0 + (c + 0.5) * bw, a.y0 + a.h + 12,
          c == kMaxLoadShown ? ">=" + std::to_string(c) : std::to_string(c), 9,
          "middle");
    }
    svg.text(a.x0 - 4, a.y0 + 4, fmt_num(ymax, 2), 9, "end");
    svg.text(a.x0 - 4, a.y0 + a.h, "0", 9, "end");
  }
  return svg.str();
}

std::string chain_lengths_svg(const std::string& hash_name,
                              const std::vector<GeometryPlotData>& plots) {
  Svg svg = canvas(plots.size(),
                   "Chain lengths, hash " + hash_name +
                       ": share of buckets whose chain is L buckets (log)");
  legend(svg, 780, 24, "observed", "ideal hash");
  for (std::size_t i = 0; i < plots.size(); ++i) {
    const auto& p = plots[i];
    const Panel a = panel_at(i);
    const double m = std::ldexp(1.0, p.b);
    const double lambda = p.n / m;
    std::vector<double> share(kMaxChainShown + 1, 0.0);
    for (uint64_t len = 1; len < p.chain_hist.size(); ++len) {
      share[std::min(len, kMaxChainShown)] += p.chain_hist[len] / m;
    }
    const double bw = a.w / kMaxChainShown;
    auto y_of = [&](double v) {
      const double l = v <= 0 ? kLogFloor : std::max(kLogFloor, std::log10(v));
      return a.y0 + a.h * (l / kLogFloor);
    };
    svg.text(a.x0, a.y0 - 8,
             std::string(key_family_name(p.family)) +
                 "  B=" + std::to_string(p.b) + " load=" + fmt_num(p.load, 3),
             11);
    std::vector<std::pair<double, double>> ideal;
    for (uint64_t len = 1; len <= kMaxChainShown; ++len) {
      const double x = a.x0 + (len - 1) * bw;
      if (share[len] > 0) {
        svg.rect(x + 2, y_of(share[len]), bw - 4, a.y0 + a.h - y_of(share[len]),
                 kObserved);
      }
      const double lo = len == 1 ? -1.0 : 8.0 * (len - 1);
      const double q = len == kMaxChainShown
                           ? poisson_upper(lo + 1, lambda)
                           : poisson_cdf(8.0 * len, lambda) -
                                 (len == 1 ? 0.0 : poisson_cdf(lo, lambda));
      ideal.emplace_back(x + bw / 2, y_of(q));
      svg.text(x + bw / 2, a.y0 + a.h + 12,
               len == kMaxChainShown ? ">=" + std::to_string(len)
                                     : std::to_string(len),
               9, "middle");
    }
    svg.polyline(ideal, kIdeal, 2);
    for (const auto& [x, y] : ideal) svg.circle(x, y, 2.5, kIdeal);
    svg.line(a.x0, a.y0 + a.h, a.x0 + a.w, a.y0 + a.h, "#444");
    svg.line(a.x0, a.y0, a.x0, a.y0 + a.h, "#444");
    for (int e = 0; e >= kLogFloor; e -= 2) {
      svg.text(a.x0 - 4, y_of(std::pow(10.0, e)) + 3, "1e" + std::to_string(e),
               9, "end");
    }
  }
  return svg.str();
}

namespace {

// Flip-rate bias 2p-1 quantized, so that runs of equal colour merge into one
// rectangle (a good hash's map is a few white rectangles).
constexpr double kBiasSteps[] = {0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.01};
constexpr int kLevels = sizeof(kBiasSteps) / sizeof(kBiasSteps[0]);

int bias_level(double bias) {
  for (int l = 0; l < kLevels; ++l) {
    if (std::abs(bias) < kBiasSteps[l]) return bias < 0 ? -l : l;
  }
  return bias < 0 ? -(kLevels - 1) : kLevels - 1;
}

std::string level_colour(int level) {
  if (level == 0) return "#ffffff";
  const int k = std::abs(level);
  const int fade = 255 - (255 * k) / (kLevels - 1);
  char buf[8];
  if (level > 0) {
    std::snprintf(buf, sizeof buf, "#ff%02x%02x", fade, fade);
  } else {
    std::snprintf(buf, sizeof buf, "#%02x%02xff", fade, fade);
  }
  return buf;
}

// Heat maps of keys longer than this would be thousands of rows.
constexpr int kMaxHeatMapInBits = 256;
constexpr double kCellW = 3.5;
constexpr double kMapH = 256;

}  // namespace

std::string avalanche_svg(const std::string& hash_name,
                          const std::vector<AvalancheGrid>& grids) {
  std::vector<const AvalancheGrid*> shown;
  for (const auto& g : grids) {
    if (g.in_bits > 0 && g.in_bits <= kMaxHeatMapInBits) shown.push_back(&g);
  }
  const double panel_w = 64 * kCellW + 60;
  const double width = std::max(760.0, shown.size() * panel_w + 20);
  Svg svg(width, kMapH + 110);
  svg.text(10, 24,
           "Avalanche, hash " + hash_name +
               ": flip rate of output bit (x, 0..63) when input bit (y) flips",
           15);
  for (int l = -(kLevels - 1); l <= kLevels - 1; ++l) {
    const double x = 10 + (l + kLevels - 1) * 44;
    svg.rect(x, 40, 40, 10, level_colour(l), "#ccc");
    const double edge = l == 0 ? 0 : kBiasSteps[std::abs(l) - 1];
    svg.text(x + 20, 62,
             l == 0 ? "|bias|<1%"
                    : (l > 0 ? ">" : "<-") + fmt_num(100 * edge, 2) + "%",
             8, "middle");
  }
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const AvalancheGrid& g = *shown[k];
    const double x0 = 40 + k * panel_w, y0 = 90;
    const double cell_h = kMapH / g.in_bits;
    svg.text(x0, y0 - 6, g.name + " (" + std::to_string(g.reps) + " reps)", 10);
    for (int i = 0; i < g.in_bits; ++i) {
      int run_start = 0;
      int run_level = bias_level(2 * g.flip_rate(i, 0) - 1);
      for (int j = 1; j <= 64; ++j) {
        const int level = j < 64 ? bias_level(2 * g.flip_rate(i, j) - 1) : 99;
        if (level == run_level) continue;
        if (run_level != 0) {
          svg.rect(x0 + run_start * kCellW, y0 + i * cell_h,
                   (j - run_start) * kCellW, cell_h, level_colour(run_level));
        }
        run_start = j;
        run_level = level;
      }
    }
    svg.rect(x0, y0, 64 * kCellW, kMapH, "none", "#888");
  }
  return svg.str();
}

}  // namespace gomapfuzz::spread

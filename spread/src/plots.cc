// The battery's figures (plots.h), drawn with the project's plot library.
#include "gomapfuzz/spread/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gomapfuzz/plot/figure.h"
#include "gomapfuzz/plot/render.h"
#include "gomapfuzz/plot/ticks.h"
#include "gomapfuzz/spread/results.h"
#include "gomapfuzz/spread/stats.h"

namespace gomapfuzz::spread {
namespace {

// Four panels a row: the seven key families fit in two rows.
constexpr int kColumns = 4;
constexpr double kPanelW = 290, kPanelH = 230;
constexpr const char* kObserved = "#4a7bb7";
const plot::Style kIdeal{"#d9412b", 2, ""};
const plot::Style kBucketFull{"#999999", 1, "4,3"};
// Bucket loads beyond this are summed into the last bar.
constexpr uint64_t kMaxLoadShown = 24;
// Chain lengths beyond this are summed into the last bar.
constexpr uint64_t kMaxChainShown = 8;
// The log axis of chain shares stops at 1e-7 (a 2^20 map has ~1e-6 steps).
constexpr double kLogFloor = 1e-7;

std::string panel_title(const GeometryPlotData& p) {
  return std::string(key_family_name(p.family)) + "  B=" + std::to_string(p.b) +
         " load=" + fmt_num(p.load, 3);
}

// Ticks at these values; the last one stands for it and everything above.
std::vector<plot::Tick> ticks_to_last(std::initializer_list<uint64_t> at) {
  std::vector<plot::Tick> out;
  for (uint64_t v : at) {
    out.push_back({static_cast<double>(v), std::to_string(v)});
  }
  out.back().label = ">=" + out.back().label;
  return out;
}

plot::Figure grid_of_panels(const std::string& title) {
  return {.title = title,
          .columns = kColumns,
          .panel_width = kPanelW,
          .panel_height = kPanelH};
}

}  // namespace

std::string bucket_loads_svg(const std::string& hash_name,
                             const std::vector<GeometryPlotData>& plots) {
  plot::Figure f = grid_of_panels("Bucket loads, hash " + hash_name +
                                  ": share of buckets holding c keys");
  for (const auto& p : plots) {
    const double m = std::ldexp(1.0, p.b);
    const double lambda = p.n / m;
    std::vector<double> share(kMaxLoadShown + 1, 0.0);
    for (uint64_t c = 0; c < p.load_hist.size(); ++c) {
      share[std::min(c, kMaxLoadShown)] += p.load_hist[c] / m;
    }
    plot::Bars observed{.name = "observed", .colour = kObserved};
    plot::Line ideal{.name = "ideal hash (Poisson)", .style = kIdeal};
    double ymax = 0;
    for (uint64_t c = 0; c <= kMaxLoadShown; ++c) {
      const double x = static_cast<double>(c);
      observed.bars.push_back({x, share[c]});
      ideal.points.push_back({x, poisson_pmf(c, lambda)});
      ymax = std::max({ymax, share[c], poisson_pmf(c, lambda)});
    }
    plot::Panel panel{
        .title = panel_title(p),
        .x = {.title = "keys in the bucket's chain (c)",
              .lo = -0.5,
              .hi = kMaxLoadShown + 0.5,
              .ticks = ticks_to_last({0, 4, 8, 12, 16, 20, kMaxLoadShown})},
        .y = {.title = "share of buckets", .lo = 0, .hi = ymax * 1.1}};
    panel.series = {observed, ideal,
                    // A bucket holds 8 keys: loads to the right overflow.
                    plot::Rule{.name = "a bucket's 8 slots end",
                               .at = 8.5,
                               .style = kBucketFull,
                               .label = "overflow"}};
    f.panels.push_back(std::move(panel));
  }
  return plot::render_svg(f);
}

std::string chain_lengths_svg(const std::string& hash_name,
                              const std::vector<GeometryPlotData>& plots) {
  plot::Figure f = grid_of_panels(
      "Chain lengths, hash " + hash_name +
      ": share of buckets whose chain is L buckets long (log scale)");
  for (const auto& p : plots) {
    const double m = std::ldexp(1.0, p.b);
    const double lambda = p.n / m;
    std::vector<double> share(kMaxChainShown + 1, 0.0);
    for (uint64_t len = 1; len < p.chain_hist.size(); ++len) {
      share[std::min(len, kMaxChainShown)] += p.chain_hist[len] / m;
    }
    plot::Bars observed{.name = "observed", .colour = kObserved};
    plot::Line ideal{.name = "ideal hash", .style = kIdeal, .marker = 2.5};
    for (uint64_t len = 1; len <= kMaxChainShown; ++len) {
      // An ideal hash's chain is L buckets when the bucket's Poisson load
      // is in (8(L-1), 8L]; the last bar takes the whole tail.
      const double lo = len == 1 ? -1.0 : 8.0 * (len - 1);
      const double q = len == kMaxChainShown
                           ? poisson_upper(lo + 1, lambda)
                           : poisson_cdf(8.0 * len, lambda) -
                                 (len == 1 ? 0.0 : poisson_cdf(lo, lambda));
      const double x = static_cast<double>(len);
      observed.bars.push_back({x, share[len]});
      ideal.points.push_back({x, std::max(q, kLogFloor)});
    }
    plot::Panel panel{
        .title = panel_title(p),
        .x = {.title = "chain length L (buckets)",
              .lo = 0.5,
              .hi = kMaxChainShown + 0.5,
              .ticks = ticks_to_last({1, 2, 3, 4, 5, 6, 7, kMaxChainShown})},
        .y = {.title = "share of buckets",
              .lo = kLogFloor,
              .hi = 1,
              .scale = plot::Scale::kLog10,
              .label = plot::exponent_label}};
    panel.series = {observed, ideal};
    f.panels.push_back(std::move(panel));
  }
  return plot::render_svg(f);
}

namespace {

// Flip-rate bias 2p-1 quantized into levels, so that runs of equal colour
// merge into one rectangle (a good hash's map is a few white rectangles):
// level l (|l| >= 1) holds |bias| in [kBiasSteps[|l|-1], kBiasSteps[|l|]).
constexpr double kBiasSteps[] = {0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.01};
constexpr int kLevels = sizeof(kBiasSteps) / sizeof(kBiasSteps[0]);

int bias_level(double bias) {
  for (int l = 0; l < kLevels; ++l) {
    if (std::abs(bias) < kBiasSteps[l]) return bias < 0 ? -l : l;
  }
  return bias < 0 ? -(kLevels - 1) : kLevels - 1;
}

// White at no bias, deeper red (too many flips) or blue (too few) as it
// grows.
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

std::string level_label(int level) {
  if (level == 0) return "|bias| < 1%";
  const int k = std::abs(level);
  const std::string sign = level > 0 ? "+" : "-";
  const std::string from = sign + fmt_num(100 * kBiasSteps[k - 1], 2) + "%";
  if (k == kLevels - 1) return from + (level > 0 ? " or more" : " or less");
  return from + " to " + sign + fmt_num(100 * kBiasSteps[k], 2) + "%";
}

// The legend's bins, from the bluest to the reddest: bin = level + kLevels-1.
std::vector<plot::Bin> bias_bins() {
  std::vector<plot::Bin> bins;
  for (int l = -(kLevels - 1); l <= kLevels - 1; ++l) {
    bins.push_back({level_colour(l), level_label(l)});
  }
  return bins;
}

// Heat maps of keys longer than this would be thousands of rows.
constexpr int kMaxHeatMapInBits = 256;

}  // namespace

std::string avalanche_svg(const std::string& hash_name,
                          const std::vector<AvalancheGrid>& grids) {
  plot::Figure f{.title = "Avalanche, hash " + hash_name +
                          ": bias 2p-1 of p, the rate at which an output bit "
                          "flips when an input bit flips (ideal: 0)",
                 .columns = kColumns,
                 .panel_width = kPanelW,
                 .panel_height = 330};
  const std::vector<plot::Bin> bins = bias_bins();
  for (const auto& g : grids) {
    if (g.in_bits <= 0 || g.in_bits > kMaxHeatMapInBits) continue;
    plot::HeatMap map{.columns = 64,
                      .rows = g.in_bits,
                      .bins = bins,
                      .blank_bin = kLevels - 1};
    for (int i = 0; i < g.in_bits; ++i) {
      for (int j = 0; j < 64; ++j) {
        map.cells.push_back(bias_level(2 * g.flip_rate(i, j) - 1) + kLevels -
                            1);
      }
    }
    plot::Panel panel{
        .title = g.name + " (" + std::to_string(g.reps) + " reps)",
        .x = {.title = "output bit",
              .lo = 0,
              .hi = 64,
              .ticks =
                  {{0, "0"}, {16, "16"}, {32, "32"}, {48, "48"}, {64, "64"}}},
        .y = {.title = "input bit",
              .lo = 0,
              .hi = static_cast<double>(g.in_bits)}};
    panel.series = {std::move(map)};
    f.panels.push_back(std::move(panel));
  }
  return plot::render_svg(f);
}

}  // namespace gomapfuzz::spread

// Tick choice and labels (ticks.h).
#include "gomapfuzz/plot/ticks.h"

#include <cmath>
#include <cstdio>

namespace gomapfuzz::plot {
namespace {

// Above this many decades a log axis labels every second (third...) one,
// so that labels never overlap on a panel a few hundred pixels wide.
constexpr int kMaxLogTicks = 9;
// A linear axis aims at range / kLinearSteps per tick, rounded up to a nice
// step: three to seven ticks.
constexpr double kLinearSteps = 6;
// Tick positions are multiples of the step computed in floating point:
// this much slack keeps the ends of the range from being lost to rounding.
constexpr double kSlack = 1e-9;

}  // namespace

double nice_ceiling(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * p >= v * (1 - kSlack)) return m * p;
  }
  return 10 * p;
}

std::vector<Tick> ticks_of(const Axis& a) {
  if (!a.ticks.empty()) return a.ticks;
  const auto label = a.label ? a.label : number_label;
  std::vector<Tick> out;
  if (a.scale == Scale::kLog10) {
    const int first = static_cast<int>(std::ceil(std::log10(a.lo) - kSlack));
    const int last = static_cast<int>(std::floor(std::log10(a.hi) + kSlack));
    const int every = (last - first) / kMaxLogTicks + 1;
    for (int d = first; d <= last; d += every) {
      const double v = std::pow(10.0, d);
      out.push_back({v, label(v)});
    }
    return out;
  }
  const double step = nice_ceiling((a.hi - a.lo) / kLinearSteps);
  for (double k = std::ceil(a.lo / step - kSlack);
       k * step <= a.hi + kSlack * step; ++k) {
    const double v = std::abs(k) < 0.5 ? 0.0 : k * step;
    out.push_back({v, label(v)});
  }
  return out;
}

std::string number_label(double v) {
  if (v == 0) return "0";  // never "-0"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string si_label(double v, const std::string& unit) {
  static const char* const kPrefixes[] = {"", "k", "M", "G", "T"};
  int p = 0;
  while (std::abs(v) >= 1000 && p < 4) {
    v /= 1000;
    ++p;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%s%s", v, unit.empty() ? "" : " ",
                kPrefixes[p]);
  return buf + unit;
}

std::string exponent_label(double v) {
  return "1e" + std::to_string(std::lround(std::log10(v)));
}

}  // namespace gomapfuzz::plot

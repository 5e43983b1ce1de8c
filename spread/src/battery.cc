// Runs the battery's sections and writes the report (see battery.h).
#include "gomapfuzz/spread/battery.h"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "gomapfuzz/spread/plots.h"
#include "gomapfuzz/spread/smhasher.h"
#include "gomapfuzz/spread/throughput.h"

namespace gomapfuzz::spread {
namespace {

constexpr int kFullMaxB = 20, kQuickMaxB = 14;
constexpr int kFullRealMapMaxB = 16, kQuickRealMapMaxB = 10;
constexpr int kFullPlotB = 16, kQuickPlotB = 12;
constexpr double kFullThroughputSeconds = 0.2, kQuickThroughputSeconds = 0.02;

// User + system time of the whole process (all threads), in seconds.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

// Turns each section's unit hook into BatteryProgress steps with a running
// count over the whole run.
class StepCounter {
 public:
  StepCounter(const BatteryProgress& progress, uint64_t total)
      : progress_(progress), total_(total) {}
  UnitHook hook(const char* section) {
    if (!progress_) return {};
    return [this, section](const std::string& unit, bool finished) {
      BatteryStep s{section, unit, finished, 0, total_};
      s.done = finished ? done_.fetch_add(1) + 1 : done_.load();
      progress_(s);
    };
  }

 private:
  const BatteryProgress& progress_;
  const uint64_t total_;
  std::atomic<uint64_t> done_{0};
};

SmhasherOptions smhasher_options(const BatteryOptions& o) {
  SmhasherOptions so;
  so.full = o.full;
  so.seed = o.seed;
  so.jobs = o.jobs;
  so.family_alpha = o.family_alpha;
  return so;
}

uint64_t unit_count(const BatteryOptions& o) {
  return (o.geometry ? o.families.size() : 0) +
         (o.smhasher ? smhasher_unit_count(smhasher_options(o)) : 0) +
         (o.throughput ? throughput_unit_count() : 0);
}

}  // namespace

GeometryOptions geometry_options(const BatteryOptions& o) {
  GeometryOptions g;
  g.max_b = o.full ? kFullMaxB : kQuickMaxB;
  g.loads = o.full ? std::vector<double>{3.25, 4.0, 5.0, 6.0, 6.5}
                   : std::vector<double>{3.25, 5.0, 6.5};
  g.realmap_max_b = o.full ? kFullRealMapMaxB : kQuickRealMapMaxB;
  g.plot_b = o.full ? kFullPlotB : kQuickPlotB;
  g.families = o.families;
  g.family_alpha = o.family_alpha;
  g.seed = o.seed;
  g.jobs = o.jobs;
  return g;
}

Battery run_battery(const NamedHash& h, const BatteryOptions& o,
                    const BatteryProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_seconds();
  StepCounter steps(progress, unit_count(o));
  Battery b;
  b.report.hash_name = h.name;
  b.report.hash_description = h.description;
  b.report.seed = o.seed;
  b.report.mode = o.full ? "full" : "quick";
  if (o.geometry) {
    GeometryOptions go = geometry_options(o);
    go.on_unit = steps.hook("geometry");
    GeometryResult g = run_geometry(*h.impl, go);
    b.report.sections.push_back(std::move(g.section));
    b.plots = std::move(g.plots);
  }
  if (o.smhasher) {
    SmhasherOptions so = smhasher_options(o);
    so.on_unit = steps.hook("smhasher");
    SmhasherResult s = run_smhasher(*h.impl, so);
    b.report.sections.push_back(std::move(s.section));
    b.grids = std::move(s.grids);
  }
  if (o.throughput) {
    ThroughputOptions to;
    to.min_seconds = o.full ? kFullThroughputSeconds : kQuickThroughputSeconds;
    to.seed = o.seed;
    to.on_unit = steps.hook("throughput");
    b.report.sections.push_back(run_throughput(*h.impl, to));
  }
  b.report.cpu_seconds = process_cpu_seconds() - cpu_start;
  b.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return b;
}

std::vector<std::string> write_report(const Battery& b,
                                      const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw std::runtime_error("cannot create " + dir + ": " + ec.message());
  std::vector<std::string> written;
  auto put = [&](const std::string& name, const std::string& text) {
    const std::string path = (fs::path(dir) / name).string();
    std::ofstream f(path);
    f << text;
    if (!f) throw std::runtime_error("cannot write " + path);
    written.push_back(path);
  };
  std::ostringstream table;
  print_report(table, b.report);
  put("report.txt", table.str());
  if (!b.plots.empty()) {
    put("bucket_loads.svg", bucket_loads_svg(b.report.hash_name, b.plots));
    put("chain_lengths.svg", chain_lengths_svg(b.report.hash_name, b.plots));
  }
  if (!b.grids.empty()) {
    put("avalanche.svg", avalanche_svg(b.report.hash_name, b.grids));
  }
  return written;
}

}  // namespace gomapfuzz::spread

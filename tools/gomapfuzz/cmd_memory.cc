// gomapfuzz memory: the true cost of a Go 1.19 map, computed by replaying a
// scenario on mapcore and counting every byte as Go's allocator would (the
// memreport library does the work; this file parses flags and prints).
//
//   gomapfuzz memory --key uint64 --value uint64 -n 1300
//   gomapfuzz memory --key string --value bytes24 -n 1000 10000 --csv
//   gomapfuzz memory --key uint64 --value uint64 -n 1000000 --plot m.svg
//   gomapfuzz memory --map syncmap -n 1000 10000
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "gomapfuzz/memreport/cost.h"
#include "gomapfuzz/memreport/format.h"
#include "gomapfuzz/memreport/scenario.h"
#include "gomapfuzz/memreport/sweep.h"
#include "gomapfuzz/memreport/sweep_plot.h"
#include "gomapfuzz/memreport/syncmap_report.h"
#include "options.h"
#include "progress.h"

namespace gomapfuzz::cli {
namespace {

namespace mr = gomapfuzz::memreport;

struct MemoryOptions {
  std::string map = "plain";  // or "syncmap" (syncmap_report.h)
  std::string key = "uint64";
  std::string value = "uint64";
  std::vector<int64_t> n;
  int64_t hint = 0;
  int64_t deletes = 0;
  int key_len = 16;
  uint64_t seed = 0;
  bool csv = false;
  bool sweep = false;
  std::string plot;
  int points_per_decade = 20;
  bool quiet = false;
  ResourceBudget budget;
};

// Entries a map of the report may hold: far above what any budget admits,
// far below where int64 arithmetic on them could overflow.
constexpr int64_t kMaxEntries = int64_t{1} << 40;

// One line when the predicted cost is over the budget ("" when it fits).
std::string over_budget(const mr::RunCost& c, const ResourceBudget& b) {
  if (c.peak_bytes > b.memory_bytes) {
    return "would hold up to " + human_bytes(c.peak_bytes) +
           " at once, above the memory budget of " +
           human_bytes(b.memory_bytes) + " (raise it with --max-memory " +
           std::to_string((c.peak_bytes >> 20) + 1) + ")";
  }
  if (c.seconds > b.seconds) {
    return "would take about " +
           std::to_string(static_cast<int64_t>(c.seconds)) + " s (" +
           std::to_string(c.inserts) + " inserts), above the time budget of " +
           std::to_string(static_cast<int64_t>(b.seconds)) +
           " s (raise it with --max-seconds " +
           std::to_string(static_cast<int64_t>(c.seconds) + 1) + ")";
  }
  return "";
}

std::optional<mr::TypeSpec> type_or_complain(const std::string& what,
                                             const std::string& text) {
  auto t = mr::parse_type(text);
  if (!t) {
    std::cerr << "gomapfuzz memory: unknown " << what << " type '" << text
              << "'; choose " << mr::type_choices() << "\n";
  }
  return t;
}

int report(const MemoryOptions& o, const mr::TypeSpec& key,
           const mr::TypeSpec& value) {
  std::vector<mr::Scenario> scenarios;
  for (int64_t n : o.n) {
    scenarios.push_back({key, value, n, o.hint, o.deletes, o.key_len, o.seed});
    mr::validate(scenarios.back());
    if (const std::string over =
            over_budget(mr::predict_cost(scenarios.back()), o.budget);
        !over.empty()) {
      std::cerr << "gomapfuzz memory: -n " << n << ": " << over << "\n";
      return kExitBadInput;
    }
  }
  if (o.csv) std::cout << mr::csv_header();
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const mr::Report r = mr::run_scenario(scenarios[i]);
    if (o.csv) {
      std::cout << mr::csv_row(r);
    } else {
      std::cout << (i ? "\n" : "") << mr::format_table(r);
    }
  }
  return kExitOk;
}

void print_sweep_table(const mr::Sweep& sw) {
  std::cout << mr::map_type_name(sw.spec.key, sw.spec.value)
            << ": live bytes as Go 1.19 allocates them\n"
            << "       n   no hint: B     bytes  bytes/entry   "
               "make(m, n): B     bytes  bytes/entry\n";
  for (const mr::SweepPoint& h : sw.with_hint) {
    // The no-hint map's value at the same n (the last point at or before).
    const mr::SweepPoint* g = nullptr;
    for (const auto& p : sw.no_hint) {
      if (p.n <= h.n) g = &p;
    }
    if (!g || g->n != h.n) continue;
    char line[160];
    std::snprintf(
        line, sizeof line, "%8lld   %10d %9llu %12.2f   %13d %9llu %12.2f\n",
        static_cast<long long>(h.n), int{g->B},
        static_cast<unsigned long long>(g->total_bytes), g->bytes_per_entry,
        int{h.B}, static_cast<unsigned long long>(h.total_bytes),
        h.bytes_per_entry);
    std::cout << line;
  }
  std::cout << "doublings of the no-hint map at n =";
  for (const auto& g : sw.growths) std::cout << " " << g.n;
  std::cout << "\n";
}

int sweep(const MemoryOptions& o, const mr::TypeSpec& key,
          const mr::TypeSpec& value) {
  mr::SweepSpec spec;
  spec.key = key;
  spec.value = value;
  spec.max_n = *std::max_element(o.n.begin(), o.n.end());
  spec.points_per_decade = o.points_per_decade;
  spec.key_len = o.key_len;
  spec.seed = o.seed;
  if (const std::string over = over_budget(mr::predict_cost(spec), o.budget);
      !over.empty()) {
    std::cerr << "gomapfuzz memory: the sweep to n = " << spec.max_n << " "
              << over << "\n";
    return kExitBadInput;
  }
  Progress progress("memory sweep to n = " + std::to_string(spec.max_n),
                    "inserts", 0, o.quiet);
  if (progress.shown()) {
    spec.progress = [&progress](uint64_t done, uint64_t total) {
      progress.set_total(total);
      progress.update(done);
    };
  }
  const mr::Sweep sw = mr::run_sweep(spec);
  if (!o.plot.empty()) {
    std::ofstream f(o.plot);
    f << mr::render_svg(sw);
    if (!f.flush()) {
      std::cerr << "gomapfuzz memory: cannot write " << o.plot << "\n";
      return kExitBadInput;
    }
    std::cerr << "gomapfuzz memory: wrote " << o.plot << "\n";
  }
  if (o.csv) {
    std::cout << mr::format_sweep_csv(sw);
  } else if (o.sweep) {
    print_sweep_table(sw);
  }
  return kExitOk;
}

// --map syncmap: Go's sync.Map and the port beside a plain map, uint64 keys
// and values only (the Go check's scenario, syncmap_report.h).
int syncmap_report(const MemoryOptions& o) {
  if (o.key != "uint64" || o.value != "uint64" || o.hint != 0 ||
      o.deletes != 0 || o.csv || o.sweep || !o.plot.empty()) {
    std::cerr << "gomapfuzz memory --map syncmap: uint64 keys and values, "
                 "no --hint, --deletes, --csv, --sweep or --plot\n";
    return kExitBadInput;
  }
  for (std::size_t i = 0; i < o.n.size(); ++i) {
    // The port holds two maps, an entry and a box per key, and the plain
    // map is built after it: about three plain maps' worth at once.
    mr::Scenario plain{*mr::parse_type("uint64"), *mr::parse_type("uint64"),
                       o.n[i]};
    mr::RunCost cost = mr::predict_cost(plain);
    cost.peak_bytes *= 3;
    cost.seconds *= 3;
    if (const std::string over = over_budget(cost, o.budget); !over.empty()) {
      std::cerr << "gomapfuzz memory: -n " << o.n[i] << ": " << over << "\n";
      return kExitBadInput;
    }
    std::cout << (i ? "\n" : "")
              << mr::format_syncmap_table(
                     mr::run_syncmap_scenario(o.n[i], o.seed));
  }
  return kExitOk;
}

int run_memory(const MemoryOptions& o) {
  if (o.map == "syncmap") return syncmap_report(o);
  const auto key = type_or_complain("key", o.key);
  const auto value = type_or_complain("value", o.value);
  if (!key || !value) return kExitBadInput;
  try {
    if (o.sweep || !o.plot.empty()) return sweep(o, *key, *value);
    return report(o, *key, *value);
  } catch (const mr::ScenarioError& e) {
    std::cerr << "gomapfuzz memory: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace

void add_memory_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("memory", add_memory_command);

void add_memory_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<MemoryOptions>();
  CLI::App* cmd = app.add_subcommand(
      "memory",
      "The true memory cost of a Go 1.19 map: make(map[K]V, hint), n inserts "
      "of keys 0..n-1, then deletes of keys 0..D-1, replayed on mapcore; "
      "bytes as Go's allocator rounds them");
  cmd->footer("Types (--key, --value): " + mr::type_choices() +
              ". uint64 key i is i; string key i is its decimal zero-padded "
              "to --key-len bytes; [N]byte key i is i's 8 little-endian bytes "
              "repeated.");
  cmd->add_option("--map", o->map,
                  "plain: make(map[K]V, hint); syncmap: a sync.Map of uint64 "
                  "keys and values after n Stores, after the Loads that "
                  "promote its dirty map, and after one more Store, beside "
                  "this project's port and a plain map")
      ->check(CLI::IsMember({"plain", "syncmap"}))
      ->capture_default_str();
  cmd->add_option("--key", o->key, "Key type")->capture_default_str();
  cmd->add_option("--value", o->value, "Value type")->capture_default_str();
  add_integers_option(cmd, "-n", o->n, int64_t{0}, kMaxEntries,
                      "Entries to insert (several: one report each)")
      ->required();
  add_integer_option(cmd, "--hint", o->hint,
                     std::numeric_limits<int64_t>::min(),
                     std::numeric_limits<int64_t>::max(),
                     "make(map[K]V, hint); Go ignores a negative or huge one");
  add_integer_option(cmd, "--deletes", o->deletes, int64_t{0}, kMaxEntries,
                     "Delete the first D keys after inserting");
  add_integer_option(cmd, "--key-len", o->key_len, 0, 4096,
                     "Bytes of each string key");
  add_integer_option(cmd, "--seed", o->seed, uint64_t{0},
                     std::numeric_limits<uint64_t>::max(),
                     "mapcore's random source (hash0)");
  cmd->add_flag("--csv", o->csv, "CSV instead of a table");
  cmd->add_flag("--sweep", o->sweep,
                "Sweep n from 1 to the largest -n, with and without a hint");
  cmd->add_option("--plot", o->plot,
                  "Write the sweep as an SVG plot to this file")
      ->check(OutputFile());
  add_integer_option(cmd, "--points-per-decade", o->points_per_decade, 1, 1000,
                     "Sweep grid density");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line");
  add_budget_options(cmd, o->budget);
  cmd->callback([o, exit_code] { *exit_code = run_memory(*o); });
}

}  // namespace gomapfuzz::cli

// gomapfuzz spread --hash NAME | --hash-lib PATH [--keys FAMILY] [--seed S]
//                  [--report DIR] [--quick] [--jobs N] [--sections LIST]
//                  [--plugin-timeout S] [-q]
// Runs the hash spread battery (spread/: Go-geometry tests, SMHasher-style
// tests from Go's hash_test.go, throughput) on one hash, prints the verdict
// table, and with --report writes report.txt and SVG plots. A --hash-lib
// plugin runs in a sandbox child (spread/sandboxed_battery.h): if it
// crashes, aborts or hangs, one line names the signal, the key and the
// unit. Exit 0 when every test passes, 1 when one fails or the plugin
// misbehaves, 2 on bad input.
#include <iostream>
#include <limits>
#include <mutex>
#include <sstream>

#include "commands.h"
#include "gomapfuzz/spread/battery.h"
#include "gomapfuzz/spread/sandboxed_battery.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct SpreadOptions {
  std::string hash;
  std::string hash_lib;
  std::vector<std::string> keys;
  uint64_t seed = 1;
  std::string report_dir;
  bool quick = false;
  int jobs = 2;
  std::vector<std::string> sections;
  int plugin_timeout = 10;
  bool quiet = false;
};

// The progress line over the battery's units; steps may come from several
// threads at once.
class StepProgress {
 public:
  explicit StepProgress(bool quiet) : p_("spread", "steps", 0, quiet) {}
  spread::BatteryProgress callback() {
    return [this](const spread::BatteryStep& s) {
      if (!s.finished) return;
      std::lock_guard<std::mutex> lock(mu_);
      p_.set_total(s.total);
      p_.update(s.done);
    };
  }

 private:
  std::mutex mu_;
  Progress p_;
};

// The end of a run, in-process or in the plugin's sandbox child: the
// table, the command that reproduces it and the --report files.
int print_results(const spread::Battery& b, const SpreadOptions& o,
                  std::ostream& out, std::ostream& err) {
  print_report(out, b.report);
  std::ostringstream rerun;
  rerun << "gomapfuzz spread "
        << (o.hash_lib.empty() ? "--hash " + shell_quote(o.hash)
                               : "--hash-lib " + shell_quote(o.hash_lib))
        << " --seed " << o.seed << (o.quick ? " --quick" : "");
  out << "reproduce: " << rerun.str() << "\n";
  if (!o.report_dir.empty()) {
    try {
      for (const auto& f : spread::write_report(b, o.report_dir)) {
        out << "wrote " << f << "\n";
      }
    } catch (const std::exception& e) {
      err << "gomapfuzz spread: " << e.what() << "\n";
      return kExitBadInput;
    }
  }
  return b.report.all_pass() ? kExitOk : kExitFailure;
}

// Empty when every family and section is known; else the error line.
std::string battery_options(const SpreadOptions& o,
                            spread::BatteryOptions& bo) {
  using namespace gomapfuzz::spread;
  bo.full = !o.quick;
  bo.seed = o.seed;
  bo.jobs = o.jobs;
  if (!o.keys.empty()) bo.families.clear();
  for (const auto& k : o.keys) {
    auto f = key_family_from_name(k);
    if (!f) {
      std::string known;
      for (auto fam : all_key_families())
        known += " " + std::string(key_family_name(fam));
      return "unknown key family '" + k + "' (known:" + known + ")";
    }
    bo.families.push_back(*f);
  }
  if (!o.sections.empty()) bo.geometry = bo.smhasher = bo.throughput = false;
  for (const auto& s : o.sections) {
    if (s == "geometry") {
      bo.geometry = true;
    } else if (s == "smhasher") {
      bo.smhasher = true;
    } else if (s == "throughput") {
      bo.throughput = true;
    } else {
      return "unknown section '" + s + "' (geometry, smhasher, throughput)";
    }
  }
  return "";
}

int run_builtin(const spread::BatteryOptions& bo, const SpreadOptions& o) {
  spread::NamedHash h;
  try {
    h = spread::make_builtin_hash(o.hash, o.seed);
  } catch (const spread::HashLookupError& e) {
    std::cerr << "gomapfuzz spread: " << e.what() << "\n";
    return kExitBadInput;
  }
  spread::Battery b;
  {
    StepProgress progress(o.quiet);
    b = spread::run_battery(h, bo, progress.callback());
  }
  return print_results(b, o, std::cout, std::cerr);
}

// What the plugin's child printed besides its results (a plugin's own
// prints, a sanitizer's report), set off from gomapfuzz's lines.
void print_child_output(const std::string& text) {
  if (text.empty()) return;
  std::cerr << "gomapfuzz spread: the plugin's process wrote:\n";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::cerr << "  | " << line << "\n";
  }
}

int run_plugin(const spread::BatteryOptions& bo, const SpreadOptions& o) {
  using spread::SandboxedBattery;
  spread::SandboxedBatteryOptions so{o.hash_lib, bo,
                                     static_cast<double>(o.plugin_timeout)};
  SandboxedBattery r;
  {
    StepProgress progress(o.quiet);
    r = spread::run_battery_sandboxed(
        so,
        [&o](const spread::Battery& b, std::ostream& out, std::ostream& err) {
          return print_results(b, o, out, err);
        },
        progress.callback());
  }
  switch (r.end) {
    case SandboxedBattery::End::kLoadError:
      std::cerr << "gomapfuzz spread: " << r.error << "\n";
      return kExitBadInput;
    case SandboxedBattery::End::kPluginFailed:
      std::cerr << "gomapfuzz spread: " << r.error << "\n";
      print_child_output(r.child_output);
      return kExitFailure;
    case SandboxedBattery::End::kFinished:
      break;
  }
  print_child_output(r.child_output);
  std::cout << r.out;
  std::cerr << r.err;
  return r.exit_code;
}

int run_spread(const SpreadOptions& o) {
  spread::BatteryOptions bo;
  if (const std::string e = battery_options(o, bo); !e.empty()) {
    std::cerr << "gomapfuzz spread: " << e << "\n";
    return kExitBadInput;
  }
  return o.hash_lib.empty() ? run_builtin(bo, o) : run_plugin(bo, o);
}

}  // namespace

void add_spread_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("spread", add_spread_command);

void add_spread_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<SpreadOptions>();
  std::string names;
  for (const auto& n : spread::builtin_hash_names()) names += " " + n;
  CLI::App* cmd = app.add_subcommand(
      "spread",
      "Hash spread battery: Go-geometry, SMHasher-style and throughput tests");
  auto* hash = cmd->add_option(
      "--hash", o->hash,
      "Built-in hash:" + names + " (families take :PARAM, e.g. lowbits:56)");
  auto* lib = cmd->add_option(
      "--hash-lib", o->hash_lib,
      "Shared library exporting extern \"C\" uint64_t hash(const void*, "
      "size_t, uint64_t seed); runs in a sandboxed child process");
  hash->excludes(lib);
  cmd->add_option("--keys", o->keys,
                  "Key families for the geometry tests (default: all)")
      ->delimiter(',');
  add_integer_option<uint64_t>(cmd, "--seed", o->seed, 0,
                               std::numeric_limits<uint64_t>::max(),
                               "Seed of keys, map seeds and secrets");
  cmd->add_option("--report", o->report_dir,
                  "Write report.txt and SVG plots into this folder")
      ->check(OutputDir());
  cmd->add_flag("--quick", o->quick, "The short battery that ctest runs");
  add_integer_option(cmd, "--jobs", o->jobs, 1, 64, "Threads");
  cmd->add_option("--sections", o->sections,
                  "geometry,smhasher,throughput (default: all)")
      ->delimiter(',');
  add_integer_option(cmd, "--plugin-timeout", o->plugin_timeout, 1, 86400,
                     "Seconds one hash() call of a --hash-lib plugin may "
                     "take before it counts as hung")
      ->needs(lib);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line");
  cmd->callback([o, exit_code, hash, lib] {
    if (hash->count() == 0 && lib->count() == 0) {
      std::cerr << "gomapfuzz spread: give --hash NAME or --hash-lib PATH\n";
      *exit_code = kExitBadInput;
      return;
    }
    *exit_code = run_spread(*o);
  });
}

}  // namespace gomapfuzz::cli

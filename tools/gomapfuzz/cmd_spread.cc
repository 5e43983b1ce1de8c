// gomapfuzz spread --hash NAME | --hash-lib PATH [--keys FAMILY] [--seed S]
//                  [--report DIR] [--quick] [--jobs N] [--sections LIST]
// Runs the hash spread battery (spread/: Go-geometry tests, SMHasher-style
// tests from Go's hash_test.go, throughput) on one hash, prints the verdict
// table, and with --report writes report.txt and SVG plots. Exit 0 when every
// test passes, 1 when one fails, 2 on bad input.
#include <iostream>
#include <sstream>

#include "commands.h"
#include "gomapfuzz/spread/battery.h"
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
};

int run_spread(const SpreadOptions& o) {
  using namespace gomapfuzz::spread;
  BatteryOptions bo;
  bo.full = !o.quick;
  bo.seed = o.seed;
  bo.jobs = o.jobs;
  if (!o.keys.empty()) {
    bo.families.clear();
    for (const auto& k : o.keys) {
      auto f = key_family_from_name(k);
      if (!f) {
        std::string known;
        for (auto fam : all_key_families())
          known += " " + std::string(key_family_name(fam));
        std::cerr << "gomapfuzz spread: unknown key family '" << k
                  << "' (known:" << known << ")\n";
        return kExitBadInput;
      }
      bo.families.push_back(*f);
    }
  }
  if (!o.sections.empty()) {
    bo.geometry = bo.smhasher = bo.throughput = false;
    for (const auto& s : o.sections) {
      if (s == "geometry") {
        bo.geometry = true;
      } else if (s == "smhasher") {
        bo.smhasher = true;
      } else if (s == "throughput") {
        bo.throughput = true;
      } else {
        std::cerr << "gomapfuzz spread: unknown section '" << s
                  << "' (geometry, smhasher, throughput)\n";
        return kExitBadInput;
      }
    }
  }
  NamedHash h;
  try {
    h = o.hash_lib.empty() ? make_builtin_hash(o.hash, o.seed)
                           : load_hash_library(o.hash_lib);
  } catch (const HashLookupError& e) {
    std::cerr << "gomapfuzz spread: " << e.what() << "\n";
    return kExitBadInput;
  }
  const Battery b = run_battery(h, bo);
  print_report(std::cout, b.report);
  std::ostringstream rerun;
  rerun << "gomapfuzz spread "
        << (o.hash_lib.empty() ? "--hash " + shell_quote(o.hash)
                               : "--hash-lib " + shell_quote(o.hash_lib))
        << " --seed " << o.seed << (o.quick ? " --quick" : "");
  std::cout << "reproduce: " << rerun.str() << "\n";
  if (!o.report_dir.empty()) {
    try {
      for (const auto& f : write_report(b, o.report_dir)) {
        std::cout << "wrote " << f << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "gomapfuzz spread: " << e.what() << "\n";
      return kExitBadInput;
    }
  }
  return b.report.all_pass() ? kExitOk : kExitFailure;
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
      "size_t, uint64_t seed)");
  hash->excludes(lib);
  cmd->add_option("--keys", o->keys,
                  "Key families for the geometry tests (default: all)")
      ->delimiter(',');
  cmd->add_option("--seed", o->seed, "Seed of keys, map seeds and secrets")
      ->capture_default_str();
  cmd->add_option("--report", o->report_dir,
                  "Write report.txt and SVG plots into this folder");
  cmd->add_flag("--quick", o->quick, "The short battery that ctest runs");
  cmd->add_option("--jobs", o->jobs, "Threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--sections", o->sections,
                  "geometry,smhasher,throughput (default: all)")
      ->delimiter(',');
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

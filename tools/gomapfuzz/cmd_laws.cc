// gomapfuzz laws FILE...: run traces on mapcore and check, after every op,
// the laws of Go 1.19's map that the property suite states (growth trigger,
// same-size growth, hint, evacuation progress, deletes, overflow room,
// iteration, leak-freedom), on top of the model and invariant checks. The
// work is in properties/ (check_laws); this command reads files and prints.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "gomapfuzz/properties/law_check.h"
#include "gomapfuzz/properties/law_runner.h"
#include "mapcore/op_laws.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct LawsOptions {
  std::vector<std::string> files;
  std::vector<std::string> laws;  // empty: all
  uint64_t check_every = 0;
  bool list = false;
  bool quiet = false;
  ResourceBudget budget;
};

// The first lines of a dump: the header and the buckets around it.
std::string dump_head(const std::string& dump, int max_lines) {
  std::istringstream in(dump);
  std::string out;
  int n = 0;
  for (std::string line; std::getline(in, line) && n < max_lines; ++n) {
    out += "  " + line + "\n";
  }
  if (n == max_lines) out += "  ...\n";
  return out;
}

int check_one(const std::string& path, const LawOptions& lo,
              const LawsOptions& o) {
  const bool quiet = o.quiet;
  Trace trace;
  try {
    trace = read_trace_file(path);
  } catch (const TraceError& e) {
    std::cerr << "gomapfuzz laws: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (const std::string over = trace_over_budget(trace, o.budget);
      !over.empty()) {
    std::cerr << "gomapfuzz laws: " << path << ": " << over << "\n";
    return kExitBadInput;
  }
  if (!laws_support(trace.types)) {
    std::cout << path << ": skipped: the laws run traces with uint64 values ("
              << value_type_name(trace.types.value_bytes) << " here)\n";
    return kExitOk;
  }
  const LawReport r = check_laws(trace, lo);
  if (!r.ok()) {
    const LawViolation& v = *r.violation;
    constexpr int kDumpLines = 40;  // the header and the first buckets
    std::cout << path << ": " << v.what() << "\n"
              << "the law: " << law_statement(v.law()) << "\n";
    if (!v.dump().empty()) {
      std::cout << "map after the op:\n" << dump_head(v.dump(), kDumpLines);
    }
    std::cout << "rerun: "
              << RerunCommand{.verb = "laws", .files = {path}}.str() << "\n";
    return kExitFailure;
  }
  if (!quiet) {
    const auto& c = r.coverage;
    std::cout << path << ": ok: " << c.ops << " ops, " << c.doublings
              << " doublings, " << c.same_size_growths << " same-size growths, "
              << c.growths_finished << " growths finished, "
              << c.iterations_completed << " iterations, " << c.leak_checks
              << " leak checks\n";
  }
  return kExitOk;
}

// A law, and where it is checked: the table (law_checks()) and the op
// laws it names are what every suite reads.
void print_law(Law law) {
  std::cout << law_name(law) << ": " << law_statement(law) << "\n";
  const auto& table = law_checks();
  const bool between_ops =
      std::any_of(table.begin(), table.end(),
                  [law](const LawCheckEntry& e) { return e.law == law; });
  if (between_ops) {
    std::cout << "  checked between ops from snapshots: the properties, "
                 "gomapfuzz laws, the corpus tests\n";
  } else {
    std::cout << "  checked by the executor in every run of every subject "
                 "that has the tiers it needs\n";
  }
  if (const auto* rule = mapcore::find_op_law_rule(law_op_rule(law))) {
    std::cout << "  checked on every op of every run of mapcore (fuzz "
                 "targets, repro, chaos, the properties): op law '"
              << rule->name << "' (mapcore/op_laws.h): " << rule->statement
              << "\n";
  }
}

}  // namespace

void add_laws_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("laws", add_laws_command);

void add_laws_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<LawsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "laws",
      "Check the map's laws (growth, hint, evacuation, deletes, "
      "iteration, leaks) on traces, after every op");
  cmd->add_option("files", o->files, "Trace files (text op traces)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--law", o->laws,
                  "Check only this law (repeatable; --list names them)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--check-every", o->check_every,
                  "A full invariant check every N ops (0: growth edges and "
                  "the end); every other op is checked at the cost of what "
                  "it touched")
      ->capture_default_str();
  add_budget_options(cmd, o->budget);
  cmd->add_flag("--list", o->list, "List the laws and what each states");
  cmd->add_flag("-q,--quiet", o->quiet, "Print failures only");
  cmd->callback([o, exit_code] {
    if (o->list) {
      for (int i = 0; i < kLawCount; ++i) print_law(static_cast<Law>(i));
      *exit_code = kExitOk;
      return;
    }
    LawOptions lo;
    lo.invariants_every = o->check_every;
    lo.incremental_invariants = true;
    if (!o->laws.empty()) {
      lo.laws = LawSet::base();
      for (const auto& name : o->laws) {
        const auto law = law_from_name(name);
        if (!law) {
          std::cerr << "gomapfuzz laws: unknown law '" << name
                    << "' (gomapfuzz laws --list names them)\n";
          *exit_code = kExitBadInput;
          return;
        }
        lo.laws = lo.laws.with(*law);
      }
    }
    if (o->files.empty()) {
      std::cerr << "gomapfuzz laws: no trace files given\n";
      *exit_code = kExitBadInput;
      return;
    }
    int worst = kExitOk;
    Progress progress("laws", "traces", o->files.size(), o->quiet);
    for (std::size_t i = 0; i < o->files.size(); ++i) {
      progress.update(i);
      worst = std::max(worst, check_one(o->files[i], lo, *o));
    }
    *exit_code = worst;
  });
}

}  // namespace gomapfuzz::cli

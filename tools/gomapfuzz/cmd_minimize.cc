// gomapfuzz minimize FILE: shrink a failing input (raw fuzz input or text
// trace) to a minimal trace that fails the same way, and write it into
// corpus/regressions/ as <target>-<hash>.txt plus the raw input
// (<target>-<hash>.raw), ready to commit. The work is gomapfuzz_fuzz's
// minimize.h; this file parses flags and prints.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "gomapfuzz/fuzz/minimize.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "options.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct MinimizeCommandOptions {
  std::string file;
  std::string target;
  std::string out_dir = "corpus/regressions";
  double max_seconds = 300;
  bool dry_run = false;
  ResourceBudget budget;
  std::string subject;  // shrink against this subject instead of mapcore
};

int minimize_file(const MinimizeCommandOptions& o) {
  std::optional<FuzzTarget> target;
  if (!o.target.empty()) target = fuzz_target_from_name(o.target);
  ReproInput in;
  try {
    in = load_repro_input(o.file, target);
  } catch (const InputError& e) {
    std::cerr << "gomapfuzz minimize: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (!in.parser_input()) {
    ResourceBudget memory_only = o.budget;
    memory_only.seconds = 1e300;  // --max-seconds bounds the shrinking
    if (const std::string over =
            trace_over_budget(in.decoded.trace, memory_only);
        !over.empty()) {
      std::cerr << "gomapfuzz minimize: " << o.file << ": " << over << "\n";
      return kExitBadInput;
    }
  }
  if (!o.dry_run && !std::filesystem::is_directory(o.out_dir)) {
    std::cerr << "gomapfuzz minimize: " << o.out_dir
              << ": no such folder (run from the repository root or pass "
                 "--out-dir)\n";
    return kExitBadInput;
  }
  MinimizeOptions mo;
  mo.max_seconds = o.max_seconds;
  if (!o.subject.empty()) {
    const SubjectProbe p = probe_subject(o.subject, 10);
    if (!p.error.empty()) {
      std::cerr << "gomapfuzz minimize: " << p.error << "\n";
      return kExitBadInput;
    }
    // Each candidate runs in a forked child (isolate): a crash of the
    // subject is the "crash" signature, like any other. The library is
    // loaded there, never here: a runtime it starts when loaded (a Go
    // subject's threads) does not survive fork(), and a child would hang
    // in it.
    mo.judge = [spec = o.subject](const FuzzCase& c) -> std::string {
      const Subject subject = subject_from(spec);
      const SubjectReplayResult r =
          replay_on_subject(subject, c.trace, {.faults = c.faults});
      return r.ok() ? "" : failure_signature(*r.failure);
    };
  }
  mo.progress = [](const std::string& line) {
    std::cerr << "minimize: " << line << "\n";
  };
  Minimization m;
  try {
    m = minimize_input(in, mo);
  } catch (const std::invalid_argument& e) {
    std::cerr << "gomapfuzz minimize: " << o.file << ": " << e.what() << "\n";
    return kExitBadInput;
  }
  const char* unit = in.parser_input() ? " bytes" : " ops";
  std::cout << "minimized " << o.file << ": " << m.size_before << unit << " -> "
            << m.size_after << unit << " in " << m.seconds << " s ("
            << m.candidates << " candidates"
            << (m.timed_out ? ", stopped at --max-seconds" : "") << ")\n"
            << "failure: " << m.failure << "\n";
  if (!in.parser_input()) {
    std::cout << format_fault_comment(m.minimal.faults)
              << print_trace(m.minimal.trace);
  }
  if (o.dry_run) return kExitOk;
  try {
    const RegressionFiles files = write_regression(o.out_dir, in, m);
    if (!files.trace.empty()) std::cout << "wrote " << files.trace << "\n";
    if (!files.raw.empty()) std::cout << "wrote " << files.raw << "\n";
    const std::string& rerun = files.trace.empty() ? files.raw : files.trace;
    std::cout << "rerun: "
              << RerunCommand{.subject = o.subject,
                              .target =
                                  files.trace.empty() ? "trace_parser" : "",
                              .files = {rerun}}
                     .str()
              << "\n";
  } catch (const InputError& e) {
    std::cerr << "gomapfuzz minimize: " << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

void add_minimize_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("minimize", add_minimize_command);

void add_minimize_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<MinimizeCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "minimize",
      "Shrink a failing input to a minimal trace and write it into "
      "corpus/regressions/");
  cmd->add_option("file", o->file, "A crash input or a failing text trace")
      ->required();
  cmd->add_option("--target", o->target,
                  "Fuzz target that decodes a raw input (default: from the "
                  "path)")
      ->check(CLI::IsMember(fuzz_target_names()));
  cmd->add_option("--out-dir", o->out_dir, "Where to write the regression")
      ->capture_default_str();
  cmd->add_option("--max-seconds", o->max_seconds,
                  "Stop shrinking after this long and keep the best so far")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--dry-run", o->dry_run, "Print the result, write nothing");
  add_memory_budget_option(cmd, o->budget);
  auto* lib = cmd->add_option("--subject-lib", o->subject,
                              "Shrink against this subject library instead "
                              "of mapcore");
  cmd->add_option("--subject", o->subject, "... or this built-in subject")
      ->excludes(lib);
  cmd->callback([o, exit_code] { *exit_code = minimize_file(*o); });
}

}  // namespace gomapfuzz::cli

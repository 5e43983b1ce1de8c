// gomapfuzz repro FILE...: replay traces on mapcore against the model, with
// invariant checks after every op, and report the first failure.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "gomapfuzz/harness/replayer.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct ReproOptions {
  std::vector<std::string> files;
  uint64_t check_every = 1;
  bool print_trace = false;
  bool quiet = false;
};

int repro_one(const std::string& path, const ReproOptions& o) {
  Trace trace;
  try {
    trace = read_trace_file(path);
  } catch (const TraceError& e) {
    std::cerr << "gomapfuzz repro: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (o.print_trace) std::cout << print_trace(trace);
  ReplayOptions ro;
  ro.check_every = o.check_every;
  const ReplayResult r = replay(trace, ro);
  if (!r.ok()) {
    std::cout << path << ": ";
    print_failure(std::cout, *r.failure,
                  "gomapfuzz repro " + shell_quote(path));
    return kExitFailure;
  }
  if (!o.quiet) {
    const auto& s = r.stats;
    std::cout << path << ": ok: " << s.ops << " ops, " << s.growths
              << " doublings, " << s.same_size_growths << " same-size growths, "
              << s.iterations << " iterations (" << s.yields << " yields), "
              << s.invariant_checks << " invariant checks, max B "
              << int(s.max_b) << ", final size " << s.final_size << ", peak "
              << s.peak_bytes << " bytes\n";
  }
  return kExitOk;
}

}  // namespace

void add_repro_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("repro", add_repro_command);

void add_repro_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReproOptions>();
  CLI::App* cmd = app.add_subcommand(
      "repro", "Replay traces on mapcore against the model, checking every op");
  cmd->add_option("files", o->files, "Trace files (text op traces)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--check-every", o->check_every,
                  "Check invariants every N ops (0: only at growth edges)")
      ->capture_default_str();
  cmd->add_flag("--print-trace", o->print_trace, "Print the parsed trace");
  cmd->add_flag("-q,--quiet", o->quiet, "Print failures only");
  cmd->callback([o, exit_code] {
    int worst = kExitOk;
    for (const auto& f : o->files) worst = std::max(worst, repro_one(f, *o));
    *exit_code = worst;
  });
}

}  // namespace gomapfuzz::cli

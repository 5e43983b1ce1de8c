// gomapfuzz repro FILE...: replay text traces or raw fuzz inputs on mapcore
// against the model, with invariant checks after every op (incremental:
// what the op touched; full at growth edges, make, clear and the end;
// mapcore/invariants.h), and report the
// first failure: the failing op, the violated invariants (rule, bucket,
// slot), the layout dump around them, and the command that reruns it.
//
// A raw input (a libFuzzer crash artifact, a seed, a regression .raw) is
// decoded as its fuzz target decodes it (gomapfuzz_fuzz's repro_input.h):
// the target comes from --target or the path (corpus/<target>/...,
// artifacts/<target>/..., <target>-*.raw). A "# faults" comment in a text
// trace re-injects the allocation failures that map_alloc_faults found.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "gomapfuzz/fuzz/parser_check.h"
#include "gomapfuzz/fuzz/repro_input.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "gomapfuzz/harness/replayer.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct ReproOptions {
  std::vector<std::string> files;
  std::string target;  // empty: from the path
  uint64_t check_every = 0;
  bool incremental = true;
  bool print_trace = false;
  bool quiet = false;
  ResourceBudget budget;
  std::string subject;  // --subject-lib / --subject: replay on it instead
  double timeout = 10;
};

// The trace on a subject through the ABI, in a sandbox child.
int repro_on_subject(const std::string& path, const ReproInput& in,
                     const ReproOptions& o) {
  const SubjectVerdict v =
      replay_subject_sandboxed(o.subject, in.decoded, o.timeout);
  const std::string rerun =
      RerunCommand{.subject = o.subject, .files = {path}}.str();
  if (v.ok()) {
    if (!o.quiet) {
      std::cout << path << ": ok on " << o.subject << ": "
                << in.decoded.trace.ops.size() << " ops\n";
    }
    return kExitOk;
  }
  std::cout << path << ": FAILED on " << o.subject << ": " << v.failure << "\n";
  if (!v.dump.empty()) std::cout << "layout at the failure:\n" << v.dump;
  std::cout << "rerun: " << rerun << "\n";
  return kExitFailure;
}

std::string rerun_command(const ReproInput& in) {
  RerunCommand c{.files = {in.path}};
  if (in.raw) c.target = std::string(fuzz_target_name(*in.target));
  return c.str();
}

int repro_parser_input(const ReproInput& in, const ReproOptions& o) {
  const ParserCheck c = check_parser_input(in.bytes);
  if (c.failure) {
    std::cout << in.path << ": trace_parser input (" << in.bytes.size()
              << " bytes): FAILED: " << *c.failure << "\n"
              << "rerun: " << rerun_command(in) << "\n";
    return kExitFailure;
  }
  if (!o.quiet) {
    std::cout << in.path << ": ok: trace_parser input (" << in.bytes.size()
              << " bytes) "
              << (c.parsed ? std::string(c.replayed ? "parses and replays"
                                                    : "parses")
                           : "is rejected: " + c.error)
              << "\n";
  }
  return kExitOk;
}

void print_decoded(const ReproInput& in) {
  std::cout << "decoded trace (" << fuzz_target_name(*in.target) << ", "
            << in.bytes.size() << " bytes):\n"
            << format_fault_comment(in.decoded.faults)
            << print_trace(in.decoded.trace) << "---\n";
}

int repro_one(const std::string& path, const ReproOptions& o) {
  std::optional<FuzzTarget> target;
  if (!o.target.empty()) target = fuzz_target_from_name(o.target);
  ReproInput in;
  try {
    in = load_repro_input(path, target);
  } catch (const InputError& e) {
    std::cerr << "gomapfuzz repro: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (in.parser_input()) return repro_parser_input(in, o);
  if (o.print_trace) {
    if (in.raw) {
      print_decoded(in);
    } else {
      std::cout << format_fault_comment(in.decoded.faults)
                << print_trace(in.decoded.trace);
    }
  }
  const Trace& trace = in.decoded.trace;
  if (const std::string over = trace_over_budget(trace, o.budget);
      !over.empty()) {
    std::cerr << "gomapfuzz repro: " << path << ": " << over << "\n";
    return kExitBadInput;
  }
  if (!o.subject.empty()) return repro_on_subject(path, in, o);
  ReplayOptions ro;
  ro.check_every = o.check_every;
  ro.incremental_checks = o.incremental;
  ro.faults = in.decoded.faults;
  Progress progress("repro " + path, "ops", trace.ops.size(), o.quiet);
  if (progress.shown())
    ro.before_op = [&](std::size_t i) { progress.update(i); };
  const ReplayResult r = replay(trace, ro);
  if (!r.ok()) {
    if (in.raw && !o.print_trace) print_decoded(in);
    std::cout << path << ": ";
    print_failure(std::cout, *r.failure, rerun_command(in));
    return kExitFailure;
  }
  if (!o.quiet) {
    const auto& s = r.stats;
    std::cout << path << ": ok: ";
    if (in.raw) std::cout << fuzz_target_name(*in.target) << " input, ";
    std::cout << s.ops << " ops, " << s.growths << " doublings, "
              << s.same_size_growths << " same-size growths, " << s.iterations
              << " iterations (" << s.yields << " yields), "
              << s.invariant_checks << " invariant checks, ";
    if (in.decoded.faults.armed()) {
      std::cout << s.alloc_failures << " failed allocations, ";
    }
    std::cout << "max B " << int(s.max_b) << ", final size " << s.final_size
              << ", peak " << s.peak_bytes << " bytes\n";
  }
  return kExitOk;
}

}  // namespace

void add_repro_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("repro", add_repro_command);

void add_repro_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReproOptions>();
  CLI::App* cmd = app.add_subcommand(
      "repro",
      "Replay text traces or raw fuzz inputs on mapcore against the model, "
      "checking every op");
  cmd->add_option("files", o->files,
                  "Text op traces, or raw fuzz inputs (crash artifacts, seeds, "
                  "corpus/regressions/*.raw)")
      ->required();
  cmd->add_option("--target", o->target,
                  "Fuzz target that decodes raw inputs (default: from the "
                  "path: a folder named after the target or a <target>-* file)")
      ->check(CLI::IsMember(fuzz_target_names()));
  cmd->add_option("--check-every", o->check_every,
                  "A full invariant check every N ops (0: at growth edges, "
                  "make, clear and the end); every other op is checked at "
                  "the cost of what it touched")
      ->capture_default_str();
  cmd->add_flag("!--no-incremental", o->incremental,
                "Check only where --check-every says, not after every op");
  cmd->add_flag("--print-trace", o->print_trace,
                "Print the parsed or decoded trace");
  cmd->add_flag("-q,--quiet", o->quiet, "Print failures only");
  add_budget_options(cmd, o->budget);
  auto* lib = cmd->add_option("--subject-lib", o->subject,
                              "Replay on this subject library instead of "
                              "mapcore (gomapfuzz/subject_abi.h)");
  cmd->add_option("--subject", o->subject, "... or on this built-in subject")
      ->excludes(lib);
  cmd->add_option("--timeout", o->timeout,
                  "With a subject: a replay longer than this is a hang")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->callback([o, exit_code] {
    if (!o->subject.empty()) {
      const SubjectProbe p = probe_subject(o->subject, o->timeout);
      if (!p.error.empty()) {
        std::cerr << "gomapfuzz repro: " << p.error << "\n";
        *exit_code = kExitBadInput;
        return;
      }
    }
    int worst = kExitOk;
    for (const auto& f : o->files) worst = std::max(worst, repro_one(f, *o));
    *exit_code = worst;
  });
}

}  // namespace gomapfuzz::cli

// gomapfuzz fuzz --subject-lib LIB [--seconds N]: the CI fuzz job for a
// user's map (fuzz/subject_campaign.h): the map targets' kinds of work for
// N seconds each, in sandbox children, the same summary table as
// scripts/ci-fuzz.sh, every finding saved as a trace with the commands that
// replay and shrink it. Exit status 1 on a finding, 2 on a subject that
// cannot be loaded.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace gomapfuzz::cli {
namespace {

struct FuzzCommandOptions {
  std::string subject;  // --subject-lib or --subject
  double seconds = 20;
  uint64_t seed = 1;
  double timeout = 10;
  std::string out_dir = "gomapfuzz-findings";
  std::vector<std::string> targets;
  bool quiet = false;
  bool stop_at_first = false;
};

int run_fuzz(const FuzzCommandOptions& o) {
  SubjectCampaignOptions co;
  co.spec = o.subject;
  co.seconds_per_target = o.seconds;
  co.seed = o.seed;
  co.trace_timeout = o.timeout;
  co.artifact_dir = o.out_dir;
  co.targets = o.targets;
  co.stop_at_first_finding = o.stop_at_first;
  Progress progress("fuzz " + o.subject, "traces", 0, o.quiet);
  std::string stage;
  if (progress.shown()) {
    co.progress = [&](const std::string& target, uint64_t runs) {
      if (target != stage) progress.restart(stage = target, "traces", 0);
      progress.update(runs);
    };
  }
  const CampaignResult r = run_subject_campaign(co);
  progress.restart("", "", 0);
  if (!r.subject.error.empty()) {
    std::cerr << "gomapfuzz fuzz: " << r.subject.error << "\n";
    return kExitBadInput;
  }
  std::cout << "== summary: " << r.subject.name << " (" << o.subject << "), "
            << o.seconds << " s per target, campaign seed " << o.seed << "\n";
  std::printf("%-14s %8s %8s %9s  %s\n", "target", "runs", "runs/s", "findings",
              "note");
  for (const auto& t : r.targets) {
    if (!t.skipped.empty() && t.runs == 0) {
      std::printf("%-14s %8s %8s %9s  skipped: %s\n", t.target.c_str(), "-",
                  "-", "-", t.skipped.c_str());
      continue;
    }
    std::string note = t.skipped;
    if (!t.finding.empty()) {
      char found[64];
      std::snprintf(found, sizeof found, "FOUND after %.2f s", t.found_after);
      note = found;
    }
    std::printf("%-14s %8llu %8.0f %9d  %s\n", t.target.c_str(),
                static_cast<unsigned long long>(t.runs),
                t.seconds > 0 ? t.runs / t.seconds : 0.0,
                t.finding.empty() ? 0 : 1, note.c_str());
  }
  for (const auto& s : r.subject.skipped) {
    std::cout << "skipped everywhere: " << s << "\n";
  }
  for (const auto& t : r.targets) {
    if (t.finding.empty()) continue;
    std::cout << "\nFINDING in " << t.target << ": " << t.finding << "\n";
    if (!t.artifact.empty()) {
      RerunCommand c{.subject = o.subject, .files = {t.artifact}};
      std::cout << "  saved:    " << t.artifact << "\n"
                << "  repro:    " << c.str() << "\n";
      c.verb = "minimize";
      std::cout << "  minimize: " << c.str() << "\n";
    }
  }
  std::cout << (r.ok() ? "no findings\n" : "");
  return r.ok() ? kExitOk : kExitFailure;
}

}  // namespace

void add_fuzz_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("fuzz", add_fuzz_command);

void add_fuzz_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<FuzzCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fuzz",
      "Fuzz a map through the subject ABI: yours (--subject-lib) or a "
      "built-in one (--subject); see gomapfuzz subjects");
  auto* lib = cmd->add_option("--subject-lib", o->subject,
                              "The subject library (gomapfuzz/subject_abi.h)");
  auto* builtin =
      cmd->add_option("--subject", o->subject, "A built-in subject by name");
  lib->excludes(builtin);
  cmd->add_option("--seconds", o->seconds, "Seconds per target")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1e6));
  add_integer_option(cmd, "--seed", o->seed, uint64_t{0},
                     std::numeric_limits<uint64_t>::max(),
                     "Campaign seed: every trace's seed derives from it");
  cmd->add_option("--timeout", o->timeout,
                  "A trace running longer than this is a hang (seconds)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--out-dir", o->out_dir, "Where findings are saved")
      ->capture_default_str()
      ->check(OutputDir());
  cmd->add_option("--targets", o->targets, "ops,iterate,alloc_faults")
      ->delimiter(',')
      ->check(CLI::IsMember(subject_targets()));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line");
  cmd->add_flag("--stop-at-first", o->stop_at_first,
                "Skip the remaining targets after a finding");
  cmd->callback([o, exit_code, lib, builtin] {
    if (lib->count() == 0 && builtin->count() == 0) {
      std::cerr << "gomapfuzz fuzz: give --subject-lib LIB or --subject NAME "
                   "(gomapfuzz subjects lists them)\n";
      *exit_code = kExitBadInput;
      return;
    }
    *exit_code = run_fuzz(*o);
  });
}

}  // namespace gomapfuzz::cli

// gomapfuzz chaos: fault-injection sweeps, concurrent wrappers checked for
// linearizability, and the unsynchronized-writer experiment. Thin: parses
// flags into ChaosOptions; chaos_runner.h presents the chaos library's work.
#include <iostream>

#include "chaos_runner.h"
#include "commands.h"
#include "options.h"
#include "progress.h"

namespace gomapfuzz::cli {

void add_chaos_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("chaos", add_chaos_command);

void add_chaos_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ChaosOptions>();
  auto no_jitter = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "chaos",
      "Fault-injected allocation sweeps and concurrent mutation, seeded");
  cmd->add_option("--scenario", o->scenario, "What to run")
      ->check(CLI::IsMember(chaos_scenarios()))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "First seed")->capture_default_str();
  cmd->add_option("--runs", o->runs, "Seeds to run: seed .. seed+runs-1")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads (concurrent scenarios)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--ops", o->ops,
                  "Ops per thread, or per generated trace (sweep)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--keys", o->keys, "Key space of the concurrent scenarios")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32))
      ->capture_default_str();
  cmd->add_flag("--no-jitter", *no_jitter,
                "No injected yields and delays (concurrent scenarios)");
  cmd->add_option("--trace", o->traces,
                  "sweep: trace files or folders (default: generated from "
                  "the seeds)");
  cmd->add_option("--burst", o->burst,
                  "sweep: also fail the N allocations after each point")
      ->capture_default_str();
  cmd->add_option("--max-points", o->max_points,
                  "sweep: fault points per trace, evenly spaced (0: all)")
      ->capture_default_str();
  cmd->add_option("--check-every", o->check_every,
                  "sweep: a full invariant check every N ops (0: growth "
                  "edges and failed ops); every other op is checked at the "
                  "cost of what it touched")
      ->capture_default_str();
  cmd->add_option("--fail-at", o->fail_at,
                  "sweep: replay only this fault point");
  cmd->add_option("--fail-probability", o->fail_probability,
                  "sweep: instead of fault points, fail each allocation "
                  "with this probability (seeded)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--byte-budget", o->byte_budget,
                  "sweep: instead of fault points, fail every allocation "
                  "past this many live bytes");
  cmd->add_option("--hash-yield", o->hash_yield,
                  "misuse: probability of a yield per hash (widens the "
                  "write window)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--subject", o->subject,
                  "subject: a built-in subject (gomapfuzz subjects) or a "
                  "subject library (./libmymap.so)");
  cmd->add_option("--plugin-timeout", o->plugin_timeout,
                  "subject: seconds a library may take before it counts as "
                  "hung")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_option("--save-dir", o->save_dir,
                  "Where failures are saved as traces")
      ->capture_default_str();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_flag("-q,--quiet", *quiet, "No progress line");
  add_budget_options(cmd, o->budget);
  cmd->callback([o, no_jitter, quiet, exit_code] {
    o->jitter = !*no_jitter;
    Progress progress("chaos", "runs", 0, *quiet);
    std::string stage;
    if (progress.shown()) {
      o->progress = [&](const std::string& what, const std::string& unit,
                        uint64_t done, uint64_t total) {
        if (what != stage) progress.restart(stage = what, unit, total);
        progress.update(done);
      };
    }
    *exit_code = run_chaos(*o, std::cout);
    o->progress = nullptr;
  });
}

}  // namespace gomapfuzz::cli

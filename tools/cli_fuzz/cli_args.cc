// The CLI fuzz target: an argument vector and a trace file, both from the
// input, through the whole gomapfuzz command line in-process (cli.h), so
// that every bad flag value, big number and hostile trace meets the same
// code a user's shell would reach.
//
// The input is read with FuzzedDataProvider: a command (repro, laws,
// memory, chaos, or no valid command at all), then up to 12 arguments, each
// a flag of that command with a value drawn from a menu of edge cases
// (0, -1, 2^64, 1e9, "", paths that cannot be written...) or from the
// input's bytes, and last the trace file's bytes (repro, laws and chaos's
// --trace read it). Every command gets a tight budget (--max-seconds 1
// --max-memory 256) on top: the fuzzer's crash conditions are libFuzzer's
// own, -rss_limit_mb (2 GB) and -timeout (tools/cli_fuzz/cli_args.options),
// so an input that a budgeted command still runs for too long, or lets
// grow past 2 GB, is a finding, as is any crash or sanitizer report. What
// the command prints goes to /dev/null.
//
// Not driven: oracle (runs Go processes), minimize (forks a child per
// attempt), spread (seconds per run even --quick) and chaos --scenario
// misuse (forks racing writers): they share the flag parsing fuzzed here.
#include <fcntl.h>
#include <unistd.h>

#include <FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cli.h"

namespace {

struct Command {
  const char* name;
  std::vector<const char*> flags;  // each takes a value
  std::vector<const char*> switches;
  bool takes_trace;  // a positional trace file (or --trace)
};

const std::vector<Command>& commands() {
  static const std::vector<Command> c = {
      {"repro",
       {"--check-every", "--target"},
       {"--print-trace", "--no-incremental", "-q"},
       true},
      {"laws",
       {"--law", "--check-every"},
       {"--list", "-q"},
       true},
      {"memory",
       {"--key", "--value", "-n", "--hint", "--deletes", "--key-len", "--seed",
        "--plot", "--points-per-decade"},
       {"--csv", "--sweep", "-q"},
       false},
      {"chaos",
       {"--scenario", "--seed", "--runs", "--threads", "--ops", "--keys",
        "--burst", "--max-points", "--check-every", "--fail-at",
        "--fail-probability", "--byte-budget", "--save-dir"},
       {"--no-jitter", "-q"},
       true},
  };
  return c;
}

// Values that have broken command lines before: signs, overflow, floats
// where integers go, types and scenario names, unwritable paths.
const std::vector<const char*> kEdgeValues = {
    "0",         "1",
    "-1",        "2",
    "7",         "64",
    "1000",      "100000",
    "1000000",   "1000000000",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "-9223372036854775808",
    "1e9",       "0.5",
    "nan",       "",
    "uint64",    "string",
    "bytes1024", "int32",
    "bytes7",    "sweep",
    "rwmutex",   "cow",
    "sharded",   "broken-cow",
    "map_ops",   "growth",
    "/nonexistent/x.svg",
    "/bin/ls",   "/dev/null",
};

const char* pick(FuzzedDataProvider& in, const std::vector<const char*>& v) {
  return v[in.ConsumeIntegralInRange<size_t>(0, v.size() - 1)];
}

std::string draw_value(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return pick(in, kEdgeValues);
  return in.ConsumeRandomLengthString(24);
}

// Keeps the command's side effects out of the working directory and the
// log: output to /dev/null, chaos failures saved under /tmp.
class Silenced {
 public:
  Silenced() {
    std::fflush(stdout);
    std::fflush(stderr);
    saved_out_ = dup(1);
    saved_err_ = dup(2);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    close(null);
  }
  ~Silenced() {
    std::fflush(stdout);
    std::fflush(stderr);
    dup2(saved_out_, 1);
    dup2(saved_err_, 2);
    close(saved_out_);
    close(saved_err_);
  }

 private:
  int saved_out_, saved_err_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const auto& cmds = commands();
  const bool valid = in.ConsumeIntegralInRange<int>(0, 15) != 0;
  const Command& cmd = cmds[in.ConsumeIntegralInRange<size_t>(0, cmds.size() - 1)];
  std::vector<std::string> args = {"gomapfuzz",
                                   valid ? cmd.name : draw_value(in)};
  const int n = in.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < n; ++i) {
    if (in.ConsumeIntegralInRange<int>(0, 4) == 0) {
      args.push_back(pick(in, cmd.switches));
      continue;
    }
    const std::string flag =
        in.ConsumeIntegralInRange<int>(0, 9) == 0
            ? "--" + in.ConsumeRandomLengthString(12)
            : pick(in, cmd.flags);
    if (flag == "--save-dir" || flag == "--plot") {
      args.push_back(flag);
      args.push_back("/tmp/gomapfuzz-cli-fuzz-out");
      continue;
    }
    args.push_back(flag);
    args.push_back(draw_value(in));
  }
  // The budget every fuzzed command runs under (never drawn above: a flag
  // given twice is an error before anything runs).
  args.insert(args.end(), {"--max-seconds", "1", "--max-memory", "256"});
  // The misuse scenario forks racing writers (see the top of the file).
  for (auto& a : args) {
    if (a == "misuse") a = "rwmutex";
  }
  const std::string trace_path =
      "/tmp/gomapfuzz-cli-fuzz-" + std::to_string(getpid()) + ".txt";
  if (cmd.takes_trace) {
    std::ofstream(trace_path, std::ios::binary)
        << in.ConsumeRemainingBytesAsString();
    if (cmd.name == std::string("chaos")) args.push_back("--trace");
    args.push_back(trace_path);
  }
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  {
    Silenced quiet;
    gomapfuzz::cli::run_gomapfuzz(static_cast<int>(argv.size()), argv.data());
  }
  std::remove(trace_path.c_str());
  return 0;
}

// The gomapfuzz subcommands. Each add_*_command registers one subcommand on
// the app; its callback stores the process exit code in *exit_code:
//   0  success
//   1  a failure was found (a crash, a divergence, a failed verdict)
//   2  bad input (unreadable or malformed file, bad flag value)
#ifndef GOMAPFUZZ_TOOLS_COMMANDS_H_
#define GOMAPFUZZ_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace gomapfuzz::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

void add_repro_command(CLI::App& app, int* exit_code);

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_COMMANDS_H_

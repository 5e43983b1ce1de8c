// The gomapfuzz subcommands register themselves: each cmd_*.cc defines an
// adder and registers it with GOMAPFUZZ_REGISTER_COMMAND, so adding a command
// touches no other file. An adder adds one subcommand to the app; its
// callback stores the process exit code in *exit_code:
//   0  success
//   1  a failure was found (a crash, a divergence, a failed verdict)
//   2  bad input (unreadable or malformed file, bad flag value)
#ifndef GOMAPFUZZ_TOOLS_COMMANDS_H_
#define GOMAPFUZZ_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <vector>

namespace gomapfuzz::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

using CommandAdder = void (*)(CLI::App& app, int* exit_code);

struct RegisteredCommand {
  const char* name;
  CommandAdder add;
};

// All registered commands (static registration, any order).
std::vector<RegisteredCommand>& command_registry();

struct CommandRegistration {
  CommandRegistration(const char* name, CommandAdder add) {
    command_registry().push_back({name, add});
  }
};

}  // namespace gomapfuzz::cli

#define GOMAPFUZZ_REGISTER_COMMAND(name, adder)      \
  static const ::gomapfuzz::cli::CommandRegistration \
      gomapfuzz_command_registration_##adder(name, &adder)

#endif  // GOMAPFUZZ_TOOLS_COMMANDS_H_

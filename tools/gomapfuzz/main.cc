// gomapfuzz: reproduce and minimise map crashes, compare with Go, verify hash
// spread, and report a Go map's true memory cost. Each subcommand lives in
// its own cmd_*.cc, registers itself, and calls library code.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstring>
#include <iostream>

#include "commands.h"

namespace gomapfuzz::cli {

std::vector<RegisteredCommand>& command_registry() {
  static std::vector<RegisteredCommand> registry;
  return registry;
}

}  // namespace gomapfuzz::cli

int main(int argc, char** argv) {
  using namespace gomapfuzz::cli;
  CLI::App app{
      "gomapfuzz: fuzzing and chaos-testing tools for Go 1.19's map "
      "(mapcore)"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  auto commands = command_registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) {
    return std::strcmp(a.name, b.name) < 0;
  });
  for (const auto& c : commands) c.add(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    // One line, named after the command, like every other bad-input error.
    const auto subs = app.get_subcommands();
    const std::string cmd =
        subs.empty() ? "gomapfuzz" : "gomapfuzz " + subs.back()->get_name();
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::cerr << cmd << ": " << msg << " (see " << cmd << " --help)\n";
    return kExitBadInput;
  }
  return exit_code;
}

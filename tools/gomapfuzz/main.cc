// gomapfuzz: reproduce and minimise map crashes, compare with Go, verify hash
// spread, and report a Go map's true memory cost. Each subcommand lives in
// its own cmd_*.cc and calls library code.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "gomapfuzz: fuzzing and chaos-testing tools for Go 1.19's map "
      "(mapcore)"};
  app.require_subcommand(1);
  int exit_code = gomapfuzz::cli::kExitOk;
  gomapfuzz::cli::add_repro_command(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : gomapfuzz::cli::kExitBadInput;
  }
  return exit_code;
}

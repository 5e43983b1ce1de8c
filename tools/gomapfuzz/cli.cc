#include "cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.h"

namespace gomapfuzz::cli {
namespace {

// An argument as a message shows it: at most 40 bytes, printable ASCII.
std::string shown_arg(const char* arg) {
  std::string out;
  for (const char* p = arg; *p && out.size() < 40; ++p) {
    const auto u = static_cast<unsigned char>(*p);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(*p);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    }
  }
  return out + (std::strlen(arg) > 40 ? "..." : "");
}

}  // namespace

std::vector<RegisteredCommand>& command_registry() {
  static std::vector<RegisteredCommand> registry;
  return registry;
}

int run_gomapfuzz(int argc, const char* const* argv) {
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
  if (argc > 1 && argv[1][0] != '-' &&
      std::none_of(commands.begin(), commands.end(), [&](const auto& c) {
        return std::strcmp(c.name, argv[1]) == 0;
      })) {
    std::string names;
    for (const auto& c : commands)
      names += std::string(names.empty() ? "" : " ") + c.name;
    std::cerr << "gomapfuzz: unknown command '" << shown_arg(argv[1])
              << "' (commands: " << names << ")\n";
    return kExitBadInput;
  }
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

}  // namespace gomapfuzz::cli

// Flag parsing that every command shares, so bad input gets the same
// treatment everywhere: integers parsed as integers with their real range
// (no silent wrap of -1 into a uint64, no clamp of 2^64, no float range in
// the message), and output paths checked before a long run starts rather
// than after it.
#ifndef GOMAPFUZZ_TOOLS_OPTIONS_H_
#define GOMAPFUZZ_TOOLS_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gomapfuzz/harness/budget.h"

namespace gomapfuzz::cli {

// Parses `text` as a decimal integer in [lo, hi]; on failure returns what
// is wrong in one line ("is not an integer", "is not in 0..100000000").
template <std::integral T>
std::string parse_integer(const std::string& text, T lo, T hi, T& out) {
  T v{};
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (text.empty() || p != end || ec == std::errc::invalid_argument) {
    return "'" + text.substr(0, 40) + (text.size() > 40 ? "..." : "") +
           "' is not an integer (expected " + range + ")";
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    return text.substr(0, 40) + (text.size() > 40 ? "..." : "") +
           " is out of range (expected " + range + ")";
  }
  out = v;
  return "";
}

// An integer option with its range; the default shows in --help.
template <std::integral T>
CLI::Option* add_integer_option(CLI::App* cmd, const std::string& name, T& var,
                                T lo, T hi, const std::string& description) {
  CLI::Option* opt = cmd->add_option_function<std::string>(
      name,
      [&var, lo, hi, name](const std::string& text) {
        if (const std::string e = parse_integer(text, lo, hi, var);
            !e.empty()) {
          throw CLI::ValidationError(name, e);
        }
      },
      description + " [" + std::to_string(lo) + ".." + std::to_string(hi) +
          "]");
  opt->default_str(std::to_string(var));
  opt->type_name("INT");
  return opt;
}

// Several integers (e.g. -n 1000 10000), each in [lo, hi].
template <std::integral T>
CLI::Option* add_integers_option(CLI::App* cmd, const std::string& name,
                                 std::vector<T>& var, T lo, T hi,
                                 const std::string& description) {
  CLI::Option* opt = cmd->add_option_function<std::vector<std::string>>(
      name,
      [&var, lo, hi, name](const std::vector<std::string>& texts) {
        var.clear();
        for (const auto& text : texts) {
          T v{};
          if (const std::string e = parse_integer(text, lo, hi, v);
              !e.empty()) {
            throw CLI::ValidationError(name, e);
          }
          var.push_back(v);
        }
      },
      description + " [" + std::to_string(lo) + ".." + std::to_string(hi) +
          "]");
  opt->type_name("INT");
  return opt;
}

// --max-memory MB and --max-seconds S: the resource budget a command holds
// its inputs to (harness/budget.h; README, "Resource budgets").
void add_budget_options(CLI::App* cmd, ResourceBudget& budget);
// --max-memory alone, for a command whose --max-seconds means something
// else (minimize: stop shrinking).
void add_memory_budget_option(CLI::App* cmd, ResourceBudget& budget);

// The trace's predicted cost against the budget, for a command that
// replays it `replays` times; one line when over ("" when it fits).
std::string trace_over_budget(const Trace& t, const ResourceBudget& budget,
                              double replays = 1);

// Validators for paths a command will write: checked when the flag is
// parsed, so a typo fails at once, not after an hour's run.
//   OutputFile: not a folder; its folder exists and is writable.
//   OutputDir:  a writable folder, or one that can be made (its parent is
//               a writable folder); not a file.
const CLI::Validator& OutputFile();
const CLI::Validator& OutputDir();

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_OPTIONS_H_

#include "options.h"

#include <unistd.h>

#include <filesystem>

namespace gomapfuzz::cli {
namespace {

namespace fs = std::filesystem;

bool writable_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p.empty() ? fs::path(".") : p, ec) &&
         access((p.empty() ? fs::path(".") : p).c_str(), W_OK | X_OK) == 0;
}

std::string check_output_file(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return path + " is a folder, not a file";
  if (fs::exists(p, ec) && access(p.c_str(), W_OK) != 0) {
    return "cannot write " + path + " (permission denied)";
  }
  if (!writable_dir(p.parent_path())) {
    return "cannot write " + path + ": folder '" +
           (p.parent_path().empty() ? "." : p.parent_path().string()) +
           "' does not exist or is not writable";
  }
  return "";
}

std::string check_output_dir(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::exists(p, ec) && !fs::is_directory(p, ec)) {
    return path + " exists and is not a folder";
  }
  if (fs::is_directory(p, ec)) {
    return access(p.c_str(), W_OK | X_OK) == 0
               ? ""
               : "cannot write into " + path + " (permission denied)";
  }
  if (!writable_dir(p.parent_path())) {
    return "cannot make folder " + path + ": '" +
           (p.parent_path().empty() ? "." : p.parent_path().string()) +
           "' does not exist or is not writable";
  }
  return "";
}

}  // namespace

void add_memory_budget_option(CLI::App* cmd, ResourceBudget& budget) {
  cmd->add_option_function<uint64_t>(
         "--max-memory",
         [&budget](uint64_t mb) { budget.memory_bytes = mb << 20; },
         "Refuse inputs predicted to hold more than this many MB at once")
      ->default_str(std::to_string(budget.memory_bytes >> 20))
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 24));
}

void add_budget_options(CLI::App* cmd, ResourceBudget& budget) {
  add_memory_budget_option(cmd, budget);
  cmd->add_option("--max-seconds", budget.seconds,
                  "Refuse inputs predicted to take longer than this")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1e7));
}

std::string trace_over_budget(const Trace& t, const ResourceBudget& budget,
                              double replays) {
  TraceCost cost = predict_cost(t);
  cost.seconds *= replays;
  return over_budget(t, cost, budget, "--max-memory", "--max-seconds")
      .value_or("");
}

const CLI::Validator& OutputFile() {
  static const CLI::Validator v(check_output_file, "FILE");
  return v;
}

const CLI::Validator& OutputDir() {
  static const CLI::Validator v(check_output_dir, "DIR");
  return v;
}

}  // namespace gomapfuzz::cli

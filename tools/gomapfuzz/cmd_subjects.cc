// gomapfuzz subjects [--subject-lib LIB]: the maps gomapfuzz can hammer
// (harness/subject.h), each with the capability tiers it implements and the
// checks those tiers leave out. A library is loaded in a sandbox child, so
// a broken one is one line, not a crash.
#include <iostream>

#include "commands.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "gomapfuzz/harness/subject.h"
#include "syncmap/subject.h"

namespace gomapfuzz::cli {
namespace {

// syncmap is a layer of its own, which harness does not link: the CLI, which
// links both, lists it with the built-in subjects.
const bool kSyncMapListed = register_builtin_subject(
    {"syncmap", "Go 1.19's sync.Map (syncmap/) used as a map; tier a only",
     &syncmap::subject_table});

std::string kinds_text(uint32_t kinds) {
  std::string s;
  for (int k = 0; k < 3; ++k) {
    if (!((kinds >> k) & 1u)) continue;
    if (!s.empty()) s += ", ";
    s += key_type_name(static_cast<KeyType>(k));
  }
  return s;
}

void print(const std::string& label, const SubjectProbe& p) {
  std::cout << label << ": " << p.name << "\n  tiers: " << tiers_text(p.tiers)
            << "\n  keys: " << kinds_text(p.key_kinds) << "\n";
  for (const auto& s : p.skipped) std::cout << "  skipped: " << s << "\n";
}

}  // namespace

void add_subjects_command(CLI::App& app, int* exit_code);
GOMAPFUZZ_REGISTER_COMMAND("subjects", add_subjects_command);

void add_subjects_command(CLI::App& app, int* exit_code) {
  auto lib = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "subjects", "The maps gomapfuzz can fuzz, with their capability tiers");
  cmd->add_option("--subject-lib", *lib,
                  "Also load this subject library (gomapfuzz/subject_abi.h) "
                  "and show what gomapfuzz makes of it");
  cmd->callback([lib, exit_code] {
    *exit_code = kExitOk;
    for (const auto& b : builtin_subjects()) {
      const SubjectProbe p = probe_subject(b.name, 10);
      print(std::string("built-in ") + b.name + " (" + b.what + ")", p);
    }
    if (lib->empty()) return;
    const SubjectProbe p = probe_subject(*lib, 10);
    if (!p.error.empty()) {
      std::cerr << "gomapfuzz subjects: " << p.error << "\n";
      *exit_code = kExitBadInput;
      return;
    }
    print(*lib, p);
  });
}

}  // namespace gomapfuzz::cli

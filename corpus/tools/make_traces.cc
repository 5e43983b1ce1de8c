// make_traces: writes the generated traces of the repository, or checks that
// the committed ones are what it writes (ctest corpus/traces-are-generated).
//
//   make_traces write ROOT   rewrite them under the repository root ROOT
//   make_traces check ROOT   exit 1 naming every file that differs
//
// The files: corpus/traces/ (corpus_traces.cc), corpus/oracle/
// (oracle_traces.cc) and fuzz/seeds/<map target>/ (seed_traces.cc); after
// rewriting seeds, `fuzz_seeds write` re-encodes them (fuzz/README.md).
// Hand-written files beside them (corpus/oracle/nan_delete_during_growth.txt,
// fuzz/seeds/trace_parser/) are left alone.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "trace_file.h"
#include "trace_sets.h"

namespace {

namespace fs = std::filesystem;
using gomapfuzz::corpus_tools::TraceFile;

std::vector<TraceFile> every_generated_file() {
  using namespace gomapfuzz::corpus_tools;
  std::vector<TraceFile> all;
  for (auto* set : {&corpus_traces, &oracle_traces, &fuzz_seed_traces}) {
    for (TraceFile& f : (*set)()) all.push_back(std::move(f));
  }
  return all;
}

bool read_file(const fs::path& p, std::string& text) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  text.assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return true;
}

// The first line where two texts differ (1-based), for the message.
int first_difference(const std::string& a, const std::string& b) {
  int line = 1;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '\n') ++line;
  }
  return line;
}

int run(const std::string& mode, const fs::path& root) {
  int stale = 0;
  const std::vector<TraceFile> files = every_generated_file();
  for (const TraceFile& f : files) {
    const std::string text = gomapfuzz::corpus_tools::trace_file_text(f);
    const fs::path path = root / f.path;
    if (mode == "write") {
      fs::create_directories(path.parent_path());
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out) {
        std::fprintf(stderr, "make_traces: cannot write %s\n", path.c_str());
        return 2;
      }
      continue;
    }
    std::string committed;
    if (!read_file(path, committed)) {
      std::fprintf(stderr, "make_traces: %s is missing\n", path.c_str());
      ++stale;
    } else if (committed != text) {
      std::fprintf(
          stderr, "make_traces: %s differs from what %s writes (line %d)\n",
          path.c_str(), f.generator.c_str(), first_difference(committed, text));
      ++stale;
    }
  }
  if (stale) {
    std::fprintf(stderr,
                 "make_traces: %d of %zu generated traces differ; edit the "
                 "generator, not the file, and rewrite them with: "
                 "make_traces write %s\n",
                 stale, files.size(), root.c_str());
    return 1;
  }
  std::printf("make_traces: %zu traces %s\n", files.size(),
              mode == "write" ? "written" : "are what the generator writes");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 ||
      (std::string(argv[1]) != "write" && std::string(argv[1]) != "check")) {
    std::fprintf(stderr, "usage: make_traces write|check REPOSITORY_ROOT\n");
    return 2;
  }
  return run(argv[1], argv[2]);
}

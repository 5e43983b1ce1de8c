// The main() of a fuzz target built without libFuzzer (any compiler): runs
// the target's LLVMFuzzerTestOneInput on every file given, folders walked
// recursively in name order, so g++ builds and ctest replay the corpus with
// the same code the fuzzer runs. A failing input aborts inside the target,
// which prints the decoded trace; a SIGABRT handler adds the file name.
//
//   map_ops corpus/map_ops corpus/regressions/map_ops-1a2b.raw
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// The input being run, for the abort handler (which may only write()).
char g_current[4096];

void on_abort(int) {
  static const char msg[] = "\n==== replay: the failing input is ";
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)!write(STDERR_FILENO, g_current, strlen(g_current));
  (void)!write(STDERR_FILENO, "\n", 1);
  signal(SIGABRT, SIG_DFL);
  raise(SIGABRT);
}

bool run_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: %s: cannot read\n", p.c_str());
    return false;
  }
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  std::snprintf(g_current, sizeof g_current, "%s", p.c_str());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  signal(SIGABRT, on_abort);
  uint64_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) runs += run_file(f) ? 1 : 0;
      std::printf("replay: %s: %zu inputs\n", arg.c_str(), files.size());
    } else if (fs::is_regular_file(arg, ec)) {
      if (!run_file(arg)) return 2;
      ++runs;
    } else {
      std::fprintf(stderr, "replay: %s: no such file or folder\n", argv[i]);
      return 2;
    }
  }
  std::printf("replay: %llu inputs ran cleanly\n",
              static_cast<unsigned long long>(runs));
  return 0;
}

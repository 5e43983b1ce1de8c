#include "gomapfuzz/harness/trace_files.h"

#include <algorithm>

namespace gomapfuzz {

namespace fs = std::filesystem;

std::vector<fs::path> trace_files(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const auto& a : args) {
    if (!fs::is_directory(a)) {
      files.emplace_back(a);
      continue;
    }
    std::vector<fs::path> in_dir;
    for (const auto& e : fs::recursive_directory_iterator(a)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") {
        in_dir.push_back(e.path());
      }
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

}  // namespace gomapfuzz

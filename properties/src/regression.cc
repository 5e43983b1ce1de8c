// save_regression (regression.h).
#include "gomapfuzz/properties/regression.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gomapfuzz {
namespace {

// FNV-1a over the trace text: a short, stable name for identical traces.
uint32_t digest(const std::string& text) {
  constexpr uint32_t kOffsetBasis = 2166136261u, kPrime = 16777619u;
  uint32_t h = kOffsetBasis;
  for (unsigned char c : text) h = (h ^ c) * kPrime;
  return h;
}

std::string file_stem(const std::string& stem) {
  std::string out;
  for (unsigned char c : stem) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "property" : out;
}

}  // namespace

std::string save_regression(const Trace& trace, const std::string& dir,
                            const std::string& stem,
                            const std::vector<std::string>& comments) {
  const std::string text = print_trace(trace);
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", digest(text));
  std::filesystem::create_directories(dir);
  const std::filesystem::path path =
      std::filesystem::path(dir) / (file_stem(stem) + "_" + hash + ".txt");
  std::ostringstream out;
  for (const auto& c : comments) {
    std::istringstream lines(c);
    for (std::string l; std::getline(lines, l);) out << "# " << l << "\n";
  }
  out << text;
  std::ofstream f(path);
  f << out.str();
  if (!f.flush()) {
    throw std::runtime_error("cannot write " + path.string());
  }
  return path.string();
}

}  // namespace gomapfuzz

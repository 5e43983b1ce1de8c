#include "report.h"

#include <set>
#include <sstream>
#include <vector>

#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz::cli {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// "bucket 3 slot 5" -> "bucket 3"; "old bucket 1" -> "old 1".
std::string dump_label(const std::string& where) {
  std::istringstream in(where);
  std::string w1, w2, w3;
  in >> w1 >> w2 >> w3;
  if (w1 == "bucket") return "bucket " + w2;
  if (w1 == "old" && w2 == "bucket") return "old " + w3;
  return "";
}

}  // namespace

std::string dump_excerpt(const ReplayFailure& f, std::size_t max_lines) {
  const auto lines = lines_of(f.dump);
  if (lines.size() <= max_lines) return f.dump;
  std::set<std::string> labels;
  for (const auto& v : f.violations) {
    if (auto l = dump_label(v.where); !l.empty()) labels.insert(l);
  }
  std::string out = lines[0] + '\n' + lines[1] + '\n';
  std::size_t shown = 2;
  for (std::size_t i = 2; i < lines.size() && shown < max_lines; ++i) {
    for (const auto& l : labels) {
      const std::string& line = lines[i];
      if (line.rfind(l + ":", 0) == 0 || line.rfind(l + " +", 0) == 0) {
        out += line + '\n';
        ++shown;
        break;
      }
    }
  }
  out += "... (" + std::to_string(lines.size()) +
         " dump lines in all; showing the buckets named above)\n";
  return out;
}

void print_failure(std::ostream& out, const ReplayFailure& f,
                   const std::string& rerun_command) {
  out << "FAILED at " << f.summary() << "\n";
  for (const auto& v : f.violations)
    out << "  violated: " << v.to_string() << "\n";
  if (!f.dump.empty()) out << "layout at the failure:\n" << dump_excerpt(f);
  out << "rerun: " << rerun_command << "\n";
}

}  // namespace gomapfuzz::cli

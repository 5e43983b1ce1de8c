#include "gomapfuzz/oracle/dump_compare.h"

#include <map>
#include <sstream>
#include <vector>

namespace gomapfuzz::oracle {
namespace {

std::string_view first_line(std::string_view dump) {
  return dump.substr(0, dump.find('\n'));
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool is_bucket_line(const std::string& l) {
  return l.rfind("bucket ", 0) == 0 || l.rfind("old ", 0) == 0;
}

// "bucket 3 +p17: c3:..." -> "bucket 3 +p17" (labels hold no ':').
std::string label_of(const std::string& l) { return l.substr(0, l.find(':')); }

}  // namespace

std::optional<std::string> header_field(std::string_view dump,
                                        std::string_view name) {
  const std::string_view line = first_line(dump);
  const std::string key = " " + std::string(name) + "=";
  const std::size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t from = at + key.size();
  const std::size_t to = std::min(line.find(' ', from), line.size());
  return std::string(line.substr(from, to - from));
}

unsigned header_b(std::string_view dump) {
  const auto b = header_field(dump, "B");
  return b ? static_cast<unsigned>(std::stoul(*b)) : 0;
}

std::string mask_noverflow(std::string dump) {
  const std::string key = " noverflow=";
  const std::size_t at = dump.find(key);
  if (at == std::string::npos || at > dump.find('\n')) return dump;
  const std::size_t from = at + key.size();
  const std::size_t to = dump.find(' ', from);
  dump.replace(from, to - from, "?");
  return dump;
}

std::string side_by_side(const std::string& go, const std::string& mapcore,
                         std::size_t max_labels) {
  const auto g = lines_of(go), m = lines_of(mapcore);
  std::string out;
  auto row = [&out](const char* who, const std::string& line) {
    out += std::string("  ") + who + line + "\n";
  };
  for (std::size_t i = 0; i < 2; ++i) {
    row("go:      ", i < g.size() ? g[i] : "(none)");
    row("mapcore: ", i < m.size() ? m[i] : "(none)");
  }
  // Labels in the order Go printed them, then mapcore's extra ones.
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::string>> by_label;
  for (const auto* side : {&g, &m}) {
    for (const auto& l : *side) {
      if (!is_bucket_line(l)) continue;
      auto [it, fresh] = by_label.try_emplace(label_of(l));
      if (fresh) order.push_back(it->first);
      (side == &g ? it->second.first : it->second.second) = l;
    }
  }
  std::size_t shown = 0, differing = 0;
  for (const auto& label : order) {
    const auto& [gl, ml] = by_label[label];
    if (gl == ml) continue;
    if (++differing > max_labels) continue;
    ++shown;
    row("go:      ", gl.empty() ? label + ": (absent)" : gl);
    row("mapcore: ", ml.empty() ? label + ": (absent)" : ml);
  }
  if (differing > shown) {
    out += "  ... " + std::to_string(differing - shown) +
           " more differing bucket lines\n";
  }
  if (g.size() <= 2 && m.size() > 2) {
    out += "  (Go printed only the header for this op)\n";
  }
  return out;
}

}  // namespace gomapfuzz::oracle

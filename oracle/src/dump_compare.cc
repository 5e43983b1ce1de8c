#include "gomapfuzz/oracle/dump_compare.h"

#include <algorithm>
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

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

// Space-separated words (slots, `name=value` fields).
std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Words a and b differ at, as "<what>: A_NAME a, B_NAME b".
std::string word_difference(const std::string& what,
                            const std::vector<std::string>& a,
                            const std::vector<std::string>& b, std::size_t from,
                            const std::string& slot_word,
                            const std::string& a_name,
                            const std::string& b_name) {
  for (std::size_t i = from; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "(none)";
    const std::string y = i < b.size() ? b[i] : "(none)";
    if (x == y) continue;
    std::string where = what;
    if (!slot_word.empty()) {
      where += " " + slot_word + " " + std::to_string(i - from);
    } else if (const auto eq = x.find('='); eq != std::string::npos) {
      where += " " + x.substr(0, eq);  // the field's name
    }
    return where + ": " + a_name + " " + x + ", " + b_name + " " + y;
  }
  return "";
}

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
                         std::size_t max_labels, const std::string& go_name,
                         const std::string& mapcore_name) {
  const auto g = lines_of(go), m = lines_of(mapcore);
  const std::size_t width = std::max(go_name.size(), mapcore_name.size()) + 2;
  const std::string go_who = pad(go_name + ":", width);
  const std::string mc_who = pad(mapcore_name + ":", width);
  std::string out;
  auto row = [&out](const std::string& who, const std::string& line) {
    out += "  " + who + line + "\n";
  };
  for (std::size_t i = 0; i < 2; ++i) {
    row(go_who, i < g.size() ? g[i] : "(none)");
    row(mc_who, i < m.size() ? m[i] : "(none)");
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
    row(go_who, gl.empty() ? label + ": (absent)" : gl);
    row(mc_who, ml.empty() ? label + ": (absent)" : ml);
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

std::string first_difference(const std::string& a, const std::string& b,
                             const std::string& a_name,
                             const std::string& b_name) {
  const auto la = lines_of(a), lb = lines_of(b);
  // The hmap and pool lines, field by field.
  for (std::size_t i = 0; i < 2; ++i) {
    const auto wa = words_of(i < la.size() ? la[i] : "");
    const auto wb = words_of(i < lb.size() ? lb[i] : "");
    const std::string what = i == 0 ? "hmap" : "pool";
    if (auto d = word_difference(what, wa, wb, 1, "", a_name, b_name);
        !d.empty()) {
      return d;
    }
  }
  // Bucket lines by label, in a's order, then b's extra ones.
  std::map<std::string, std::string> in_b;
  for (std::size_t i = 2; i < lb.size(); ++i) in_b[label_of(lb[i])] = lb[i];
  for (std::size_t i = 2; i < la.size(); ++i) {
    const std::string label = label_of(la[i]);
    const auto it = in_b.find(label);
    if (it == in_b.end()) {
      return label + ": " + a_name + " has it, " + b_name + " has none";
    }
    // Slots follow "LABEL:", one word each.
    const auto wa = words_of(la[i].substr(label.size() + 1));
    const auto wb = words_of(it->second.substr(label.size() + 1));
    if (auto d = word_difference(label, wa, wb, 0, "slot", a_name, b_name);
        !d.empty()) {
      return d;
    }
    in_b.erase(it);
  }
  if (!in_b.empty()) {
    return in_b.begin()->first + ": " + b_name + " has it, " + a_name +
           " has none";
  }
  return "";
}

}  // namespace gomapfuzz::oracle

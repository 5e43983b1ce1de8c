// outline_of (outline.h): reads render_svg's output back, element by
// element. It relies on what svg_writer.h promises: one element a line, and
// the class names render.cc gives its groups and texts.
#include "gomapfuzz/plot/outline.h"

#include <string>

namespace gomapfuzz::plot {
namespace {

std::string unescape(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

// The class attribute of an element line, "" when it has none.
std::string_view class_of(std::string_view line) {
  const std::size_t at = line.find("class=\"");
  if (at == std::string_view::npos) return "";
  const std::size_t from = at + 7;
  return line.substr(from, line.find('"', from) - from);
}

std::string text_of(std::string_view line) {
  const std::size_t open = line.find('>');
  const std::size_t close = line.rfind("</text>");
  if (open == std::string_view::npos || close == std::string_view::npos) {
    return "";
  }
  return unescape(line.substr(open + 1, close - open - 1));
}

}  // namespace

FigureOutline outline_of(std::string_view svg) {
  FigureOutline f;
  AxisOutline* axis = nullptr;  // inside <g class="axis ...">
  bool in_legend = false;
  std::size_t pos = 0;
  while (pos < svg.size()) {
    std::size_t nl = svg.find('\n', pos);
    if (nl == std::string_view::npos) nl = svg.size();
    const std::string_view line = svg.substr(pos, nl - pos);
    pos = nl + 1;
    const std::string_view cls = class_of(line);
    if (line.rfind("</g>", 0) == 0) {
      axis = nullptr;
      in_legend = false;
    } else if (cls == "panel") {
      f.panels.emplace_back();
    } else if (cls == "legend") {
      in_legend = true;
    } else if ((cls == "axis x" || cls == "axis y") && !f.panels.empty()) {
      axis = cls == "axis x" ? &f.panels.back().x : &f.panels.back().y;
    } else if (cls == "title") {
      f.title = text_of(line);
    } else if (cls == "legend-label" && in_legend) {
      f.legend.push_back(text_of(line));
    } else if (cls == "panel-title" && !f.panels.empty()) {
      f.panels.back().title = text_of(line);
    } else if (axis && cls == "tick") {
      ++axis->tick_marks;
    } else if (axis && cls == "tick-label") {
      axis->tick_labels.push_back(text_of(line));
    } else if (axis && cls == "axis-title") {
      axis->title = text_of(line);
    }
  }
  return f;
}

}  // namespace gomapfuzz::plot

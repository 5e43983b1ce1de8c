// Minimal SVG writer (see svg.h).
#include "gomapfuzz/spread/svg.h"

#include <cstdio>

namespace gomapfuzz::spread {
namespace {

// Two decimals are finer than any screen and keep the files small.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string svg_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Svg::Svg(double width, double height) : width_(width), height_(height) {}

void Svg::rect(double x, double y, double w, double h, const std::string& fill,
               const std::string& stroke) {
  body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) +
           "\" height=\"" + num(h) + "\" fill=\"" + fill + "\"";
  if (stroke != "none") body_ += " stroke=\"" + stroke + "\"";
  body_ += "/>\n";
}

void Svg::line(double x1, double y1, double x2, double y2,
               const std::string& stroke, double width) {
  body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" +
           num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" + stroke +
           "\" stroke-width=\"" + num(width) + "\"/>\n";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points,
                   const std::string& stroke, double width) {
  body_ += "<polyline fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"" +
           num(width) + "\" points=\"";
  for (const auto& [x, y] : points) body_ += num(x) + "," + num(y) + " ";
  body_ += "\"/>\n";
}

void Svg::circle(double cx, double cy, double r, const std::string& fill) {
  body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" +
           num(r) + "\" fill=\"" + fill + "\"/>\n";
}

void Svg::text(double x, double y, const std::string& s, double size,
               const std::string& anchor, const std::string& fill) {
  body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" +
           num(size) + "\" text-anchor=\"" + anchor + "\" fill=\"" + fill +
           "\">" + svg_escape(s) + "</text>\n";
}

std::string Svg::str() const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width_) +
         "\" height=\"" + num(height_) + "\" viewBox=\"0 0 " + num(width_) +
         " " + num(height_) +
         "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" "
         "fill=\"white\"/>\n" +
         body_ + "</svg>\n";
}

}  // namespace gomapfuzz::spread

// SVG text (svg_writer.h).
#include "svg_writer.h"

#include <cmath>
#include <cstdio>

namespace gomapfuzz::plot {

std::string svg_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string svg_escape(std::string_view s) {
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

namespace {

std::string stroke(const Style& s) {
  std::string a =
      " stroke=\"" + s.colour + "\" stroke-width=\"" + svg_num(s.width) + "\"";
  if (!s.dash.empty()) a += " stroke-dasharray=\"" + s.dash + "\"";
  return a;
}

}  // namespace

SvgWriter::SvgWriter(double width, double height)
    : width_(width), height_(height) {}

void SvgWriter::open_group(const std::string& cls,
                           const std::string& attributes) {
  body_ += "<g class=\"" + cls + "\"" +
           (attributes.empty() ? "" : " " + attributes) + ">\n";
}

void SvgWriter::close_group() { body_ += "</g>\n"; }

void SvgWriter::clip_rect(const std::string& id, double x, double y, double w,
                          double h) {
  body_ += "<clipPath id=\"" + id + "\"><rect x=\"" + svg_num(x) + "\" y=\"" +
           svg_num(y) + "\" width=\"" + svg_num(w) + "\" height=\"" +
           svg_num(h) + "\"/></clipPath>\n";
}

void SvgWriter::rect(double x, double y, double w, double h,
                     const std::string& fill, const std::string& stroke) {
  body_ += "<rect x=\"" + svg_num(x) + "\" y=\"" + svg_num(y) + "\" width=\"" +
           svg_num(w) + "\" height=\"" + svg_num(h) + "\" fill=\"" + fill +
           "\"";
  if (stroke != "none") body_ += " stroke=\"" + stroke + "\"";
  body_ += "/>\n";
}

void SvgWriter::line(Px a, Px b, const Style& style, const std::string& cls) {
  body_ += "<line";
  if (!cls.empty()) body_ += " class=\"" + cls + "\"";
  body_ += " x1=\"" + svg_num(a.x) + "\" y1=\"" + svg_num(a.y) + "\" x2=\"" +
           svg_num(b.x) + "\" y2=\"" + svg_num(b.y) + "\"" + stroke(style) +
           "/>\n";
}

void SvgWriter::polyline(const std::vector<Px>& points, const Style& style) {
  body_ += "<polyline fill=\"none\"" + stroke(style) + " points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    body_ += (i ? " " : "") + svg_num(points[i].x) + "," + svg_num(points[i].y);
  }
  body_ += "\"/>\n";
}

void SvgWriter::circle(Px c, double r, const std::string& fill) {
  body_ += "<circle cx=\"" + svg_num(c.x) + "\" cy=\"" + svg_num(c.y) +
           "\" r=\"" + svg_num(r) + "\" fill=\"" + fill + "\"/>\n";
}

void SvgWriter::text(Px at, std::string_view s, double size,
                     const std::string& anchor, const std::string& cls,
                     bool rotated) {
  body_ += "<text class=\"" + cls + "\" x=\"" + svg_num(at.x) + "\" y=\"" +
           svg_num(at.y) + "\"";
  if (rotated) {
    body_ += " transform=\"rotate(-90 " + svg_num(at.x) + " " + svg_num(at.y) +
             ")\"";
  }
  body_ += " font-size=\"" + svg_num(size) + "\" text-anchor=\"" + anchor +
           "\">" + svg_escape(s) + "</text>\n";
}

std::string SvgWriter::finish() const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         svg_num(width_) + "\" height=\"" + svg_num(height_) +
         "\" viewBox=\"0 0 " + svg_num(width_) + " " + svg_num(height_) +
         "\" font-family=\"sans-serif\" fill=\"#222\">\n"
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" +
         body_ + "</svg>\n";
}

}  // namespace gomapfuzz::plot

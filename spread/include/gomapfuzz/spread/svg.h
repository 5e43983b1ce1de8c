// A minimal SVG writer: the battery's plots need rectangles, lines, polylines
// and text, nothing more, so no plotting dependency is pulled in. Coordinates
// are SVG user units (pixels), y growing downwards.
#ifndef GOMAPFUZZ_SPREAD_SVG_H_
#define GOMAPFUZZ_SPREAD_SVG_H_

#include <string>
#include <utility>
#include <vector>

namespace gomapfuzz::spread {

class Svg {
 public:
  Svg(double width, double height);

  void rect(double x, double y, double w, double h, const std::string& fill,
            const std::string& stroke = "none");
  void line(double x1, double y1, double x2, double y2,
            const std::string& stroke, double width = 1);
  void polyline(const std::vector<std::pair<double, double>>& points,
                const std::string& stroke, double width = 1.5);
  void circle(double cx, double cy, double r, const std::string& fill);
  // anchor: "start", "middle" or "end".
  void text(double x, double y, const std::string& s, double size = 11,
            const std::string& anchor = "start",
            const std::string& fill = "#222");

  std::string str() const;

 private:
  double width_, height_;
  std::string body_;
};

// Escapes &, <, > and quotes for SVG text and attributes.
std::string svg_escape(const std::string& s);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_SVG_H_

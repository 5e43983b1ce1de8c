// The few SVG elements the renderer needs, written as text one per line
// (outline.cc reads them back). Coordinates are SVG user units (pixels), y
// growing downwards.
#ifndef GOMAPFUZZ_PLOT_SRC_SVG_WRITER_H_
#define GOMAPFUZZ_PLOT_SRC_SVG_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "gomapfuzz/plot/figure.h"

namespace gomapfuzz::plot {

// Two decimals are finer than any screen and keep the files small.
std::string svg_num(double v);
// Escapes &, <, > and " for SVG text and attributes.
std::string svg_escape(std::string_view s);

struct Px {
  double x = 0, y = 0;
};

class SvgWriter {
 public:
  SvgWriter(double width, double height);

  // <g class="cls" ...>; `attributes` is added as is.
  void open_group(const std::string& cls, const std::string& attributes = "");
  void close_group();
  void clip_rect(const std::string& id, double x, double y, double w, double h);
  void rect(double x, double y, double w, double h, const std::string& fill,
            const std::string& stroke = "none");
  void line(Px a, Px b, const Style& style, const std::string& cls = "");
  void polyline(const std::vector<Px>& points, const Style& style);
  void circle(Px c, double r, const std::string& fill);
  // anchor: "start", "middle" or "end"; rotated: read bottom to top.
  void text(Px at, std::string_view s, double size, const std::string& anchor,
            const std::string& cls, bool rotated = false);

  std::string finish() const;

 private:
  double width_, height_;
  std::string body_;
};

}  // namespace gomapfuzz::plot

#endif  // GOMAPFUZZ_PLOT_SRC_SVG_WRITER_H_

#include "output/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "output/report_words.hpp"

namespace polku {

namespace {

constexpr double kWidth = 600, kHeight = 300;
constexpr double kLeft = 78, kRight = 14, kTop = 44, kBottom = 44;

std::string fmt(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

/// About five round tick values covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi) {
  // A range lost in rounding noise (e.g. a sum that differs only in the last bits) is constant.
  if (!(hi - lo > 1e-9 * std::max(std::abs(lo), std::abs(hi)))) hi = lo;
  if (!(hi > lo)) {  // a constant series: show it with zero, not around it
    if (lo >= 0.0) {
      hi = lo == 0.0 ? 1.0 : lo * 1.2;
      lo = 0.0;
    } else {
      hi = 0.0;
      lo *= 1.2;
    }
  }
  const double raw = (hi - lo) / 5.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  // Ticks by index, not by repeated addition, so their number is bounded whatever the range.
  const double first = std::floor(lo / step) * step;
  const auto count = static_cast<int>(std::ceil((hi - first) / step - 1e-9));
  std::vector<double> ticks;
  for (int i = 0; i <= std::clamp(count, 1, 50); ++i) {
    const double t = first + i * step;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

/// Decimals needed to tell tick labels apart.
int tick_decimals(const std::vector<double>& ticks) {
  if (ticks.size() < 2) return 0;
  const double step = ticks[1] - ticks[0];
  return step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
}

std::string polyline_segments(const std::vector<double>& ys,
                              const std::function<double(std::size_t)>& x,
                              const std::function<double(double)>& y, const char* color) {
  std::string out;
  std::string points;
  const auto finish = [&] {
    if (!points.empty())
      out += "<polyline class=\"mean\" fill=\"none\" stroke=\"" + std::string(color) +
             "\" stroke-width=\"2\" points=\"" + points + "\"/>";
    points.clear();
  };
  for (std::size_t i = 0; i < ys.size(); ++i) {
    if (!std::isfinite(ys[i])) {
      finish();
      continue;
    }
    if (!points.empty()) points += ' ';
    points += fmt(x(i)) + "," + fmt(y(ys[i]));
  }
  finish();
  return out;
}

/// The band between lo and hi, one polygon per run of finite values.
std::string band_polygons(const Series& s, const std::function<double(std::size_t)>& x,
                          const std::function<double(double)>& y) {
  std::string out;
  std::size_t i = 0;
  while (i < s.lo.size()) {
    while (i < s.lo.size() && !(std::isfinite(s.lo[i]) && std::isfinite(s.hi[i]))) ++i;
    const std::size_t begin = i;
    while (i < s.lo.size() && std::isfinite(s.lo[i]) && std::isfinite(s.hi[i])) ++i;
    if (begin == i) continue;
    std::string points;
    for (std::size_t k = begin; k < i; ++k) points += fmt(x(k)) + "," + fmt(y(s.hi[k])) + " ";
    for (std::size_t k = i; k-- > begin;) points += fmt(x(k)) + "," + fmt(y(s.lo[k])) + " ";
    points.pop_back();
    out += "<polygon class=\"band\" fill=\"" + std::string(s.color) +
           "\" fill-opacity=\"0.22\" stroke=\"none\" points=\"" + points + "\"/>";
  }
  return out;
}

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<std::string>& months,
                      const std::vector<Series>& series, bool zero_line, const IndicatorDef& def,
                      Lang lang) {
  const ReportWords& w = report_words(lang);
  const std::string unit = indicator_unit(def, lang);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const auto& s : series)
    for (const auto* v : {&s.mean, &s.lo, &s.hi})
      for (const double x : *v)
        if (std::isfinite(x)) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
  std::string svg = "<figure class=\"chart\"><svg viewBox=\"0 0 " + fmt(kWidth) + " " +
                    fmt(kHeight) + "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
  svg += "<title>" + html_escape(title) + "</title>";
  svg += "<text class=\"chart-title\" x=\"" + fmt(kLeft) + "\" y=\"18\">" + html_escape(title) +
         (unit.empty() ? std::string()
                       : " <tspan class=\"unit\">(" + html_escape(unit) + ")</tspan>") +
         "</text>";
  if (!std::isfinite(lo)) {
    svg += "<text x=\"" + fmt(kWidth / 2) + "\" y=\"" + fmt(kHeight / 2) +
           "\" text-anchor=\"middle\" class=\"axis\">" + html_escape(w.no_data) +
           "</text></svg></figure>";
    return svg;
  }
  if (zero_line || (lo > 0 && lo < 0.35 * hi)) lo = std::min(lo, 0.0);  // near zero: show zero
  if (zero_line) hi = std::max(hi, 0.0);
  const auto ticks = nice_ticks(lo, hi);
  const double y0 = ticks.front();
  const double y1 = ticks.back() > y0 ? ticks.back() : y0 + 1.0;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  const std::size_t n = months.size();
  const auto x = [&](std::size_t i) {
    return kLeft +
           (n <= 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / static_cast<double>(n - 1));
  };
  const auto y = [&](double v) { return kTop + plot_h * (1.0 - (v - y0) / (y1 - y0)); };

  // Grid and y axis.
  const int decimals =
      std::max(tick_decimals(ticks), indicator_decimals(def) >= 1 && y1 - y0 < 5 ? 1 : 0);
  for (const double t : ticks) {
    svg += "<line class=\"grid\" x1=\"" + fmt(kLeft) + "\" x2=\"" + fmt(kWidth - kRight) +
           "\" y1=\"" + fmt(y(t)) + "\" y2=\"" + fmt(y(t)) + "\"/>";
    svg += "<text class=\"axis\" x=\"" + fmt(kLeft - 6) + "\" y=\"" + fmt(y(t) + 4) +
           "\" text-anchor=\"end\">" + html_escape(display_number(t, decimals, lang)) + "</text>";
  }
  if (zero_line)
    svg += "<line class=\"zero\" x1=\"" + fmt(kLeft) + "\" x2=\"" + fmt(kWidth - kRight) +
           "\" y1=\"" + fmt(y(0)) + "\" y2=\"" + fmt(y(0)) + "\"/>";
  // x axis: a tick per month, labelled with the year in January (or every month for short runs).
  const double axis_y = kTop + plot_h;
  svg += "<line class=\"axis-line\" x1=\"" + fmt(kLeft) + "\" x2=\"" + fmt(kWidth - kRight) +
         "\" y1=\"" + fmt(axis_y) + "\" y2=\"" + fmt(axis_y) + "\"/>";
  svg += "<line class=\"axis-line\" x1=\"" + fmt(kLeft) + "\" x2=\"" + fmt(kLeft) + "\" y1=\"" +
         fmt(kTop) + "\" y2=\"" + fmt(axis_y) + "\"/>";
  const std::size_t year_step = n > 12 * 12 ? 2 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const bool january = months[i].size() == 7 && months[i].compare(5, 2, "01") == 0;
    const bool label = n <= 13 || (january && (std::stoi(months[i].substr(0, 4)) % year_step == 0));
    svg += "<line class=\"tick\" x1=\"" + fmt(x(i)) + "\" x2=\"" + fmt(x(i)) + "\" y1=\"" +
           fmt(axis_y) + "\" y2=\"" + fmt(axis_y + (label ? 6 : 3)) + "\"/>";
    if (label)
      svg += "<text class=\"axis\" x=\"" + fmt(x(i)) + "\" y=\"" + fmt(axis_y + 18) +
             "\" text-anchor=\"middle\">" +
             html_escape(n <= 13 ? months[i].substr(5, 2) + "/" + months[i].substr(2, 2)
                                 : months[i].substr(0, 4)) +
             "</text>";
  }
  svg += "<text class=\"axis-title\" x=\"" + fmt(kLeft + plot_w / 2) + "\" y=\"" +
         fmt(kHeight - 6) + "\" text-anchor=\"middle\">" + html_escape(w.month) + "</text>";
  // The unit on a line of its own above the y axis, clear of the tick labels below it.
  svg += "<text class=\"axis-title y-unit\" x=\"4\" y=\"" + fmt(kTop - 12) + "\">" +
         html_escape(unit) + "</text>";

  for (const auto& s : series) svg += band_polygons(s, x, y);
  for (const auto& s : series) svg += polyline_segments(s.mean, x, y, s.color);

  // Legend, top right.
  double lx = kWidth - kRight;
  std::string legend;
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    const std::string label = it->label.empty() ? std::string(w.mean) + ", " + w.band : it->label;
    lx -= 16 + 6.2 * static_cast<double>(label.size());
    legend += "<rect x=\"" + fmt(lx) + "\" y=\"9\" width=\"12\" height=\"10\" fill=\"" + it->color +
              "\" fill-opacity=\"0.35\" stroke=\"" + it->color + "\"/>";
    legend += "<text class=\"legend\" x=\"" + fmt(lx + 15) + "\" y=\"18\">" + html_escape(label) +
              "</text>";
    lx -= 8;
  }
  if (series.size() > 1) svg += legend;
  svg += "</svg></figure>";
  return svg;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
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
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace polku

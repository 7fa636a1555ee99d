/// @file svg_chart.hpp
/// Line charts as inline SVG for the HTML report: a mean line and a shaded band per series, round
/// ticks, month and year labels, and a legend when there is more than one series.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/results.hpp"
#include "output/labels.hpp"

namespace polku {

/// One series of a chart, month by month; NaN leaves a gap.
struct Series {
  std::vector<double> mean, lo, hi;
  const char* color;
  std::string label;
};

/// An SVG chart (in a <figure>) titled `title` over `months` ("YYYY-MM"), of `series` in order,
/// with the declared unit of `def` after the title and above the y axis. `zero_line` draws y = 0
/// and keeps it in range (for differences); `def` also sets the decimals of the axis; `lang` the
/// words and numbers. A chart without a finite value says so instead.
[[nodiscard]] std::string svg_chart(const std::string& title,
                                    const std::vector<std::string>& months,
                                    const std::vector<Series>& series, bool zero_line,
                                    const IndicatorDef& def, Lang lang);

/// `text` with &, <, >, " and ' replaced by character references.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace polku

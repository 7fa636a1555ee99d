/// @file report_html.hpp
/// `report.html`: one self-contained page (no scripts, no network fetches, system fonts only)
/// with inline SVG charts (svg_chart.hpp) and per-area tables of annual values; its words are in
/// report_words.hpp.
///
/// Charts show the "total" area month by month: the mean as a line and the 5–95 % band across
/// replications. Indicators are grouped: caseload (jobseekers, unemployed, long_term_unemployed),
/// activation (activation_rate, in_services), service stocks (in_service.<kind>), euros (*_eur,
/// municipal_share_eur first), flows (inflow, exits_to_employment) and any others; a chart appears
/// exactly when its indicator exists. Labels are Finnish or English; every text is HTML-escaped.
#pragma once

#include <ostream>

#include "output/labels.hpp"
#include "results/run_report.hpp"

namespace polku {

/// Writes the report of one run. Throws `std::runtime_error` if the stream fails.
void write_report_html(std::ostream& out, const RunReport& run, Lang lang);

/// Writes the comparison report: per indicator, base and variant (mean and band) and the paired
/// difference (mean and 5–95 % band); per area, annual base, variant, difference and interval.
void write_comparison_html(std::ostream& out, const ComparisonReport& comparison, Lang lang);

}  // namespace polku

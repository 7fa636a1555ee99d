/// @file indicators_csv.hpp
/// `indicators.csv`: every indicator value of every replication, one value per row (tidy data).
#pragma once

#include <ostream>

#include "engine/results.hpp"

namespace polku {

/// Writes `results` as CSV with the header `scenario,replication,month,area,indicator,value`.
///
/// Rows are ordered by replication (numbered from 1 in the file), month (`YYYY-MM`, see
/// `month_label`), area (in `RunResults::areas` order) and indicator (in `RunResults::indicators`
/// order). Values are `RunResults::area_value` in `format_number` form, so ratios of areas are
/// computed from summed counts and a ratio with a zero denominator is "NA". Lines end in "\n";
/// fields containing a comma, a double quote, CR or LF are quoted as in RFC 4180.
///
/// Throws `ModelError` if `results` is inconsistent (see `check_results_shape`) before writing
/// anything, and `std::runtime_error` if the stream fails.
void write_indicators_csv(const RunResults& results, std::ostream& out);

}  // namespace polku

/// @file indicators_csv.hpp
/// `indicators.csv`: every indicator value of every replication, one value per row (tidy data).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

/// Appends the text `field` to `line` as one CSV field: unchanged, or, if it contains a comma, a
/// double quote, CR or LF, enclosed in double quotes with inner double quotes doubled (RFC 4180).
/// Text starting with '=', '+', '-', '@', tab or CR gets a leading apostrophe, so a spreadsheet
/// shows it rather than running it as a formula. Numbers are not fields of this kind.
void append_csv_field(std::string& line, std::string_view field);

/// The `name` of each item as one CSV field (see `append_csv_field`), in order: the area and
/// indicator columns, quoted once rather than on every row.
template <class Items>
[[nodiscard]] std::vector<std::string> csv_fields_of_names(const Items& items) {
  std::vector<std::string> fields;
  fields.reserve(items.size());
  for (const auto& item : items) append_csv_field(fields.emplace_back(), item.name);
  return fields;
}

/// Checks that `results` can be read safely: every replication holds months × municipalities ×
/// indicators values, area members are valid municipality ids, and ratio indicators refer to
/// existing summed indicators. Throws `ModelError` (an internal fault) describing the first
/// problem.
void check_results_shape(const RunResults& results);

}  // namespace polku

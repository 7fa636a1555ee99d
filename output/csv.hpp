/// @file csv.hpp
/// What the CSV files share: fields quoted as in RFC 4180 and rows handed to the stream in chunks.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "output/number_format.hpp"

namespace polku {

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

/// Appends "scenario,period,area," to `line`: the key columns of the summary files, with
/// `scenario_field` already a CSV field, `period` plain ("2025-01", "2025") and `area` quoted here.
void append_csv_key(std::string& line, std::string_view scenario_field, std::string_view period,
                    std::string_view area);

/// The `interval` field of summary.csv and annual.csv in runs with parameter uncertainty: the
/// quantiles across replications include the parameters' draws as well as Monte Carlo variation.
inline constexpr std::string_view kIntervalField = ",monte_carlo_and_parameters";

/// Rows are collected in a string and handed to the stream in chunks of about this size.
inline constexpr std::size_t kCsvChunkBytes = std::size_t{1} << 20;

/// Writes `buffer` to `out` and empties it. Throws `std::runtime_error` naming `file` if the
/// stream fails.
void flush_csv(std::string& buffer, std::ostream& out, std::string_view file);

/// Appends ",value" for each of `values` (as `append_number`) and `suffix` (more fields, each
/// with its leading comma), ends the row with "\n" and hands the buffer to `out` once it holds a
/// chunk (see `flush_csv`).
inline void end_csv_row(std::string& buffer, std::initializer_list<double> values,
                        std::ostream& out, std::string_view file, std::string_view suffix = {}) {
  for (const double v : values) {
    buffer += ',';
    append_number(buffer, v);
  }
  buffer += suffix;
  buffer += '\n';
  if (buffer.size() >= kCsvChunkBytes) flush_csv(buffer, out, file);
}

}  // namespace polku

#include "output/indicators_csv.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "output/number_format.hpp"
#include "polku/calendar.hpp"
#include "polku/errors.hpp"

namespace polku {

namespace {

/// Lines are collected in a string and handed to the stream in chunks of about this size.
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

void flush(std::string& buffer, std::ostream& out) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
  if (!out) {
    throw std::runtime_error("cannot write indicators.csv: output stream failed");
  }
}

void append_unsigned(std::string& line, std::size_t value) {
  std::array<char, 24> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  line.append(digits.data(), result.ptr);
}

}  // namespace

void append_csv_field(std::string& line, std::string_view field) {
  // A spreadsheet would run a text cell starting with one of these as a formula; a leading
  // apostrophe keeps it text (OWASP's advice on CSV injection).
  const bool formula_like =
      !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos;
  const std::string_view guard = formula_like ? "'" : "";
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += guard;
    line += field;
    return;
  }
  line += '"';
  line += guard;
  for (const char c : field) {
    if (c == '"') {
      line += '"';
    }
    line += c;
  }
  line += '"';
}

void check_results_shape(const RunResults& results) {
  if (results.months < 0) {
    throw ModelError("results: negative number of months (" + std::to_string(results.months) + ")");
  }
  const std::size_t expected = static_cast<std::size_t>(results.months) *
                               results.municipality_count * results.indicators.size();
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    const std::size_t actual = results.replications[r].values.size();
    if (actual != expected) {
      throw ModelError("results: replication " + std::to_string(r + 1) + " holds " +
                       std::to_string(actual) + " values, expected " + std::to_string(expected) +
                       " (months × municipalities × indicators)");
    }
  }
  for (const auto& area : results.areas) {
    for (const auto member : area.members) {
      if (member >= results.municipality_count) {
        throw ModelError("results: area '" + area.name + "' refers to municipality " +
                         std::to_string(member) + " of " +
                         std::to_string(results.municipality_count));
      }
    }
  }
  for (const auto& def : results.indicators) {
    if (def.aggregation != Aggregation::ratio) {
      continue;
    }
    for (const IndicatorId part : {def.numerator, def.denominator}) {
      if (part >= results.indicators.size() ||
          results.indicators[part].aggregation != Aggregation::sum) {
        throw ModelError("results: ratio indicator '" + def.name + "' refers to indicator " +
                         std::to_string(part) + ", which is not a summed indicator");
      }
    }
  }
}

void write_indicators_csv(const RunResults& results, std::ostream& out) {
  check_results_shape(results);

  std::string scenario;
  append_csv_field(scenario, results.scenario);
  std::vector<std::string> months;
  months.reserve(static_cast<std::size_t>(results.months));
  for (int m = 0; m < results.months; ++m) {
    months.push_back(month_label(results.first_month + m));
  }
  const std::vector<std::string> areas = csv_fields_of_names(results.areas);
  const std::vector<std::string> indicators = csv_fields_of_names(results.indicators);

  std::string buffer;
  buffer.reserve(kChunkBytes + 4096);
  buffer += "scenario,replication,month,area,indicator,value\n";
  std::string prefix;  // "scenario,replication,month,area," shared by the rows of one area
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    for (int m = 0; m < results.months; ++m) {
      for (std::size_t a = 0; a < results.areas.size(); ++a) {
        prefix = scenario;
        prefix += ',';
        append_unsigned(prefix, r + 1);
        prefix += ',';
        prefix += months[static_cast<std::size_t>(m)];
        prefix += ',';
        prefix += areas[a];
        prefix += ',';
        for (std::size_t i = 0; i < results.indicators.size(); ++i) {
          buffer += prefix;
          buffer += indicators[i];
          buffer += ',';
          append_number(buffer, results.area_value(r, m, results.areas[a], i));
          buffer += '\n';
          if (buffer.size() >= kChunkBytes) {
            flush(buffer, out);
          }
        }
      }
    }
  }
  flush(buffer, out);
}

}  // namespace polku

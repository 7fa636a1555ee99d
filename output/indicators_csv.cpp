#include "output/indicators_csv.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "output/csv.hpp"
#include "output/writer.hpp"
#include "polku/calendar.hpp"
#include "results/statistics.hpp"

namespace polku {

namespace {

void append_unsigned(std::string& line, std::size_t value) {
  std::array<char, 24> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  line.append(digits.data(), result.ptr);
}

}  // namespace

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
  buffer.reserve(kCsvChunkBytes + 4096);
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
          end_csv_row(buffer, {results.area_value(r, m, results.areas[a], i)}, out,
                      "indicators.csv");
        }
      }
    }
  }
  flush_csv(buffer, out, "indicators.csv");
}

const Writer& indicators_csv_writer() {
  // Every replication's values: the largest file by far, and results.sqlite holds the same.
  static const FileWriter writer("indicators.csv", from_results(write_indicators_csv), {},
                                 FileWriter::Written::on_request);
  return writer;
}

}  // namespace polku

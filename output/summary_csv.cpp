#include "output/summary_csv.hpp"

#include <string>
#include <vector>

#include "output/csv.hpp"
#include "output/writer.hpp"
#include "polku/calendar.hpp"
#include "results/statistics.hpp"

namespace polku {

void write_summary_csv(const RunResults& results, std::ostream& out) {
  check_results_shape(results);

  std::string scenario;
  append_csv_field(scenario, results.scenario);
  const std::vector<std::string> indicators = csv_fields_of_names(results.indicators);

  std::string buffer;
  buffer.reserve(kCsvChunkBytes + 4096);
  // A run with parameter uncertainty says so on every row; other runs keep the contracted columns.
  const std::string_view interval = results.parameter_uncertainty ? kIntervalField : "";
  buffer += "scenario,month,area,indicator,mean,p05,p50,p95";
  buffer += results.parameter_uncertainty ? ",interval\n" : "\n";
  std::string prefix;  // "scenario,month,area," shared by the rows of one area
  std::vector<double> values;
  values.reserve(results.replications.size());
  for (int m = 0; m < results.months; ++m) {
    const std::string month = month_label(results.first_month + m);
    for (const auto& area : results.areas) {
      prefix.clear();
      append_csv_key(prefix, scenario, month, area.name);
      for (std::size_t i = 0; i < results.indicators.size(); ++i) {
        values.clear();
        for (std::size_t r = 0; r < results.replications.size(); ++r) {
          values.push_back(results.area_value(r, m, area, i));
        }
        const Quantiles q = summarise_in_place(values);
        buffer += prefix;
        buffer += indicators[i];
        end_csv_row(buffer, {q.mean, q.p05, q.p50, q.p95}, out, "summary.csv", interval);
      }
    }
  }
  flush_csv(buffer, out, "summary.csv");
}

const Writer& summary_csv_writer() {
  static const FileWriter writer("summary.csv", from_results(write_summary_csv));
  return writer;
}

}  // namespace polku

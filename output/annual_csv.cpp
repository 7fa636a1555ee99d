#include "output/annual_csv.hpp"

#include <string>

#include "output/csv.hpp"
#include "output/writer.hpp"
#include "results/statistics.hpp"

namespace polku {

void write_annual_csv(const RunResults& results, std::ostream& out) {
  const SummaryTable t = annual_summary(results);
  std::string scenario;
  append_csv_field(scenario, results.scenario);
  const std::string_view interval = results.parameter_uncertainty ? kIntervalField : "";
  std::string buffer = "scenario,year,area,indicator,mean,p05,p50,p95";
  buffer += results.parameter_uncertainty ? ",interval\n" : "\n";
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      for (std::size_t i = 0; i < t.indicators.size(); ++i) {
        append_csv_key(buffer, scenario, t.periods[p], t.areas[a].name);
        append_csv_field(buffer, t.indicators[i].name);
        const Quantiles& q = t.at(p, a, i);
        end_csv_row(buffer, {q.mean, q.p05, q.p50, q.p95}, out, "annual.csv", interval);
      }
  flush_csv(buffer, out, "annual.csv");
}

const Writer& annual_csv_writer() {
  static const FileWriter writer("annual.csv", from_results(write_annual_csv));
  return writer;
}

}  // namespace polku

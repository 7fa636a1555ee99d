#include "output/annual_csv.hpp"

#include <string>

#include "output/csv.hpp"
#include "output/number_format.hpp"
#include "output/writer.hpp"
#include "results/statistics.hpp"

namespace polku {

void write_annual_csv(const RunResults& results, std::ostream& out) {
  const SummaryTable t = annual_summary(results);
  std::string scenario;
  append_csv_field(scenario, results.scenario);
  std::string buffer = "scenario,year,area,indicator,mean,p05,p50,p95\n";
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      for (std::size_t i = 0; i < t.indicators.size(); ++i) {
        buffer += scenario;
        buffer += ',';
        buffer += t.periods[p];
        buffer += ',';
        append_csv_field(buffer, t.areas[a].name);
        buffer += ',';
        append_csv_field(buffer, t.indicators[i].name);
        const Quantiles& q = t.at(p, a, i);
        for (const double v : {q.mean, q.p05, q.p50, q.p95}) {
          buffer += ',';
          append_number(buffer, v);
        }
        buffer += '\n';
        if (buffer.size() >= kCsvChunkBytes) flush_csv(buffer, out, "annual.csv");
      }
  flush_csv(buffer, out, "annual.csv");
}

const Writer& annual_csv_writer() {
  static const FileWriter writer("annual.csv",
                                 [](std::ostream& out, const RunReport& run, const WriteOptions&) {
                                   write_annual_csv(*run.results, out);
                                 });
  return writer;
}

}  // namespace polku

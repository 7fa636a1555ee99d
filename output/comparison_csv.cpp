#include "output/comparison_csv.hpp"

#include <string>

#include "output/csv.hpp"
#include "output/writer.hpp"

namespace polku {

void write_comparison_csv(const ComparisonTable& t, std::ostream& out) {
  std::string buffer = "month,area,indicator,base_mean,variant_mean,diff_mean,diff_p05,diff_p95\n";
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      for (std::size_t i = 0; i < t.indicators.size(); ++i) {
        append_csv_field(buffer, t.periods[p]);
        buffer += ',';
        append_csv_field(buffer, t.areas[a]);
        buffer += ',';
        append_csv_field(buffer, t.indicators[i].name);
        const ComparisonCell& c = t.at(p, a, i);
        end_csv_row(buffer, {c.base_mean, c.variant_mean, c.diff_mean, c.diff_p05, c.diff_p95}, out,
                    "comparison.csv");
      }
  flush_csv(buffer, out, "comparison.csv");
}

const Writer& comparison_csv_writer() {
  static const FileWriter writer(
      "comparison.csv", nullptr,
      through_stream<ComparisonReport>(
          [](std::ostream& out, const ComparisonReport& comparison, const WriteOptions&) {
            write_comparison_csv(comparison.monthly, out);
          }));
  return writer;
}

}  // namespace polku

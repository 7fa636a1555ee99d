#include "output/budget_csv.hpp"

#include <limits>

#include "output/csv.hpp"
#include "output/writer.hpp"

namespace polku {

const std::vector<std::string>& budget_indicators() {
  static const std::vector<std::string> names = {"municipal_share_eur", "service_cost_eur",
                                                 "state_compensation_eur",
                                                 "net_municipal_cost_eur"};
  return names;
}

void write_budget_csv(const RunReport& run, std::ostream& out) {
  const SummaryTable& t = run.monthly;
  std::vector<std::size_t> columns;
  for (const auto& name : budget_indicators()) columns.push_back(t.indicator_index(name));
  std::string buffer = "month,area";
  for (const auto& name : budget_indicators()) buffer += "," + name;
  buffer += '\n';
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto mean = [&](std::size_t p, std::size_t a, std::size_t i) {
    return i == SummaryTable::npos ? kNaN : t.at(p, a, i).mean;
  };
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a) {
      append_csv_field(buffer, t.periods[p]);
      buffer += ',';
      append_csv_field(buffer, t.areas[a].name);
      end_csv_row(buffer,
                  {mean(p, a, columns[0]), mean(p, a, columns[1]), mean(p, a, columns[2]),
                   mean(p, a, columns[3])},
                  out, "budget.csv");
    }
  flush_csv(buffer, out, "budget.csv");
}

const Writer& budget_csv_writer() {
  static const FileWriter writer(
      "budget.csv",
      through_stream<RunReport>([](std::ostream& out, const RunReport& run, const WriteOptions&) {
        write_budget_csv(run, out);
      }));
  return writer;
}

}  // namespace polku

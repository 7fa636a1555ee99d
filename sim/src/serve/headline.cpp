#include "serve/headline.hpp"

#include <algorithm>
#include <cmath>

namespace polku::serve {

const std::vector<std::string>& headline_indicators() {
  static const std::vector<std::string> kNames = {
      "net_municipal_cost_eur", "municipal_share_eur", "service_cost_eur",       "unemployed",
      "long_term_unemployed",   "activation_rate",     "caseload_per_counsellor"};
  return kNames;
}

HeadlineTable headline_table(const ComparisonTable& annual) {
  HeadlineTable t;
  t.areas = annual.areas;
  t.years = annual.periods;
  t.paired_replications = annual.paired_replications;
  std::vector<std::size_t> columns;
  for (const auto& name : headline_indicators()) {
    const auto it = std::find_if(annual.indicators.begin(), annual.indicators.end(),
                                 [&](const IndicatorDef& d) { return d.name == name; });
    if (it == annual.indicators.end()) continue;
    t.indicators.push_back(name);
    columns.push_back(static_cast<std::size_t>(it - annual.indicators.begin()));
  }
  for (std::size_t a = 0; a < t.areas.size(); ++a)
    for (std::size_t y = 0; y < t.years.size(); ++y)
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const ComparisonCell& c = annual.at(y, a, columns[k]);
        const bool excludes = std::isfinite(c.diff_p05) && std::isfinite(c.diff_p95) &&
                              (c.diff_p05 > 0 || c.diff_p95 < 0);
        t.cells.push_back({t.areas[a], t.years[y], t.indicators[k], c.base_mean, c.variant_mean,
                           c.diff_mean, c.diff_p05, c.diff_p95, excludes});
      }
  return t;
}

}  // namespace polku::serve

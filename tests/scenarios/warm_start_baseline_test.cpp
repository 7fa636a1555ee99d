// The 2025 baseline after its warm-up: no start-up transient and no drift. Run on the Oulu region
// under the macro path 'flat' (oulu-2025.yaml: observed to 10/2025, then the tightness that holds
// the national stock of 10/2025) and under 'constant' (oulu-2025-constant.yaml: the tightness of
// 10/2023 held, the conditions its inflow level is fitted under), with the results reported from
// 12/2024, so the last warm-up month is compared with the first planning month. Tolerances
// (docs/warm-start.md): people in services and in rehabilitative work in 1/2025 within ±5 % of
// 12/2024; the unemployed stock's annual mean moves less than 2 % a year and the long-term share
// less than 1 percentage point a year over 2025-2029 (a straight line through the five annual
// means, so seasonality does not count).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "cli/cli_helpers.hpp"
#include "engine/runner.hpp"
#include "scenario/load.hpp"

using namespace polku;

namespace {

/// Slope of the least-squares line through (0, y0), (1, y1), ...
double slope(const std::vector<double>& y) {
  const double n = static_cast<double>(y.size());
  const double mean_x = (n - 1) / 2;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double num = 0, den = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    num += (static_cast<double>(i) - mean_x) * (y[i] - mean_y);
    den += (static_cast<double>(i) - mean_x) * (static_cast<double>(i) - mean_x);
  }
  return num / den;
}

}  // namespace

TEST_CASE("the warm-started 2025 baseline has no start-up transient and no drift",
          "[scenarios][warm_up][slow]") {
  const std::string file = GENERATE(as<std::string>{}, "oulu-2025.yaml", "oulu-2025-constant.yaml");
  INFO(file);
  polku::test::TempDir cache;
  PluginHost host(PluginHost::default_search_path({}));
  const Scenario scenario =
      load_scenario(std::string(POLKU_SOURCE_DIR) + "/scenarios/" + file,
                    {{"start=2024-12-01"}, {"replications=4"}}, host);
  const auto modules = order_modules(scenario, host);
  RunSettings settings;
  settings.warm_cache_dir = cache.path();
  const RunResults r = run_replications(scenario, modules, settings).results;
  REQUIRE(month_label(r.first_month) == "2024-12");

  const OutputArea& area = r.areas.back();
  const auto mean = [&](const std::string& indicator, int month) {
    std::size_t i = 0;
    while (r.indicators[i].name != indicator) ++i;
    double sum = 0;
    for (std::size_t rep = 0; rep < r.replications.size(); ++rep)
      sum += r.area_value(rep, month, area, i);
    return sum / static_cast<double>(r.replications.size());
  };
  for (const char* indicator : {"in_services", "in_service.rehabilitative_work"}) {
    INFO(indicator << ": 12/2024 " << mean(indicator, 0) << ", 1/2025 " << mean(indicator, 1));
    CHECK(std::abs(mean(indicator, 1) / mean(indicator, 0) - 1) <= 0.05);
  }
  std::vector<double> unemployed, long_term_share;
  for (int year = 0; year < 5; ++year) {
    double u = 0, lt = 0;
    for (int m = 1 + 12 * year; m <= 12 + 12 * year; ++m) {
      u += mean("unemployed", m);
      lt += mean("long_term_unemployed", m);
    }
    unemployed.push_back(u / 12);
    long_term_share.push_back(100 * lt / u);
  }
  INFO("unemployed by year " << unemployed[0] << " " << unemployed[1] << " " << unemployed[2] << " "
                             << unemployed[3] << " " << unemployed[4]);
  INFO("long-term share by year " << long_term_share[0] << " " << long_term_share[4]);
  CHECK(std::abs(slope(unemployed) / unemployed[0]) < 0.02);
  CHECK(std::abs(slope(long_term_share)) < 1.0);
}

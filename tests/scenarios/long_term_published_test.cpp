// The what-if of docs/finance.md: the Oulu region under the flow structure that comes near the
// published national long-term shares of 2024-2025 (oulu-2025-long-term-published.yaml), paired
// with the baseline (oulu-2025.yaml), both from 11/2023 after the same warm-up. It must raise the
// region's long-term share to about the published level while Oulu's municipal share of 2025 falls:
// the direction docs/finance.md reports.
#include <algorithm>
#include <catch2/catch.hpp>

#include "cli/cli_helpers.hpp"
#include "engine/runner.hpp"
#include "scenario/load.hpp"

using namespace polku;

namespace {

constexpr int kOctober2025 = 23;  // months from 11/2023
constexpr int kJanuary2025 = 14;

RunResults run_from_november_2023(const std::string& file, const std::string& cache) {
  PluginHost host(PluginHost::default_search_path({}));
  const Scenario scenario =
      load_scenario(std::string(POLKU_SOURCE_DIR) + "/scenarios/" + file,
                    {{"start=2023-11-01"}, {"end=2025-12-31"}, {"replications=2"}}, host);
  RunSettings settings;
  settings.warm_cache_dir = cache;
  return run_replications(scenario, order_modules(scenario, host), settings).results;
}

/// The mean over replications of an indicator's value for a named output area, summed over months.
double mean_over(const RunResults& r, const std::string& area_name, const std::string& indicator,
                 int first_month, int last_month) {
  const auto area = std::find_if(r.areas.begin(), r.areas.end(),
                                 [&](const OutputArea& a) { return a.name == area_name; });
  const auto def = std::find_if(r.indicators.begin(), r.indicators.end(),
                                [&](const IndicatorDef& d) { return d.name == indicator; });
  REQUIRE(area != r.areas.end());
  REQUIRE(def != r.indicators.end());
  const auto i = static_cast<std::size_t>(def - r.indicators.begin());
  double sum = 0;
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep)
    for (int m = first_month; m <= last_month; ++m) sum += r.area_value(rep, m, *area, i);
  return sum / static_cast<double>(r.replications.size());
}

double long_term_share(const RunResults& r, int month) {
  return 100 * mean_over(r, "Oulu region", "long_term_unemployed", month, month) /
         mean_over(r, "Oulu region", "unemployed", month, month);
}

}  // namespace

TEST_CASE("flows near the published long-term shares lower Oulu's 2025 municipal share",
          "[scenarios][warm_up]") {
  polku::test::TempDir cache;
  const RunResults base = run_from_november_2023("oulu-2025.yaml", cache.path());
  const RunResults what_if =
      run_from_november_2023("oulu-2025-long-term-published.yaml", cache.path());
  REQUIRE(month_label(base.first_month) == "2023-11");
  REQUIRE(month_label(what_if.first_month) == "2023-11");
  INFO("long-term share 10/2025: baseline " << long_term_share(base, kOctober2025) << " %, what-if "
                                            << long_term_share(what_if, kOctober2025) << " %");
  CHECK(long_term_share(base, kOctober2025) < 32.0);
  CHECK(long_term_share(what_if, kOctober2025) > 38.0);  // published nationally: 42.3 %

  // Fewer days paid (fewer in services and registered), each with a larger share (longer spells).
  const auto in_2025 = [](const RunResults& r, const char* indicator) {
    return mean_over(r, "Oulu", indicator, kJanuary2025, kJanuary2025 + 11);
  };
  const double base_share = in_2025(base, "municipal_share_eur");
  const double what_if_share = in_2025(what_if, "municipal_share_eur");
  const double base_days = in_2025(base, "benefit_days_paid");
  const double what_if_days = in_2025(what_if, "benefit_days_paid");
  INFO("Oulu's municipal share 2025: baseline " << base_share << ", what-if " << what_if_share
                                                << "; days paid " << base_days << ", "
                                                << what_if_days);
  CHECK(what_if_share < 0.97 * base_share);
  CHECK(what_if_days < 0.9 * base_days);
  CHECK(what_if_share / what_if_days > 1.05 * base_share / base_days);
}

// Running small scenarios in-process and reading their indicators, for model tests.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "scenario/load.hpp"
#include "support/temp_path.hpp"

namespace polku::test {

/// The results of one run with handy look-ups by name.
class RunOf {
 public:
  /// Runs a scenario given as YAML text.
  RunOf(const std::string& yaml, const std::vector<Override>& overrides = {}) {
    const auto file = unique_temp_path("polku-scenario", ".yaml");
    std::ofstream(file) << yaml;
    run(file, overrides);
    std::filesystem::remove(file);
  }

  /// Runs a scenario file (its `extends` paths resolve relative to it).
  static RunOf from_file(const std::filesystem::path& file,
                         const std::vector<Override>& overrides = {}) {
    RunOf r;
    r.run(file, overrides);
    return r;
  }

  /// Value of `indicator` for an area in a month ("YYYY-MM"), replication `r`.
  [[nodiscard]] double at(const std::string& indicator, const std::string& area,
                          const std::string& month, std::size_t r = 0) const {
    return results_.area_value(r, month_of(month), area_named(area), indicator_index(indicator));
  }

  /// Sum over all months and replications (for comparing scenario variants).
  [[nodiscard]] double total(const std::string& indicator,
                             const std::string& area = "total") const {
    double sum = 0.0;
    for (std::size_t r = 0; r < results_.replications.size(); ++r)
      for (int m = 0; m < results_.months; ++m)
        sum += results_.area_value(r, m, area_named(area), indicator_index(indicator));
    return sum;
  }

  /// The names of the municipalities summed into an output area.
  [[nodiscard]] std::vector<std::string> members_of(const std::string& area) const {
    std::vector<std::string> names;
    for (const auto m : area_named(area).members) names.push_back(results_.areas[m].name);
    return names;
  }

  [[nodiscard]] const RunResults& results() const { return results_; }

 private:
  RunOf() = default;

  void run(const std::filesystem::path& file, const std::vector<Override>& overrides) {
    PluginHost host(PluginHost::default_search_path({}));
    const Scenario scenario = load_scenario(file, overrides, host);
    const auto modules = order_modules(scenario, host);
    results_ = run_replications(scenario, modules, {}).results;
  }

  [[nodiscard]] int month_of(const std::string& label) const {
    for (int m = 0; m < results_.months; ++m)
      if (month_label(results_.first_month + m) == label) return m;
    FAIL("no month " << label);
    return 0;
  }
  [[nodiscard]] const OutputArea& area_named(const std::string& name) const {
    for (const auto& a : results_.areas)
      if (a.name == name) return a;
    FAIL("no area " << name);
    return results_.areas.front();
  }
  [[nodiscard]] std::size_t indicator_index(const std::string& name) const {
    for (std::size_t i = 0; i < results_.indicators.size(); ++i)
      if (results_.indicators[i].name == name) return i;
    FAIL("no indicator " << name);
    return 0;
  }

  RunResults results_;
};

}  // namespace polku::test

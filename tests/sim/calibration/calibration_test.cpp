// polku calibrate recovers known parameters from targets a run with those parameters produced.
#include "calibration/calibration.hpp"

#include <catch2/catch.hpp>

#include "cli/cli_helpers.hpp"
#include "support/scenario_runs.hpp"

using namespace polku::test;

namespace {

const std::string kSpec = R"(scenario: SCENARIO
replications: 2
max_evaluations: 60
parameters:
  modules.inflow.daily_rate.Alpha: {start: 2, min: 0.5, max: 20}
  modules.inflow.daily_rate.Beta: {start: 3, min: 0.1, max: 10}
targets:
  - {indicator: inflow, area: Alpha, months: [2025-03, 2025-06, 2025-09], value: ALPHA}
  - {indicator: jobseekers, area: Beta, months: [2026-06], value: BETA}
output: fitted.yaml
)";

std::string with(std::string text, const std::string& key, const std::string& value) {
  return text.replace(text.find(key), key.size(), value);
}

}  // namespace

TEST_CASE("calibrate recovers the inflow rates that produced its targets", "[calibration]") {
  // Targets from a run with Alpha 6/day and Beta 1.5/day, the same seeds the calibration uses.
  const std::string scenario = scenario_path("tiny.yaml");
  const RunOf truth = RunOf::from_file(scenario, {{"replications=2"},
                                                  {"modules.inflow.daily_rate.Alpha=6"},
                                                  {"modules.inflow.daily_rate.Beta=1.5"}});
  double alpha = 0;
  for (const char* m : {"2025-03", "2025-06", "2025-09"})
    for (std::size_t r = 0; r < 2; ++r) alpha += truth.at("inflow", "Alpha", m, r) / 6.0;
  const double beta = (truth.at("jobseekers", "Beta", "2026-06", 0) +
                       truth.at("jobseekers", "Beta", "2026-06", 1)) /
                      2;

  TempDir dir;
  const auto spec = dir.write(
      "fit.yaml", with(with(with(kSpec, "SCENARIO", scenario), "ALPHA", std::to_string(alpha)),
                       "BETA", std::to_string(beta)));
  const auto r = polku_cli({"calibrate", spec.string()});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 0);
  const auto fitted = polku::load_yaml_file(dir / "fitted.yaml");
  const auto* rates = fitted.find("modules")->find("inflow")->find("daily_rate");
  CHECK(std::stod(rates->find("Alpha")->scalar) == Approx(6.0).epsilon(0.05));
  CHECK(std::stod(rates->find("Beta")->scalar) == Approx(1.5).epsilon(0.15));
  CHECK_THAT(r.out, Catch::Contains("# Fit (target, published, simulated, relative error)"));
}

TEST_CASE("a calibration file with problems is refused with their places",
          "[calibration][bad_input]") {
  TempDir dir;
  const auto spec = dir.write("bad.yaml", "scenario: nowhere.yaml\nparamters: {}\ntargets: []\n");
  const auto r = polku_cli({"calibrate", spec.string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("bad.yaml:2:1") &&
                        Catch::Contains("did you mean \"parameters\"") &&
                        Catch::Contains("missing required key \"parameters\""));
}

TEST_CASE("a fitted list item is written as the whole list", "[calibration]") {
  TempDir dir;
  const auto spec = dir.write("season.yaml", "scenario: " + scenario_path("tiny.yaml") + R"(
replications: 1
max_evaluations: 8
parameters:
  modules.inflow.monthly_factors.5: {start: 1, min: 0.5, max: 3}
targets:
  - {indicator: inflow, area: total, months: [2025-06], value: 300}
output: fitted.yaml
)");
  const auto r = polku_cli({"calibrate", spec.string(), "--quiet", "--set", "x=1"});
  CHECK(r.exit_code == 2);  // calibrate takes no --set: the scenario file is what is fitted
  const auto tiny_with_factors = dir.write(
      "tiny-seasonal.yaml", "extends: " + scenario_path("tiny.yaml") +
                                "\nmodules:\n  inflow: {monthly_factors: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n");
  const auto spec2 = dir.write("season2.yaml", read_text(spec));
  std::string text = read_text(spec2);
  text.replace(text.find(scenario_path("tiny.yaml")), scenario_path("tiny.yaml").size(), tiny_with_factors.string());
  dir.write("season2.yaml", text);
  REQUIRE(polku_cli({"calibrate", (dir / "season2.yaml").string(), "--quiet"}).exit_code == 0);
  const auto fitted = polku::load_yaml_file(dir / "fitted.yaml");
  const auto* factors = fitted.find("modules")->find("inflow")->find("monthly_factors");
  REQUIRE(factors != nullptr);
  CHECK(factors->kind == polku::ConfigNode::Kind::sequence);
  CHECK(factors->items.size() == 12);
  CHECK(factors->items[0].scalar == "1");
}

// The pilot scenarios load and run: the regional pilots of 2017-2018 against their no-pilot
// variant, and the Raahe pilot of 2021-2024, each over a few months.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

std::string scenario(const char* name) {
  return std::string(POLKU_SOURCE_DIR) + "/scenarios/" + name;
}

}  // namespace

TEST_CASE("the 2017-2018 pilot raises activation among its target groups, not their number",
          "[scenarios][pilots]") {
  const std::vector<polku::Override> settings = {{"replications=1"}, {"end=2017-10-31"}};
  const RunOf base = RunOf::from_file(scenario("pilots-2017-2018-no-pilot.yaml"), settings);
  const RunOf pilot = RunOf::from_file(scenario("pilots-2017-2018.yaml"), settings);
  for (const char* month : {"2017-08", "2017-10"}) {
    INFO(month);
    // The register of 7/2017 (table 12r5): 67 475 in the 23 municipalities.
    CHECK(base.at("jobseekers", "total", "2017-08") > 60000);
    // Target groups are the same people in both runs (common random numbers)...
    CHECK(pilot.at("pilot_customers", "total", month) ==
          Approx(base.at("pilot_customers", "total", month)).epsilon(0.02));
    CHECK(pilot.at("pilot_customers", "total", month) > 10000);
    // ... and more of them in services with the pilot.
    CHECK(pilot.at("pilot_customers_in_services", "total", month) >
          base.at("pilot_customers_in_services", "total", month));
  }
  CHECK(base.at("in_service.working_life_trial", "total", "2017-10") == 0);
  CHECK(pilot.at("in_service.working_life_trial", "total", "2017-10") > 0);
  // Pori's wage-subsidy top-up: more of Pori's job-seekers in subsidised work.
  CHECK(pilot.at("in_service.wage_subsidy", "Pori", "2017-10") >
        base.at("in_service.wage_subsidy", "Pori", "2017-10"));
}

TEST_CASE("the Raahe pilot runs with its practices and membership rules", "[scenarios][pilots]") {
  const RunOf run = RunOf::from_file(scenario("raahe-pilot-2021-2024.yaml"),
                                     {{"replications=1"}, {"end=2021-04-30"}});
  CHECK(run.at("pilot_customers", "Raahe area", "2021-02") == 0);
  CHECK(run.at("pilot_customers", "Raahe area", "2021-03") > 500);
  CHECK(run.at("counsellor_fte", "Raahe area", "2021-03") > 0);
}

TEST_CASE("the Raahe model continued into 2025 makes everyone a customer",
          "[scenarios][pilots]") {
  const RunOf run = RunOf::from_file(scenario("raahe-2025-raahe-model.yaml"),
                                     {{"replications=1"}, {"end=2025-01-31"}});
  CHECK(run.at("pilot_customers", "Raahe area", "2025-01") ==
        run.at("jobseekers", "Raahe area", "2025-01"));
}

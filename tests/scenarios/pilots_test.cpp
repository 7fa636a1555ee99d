// The pilot scenarios load and run: the regional pilots of 2017-2018 against their no-pilot
// variant, and the Raahe pilot of 2021-2024, each over a few months; the Raahe pilot's stock
// against table 12r5 through 10/2023 (docs/backtest.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

std::string scenario(const char* name) {
  return std::string(POLKU_SOURCE_DIR) + "/scenarios/" + name;
}

/// Unemployed job-seekers by month ("YYYY-MM"), summed over `names`, from table 12r5 as the
/// scenarios' data folder holds it (name,month,unemployed,...).
std::map<std::string, double> published_unemployed(const std::vector<std::string>& names) {
  std::ifstream in(scenario("data/unemployed_by_month.csv"));
  REQUIRE(in);
  std::map<std::string, double> sums;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string name, month, unemployed;
    std::getline(fields, name, ',');
    std::getline(fields, month, ',');
    std::getline(fields, unemployed, ',');
    if (unemployed.empty() || std::find(names.begin(), names.end(), name) == names.end()) continue;
    sums[month] += std::stod(unemployed);
  }
  return sums;
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

TEST_CASE("the Raahe model continued into 2025 makes everyone a customer", "[scenarios][pilots]") {
  const RunOf run = RunOf::from_file(scenario("raahe-2025-raahe-model.yaml"),
                                     {{"replications=1"}, {"end=2025-01-31"}});
  CHECK(run.at("pilot_customers", "Raahe area", "2025-01") ==
        run.at("jobseekers", "Raahe area", "2025-01"));
}

TEST_CASE("the Raahe pilot's unemployed stock is within 15 % of the data in each year 2021-2023",
          "[scenarios][pilots][backtest]") {
  // The check of docs/backtest.md. No parameter is fitted to Raahe's figures, but the start-day
  // layoff rule was chosen after the earlier rule missed this margin in 2021 (+15.1 %), so this
  // guards that result rather than testing the model independently.
  // 32 replications, so that the mean's Monte-Carlo error (about 0.3 %) is small beside the margin.
  const RunOf run = RunOf::from_file(scenario("raahe-pilot-2021-2024.yaml"),
                                     {{"replications=32"}, {"end=2023-10-31"}});
  const auto published = published_unemployed(run.members_of("Raahe area"));
  REQUIRE(run.members_of("Raahe area").size() == 3);  // Raahe, Siikajoki, Pyhäjoki
  const std::size_t replications = run.results().replications.size();
  for (const std::string year : {"2021", "2022", "2023"}) {
    double simulated = 0, observed = 0;
    for (int month = 1; month <= (year == "2023" ? 10 : 12); ++month) {
      const std::string label = year + (month < 10 ? "-0" : "-") + std::to_string(month);
      REQUIRE(published.count(label) == 1);
      observed += published.at(label);
      for (std::size_t r = 0; r < replications; ++r)
        simulated +=
            run.at("unemployed", "Raahe area", label, r) / static_cast<double>(replications);
    }
    INFO(year << ": simulated " << simulated << ", published " << observed);
    CHECK(std::abs(simulated / observed - 1.0) <= 0.15);
  }
}

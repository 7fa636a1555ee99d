// The national scenario reproduces the published activation rate and service mix (table 12u4)
// and the long-term unemployed share.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

/// Table 12u4 for one month, from the derived data file (Source: Statistics Finland, CC BY 4.0).
std::map<std::string, double> published(const std::string& month) {
  std::ifstream in(std::string(POLKU_SOURCE_DIR) +
                   "/scenarios/data/national_services_by_month.csv");
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> names;
  for (std::stringstream s(header); std::getline(s, line, ',');) names.push_back(line);
  while (std::getline(in, line)) {
    if (!line.starts_with(month)) continue;
    std::map<std::string, double> row;
    std::stringstream s(line);
    std::string cell;
    for (std::size_t i = 0; std::getline(s, cell, ','); ++i)
      if (i > 0) row[names[i]] = std::stod(cell);
    return row;
  }
  FAIL("no row for " << month);
  return {};
}

}  // namespace

TEST_CASE("the national scenario reproduces activation and the service mix of 10/2019",
          "[scenarios][national]") {
  const std::string file = std::string(POLKU_SOURCE_DIR) + "/scenarios/finland-2019.yaml";
  const RunOf run = RunOf::from_file(file, {{"replications=2"}});
  const auto data = published("2019-10");
  const std::string month = "2019-10";

  const double activation = run.at("activation_rate", "total", month);
  INFO("activation: simulated " << activation << " %, published " << data.at("activation_rate")
                                << " %");
  CHECK(std::abs(activation - data.at("activation_rate")) <= 3.0);

  // Shares of those in services. 12u4 counts integration training within labour market training
  // and also counts job-alternation substitutes, which the model does not simulate.
  const double in_services = run.at("in_services", "total", month);
  const auto share = [&](std::initializer_list<const char*> kinds) {
    double sum = 0;
    for (const char* k : kinds) sum += run.at(std::string("in_service.") + k, "total", month);
    return 100.0 * sum / in_services;
  };
  const auto published_share = [&](const char* column) {
    return 100.0 * data.at(column) / data.at("in_services");
  };
  const std::vector<std::pair<double, double>> shares = {
      {share({"labour_market_training", "integration_training"}),
       published_share("labour_market_training")},
      {share({"coaching"}), published_share("coaching")},
      {share({"wage_subsidy"}), published_share("wage_subsidy")},
      {share({"work_trial"}), published_share("work_trial")},
      {share({"rehabilitative_work"}), published_share("rehabilitative_work")},
      {share({"self_motivated_study"}), published_share("self_motivated_study")},
  };
  for (const auto& [simulated, target] : shares) {
    INFO("share: simulated " << simulated << " %, published " << target << " %");
    CHECK(std::abs(simulated - target) <= 5.0);
  }

  // Long-term unemployed per unemployed, 61 300 / 224 700 (Employment Bulletin 10/2019; the
  // national calibration fits the share rarely referred to it). Two replications: within 2 points.
  const double long_term_share = 100.0 * run.at("long_term_unemployed", "total", month) /
                                 run.at("unemployed", "total", month);
  INFO("long-term share: simulated " << long_term_share << " %, published 27.3 %");
  CHECK(std::abs(long_term_share - 100.0 * 61300.0 / 224700.0) <= 2.0);
}

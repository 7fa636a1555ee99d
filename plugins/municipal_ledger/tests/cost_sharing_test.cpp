// Area cost sharing and state compensation: a two-municipality employment area where changing the
// sharing key moves each member's net cost as computed by hand.
#include <catch2/catch.hpp>

#include "benefits/tests/finance_fixture.hpp"

using namespace polku;
using polku::test::date;
using polku::test::Fixture;

namespace {

/// June 2025 (30 days): two Alpha residents and one Beta resident in procured coaching at 45 EUR
/// a day, one Beta resident in a local work trial at 5 EUR a day (the fixture's service kinds). Working-age population Alpha
/// 3 000, Beta 1 000 of a national 4 000 000; compensation 12 M EUR a year by population.
std::unique_ptr<Fixture> june(const std::string& key) {
  auto f = std::make_unique<Fixture>(
      "name: sharing\nstart: 2025-06-01\nend: 2025-06-30\nmunicipalities: [Alpha, Beta]\n"
      "areas: {Area: [Alpha, Beta]}\nmodules:\n  municipal_ledger:\n    sharing_key: " +
      key +
      "\n"
      "    central_overhead: 0.1\n    working_age_population: {Alpha: 3000, Beta: 1000}\n"
      "    national_working_age_population: 4000000\n    financing_compensation_eur_per_year: "
      "12000000\n"
      "    employment_grant_eur_per_year: 0\n");
  const Day d = date(2025, 6, 1);
  f->person(d, 0, 0, Status::in_service, polku::test::kCoaching);
  f->person(d, 0, 0, Status::in_service, polku::test::kCoaching);
  f->person(d, 1, 0, Status::in_service, polku::test::kCoaching);
  f->person(d, 1, 0, Status::in_service, polku::test::kWorkTrial);
  f->run();
  return f;
}

}  // namespace

TEST_CASE("changing the area's sharing key moves each member's net cost", "[ledger]") {
  // Central pool: 3 participants x 30 days x 45 = 4 050, with 10 % overhead 4 455.
  // Compensation: 1 M a month; Alpha 3 000 / 4 M = 750, Beta 250. Beta's local work trial: 150.
  const auto by_population = june("population");                                  // 3:1
  CHECK(by_population->at("service_cost_eur", 0, "2025-06") == Approx(3341.25));  // 4455 x 3/4
  CHECK(by_population->at("service_cost_eur", 1, "2025-06") ==
        Approx(1113.75 + 150.0));  // 4455 x 1/4 + 150
  CHECK(by_population->at("state_compensation_eur", 0, "2025-06") == Approx(750.0));
  CHECK(by_population->at("net_municipal_cost_eur", 0, "2025-06") ==
        Approx(2591.25));  // 3341.25 - 750
  CHECK(by_population->at("net_municipal_cost_eur", 1, "2025-06") ==
        Approx(1013.75));  // 1263.75 - 250
  CHECK(by_population->at("service_cost_eur.central_overhead", 0, "2025-06") == Approx(303.75));
  // The procured coaching shows by kind: each member's part of the pool before overhead.
  CHECK(by_population->at("service_cost_eur.coaching", 0, "2025-06") == Approx(3037.5));  // 4050 x 3/4
  CHECK(by_population->at("service_cost_eur.coaching", 1, "2025-06") == Approx(1012.5));
  CHECK(by_population->at("service_cost_eur.work_trial", 1, "2025-06") == Approx(150.0));
  for (const MunicipalityId m : {0, 1})
    CHECK(by_population->at("service_cost_eur", m, "2025-06") ==
          Approx(by_population->at("service_cost_eur.coaching", m, "2025-06") +
                 by_population->at("service_cost_eur.wage_subsidy", m, "2025-06") +
                 by_population->at("service_cost_eur.work_trial", m, "2025-06") +
                 by_population->at("service_cost_eur.central_overhead", m, "2025-06")));

  const auto by_usage = june("usage");  // 60 : 30 participant-days
  CHECK(by_usage->at("net_municipal_cost_eur", 0, "2025-06") ==
        Approx(2220.0));  // 4455 x 2/3 - 750
  CHECK(by_usage->at("net_municipal_cost_eur", 1, "2025-06") ==
        Approx(1385.0));  // 1485 + 150 - 250

  // The key moves costs between members; the area's total is unchanged.
  CHECK(by_usage->at("net_municipal_cost_eur", 0, "2025-06") +
            by_usage->at("net_municipal_cost_eur", 1, "2025-06") ==
        Approx(by_population->at("net_municipal_cost_eur", 0, "2025-06") +
               by_population->at("net_municipal_cost_eur", 1, "2025-06")));
}

TEST_CASE("before the transfer on 1.1.2025 the state carries service costs", "[ledger]") {
  Fixture f(
      "name: before\nstart: 2024-06-01\nend: 2024-06-30\nmunicipalities: [Alpha]\nmodules:\n"
      "  municipal_ledger: {financing_compensation_eur_per_year: 12000000}\n");
  f.person(date(2024, 6, 1), 0, 0, Status::in_service, polku::test::kCoaching);
  f.run();
  CHECK(f.at("service_cost_state_eur", 0, "2024-06") == Approx(1350.0));  // 30 x 45
  CHECK(f.at("service_cost_eur", 0, "2024-06") == Approx(0.0).margin(1e-9));
  CHECK(f.at("state_compensation_eur", 0, "2024-06") == Approx(0.0).margin(1e-9));
}

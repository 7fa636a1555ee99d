// Benefits and the municipal share: single job-seekers with hand-computed euros at every boundary.
// The full amount is 37.21 EUR per paid day (Monday to Friday, holidays included); shares are
// applied to it, so a 45 % day is 16.7445 EUR and a 50 % day 18.605 EUR.
#include <catch2/catch.hpp>

#include "benefits/tests/finance_fixture.hpp"
#include "support/scenario_runs.hpp"

using namespace polku;
using polku::benefits::nth_payment_day;
using polku::benefits::payment_days_between;
using polku::test::date;
using polku::test::Fixture;

namespace {

/// Two municipalities, everyone on labour market subsidy (or `benefit`), the given rule files.
std::string scenario(const std::string& start, const std::string& end, const std::string& rules,
                     const std::string& benefit = "labour_market_subsidy",
                     const std::string& extra = "") {
  const std::string r = std::string(POLKU_SOURCE_DIR) + "/scenarios/rules/";
  std::string shares = "share_no_benefit: 0";
  for (const char* b : {"labour_market_subsidy", "basic_allowance", "earnings_related"})
    shares += std::string(", share_") + b + (benefit == b ? ": 1" : ": 0");
  return "name: finance-fixture\nextends: [" + r + "unemployment_benefits.yaml, " + rules +
         "]\nstart: " + start + "\nend: " + end +
         "\nmunicipalities: [Alpha, Beta]\nmodules:\n  person_attributes: {" + shares +
         "}\n  benefits: {" + extra + "}\n";
}
const std::string kRules2024 =
    std::string(POLKU_SOURCE_DIR) + "/scenarios/rules/municipal_share_2024.yaml";
const std::string kRules2025 =
    std::string(POLKU_SOURCE_DIR) + "/scenarios/rules/municipal_share_2025.yaml";
const std::string kBoth = kRules2024 + ", " + kRules2025;

using polku::test::set_status;

}  // namespace

TEST_CASE("payment days are Monday to Friday, holidays included", "[benefits]") {
  CHECK(payment_days_between(date(2025, 1, 1), date(2026, 1, 1)) ==
        261);  // 2025 starts on a Wednesday
  CHECK(payment_days_between(date(2023, 4, 1), date(2023, 5, 1)) == 20);  // Easter days are paid
  CHECK(nth_payment_day(date(2023, 3, 1), 10) == date(2023, 3, 14));
  CHECK(nth_payment_day(date(2025, 3, 1), 1) == date(2025, 3, 3));  // Saturday -> Monday
}

TEST_CASE("2024 rule: 300 and 1000 days crossed mid-month raise the share from the next month",
          "[benefits]") {
  Fixture f(scenario("2023-01-01", "2023-06-30", kRules2024));
  // Alpha: 290 days paid before Wed 1.3.2023; day 300 is Tue 14.3. Beta: 990 days, day 1000
  // on 14.3.
  f.person(date(2023, 3, 1), 0, 290);
  f.person(date(2023, 3, 1), 1, 990);
  f.run();
  // March: 23 payment days x 37.21 = 855.83 each. Alpha pays nothing until the payment period
  // (month) after day 300 ends; Beta 50 % all March: 23 x 18.605 = 427.915.
  CHECK(f.at("benefit_expenditure_eur", 0, "2023-03") == Approx(855.83));
  CHECK(f.at("municipal_share_eur", 0, "2023-03") == Approx(0.0).margin(1e-9));
  CHECK(f.at("municipal_share_eur.rule_2024_band_1", 1, "2023-03") == Approx(427.915));
  // April: 20 payment days. Alpha 50 %: 20 x 18.605 = 372.10; Beta 70 %: 20 x 26.047 = 520.94.
  CHECK(f.at("municipal_share_eur.rule_2024_band_1", 0, "2023-04") == Approx(372.10));
  CHECK(f.at("municipal_share_eur.rule_2024_band_2", 1, "2023-04") == Approx(520.94));
  CHECK(f.at("municipal_share_eur.rule_2024_band_1", 1, "2023-04") == Approx(0.0).margin(1e-9));
  CHECK(f.at("state_share_eur", 1, "2023-04") == Approx(20 * 37.21 - 520.94));
  CHECK(f.at("benefit_days_paid.labour_market_subsidy", 0, "2023-04") == 20);
}

TEST_CASE("a service month: exempt under the 2024 rule, billed under the 2025 rule", "[benefits]") {
  // 500 days paid before Tue 1.4.2025, then coaching all April: 22 payment days, day numbers
  // 501-522.
  const auto run = [](const std::string& extra) {
    auto f = std::make_unique<Fixture>(
        scenario("2025-04-01", "2025-04-30", kBoth, "labour_market_subsidy", extra));
    f->person(date(2025, 4, 1), 0, 500, Status::in_service, polku::test::kCoaching);
    f->run();
    return f;
  };
  const auto old_rule = run("share_rule: {2025-01-01: 2024}");
  const auto new_rule = run("");
  CHECK(old_rule->at("benefit_expenditure_eur", 0, "2025-04") == Approx(818.62));  // 22 x 37.21
  CHECK(old_rule->at("municipal_share_eur", 0, "2025-04") == Approx(0.0).margin(1e-9));
  // 2025: 45 % in band 501-700: 22 x 16.7445 = 368.379.
  CHECK(new_rule->at("municipal_share_eur", 0, "2025-04") == Approx(368.379));
  CHECK(new_rule->at("municipal_share_eur.rule_2025_band_5", 0, "2025-04") == Approx(368.379));
}

TEST_CASE("2025 rule: each of the six bands", "[benefits]") {
  Fixture f(scenario("2025-01-01", "2027-12-31", kRules2025));
  f.person(date(2025, 1, 1), 0, 0);
  f.run();
  // 2025, 2026 and 2027 have 261 payment days each: 783 in all.
  CHECK(f.total("benefit_days_paid", 0) == 783);
  CHECK(f.total("municipal_share_eur.rule_2025_band_1", 0) == Approx(100 * 3.721));    // 372.10
  CHECK(f.total("municipal_share_eur.rule_2025_band_2", 0) == Approx(100 * 7.442));    // 744.20
  CHECK(f.total("municipal_share_eur.rule_2025_band_3", 0) == Approx(100 * 11.163));   // 1116.30
  CHECK(f.total("municipal_share_eur.rule_2025_band_4", 0) == Approx(100 * 14.884));   // 1488.40
  CHECK(f.total("municipal_share_eur.rule_2025_band_5", 0) == Approx(200 * 16.7445));  // 3348.90
  CHECK(f.total("municipal_share_eur.rule_2025_band_6", 0) == Approx(83 * 18.605));   // 1544.215
  // Day 101 falls in May 2025 (Jan 23, Feb 20, Mar 21, Apr 22 days: 86 by April): days 101-108
  // of May's 87-108 are at 10 %: 8 x 3.721 = 29.768.
  CHECK(f.at("municipal_share_eur", 0, "2025-05") == Approx(29.768));
  CHECK(f.at("municipal_share_eur", 0, "2025-04") == Approx(0.0).margin(1e-9));
}

TEST_CASE("the counters reset once the employment condition is met", "[benefits]") {
  Fixture f(scenario("2025-01-01", "2026-02-28", kRules2025));
  f.person(date(2025, 1, 1), 0, 600);  // band 501-700
  // Works from Fri 31.1.2025 (not paid that day); 52 weeks later, Fri 30.1.2026, the condition is
  // met; unemployed again from Mon 2.2.2026 with the counter at zero.
  f.on(date(2025, 1, 31),
       [](Simulation& sim, AgentRef a) { set_status(sim, a, Status::employed_jobseeker); });
  f.on(date(2026, 2, 2),
       [](Simulation& sim, AgentRef a) { set_status(sim, a, Status::unemployed); });
  f.run();
  CHECK(f.at("municipal_share_eur", 0, "2025-01") == Approx(22 * 16.7445));  // 368.379
  CHECK(f.at("benefit_expenditure_eur", 0, "2025-06") == Approx(0.0).margin(1e-9));
  CHECK(f.at("benefit_expenditure_eur", 0, "2026-02") == Approx(744.20));  // 20 days from 2.2.
  CHECK(f.at("municipal_share_eur", 0, "2026-02") == Approx(0.0).margin(1e-9));
}

TEST_CASE("without the employment condition met, the counter continues", "[benefits]") {
  Fixture f(scenario("2025-01-01", "2025-08-31", kRules2025));
  f.person(date(2025, 1, 1), 0, 600);
  f.on(date(2025, 1, 31),
       [](Simulation& sim, AgentRef a) { set_status(sim, a, Status::employed_jobseeker); });
  f.on(date(2025, 8, 1),
       [](Simulation& sim, AgentRef a) { set_status(sim, a, Status::unemployed); });
  f.run();
  // August 2025: Fri 1 and 4-8, 11-15, 18-22, 25-29 = 21 days; day numbers 623-643, still 45 %.
  CHECK(f.at("municipal_share_eur", 0, "2025-08") == Approx(21 * 16.7445));
}

TEST_CASE("a move: the home municipality on the payment day pays", "[benefits]") {
  Fixture f(scenario("2025-03-01", "2025-03-31", kRules2025));
  f.person(date(2025, 3, 1), 0, 800);  // 50 %
  f.on(date(2025, 3, 17), [](Simulation& sim, AgentRef a) { sim.move_home(a, 1); });
  f.run();
  // March 2025: 3-7 and 10-14 in Alpha (10 days), 17-21, 24-28 and 31 in Beta (11 days).
  CHECK(f.at("municipal_share_eur", 0, "2025-03") == Approx(10 * 18.605));  // 186.05
  CHECK(f.at("municipal_share_eur", 1, "2025-03") == Approx(11 * 18.605));  // 204.655
  CHECK(f.at("benefit_expenditure_eur", 1, "2025-03") == Approx(409.31));
  CHECK(f.at("net_municipal_cost_eur", 1, "2025-03") == Approx(204.655));
}

TEST_CASE("the 1.1.2025 switchover for people already at 800 and 272 days", "[benefits]") {
  Fixture f(scenario("2024-12-01", "2025-01-31", kBoth));
  f.person(date(2024, 12, 2), 0, 778);  // at 800 days on 1.1.2025
  f.person(date(2024, 12, 2), 1, 250);  // at 272
  f.run();
  // December 2024 (22 days), 2024 rule: Alpha 50 % = 409.31 in band 300-999; Beta nothing.
  CHECK(f.at("municipal_share_eur.rule_2024_band_1", 0, "2024-12") == Approx(409.31));
  CHECK(f.at("municipal_share_eur", 1, "2024-12") == Approx(0.0).margin(1e-9));
  // January 2025 (23 days), 2025 rule: Alpha days 801-823 at 50 % = 427.915 in band 701+;
  // Beta days 273-295 at 20 % = 23 x 7.442 = 171.166.
  CHECK(f.at("municipal_share_eur.rule_2025_band_6", 0, "2025-01") == Approx(427.915));
  CHECK(f.at("municipal_share_eur.rule_2024_band_1", 0, "2025-01") == Approx(0.0).margin(1e-9));
  CHECK(f.at("municipal_share_eur.rule_2025_band_2", 1, "2025-01") == Approx(171.166));
}

TEST_CASE("2025 rule: a dated band table takes over on its date, bands keep their names",
          "[benefits]") {
  // A what-if table from 1.1.2026: 25 % from day 101, 50 % from day 301.
  Fixture f(scenario("2025-01-01", "2026-01-31", kRules2025, "labour_market_subsidy",
                     "share_2025_band_starts: {2026-01-01: [101, 301]}, "
                     "share_2025_rates: {2026-01-01: [0.25, 0.50]}"));
  f.person(date(2025, 1, 1), 0, 0);
  f.run();
  // 261 days paid in 2025: December's 23 days (239-261) are in the first table's band 2 (20 %).
  CHECK(f.at("municipal_share_eur.rule_2025_band_2", 0, "2025-12") == Approx(23 * 7.442));
  // January 2026's 22 days (262-283) fall in the new table's band 1 at 25 %: 22 x 9.3025.
  CHECK(f.at("municipal_share_eur.rule_2025_band_1", 0, "2026-01") == Approx(204.655));
  CHECK(f.at("municipal_share_eur.rule_2025_band_2", 0, "2026-01") == Approx(0.0).margin(1e-9));
}

TEST_CASE("the general social security benefit replaces the subsidy on 1.5.2026", "[benefits]") {
  Fixture f(scenario("2026-04-01", "2026-05-31", kRules2025, "labour_market_subsidy",
                     "general_benefit_daily_eur: {2026-05-01: 40.00}"));
  f.person(date(2026, 4, 1), 0, 0);
  f.run();
  CHECK(f.at("benefit_expenditure_eur.labour_market_subsidy", 0, "2026-04") ==
        Approx(818.62));  // 22 x 37.21
  CHECK(f.at("benefit_expenditure_eur.labour_market_subsidy", 0, "2026-05") ==
        Approx(0.0).margin(1e-9));
  CHECK(f.at("benefit_expenditure_eur.general_social_security_benefit", 0, "2026-05") ==
        Approx(840.00));  // 21 x 40
}

TEST_CASE("earnings-related allowance: step cuts after 40 and 170 days, share on the basic part",
          "[benefits]") {
  Fixture f(scenario("2025-01-01", "2025-12-31", kRules2025, "earnings_related"));
  f.person(date(2025, 1, 1), 0, 0);
  f.run();
  // 37.21 + 38 = 75.21 a day; 80 % = 60.168 after 40 days; 75 % = 56.4075 after 170.
  CHECK(f.at("benefit_expenditure_eur", 0, "2025-01") == Approx(23 * 75.21));  // 1729.83
  CHECK(f.at("benefit_expenditure_eur", 0, "2025-02") ==
        Approx(17 * 75.21 + 3 * 60.168));  // 1459.074
  // May: days 87-108; 101-108 at 10 % of the basic part only: 8 x 3.721.
  CHECK(f.at("municipal_share_eur.earnings_related", 0, "2025-05") == Approx(29.768));
  // After 400 days the allowance ends and labour market subsidy follows (2026, outside this run).
  CHECK(f.at("benefit_expenditure_eur.labour_market_subsidy", 0, "2025-12") ==
        Approx(0.0).margin(1e-9));
}

TEST_CASE(
    "the same population under the 2024 and the 2025 rules: the municipal share rises in each "
    "municipality",
    "[benefits]") {
  const std::string dir = std::string(POLKU_SOURCE_DIR) + "/tests/scenarios/";
  const auto old_rules = polku::test::RunOf::from_file(dir + "finance-2024-rules.yaml");
  const auto new_rules = polku::test::RunOf::from_file(dir + "finance-2025-rules.yaml");
  for (const char* area : {"Alpha", "Beta"}) {
    // Common random numbers: the same people are paid the same euros; only who pays changes.
    CHECK(new_rules.total("benefit_expenditure_eur", area) ==
          Approx(old_rules.total("benefit_expenditure_eur", area)));
    CHECK(new_rules.total("municipal_share_eur", area) >
          2 * old_rules.total("municipal_share_eur", area));
    CHECK(old_rules.total("municipal_share_eur.rule_2025_band_1", area) == 0.0);
    CHECK(new_rules.total("municipal_share_eur.rule_2024_band_1", area) == 0.0);
  }
}

// Attribute shares may differ by municipality: each person is drawn from their own municipality's.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

/// The person_attributes block of a 2025 pilot in every municipality, for job-seekers all on
/// earnings-related allowance: the age-band shares (YAML values for under 25, 25-29, 30-49 and
/// 50-64) and the foreign-language share.
std::string pilot_attributes(const std::array<std::string, 4>& age_shares,
                             const std::string& foreign_language = "0") {
  const std::array<std::string, 4> bands{"share_under_25", "share_25_29", "share_30_49",
                                         "share_50_64"};
  std::string block = "  person_attributes:\n";
  for (std::size_t i = 0; i < bands.size(); ++i)
    block += "    " + bands[i] + ": " + age_shares[i] + "\n";
  return block + R"(    share_no_benefit: 0
    share_labour_market_subsidy: 0
    share_basic_allowance: 0
    share_earnings_related: 1
    share_foreign_language: )" +
         foreign_language + R"(
    pilot_municipalities: 1
    pilot_from: 2025-01-01
    pilot_until: 2025-12-31
)";
}

/// 300 job-seekers who became unemployed on the start day, and the stock indicators.
constexpr const char* kThreeHundredJustUnemployed =
    "  jobseeker_stock: {}\n"
    "  initial_stock: {jobseekers: 300, elapsed_days_max: 0, long_term_share: 0}\n";

/// January and February 2025 for job-seekers who are all 30-49, Finnish-speaking and on
/// earnings-related allowance with 20 paid days left, so it runs out in late January: `stock`
/// registers them; `more` adds modules after the benefits block.
std::string allowance_runs_out(const std::string& name, const std::string& stock,
                               const std::string& more = "") {
  const std::string rules = std::string(POLKU_SOURCE_DIR) + "/scenarios/rules/";
  return "name: " + name + "\nextends: [" + rules + "unemployment_benefits.yaml, " + rules +
         R"(municipal_share_2025.yaml]
start: 2025-01-01
end: 2025-02-28
replications: 1
municipalities: [Alpha]
modules:
)" + pilot_attributes({"0", "0", "1", "0"}) +
         stock + "  benefits:\n    allowance_max_days: {2017-01-01: 20}\n" + more;
}

}  // namespace

TEST_CASE("attribute shares by municipality apply to each municipality's job-seekers",
          "[person_attributes]") {
  // Pilot customers (domain brief 4.5) are those without earnings-related allowance, or
  // foreign-language, or under 30. Here everyone is 30-49 on earnings-related allowance, so only
  // the foreign-language share decides: none in Alpha, all in Beta, a third in Gamma.
  const RunOf run(R"(name: attributes-by-municipality
start: 2025-01-31
end: 2025-01-31
replications: 2
municipalities: [Alpha, Beta, Gamma]
modules:
)" + pilot_attributes({"0", "0", "1", "0"}, "{Alpha: 0, Beta: 1, default: 0.33}") +
                  R"(  jobseeker_stock: {}
  initial_stock: {jobseekers: 3000}
)");
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(run.at("unemployed", "Alpha", "2025-01", r) == 3000);
    CHECK(run.at("pilot_customers", "Alpha", "2025-01", r) == 0);
    CHECK(run.at("pilot_customers", "Beta", "2025-01", r) == 3000);
    // Binomial(3000, 0.33): standard deviation 26, so ±100 is about four of them.
    CHECK(run.at("pilot_customers", "Gamma", "2025-01", r) == Approx(990).margin(100));
  }
}

TEST_CASE("age band shares by municipality are normalised within each municipality",
          "[person_attributes]") {
  // Alpha: everyone under 25, so a pilot customer (under 30). Beta: weights 0.2 under 25 and 0.2
  // at 30-49, normalised to half and half. Nobody foreign-language or on Kela's benefits.
  const RunOf run(R"(name: ages-by-municipality
start: 2025-01-31
end: 2025-01-31
replications: 1
municipalities: [Alpha, Beta]
modules:
)" + pilot_attributes({"{Alpha: 1, default: 0.2}", "0", "{Alpha: 0, default: 0.2}", "0"}) +
                  R"(  jobseeker_stock: {}
  initial_stock: {jobseekers: 1000}
)");
  CHECK(run.at("pilot_customers", "Alpha", "2025-01") == 1000);
  // Binomial(1000, 0.5): standard deviation 16.
  CHECK(run.at("pilot_customers", "Beta", "2025-01") == Approx(500).margin(70));
}

TEST_CASE(
    "the start-day stock holds more of those whom services hardly reach the longer "
    "their spell",
    "[person_attributes]") {
  // Half of newcomers are rarely referred; among those unemployed for 1 000 days on the start
  // day, the others have been leaving for services at 0.01 a day: 0.5 / (0.5 + 0.5 e^-10), so a
  // service open to all refers almost nobody. Drawn like newcomers (rate 0), it refers half.
  const std::string scenario = R"(name: stock-mix
start: 2025-01-01
end: 2025-01-31
municipalities: [Alpha]
modules:
  person_attributes: {share_rarely_referred: 0.5}
  jobseeker_stock: {}
  initial_stock: {jobseekers: 2000, elapsed_days_min: 1000, elapsed_days_max: 1000,
                  long_term_share: 1}
  work_trial: {referral_rate: 1.0, min_registered_days: 0, lead_days: 0, duration_min_days: 300,
               duration_max_days: 300}
)";
  CHECK(RunOf(scenario).at("referrals.work_trial", "Alpha", "2025-01") <= 5);
  const RunOf like_newcomers(scenario, {{"modules.person_attributes.stock_referral_rate=0"}});
  // Binomial(2000, 0.5): standard deviation 22.
  CHECK(like_newcomers.at("referrals.work_trial", "Alpha", "2025-01") == Approx(1000).margin(100));
}

TEST_CASE("target groups by municipality: by days registered, by benefit and by age",
          "[person_attributes]") {
  // Everyone registers on the start day and nobody leaves. Alpha: anyone after 40 days registered
  // (10.2.). Beta: those on Kela's benefits at once (everyone there is on labour market subsidy).
  // Gamma: under-25s at once (everyone is under 25). Delta: Kela's benefits at once, but everyone
  // is on earnings-related allowance. Epsilon: after 100 days, but the pilot ends on 31.3.
  const RunOf run(R"(name: target-groups
start: 2025-01-01
end: 2025-04-30
replications: 1
municipalities: [Alpha, Beta, Gamma, Delta, Epsilon]
modules:
  person_attributes:
    share_under_25: {Gamma: 1, default: 0}
    share_25_29: 0
    share_30_49: {Gamma: 0, default: 1}
    share_50_64: 0
    share_no_benefit: 0
    share_labour_market_subsidy: {Beta: 1, default: 0}
    share_basic_allowance: 0
    share_earnings_related: {Beta: 0, default: 1}
    pilot_municipalities: 1
    pilot_from: 2025-01-01
    pilot_until: 2025-03-31
    pilot_rule: target_groups
    target_after_days: {Alpha: 40, Epsilon: 100, default: -1}
    target_kela_after_days: {Beta: 0, Delta: 0, default: -1}
    target_under_25_after_days: {Gamma: 0, default: -1}
  jobseeker_stock: {}
  initial_stock: {jobseekers: 500, elapsed_days_max: 0, long_term_share: 0}
)");
  CHECK(run.at("pilot_customers", "Alpha", "2025-01") == 0);
  CHECK(run.at("pilot_customers", "Alpha", "2025-02") == 500);
  CHECK(run.at("pilot_customers", "Beta", "2025-01") == 500);
  CHECK(run.at("pilot_customers", "Gamma", "2025-01") == 500);
  CHECK(run.at("pilot_customers", "Delta", "2025-04") == 0);
  CHECK(run.at("pilot_customers", "Epsilon", "2025-04") == 0);
  // Once a customer, always one while registered, also after the pilot's last day.
  CHECK(run.at("pilot_customers", "Alpha", "2025-04") == 500);
  CHECK(run.at("pilot_customers_in_services", "Beta", "2025-04") == 0);
}

TEST_CASE("the 2021 rule's age limit is a parameter", "[person_attributes]") {
  // Everyone is 25-29 on earnings-related allowance and Finnish-speaking: customers under the
  // default limit of 30, not under 25.
  const std::string scenario = R"(name: age-limit
start: 2025-01-31
end: 2025-01-31
replications: 1
municipalities: [Alpha]
modules:
)" + pilot_attributes({"0", "1", "0", "0"}) +
                               kThreeHundredJustUnemployed;
  CHECK(RunOf(scenario).at("pilot_customers", "Alpha", "2025-01") == 300);
  CHECK(RunOf(scenario, {{"modules.person_attributes.pilot_age_limit=25"}})
            .at("pilot_customers", "Alpha", "2025-01") == 0);
}

TEST_CASE("one whose earnings-related allowance runs out moves into the pilot the next month",
          "[person_attributes]") {
  // Everyone is 30-49, Finnish-speaking, on earnings-related allowance from 1.1.2025 with 20
  // paid days left: the allowance runs out in late January, so the job-seekers are not customers
  // in January and all are in February (the monthly re-assessment). Nobody leaves.
  const std::string scenario =
      allowance_runs_out("allowance-runs-out", kThreeHundredJustUnemployed);
  const RunOf run(scenario);
  CHECK(run.at("unemployed", "Alpha", "2025-02") == 300);
  CHECK(run.at("pilot_customers", "Alpha", "2025-01") == 0);
  CHECK(run.at("pilot_customers", "Alpha", "2025-02") == 300);
  // Without the benefits module nobody's allowance runs out, and nobody moves in.
  const RunOf without(scenario.substr(0, scenario.find("  benefits:")));
  CHECK(without.at("pilot_customers", "Alpha", "2025-02") == 0);

  SECTION("a service for pilot customers reaches them from the day they join") {
    // Referral within about a day for customers, never for others; periods outlast the run.
    const RunOf served(scenario + R"(  work_trial: {target_group: pilot_customer, referral_rate: 1,
                min_registered_days: 0, lead_days: 0, duration_min_days: 400,
                duration_max_days: 400}
)");
    CHECK(served.at("starts.work_trial", "Alpha", "2025-01") == 0);
    CHECK(served.at("starts.work_trial", "Alpha", "2025-02") == 300);
  }
}

TEST_CASE("a pilot customers' referral factor applies from the day one joins",
          "[person_attributes]") {
  // 3 000 job-seekers on earnings-related allowance with 20 paid days left: customers from
  // 1 February. Work trials at 0.01 a day, three times that for customers; periods outlast the
  // run, so starts are first referrals. January (referrals from the 2nd): 1 - exp(-0.30) of
  // 3 000 = 778; February, of those left: 1 - exp(-0.84) = 57 % (1 262), or 1 - exp(-0.28) =
  // 24 % (540) at the base rate.
  // Binomial standard deviations are at most 27; the margins are about four of them.
  const std::string scenario = allowance_runs_out(
      "factor-from-joining",
      "  jobseeker_stock: {}\n"
      "  initial_stock: {jobseekers: 3000, elapsed_days_max: 0, long_term_share: 0}\n",
      R"(  work_trial: {pilot_customer_factor: 3, referral_rate: 0.01, min_registered_days: 0,
               lead_days: 0, duration_min_days: 400, duration_max_days: 400}
)");
  const RunOf run(scenario);
  REQUIRE(run.at("pilot_customers", "Alpha", "2025-01") == 0);
  REQUIRE(run.at("pilot_customers", "Alpha", "2025-02") == 3000);
  CHECK(run.at("starts.work_trial", "Alpha", "2025-01") ==
        Approx(3000 * (1 - std::exp(-0.30))).margin(110));
  CHECK(run.at("starts.work_trial", "Alpha", "2025-02") ==
        Approx(3000 * std::exp(-0.30) * (1 - std::exp(-0.84))).margin(110));
}

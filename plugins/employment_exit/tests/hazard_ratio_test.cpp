// Who the person is scales the exit hazard: proportional hazards over the reference group.
#include <catch2/catch.hpp>
#include <cmath>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

// Everyone in the reference group (under 55, full work ability, qualified, Finnish-speaking)
// unless an override moves them out of it; a constant hazard so the monthly exit rate is the
// hazard itself.
const std::string kScenario = R"(name: hazard-ratios
start: 2025-01-01
end: 2025-03-31
replications: 4
municipalities: [Alpha]
modules:
  person_attributes: {share_under_25: 0, share_25_29: 0, share_30_49: 0, share_50_64: 1,
                      share_foreign_language: 0, share_partial_work_ability: 0,
                      share_vocational_education: 1}
  jobseeker_stock: {}
  initial_stock: {jobseekers: 20000, elapsed_days_min: 400, elapsed_days_max: 400,
                  long_term_share: 1}
  employment_exit: {breakpoints_days: [], daily_rates: [0.004], older_age: 70}
)";

double exit_rate(const RunOf& run) {
  double exits = 0, at_risk = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    exits += run.at("exits_to_employment", "Alpha", "2025-02", r);
    at_risk += run.at("unemployed", "Alpha", "2025-01", r);
  }
  return exits / at_risk;
}

const char* const kPartial = "modules.person_attributes.share_partial_work_ability=1";

}  // namespace

// The sampling error of each ratio below is about 3 % (some 2 000 exits a month).
TEST_CASE("attribute hazard ratios multiply the reference group's hazard", "[employment_exit]") {
  const double reference = exit_rate(RunOf(kScenario));
  CHECK(exit_rate(RunOf(kScenario, {{kPartial}})) / reference == Approx(0.5).epsilon(0.08));
  CHECK(exit_rate(RunOf(kScenario, {{"modules.person_attributes.share_foreign_language=1"}})) /
            reference ==
        Approx(0.8).epsilon(0.08));
  // Partial work ability and no qualification: 0.5 x 0.75.
  CHECK(exit_rate(RunOf(kScenario,
                        {{kPartial}, {"modules.person_attributes.share_vocational_education=0"}})) /
            reference ==
        Approx(0.375).epsilon(0.08));
}

TEST_CASE("the older-age ratio applies from older_age on the day of the draw",
          "[employment_exit]") {
  // Ages 50-64 on the start day. From 50 everyone has the ratio; from 60, the five oldest
  // years of fifteen: 1 - 5/15 x (1 - 0.5).
  const double reference = exit_rate(RunOf(kScenario));
  CHECK(exit_rate(RunOf(kScenario, {{"modules.employment_exit.older_age=50"}})) / reference ==
        Approx(0.5).epsilon(0.08));
  CHECK(exit_rate(RunOf(kScenario, {{"modules.employment_exit.older_age=60"}})) / reference ==
        Approx(1.0 - 5.0 / 15.0 * 0.5).epsilon(0.08));
}

TEST_CASE("without person attributes everyone has the average registrant's ratio",
          "[employment_exit]") {
  std::string without = kScenario;
  without.erase(without.find("  person_attributes"),
                without.find("  jobseeker_stock") - without.find("  person_attributes"));
  const double reference = exit_rate(RunOf(kScenario));
  // A ratio of 1 without attributes: the same hazard and common random numbers, identical exits.
  CHECK(
      exit_rate(RunOf(without, {{"modules.employment_exit.hazard_ratio_without_attributes=1"}})) ==
      reference);
  CHECK(exit_rate(RunOf(without)) / reference == Approx(0.74).epsilon(0.08));
}

TEST_CASE("the temporarily laid off of the start-day stock return at their own rate",
          "[employment_exit]") {
  // Everyone laid off, returning in 90 days on average whatever the hazard bands: in the first
  // 31 days 1 - exp(-31/90) of 20 000 leave, about 5 830 (standard deviation 64).
  const RunOf run(kScenario, {{"modules.employment_exit.laid_off_at_start=1"},
                              {"modules.employment_exit.daily_rates=[0.00001]"}});
  double january = 0;
  for (std::size_t r = 0; r < 4; ++r)
    january += run.at("exits_to_employment", "Alpha", "2025-01", r);
  CHECK(january / 4 == Approx(20000 * (1 - std::exp(-31.0 / 90.0))).margin(300));
}

TEST_CASE("those in the start-day stock for the season return sooner than the laid off",
          "[employment_exit]") {
  // A quarter laid off (90 days on average), half there for the season (30 days), a quarter
  // searching at a negligible hazard: January's exits are 20 000 x (0.25 (1 - exp(-31/90)) +
  // 0.5 (1 - exp(-31/30))), about 7 900 (standard deviation about 70).
  const RunOf run(kScenario, {{"modules.employment_exit.laid_off_at_start=0.25"},
                              {"modules.employment_exit.seasonal_at_start=0.5"},
                              {"modules.employment_exit.daily_rates=[0.00001]"}});
  double january = 0;
  for (std::size_t r = 0; r < 4; ++r)
    january += run.at("exits_to_employment", "Alpha", "2025-01", r);
  const double expected =
      20000 * (0.25 * (1 - std::exp(-31.0 / 90.0)) + 0.5 * (1 - std::exp(-31.0 / 30.0)));
  CHECK(january / 4 == Approx(expected).margin(250));
  // Without the seasonal half, January holds only the laid-off quarter's returns.
  const RunOf laid_off_only(kScenario, {{"modules.employment_exit.laid_off_at_start=0.25"},
                                        {"modules.employment_exit.daily_rates=[0.00001]"}});
  double fewer = 0;
  for (std::size_t r = 0; r < 4; ++r)
    fewer += laid_off_only.at("exits_to_employment", "Alpha", "2025-01", r);
  CHECK(fewer / 4 == Approx(20000 * 0.25 * (1 - std::exp(-31.0 / 90.0))).margin(200));
}

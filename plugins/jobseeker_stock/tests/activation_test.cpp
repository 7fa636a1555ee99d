// The activation rate is computed from summed counts, for municipalities, areas and the total.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

TEST_CASE("activation rate from known counts, areas from summed counts", "[jobseeker_stock]") {
  // A one-day run on the statistics day: nobody moves between states (no referrals, no exits,
  // and a service period in progress lasts at least one more day).
  const RunOf run(R"(name: counts
start: 2025-01-31
end: 2025-01-31  # one day
municipalities: [Alpha, Beta]
areas: {Both: [Alpha, Beta]}
modules:
  jobseeker_stock: {}
  initial_stock: {jobseekers: {Alpha: 30, Beta: 10}}
  wage_subsidy:
    referral_rate: 0
    initial_participants: {Alpha: 10, Beta: 0}
    duration_min_days: 400
    duration_max_days: 400
)");
  CHECK(run.at("unemployed", "Alpha", "2025-01") == 30);
  CHECK(run.at("in_services", "Alpha", "2025-01") == 10);
  CHECK(run.at("in_service.wage_subsidy", "Alpha", "2025-01") == 10);
  CHECK(run.at("activation_rate", "Alpha", "2025-01") == Approx(25.0));  // 10 / (30 + 10)
  CHECK(run.at("activation_rate", "Beta", "2025-01") == 0.0);
  // 10 / (40 + 10), not the mean of 25 % and 0 %.
  CHECK(run.at("activation_rate", "Both", "2025-01") == Approx(20.0));
  CHECK(run.at("activation_rate", "total", "2025-01") == Approx(20.0));
}

TEST_CASE("exits are counted by reason, entering a service ends an unemployment spell",
          "[jobseeker_stock]") {
  const RunOf run(R"(name: reasons
start: 2025-01-01
end: 2025-12-31
municipalities: [Alpha]
modules:
  jobseeker_stock: {}
  initial_stock: {jobseekers: 3000}
  employment_exit: {}
  labour_market_training: {referral_rate: 0.002, min_registered_days: 0}
)");
  double to_work = 0, to_training = 0, outflow = 0, employed_exits = 0;
  for (const char* month : {"2025-03", "2025-06", "2025-09", "2025-12"}) {
    to_work +=
        run.at("exits.open_market", "Alpha", month) + run.at("exits.own_job", "Alpha", month);
    to_training += run.at("exits.training", "Alpha", month);
    outflow += run.at("outflow", "Alpha", month);
    employed_exits += run.at("exits_to_employment", "Alpha", month);
  }
  CHECK(to_work > 0);
  CHECK(to_training > 0);
  // Everyone leaving the register here leaves for work (from unemployment or after training).
  CHECK(employed_exits == outflow);
  CHECK(to_work <= outflow);
}

// The start-day stock: how many, and how long they have been unemployed.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

TEST_CASE("the long-term share of the start-day stock follows each municipality's figure",
          "[initial_stock]") {
  const RunOf run(R"(name: long-term-share
start: 2025-01-31
end: 2025-01-31
replications: 2
municipalities: [Alpha, Beta, Gamma]
modules:
  jobseeker_stock: {}
  initial_stock:
    jobseekers: 4000
    long_term_share: {Alpha: 0, Beta: 1, default: 0.43}
    elapsed_days_max: 900
)");
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(run.at("unemployed", "Gamma", "2025-01", r) == 4000);
    CHECK(run.at("long_term_unemployed", "Alpha", "2025-01", r) == 0);
    CHECK(run.at("long_term_unemployed", "Beta", "2025-01", r) == 4000);
    // Binomial(4000, 0.43): standard deviation 31, so ±125 is about four of them.
    CHECK(run.at("long_term_unemployed", "Gamma", "2025-01", r) == Approx(1720).margin(125));
  }
}

TEST_CASE("elapsed spells spread evenly over each part of the range", "[initial_stock]") {
  // Everyone long-term, uniform over 365-1094 days: counted with a two-year threshold instead,
  // exactly half of that range (730-1094) is at or above it.
  const RunOf run(R"(name: elapsed-uniform
start: 2025-01-31
end: 2025-01-31
replications: 1
municipalities: [Alpha]
modules:
  jobseeker_stock: {long_term_threshold_days: 730}
  initial_stock: {jobseekers: 20000, long_term_share: 1, elapsed_days_max: 1094}
)");
  // Half of 365-1094 days lies at 730 or more: Binomial(20000, 0.5), standard deviation 71.
  CHECK(run.at("long_term_unemployed", "Alpha", "2025-01") == Approx(10000).margin(300));
}

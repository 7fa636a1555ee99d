// Inflow: Poisson arrivals at the given daily rate, scaled by dated and seasonal factors.
#include <catch2/catch.hpp>
#include <cmath>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

TEST_CASE("arrivals follow the daily rate and its seasonal and dated factors", "[inflow]") {
  const RunOf run(R"(name: arrivals
start: 2025-05-01
end: 2025-08-31
municipalities: [Alpha]
modules:
  inflow:
    daily_rate: 10
    monthly_factors: [1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1]
    multiplier: {2025-08-01: 0.5}
)");
  // Expected counts and a 5-sigma band of the Poisson noise (sigma = sqrt(mean)).
  const auto near = [](double count, double expected) {
    return std::abs(count - expected) <= 5 * std::sqrt(expected);
  };
  CHECK(near(run.at("inflow", "Alpha", "2025-05"), 31 * 10.0));
  CHECK(near(run.at("inflow", "Alpha", "2025-06"), 30 * 20.0));
  CHECK(near(run.at("inflow", "Alpha", "2025-07"), 31 * 10.0));
  CHECK(near(run.at("inflow", "Alpha", "2025-08"), 31 * 5.0));
}

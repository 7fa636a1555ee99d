#include "employment_exit/piecewise_hazard.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <utility>

#include "polku/rng.hpp"

using polku::employment_exit::PiecewiseHazard;

TEST_CASE("exit time inverts the cumulative hazard piece by piece", "[employment_exit]") {
  // h = 0.1/day on [0,10), 0.05 on [10,20), 0 afterwards: cumulative 1.0 at 10, 1.5 at 20.
  const PiecewiseHazard h{{10.0, 20.0}, {0.1, 0.05, 0.0}};
  CHECK(h.exit_time(0.0, 0.5) == Approx(5.0));
  CHECK(h.exit_time(0.0, 1.0) == Approx(10.0));
  CHECK(h.exit_time(0.0, 1.25) == Approx(15.0));
  CHECK(std::isinf(h.exit_time(0.0, 2.0)));
  // Someone already 12 days into the spell only faces the hazard from day 12 on.
  CHECK(h.exit_time(12.0, 0.1) == Approx(14.0));
  CHECK(h.exit_time(25.0, 0.01) == std::numeric_limits<double>::infinity());
}

TEST_CASE("exit time inverts through a factor that changes within the spell", "[employment_exit]") {
  // h = 0.1/day on [0,10), 0.05 afterwards; the factor doubles from spell day 5 and ends (0)
  // at day 30. Cumulative: 0.5 by 5, 1.5 by 10 (0.2/day), 3.5 by 30 (0.1/day), nothing after.
  const PiecewiseHazard h{{10.0}, {0.1, 0.05}};
  const auto factor = [](double t) -> std::pair<double, double> {
    if (t < 5.0) return {1.0, 5.0};
    if (t < 30.0) return {2.0, 30.0};
    return {0.0, std::numeric_limits<double>::infinity()};
  };
  CHECK(h.exit_time(0.0, 0.25, factor) == Approx(2.5));
  CHECK(h.exit_time(0.0, 1.0, factor) == Approx(7.5));
  CHECK(h.exit_time(0.0, 2.5, factor) == Approx(20.0));
  CHECK(std::isinf(h.exit_time(0.0, 3.6, factor)));
  // From day 8 on: 0.4 to day 10, then 0.1/day.
  CHECK(h.exit_time(8.0, 0.6, factor) == Approx(12.0));
  // A factor of 1 throughout is the plain inversion.
  const auto one = [](double) { return std::pair{1.0, std::numeric_limits<double>::infinity()}; };
  for (double target : {0.3, 1.0, 1.7})
    CHECK(h.exit_time(3.0, target, one) == h.exit_time(3.0, target));
}

TEST_CASE("a constant hazard gives exponential spells with mean 1/h", "[employment_exit]") {
  const PiecewiseHazard h{{}, {0.02}};
  const auto key = polku::replication_key(1, 0);
  double sum = 0.0;
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    sum += h.exit_time(
        0.0, polku::RandomStream(key, i, 0, polku::Stream::employment_exit).exponential());
  // Standard error of the mean is 50/sqrt(n) = 0.35 days; allow 4 of them.
  CHECK(sum / n == Approx(50.0).margin(1.4));
}

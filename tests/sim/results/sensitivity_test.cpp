// Global sensitivity estimators on functions with known answers: the Ishigami function's analytic
// Sobol indices, and a linear model's Morris elementary effects.
#include "results/sensitivity.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>

#include "polku/params.hpp"

using namespace polku;
using namespace polku::sensitivity;

namespace {

constexpr double kA = 7.0, kB = 0.1;
constexpr double kPi = std::numbers::pi;

double ishigami(const std::vector<double>& u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function lie within their bootstrap intervals",
          "[sensitivity]") {
  // Analytic variances (Ishigami & Homma 1990; Sobol' & Levitan 1999).
  const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v1 = 0.5 * std::pow(1 + kB * pi4 / 5, 2);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const double first[] = {v1 / v, v2 / v, 0.0};
  const double total[] = {(v1 + v13) / v, v2 / v, v13 / v};

  const SobolDesign design = sobol_design(3, 4096);
  REQUIRE(design.points.size() == 4096 * 5);
  std::vector<double> f;
  for (const auto& p : design.points) f.push_back(ishigami(p));
  const SobolIndices s = sobol_indices(design, f, 300, 11);
  REQUIRE(s.variance == Approx(v).epsilon(0.05));
  for (int i = 0; i < 3; ++i) {
    INFO("input " << i + 1 << ": S " << s.first[i].value << " [" << s.first[i].low << ", "
                  << s.first[i].high << "] analytic " << first[i] << "; ST " << s.total[i].value
                  << " [" << s.total[i].low << ", " << s.total[i].high << "] analytic "
                  << total[i]);
    CHECK(s.first[i].low <= first[i]);
    CHECK(first[i] <= s.first[i].high);
    CHECK(s.total[i].low <= total[i]);
    CHECK(total[i] <= s.total[i].high);
    // The intervals are informative, not merely wide.
    CHECK(s.first[i].high - s.first[i].low < 0.1);
    CHECK(s.total[i].high - s.total[i].low < 0.1);
  }
}

TEST_CASE("Sobol indices do not depend on the output's level", "[sensitivity]") {
  // An output far from zero (euros) must give the indices of the same output around zero.
  const SobolDesign design = sobol_design(3, 64);
  std::vector<double> f, shifted;
  for (const auto& p : design.points) {
    f.push_back(ishigami(p));
    shifted.push_back(ishigami(p) + 4e7);
  }
  const SobolIndices a = sobol_indices(design, f, 20, 3);
  const SobolIndices b = sobol_indices(design, shifted, 20, 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(b.first[i].value == Approx(a.first[i].value).margin(1e-6));
    CHECK(b.total[i].value == Approx(a.total[i].value).margin(1e-6));
    CHECK(b.first[i].high - b.first[i].low ==
          Approx(a.first[i].high - a.first[i].low).margin(1e-6));
  }
}

TEST_CASE("Sobol indices of a constant output are 0 and of one input add up", "[sensitivity]") {
  const SobolDesign design = sobol_design(2, 256);
  std::vector<double> constant(design.points.size(), 3.0), only_first;
  for (const auto& p : design.points) only_first.push_back(5 * p[0]);
  const SobolIndices c = sobol_indices(design, constant, 50, 1);
  CHECK(c.first[0].value == 0.0);
  CHECK(c.total[1].value == 0.0);
  const SobolIndices s = sobol_indices(design, only_first, 50, 1);
  CHECK(s.first[0].value == Approx(1.0).margin(0.02));
  CHECK(s.total[0].value == Approx(1.0).margin(0.02));
  CHECK(s.total[1].value == Approx(0.0).margin(1e-12));
}

TEST_CASE("Morris ranks a linear model's coefficients exactly", "[sensitivity]") {
  const std::vector<double> c = {5.0, -3.0, 1.0, 0.5, 10.0, 0.0};
  const MorrisDesign design = morris_design(c.size(), 12, 42);
  REQUIRE(design.points.size() == 12 * (c.size() + 1));
  std::vector<double> f;
  for (const auto& p : design.points) {
    double y = 0.0;
    for (std::size_t i = 0; i < c.size(); ++i) y += c[i] * p[i];
    f.push_back(y);
  }
  const MorrisIndices m = morris_indices(design, f);
  for (std::size_t i = 0; i < c.size(); ++i) {
    CHECK(m.mu_star[i] == Approx(std::abs(c[i])).margin(1e-9));
    CHECK(m.mu[i] == Approx(c[i]).margin(1e-9));
    CHECK(m.sigma[i] == Approx(0.0).margin(1e-9));
  }
  // Ranking by mu*: 4, 0, 1, 2, 3, 5.
  std::vector<std::size_t> order(c.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return m.mu_star[a] > m.mu_star[b]; });
  CHECK(order == std::vector<std::size_t>{4, 0, 1, 2, 3, 5});
}

TEST_CASE("Morris sees an interaction in sigma", "[sensitivity]") {
  const MorrisDesign design = morris_design(3, 20, 5);
  std::vector<double> f;
  for (const auto& p : design.points) f.push_back(p[0] * p[1] + p[2]);
  const MorrisIndices m = morris_indices(design, f);
  CHECK(m.sigma[0] > 0.05);
  CHECK(m.sigma[2] == Approx(0.0).margin(1e-9));
}

TEST_CASE("distribution quantiles", "[sensitivity][uncertainty]") {
  const Distribution u = uniform(0.8, 1.0);
  CHECK(u.quantile(0.0, 0.9) == 0.8);
  CHECK(u.quantile(0.5, 0.9) == Approx(0.9));
  const Distribution t = triangular(3.0, 6.0);
  CHECK(t.quantile(0.0, 4.5) == Approx(3.0));
  CHECK(t.quantile(0.5, 4.5) == Approx(4.5));  // symmetric: the median is the mode
  CHECK(t.quantile(1.0, 4.5) == Approx(6.0));
  // Mode 3 of [3, 6]: P(X <= x) = 1 - (6 - x)^2 / 9.
  CHECK(t.quantile(1.0 - 4.0 / 9.0, 3.0) == Approx(4.0));
  Distribution n{
      .kind = DistributionKind::truncated_normal, .min = 0.0, .max = 10.0, .spread = 1.0};
  CHECK(n.quantile(0.5, 5.0) == Approx(5.0).margin(1e-9));
  CHECK(n.quantile(0.841344746, 5.0) == Approx(6.0).margin(1e-4));
  CHECK(n.quantile(1e-12, 5.0) >= 0.0);
  Distribution cut = n;  // truncated: half the mass above the mean is cut off at 5.5
  cut.max = 5.0;
  CHECK(cut.quantile(0.999, 5.0) <= 5.0);
  Distribution ln{.kind = DistributionKind::log_normal, .min = 1.0, .max = 100.0, .spread = 0.5};
  CHECK(ln.quantile(0.5, 10.0) == Approx(10.0).epsilon(1e-9));
  Distribution d{.kind = DistributionKind::discrete, .values = {1, 2, 3}, .weights = {1, 0, 3}};
  CHECK(d.quantile(0.2, 0) == 1.0);
  CHECK(d.quantile(0.3, 0) == 3.0);
}

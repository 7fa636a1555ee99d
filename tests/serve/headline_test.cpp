// The headline of a comparison: its indicators, order and marking.
#include "serve/headline.hpp"

#include <catch2/catch.hpp>

using namespace polku;

TEST_CASE(
    "headline: the headline indicators in their order, marked where the interval excludes zero",
    "[serve]") {
  ComparisonTable t;
  t.periods = {"2025", "2026"};
  t.areas = {"A", "total"};
  for (const char* name : {"inflow", "unemployed", "net_municipal_cost_eur"})
    t.indicators.push_back(IndicatorDef{name});
  t.paired_replications = 4;
  // [period][area][indicator]: diff_mean is 100 * period + 10 * area + indicator.
  for (int p = 0; p < 2; ++p)
    for (int a = 0; a < 2; ++a)
      for (int i = 0; i < 3; ++i) {
        const double d = 100.0 * p + 10.0 * a + i;
        const double low = (a == 0) ? d - 1 : -1.0;  // area A excludes zero, total does not
        t.cells.push_back({1000.0, 1000.0 + d, d, low, d + 1});
      }
  const serve::HeadlineTable h = serve::headline_table(t);
  REQUIRE(h.indicators == std::vector<std::string>{"net_municipal_cost_eur", "unemployed"});
  REQUIRE(h.areas == t.areas);
  REQUIRE(h.years == t.periods);
  REQUIRE(h.paired_replications == 4);
  REQUIRE(h.cells.size() == 2 * 2 * 2);
  // [area][year][indicator]
  const serve::HeadlineCell& c = h.cells[(1 * 2 + 1) * 2 + 0];  // total, 2026, net cost
  CHECK(c.area == "total");
  CHECK(c.year == "2026");
  CHECK(c.indicator == "net_municipal_cost_eur");
  CHECK(c.diff == 112.0);
  CHECK(c.base == 1000.0);
  CHECK(c.variant == 1112.0);
  CHECK_FALSE(c.excludes_zero);
  const serve::HeadlineCell& a = h.cells[(0 * 2 + 0) * 2 + 1];  // A, 2025, unemployed
  CHECK(a.indicator == "unemployed");
  CHECK(a.diff == 1.0);
  CHECK(a.low == 0.0);
  CHECK_FALSE(a.excludes_zero);  // an interval touching zero does not exclude it
  const serve::HeadlineCell& b = h.cells[(0 * 2 + 1) * 2 + 1];  // A, 2026, unemployed
  CHECK(b.low == 100.0);
  CHECK(b.excludes_zero);
}

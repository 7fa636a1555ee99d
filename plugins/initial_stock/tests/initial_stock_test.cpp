// The start-day stock: how many, and how long they have been unemployed.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

/// A one-day run of `initial_stock` settings over three municipalities of 4 000 job-seekers,
/// with the long-term threshold of `jobseeker_stock` at `threshold` days.
RunOf start_day_stock(const std::string& initial_stock, int threshold = 365) {
  return RunOf(R"(name: start-day-stock
start: 2025-01-31
end: 2025-01-31
replications: 2
municipalities: [Alpha, Beta, Gamma]
modules:
  jobseeker_stock: {long_term_threshold_days: )" +
               std::to_string(threshold) + R"(}
  initial_stock: {jobseekers: 4000, )" +
               initial_stock + "}\n");
}

}  // namespace

TEST_CASE("the long-term share of the start-day stock follows each municipality's figure",
          "[initial_stock]") {
  const RunOf run = start_day_stock("long_term_share: {Alpha: 0, Beta: 1, default: 0.43}");
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(run.at("unemployed", "Gamma", "2025-01", r) == 4000);
    CHECK(run.at("long_term_unemployed", "Alpha", "2025-01", r) == 0);
    // A share of 1 is flat over 0-3650 days: 3 285 of the 3 650 lengths drawn are long-term.
    // Binomial(4000, 0.9): standard deviation 19, so ±80 is about four of them.
    CHECK(run.at("long_term_unemployed", "Beta", "2025-01", r) == Approx(3600).margin(80));
    // 0.43 less the cut tail beyond 3650 days (0.43^10, negligible); standard deviation 31.
    CHECK(run.at("long_term_unemployed", "Gamma", "2025-01", r) == Approx(1720).margin(125));
  }
}

TEST_CASE(
    "elapsed spells fall off exponentially: a share s long-term gives s^2 at twice the "
    "threshold",
    "[initial_stock]") {
  // Counted with a two-year threshold, a long-term share of 0.5 leaves 0.25 (a uniform spread
  // up to a year and a half, say, would leave none).
  const RunOf run = start_day_stock("long_term_share: 0.5", 730);
  for (std::size_t r = 0; r < 2; ++r)
    CHECK(run.at("long_term_unemployed", "Alpha", "2025-01", r) == Approx(1000).margin(110));
}

TEST_CASE("a share of 1 spreads elapsed spells evenly within the limits", "[initial_stock]") {
  // Flat over 365-1094 days: counted with a two-year threshold, exactly half (730-1094) is at
  // or above it. Binomial(4000, 0.5): standard deviation 32.
  const RunOf run =
      start_day_stock("long_term_share: 1, elapsed_days_min: 365, elapsed_days_max: 1094", 730);
  CHECK(run.at("long_term_unemployed", "Alpha", "2025-01") == Approx(2000).margin(130));
}

TEST_CASE("a share of 0 spreads elapsed spells evenly below the threshold", "[initial_stock]") {
  // Flat over 0-364 days: counted with a threshold of 182 days, half is at or above it (rather
  // than everyone starting on the start day). Binomial(4000, 0.5): standard deviation 32.
  const RunOf run = start_day_stock("long_term_share: 0", 182);
  CHECK(run.at("long_term_unemployed", "Alpha", "2025-01") == Approx(2000).margin(130));
}

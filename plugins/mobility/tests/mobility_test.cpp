// Moves between municipalities: homes are chosen in proportion to the weights, one's own included.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

TEST_CASE("weights proportional to the job-seekers keep the flows in balance", "[mobility]") {
  // Nobody leaves the register; everyone chooses a home once a year on average.
  const RunOf run(R"(name: balanced-moves
start: 2025-01-01
end: 2025-12-31
replications: 2
municipalities: [Big, Small]
modules:
  jobseeker_stock: {}
  initial_stock: {jobseekers: {Big: 9000, Small: 1000}}
  mobility: {moves_per_year: 1, destination_weight: {Big: 9, Small: 1}}
)");
  for (std::size_t r = 0; r < 2; ++r) {
    // Big to Small: 9 000 x 1/10 a year; Small to Big: 1 000 x 9/10, as many.
    double into_small = 0, into_big = 0;
    for (const char* month : {"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
                              "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"}) {
      into_small += run.at("moves_in", "Small", month, r);
      into_big += run.at("moves_in", "Big", month, r);
    }
    // Poisson counts of about 900: standard deviation 30, so ±130 is over four of them.
    CHECK(into_small == Approx(900).margin(130));
    CHECK(into_big == Approx(900).margin(130));
    // The stocks stay where they were (a drain would take Big towards 5 000).
    CHECK(run.at("jobseekers", "Big", "2025-12", r) == Approx(9000).margin(150));
  }
}

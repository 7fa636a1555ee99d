// The labour market's tightness scales the exit hazard from its dates on.
#include <catch2/catch.hpp>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

TEST_CASE("a tighter labour market raises exits to work from its date on", "[employment_exit]") {
  const std::string scenario = R"(name: tightness
start: 2025-01-01
end: 2025-05-31
replications: 4
municipalities: [Alpha]
modules:
  jobseeker_stock: {}
  initial_stock: {jobseekers: 20000, elapsed_days_min: 400, elapsed_days_max: 400,
                 long_term_share: 1}
  employment_exit: {breakpoints_days: [], daily_rates: [0.002]}
)";
  const RunOf flat(scenario);
  // Tightness four times the reference from March: hazard x 4^0.5 = 2.
  const RunOf tight(scenario, {{"modules.employment_exit.tightness={2025-03-01: 4}"},
                               {"modules.employment_exit.tightness_reference=1"}});
  const auto rate = [](const RunOf& run, const char* before, const char* month) {
    double exits = 0, at_risk = 0;
    for (std::size_t r = 0; r < 4; ++r) {
      exits += run.at("exits_to_employment", "Alpha", month, r);
      at_risk += run.at("unemployed", "Alpha", before, r);
    }
    return exits / at_risk;
  };
  // February is before the date: the same common random numbers give the same exits.
  CHECK(rate(tight, "2025-01", "2025-02") == rate(flat, "2025-01", "2025-02"));
  // April: twice the hazard (sampling error of the ratio is about 4 %).
  CHECK(rate(tight, "2025-03", "2025-04") / rate(flat, "2025-03", "2025-04") ==
        Approx(2.0).epsilon(0.12));
}

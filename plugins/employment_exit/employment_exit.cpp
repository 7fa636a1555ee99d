// employment_exit: exits to open-market employment with a hazard piecewise constant in spell
// length.
//
// The exit day is drawn when a job-seeker becomes unemployed (registration, or return from a
// service) by inverting the cumulative hazard with one exponential draw, so nothing is evaluated
// on the days in between. A later status change makes the scheduled exit stale (status stamp).
#include <algorithm>
#include <cmath>

#include "piecewise_hazard.hpp"
#include "polku/plugin.hpp"

namespace polku::employment_exit {
namespace {

class EmploymentExit final : public Module {
 public:
  explicit EmploymentExit(const ModuleConfig& config)
      : hazard_{config.params.reals("breakpoints_days"), config.params.reals("daily_rates")},
        own_job_share_(config.params.real("own_job_share")) {}

  void declare(Registry& registry) override { exit_ = registry.event_kind("employment_exit.exit"); }

  void on_register(Simulation& sim, AgentRef a) override { draw_exit(sim, a); }

  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override {
    draw_exit(sim, a);
  }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed || payload != status_stamp(s)) return;
    // Which of the two employment routes: a separate draw on the exit day.
    const bool own = sim.random(s.key, Stream::employment_exit).bernoulli(own_job_share_);
    sim.deregister(a, own ? ExitReason::own_job : ExitReason::open_market);
  }

 private:
  void draw_exit(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed) return;
    const double elapsed = sim.today() - s.spell_start;
    const double exit_at =
        hazard_.exit_time(elapsed, sim.random(s.key, Stream::employment_exit).exponential());
    if (!std::isfinite(exit_at)) return;
    // At least one day ahead: the day a period starts is spent in it.
    const double days_ahead = std::max(1.0, std::ceil(exit_at - elapsed));
    if (days_ahead > sim.end() - sim.today()) return;
    sim.schedule(a, sim.today() + static_cast<Day>(days_ahead), exit_, status_stamp(s));
  }

  PiecewiseHazard hazard_;
  double own_job_share_;
  EventKind exit_ = 0;
};

std::vector<std::string> check(const ParamValues& p) {
  std::vector<std::string> problems;
  const auto& breaks = p.reals("breakpoints_days");
  const auto& rates = p.reals("daily_rates");
  if (rates.size() != breaks.size() + 1)
    problems.push_back("daily_rates needs one rate more than breakpoints_days (" +
                       std::to_string(breaks.size() + 1) + "), got " +
                       std::to_string(rates.size()));
  for (std::size_t k = 1; k < breaks.size(); ++k)
    if (breaks[k] <= breaks[k - 1]) {
      problems.push_back("breakpoints_days must be strictly increasing");
      break;
    }
  return problems;
}

PluginDescriptor describe() {
  return {
      .name = "employment_exit",
      .version = "2.0.0",
      .description = "Exits to open-market employment; hazard piecewise constant in spell length.",
      .priority = 30,
      .parameters =
          {
              {.name = "breakpoints_days",
               .type = ParamType::real_list,
               .default_yaml = "[90, 180, 365, 730]",
               .unit = "days of spell",
               .min = 1.0,
               .max = 36500.0,
               .doc = "Spell lengths where the exit hazard changes (3, 6, 12 and 24 months). "
                      "Structure follows the duration bands of TEM table 1356."},
              {.name = "daily_rates",
               .type = ParamType::real_list,
               .default_yaml = "[0.0045, 0.0035, 0.0025, 0.0015, 0.0008]",
               .unit = "1/day",
               .min = 0.0,
               .max = 1.0,
               .doc = "Exit-to-employment hazard in each band (one more than breakpoints). "
                      "Assumption: with no other exits, 33 % leave for work within 3 months and 69 "
                      "% within a "
                      "year; plausible range 0.5x to 2x; to be calibrated to regional flows."},
              {.name = "own_job_share",
               .type = ParamType::real,
               .default_yaml = "0.5",
               .unit = "share",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "Share of exits to work that are found on one's own rather than placed by "
                   "the employment services (TTV15 distinguishes the two). Assumption; plausible "
                   "0.3-0.7."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<EmploymentExit>(c);
      },
      .check = check,
  };
}

}  // namespace
}  // namespace polku::employment_exit

POLKU_PLUGIN(polku::employment_exit::describe)

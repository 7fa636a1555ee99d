// initial_stock: the job-seekers already registered on the start day, with elapsed spell lengths
// drawn uniformly over a range.
#include <cmath>

#include "polku/plugin.hpp"

namespace polku::initial_stock {
namespace {

class InitialStock final : public Module {
 public:
  explicit InitialStock(const ModuleConfig& config)
      : jobseekers_(config.params.per_municipality("jobseekers")),
        min_elapsed_(config.params.integer("elapsed_days_min")),
        max_elapsed_(config.params.integer("elapsed_days_max")) {}

  void start(Simulation& sim) override {
    const Day today = sim.today();
    const auto span = static_cast<double>(max_elapsed_ - min_elapsed_ + 1);
    for (MunicipalityId m = 0; m < jobseekers_.size(); ++m) {
      const auto count = static_cast<std::uint32_t>(std::llround(jobseekers_[m]));
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t key = subject::initial(m, i);
        const double u = sim.random(key, Stream::initial_stock).uniform();  // (0, 1]
        // u in (0,1] maps onto the integers min..max with equal probability.
        const auto elapsed = max_elapsed_ - static_cast<std::int64_t>(std::floor((1.0 - u) * span));
        const Day spell_start = today - static_cast<Day>(elapsed);
        sim.register_jobseeker(
            {.key = key, .municipality = m, .registered = spell_start, .spell_start = spell_start});
      }
    }
  }

 private:
  std::vector<double> jobseekers_;
  std::int64_t min_elapsed_;
  std::int64_t max_elapsed_;
};

std::vector<std::string> check(const ParamValues& p) {
  if (p.integer("elapsed_days_min") > p.integer("elapsed_days_max"))
    return {"elapsed_days_min must not exceed elapsed_days_max"};
  return {};
}

PluginDescriptor describe() {
  return {
      .name = "initial_stock",
      .version = "1.0.0",
      .description = "Job-seekers registered on the start day, with elapsed spell lengths.",
      .priority = 10,
      .parameters =
          {
              {.name = "jobseekers",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "persons",
               .min = 0.0,
               .max = 2000000.0,
               .doc = "Unemployed job-seekers on the start day (Statistics Finland table 12r5)."},
              {.name = "elapsed_days_min",
               .type = ParamType::integer,
               .default_yaml = "0",
               .unit = "days",
               .min = 0.0,
               .max = 36500.0,
               .doc = "Shortest elapsed spell length in the initial stock."},
              {.name = "elapsed_days_max",
               .type = ParamType::integer,
               .default_yaml = "730",
               .unit = "days",
               .min = 0.0,
               .max = 36500.0,
               .doc = "Longest elapsed spell length; lengths are uniform between min and max. "
                      "Assumption: the shared data has no duration structure of the stock; "
                      "0-520 days gives about 30 % long-term on the start day (the national "
                      "share in 2017), as the national and area scenarios use."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<InitialStock>(c);
      },
      .check = check,
  };
}

}  // namespace
}  // namespace polku::initial_stock

POLKU_PLUGIN(polku::initial_stock::describe)

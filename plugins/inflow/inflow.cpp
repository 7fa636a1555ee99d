// inflow: new job-seekers register in each municipality; the daily count is Poisson.
#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <numeric>

#include "polku/plugin.hpp"

namespace polku::inflow {
namespace {

class Inflow final : public Module {
 public:
  explicit Inflow(const ModuleConfig& config)
      : daily_rate_(config.params.per_municipality("daily_rate")),
        multiplier_(config.params.dated("multiplier")),
        monthly_factors_(config.params.reals("monthly_factors")) {}

  void declare(Registry& registry) override {
    inflow_ = registry.indicator("inflow", Measure::flow);
  }

  void begin_day(Simulation& sim) override {
    const Day today = sim.today();
    double multiplier = multiplier_.at(today, 1.0);
    if (!monthly_factors_.empty()) multiplier *= monthly_factors_[ymd_of(today).month - 1];
    for (MunicipalityId m = 0; m < daily_rate_.size(); ++m) {
      const double rate = daily_rate_[m] * multiplier;
      if (rate <= 0.0) continue;
      auto draws = sim.random(subject::municipality(m), Stream::inflow_count);
      const auto arrivals = boost::random::poisson_distribution<std::uint32_t, double>(rate)(draws);
      for (std::uint32_t k = 0; k < arrivals; ++k)
        sim.register_jobseeker({.key = subject::arrival(today, m, static_cast<std::uint16_t>(k)),
                                .municipality = m,
                                .registered = today,
                                .spell_start = today});
      sim.add(inflow_, m, arrivals);
    }
  }

 private:
  std::vector<double> daily_rate_;
  DatedValues multiplier_;
  std::vector<double> monthly_factors_;
  IndicatorId inflow_ = 0;
};

/// The highest factor the dated multiplier and the seasonal pattern together apply to a rate.
double top_factor(const ParamValues& p) {
  double top_multiplier = 1.0;
  for (double m : p.dated("multiplier").values) top_multiplier = std::max(top_multiplier, m);
  double top_seasonal = 1.0;
  for (double f : p.reals("monthly_factors")) top_seasonal = std::max(top_seasonal, f);
  return top_multiplier * top_seasonal;
}

PluginDescriptor describe() {
  return {
      .name = "inflow",
      .version = "1.1.0",
      .description = "New unemployed job-seekers per municipality and day (Poisson).",
      .priority = 20,
      .hooks = hook::begin_day,
      .parameters =
          {
              {.name = "daily_rate",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "persons/day",
               .min = 0.0,
               .max = 60000.0,
               .doc = "Expected new registrations per calendar day. Scenario data: derive from the "
                      "monthly inflow of the municipality (e.g. inflow per month / 30.4)."},
              {.name = "multiplier",
               .type = ParamType::dated_values,
               .default_yaml = "{}",
               .unit = "factor",
               .min = 0.0,
               .max = 100.0,
               .doc =
                   "Rates multiplied by a factor from given dates (business cycle, calibration), "
                   "e.g. {2020-04-01: 1.6, 2020-10-01: 1.1}."},
              {.name = "monthly_factors",
               .type = ParamType::real_list,
               .default_yaml = "[]",
               .unit = "factor",
               .min = 0.0,
               .max = 10.0,
               .doc =
                   "Seasonal factors January to December (12 values, or none): registrations peak "
                   "in summer and at the turn of the year. From local registration statistics; "
                   "the shared data has stocks only, from which inflow seasonality cannot be "
                   "separated from outflow seasonality."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Inflow>(c);
      },
      .check = [](const ParamValues& p) -> std::vector<std::string> {
        std::vector<std::string> problems;
        const auto& factors = p.reals("monthly_factors");
        if (!factors.empty() && factors.size() != 12)
          problems.emplace_back("monthly_factors needs 12 values (January to December) or none");
        // Newcomers are identified by their index among a day's arrivals, in 16 bits.
        double peak = 0;
        for (double r : p.per_municipality("daily_rate")) peak = std::max(peak, r);
        peak *= top_factor(p);
        if (peak > 20000)
          problems.emplace_back(
              "daily_rate x multiplier x monthly factor reaches " + std::to_string(peak) +
              " registrations a day in a municipality; at most 20000 are supported");
        return problems;
      },
      .workload = [](const ParamValues& p) -> Workload {
        const auto& rates = p.per_municipality("daily_rate");
        return {0.0, std::accumulate(rates.begin(), rates.end(), 0.0) * top_factor(p)};
      },
  };
}

}  // namespace
}  // namespace polku::inflow

POLKU_PLUGIN(polku::inflow::describe)

// inflow: new job-seekers register in each municipality; the daily count is Poisson.
#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <numeric>

#include "polku/param_builders.hpp"
#include "polku/plugin.hpp"

namespace polku::inflow {
namespace {

class Inflow final : public Module {
 public:
  explicit Inflow(const ModuleConfig& config)
      : daily_rate_(config.params.per_municipality("daily_rate")),
        multiplier_(config.params.dated("multiplier")),
        monthly_factors_(config.params.reals("monthly_factors")),
        inflow_factor_(config.params.per_municipality("inflow_factor")),
        amplitude_(config.params.per_municipality("seasonal_amplitude")) {}

  void declare(Registry& registry) override {
    inflow_ = registry.indicator("inflow", Measure::flow);
  }

  void begin_day(Simulation& sim) override {
    const Day today = sim.today();
    const double multiplier = multiplier_.at(today, 1.0);
    const double seasonal =
        monthly_factors_.empty() ? 1.0 : monthly_factors_[ymd_of(today).month - 1];
    for (MunicipalityId m = 0; m < daily_rate_.size(); ++m) {
      // The national seasonal swing, larger or smaller by the municipality's own amplitude.
      const double season =
          amplitude_[m] == 1.0 ? seasonal : 1.0 + amplitude_[m] * (seasonal - 1.0);
      const double rate = daily_rate_[m] * inflow_factor_[m] * (multiplier * season);
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
  std::vector<double> inflow_factor_, amplitude_;
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

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  return {{.name = "inflow",
           .measure = IndicatorMeasure::flow,
           .unit_fi = "henkilöä",
           .unit_en = "persons",
           .label_fi = "Uudet työnhakijat",
           .label_en = "Inflow of job-seekers",
           .group = IndicatorGroup::flows}};
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
              param::ranged("inflow_factor", ParamType::per_municipality, "1", "factor", 0.2, 5.0,
                            "The municipality's own inflow relative to daily_rate: with an exit "
                            "pace of its own (employment_exit.hazard_multiplier) the inflow that "
                            "keeps its stock level scales alike (scenarios/estimates/)."),
              param::ranged("seasonal_amplitude", ParamType::per_municipality, "1", "factor", 0.0,
                            3.0,
                            "The municipality's seasonal swing relative to monthly_factors (1: the "
                            "same pattern, 0: none, 2: twice as large), estimated from its own "
                            "series (scenarios/estimates/)."),
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
        const auto& seasonal = p.reals("monthly_factors");
        if (!seasonal.empty() && seasonal.size() != 12)
          problems.emplace_back("monthly_factors needs 12 values (January to December) or none");
        // Newcomers are identified by their index among a day's arrivals, in 16 bits.
        const auto& rates = p.per_municipality("daily_rate");
        const auto& factors = p.per_municipality("inflow_factor");
        const auto& amplitudes = p.per_municipality("seasonal_amplitude");
        double peak = 0;
        for (std::size_t m = 0; m < rates.size(); ++m)
          peak = std::max(peak, rates[m] * factors[m] * std::max(1.0, amplitudes[m]));
        peak *= top_factor(p);
        if (peak > 20000)
          problems.emplace_back(
              "daily_rate x multiplier x monthly factor reaches " + std::to_string(peak) +
              " registrations a day in a municipality; at most 20000 are supported");
        return problems;
      },
      .workload = [](const ParamValues& p) -> Workload {
        const auto& rates = p.per_municipality("daily_rate");
        const auto& factors = p.per_municipality("inflow_factor");
        const auto& amplitudes = p.per_municipality("seasonal_amplitude");
        const double top_amplitude = *std::max_element(amplitudes.begin(), amplitudes.end());
        double sum = 0;
        for (std::size_t m = 0; m < rates.size(); ++m) sum += rates[m] * factors[m];
        return {0.0, sum * top_factor(p) * std::max(1.0, top_amplitude)};
      },
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::inflow

POLKU_PLUGIN(polku::inflow::describe)

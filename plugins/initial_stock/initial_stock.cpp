// initial_stock: the job-seekers already registered on the start day, with elapsed spell lengths.
//
// Elapsed lengths follow the shape of a stationary stock with a constant exit rate: an
// exponential density, its rate fixed by the share unemployed for long_term_days or more (a
// share s gives s^2 at twice the threshold), limited to [elapsed_days_min, elapsed_days_max].
// The density falls with duration and has a tail beyond two years, as a real stock does.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "polku/param_builders.hpp"
#include "polku/plugin.hpp"

namespace polku::initial_stock {
namespace {

class InitialStock final : public Module {
 public:
  explicit InitialStock(const ModuleConfig& config)
      : jobseekers_(config.params.per_municipality("jobseekers")),
        min_elapsed_(static_cast<double>(config.params.integer("elapsed_days_min"))),
        max_elapsed_(static_cast<double>(config.params.integer("elapsed_days_max"))) {
    const auto long_term_days = static_cast<double>(config.params.integer("long_term_days"));
    // Nobody long-term: spells spread evenly below the threshold (not all starting today).
    below_threshold_max_ = std::min(max_elapsed_, long_term_days - 1.0);
    for (const double share : config.params.per_municipality("long_term_share"))
      rate_.push_back(share <= 0.0 ? std::numeric_limits<double>::infinity()
                                   : -std::log(share) / long_term_days);
  }

  void start(Simulation& sim) override {
    const Day today = sim.today();
    for (MunicipalityId m = 0; m < jobseekers_.size(); ++m) {
      const auto count = static_cast<std::uint32_t>(std::llround(jobseekers_[m]));
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t key = subject::initial(m, i);
        const double u = sim.random(key, Stream::initial_stock).uniform();  // (0, 1]
        const Day spell_start = today - static_cast<Day>(elapsed_days(rate_[m], u));
        sim.register_jobseeker(
            {.key = key, .municipality = m, .registered = spell_start, .spell_start = spell_start});
      }
    }
  }

 private:
  /// Whole elapsed days from the exponential with `rate` truncated to [min, max], by inversion.
  [[nodiscard]] double elapsed_days(double rate, double u) const {
    const double span = max_elapsed_ - min_elapsed_;
    if (!std::isfinite(rate))  // a long-term share of 0
      return std::floor(min_elapsed_ + u * std::max(0.0, below_threshold_max_ - min_elapsed_));
    const double offset = rate == 0.0 ? u * span  // a long-term share of 1: flat over the range
                                      : -std::log1p(-u * -std::expm1(-rate * span)) / rate;
    return std::min(max_elapsed_, std::floor(min_elapsed_ + offset));
  }

  std::vector<double> jobseekers_;
  std::vector<double> rate_;  ///< per municipality, 1/day
  double min_elapsed_;
  double max_elapsed_;
  double below_threshold_max_ = 0.0;
};

std::vector<std::string> check(const ParamValues& p) {
  const std::int64_t min = p.integer("elapsed_days_min");
  const std::int64_t max = p.integer("elapsed_days_max");
  if (min > max) return {"elapsed_days_min must not exceed elapsed_days_max"};
  const auto& shares = p.per_municipality("long_term_share");
  if (max < p.integer("long_term_days") &&
      std::any_of(shares.begin(), shares.end(), [](double s) { return s > 0; }))
    return {"long_term_share is above 0 but elapsed_days_max (" + std::to_string(max) +
            ") is below long_term_days (" + std::to_string(p.integer("long_term_days")) +
            "): nobody could be long-term"};
  return {};
}

PluginDescriptor describe() {
  return {
      .name = "initial_stock",
      .version = "2.0.0",
      .description = "Job-seekers registered on the start day, with elapsed spell lengths.",
      .priority = 10,
      .hooks = hook::start,
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
               .default_yaml = "3650",
               .unit = "days",
               .min = 0.0,
               .max = 36500.0,
               .doc = "Longest elapsed spell length (the tail beyond it is cut off)."},
              {.name = "long_term_days",
               .type = ParamType::integer,
               .default_yaml = "365",
               .unit = "days",
               .min = 1.0,
               .max = 36500.0,
               .doc = "Elapsed length from which a spell counts as long-term; keep it equal to "
                      "jobseeker_stock's long_term_threshold_days."},
              param::municipal_fraction(
                  "long_term_share", "0.3",
                  "Share of the start-day stock unemployed for long_term_days or more (before "
                  "the elapsed_days limits); it sets the rate of the exponential shape. "
                  "Assumption: the shared data has no duration structure of the stock; 0.3 is "
                  "near the national share of the late 2010s (27.3 % in 10/2019, Employment "
                  "Bulletin). A user's aggregates give local figures."),
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<InitialStock>(c);
      },
      .check = check,
      .workload = [](const ParamValues& p) -> Workload {
        const auto& stock = p.per_municipality("jobseekers");
        return {std::accumulate(stock.begin(), stock.end(), 0.0), 0.0};
      },
  };
}

}  // namespace
}  // namespace polku::initial_stock

POLKU_PLUGIN(polku::initial_stock::describe)

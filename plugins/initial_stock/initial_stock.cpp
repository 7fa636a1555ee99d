// initial_stock: the job-seekers already registered on the start day, with elapsed spell lengths
// drawn from a two-part uniform distribution: a given share long-term (at least long_term_days),
// the rest shorter. The share may differ by municipality (a user's own aggregates).
#include <algorithm>
#include <cmath>

#include "polku/param_builders.hpp"
#include "polku/plugin.hpp"

namespace polku::initial_stock {
namespace {

class InitialStock final : public Module {
 public:
  explicit InitialStock(const ModuleConfig& config)
      : jobseekers_(config.params.per_municipality("jobseekers")),
        long_term_share_(config.params.per_municipality("long_term_share")),
        short_{config.params.integer("elapsed_days_min"),
               std::min(config.params.integer("elapsed_days_max"),
                        config.params.integer("long_term_days") - 1)},
        long_{std::max(config.params.integer("elapsed_days_min"),
                       config.params.integer("long_term_days")),
              config.params.integer("elapsed_days_max")} {}

  void start(Simulation& sim) override {
    const Day today = sim.today();
    for (MunicipalityId m = 0; m < jobseekers_.size(); ++m) {
      const auto count = static_cast<std::uint32_t>(std::llround(jobseekers_[m]));
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t key = subject::initial(m, i);
        auto random = sim.random(key, Stream::initial_stock);
        const Range& range = random.bernoulli(long_term_share_[m]) ? long_ : short_;
        const Day spell_start = today - static_cast<Day>(range.draw(random.uniform()));
        sim.register_jobseeker(
            {.key = key, .municipality = m, .registered = spell_start, .spell_start = spell_start});
      }
    }
  }

 private:
  /// Whole days from `low` to `high`, both included.
  struct Range {
    std::int64_t low;
    std::int64_t high;
    /// u in (0, 1] maps onto low..high with equal probability.
    [[nodiscard]] std::int64_t draw(double u) const {
      return high -
             static_cast<std::int64_t>(std::floor((1.0 - u) * static_cast<double>(high - low + 1)));
    }
  };

  std::vector<double> jobseekers_;
  std::vector<double> long_term_share_;
  Range short_;
  Range long_;
};

std::vector<std::string> check(const ParamValues& p) {
  const std::int64_t min = p.integer("elapsed_days_min");
  const std::int64_t max = p.integer("elapsed_days_max");
  const std::int64_t long_term = p.integer("long_term_days");
  if (min > max) return {"elapsed_days_min must not exceed elapsed_days_max"};
  const auto& shares = p.per_municipality("long_term_share");
  const bool any_long = std::any_of(shares.begin(), shares.end(), [](double s) { return s > 0; });
  const bool any_short = std::any_of(shares.begin(), shares.end(), [](double s) { return s < 1; });
  if (any_long && max < long_term)
    return {"long_term_share is above 0 but elapsed_days_max (" + std::to_string(max) +
            ") is below long_term_days (" + std::to_string(long_term) + ")"};
  if (any_short && min >= long_term)
    return {"long_term_share is below 1 but elapsed_days_min (" + std::to_string(min) +
            ") is not below long_term_days (" + std::to_string(long_term) + ")"};
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
               .default_yaml = "520",
               .unit = "days",
               .min = 0.0,
               .max = 36500.0,
               .doc = "Longest elapsed spell length. Assumption: the shared data has no duration "
                      "structure of the stock; with long_term_share 0.3, 0-520 days is the "
                      "uniform spread the national and area scenarios use."},
              {.name = "long_term_days",
               .type = ParamType::integer,
               .default_yaml = "365",
               .unit = "days",
               .min = 1.0,
               .max = 36500.0,
               .doc = "Elapsed length from which a spell counts as long-term (as "
                      "jobseeker_stock's long_term_threshold_days)."},
              param::municipal_fraction(
                  "long_term_share", "0.3",
                  "Share of the start-day stock unemployed for long_term_days or more; elapsed "
                  "lengths are uniform within each part. Assumption: about the national share "
                  "in 2017 (27.3 % in 10/2019, Employment Bulletin); local figures replace it."),
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

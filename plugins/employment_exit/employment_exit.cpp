// employment_exit: exits to open-market employment with a hazard piecewise constant in spell
// length.
//
// The exit day is drawn when a job-seeker becomes unemployed (registration, or return from a
// service) by inverting the cumulative hazard with one exponential draw, so nothing is evaluated
// on the days in between. A later status change makes the scheduled exit stale (status stamp).
//
// Who the person is scales the hazard too: documented hazard ratios for age 55 and over, partial
// work ability, no vocational qualification and a foreign mother tongue, multiplied together
// (proportional hazards; `daily_rates` are those of the reference group). Because the slower
// leavers stay, the stock gathers them and its long-term share rises, as in the register. The
// older-age ratio takes effect on the birthday within the spell.
//
// The labour market's tightness (open vacancies per unemployed, a dated series) scales the hazard
// as (tightness / reference)^elasticity, as in a matching function. The series is known ahead, so
// the one draw inverts the cumulative hazard through the tightness dates as well as the spell's
// bands and the birthday: nothing is redrawn when the tightness changes. Only a run restored
// from a state drawn under other exit parameters (a warm-up, a what-if variant) redraws everyone
// unemployed on its first day, memorylessly, and a generation tag makes the earlier events stale.
//
// People differ in ways no attribute shows: each registrant gets a latent employability type, a
// finite mixture of hazard multipliers (`type_multipliers` with `type_shares` among newcomers).
// Because the quick types leave first, the stock's exit rate falls with spell length by
// composition alone. The start-day stock is a stock, not newcomers: its types are drawn given
// the spell each person has already survived, P(type | elapsed) ∝ share × survival of the type,
// so long spells hold mostly slow types. Each municipality's own pace scales the hazard too
// (`hazard_multiplier`, estimated from its recovery after shocks; scenarios/estimates/).
#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "piecewise_hazard.hpp"
#include "polku/drawn_under.hpp"
#include "polku/param_builders.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"

namespace polku::employment_exit {
namespace {

class EmploymentExit final : public Module {
 public:
  explicit EmploymentExit(const ModuleConfig& config)
      : hazard_{config.params.reals("breakpoints_days"), config.params.reals("daily_rates")},
        own_job_share_(config.params.real("own_job_share")),
        tightness_(config.params.dated("tightness")),
        reference_(config.params.real("tightness_reference")),
        elasticity_(config.params.real("tightness_elasticity")),
        older_age_(static_cast<std::uint8_t>(config.params.integer("older_age"))),
        ratio_older_(config.params.real("hazard_ratio_older")),
        ratio_partial_work_ability_(config.params.real("hazard_ratio_partial_work_ability")),
        ratio_no_vocational_education_(config.params.real("hazard_ratio_no_vocational_education")),
        ratio_foreign_language_(config.params.real("hazard_ratio_foreign_language")),
        ratio_without_attributes_(config.params.real("hazard_ratio_without_attributes")),
        laid_off_(config.params.per_municipality("laid_off_at_start")),
        laid_off_return_days_(config.params.real("laid_off_return_days")),
        seasonal_(config.params.per_municipality("seasonal_at_start")),
        seasonal_return_days_(config.params.real("seasonal_return_days")),
        municipal_(config.params.per_municipality("hazard_multiplier")),
        type_multipliers_(config.params.reals("type_multipliers")) {
    // The hazard multiplier of each tightness period; period 0 is before the first date.
    tightness_multipliers_.push_back(1.0);
    for (double tightness : tightness_.values) tightness_multipliers_.push_back(scaled(tightness));
    std::vector<double> exit_parameters = hazard_.breakpoints;
    for (const auto* values : {&hazard_.rates, &tightness_.values, &tightness_multipliers_,
                               &laid_off_, &seasonal_, &municipal_, &type_multipliers_})
      exit_parameters.insert(exit_parameters.end(), values->begin(), values->end());
    for (Day date : tightness_.dates) exit_parameters.push_back(date);
    exit_parameters.insert(
        exit_parameters.end(),
        {reference_, elasticity_, static_cast<double>(older_age_), ratio_older_,
         ratio_partial_work_ability_, ratio_no_vocational_education_, ratio_foreign_language_,
         ratio_without_attributes_, laid_off_return_days_, seasonal_return_days_});
    drawn_under_ = DrawnUnder(std::move(exit_parameters));
    // Shares normalised and accumulated, for drawing a newcomer's type.
    const auto& shares = config.params.reals("type_shares");
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    double sum = 0.0;
    for (double share : shares) type_shares_.push_back(share / total);
    for (double share : type_shares_) type_cumulative_.push_back(sum += share);
  }

  void declare(Registry& registry) override {
    exit_ = registry.event_kind("employment_exit.exit");
    laid_off_flag_ = registry.agent_flag("laid_off");
    seasonal_flag_ = registry.agent_flag("seasonal_layoff");
    type_ = registry.agent_field<std::uint8_t>("type");
    age_ = registry.field_view<std::uint8_t>(person::kAge);
    partial_work_ability_ = registry.flag_view(person::kPartialWorkAbility);
    vocational_education_ = registry.flag_view(person::kVocationalEducation);
    foreign_language_ = registry.flag_view(person::kForeignLanguage);
  }

  void on_register(Simulation& sim, AgentRef a) override {
    const JobSeeker& s = sim.agent(a);
    // Part of the start-day stock may be temporarily laid off, after a shock or in the season's
    // peak: they wait to return to their employer rather than search. One draw decides both.
    if (sim.today() == sim.start() && s.status == Status::unemployed) {
      const double u = sim.random(s.key, Stream::temporary_layoff).uniform();
      if (u <= laid_off_[s.municipality])
        laid_off_flag_.set(sim, a, true);
      else if (u <= laid_off_[s.municipality] + seasonal_[s.municipality])
        seasonal_flag_.set(sim, a, true);
    }
    if (type_multipliers_.size() > 1) type_(sim, a) = draw_type(sim, a);
    draw_exit(sim, a);
  }

  void begin_day(Simulation& sim) override {
    if (drawn_under_.take_redraw()) sim.for_each_agent([&](AgentRef a) { draw_exit(sim, a); });
  }

  // The parameters the pending exits were drawn under travel with them: a run restored under
  // other ones redraws on its first day.
  void save(boost::archive::binary_oarchive& ar) const override { drawn_under_.save(ar); }
  void load(boost::archive::binary_iarchive& ar) override { drawn_under_.load(ar); }

  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override {
    laid_off_flag_.set(sim, a, false);  // the layoff is over
    seasonal_flag_.set(sim, a, false);
    draw_exit(sim, a);
  }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed || payload != stamp(s)) return;
    // Which of the two employment routes: a separate draw on the exit day.
    const bool own = sim.random(s.key, Stream::employment_exit).bernoulli(own_job_share_);
    sim.deregister(a, own ? ExitReason::own_job : ExitReason::open_market);
  }

 private:
  void draw_exit(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed) return;
    const double elapsed = sim.today() - s.spell_start;
    const double draw = sim.random(s.key, Stream::employment_exit).exponential();
    // Spell lengths from which the hazard's other factors change: the tightness dates, the
    // birthday at older_age, the day after the last simulated one (no exit drawn beyond it).
    constexpr double kNever = std::numeric_limits<double>::infinity();
    const double horizon = sim.end() + 1 - s.spell_start;
    const std::uint8_t age = age_(sim, a);
    const double older_from =
        age == 0 || ratio_older_ == 1.0
            ? kNever
            : s.registered + (older_age_ - age) * kDaysPerYear - s.spell_start;
    const double person = type_multipliers_[type_(sim, a)] * municipal_[s.municipality] *
                          hazard_ratio_apart_from_age(sim, a);
    auto period = tightness_period(sim.today());
    const auto factor = [&](double t) -> std::pair<double, double> {
      if (t >= horizon) return {0.0, kNever};
      const double day = s.spell_start + t;
      while (period < tightness_.dates.size() && tightness_.dates[period] <= day) ++period;
      const double next_date =
          period < tightness_.dates.size() ? tightness_.dates[period] - s.spell_start : kNever;
      const double next = std::min({next_date, t < older_from ? older_from : kNever, horizon});
      return {person * tightness_multipliers_[period] * (t < older_from ? 1.0 : ratio_older_),
              next};
    };
    // Back to the employer after the layoff, whatever the spell and the labour market.
    const double exit_at = laid_off_flag_(sim, a)   ? elapsed + draw * laid_off_return_days_
                           : seasonal_flag_(sim, a) ? elapsed + draw * seasonal_return_days_
                                                    : hazard_.exit_time(elapsed, draw, factor);
    if (!std::isfinite(exit_at)) return;
    // At least one day ahead: the day a period starts is spent in it.
    const double days_ahead = std::max(1.0, std::ceil(exit_at - elapsed));
    if (days_ahead > sim.end() - sim.today()) return;
    sim.schedule(a, sim.today() + static_cast<Day>(days_ahead), exit_, stamp(s));
  }

  /// The hazard multiplier of a tightness relative to the reference.
  [[nodiscard]] double scaled(double tightness) const {
    if (reference_ <= 0) return 1.0;
    return std::pow(std::max(tightness, 1e-6) / reference_, elasticity_);
  }

  /// The tightness period in force on `day`: 0 before the first date, k after the k-th.
  [[nodiscard]] std::size_t tightness_period(Day day) const {
    return static_cast<std::size_t>(
        std::upper_bound(tightness_.dates.begin(), tightness_.dates.end(), day) -
        tightness_.dates.begin());
  }

  /// The person's hazard relative to the reference group on today. Without person_attributes
  /// nobody has an age or attribute flags: everyone gets the average registrant's ratio.
  [[nodiscard]] double hazard_ratio(const Simulation& sim, AgentRef a) const {
    const std::uint8_t age = age_(sim, a);
    if (age == 0) return ratio_without_attributes_;
    const bool older = person::age_on(age, sim.agent(a), sim.today()) >= older_age_;
    return (older ? ratio_older_ : 1.0) * hazard_ratio_apart_from_age(sim, a);
  }

  /// The attributes' ratios other than the older-age one, which changes within a spell.
  [[nodiscard]] double hazard_ratio_apart_from_age(const Simulation& sim, AgentRef a) const {
    if (age_(sim, a) == 0) return ratio_without_attributes_;
    double ratio = 1.0;
    if (partial_work_ability_(sim, a)) ratio *= ratio_partial_work_ability_;
    if (!vocational_education_(sim, a)) ratio *= ratio_no_vocational_education_;
    if (foreign_language_(sim, a)) ratio *= ratio_foreign_language_;
    return ratio;
  }

  /// A registrant's employability type. Newcomers have the mixture's shares; someone registered
  /// before today has survived the spell so far, which the slow types do more often.
  [[nodiscard]] std::uint8_t draw_type(const Simulation& sim, AgentRef a) const {
    const JobSeeker& s = sim.agent(a);
    const double u = sim.random(s.key, Stream::employability).uniform();
    if (s.registered == sim.today() || s.status != Status::unemployed)
      return pick(type_cumulative_, u);
    // Survival to the elapsed spell under each type's hazard at the start day's conditions.
    const double base = hazard_.cumulative(sim.today() - s.spell_start) *
                        tightness_multipliers_[tightness_period(sim.today())] *
                        hazard_ratio(sim, a) * municipal_[s.municipality];
    std::vector<double> cumulative;
    double sum = 0.0;
    for (std::size_t k = 0; k < type_shares_.size(); ++k)
      cumulative.push_back(sum += type_shares_[k] * std::exp(-type_multipliers_[k] * base));
    if (sum <= 0.0) return static_cast<std::uint8_t>(type_shares_.size() - 1);
    for (double& c : cumulative) c /= sum;
    return pick(cumulative, u);
  }

  static std::uint8_t pick(const std::vector<double>& cumulative, double u) {
    for (std::size_t k = 0; k + 1 < cumulative.size(); ++k)
      if (u <= cumulative[k]) return static_cast<std::uint8_t>(k);
    return static_cast<std::uint8_t>(cumulative.size() - 1);
  }

  [[nodiscard]] std::uint16_t stamp(const JobSeeker& s) const {
    return drawn_under_.stamp(status_stamp(s));
  }

  PiecewiseHazard hazard_;
  double own_job_share_;
  DatedValues tightness_;
  double reference_;
  double elasticity_;
  std::uint8_t older_age_;
  double ratio_older_;
  double ratio_partial_work_ability_;
  double ratio_no_vocational_education_;
  double ratio_foreign_language_;
  double ratio_without_attributes_;
  std::vector<double> laid_off_;
  double laid_off_return_days_;
  std::vector<double> seasonal_;
  double seasonal_return_days_;
  EventKind exit_ = 0;
  std::vector<double> municipal_;         ///< per home municipality
  std::vector<double> type_multipliers_;  ///< per employability type
  std::vector<double> type_shares_, type_cumulative_;
  std::vector<double> tightness_multipliers_;  ///< per tightness period, 0 before the first date
  DrawnUnder drawn_under_;                     ///< everything an exit draw depends on
  AgentFlag laid_off_flag_;        ///< temporarily laid off, waiting to return to the employer
  AgentFlag seasonal_flag_;        ///< laid off for the season at the start, returning soon
  AgentField<std::uint8_t> type_;  ///< employability type: an index of type_multipliers
  AgentFieldView<std::uint8_t> age_;
  AgentFlagView partial_work_ability_, vocational_education_, foreign_language_;
};

/// A hazard ratio of an attribute: 1 is no effect; up to 5 either way is plausible at all.
ParamSpec hazard_ratio_spec(std::string name, std::string default_yaml, std::string doc) {
  return param::ranged(std::move(name), ParamType::real, std::move(default_yaml), "hazard ratio",
                       0.0, 5.0, std::move(doc));
}

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
  const auto& shares = p.reals("type_shares");
  const auto& multipliers = p.reals("type_multipliers");
  if (shares.size() != multipliers.size())
    problems.push_back("type_shares and type_multipliers need one value per type each, got " +
                       std::to_string(shares.size()) + " and " +
                       std::to_string(multipliers.size()));
  if (shares.empty() || shares.size() > 16)
    problems.push_back("give between 1 and 16 employability types");
  if (std::accumulate(shares.begin(), shares.end(), 0.0) <= 0.0)
    problems.push_back("type_shares add up to zero");
  return problems;
}

PluginDescriptor describe() {
  return {
      .name = "employment_exit",
      .version = "3.2.0",
      .description = "Exits to open-market employment; hazard piecewise constant in spell length.",
      .priority = 30,
      .hooks = hook::on_register | hook::begin_day | hook::on_status_change,
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
               .default_yaml = "[0.0061, 0.0047, 0.0034, 0.0020, 0.0011]",
               .unit = "1/day",
               .min = 0.0,
               .max = 1.0,
               .doc = "Exit-to-employment hazard of the reference group (under 55, full work "
                      "ability, vocational qualification, Finnish/Swedish/Sami) in each band (one "
                      "more than breakpoints). Assumption, set so that a registrant with the mean "
                      "ratio 0.74 (person_attributes' default shares, the default ratios) has "
                      "0.0045, 0.0035, 0.0025, 0.0015 and 0.0008; with no other exits about a "
                      "third of registrants leave for work within 3 months and two thirds within "
                      "a year. Plausible range 0.5x to 2x."},
              {.name = "older_age",
               .type = ParamType::integer,
               .default_yaml = "55",
               .unit = "years",
               .min = 17.0,
               .max = 70.0,
               .doc = "Age from which hazard_ratio_older applies."},
              param::uncertain(
                  hazard_ratio_spec("hazard_ratio_older", "0.5",
                                    "Exit-to-work hazard at older_age and over relative to "
                                    "younger job-seekers. Assumption; plausible 0.3-0.8."),
                  uniform(0.3, 0.8)),
              param::uncertain(
                  hazard_ratio_spec("hazard_ratio_partial_work_ability", "0.5",
                                    "Hazard ratio for partial work ability. Assumption; "
                                    "plausible 0.3-0.8."),
                  uniform(0.3, 0.8)),
              param::uncertain(
                  hazard_ratio_spec("hazard_ratio_no_vocational_education", "0.75",
                                    "Hazard ratio without a vocational or higher qualification. "
                                    "Assumption; plausible 0.5-0.9."),
                  uniform(0.5, 0.9)),
              param::uncertain(
                  hazard_ratio_spec("hazard_ratio_foreign_language", "0.8",
                                    "Hazard ratio for a foreign mother tongue. Assumption; "
                                    "plausible 0.6-1.0."),
                  uniform(0.6, 1.0)),
              hazard_ratio_spec("hazard_ratio_without_attributes", "0.74",
                                "Ratio for everyone when no module draws attributes (no "
                                "person_attributes): the mean ratio of new registrants under "
                                "person_attributes' default shares and the default ratios, so a "
                                "scenario without attributes keeps the average hazard."),
              param::municipal_fraction(
                  "laid_off_at_start", "0",
                  "Share of the start-day stock temporarily laid off (counted as unemployed in "
                  "table 12r5); they return to work after laid_off_return_days on average, "
                  "whatever the labour market. A backtest after a shock sets it from the data."),
              param::uncertain(
                  param::ranged("laid_off_return_days", ParamType::real, "90", "days", 1.0, 3650.0,
                                "Mean wait of a temporarily laid-off job-seeker to return to "
                                "work. Assumption: layoffs are mostly notified for up to 90 "
                                "days; plausible 30-180."),
                  uniform(30.0, 180.0)),
              param::municipal_fraction(
                  "seasonal_at_start", "0",
                  "Share of the start-day stock that is there only for the season: a stock at its "
                  "seasonal peak (December's Christmas layoffs) holds people about to go back to "
                  "work, whom ordinary exit rates would keep for months. They return after "
                  "seasonal_return_days on average. A backtest sets it from the municipality's "
                  "own series (the start month's excess over its neighbours in earlier years)."),
              param::uncertain(
                  param::ranged("seasonal_return_days", ParamType::real, "30", "days", 1.0, 365.0,
                                "Mean wait of someone in the start-day stock for the season to "
                                "return to work. Assumption: Christmas layoffs end in January; "
                                "plausible 14-60."),
                  uniform(14.0, 60.0)),
              {.name = "tightness",
               .type = ParamType::dated_values,
               .default_yaml = "{}",
               .unit = "open vacancies per unemployed",
               .min = 0.0,
               .max = 100.0,
               .doc = "Labour market tightness by date (e.g. a 12-month mean of table 12r5's open "
                      "vacancies / unemployed); empty: no cycle."},
              {.name = "tightness_reference",
               .type = ParamType::real,
               .default_yaml = "0",
               .unit = "open vacancies per unemployed",
               .min = 0.0,
               .max = 100.0,
               .doc = "Tightness at which daily_rates hold (the multiplier is 1); 0: no cycle."},
              {.name = "tightness_elasticity",
               .type = ParamType::real,
               .default_yaml = "0.5",
               .unit = "",
               .min = 0.0,
               .max = 5.0,
               .doc = "Elasticity of the exit hazard to tightness. Assumption: 0.5, the usual "
                      "matching-function elasticity; plausible 0.3-0.7 for open vacancies per "
                      "unemployed. An index of another kind has its own: the macro paths' "
                      "unemployment index (vacancies held) is fitted at about 2.5 "
                      "(scenarios/calibration/observed-path.yaml).",
               .uncertainty = uniform(0.3, 0.7)},
              {.name = "type_shares",
               .type = ParamType::real_list,
               .default_yaml = "[1]",
               .unit = "share of newcomers",
               .min = 0.0,
               .max = 1.0,
               .doc = "Shares of the latent employability types among new registrants "
                      "(normalised). One type: no unobserved heterogeneity. Fitted to the "
                      "national duration structure (scenarios/calibration/)."},
              {.name = "type_multipliers",
               .type = ParamType::real_list,
               .default_yaml = "[1]",
               .unit = "hazard multiplier",
               .min = 0.01,
               .max = 20.0,
               .doc = "Exit-to-work hazard multiplier of each employability type."},
              param::ranged("hazard_multiplier", ParamType::per_municipality, "1",
                            "hazard multiplier", 0.2, 5.0,
                            "The municipality's own pace of exits to work relative to the whole "
                            "country, estimated from how fast its unemployment recovers after "
                            "shocks (scenarios/estimates/, docs/municipal-dynamics.md)."),
              {.name = "own_job_share",
               .type = ParamType::real,
               .default_yaml = "0.5",
               .unit = "share",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "Share of exits to work that are found on one's own rather than placed by "
                   "the employment services (TTV15 distinguishes the two). Assumption; plausible "
                   "0.3-0.7.",
               .uncertainty = uniform(0.3, 0.7)},
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

// benefits: unemployment benefits paid to each job-seeker and the municipal financing share, as a
// ledger per home municipality (domain brief section 5; docs/finance.md).
//
// Nothing is done per person and day. Each paid person contributes fixed daily rates (euros paid,
// municipal share, by benefit type and day band) to the aggregates of their home municipality;
// every payment day adds the aggregates to the month (O(municipalities)). A person's rates change
// only at known days: a status change, a move, an employment condition met, or a day counter
// crossing a threshold (a band of the share, a step cut of the earnings-related allowance, the
// end of the allowance period); those crossings are scheduled as events. Rule changes on a date
// (new amounts, the 2025 financing rules, the general benefit) rebuild the aggregates in one pass.
//
// Day counters are the module's agent fields: `days` counts every paid day since the last reset
// (the 2025 counter, also the allowance period); `days_2024_rule` counts labour market subsidy
// days paid during unemployment, with its share band; the `paid` flags record what the person
// contributes to the aggregates, so the contribution can be withdrawn exactly even after other
// modules changed the agent.
#include <algorithm>
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <limits>

#include "benefit_rules.hpp"
#include "polku/param_builders.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"
#include "share_rules.hpp"

namespace polku::benefits {
namespace {

constexpr std::array<const char*, kCategories> kCategoryNames = {
    "labour_market_subsidy", "basic_allowance", "earnings_related",
    "general_social_security_benefit"};

/// The regimes, in the order of their band lines (and indicators): the 2025 rule's bands first.
std::vector<std::unique_ptr<ShareRule>> make_share_rules(const ParamValues& p) {
  std::vector<std::unique_ptr<ShareRule>> rules;
  rules.push_back(
      share_2025(p.dated_lists("share_2025_band_starts"), p.dated_lists("share_2025_rates")));
  rules.push_back(
      share_2024(p.dated_lists("share_2024_thresholds"), p.dated_lists("share_2024_rates")));
  rules.push_back(no_share());
  return rules;
}

/// Each regime's first band line, in `rules` order, and after them the number of lines.
std::vector<std::size_t> band_offsets(const std::vector<std::unique_ptr<ShareRule>>& rules) {
  std::vector<std::size_t> offsets = {0};
  for (const auto& rule : rules) offsets.push_back(offsets.back() + rule->bands());
  return offsets;
}

/// Daily rates or a month's accruals of every home municipality, side by side in one array: per
/// municipality, the days, euros paid and municipal share (whole micro-euros) of each category,
/// then the share of each band line. A contribution touches one municipality's block, a couple of
/// cache lines, with no pointer to follow.
class Ledger {
 public:
  Ledger(std::size_t municipalities, std::size_t bands)
      : width_(kBandsAt + bands), values_(municipalities * width_, 0) {}

  void add(MunicipalityId m, Category c, int band_line, std::int64_t days, std::int64_t paid,
           std::int64_t share) noexcept {
    std::int64_t* line = &values_[at(m, c)];
    line[kDays] += days;
    line[kPaid] += paid;
    line[kShare] += share;
    if (band_line >= 0) values_[band_at(m, static_cast<std::size_t>(band_line))] += share;
  }
  void add(const Ledger& other) noexcept {
    for (std::size_t k = 0; k < values_.size(); ++k) values_[k] += other.values_[k];
  }
  void clear() noexcept { std::fill(values_.begin(), values_.end(), 0); }

  [[nodiscard]] std::size_t municipalities() const noexcept { return values_.size() / width_; }

  [[nodiscard]] std::int64_t days(MunicipalityId m, int c) const noexcept {
    return values_[at(m, c) + kDays];
  }
  [[nodiscard]] std::int64_t paid(MunicipalityId m, int c) const noexcept {
    return values_[at(m, c) + kPaid];
  }
  [[nodiscard]] std::int64_t share(MunicipalityId m, int c) const noexcept {
    return values_[at(m, c) + kShare];
  }
  [[nodiscard]] std::int64_t band(MunicipalityId m, std::size_t line) const noexcept {
    return values_[band_at(m, line)];
  }

  void save(boost::archive::binary_oarchive& ar) const { ar << values_; }
  void load(boost::archive::binary_iarchive& ar, std::string_view what) {
    load_same_shape(ar, values_, what);
  }

 private:
  enum : std::size_t { kDays = 0, kPaid = 1, kShare = 2, kPerCategory = 3 };
  static constexpr std::size_t kBandsAt = kPerCategory * std::size_t{kCategories};

  /// Where the line of category `c` of municipality `m` begins.
  [[nodiscard]] std::size_t at(MunicipalityId m, int c) const noexcept {
    return m * width_ + kPerCategory * static_cast<std::size_t>(c);
  }
  [[nodiscard]] std::size_t band_at(MunicipalityId m, std::size_t line) const noexcept {
    return m * width_ + kBandsAt + line;
  }

  std::size_t width_;
  std::vector<std::int64_t> values_;
};

/// What the dated tables give between two consecutive change days, [from, until): looked up once
/// a period, not at every settlement (every rate is rebuilt on a change day, so a settlement
/// always falls in the current period).
struct InForce {
  Day from = 0, until = 0;
  double basic = 0;    ///< basic allowance per day
  double general = 0;  ///< general benefit per day, when it is paid
  bool general_paid = false;
  double max_days = 0;   ///< the allowance period, paid days
  bool steps = false;    ///< earnings-related step cuts apply
  std::size_t rule = 0;  ///< the share regime in force, an index of `rules_`
};

class Benefits final : public Module {
 public:
  explicit Benefits(const ModuleConfig& config)
      : basic_(config.params.dated("basic_daily_eur")),
        general_(config.params.dated("general_benefit_daily_eur")),
        subsidy_fraction_(config.params.real("subsidy_paid_fraction")),
        earnings_part_(config.params.real("earnings_part_daily_eur")),
        step_days_(config.params.reals("earnings_step_days")),
        step_factors_(config.params.reals("earnings_step_factors")),
        steps_from_(config.params.date("earnings_steps_from")),
        max_days_(config.params.dated("allowance_max_days")),
        condition_weeks_(config.params.dated("employment_condition_weeks")),
        wage_subsidy_condition_(config.params.boolean("wage_subsidy_meets_condition")),
        history_max_(config.params.real("subsidy_history_days_max")),
        rule_(config.params.dated("share_rule")),
        rules_(make_share_rules(config.params)),
        band_offset_(band_offsets(rules_)),
        rates_(config.municipalities.size(), band_offset_.back()),
        month_(config.municipalities.size(), band_offset_.back()) {
    for (const DatedValues* d : {&basic_, &general_, &max_days_, &rule_})
      for (Day day : d->dates) change_days_.push_back(day);
    for (const auto& rule : rules_)
      for (Day day : rule->change_days()) change_days_.push_back(day);
    change_days_.push_back(steps_from_);
  }

  void declare(Registry& registry) override {
    entitlement_ = registry.field_view<BenefitType>(person::kBenefitType);
    type_ = registry.agent_field<BenefitType>("type");
    record_ = registry.agent_field<Counters>("counters");
    change_ = registry.event_kind("benefits.counter_crossing");
    reset_ = registry.event_kind("benefits.employment_condition");
    days_id_ = registry.indicator("benefit_days_paid", Measure::flow);
    paid_id_ = registry.indicator("benefit_expenditure_eur", Measure::flow);
    share_id_ = registry.indicator("municipal_share_eur", Measure::flow);
    state_id_ = registry.indicator("state_share_eur", Measure::flow);
    net_id_ = registry.indicator("net_municipal_cost_eur", Measure::flow);
    for (int c = 0; c < kCategories; ++c) {
      const std::string suffix = std::string(".") + kCategoryNames[c];
      days_by_[c] = registry.indicator("benefit_days_paid" + suffix, Measure::flow);
      paid_by_[c] = registry.indicator("benefit_expenditure_eur" + suffix, Measure::flow);
      share_by_[c] = registry.indicator("municipal_share_eur" + suffix, Measure::flow);
    }
    // Named by regime and band index, so that a changed band start renames nothing and a
    // comparison of two tables still pairs its indicators.
    for (const auto& rule : rules_)
      for (std::size_t k = 0; k < rule->bands(); ++k)
        band_ids_.push_back(registry.indicator("municipal_share_eur.rule_" +
                                                   std::to_string(rule->code()) + "_band_" +
                                                   std::to_string(k + 1),
                                               Measure::flow));
  }

  void on_register(Simulation& sim, AgentRef a) override {
    const JobSeeker& s = sim.agent(a);
    const Day today = sim.today();
    Counters r;
    r.type = entitlement_(sim, a);
    // The start-day stock: paid without a break since the spell started (assumption); labour
    // market subsidy recipients also bring days paid in earlier spells.
    const std::int64_t history = subsidy_history(sim, s, r.type);
    const std::int64_t before =
        (s.registered < today ? payment_days_between(s.spell_start, today) : 0) + history;
    r.days = static_cast<std::uint16_t>(std::min<std::int64_t>(before, 0xFFFF));
    r.as_of = today;
    for (const auto& rule : rules_)
      rule->on_registration(r, s.spell_start, today, before, history, in_force(today).max_days);
    settle(sim, s, r);
    store(sim, a, r);
    contribute(sim, s, r, s.municipality, +1);
    schedule_next(sim, a, r);
    schedule_condition(sim, a);
  }

  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override {
    const JobSeeker& s = sim.agent(a);
    Counters r = load(sim, a);
    contribute(sim, s, r, s.municipality, -1);
    settle(sim, s, r);
    store(sim, a, r);
    contribute(sim, s, r, s.municipality, +1);
    schedule_next(sim, a, r);
    schedule_condition(sim, a);
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    const JobSeeker& s = sim.agent(a);
    const Counters r = load(sim, a);
    contribute(sim, s, r, from,
               -1);  // the home on the payment day pays: from today on, the new one
    contribute(sim, s, r, s.municipality, +1);
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    const JobSeeker& s = sim.agent(a);
    contribute(sim, s, load(sim, a), s.municipality, -1);
  }

  void on_event(Simulation& sim, AgentRef a, EventKind kind, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    Counters r = load(sim, a);
    if (kind == reset_) {
      if (payload != status_stamp(s)) return;
      contribute(sim, s, r, s.municipality, -1);
      settle(sim, s, r);
      r.days = 0;  // employment condition met: the counters start again
      for (const auto& rule : rules_) rule->reset(r);
      settle(sim, s, r);
      store(sim, a, r);
      contribute(sim, s, r, s.municipality, +1);
      schedule_next(sim, a, r);
      return;
    }
    if (payload != as_of_stamp(r)) return;  // superseded by a later settlement
    contribute(sim, s, r, s.municipality, -1);
    settle(sim, s, r);
    store(sim, a, r);
    contribute(sim, s, r, s.municipality, +1);
    schedule_next(sim, a, r);
  }

  void begin_day(Simulation& sim) override {
    const Day today = sim.today();
    if (today == sim.start() ||
        std::find(change_days_.begin(), change_days_.end(), today) == change_days_.end())
      return;
    // A rule changes today: rebuild every rate under the rules now in force.
    rates_.clear();
    sim.for_each_agent([&](AgentRef a) {
      const JobSeeker& s = sim.agent(a);
      Counters r = load(sim, a);
      settle(sim, s, r);
      store(sim, a, r);
      contribute(sim, s, r, s.municipality, +1);
      schedule_next(sim, a, r);
    });
  }

  void end_day(Simulation& sim) override {
    if (is_payment_day(sim.today())) month_.add(rates_);
  }

  void end_month(const Simulation& /*sim*/, Indicators& out) override {
    for (std::size_t k = 0; k < month_.municipalities(); ++k) {
      const auto m = static_cast<MunicipalityId>(k);
      std::int64_t days = 0, paid = 0, share = 0;
      for (int c = 0; c < kCategories; ++c) {
        out.add(days_by_[c], m, static_cast<double>(month_.days(m, c)));
        out.add(paid_by_[c], m, static_cast<double>(month_.paid(m, c)) * 1e-6);
        out.add(share_by_[c], m, static_cast<double>(month_.share(m, c)) * 1e-6);
        days += month_.days(m, c), paid += month_.paid(m, c), share += month_.share(m, c);
      }
      for (std::size_t k = 0; k < band_ids_.size(); ++k)
        out.add(band_ids_[k], m, static_cast<double>(month_.band(m, k)) * 1e-6);
      out.add(days_id_, m, static_cast<double>(days));
      out.add(paid_id_, m, static_cast<double>(paid) * 1e-6);
      out.add(share_id_, m, static_cast<double>(share) * 1e-6);
      out.add(state_id_, m, static_cast<double>(paid - share) * 1e-6);
      out.add(net_id_, m, static_cast<double>(share) * 1e-6);
    }
    month_.clear();
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    rates_.save(ar);
    month_.save(ar);
  }
  void load(boost::archive::binary_iarchive& ar) override {
    rates_.load(ar, "benefit rates");
    month_.load(ar, "benefit accruals");
  }

 private:
  [[nodiscard]] Counters load(const Simulation& sim, AgentRef a) const { return record_(sim, a); }
  void store(Simulation& sim, AgentRef a, const Counters& r) const {
    record_(sim, a) = r;
    type_(sim, a) = r.type;  // for other modules (the pilot rule)
  }

  [[nodiscard]] static std::uint16_t as_of_stamp(const Counters& r) noexcept {
    return static_cast<std::uint16_t>(static_cast<std::uint32_t>(r.as_of) & 0xFFFFu);
  }

  /// Wage-subsidised work is employment: no unemployment benefit is paid for it.
  [[nodiscard]] static bool is_paid(const Simulation& sim, const JobSeeker& s, const Counters& r) {
    if (r.type == BenefitType::none) return false;
    if (s.status == Status::unemployed) return true;
    if (s.status != Status::in_service) return false;
    const ServiceKindInfo* kind = sim.service_kind_info(s.service);
    return kind == nullptr || !kind->paid_work;
  }

  /// The tables in force on `d`, looked up again only when `d` leaves the period last looked up.
  const InForce& in_force(Day d) {
    if (d < in_force_.from || d >= in_force_.until) in_force_ = look_up(d);
    return in_force_;
  }

  [[nodiscard]] InForce look_up(Day d) const {
    InForce f{.from = std::numeric_limits<Day>::min(), .until = std::numeric_limits<Day>::max()};
    for (Day change : change_days_)
      if (change <= d)
        f.from = std::max(f.from, change);
      else
        f.until = std::min(f.until, change);
    f.basic = basic_.at(d, 0.0);
    f.general_paid = !general_.dates.empty() && general_.dates.front() <= d;
    f.general = general_.at(d, 0.0);
    f.max_days = max_days_.at(d, 1e9);
    f.steps = d >= steps_from_;
    const int code = static_cast<int>(rule_.at(d, 0));
    f.rule = rules_.size() - 1;  // never kept: check() accepts only the codes of `rules_`
    for (std::size_t k = 0; k < rules_.size(); ++k)
      if (rules_[k]->code() == code) {
        f.rule = k;
        break;
      }
    return f;
  }

  /// Labour market subsidy days paid in earlier spells: uniform on 0..subsidy_history_days_max.
  [[nodiscard]] std::int64_t subsidy_history(const Simulation& sim, const JobSeeker& s,
                                             BenefitType type) const {
    if (history_max_ <= 0 || type != BenefitType::labour_market_subsidy) return 0;
    const double u = sim.random(s.key, Stream::benefit_history).uniform();  // (0, 1]
    return static_cast<std::int64_t>(std::floor((1.0 - u) * (history_max_ + 1.0)));
  }

  /// Accrues the counters up to today and applies what follows from them (allowance exhausted,
  /// 2024-rule band due). Does not touch the aggregates.
  void settle(const Simulation& sim, const JobSeeker& s, Counters& r) {
    const Day today = sim.today();
    if (r.as_of != kNoDay && r.as_of < today && r.paid) {
      const std::int64_t days = payment_days_between(r.as_of, today);
      for (const auto& rule : rules_) rule->accrue(r, days);
      r.days = static_cast<std::uint16_t>(std::min<std::int64_t>(r.days + days, 0xFFFF));
    }
    r.as_of = today;
    if ((r.type == BenefitType::basic_allowance || r.type == BenefitType::earnings_related) &&
        r.days >= in_force(today).max_days)
      r.type = BenefitType::labour_market_subsidy;  // allowance period used up (ch. 6 s. 7)
    for (const auto& rule : rules_) rule->settle(r, today);
    r.paid = is_paid(sim, s, r);
    r.paid_in_service = r.paid && s.status == Status::in_service;
  }

  /// Adds (sign +1) or withdraws (-1) the person's daily rates in municipality `m`, as recorded by
  /// the last settlement.
  void contribute(const Simulation& /*sim*/, const JobSeeker& /*s*/, const Counters& r,
                  MunicipalityId m, int sign) {
    if (!r.paid) return;
    const Day today = r.as_of;
    const InForce& now = in_force(today);
    const std::int64_t day_number = std::int64_t{r.days} + 1;
    const double basic = now.basic;
    double paid = basic, share_base = basic;
    Category c = kBasic;
    switch (r.type) {
      case BenefitType::labour_market_subsidy:
        c = kSubsidy;
        paid = share_base = basic * subsidy_fraction_;
        break;
      case BenefitType::earnings_related: {
        c = kEarnings;
        double factor = 1.0;
        if (now.steps)
          for (std::size_t k = 0; k < step_days_.size(); ++k)
            if (day_number > step_days_[k]) factor = step_factors_[k];
        paid = earnings_related_daily(basic, earnings_part_, factor);
        share_base = basic;  // the municipality shares only the basic-allowance part
        break;
      }
      default:
        break;
    }
    if ((c == kSubsidy || c == kBasic) && now.general_paid) {
      c = kGeneral;
      paid = share_base =
          now.general * (r.type == BenefitType::labour_market_subsidy ? subsidy_fraction_ : 1.0);
    }
    const std::size_t rule = now.rule;
    const DayShare share = rules_[rule]->share(r, c, today);
    const int band_line = share.band < 0 ? -1 : static_cast<int>(band_offset_[rule]) + share.band;
    const std::int64_t paid_micro = micro(paid), share_micro = micro(share_base * share.rate);
    rates_.add(m, c, band_line, sign, sign * paid_micro, sign * share_micro);
  }

  /// Schedules the next day on which the person's rates change by themselves: a counter crossing
  /// a threshold, or the first day of the month after a 2024-rule threshold was reached.
  void schedule_next(Simulation& sim, AgentRef a, const Counters& r) {
    const Day today = sim.today();
    Day next = kNoDay;
    const auto consider = [&](Day d) {
      if (d > today && (next == kNoDay || d < next)) next = d;
    };
    if (r.paid) {
      // Day numbers on which the benefit changes: an earnings-related cut, the end of the
      // allowance period.
      const std::int64_t day_number = std::int64_t{r.days} + 1;
      const auto consider_day_number = [&](double t) {
        if (t > static_cast<double>(day_number) && t < 1e8)
          consider(nth_payment_day(today, static_cast<std::int64_t>(t) - day_number + 1));
      };
      if (r.type == BenefitType::earnings_related)
        for (double d : step_days_) consider_day_number(d + 1);
      if (r.type == BenefitType::basic_allowance || r.type == BenefitType::earnings_related)
        consider_day_number(in_force(today).max_days + 1);
    }
    for (const auto& rule : rules_) consider(rule->next_change(r, today));
    if (next != kNoDay) sim.schedule(a, next, change_, as_of_stamp(r));
  }

  /// Counters reset once the employment condition is met: schedules the check for someone who
  /// starts working while registered.
  void schedule_condition(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    const ServiceKindInfo* kind = sim.service_kind_info(s.service);
    const bool working = s.status == Status::employed_jobseeker ||
                         (wage_subsidy_condition_ && s.status == Status::in_service &&
                          kind != nullptr && kind->paid_work);
    if (!working || s.status_since != sim.today()) return;
    const double weeks = condition_weeks_.at(sim.today(), 0.0);
    if (weeks <= 0) return;
    sim.schedule(a, sim.today() + static_cast<Day>(std::lround(weeks * 7)), reset_,
                 status_stamp(s));
  }

  DatedValues basic_, general_;
  double subsidy_fraction_, earnings_part_;
  std::vector<double> step_days_, step_factors_;
  Day steps_from_;
  DatedValues max_days_, condition_weeks_;
  bool wage_subsidy_condition_;
  double history_max_;
  DatedValues rule_;
  std::vector<std::unique_ptr<ShareRule>> rules_;
  std::vector<std::size_t> band_offset_;  ///< per regime, its first band line; then the count
  std::vector<Day> change_days_;
  Ledger rates_;      ///< daily rates of the people paid now, per home municipality
  Ledger month_;      ///< accrued this month
  InForce in_force_;  ///< the period last looked up
  EventKind change_ = 0, reset_ = 0;
  IndicatorId days_id_ = 0, paid_id_ = 0, share_id_ = 0, state_id_ = 0, net_id_ = 0;
  std::array<IndicatorId, kCategories> days_by_{}, paid_by_{}, share_by_{};
  std::vector<IndicatorId> band_ids_;
  AgentFieldView<BenefitType> entitlement_;  ///< person_attributes: the benefit on registering
  AgentField<Counters> record_;   ///< one field, so a person's counters are one memory read
  AgentField<BenefitType> type_;  ///< the benefit paid now, for other modules to read
};

/// Bands of the 2025 rule that have indicators with labels (share_2025_band_starts at most).
constexpr std::size_t kMaxBands2025Rule = 12;

std::vector<std::string> check(const ParamValues& p) {
  std::vector<std::string> problems;
  const std::string rules = " (extend the rule files in scenarios/rules/, see docs/finance.md)";
  if (p.dated("basic_daily_eur").dates.empty())
    problems.push_back("basic_daily_eur has no dated amounts" + rules);
  if (p.dated("share_rule").dates.empty())
    problems.push_back("share_rule names no rule set" + rules);
  for (double v : p.dated("share_rule").values)
    if (v != 0 && v != 2024 && v != 2025)
      problems.push_back("share_rule values must be 0 (none), 2024 or 2025");
  const auto increasing = [&](const std::string& name, const std::vector<double>& v) {
    for (std::size_t k = 1; k < v.size(); ++k)
      if (v[k] <= v[k - 1]) problems.push_back(name + " must increase");
  };
  const auto same_length = [&](const char* a, const char* b) {
    if (p.reals(a).size() != p.reals(b).size())
      problems.push_back(std::string(a) + " and " + b + " must have the same length");
  };
  // A band table: limits and rates given for the same dates, of the same length on each.
  const auto band_table = [&](const char* limits, const char* rates) {
    const DatedLists& l = p.dated_lists(limits);
    const DatedLists& r = p.dated_lists(rates);
    if (l.dates != r.dates) {
      problems.push_back(std::string(limits) + " and " + rates + " must give the same dates");
      return;
    }
    for (std::size_t k = 0; k < l.dates.size(); ++k) {
      const std::string at = std::string(limits) + " of " + iso_date(l.dates[k]);
      if (l.lists[k].size() != r.lists[k].size())
        problems.push_back(at + " and " + rates + " must have the same length");
      increasing(at, l.lists[k]);
    }
  };
  band_table("share_2025_band_starts", "share_2025_rates");
  band_table("share_2024_thresholds", "share_2024_rates");
  same_length("earnings_step_days", "earnings_step_factors");
  increasing("earnings_step_days", p.reals("earnings_step_days"));
  for (const auto& starts : p.dated_lists("share_2025_band_starts").lists)
    if (starts.size() > kMaxBands2025Rule)
      problems.push_back("share_2025_band_starts: at most " + std::to_string(kMaxBands2025Rule) +
                         " bands");
  for (const auto& thresholds : p.dated_lists("share_2024_thresholds").lists) {
    if (thresholds.size() > kMaxLevels2024Rule)
      problems.push_back("share_2024_thresholds: at most two levels");
    if (!thresholds.empty() && thresholds.back() > static_cast<double>(kMaxDays2024Rule))
      problems.push_back("share_2024_thresholds: at most 4095 days");
  }
  return problems;
}

ParamSpec rule(std::string name, ParamType type, std::string unit, std::string doc) {
  return {.name = std::move(name),
          .type = type,
          .default_yaml = type == ParamType::real_list ? "[]" : "{}",
          .unit = std::move(unit),
          .min = 0.0,
          .max = 1e6,
          .doc = std::move(doc) +
                 " Law: no default in code; "
                 "given with its reference by scenarios/rules/.",
          .law = true};
}

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  const std::vector<IndicatorPart> categories = {
      {"labour_market_subsidy", "työmarkkinatuki", "labour market subsidy"},
      {"basic_allowance", "peruspäiväraha", "basic allowance"},
      {"earnings_related", "ansiopäiväraha", "earnings-related allowance"},
      {"general_social_security_benefit", "yleistuki", "general social security benefit"},
  };
  using indicator::euros;
  const auto days = [](const char* name) {
    return IndicatorSpec{.name = name,
                         .measure = IndicatorMeasure::flow,
                         .unit_fi = "päivää",
                         .unit_en = "days",
                         .label_fi = "Maksetut etuuspäivät",
                         .label_en = "Benefit days paid",
                         .group = IndicatorGroup::benefits};
  };
  std::vector<IndicatorSpec> specs = {
      days("benefit_days_paid"),
      days("benefit_days_paid."),
      euros("benefit_expenditure_eur", "Etuusmenot", "Benefit expenditure"),
      euros("benefit_expenditure_eur.", "Etuusmenot", "Benefit expenditure"),
      euros("municipal_share_eur", "Kuntaosuus", "Municipal share"),
      euros("municipal_share_eur.", "Kuntaosuus", "Municipal share"),
      euros("state_share_eur", "Valtion osuus", "State share"),
      euros("net_municipal_cost_eur", "Kunnan nettokustannus", "Net municipal cost"),
  };
  specs[1].parts = categories;
  specs[3].parts = categories;
  specs[5].parts = categories;
  for (std::size_t k = 1; k <= kMaxBands2025Rule; ++k)
    specs[5].parts.push_back({"rule_2025_band_" + std::to_string(k),
                              "vuoden 2025 säännön porras " + std::to_string(k),
                              "2025 rule, band " + std::to_string(k)});
  for (std::size_t k = 1; k <= kMaxLevels2024Rule; ++k)
    specs[5].parts.push_back({"rule_2024_band_" + std::to_string(k),
                              "vuoden 2024 säännön porras " + std::to_string(k),
                              "2024 rule, band " + std::to_string(k)});
  return specs;
}

PluginDescriptor describe() {
  return {
      .name = "benefits",
      .version = "1.1.0",
      .description =
          "Unemployment benefits paid and the municipal financing share (2024 and 2025 rules).",
      .priority = 90,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::begin_day | hook::end_day | hook::end_month,
      .parameters =
          {
              rule("basic_daily_eur", ParamType::dated_values, "EUR/day",
                   "Full basic unemployment allowance per day, equal to the full labour market "
                   "subsidy."),
              rule("general_benefit_daily_eur", ParamType::dated_values, "EUR/day",
                   "General social security benefit per day; from its first date it replaces the "
                   "labour "
                   "market subsidy and the basic allowance."),
              rule("earnings_step_days", ParamType::real_list, "paid days",
                   "Paid days after which the earnings-related allowance is cut (HE 13/2024: 40, "
                   "170)."),
              rule("earnings_step_factors", ParamType::real_list, "factor",
                   "Earnings-related allowance after each cut, as a share of the uncut one (0.8, "
                   "0.75)."),
              {.name = "earnings_steps_from",
               .type = ParamType::date,
               .default_yaml = "2100-01-01",
               .unit = "date",
               .doc = "Step cuts apply to payments from this day (2024-01-01 by the rule file). "
                      "Law: given with its reference by scenarios/rules/.",
               .law = true},
              rule("allowance_max_days", ParamType::dated_values, "paid days",
                   "Maximum duration of the basic or earnings-related allowance; then labour "
                   "market subsidy."),
              rule("employment_condition_weeks", ParamType::dated_values, "weeks",
                   "Employment condition: weeks of work that reset the day counters."),
              param::lever(
                  rule("share_rule", ParamType::dated_values, "rule set",
                       "Municipal share rule set in force from each date: 0 none, 2024 (labour "
                       "market subsidy after 300/1000 days, services exempt) or 2025 (all "
                       "benefits from day 101, services count). "
                       "To keep the 2024 rules after 2024, set {2025-01-01: 2024}.")),
              rule("share_2025_band_starts", ParamType::dated_lists, "day number",
                   "2025 rule: first paid day of each band of the municipal share, a table per "
                   "date."),
              rule("share_2025_rates", ParamType::dated_lists, "share",
                   "2025 rule: municipal share in each band, a table per date."),
              rule("share_2024_thresholds", ParamType::dated_lists, "paid days",
                   "2024 rule: labour market subsidy days paid during unemployment after whose "
                   "payment "
                   "period the share rises."),
              rule("share_2024_rates", ParamType::dated_lists, "share",
                   "2024 rule: municipal share after each threshold."),
              {.name = "subsidy_paid_fraction",
               .type = ParamType::real,
               .default_yaml = "1.0",
               .unit = "share",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "Average labour market subsidy paid as a share of the full amount (means test, "
                   "adjusted amounts). Assumption: 1.0; plausible 0.8-1.0.",
               .uncertainty = uniform(0.8, 1.0)},
              {.name = "earnings_part_daily_eur",
               .type = ParamType::real,
               .default_yaml = "38",
               .unit = "EUR/day",
               .min = 0.0,
               .max = 500.0,
               .doc = "Average earnings part of the earnings-related allowance before cuts, the "
                      "same for "
                      "everyone. Assumption: 38 (average allowance about 75 EUR/day); plausible "
                      "25-55.",
               .uncertainty = uniform(25.0, 55.0)},
              {.name = "subsidy_history_days_max",
               .type = ParamType::real,
               .default_yaml = "0",
               .unit = "paid days",
               .min = 0.0,
               .max = 10000.0,
               .doc = "Labour market subsidy days paid in earlier spells that a recipient brings "
                      "when registering (uniform from 0 to this). Many recipients have years of "
                      "history, which drives the 2024-rule share after 300 and 1000 days. A "
                      "structural parameter to calibrate (scenarios/calibration/); default 0."},
              {.name = "wage_subsidy_meets_condition",
               .type = ParamType::boolean,
               .default_yaml = "false",
               .unit = "",
               .doc =
                   "Whether a wage-subsidised job as long as the employment condition resets the "
                   "counters. Default false: since 2.9.2024 wage-subsidised work no longer accrues "
                   "the "
                   "condition (HE 13/2024; verify)."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Benefits>(c);
      },
      .check = check,
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::benefits

POLKU_PLUGIN(polku::benefits::describe)

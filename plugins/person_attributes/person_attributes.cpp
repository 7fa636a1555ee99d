// person_attributes: who a job-seeker is — age, language group, benefit type, partial work
// ability, vocational education — drawn at registration from shares that default to national
// figures and may differ by municipality (a user's own aggregates), and the pilot-era customer
// split of the municipal employment pilots (domain brief section 4.5).
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>

#include "polku/param_builders.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"

namespace polku::person_attributes {
namespace {

/// Age bands [lower, upper) in years; the age is uniform within the drawn band.
constexpr std::array<std::array<int, 2>, 4> kAgeBands = {{{17, 25}, {25, 30}, {30, 50}, {50, 65}}};
/// The share parameters of the age bands and of the benefit types (in BenefitType order).
constexpr std::array<const char*, 4> kAgeShares = {"share_under_25", "share_25_29", "share_30_49",
                                                   "share_50_64"};
constexpr std::array<const char*, kBenefitTypeCount> kBenefitShares = {
    "share_no_benefit", "share_labour_market_subsidy", "share_basic_allowance",
    "share_earnings_related"};

template <std::size_t N>
double share_sum(const ParamValues& params, const std::array<const char*, N>& names,
                 std::size_t municipality) {
  double total = 0.0;
  for (const char* name : names) total += params.per_municipality(name)[municipality];
  return total;
}

class PersonAttributes final : public Module {
 public:
  explicit PersonAttributes(const ModuleConfig& config)
      : age_cumulative_(cumulative_by_municipality<4>(config.params, kAgeShares)),
        benefit_cumulative_(
            cumulative_by_municipality<kBenefitTypeCount>(config.params, kBenefitShares)),
        foreign_language_(config.params.per_municipality("share_foreign_language")),
        partial_work_ability_(config.params.per_municipality("share_partial_work_ability")),
        vocational_(config.params.per_municipality("share_vocational_education")),
        rarely_referred_(config.params.real("share_rarely_referred")),
        stock_referral_rate_(config.params.real("stock_referral_rate")),
        pilot_(config.params.per_municipality("pilot_municipalities")),
        pilot_from_(config.params.date("pilot_from")),
        pilot_until_(config.params.date("pilot_until")),
        target_groups_(config.params.string("pilot_rule") == "target_groups"),
        pilot_age_limit_(static_cast<int>(config.params.integer("pilot_age_limit"))),
        target_after_(config.params.per_municipality("target_after_days")),
        target_kela_after_(config.params.per_municipality("target_kela_after_days")),
        target_under_25_after_(config.params.per_municipality("target_under_25_after_days")),
        pilot_customers_(config.municipalities.size(), 0),
        pilot_in_services_(config.municipalities.size(), 0) {
    for (double p : pilot_) any_pilot_ = any_pilot_ || p > 0.5;
  }

  void declare(Registry& registry) override {
    age_ = registry.agent_field<std::uint8_t>("age");
    benefit_type_ = registry.agent_field<BenefitType>("benefit_type");
    foreign_language_flag_ = registry.agent_flag("foreign_language");
    partial_work_ability_flag_ = registry.agent_flag("partial_work_ability");
    vocational_flag_ = registry.agent_flag("vocational_education");
    rarely_referred_flag_ = registry.agent_flag("rarely_referred");
    pilot_customer_ = registry.agent_flag("pilot_customer");
    pilot_day_ = registry.agent_field<Day>("pilot_customer_day");
    benefit_paid_ = registry.field_view<BenefitType>("benefits.type");
    if (!any_pilot_) return;
    pilot_start_ = registry.event_kind("person_attributes.pilot_start");
    pilot_id_ = registry.indicator("pilot_customers", Measure::stock);
    pilot_services_id_ = registry.indicator("pilot_customers_in_services", Measure::stock);
  }

  void on_register(Simulation& sim, AgentRef a) override {
    const JobSeeker& s = sim.agent(a);
    auto random = sim.random(s.key, Stream::arrival_attributes);
    const MunicipalityId m = s.municipality;
    const std::size_t band = pick(age_cumulative_[m], random.uniform());
    const auto [low, high] = kAgeBands[band];
    const int age_today =
        low + std::min<int>(high - low - 1, static_cast<int>(random.uniform() * (high - low)));
    // The start-day stock registered before today: the drawn age is its age today, so the
    // recorded age at registration is younger by the years since (at least 1: 0 means no age).
    const auto years_registered =
        static_cast<int>(std::floor((sim.today() - s.registered) / kDaysPerYear));
    age_(sim, a) = static_cast<std::uint8_t>(std::max(1, age_today - years_registered));
    const auto benefit = static_cast<BenefitType>(pick(benefit_cumulative_[m], random.uniform()));
    benefit_type_(sim, a) = benefit;
    foreign_language_flag_.set(sim, a, random.bernoulli(foreign_language_[m]));
    partial_work_ability_flag_.set(sim, a, random.bernoulli(partial_work_ability_[m]));
    vocational_flag_.set(sim, a, random.bernoulli(vocational_[m]));
    rarely_referred_flag_.set(sim, a, random.bernoulli(rarely_referred_share(sim, s)));
    if (!any_pilot_) return;
    if (target_groups_) return schedule_target_group(sim, a, benefit);
    if (sim.today() < pilot_from_) sim.schedule(a, pilot_from_, pilot_start_);
    assess_pilot(sim, a, benefit);  // the benefits module has not set the paid type yet
  }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/,
                std::uint16_t /*payload*/) override {
    if (target_groups_) {
      // The day drawn at registration; a reused slot carries its own day and event.
      if (pilot_day_(sim, a) == sim.today()) make_customer(sim, a);
      return;
    }
    // The benefit paid now: an earnings-related allowance may have run out since registering.
    assess_pilot(sim, a, benefit_now(sim, a));
  }

  void on_status_change(Simulation& sim, AgentRef a, Status before) override {
    if (!pilot_customer_(sim, a)) return;
    const JobSeeker& s = sim.agent(a);
    if (before == Status::in_service) --pilot_in_services_[s.municipality];
    if (s.status == Status::in_service) ++pilot_in_services_[s.municipality];
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    if (!pilot_customer_(sim, a)) {
      // Moving into a pilot municipality: assessed there from the day of the move, unless an
      // assessment is still pending from an earlier stay (it comes within the month).
      if (!target_groups_ && pilot_[from] < 0.5 && pilot_day_(sim, a) != person::kPilotDayOpen)
        assess_pilot(sim, a, benefit_now(sim, a));
      return;
    }
    const MunicipalityId to = sim.agent(a).municipality;
    --pilot_customers_[from];
    ++pilot_customers_[to];
    if (sim.agent(a).status == Status::in_service)
      --pilot_in_services_[from], ++pilot_in_services_[to];
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    if (!pilot_customer_(sim, a)) return;
    const JobSeeker& s = sim.agent(a);
    --pilot_customers_[s.municipality];
    if (s.status == Status::in_service) --pilot_in_services_[s.municipality];
  }

  void end_month(const Simulation& /*sim*/, Indicators& out) override {
    if (!any_pilot_) return;
    for (MunicipalityId m = 0; m < pilot_customers_.size(); ++m) {
      out.set(pilot_id_, m, static_cast<double>(pilot_customers_[m]));
      out.set(pilot_services_id_, m, static_cast<double>(pilot_in_services_[m]));
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    ar << pilot_customers_ << pilot_in_services_;
  }
  void load(boost::archive::binary_iarchive& ar) override {
    load_same_shape(ar, pilot_customers_, "pilot customer counts");
    load_same_shape(ar, pilot_in_services_, "pilot customers in services");
  }

 private:
  /// Per municipality, the named shares normalised to sum to one and accumulated.
  template <std::size_t N>
  static std::vector<std::array<double, N>> cumulative_by_municipality(
      const ParamValues& params, const std::array<const char*, N>& names) {
    std::vector<std::array<double, N>> out(params.per_municipality(names[0]).size());
    for (std::size_t m = 0; m < out.size(); ++m) {
      const double total = share_sum(params, names, m);
      double sum = 0.0;
      for (std::size_t k = 0; k < N; ++k)
        out[m][k] = (sum += params.per_municipality(names[k])[m] / total);
    }
    return out;
  }

  template <std::size_t N>
  static std::size_t pick(const std::array<double, N>& cumulative, double u) {
    for (std::size_t k = 0; k + 1 < N; ++k)
      if (u <= cumulative[k]) return k;
    return N - 1;
  }

  /// The chance of being one whom services hardly reach. For newcomers it is the share; the
  /// start-day stock is what remains of earlier newcomers: those in a service were reached, and
  /// among the unemployed the others have been leaving for services at `stock_referral_rate`, so
  /// after a long spell nearly everyone left is one whom services hardly reach.
  [[nodiscard]] double rarely_referred_share(const Simulation& sim, const JobSeeker& s) const {
    if (sim.today() != sim.start()) return rarely_referred_;
    if (s.status == Status::in_service) return 0.0;
    const double elapsed = sim.today() - s.spell_start;
    const double others = (1.0 - rarely_referred_) * std::exp(-stock_referral_rate_ * elapsed);
    return rarely_referred_ > 0.0 ? rarely_referred_ / (rarely_referred_ + others) : 0.0;
  }

  /// The benefit paid now if the benefits module runs, else the one drawn at registration.
  [[nodiscard]] BenefitType benefit_now(const Simulation& sim, AgentRef a) const {
    return benefit_paid_.owned(sim) ? benefit_paid_(sim, a) : benefit_type_(sim, a);
  }

  /// Pilot customers (domain brief 4.5): in a pilot municipality during the pilot, unemployed or
  /// in a service, and without earnings-related allowance, or foreign-language, or under
  /// pilot_age_limit. Once a pilot customer, always one (while registered). One who does not
  /// qualify yet may later: the earnings-related allowance runs out (the customer then moves in
  /// from the TE office, pilots.md section 2) or the person becomes unemployed again. Such a
  /// person is assessed again on the first day of each month of the pilot, so one moves in
  /// within a month of the change (the register's monthly transfer is an assumption). Until then
  /// the customer day is `person::kPilotDayOpen`, so services can tell who may still join.
  void assess_pilot(Simulation& sim, AgentRef a, BenefitType benefit) {
    const JobSeeker& s = sim.agent(a);
    const Day today = sim.today();
    if (pilot_customer_(sim, a)) return;
    if (today > pilot_until_ || pilot_[s.municipality] < 0.5) {
      pilot_day_(sim, a) = 0;
      return;
    }
    if (today < pilot_from_) {  // assessed on the first day (the pilot_start event)
      pilot_day_(sim, a) = person::kPilotDayOpen;
      return;
    }
    const bool always_qualifies =
        foreign_language_flag_(sim, a) || person::age_on(age_(sim, a), s, today) < pilot_age_limit_;
    const bool eligible_status = s.status == Status::unemployed || s.status == Status::in_service;
    if (eligible_status && (always_qualifies || benefit != BenefitType::earnings_related)) {
      pilot_day_(sim, a) = today;
      make_customer(sim, a);
      return;
    }
    const Day next_month = first_day_of_month(month_index(today) + 1);
    const bool assessed_again = next_month <= pilot_until_;
    if (assessed_again) sim.schedule(a, next_month, pilot_start_);
    pilot_day_(sim, a) = assessed_again ? person::kPilotDayOpen : 0;
  }

  /// Target groups by municipality (pilot_rule: target_groups, the regional pilots of 2017-2018):
  /// the day a job-seeker enters the municipality's target group is fixed at registration by the
  /// days registered (services do not reset the clock), the benefit type at registration and
  /// the age; the earliest applicable threshold counts, and no one joins before the pilot starts
  /// or after it ends. Once a customer, always one while registered.
  void schedule_target_group(Simulation& sim, AgentRef a, BenefitType benefit) {
    const JobSeeker& s = sim.agent(a);
    const MunicipalityId m = s.municipality;
    if (pilot_[m] < 0.5) return;
    double after = -1.0;
    const auto consider = [&](double days) {
      if (days >= 0.0 && (after < 0.0 || days < after)) after = days;
    };
    consider(target_after_[m]);
    if (benefit == BenefitType::labour_market_subsidy || benefit == BenefitType::basic_allowance)
      consider(target_kela_after_[m]);
    if (person::age_on(age_(sim, a), s, sim.today()) < 25) consider(target_under_25_after_[m]);
    if (after < 0.0) return;
    const Day day =
        std::max({s.registered + static_cast<Day>(std::lround(after)), pilot_from_, sim.today()});
    if (day > pilot_until_) return;
    pilot_day_(sim, a) = day;
    if (day == sim.today())
      make_customer(sim, a);
    else
      sim.schedule(a, day, pilot_start_);
  }

  void make_customer(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (pilot_customer_(sim, a)) return;
    if (s.status != Status::unemployed && s.status != Status::in_service) return;
    pilot_customer_.set(sim, a, true);
    ++pilot_customers_[s.municipality];
    if (s.status == Status::in_service) ++pilot_in_services_[s.municipality];
  }

  std::vector<std::array<double, 4>> age_cumulative_;
  std::vector<std::array<double, kBenefitTypeCount>> benefit_cumulative_;
  std::vector<double> foreign_language_;
  std::vector<double> partial_work_ability_;
  std::vector<double> vocational_;
  double rarely_referred_;
  double stock_referral_rate_;
  std::vector<double> pilot_;
  Day pilot_from_;
  Day pilot_until_;
  bool target_groups_;
  int pilot_age_limit_;
  std::vector<double> target_after_;
  std::vector<double> target_kela_after_;
  std::vector<double> target_under_25_after_;
  bool any_pilot_ = false;
  std::vector<std::int64_t> pilot_customers_;
  std::vector<std::int64_t> pilot_in_services_;
  EventKind pilot_start_ = 0;
  IndicatorId pilot_id_ = 0, pilot_services_id_ = 0;
  AgentField<Day> pilot_day_;             ///< person::kPilotCustomerDay
  AgentField<std::uint8_t> age_;          ///< years at registration (0: unknown)
  AgentField<BenefitType> benefit_type_;  ///< entitlement at registration
  AgentFlag foreign_language_flag_, partial_work_ability_flag_, vocational_flag_,
      rarely_referred_flag_, pilot_customer_;
  AgentFieldView<BenefitType> benefit_paid_;  ///< the benefits module's type paid now
};

/// Shares of a group that all add to zero somewhere leave nothing to draw from.
std::vector<std::string> check(const ParamValues& p) {
  std::vector<std::string> problems;
  const auto check_group = [&](const auto& names, const char* what) {
    for (std::size_t m = 0; m < p.per_municipality(names[0]).size(); ++m)
      if (share_sum(p, names, m) <= 0.0) {
        problems.push_back(std::string(what) + " shares (" + names[0] + ", ...) add up to zero");
        return;
      }
  };
  check_group(kAgeShares, "the age band");
  check_group(kBenefitShares, "the benefit type");
  return problems;
}

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  const auto persons = [](const char* name, const char* fi, const char* en) {
    return indicator::persons(name, IndicatorMeasure::stock, fi, en, IndicatorGroup::jobseekers);
  };
  return {persons("pilot_customers", "Kuntakokeilun asiakkaat", "Municipal pilot customers"),
          persons("pilot_customers_in_services", "Kuntakokeilun asiakkaat palveluissa",
                  "Municipal pilot customers in services")};
}

PluginDescriptor describe() {
  const std::string age_doc =
      " Assumption from the national age structure of unemployed job-seekers; shares are "
      "normalised to sum to one. Like every share here, a scalar or a map by municipality.";
  const std::string benefit_doc =
      " Assumption (Kela and unemployment-fund recipient counts, roughly); normalised.";
  return {
      .name = "person_attributes",
      .version = "1.3.0",
      .description =
          "Age, language, benefit type, work ability and education of each job-seeker; pilot "
          "split.",
      .priority = 1,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::end_month,
      .parameters =
          {
              param::municipal_fraction("share_under_25", "0.12",
                                        "Share aged 17-24 at registration." + age_doc),
              param::municipal_fraction("share_25_29", "0.12", "Share aged 25-29." + age_doc),
              param::municipal_fraction("share_30_49", "0.40", "Share aged 30-49." + age_doc),
              param::municipal_fraction("share_50_64", "0.36", "Share aged 50-64." + age_doc),
              param::municipal_fraction("share_no_benefit", "0.10",
                                        "Share without unemployment benefit." + benefit_doc),
              param::municipal_fraction("share_labour_market_subsidy", "0.50",
                                        "Share on labour market subsidy." + benefit_doc),
              param::municipal_fraction("share_basic_allowance", "0.05",
                                        "Share on basic unemployment allowance." + benefit_doc),
              param::municipal_fraction("share_earnings_related", "0.35",
                                        "Share on earnings-related allowance." + benefit_doc),
              param::municipal_fraction(
                  "share_foreign_language", "0.14",
                  "Share whose mother tongue is not Finnish, Swedish or Sami. "
                  "Assumption; plausible 0.08-0.25 "
                  "(higher in the capital region)."),
              param::municipal_fraction(
                  "share_partial_work_ability", "0.10",
                  "Share with partial work ability. Assumption; plausible 0.05-0.2."),
              param::municipal_fraction(
                  "share_vocational_education", "0.65",
                  "Share with a vocational or higher qualification. Assumption; "
                  "plausible 0.5-0.8."),
              param::fraction(
                  "share_rarely_referred", "0", "share",
                  "Share of job-seekers whom services hardly ever reach (near retirement, caring "
                  "duties, no perceived need): services skip them. A two-type mixture that keeps "
                  "referrals from draining the long-term unemployed. The national calibration "
                  "(scenarios/calibration/finland-2019.yaml) fits it to the long-term unemployed "
                  "share of 10/2019 (27.3 %); it is the model's main lever on who stays "
                  "unemployed long."),
              param::ranged(
                  "stock_referral_rate", ParamType::real, "0.01", "1/day", 0.0, 1.0,
                  "How fast those whom services do reach have been leaving unemployment for "
                  "services, for the start-day stock's mix: after an elapsed spell a, the others "
                  "are thinned by exp(-rate x a), so long spells are mostly people services hardly "
                  "reach, as in a stock in steady state. Assumption: about 0.01, the order of the "
                  "calibrated referral rates summed over the services one is eligible for; 0 "
                  "draws the stock like newcomers."),
              {.name = "pilot_municipalities",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "0 or 1",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "1 for municipalities in a municipal employment pilot (backtests 2021-2024)."},
              {.name = "pilot_from",
               .type = ParamType::date,
               .default_yaml = "2021-03-01",
               .unit = "date",
               .doc =
                   "Start of the municipal employment pilots (1.3.2021; domain brief section 2)."},
              {.name = "pilot_until",
               .type = ParamType::date,
               .default_yaml = "2024-12-31",
               .unit = "date",
               .doc = "End of the pilots (31.12.2024)."},
              {.name = "pilot_rule",
               .type = ParamType::string,
               .default_yaml = "2021",
               .unit = "",
               .doc = "Who is a pilot customer. 2021: the municipal pilots of 2021-2024 (without "
                      "earnings-related allowance, foreign-language, or under pilot_age_limit; "
                      "checked at registration, at the pilot start and, until one qualifies, on "
                      "the first day of each month, so one whose earnings-related allowance runs "
                      "out moves in within a month). target_groups: the "
                      "regional pilots of 2017-2018 (Act 505/2017), each municipality's target "
                      "group by days registered, benefit type and age (target_*_days).",
               .choices = {"2021", "target_groups"}},
              param::ranged("pilot_age_limit", ParamType::integer, "30", "years", 18.0, 65.0,
                            "pilot_rule 2021: those younger are customers whatever their benefit "
                            "(30 in the domain brief's rule; the Raahe pilot named under-25s)."),
              {.name = "target_after_days",
               .type = ParamType::per_municipality,
               .default_yaml = "-1",
               .unit = "days",
               .min = -1.0,
               .max = 3650.0,
               .doc = "pilot_rule target_groups: anyone registered this long joins the target "
                      "group (e.g. 365: unemployed a year or more); -1: not by duration alone. "
                      "Registered days stand for continuous unemployment (services do not "
                      "reset them)."},
              {.name = "target_kela_after_days",
               .type = ParamType::per_municipality,
               .default_yaml = "-1",
               .unit = "days",
               .min = -1.0,
               .max = 3650.0,
               .doc = "pilot_rule target_groups: those on Kela's benefits (labour market subsidy "
                      "or basic allowance, by the type at registration) join after this many "
                      "registered days (0: at once); -1: no such group."},
              {.name = "target_under_25_after_days",
               .type = ParamType::per_municipality,
               .default_yaml = "-1",
               .unit = "days",
               .min = -1.0,
               .max = 3650.0,
               .doc = "pilot_rule target_groups: those under 25 join after this many registered "
                      "days (0: at once); -1: no such group."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<PersonAttributes>(c);
      },
      .check = check,
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::person_attributes

POLKU_PLUGIN(polku::person_attributes::describe)

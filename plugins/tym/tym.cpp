// tym: multi-sector employment support (TYM, Act 381/2023 from 2025; TYP before it).
//
// Long-term unemployed job-seekers and those with partial work ability may be identified for
// multi-sector support. Referral is followed by a joint initial assessment (employment authority,
// wellbeing county, Kela), a multi-sector plan, and periodic reviews with the network; at each
// review the customer may leave the support: ready for work, employed, on an appropriate benefit
// (e.g. disability pension), or unreachable. The support moves with the customer and continues
// through services. A run restored under another identification rate draws the pending
// identifications again on its first day (polku/drawn_under.hpp).
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>

#include "polku/drawn_under.hpp"
#include "polku/param_builders.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"

namespace polku::tym {
namespace {

enum Phase : std::uint8_t {
  kNone = 0,
  kAwaitingAssessment = 1,
  kPlanning = 2,
  kImplementation = 3,
  /// Identified in this status period but not a customer now (the network was full, or left
  /// ready for work): no other identification until the status changes, nor after a redraw.
  kIdentificationUsed = 4
};
enum Outcome : std::size_t { kReady, kEmployed, kBenefit, kUnreachable, kOutcomeCount };
constexpr std::array<const char*, kOutcomeCount> kOutcomeNames = {"ready_for_work", "employed",
                                                                  "benefit", "unreachable"};

class Tym final : public Module {
 public:
  explicit Tym(const ModuleConfig& config)
      : rate_(config.params.real("identification_rate")),
        min_spell_(static_cast<Day>(config.params.integer("min_spell_days"))),
        places_(config.params.per_municipality("places")),
        assessment_days_(static_cast<Day>(config.params.integer("assessment_days"))),
        plan_days_(static_cast<Day>(config.params.integer("plan_days"))),
        review_days_(static_cast<Day>(config.params.integer("review_interval_days"))),
        outcome_chance_{config.params.real("ready_for_work_per_review"),
                        config.params.real("employed_per_review"),
                        config.params.real("benefit_per_review"),
                        config.params.real("unreachable_per_review")},
        customers_(config.municipalities.size(), 0),
        drawn_under_({rate_, static_cast<double>(min_spell_)}) {}

  void declare(Registry& registry) override {
    customer_ = registry.agent_flag("customer");
    phase_ = registry.agent_field<std::uint8_t>("phase", kNone);
    next_step_day_ = registry.agent_field<Day>("next_step", kNoDay);
    partial_work_ability_ = registry.flag_view(person::kPartialWorkAbility);
    identified_ = registry.event_kind("tym.identified");
    step_ = registry.event_kind("tym.step");
    customers_id_ = registry.indicator("tym_customers", Measure::stock);
    referrals_id_ = registry.indicator("tym_referrals", Measure::flow);
    for (std::size_t k = 0; k < kOutcomeCount; ++k)
      outcome_ids_[k] =
          registry.indicator(std::string("tym_exits.") + kOutcomeNames[k], Measure::flow);
  }

  void on_register(Simulation& sim, AgentRef a) override { draw_identification(sim, a); }
  void begin_day(Simulation& sim) override {
    if (drawn_under_.take_redraw())
      sim.for_each_agent([&](AgentRef a) {
        if (phase_(sim, a) == kNone) draw_identification(sim, a);  // one still to come
      });
  }
  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override {
    if (phase_(sim, a) == kIdentificationUsed) phase_(sim, a) = kNone;  // a new status period
    draw_identification(sim, a);
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    if (!customer_(sim, a)) return;
    --customers_[from];
    ++customers_[sim.agent(a).municipality];
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    if (customer_(sim, a)) --customers_[sim.agent(a).municipality];
  }

  void on_event(Simulation& sim, AgentRef a, EventKind kind, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    if (kind == identified_) {
      if (payload == drawn_under_.stamp(status_stamp(s)) && s.status == Status::unemployed)
        refer(sim, a);
      return;
    }
    if (!customer_(sim, a) || next_step_day_(sim, a) != sim.today()) return;
    if (phase_(sim, a) == kAwaitingAssessment) return next_step(sim, a, kPlanning, plan_days_);
    if (phase_(sim, a) == kPlanning) return next_step(sim, a, kImplementation, review_days_);
    review(sim, a);
  }

  void end_month(const Simulation& /*sim*/, Indicators& out) override {
    for (MunicipalityId m = 0; m < customers_.size(); ++m)
      out.set(customers_id_, m, static_cast<double>(customers_[m]));
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    ar << customers_;
    drawn_under_.save(ar);
  }
  void load(boost::archive::binary_iarchive& ar) override {
    load_same_shape(ar, customers_, "multi-sector support customers");
    drawn_under_.load(ar);
  }

 private:
  void draw_identification(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed || rate_ <= 0 || customer_(sim, a)) return;
    // Identified among the long-term unemployed, or from the start with partial work ability.
    const Day from = partial_work_ability_(sim, a)
                         ? sim.today()
                         : std::max(sim.today(), s.spell_start + min_spell_);
    const double days =
        std::max(1.0, std::ceil(sim.random(s.key, Stream::tym).exponential() / rate_));
    if (static_cast<double>(from) + days > sim.end()) return;
    sim.schedule(a, from + static_cast<Day>(days), identified_,
                 drawn_under_.stamp(status_stamp(s)));
  }

  void refer(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (customers_[s.municipality] >= places_[s.municipality]) {  // no room in the network
      phase_(sim, a) = kIdentificationUsed;
      return;
    }
    customer_.set(sim, a, true);
    ++customers_[s.municipality];
    sim.add(referrals_id_, s.municipality, 1.0);
    next_step(sim, a, kAwaitingAssessment, assessment_days_);
  }

  void next_step(Simulation& sim, AgentRef a, Phase phase, Day after) {
    phase_(sim, a) = phase;
    next_step_day_(sim, a) = sim.today() + after;
    sim.schedule(a, sim.today() + after, step_);
  }

  void review(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    double u = sim.random(s.key, Stream::tym).uniform();
    std::size_t outcome = kOutcomeCount;
    for (std::size_t k = 0; k < kOutcomeCount; ++k) {
      if (u <= outcome_chance_[k]) {
        outcome = k;
        break;
      }
      u -= outcome_chance_[k];
    }
    if (outcome == kOutcomeCount) return next_step(sim, a, kImplementation, review_days_);
    sim.add(outcome_ids_[outcome], s.municipality, 1.0);
    if (outcome == kReady) {
      customer_.set(sim, a, false);
      phase_(sim, a) = kIdentificationUsed;
      --customers_[s.municipality];
      return;
    }
    sim.deregister(
        a, outcome == kEmployed ? ExitReason::open_market : ExitReason::outside_labour_force);
  }

  double rate_;
  Day min_spell_;
  std::vector<double> places_;
  Day assessment_days_, plan_days_, review_days_;
  std::array<double, kOutcomeCount> outcome_chance_;
  std::vector<std::int64_t> customers_;
  DrawnUnder drawn_under_;  ///< what the pending identification draws depend on
  EventKind identified_ = 0, step_ = 0;
  IndicatorId customers_id_ = 0, referrals_id_ = 0;
  std::array<IndicatorId, kOutcomeCount> outcome_ids_{};
  AgentFlag customer_;              ///< in multi-sector support
  AgentField<std::uint8_t> phase_;  ///< where in the process
  AgentField<Day> next_step_day_;   ///< the next step (assessment, plan, review)
  AgentFlagView partial_work_ability_;
};

std::vector<std::string> check(const ParamValues& p) {
  const double total = p.real("ready_for_work_per_review") + p.real("employed_per_review") +
                       p.real("benefit_per_review") + p.real("unreachable_per_review");
  if (total > 1.0) return {"the outcome chances per review add up to more than 1"};
  return {};
}

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  const auto persons = [](const char* name, IndicatorMeasure measure, const char* fi,
                          const char* en) {
    return indicator::persons(name, measure, fi, en, IndicatorGroup::services);
  };
  std::vector<IndicatorSpec> specs = {
      persons("tym_customers", IndicatorMeasure::stock, "TYP-asiakkaat",
              "Multi-sector service (TYP) customers"),
      persons("tym_referrals", IndicatorMeasure::flow, "TYP-ohjaukset",
              "Referrals to the multi-sector service (TYP)"),
      persons("tym_exits.", IndicatorMeasure::flow, "TYP-asiakkuudesta poistuneet",
              "Left the multi-sector service (TYP)"),
  };
  specs.back().parts = {
      {"ready_for_work", "työkykyisenä", "ready for work"},
      {"employed", "työllistyneenä", "employed"},
      {"benefit", "muulle etuudelle", "to another benefit"},
      {"unreachable", "tavoittamattomana", "unreachable"},
  };
  return specs;
}

PluginDescriptor describe() {
  return {
      .name = "tym",
      .version = "1.1.0",
      .description = "Multi-sector employment support (TYM): assessment, plan, reviews and exits.",
      .priority = 50,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::begin_day | hook::end_month,
      .parameters =
          {
              {.name = "identification_rate",
               .type = ParamType::real,
               .default_yaml = "0.0004",
               .unit = "1/day",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "Hazard of being identified for multi-sector support (long-term unemployed, or "
                   "partial work ability). Assumption; plausible 0.0001-0.002.",
               .uncertainty = uniform(0.0001, 0.002)},
              param::days("min_spell_days", "365",
                          "Identification among the long-term unemployed from this spell length."),
              {.name = "places",
               .type = ParamType::per_municipality,
               .default_yaml = "1000000",
               .unit = "customers",
               .min = 0.0,
               .max = 1e7,
               .doc = "Most customers the multi-sector network takes at once per municipality "
                      "(default: no limit)."},
              param::days("assessment_days", "30",
                          "Referral to joint initial assessment (assumption)."),
              param::days("plan_days", "30",
                          "Assessment to the multi-sector plan, several meetings (assumption)."),
              param::days(
                  "review_interval_days", "91",
                  "Reviews with the network about every three months (domain brief 4.3; verify)."),
              param::fraction("ready_for_work_per_review", "0.12", "probability per review",
                              "Leaves the support ready for work (assumption)."),
              param::fraction("employed_per_review", "0.05", "probability per review",
                              "Leaves for work (assumption)."),
              param::fraction("benefit_per_review", "0.06", "probability per review",
                              "Leaves the register for an appropriate benefit, e.g. disability "
                              "pension (assumption)."),
              param::fraction("unreachable_per_review", "0.03", "probability per review",
                              "Cannot be reached; registration ends (assumption)."),
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Tym>(c);
      },
      .check = check,
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::tym

POLKU_PLUGIN(polku::tym::describe)

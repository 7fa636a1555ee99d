// jobseeker_stock: the register's month-end stocks, exits by reason, and the activation rate.
//
// Counts are kept per municipality as agents register, change status, move and leave, so the
// month-end indicators cost nothing per agent. `exits.<reason>` counts unemployment periods that
// end, by the end reasons of table TTV15 (entering a service ends one too); `outflow` and
// `exits_to_employment` count people leaving the register. This module also owns the definition of
// an unemployment spell: when it starts again after a service, and when it becomes long-term.
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array.hpp>
#include <boost/serialization/vector.hpp>

#include "polku/plugin.hpp"
#include "polku/restore.hpp"

namespace polku::jobseeker_stock {
namespace {

constexpr std::array<const char*, kExitReasonCount> kExitReasonNames = {"open_market",
                                                                        "subsidised_job",
                                                                        "own_job",
                                                                        "training",
                                                                        "other_education",
                                                                        "coaching_or_trial",
                                                                        "rehabilitative_work",
                                                                        "self_motivated_study",
                                                                        "outside_labour_force"};

/// Exit reasons that count as exits to employment (TTV15: placed in the open market, subsidised
/// job, found work on own).
constexpr bool is_employment(ExitReason why) {
  return why == ExitReason::open_market || why == ExitReason::subsidised_job ||
         why == ExitReason::own_job;
}

struct Counts {
  std::int64_t registered = 0;
  std::int64_t unemployed = 0;
  std::int64_t long_term = 0;
  std::int64_t in_services = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& registered& unemployed& long_term& in_services;
  }
};

class JobseekerStock final : public Module {
 public:
  explicit JobseekerStock(const ModuleConfig& config)
      : threshold_(static_cast<Day>(config.params.integer("long_term_threshold_days"))),
        service_breaks_spell_(config.params.boolean("service_breaks_spell")),
        over_two_years_(config.params.boolean("report_over_two_years")),
        counts_(config.municipalities.size()) {}

  void declare(Registry& registry) override {
    registry.define_spells();
    long_term_ = registry.agent_flag("long_term");
    milestone_ = registry.event_kind("jobseeker_stock.long_term");
    jobseekers_id_ = registry.indicator("jobseekers", Measure::stock);
    unemployed_id_ = registry.indicator("unemployed", Measure::stock);
    long_term_id_ = registry.indicator("long_term_unemployed", Measure::stock);
    in_services_id_ = registry.indicator("in_services", Measure::stock);
    if (over_two_years_)
      over_two_years_id_ = registry.indicator("unemployed_over_2_years", Measure::stock);
    activation_base_id_ = registry.indicator("unemployed_or_in_services", Measure::stock);
    registry.ratio_indicator("activation_rate", in_services_id_, activation_base_id_, 100.0);
    employment_exits_id_ = registry.indicator("exits_to_employment", Measure::flow);
    outflow_id_ = registry.indicator("outflow", Measure::flow);
    for (int r = 0; r < kExitReasonCount; ++r)
      exit_ids_[r] = registry.indicator(std::string("exits.") + kExitReasonNames[r], Measure::flow);
  }

  void on_register(Simulation& sim, AgentRef a) override {
    ++counts_[sim.agent(a).municipality].registered;
    enter(sim, a);
  }

  void on_status_change(Simulation& sim, AgentRef a, Status before) override {
    const JobSeeker& s = sim.agent(a);
    if (before == Status::unemployed && s.status == Status::in_service)
      sim.add(exit_ids_[static_cast<int>(spell_end_reason(sim, s.service))], s.municipality, 1.0);
    leave(sim, a, before);
    if (s.status == Status::unemployed && before != Status::unemployed && service_breaks_spell_)
      sim.restart_spell(a);
    enter(sim, a);
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    const JobSeeker& s = sim.agent(a);
    Counts& was = counts_[from];
    Counts& now = counts_[s.municipality];
    const std::int64_t unemployed = s.status == Status::unemployed ? 1 : 0;
    const std::int64_t long_term = unemployed != 0 && long_term_(sim, a) ? 1 : 0;
    const std::int64_t in_service = s.status == Status::in_service ? 1 : 0;
    was.registered -= 1, now.registered += 1;
    was.unemployed -= unemployed, now.unemployed += unemployed;
    was.long_term -= long_term, now.long_term += long_term;
    was.in_services -= in_service, now.in_services += in_service;
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason why, Indicators& out) override {
    const JobSeeker& s = sim.agent(a);
    --counts_[s.municipality].registered;
    if (s.status == Status::unemployed)
      out.add(exit_ids_[static_cast<int>(why)], s.municipality, 1.0);
    leave(sim, a, s.status);
    out.add(outflow_id_, s.municipality, 1.0);
    if (is_employment(why)) out.add(employment_exits_id_, s.municipality, 1.0);
  }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    // Stale if the unemployment period it was scheduled in has ended meanwhile.
    if (s.status != Status::unemployed || payload != status_stamp(s)) return;
    if (sim.today() - s.spell_start < threshold_ || long_term_(sim, a)) return;
    long_term_.set(sim, a, true);
    ++counts_[s.municipality].long_term;
  }

  void end_month(const Simulation& sim, Indicators& out) override {
    if (over_two_years_) {
      // Counted at the month's end from each spell's start: a month-end stock needs no events.
      std::vector<std::int64_t> over(counts_.size(), 0);
      sim.for_each_agent([&](AgentRef a) {
        const JobSeeker& s = sim.agent(a);
        if (s.status == Status::unemployed && sim.today() - s.spell_start >= kTwoYears)
          ++over[s.municipality];
      });
      for (MunicipalityId m = 0; m < counts_.size(); ++m)
        out.set(over_two_years_id_, m, static_cast<double>(over[m]));
    }
    for (MunicipalityId m = 0; m < counts_.size(); ++m) {
      const Counts& c = counts_[m];
      out.set(jobseekers_id_, m, static_cast<double>(c.registered));
      out.set(unemployed_id_, m, static_cast<double>(c.unemployed));
      out.set(long_term_id_, m, static_cast<double>(c.long_term));
      out.set(in_services_id_, m, static_cast<double>(c.in_services));
      out.set(activation_base_id_, m, static_cast<double>(c.unemployed + c.in_services));
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override { ar << counts_; }
  void load(boost::archive::binary_iarchive& ar) override {
    load_same_shape(ar, counts_, "job-seeker counts");
  }

 private:
  /// Starts counting an agent in its current status.
  void enter(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    Counts& c = counts_[s.municipality];
    if (s.status == Status::in_service) ++c.in_services;
    if (s.status != Status::unemployed) return;
    ++c.unemployed;
    const Day long_term_from = s.spell_start + threshold_;
    if (long_term_from <= sim.today()) {
      long_term_.set(sim, a, true);
      ++c.long_term;
    } else {
      long_term_.set(sim, a, false);
      sim.schedule(a, long_term_from, milestone_, status_stamp(s));
    }
  }

  /// Stops counting an agent in status `status`.
  void leave(const Simulation& sim, AgentRef a, Status status) {
    Counts& c = counts_[sim.agent(a).municipality];
    if (status == Status::in_service) --c.in_services;
    if (status != Status::unemployed) return;
    --c.unemployed;
    if (long_term_(sim, a)) --c.long_term;
  }

  /// How entering a service of `kind` ends an unemployment spell (TTV15).
  static ExitReason spell_end_reason(const Simulation& sim, ServiceKindId kind) {
    const ServiceKindInfo* info = sim.service_kind_info(kind);
    return info != nullptr ? info->ends_spell_as : ExitReason::outside_labour_force;
  }

  static constexpr Day kTwoYears = 730;
  Day threshold_;
  bool service_breaks_spell_;
  bool over_two_years_;
  IndicatorId over_two_years_id_ = 0;
  std::vector<Counts> counts_;
  AgentFlag long_term_;  ///< continuously unemployed for the threshold or longer
  EventKind milestone_ = 0;
  IndicatorId jobseekers_id_ = 0, unemployed_id_ = 0, long_term_id_ = 0, in_services_id_ = 0;
  IndicatorId activation_base_id_ = 0, employment_exits_id_ = 0, outflow_id_ = 0;
  std::array<IndicatorId, kExitReasonCount> exit_ids_{};
};

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  using indicator::persons;
  using enum IndicatorMeasure;
  using G = IndicatorGroup;
  std::vector<IndicatorSpec> specs = {
      persons("jobseekers", stock, "Työnhakijat", "Job-seekers", G::jobseekers),
      persons("unemployed", stock, "Työttömät", "Unemployed", G::jobseekers),
      persons("long_term_unemployed", stock, "Pitkäaikaistyöttömät", "Long-term unemployed",
              G::jobseekers),
      persons("unemployed_over_2_years", stock, "Yli kaksi vuotta työttömänä olleet",
              "Unemployed for over two years", G::jobseekers),
      persons("in_services", stock, "Palveluissa", "In services", G::activation),
      persons("unemployed_or_in_services", stock, "Työttömät tai palveluissa",
              "Unemployed or in services", G::activation),
      {.name = "activation_rate",
       .measure = ratio,
       .unit_fi = "%",
       .unit_en = "%",
       .label_fi = "Aktivointiaste",
       .label_en = "Activation rate",
       .group = G::activation,
       .decimals = 1},
      persons("exits_to_employment", flow, "Työllistyneet", "Exits to employment", G::flows),
      persons("outflow", flow, "Poistuneet työnhakijat", "Outflow of job-seekers", G::flows),
      persons("exits.", flow, "Poistuneet", "Exits", G::flows),
  };
  specs.back().parts = {
      {"open_market", "avoimille työmarkkinoille", "open market"},
      {"subsidised_job", "tuettuun työhön", "subsidised job"},
      {"own_job", "omaan työhön", "own job"},
      {"training", "koulutukseen", "training"},
      {"other_education", "muuhun koulutukseen", "other education"},
      {"coaching_or_trial", "valmennukseen tai kokeiluun", "coaching or trial"},
      {"rehabilitative_work", "kuntouttavaan työtoimintaan", "rehabilitative work"},
      {"self_motivated_study", "omaehtoiseen opiskeluun", "self-motivated study"},
      {"outside_labour_force", "työvoiman ulkopuolelle", "outside the labour force"},
  };
  return specs;
}

PluginDescriptor describe() {
  return {
      .name = "jobseeker_stock",
      .version = "2.1.0",
      .description = "Register stocks, exits by reason and the activation rate; defines spells.",
      .priority = 5,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::end_month,
      .parameters =
          {
              {.name = "long_term_threshold_days",
               .type = ParamType::integer,
               .default_yaml = "365",
               .unit = "days",
               .min = 1.0,
               .max = 3650.0,
               .doc = "Continuous unemployment after which a job-seeker counts as long-term "
                      "unemployed (statistical definition: 12 months; domain brief section 3)."},
              {.name = "service_breaks_spell",
               .type = ParamType::boolean,
               .default_yaml = "true",
               .unit = "",
               .doc =
                   "Whether a service period ends the unemployment spell, so that the spell "
                   "(and the long-term clock) starts again after it. Statistics count "
                   "continuous unemployment; to be verified against the statistical definition."},
              {.name = "report_over_two_years",
               .type = ParamType::boolean,
               .default_yaml = "false",
               .unit = "",
               .doc = "Whether to report `unemployed_over_2_years`: unemployed continuously for "
                      "730 days or more at the month's end (a subset of the long-term "
                      "unemployed; published monthly since 2024 in the employment bulletin)."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<JobseekerStock>(c);
      },
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::jobseeker_stock

POLKU_PLUGIN(polku::jobseeker_stock::describe)

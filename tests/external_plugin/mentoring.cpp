// An out-of-tree service kind: mentoring by volunteers. Unemployed job-seekers are referred at a
// daily rate, meet a mentor for a fixed period and return to unemployment. The module registers
// the kind (so the stocks, the activation rate and the ledger count it) and an agent field of its
// own, the number of mentoring periods a person has had. Nothing in Polku's sources changes.
#include <cmath>
#include <polku/plugin.hpp>

namespace {

constexpr polku::ServiceKindId kMentoring = 64;  // built-in kinds use 1-7
constexpr polku::Stream kReferral = static_cast<polku::Stream>(polku::kExternalStreamBase + 1);

class Mentoring final : public polku::Module {
 public:
  explicit Mentoring(const polku::ModuleConfig& config)
      : rate_(config.params.real("referral_rate")),
        days_(static_cast<polku::Day>(config.params.integer("period_days"))),
        participants_(config.municipalities.size(), 0) {}

  void declare(polku::Registry& registry) override {
    registry.service_kind({.name = "mentoring",
                           .id = kMentoring,
                           .ends_spell_as = polku::ExitReason::coaching_or_trial,
                           .cost_per_day = 3.0,
                           .delivery = polku::Delivery::local,
                           .label_fi = "mentorointi",
                           .label_en = "mentoring"});
    periods_ = registry.agent_field<std::uint16_t>("periods");
    referral_ = registry.event_kind("mentoring.referral");
    end_ = registry.event_kind("mentoring.end");
    in_service_ = registry.indicator("in_service.mentoring", polku::Measure::stock);
    repeat_ = registry.indicator("mentoring_repeat_periods", polku::Measure::flow);
  }

  void on_register(polku::Simulation& sim, polku::AgentRef a) override { draw(sim, a); }
  void on_status_change(polku::Simulation& sim, polku::AgentRef a, polku::Status) override {
    draw(sim, a);
  }
  void on_deregister(const polku::Simulation& sim, polku::AgentRef a, polku::ExitReason,
                     polku::Indicators&) override {
    const auto& s = sim.agent(a);
    if (s.status == polku::Status::in_service && s.service == kMentoring)
      --participants_[s.municipality];
  }

  void on_event(polku::Simulation& sim, polku::AgentRef a, polku::EventKind kind,
                std::uint16_t payload) override {
    const auto& s = sim.agent(a);
    if (payload != polku::status_stamp(s)) return;
    if (kind == referral_) {
      if (s.status != polku::Status::unemployed || !sim.claim_service(a, kMentoring)) return;
      if (periods_(sim, a)++ > 0) sim.add(repeat_, s.municipality, 1.0);
      ++participants_[s.municipality];
      sim.set_status(a, polku::Status::in_service);
      sim.schedule(a, sim.today() + days_, end_, polku::status_stamp(sim.agent(a)));
    } else if (kind == end_ && s.service == kMentoring) {
      --participants_[s.municipality];
      sim.release_service(a, kMentoring);
      sim.set_status(a, polku::Status::unemployed);
    }
  }

  void end_month(const polku::Simulation&, polku::Indicators& out) override {
    for (polku::MunicipalityId m = 0; m < participants_.size(); ++m)
      out.set(in_service_, m, static_cast<double>(participants_[m]));
  }

 private:
  void draw(polku::Simulation& sim, polku::AgentRef a) {
    const auto& s = sim.agent(a);
    if (s.status != polku::Status::unemployed || rate_ <= 0) return;
    const double days = std::ceil(sim.random(s.key, kReferral).exponential() / rate_);
    if (days > sim.end() - sim.today()) return;
    sim.schedule(a, sim.today() + static_cast<polku::Day>(std::max(1.0, days)), referral_,
                 polku::status_stamp(s));
  }

  double rate_;
  polku::Day days_;
  std::vector<std::int64_t> participants_;
  polku::AgentField<std::uint16_t> periods_;
  polku::EventKind referral_ = 0, end_ = 0;
  polku::IndicatorId in_service_ = 0, repeat_ = 0;
};

polku::PluginDescriptor describe() {
  return {.name = "mentoring",
          .version = "0.1.0",
          .description = "Mentoring by volunteers: a service kind from outside (example).",
          .priority = 60,
          .hooks = polku::hook::on_register | polku::hook::on_status_change |
                   polku::hook::on_deregister | polku::hook::end_month,
          .parameters = {{.name = "referral_rate",
                          .type = polku::ParamType::real,
                          .default_yaml = "0.01",
                          .unit = "1/day",
                          .min = 0.0,
                          .max = 1.0,
                          .doc = "Referral hazard of an unemployed job-seeker."},
                         {.name = "period_days",
                          .type = polku::ParamType::integer,
                          .default_yaml = "60",
                          .unit = "days",
                          .min = 1.0,
                          .max = 365.0,
                          .doc = "Length of a mentoring period."}},
          .create = [](const polku::ModuleConfig& c) -> std::unique_ptr<polku::Module> {
            return std::make_unique<Mentoring>(c);
          },
          .indicators = {{.name = "in_service.mentoring",
                          .measure = polku::IndicatorMeasure::stock,
                          .unit_fi = "henkilöä",
                          .unit_en = "persons",
                          .label_fi = "Palvelussa: mentorointi",
                          .label_en = "In service: mentoring",
                          .group = polku::IndicatorGroup::services},
                         {.name = "mentoring_repeat_periods",
                          .measure = polku::IndicatorMeasure::flow,
                          .unit_fi = "jaksoa",
                          .unit_en = "periods",
                          .label_fi = "Toistuvat mentorointijaksot",
                          .label_en = "Repeated mentoring periods",
                          .group = polku::IndicatorGroup::services}}};
}

}  // namespace

POLKU_PLUGIN(describe)

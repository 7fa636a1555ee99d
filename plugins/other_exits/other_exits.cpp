// other_exits: leaving the register for education, for outside the labour force, or on reaching
// pension age — the exits besides employment and services (domain brief section 3, TTV15).
//
// Like employment_exit, the competing exit times are drawn in closed form whenever a job-seeker
// becomes unemployed; only the earliest is scheduled, stamped with the status period. A run
// restored under other rates redraws them on its first day (polku/drawn_under.hpp).
#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>

#include "polku/drawn_under.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"

namespace polku::other_exits {
namespace {

class OtherExits final : public Module {
 public:
  explicit OtherExits(const ModuleConfig& config)
      : education_rate_(config.params.real("other_education_rate")),
        outside_rate_(config.params.real("outside_labour_force_rate")),
        pension_age_(config.params.real("pension_age")),
        drawn_under_({education_rate_, outside_rate_, pension_age_}) {}

  void declare(Registry& registry) override {
    education_ = registry.event_kind("other_exits.education");
    outside_ = registry.event_kind("other_exits.outside_labour_force");
    age_ = registry.field_view<std::uint8_t>(person::kAge);
  }

  void on_register(Simulation& sim, AgentRef a) override { draw(sim, a); }
  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override { draw(sim, a); }

  void begin_day(Simulation& sim) override {
    if (drawn_under_.take_redraw()) sim.for_each_agent([&](AgentRef a) { draw(sim, a); });
  }
  void save(boost::archive::binary_oarchive& ar) const override { drawn_under_.save(ar); }
  void load(boost::archive::binary_iarchive& ar) override { drawn_under_.load(ar); }

  void on_event(Simulation& sim, AgentRef a, EventKind kind, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed || payload != drawn_under_.stamp(status_stamp(s))) return;
    sim.deregister(
        a, kind == education_ ? ExitReason::other_education : ExitReason::outside_labour_force);
  }

 private:
  void draw(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed) return;
    auto random = sim.random(s.key, Stream::other_exit);
    const double inf = std::numeric_limits<double>::infinity();
    const double to_education = education_rate_ > 0 ? random.exponential() / education_rate_ : inf;
    const double to_outside = outside_rate_ > 0 ? random.exponential() / outside_rate_ : inf;
    const double age_now = person::age_on(age_(sim, a), s, sim.today());
    const double to_pension = std::max(0.0, (pension_age_ - age_now) * kDaysPerYear);
    const double first = std::min({to_education, to_outside, to_pension});
    if (!std::isfinite(first)) return;
    const double days_ahead = std::max(1.0, std::ceil(first));
    if (days_ahead > sim.end() - sim.today()) return;
    sim.schedule(a, sim.today() + static_cast<Day>(days_ahead),
                 first == to_education ? education_ : outside_,
                 drawn_under_.stamp(status_stamp(s)));
  }

  double education_rate_;
  double outside_rate_;
  double pension_age_;
  DrawnUnder drawn_under_;
  EventKind education_ = 0;
  EventKind outside_ = 0;
  AgentFieldView<std::uint8_t> age_;
};

PluginDescriptor describe() {
  return {
      .name = "other_exits",
      .version = "1.1.0",
      .description = "Exits to education, out of the labour force, and at pension age.",
      .priority = 31,
      .hooks = hook::on_register | hook::on_status_change | hook::begin_day,
      .parameters =
          {
              {.name = "other_education_rate",
               .type = ParamType::real,
               .default_yaml = "0.0003",
               .unit = "1/day",
               .min = 0.0,
               .max = 0.1,
               .doc = "Hazard of leaving the register for (non-service) education. Assumption: "
                      "about 10 % a year; plausible 0.0001-0.0008.",
               .uncertainty = uniform(0.0001, 0.0008)},
              {.name = "outside_labour_force_rate",
               .type = ParamType::real,
               .default_yaml = "0.0005",
               .unit = "1/day",
               .min = 0.0,
               .max = 0.1,
               .doc = "Hazard of leaving the labour force (care, disability, moving abroad, lost "
                      "contact). Assumption: about 17 % a year; plausible 0.0002-0.0012.",
               .uncertainty = uniform(0.0002, 0.0012)},
              {.name = "pension_age",
               .type = ParamType::real,
               .default_yaml = "64.5",
               .unit = "years",
               .min = 50.0,
               .max = 80.0,
               .doc = "Age at which an unemployed job-seeker leaves for old-age pension. The "
                      "earliest old-age pension age is 64-65 for those born 1958-1964 (Employees "
                      "Pensions Act 395/2006 s. 11); a single age is an approximation."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<OtherExits>(c);
      },
  };
}

}  // namespace
}  // namespace polku::other_exits

POLKU_PLUGIN(polku::other_exits::describe)

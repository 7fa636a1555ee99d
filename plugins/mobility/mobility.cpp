// mobility: job-seekers move home between the scenario's municipalities. The paying municipality
// of benefits is the home on the payment day, so moves shift costs (domain brief section 5).
// A run restored under another rate of moving draws the pending moves again on its first day
// (polku/drawn_under.hpp).
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>
#include <numeric>

#include "polku/drawn_under.hpp"
#include "polku/plugin.hpp"

namespace polku::mobility {
namespace {

class Mobility final : public Module {
 public:
  explicit Mobility(const ModuleConfig& config)
      : daily_rate_(config.params.real("moves_per_year") / kDaysPerYear),
        weights_(config.params.per_municipality("destination_weight")),
        total_weight_(std::accumulate(weights_.begin(), weights_.end(), 0.0)),
        drawn_under_({daily_rate_}) {}

  void declare(Registry& registry) override {
    move_ = registry.event_kind("mobility.move");
    moves_id_ = registry.indicator("moves_in", Measure::flow);
  }

  void on_register(Simulation& sim, AgentRef a) override { schedule_next(sim, a); }

  void begin_day(Simulation& sim) override {
    if (drawn_under_.take_redraw()) sim.for_each_agent([&](AgentRef a) { schedule_next(sim, a); });
  }
  void save(boost::archive::binary_oarchive& ar) const override { drawn_under_.save(ar); }
  void load(boost::archive::binary_iarchive& ar) override { drawn_under_.load(ar); }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/, std::uint16_t payload) override {
    if (payload != drawn_under_.stamp(0)) return;  // drawn before a redraw
    const JobSeeker& s = sim.agent(a);
    // A home in proportion to the weights, one's own included (then nobody moves): the flow from
    // m to j is then rate x stock(m) x weight(j), which balances the flow back when the weights
    // are proportional to the stocks.
    if (total_weight_ > 0) {
      double u = sim.random(s.key, Stream::mobility).uniform() * total_weight_;
      MunicipalityId to = 0;
      for (MunicipalityId m = 0; m < weights_.size(); ++m) {
        to = m;
        u -= weights_[m];
        if (u <= 0) break;
      }
      if (to != s.municipality) {
        sim.move_home(a, to);
        sim.add(moves_id_, to, 1.0);
      }
    }
    schedule_next(sim, a);
  }

 private:
  void schedule_next(Simulation& sim, AgentRef a) {
    if (daily_rate_ <= 0 || weights_.size() < 2) return;
    // A subject id of its own keeps this waiting-time draw apart from today's destination draw.
    auto random = sim.random(sim.agent(a).key ^ 0x6d6f7665ULL, Stream::mobility);
    const double days = std::max(1.0, std::ceil(random.exponential() / daily_rate_));
    if (days > sim.end() - sim.today()) return;
    sim.schedule(a, sim.today() + static_cast<Day>(days), move_, drawn_under_.stamp(0));
  }

  double daily_rate_;
  std::vector<double> weights_;
  double total_weight_;
  DrawnUnder drawn_under_;  ///< what the pending moves' waiting times depend on
  EventKind move_ = 0;
  IndicatorId moves_id_ = 0;
};

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  return {{.name = "moves_in",
           .measure = IndicatorMeasure::flow,
           .unit_fi = "henkilöä",
           .unit_en = "persons",
           .label_fi = "Kuntaan muuttaneet työnhakijat",
           .label_en = "Job-seekers moving in",
           .group = IndicatorGroup::flows}};
}

PluginDescriptor describe() {
  return {
      .name = "mobility",
      .version = "1.3.0",
      .description = "Moves of job-seekers between the scenario's municipalities.",
      .priority = 2,
      .hooks = hook::on_register | hook::begin_day,
      .parameters =
          {
              {.name = "moves_per_year",
               .type = ParamType::real,
               .default_yaml = "0.04",
               .unit = "1/year",
               .min = 0.0,
               .max = 2.0,
               .doc = "Rate at which a job-seeker chooses a home among the scenario's "
                      "municipalities (in proportion to destination_weight; choosing the present "
                      "one is no move, so a municipality of share w sees moves out at this rate x "
                      "(1 - w)). Assumption: about 4 % a year; plausible 0.01-0.08 "
                      "(inter-municipal migration).",
               .uncertainty = uniform(0.01, 0.08)},
              {.name = "destination_weight",
               .type = ParamType::per_municipality,
               .default_yaml = "1",
               .unit = "weight",
               .min = 0.0,
               .max = 1e9,
               .doc = "Relative attraction of each municipality as a home. The default (equal) "
                      "drains large municipalities into small ones; weights proportional to the "
                      "job-seekers balance the flows, as the area fragments set them (each "
                      "municipality's start-month unemployed)."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Mobility>(c);
      },
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::mobility

POLKU_PLUGIN(polku::mobility::describe)

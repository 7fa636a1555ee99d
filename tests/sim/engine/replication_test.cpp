// The engine with in-process test modules: event order, cancellation, horizon, slot reuse,
// agent-day accounting and ratio indicators.
#include "engine/replication.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "polku/errors.hpp"

using namespace polku;

namespace {

Scenario two_municipalities(Day start, Day end) {
  Scenario s;
  s.name = "engine-test";
  s.start = start;
  s.end = end;
  s.municipalities = {"Alpha", "Beta"};
  return s;
}

/// Registers agents on the start day and logs every event it receives as (day, agent key).
class Recorder final : public Module {
 public:
  static inline std::vector<std::pair<Day, std::uint64_t>> log;
  static inline std::function<void(Simulation&, Recorder&)> on_start;
  EventKind kind = 0;
  IndicatorId count = 0, part = 0, share = 0;

  void declare(Registry& r) override {
    kind = r.event_kind("recorder.tick");
    count = r.indicator("count", Measure::stock);
    part = r.indicator("part", Measure::stock);
    share = r.ratio_indicator("share", part, count, 100.0);
  }
  void start(Simulation& sim) override { on_start(sim, *this); }
  void on_event(Simulation& sim, AgentRef a, EventKind, std::uint16_t) override {
    log.emplace_back(sim.today(), sim.agent(a).key);
  }
};

PluginDescriptor recorder_descriptor() {
  PluginDescriptor d;
  d.name = "recorder";
  d.create = [](const ModuleConfig&) -> std::unique_ptr<Module> {
    return std::make_unique<Recorder>();
  };
  return d;
}

AgentRef add(Simulation& sim, std::uint64_t key, MunicipalityId m = 0) {
  return sim.register_jobseeker(
      {.key = key, .municipality = m, .registered = sim.today(), .spell_start = sim.today()});
}

}  // namespace

TEST_CASE("events fire on their day in scheduling order, cancelled and stale ones do not",
          "[engine]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, start + 9);
  const auto descriptor = recorder_descriptor();
  const ParamValues params;
  const ModuleBlueprint blueprint{&descriptor, &params};
  Recorder::log.clear();
  Recorder::on_start = [](Simulation& sim, Recorder& self) {
    const AgentRef a = add(sim, 100), b = add(sim, 200), c = add(sim, 300);
    sim.schedule(b, sim.today() + 2, self.kind);
    sim.schedule(a, sim.today() + 2, self.kind);
    sim.schedule(a, sim.today() + 1, self.kind);
    sim.schedule(c, sim.today() + 3, self.kind);
    sim.cancel_events(c);                          // c's event must not fire
    sim.schedule(c, sim.today() + 5, self.kind);   // but a later one does
    sim.schedule(b, sim.today() + 50, self.kind);  // beyond the end: dropped
    sim.deregister(b, ExitReason::open_market);    // b's day-2 event is now stale ...
    CHECK(add(sim, 400) == b);                     // ... even though its slot is reused
    CHECK_THROWS_AS(sim.schedule(a, sim.today() - 1, self.kind), ModelError);
  };
  Replication replication(scenario, {&blueprint, 1}, 0);
  replication.run_until(scenario.end);
  const std::vector<std::pair<Day, std::uint64_t>> expected = {
      {start + 1, 100}, {start + 2, 100}, {start + 5, 300}};
  CHECK(Recorder::log == expected);
  CHECK(replication.agent_days() == 3.0 * 10);  // a, c and the newcomer for ten days
}

TEST_CASE("ratio indicators are computed from summed parts, a zero denominator gives NaN",
          "[engine]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, day_from_ymd(2025, 2, 28));
  const auto descriptor = recorder_descriptor();
  const ParamValues params;
  const ModuleBlueprint blueprint{&descriptor, &params};
  Recorder::on_start = [](Simulation& sim, Recorder& self) {
    sim.add(self.count, 0, 4);
    sim.add(self.part, 0, 1);
  };
  Replication replication(scenario, {&blueprint, 1}, 0);
  replication.run_until(scenario.end);
  const auto& v = replication.values().values;
  REQUIRE(replication.indicators().size() == 3);
  REQUIRE(v.size() == 2 * 2 * 3);  // two months, two municipalities, three indicators
  CHECK(v[0] == 4);                // January, Alpha, count
  CHECK(v[2] == 25.0);             // January, Alpha, share = 100 * 1 / 4
  CHECK(std::isnan(v[5]));         // January, Beta: nothing counted
  CHECK(v[6] == 0);                // flows start again from zero in February
}

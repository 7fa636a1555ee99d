// The engine with in-process test modules: event order, cancellation, horizon, slot reuse,
// agent-day accounting and ratio indicators.
#include "engine/replication.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "engine/serialization.hpp"
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
  for (const char* name : {"count", "part"})
    d.indicators.push_back({.name = name,
                            .measure = IndicatorMeasure::stock,
                            .unit_fi = "henkilöä",
                            .unit_en = "persons",
                            .label_fi = name,
                            .label_en = name});
  d.indicators.push_back({.name = "share",
                          .measure = IndicatorMeasure::ratio,
                          .unit_fi = "%",
                          .unit_en = "%",
                          .label_fi = "osuus",
                          .label_en = "share"});
  d.create = [](const ModuleConfig&) -> std::unique_ptr<Module> {
    return std::make_unique<Recorder>();
  };
  return d;
}

AgentRef add(Simulation& sim, std::uint64_t key, MunicipalityId m = 0) {
  return sim.register_jobseeker(
      {.key = key, .municipality = m, .registered = sim.today(), .spell_start = sim.today()});
}

/// The recorder alone over Alpha and Beta for ten days from 1.1.2025, with an empty log.
struct TenRecordedDays {
  TenRecordedDays() { Recorder::log.clear(); }
  Day start = day_from_ymd(2025, 1, 1);
  Scenario scenario = two_municipalities(start, start + 9);
  PluginDescriptor descriptor = recorder_descriptor();
  ParamValues params;
  ModuleBlueprint blueprint{&descriptor, &params};
};

}  // namespace

TEST_CASE("events fire on their day in scheduling order, cancelled and stale ones do not",
          "[engine]") {
  const TenRecordedDays ten;
  const auto& [start, scenario, descriptor, params, blueprint] = ten;
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

namespace {

/// A module whose behaviour each test sets: it owns a field and a flag, and may break rules.
class Probe final : public Module {
 public:
  static inline std::function<void(Registry&, Probe&)> on_declare;
  static inline std::function<void(Simulation&, Probe&)> on_begin_day, on_end_day;
  static inline std::function<void(const Simulation&, Probe&)> on_end_month;
  static inline int registered_calls = 0;
  AgentField<std::uint32_t> counter;
  AgentFlag marked;
  EventKind kind = 0;

  void declare(Registry& r) override {
    counter = r.agent_field<std::uint32_t>("counter", 7);
    marked = r.agent_flag("marked");
    kind = r.event_kind("probe.tick");
    if (on_declare) on_declare(r, *this);
  }
  void begin_day(Simulation& sim) override {
    if (on_begin_day) on_begin_day(sim, *this);
  }
  void on_register(Simulation& /*sim*/, AgentRef /*a*/) override { ++registered_calls; }
  void end_day(Simulation& sim) override {
    if (on_end_day) on_end_day(sim, *this);
  }
  void end_month(const Simulation& sim, Indicators& /*out*/) override {
    if (on_end_month) on_end_month(sim, *this);
  }
};

PluginDescriptor probe_descriptor(std::string name, std::uint32_t hooks) {
  PluginDescriptor d;
  d.name = std::move(name);
  d.hooks = hooks;
  d.create = [](const ModuleConfig&) -> std::unique_ptr<Module> {
    return std::make_unique<Probe>();
  };
  return d;
}

void reset_probe() {
  Probe::on_declare = nullptr;
  Probe::on_begin_day = nullptr;
  Probe::on_end_day = nullptr;
  Probe::on_end_month = nullptr;
  Probe::registered_calls = 0;
}

// end_month and on_deregister see a read-only simulation: nothing can be scheduled or written.
template <class S>
concept can_schedule = requires(S& s) {
  s.schedule(AgentRef{}, Day{}, EventKind{}, 0);
};
static_assert(can_schedule<Simulation>);
static_assert(!can_schedule<const Simulation>);
static_assert(
    std::is_same_v<decltype(&Module::end_month), void (Module::*)(const Simulation&, Indicators&)>);
static_assert(
    std::is_same_v<decltype(&Module::on_deregister),
                   void (Module::*)(const Simulation&, AgentRef, ExitReason, Indicators&)>);
// A view reads; it gives no reference to write through.
static_assert(std::is_same_v<decltype(std::declval<AgentFieldView<int>>()(
                                 std::declval<const Simulation&>(), AgentRef{})),
                             int>);

}  // namespace

TEST_CASE("scheduling for today after the event phase is a ModelError", "[engine][phases]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, start + 3);
  const auto descriptor = probe_descriptor("probe", hook::all);
  const ParamValues params;
  const ModuleBlueprint blueprint{&descriptor, &params};
  reset_probe();
  Probe::on_begin_day = [](Simulation& sim, Probe& self) {
    if (sim.today() != sim.start()) return;
    const AgentRef a = add(sim, 1);
    sim.schedule(a, sim.today(), self.kind);  // before the events: delivered today
  };
  SECTION("in end_day") {
    Probe::on_end_day = [](Simulation& sim, Probe& self) {
      sim.schedule(0, sim.today(), self.kind);
    };
    Replication replication(scenario, {&blueprint, 1}, 0);
    CHECK_THROWS_WITH(replication.run_until(start),
                      Catch::Contains("scheduled for today in end_day"));
  }
  SECTION("tomorrow is fine in end_day") {
    Probe::on_end_day = [](Simulation& sim, Probe& self) {
      sim.schedule(0, sim.today() + 1, self.kind);
    };
    Replication replication(scenario, {&blueprint, 1}, 0);
    CHECK_NOTHROW(replication.run_until(scenario.end));
    CHECK(replication.events_delivered() == 4);  // the start day's own, then one a day
  }
}

TEST_CASE("agent fields: owned, namespaced, reset on registration, checked by type",
          "[engine][fields]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, start + 1);
  const ParamValues params;
  reset_probe();

  SECTION("the owner writes, the initial value returns when a slot is reused") {
    const auto descriptor = probe_descriptor("probe", hook::all);
    const ModuleBlueprint blueprint{&descriptor, &params};
    Probe::on_begin_day = [](Simulation& sim, Probe& self) {
      if (sim.today() != sim.start()) return;
      std::vector<AgentRef> people;
      for (std::uint64_t k = 0; k < 1000; ++k) people.push_back(add(sim, k));  // columns grow
      for (AgentRef a : people) self.counter(sim, a) = a * 3, self.marked.set(sim, a, a % 2 == 1);
      CHECK(self.counter(sim, people[999]) == 2997);
      CHECK(self.marked(sim, people[999]));
      CHECK_FALSE(self.marked(sim, people[998]));
      sim.deregister(people[999], ExitReason::open_market);
      const AgentRef again = add(sim, 5000);
      CHECK(again == people[999]);
      CHECK(self.counter(sim, again) == 7);  // the declared initial value
      CHECK_FALSE(self.marked(sim, again));
    };
    Replication replication(scenario, {&blueprint, 1}, 0);
    replication.run_until(scenario.end);
    CHECK(replication.read_field<std::uint32_t>("probe.counter", 5) == 15);
  }
  SECTION("a module cannot register a field in another module's name") {
    const auto descriptor = probe_descriptor("probe", hook::all);
    const ModuleBlueprint blueprint{&descriptor, &params};
    Probe::on_declare = [](Registry& r, Probe&) {
      (void)r.agent_field<std::uint32_t>("counselling.coach");
    };
    CHECK_THROWS_WITH(Replication(scenario, {&blueprint, 1}, 0),
                      Catch::Contains("a module names only its own fields"));
  }
  SECTION("a field is registered once, and read with the owner's type") {
    const auto descriptor = probe_descriptor("probe", hook::all);
    const ModuleBlueprint blueprint{&descriptor, &params};
    Probe::on_declare = [](Registry& r, Probe&) { (void)r.agent_field<std::uint32_t>("counter"); };
    CHECK_THROWS_WITH(Replication(scenario, {&blueprint, 1}, 0),
                      Catch::Contains("registered twice"));
    Probe::on_declare = [](Registry& r, Probe&) { (void)r.field_view<double>("probe.counter"); };
    CHECK_THROWS_WITH(Replication(scenario, {&blueprint, 1}, 0),
                      Catch::Contains("two different types"));
  }
  SECTION("a view of a field nobody owns reads its initial value and says so") {
    const auto descriptor = probe_descriptor("probe", hook::all);
    const ModuleBlueprint blueprint{&descriptor, &params};
    static AgentFieldView<std::uint8_t> age;
    Probe::on_declare = [](Registry& r, Probe&) { age = r.field_view<std::uint8_t>("absent.age"); };
    Probe::on_begin_day = [](Simulation& sim, Probe&) {
      if (sim.today() != sim.start()) return;
      const AgentRef a = add(sim, 1);
      CHECK(age(sim, a) == 0);
      CHECK_FALSE(age.owned(sim));
    };
    Replication replication(scenario, {&blueprint, 1}, 0);
    replication.run_until(scenario.end);
  }
}

TEST_CASE("service claims and spells belong to the modules that declared them", "[engine]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, start + 1);
  const ParamValues params;
  reset_probe();
  const auto provider = probe_descriptor("provider", hook::all);
  const auto other = probe_descriptor("other", hook::all);
  const ModuleBlueprint modules[] = {{&provider, &params}, {&other, &params}};
  static int declared = 0;
  declared = 0;
  Probe::on_declare = [](Registry& r, Probe&) {
    if (declared++ == 0) r.service_kind({.name = "mentoring", .id = 70});
  };
  static int called = 0;
  called = 0;
  Probe::on_begin_day = [](Simulation& sim, Probe&) {
    if (sim.today() != sim.start()) return;
    if (called++ == 0) {  // the provider
      const AgentRef a = add(sim, 1);
      CHECK(sim.claim_service(a, 70));
      CHECK(sim.agent(a).service == 70);
      CHECK(sim.service_kind_info(70)->name == "mentoring");
      return;
    }
    CHECK_THROWS_WITH(sim.claim_service(0, 70), Catch::Contains("which it did not register"));
    CHECK_THROWS_WITH(sim.release_service(0, 70), Catch::Contains("does not hold them"));
    CHECK_THROWS_WITH(sim.restart_spell(0), Catch::Contains("define_spells"));
  };
  Replication replication(scenario, modules, 0);
  replication.run_until(scenario.end);
  CHECK(called == 2);  // both modules on the start day
}

TEST_CASE("a hook is called only on the modules that declared it", "[engine][phases]") {
  const Day start = day_from_ymd(2025, 1, 1);
  const auto scenario = two_municipalities(start, start + 1);
  const ParamValues params;
  reset_probe();
  const auto registering = probe_descriptor("registering", hook::begin_day | hook::on_register);
  const auto silent = probe_descriptor("silent", hook::begin_day);
  const ModuleBlueprint modules[] = {{&registering, &params}, {&silent, &params}};
  static int day_calls = 0;
  day_calls = 0;
  Probe::on_begin_day = [](Simulation& sim, Probe&) {
    if (day_calls++ == 0) add(sim, 1), add(sim, 2);
  };
  Replication replication(scenario, modules, 0);
  replication.run_until(scenario.end);
  CHECK(day_calls == 4);                // both modules, two days
  CHECK(Probe::registered_calls == 2);  // only the module that declared on_register
}

namespace {

/// The start of a saved replication state, up to the population (Replication::save).
struct SavedAgents {
  std::uint32_t replication = 0;
  Day next_day = 0;
  std::vector<JobSeeker> people;
  std::vector<std::uint32_t> epochs;
  std::vector<AgentRef> vacant;
  std::size_t population = 0;
};

/// `saved` with its agents changed by `change` and the rest kept byte for byte: a state made on
/// purpose, which a checkpoint's checksum cannot catch.
std::string tampered(const std::string& saved, const std::function<void(SavedAgents&)>& change) {
  std::istringstream in(saved);
  SavedAgents agents;
  {
    boost::archive::binary_iarchive ar(in);
    ar >> agents.replication >> agents.next_day >> agents.people >> agents.epochs >>
        agents.vacant >> agents.population;
  }
  const std::string rest = saved.substr(static_cast<std::size_t>(in.tellg()));
  change(agents);
  std::ostringstream out;
  {
    boost::archive::binary_oarchive ar(out);
    ar << agents.replication << agents.next_day << agents.people << agents.epochs << agents.vacant
       << agents.population;
  }
  return out.str() + rest;
}

}  // namespace

TEST_CASE("a restored state whose agents do not fit is refused with an InputError",
          "[engine][checkpoint]") {
  const TenRecordedDays ten;
  const auto& [start, scenario, descriptor, params, blueprint] = ten;
  Recorder::on_start = [](Simulation& sim, Recorder&) {
    add(sim, 100), add(sim, 200, 1), add(sim, 300);
    sim.deregister(1, ExitReason::open_market);  // slot 1 is free
  };
  Replication saving(scenario, {&blueprint, 1}, 0);
  saving.run_until(start + 2);
  std::ostringstream out;
  {
    boost::archive::binary_oarchive ar(out);
    saving.save(ar);
  }
  const std::string saved = out.str();
  const auto restore = [&](const std::string& state) {
    Recorder::on_start = [](Simulation&, Recorder&) {};
    Replication restored(scenario, {&blueprint, 1}, 0);
    std::istringstream in(state);
    boost::archive::binary_iarchive ar(in);
    restored.load(ar);
    restored.run_until(scenario.end);
    return restored.population();
  };
  // Unchanged, through the same path: it restores.
  REQUIRE(restore(tampered(saved, [](SavedAgents&) {})) == 2);

  SECTION("a free slot that does not exist") {
    CHECK_THROWS_WITH(restore(tampered(saved, [](SavedAgents& a) { a.vacant = {1000000}; })),
                      Catch::Contains("beyond the 3 slots"));
  }
  SECTION("a slot in use listed as free") {
    CHECK_THROWS_WITH(restore(tampered(saved,
                                       [](SavedAgents& a) {
                                         a.vacant = {1, 0};
                                       })),
                      Catch::Contains("listed as free twice or is in use"));
  }
  SECTION("a free slot missing from the list") {
    CHECK_THROWS_WITH(restore(tampered(saved, [](SavedAgents& a) { a.vacant.clear(); })),
                      Catch::Contains("neither in use nor free"));
  }
  SECTION("a population that does not count the slots in use") {
    CHECK_THROWS_WITH(restore(tampered(saved, [](SavedAgents& a) { a.population = 5; })),
                      Catch::Contains("a population of 5"));
  }
  SECTION("a home municipality that does not exist") {
    CHECK_THROWS_AS(restore(tampered(saved, [](SavedAgents& a) { a.people[0].municipality = 9; })),
                    InputError);
  }
  SECTION("indicator values of another shape, unless discarded as after a warm-up") {
    auto wider = scenario;
    wider.municipalities.push_back("Gamma");  // three municipalities' values expected, two saved
    Replication restored(wider, {&blueprint, 1}, 0);
    std::istringstream in(saved);
    boost::archive::binary_iarchive ar(in);
    restored.load(ar);
    CHECK_THROWS_WITH(restored.run_until(wider.end),
                      Catch::Contains("indicator values do not fit"));
    restored.discard_results();
    restored.run_until(wider.end);
    CHECK(restored.values().values.size() == 3 * 3);  // January: three municipalities' values
  }
  SECTION("a service kind nobody registered") {
    CHECK_THROWS_WITH(restore(tampered(saved, [](SavedAgents& a) { a.people[2].service = 99; })),
                      Catch::Contains("unregistered service kind"));
  }
}

TEST_CASE("holds tells whether an agent number still names the person of a key", "[engine]") {
  const TenRecordedDays ten;
  Recorder::on_start = [](Simulation& sim, Recorder&) {
    const AgentRef a = add(sim, 100), b = add(sim, 200);
    CHECK(sim.holds(a, 100));
    CHECK_FALSE(sim.holds(a, 200));
    CHECK_FALSE(sim.holds(1000000, 100));  // beyond the slots: never read
    sim.deregister(b, ExitReason::open_market);
    CHECK(add(sim, 300) == b);  // the slot reused
    CHECK_FALSE(sim.holds(b, 200));
    CHECK(sim.holds(b, 300));
  };
  Replication replication(ten.scenario, {&ten.blueprint, 1}, 0);
  replication.run_until(ten.start);
}

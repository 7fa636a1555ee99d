// Counselling: statutory due dates across weekends and holidays, and what under-staffing does.
#include <catch2/catch.hpp>

#include "counselling/customer.hpp"
#include "engine/replication.hpp"
#include "support/scenario_runs.hpp"
#include "support/temp_path.hpp"

using namespace polku;
using polku::test::RunOf;

namespace {

/// Registers one job-seeker on a given day; the test reads the agent afterwards.
class Registrar final : public Module {
 public:
  static inline Day on_day = 0;
  static inline AgentRef registered = 0;
  void begin_day(Simulation& sim) override {
    if (sim.today() != on_day) return;
    registered = sim.register_jobseeker(
        {.key = 42, .municipality = 0, .registered = on_day, .spell_start = on_day});
  }
};

Day initial_interview_due(const std::string& registration_date, const std::string& extra = "") {
  const auto file = test::unique_temp_path("polku-counselling-due", ".yaml");
  std::ofstream(file) << "name: due\nstart: 2022-01-01\nend: 2025-12-31\nmunicipalities: [Alpha]\n"
                         "modules:\n  counselling: {counsellor_fte: 1" +
                             extra + "}\n";
  PluginHost host(PluginHost::default_search_path({}));
  const Scenario scenario = load_scenario(file, {}, host);
  auto modules = order_modules(scenario, host);
  PluginDescriptor registrar;
  registrar.name = "registrar";
  registrar.hooks = hook::begin_day;
  registrar.create = [](const ModuleConfig&) -> std::unique_ptr<Module> {
    return std::make_unique<Registrar>();
  };
  const ParamValues none;
  modules.insert(modules.begin(), {&registrar, &none});
  REQUIRE(parse_iso_date(registration_date, Registrar::on_day));
  Replication replication(scenario, modules, 0);
  replication.run_until(Registrar::on_day);
  std::filesystem::remove(file);
  return replication.read_field<counselling::Customer>("counselling.customer", Registrar::registered)
      .next_meeting;
}

}  // namespace

TEST_CASE("the initial interview is due within five business days, skipping weekends and holidays",
          "[counselling]") {
  // Friday 20.12.2024: Mon 23 (1), Tue 24 to Thu 26 Christmas, Fri 27 (2), Mon 30 (3), Tue 31 (4),
  // Wed 1.1. New Year, Thu 2.1.2025 (5).
  CHECK(iso_date(initial_interview_due("2024-12-20")) == "2025-01-02");
  // Thursday 17.4.2025: Fri 18 Good Friday, Mon 21 Easter Monday; Tue 22 (1) ... Mon 28 (5).
  CHECK(iso_date(initial_interview_due("2025-04-17")) == "2025-04-28");
  // An ordinary week: Monday 3.3.2025 -> Monday 10.3.2025.
  CHECK(iso_date(initial_interview_due("2025-03-03")) == "2025-03-10");
  // Before the Nordic model (2.5.2022) the first meeting is within 14 days, on a business day:
  // Friday 1.4.2022 + 14 = Friday 15.4.2022 (Good Friday) -> Tuesday 19.4.2022 after Easter Monday.
  CHECK(iso_date(initial_interview_due("2022-04-01")) == "2022-04-19");
}

TEST_CASE("halving counsellors raises the backlog and caseload and lowers meetings held",
          "[counselling]") {
  const std::string scenario = std::string(POLKU_SOURCE_DIR) + "/tests/scenarios/pathways.yaml";
  std::ifstream in(scenario);
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const RunOf base(yaml);
  const RunOf halved(yaml, {{"modules.counselling.counsellor_fte={Alpha: 7, Beta: 1.5}"}});
  CHECK(halved.total("plan_backlog") > 2 * base.total("plan_backlog"));
  CHECK(halved.total("caseload_per_counsellor") > 1.8 * base.total("caseload_per_counsellor"));
  CHECK(halved.total("meetings_held") < base.total("meetings_held"));
}

TEST_CASE("a needs-based schedule holds fewer meetings than the uniform one", "[counselling]") {
  const std::string scenario = std::string(POLKU_SOURCE_DIR) + "/tests/scenarios/pathways.yaml";
  std::ifstream in(scenario);
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const RunOf uniform(yaml);
  const RunOf needs(yaml, {{"modules.counselling.meeting_policy=needs_based"}});
  CHECK(needs.total("meetings_due") < uniform.total("meetings_due"));
}

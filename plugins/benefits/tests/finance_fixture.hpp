// A scripted population of a few job-seekers run in-process, and its monthly indicators: the
// fixture of the financing tests.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "benefits/benefit_rules.hpp"
#include "engine/replication.hpp"
#include "engine/runner.hpp"
#include "scenario/load.hpp"
#include "support/temp_path.hpp"

namespace polku::test {

inline Day date(int y, unsigned m, unsigned d) { return day_from_ymd(y, m, d); }

/// Service kinds the script provides (with the built-in kinds' numbers and default costs), so the
/// financing modules can be tested without the service modules.
inline constexpr ServiceKindId kCoaching = 2, kWageSubsidy = 3, kWorkTrial = 4;
inline const std::vector<ServiceKindInfo> kScriptKinds = {
    {.name = "coaching",
     .id = kCoaching,
     .ends_spell_as = ExitReason::coaching_or_trial,
     .cost_per_day = 45,
     .delivery = Delivery::procured,
     .label_fi = "valmennus",
     .label_en = "coaching"},
    {.name = "wage_subsidy",
     .id = kWageSubsidy,
     .ends_spell_as = ExitReason::subsidised_job,
     .cost_per_day = 35,
     .delivery = Delivery::causation,
     .paid_work = true,
     .label_fi = "palkkatuki",
     .label_en = "wage subsidy"},
    {.name = "work_trial",
     .id = kWorkTrial,
     .ends_spell_as = ExitReason::coaching_or_trial,
     .cost_per_day = 5,
     .delivery = Delivery::local,
     .label_fi = "työkokeilu",
     .label_en = "work trial"}};

/// Puts a person into status `s`, in service kind `k` (one of `kScriptKinds`) or none; called
/// from the script, which provides the kinds.
inline void set_status(Simulation& sim, AgentRef a, Status s, ServiceKindId k = kNoService) {
  const ServiceKindId held = sim.agent(a).service;
  if (held != kNoService && held != k) sim.release_service(a, held);
  if (k != kNoService) sim.claim_service(a, k);
  sim.set_status(a, s);
}

/// A scripted population and its monthly indicators.
class Fixture {
 public:
  explicit Fixture(const std::string& yaml)
      : file_(unique_temp_path("polku-finance-fixture", ".yaml")) {
    std::ofstream(file_) << yaml;
  }
  ~Fixture() { std::filesystem::remove(file_); }

  /// Registers a job-seeker on `day` who has been paid for `prior` payment days without a break.
  void person(Day day, MunicipalityId m, int prior, Status status = Status::unemployed,
              ServiceKindId service = kNoService) {
    Day since = day;
    while (benefits::payment_days_between(since, day) < prior) --since;
    registrations_.push_back({day,
                              {.key = 1000 + registrations_.size(),
                               .municipality = m,
                               .registered = since,
                               .spell_start = since,
                               .status = status,
                               .service = service}});
  }
  void on(Day day, std::function<void(Simulation&, AgentRef)> act, std::size_t who = 0) {
    changes_.push_back({day, [act, who](Simulation& sim) { act(sim, people_[who]); }});
  }

  void run() {
    host_ = std::make_unique<PluginHost>(PluginHost::default_search_path({}));
    scenario_ = load_scenario(file_, {}, *host_);
    auto modules = order_modules(scenario_, *host_);
    static PluginDescriptor script;
    script.name = "script";
    script.priority = 0;
    script.hooks = hook::begin_day | hook::end_day;
    script.create = [](const ModuleConfig&) -> std::unique_ptr<Module> {
      return std::make_unique<Runner>();
    };
    static const ParamValues none;
    modules.insert(modules.begin(), {&script, &none});
    people_.clear();
    current_ = this;
    replication_ = std::make_unique<Replication>(scenario_, modules, 0);
    replication_->run_until(scenario_.end);
  }

  /// Indicator value of a municipality in a month "YYYY-MM".
  [[nodiscard]] double at(const std::string& indicator, MunicipalityId m,
                          const std::string& month) const {
    const auto& defs = replication_->indicators();
    std::size_t id = defs.size();
    for (std::size_t i = 0; i < defs.size(); ++i)
      if (defs[i].name == indicator) id = i;
    REQUIRE(id < defs.size());
    Day d = 0;
    REQUIRE(parse_iso_date(month + "-01", d));
    const auto k = static_cast<std::size_t>(month_index(d) - month_index(scenario_.start));
    return replication_->values()
        .values[(k * scenario_.municipalities.size() + m) * defs.size() + id];
  }
  /// Sum over every month.
  [[nodiscard]] double total(const std::string& indicator, MunicipalityId m) const {
    double sum = 0.0;
    for (int k = month_index(scenario_.start); k <= month_index(scenario_.end); ++k)
      sum += at(indicator, m, month_label(k));
    return sum;
  }

 private:
  class Runner final : public Module {
   public:
    void declare(Registry& registry) override {
      for (const auto& kind : kScriptKinds) registry.service_kind(kind);
    }
    void begin_day(Simulation& sim) override {
      for (auto& [day, who] : current_->registrations_)
        if (day == sim.today()) current_->people_.push_back(sim.register_jobseeker(who));
    }
    void end_day(Simulation& sim) override {
      for (auto& [day, act] : current_->changes_)
        if (day == sim.today()) act(sim);
    }
  };

  static inline Fixture* current_ = nullptr;
  std::filesystem::path file_;
  std::vector<std::pair<Day, NewJobSeeker>> registrations_;
  std::vector<std::pair<Day, std::function<void(Simulation&)>>> changes_;
  static inline std::vector<AgentRef> people_;
  std::unique_ptr<PluginHost> host_;  ///< outlives the modules it loaded
  Scenario scenario_;
  std::unique_ptr<Replication> replication_;
};

}  // namespace polku::test

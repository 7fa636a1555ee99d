/// @file replication.hpp
/// One replication of a scenario: the population, the day-bucketed event calendar, the modules
/// and the monthly indicator values. Runs on one thread; replications run in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "polku/plugin.hpp"
#include "scenario/scenario.hpp"

namespace boost::archive {
class binary_oarchive;
class binary_iarchive;
}  // namespace boost::archive

namespace polku {

/// A module type and its parameters, in phase order.
struct ModuleBlueprint {
  const PluginDescriptor* plugin;
  const ParamValues* params;
};

/// Indicator definitions registered by the modules. Identical for every replication of a scenario
/// because modules declare in a fixed order.
using IndicatorTable = std::vector<IndicatorDef>;

class Replication final : public Simulation, private Registry {
 public:
  Replication(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
              std::uint32_t replication);
  ~Replication() override;

  /// Simulates every day up to and including `last` (clamped to the scenario end).
  void run_until(Day last);
  [[nodiscard]] bool finished() const noexcept { return next_day_ > end_; }
  [[nodiscard]] Day next_day() const noexcept { return next_day_; }

  [[nodiscard]] const IndicatorTable& indicators() const noexcept { return indicators_; }
  [[nodiscard]] const ReplicationValues& values() const noexcept { return values_; }
  /// Sum over simulated days of the job-seekers registered at the end of that day.
  [[nodiscard]] double agent_days() const noexcept { return agent_days_; }
  /// Events delivered to modules (stale and cancelled ones not counted).
  [[nodiscard]] std::uint64_t events_delivered() const noexcept { return events_delivered_; }

  /// Full state, for checkpoints. `load` expects a replication built from the same scenario.
  void save(boost::archive::binary_oarchive& ar) const;
  void load(boost::archive::binary_iarchive& ar);

  // --- Simulation -----------------------------------------------------------------------------
  [[nodiscard]] Day today() const noexcept override { return today_; }
  [[nodiscard]] Day start() const noexcept override { return start_; }
  [[nodiscard]] Day end() const noexcept override { return end_; }
  [[nodiscard]] std::span<const std::string> municipalities() const noexcept override;
  [[nodiscard]] std::uint32_t replication() const noexcept override { return replication_; }
  [[nodiscard]] const Philox::key_type& rng_key() const noexcept override { return key_; }
  [[nodiscard]] JobSeeker& agent(AgentRef a) noexcept override { return agents_[a]; }
  [[nodiscard]] std::size_t population() const noexcept override { return population_; }
  void for_each_agent(const std::function<void(AgentRef)>& visit) override;
  AgentRef register_jobseeker(const NewJobSeeker& who) override;
  void set_status(AgentRef a, Status status) override;
  void move_home(AgentRef a, MunicipalityId to) override;
  void deregister(AgentRef a, ExitReason why) override;
  void schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload) override;
  void cancel_events(AgentRef a) noexcept override;
  void add(IndicatorId id, MunicipalityId m, double amount) noexcept override;
  void set(IndicatorId id, MunicipalityId m, double value) noexcept override;

 private:
  struct Event {
    AgentRef agent;
    std::uint32_t epoch;  ///< the agent's epoch when scheduled; stale events are skipped
    EventKind kind;
    std::uint16_t payload;
  };

  // --- Registry -------------------------------------------------------------------------------
  EventKind event_kind(std::string_view name) override;
  IndicatorId indicator(std::string_view name, Measure measure) override;
  IndicatorId ratio_indicator(std::string_view name, IndicatorId numerator, IndicatorId denominator,
                              double scale) override;

  void simulate_day(Day day);
  void close_month();

  const Scenario& scenario_;
  std::uint32_t replication_;
  Philox::key_type key_;
  Day start_;
  Day end_;
  Day today_;
  Day next_day_;

  std::vector<AreaInfo> areas_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::vector<std::uint16_t> event_owner_;  ///< EventKind -> module index
  std::vector<std::string> event_names_;
  IndicatorTable indicators_;
  std::size_t declaring_module_ = 0;

  std::vector<JobSeeker> agents_;
  std::vector<AgentRef> vacant_;  ///< free slots, reused last-in first-out
  std::size_t population_ = 0;
  std::vector<std::vector<Event>> calendar_;  ///< one bucket per simulated day

  std::vector<double> month_;  ///< [municipality][indicator] of the month being simulated
  ReplicationValues values_;   ///< closed months, [month][municipality][indicator]
  double agent_days_ = 0.0;
  std::uint64_t events_delivered_ = 0;
};

}  // namespace polku

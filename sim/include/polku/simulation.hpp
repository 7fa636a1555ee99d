/// @file simulation.hpp
/// What a module sees of one running replication. The engine implements this interface; modules
/// receive it in every phase callback (see plugin.hpp for what each phase may read and write).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "polku/agent.hpp"
#include "polku/calendar.hpp"
#include "polku/rng.hpp"

namespace polku {

/// An event kind registered by a module; events of that kind are delivered to that module.
using EventKind = std::uint16_t;
/// A monthly indicator registered by a module.
using IndicatorId = std::uint16_t;

/// What a summed indicator measures, which decides how months combine into a year.
enum class Measure : std::uint8_t {
  stock,  ///< a level at month end (job-seekers): a year is the mean of its months
  flow,   ///< an amount during the month (inflow, euros): a year is the sum of its months
};

/// How an indicator over several municipalities (an employment area, the total) is formed.
enum class Aggregation : std::uint8_t {
  sum,    ///< counts, flows and euros add up
  ratio,  ///< scale × sum(numerator) / sum(denominator), computed from summed counts (domain §3)
};

/// The attributes of a new job-seeker; everything else starts at its default.
struct NewJobSeeker {
  std::uint64_t key;  ///< from `subject::initial` or `subject::arrival`
  MunicipalityId municipality;
  Day registered;
  Day spell_start;
  Status status = Status::unemployed;
  ServiceKind service = ServiceKind::none;  ///< for someone registered straight into a service
};

/// Given to modules once per replication, before the start phase, to register what they own.
class Registry {
 public:
  virtual ~Registry() = default;
  /// Registers an event kind handled by the calling module. `name` is for diagnostics.
  virtual EventKind event_kind(std::string_view name) = 0;
  /// Registers (or finds, when another module already did) a summed indicator.
  virtual IndicatorId indicator(std::string_view name, Measure measure) = 0;
  /// Registers a ratio indicator, scale × numerator / denominator, computed from two summed
  /// indicators (scale 100 for a percentage).
  virtual IndicatorId ratio_indicator(std::string_view name, IndicatorId numerator,
                                      IndicatorId denominator, double scale) = 0;
};

class Simulation {
 public:
  virtual ~Simulation() = default;

  // --- time and place -------------------------------------------------------------------------
  [[nodiscard]] virtual Day today() const noexcept = 0;
  [[nodiscard]] virtual Day start() const noexcept = 0;
  [[nodiscard]] virtual Day end() const noexcept = 0;  ///< last simulated day (inclusive)
  [[nodiscard]] virtual std::span<const std::string> municipalities() const noexcept = 0;
  [[nodiscard]] bool is_business_day_today() const noexcept { return is_business_day(today()); }
  [[nodiscard]] virtual std::uint32_t replication() const noexcept = 0;

  // --- random numbers -------------------------------------------------------------------------
  [[nodiscard]] virtual const Philox::key_type& rng_key() const noexcept = 0;
  /// Draws of `subject` today on `stream`.
  [[nodiscard]] RandomStream random(std::uint64_t subject, Stream stream) const noexcept {
    return {rng_key(), subject, today(), stream};
  }

  // --- agents ---------------------------------------------------------------------------------
  [[nodiscard]] virtual JobSeeker& agent(AgentRef a) noexcept = 0;
  /// Registered job-seekers now.
  [[nodiscard]] virtual std::size_t population() const noexcept = 0;
  /// Calls `visit` for every registered job-seeker, in slot order. Costs a pass over the
  /// population: for rare moments such as a rule change on a date, never daily. May be called in
  /// start, begin_day and end_month; in begin_day the visitor may write fields its module owns.
  virtual void for_each_agent(const std::function<void(AgentRef)>& visit) = 0;
  /// Adds a job-seeker; every module's `on_register` runs before this returns.
  virtual AgentRef register_jobseeker(const NewJobSeeker& who) = 0;
  /// Removes a job-seeker; every module's `on_deregister` runs first. Pending events are dropped.
  virtual void deregister(AgentRef a, ExitReason why) = 0;
  /// Changes an agent's status and stamps `status_since` with today; every module's
  /// `on_status_change` runs before this returns.
  virtual void set_status(AgentRef a, Status status) = 0;
  /// Moves an agent's home municipality; every module's `on_move` runs before this returns.
  virtual void move_home(AgentRef a, MunicipalityId to) = 0;
  /// Schedules an event for an agent on a day >= today, delivered with `payload` (for example a
  /// `status_stamp`). Events after the last simulated day are dropped.
  virtual void schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload = 0) = 0;
  /// Drops every pending event of the agent, of every module. Rarely what a module wants: to
  /// invalidate only its own events, compare a payload or a field the module owns instead.
  virtual void cancel_events(AgentRef a) noexcept = 0;

  // --- indicators -----------------------------------------------------------------------------
  /// Adds to a flow indicator of the current month (e.g. inflow).
  virtual void add(IndicatorId id, MunicipalityId m, double amount) noexcept = 0;
  /// Sets a stock indicator of the current month (e.g. unemployed at month end).
  virtual void set(IndicatorId id, MunicipalityId m, double value) noexcept = 0;
};

}  // namespace polku

/// @file simulation.hpp
/// What a module sees of one running replication: the registry it declares itself to, and the
/// simulation it acts on. The engine implements both. What each phase may read and write is
/// written once, in plugin.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>

#include "polku/agent.hpp"
#include "polku/calendar.hpp"
#include "polku/fields.hpp"
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

/// Who pays for a service (domain brief §5, cost sharing inside an employment area).
enum class Delivery : std::uint8_t {
  local,      ///< the home municipality's own service: it pays
  causation,  ///< organised centrally, paid by the municipality whose customer caused the cost
  central,    ///< the lead municipality's own production, split over the area by a key
  procured,   ///< bought centrally, split over the area by a key
};

/// A service kind as its module registers it.
struct ServiceKindInfo {
  std::string name;               ///< indicator names use it: `in_service.<name>`
  ServiceKindId id = kNoService;  ///< stable number, 1-7 built in, see `Registry::service_kind`
  ExitReason ends_spell_as = ExitReason::outside_labour_force;  ///< TTV15 reason when entered
  double cost_per_day = 0;  ///< per participant and calendar day, EUR
  Delivery delivery = Delivery::local;
  bool paid_work = false;  ///< subsidised employment: no unemployment benefit is paid during it
  std::string label_fi;    ///< for people, e.g. "valmennus"; names members of indicator families
  std::string label_en;    ///< e.g. "coaching"
};

/// The attributes of a new job-seeker; everything else starts at its initial value.
struct NewJobSeeker {
  std::uint64_t key;  ///< from `subject::initial` or `subject::arrival`
  MunicipalityId municipality;
  Day registered;
  Day spell_start;
  Status status = Status::unemployed;
  ServiceKindId service = kNoService;  ///< for someone registered straight into a service
};

/// Where modules put their monthly numbers: the current month's value of each indicator in each
/// municipality. In the read-only phases (end_month, on_deregister) it is passed explicitly;
/// elsewhere the simulation is one (`sim.add`, `sim.set`).
class Indicators {
 public:
  /// Adds to a flow indicator of the current month (e.g. inflow).
  void add(IndicatorId id, MunicipalityId m, double amount) noexcept {
    month_[m * indicator_count_ + id] += amount;
  }
  /// Sets a stock indicator of the current month (e.g. unemployed at month end).
  void set(IndicatorId id, MunicipalityId m, double value) noexcept {
    month_[m * indicator_count_ + id] = value;
  }

 protected:
  Indicators() = default;
  ~Indicators() = default;
  Indicators(const Indicators&) = default;
  Indicators& operator=(const Indicators&) = default;
  /// The engine points these at the month being simulated, [municipality][indicator].
  double* month_ = nullptr;
  std::size_t indicator_count_ = 0;
};

/// Given to modules once per replication, in `Module::declare`, to register what they own and
/// find what others own.
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

  /// Registers a field of every agent, owned by the calling module and named
  /// "<module>.<name>"; `initial` is its value when a person registers. @throws ModelError when
  /// the name holds a '.' (a module names only its own fields) or is taken.
  template <class T>
  [[nodiscard]] AgentField<T> agent_field(std::string_view name, T initial = T{}) {
    return AgentField<T>(field(name, type_of<T>(), &initial, true));
  }
  /// A read-only view of another module's field "<module>.<name>". @throws ModelError when the
  /// owner registers it with another type.
  template <class T>
  [[nodiscard]] AgentFieldView<T> field_view(std::string_view qualified_name) {
    return AgentFieldView<T>(field(qualified_name, type_of<T>(), nullptr, false));
  }
  /// Registers a yes/no attribute "<module>.<name>" owned by the calling module (initially no).
  [[nodiscard]] AgentFlag agent_flag(std::string_view name) {
    const auto [id, mask] = flag(name, true);
    return {id, mask};
  }
  /// A read-only view of another module's flag "<module>.<name>".
  [[nodiscard]] AgentFlagView flag_view(std::string_view qualified_name) {
    const auto [id, mask] = flag(qualified_name, false);
    return {id, mask};
  }

  /// Registers a service kind provided by the calling module. `info.id` must be unused; built-in
  /// kinds have 1-7, a plugin of one's own picks from 64-255. Only the registering module may
  /// claim and release people for it (`Simulation::claim_service`).
  virtual ServiceKindId service_kind(const ServiceKindInfo& info) = 0;
  /// The service kinds registered so far, by modules earlier in phase order.
  [[nodiscard]] virtual std::span<const ServiceKindInfo> service_kinds() const noexcept = 0;

  /// Declares that the calling module defines when an unemployment spell starts again
  /// (`Simulation::restart_spell`). At most one module may.
  virtual void define_spells() = 0;

 protected:
  struct FlagSlot {
    FieldId id;
    std::uint32_t mask;
  };
  virtual FieldId field(std::string_view name, const FieldType& type, const void* initial,
                        bool owner) = 0;
  virtual FlagSlot flag(std::string_view name, bool owner) = 0;

 private:
  template <class T>
  static FieldType type_of() noexcept {
    return {sizeof(T), alignof(T), typeid(T).name()};
  }
};

class Simulation : public Indicators {
 public:
  virtual ~Simulation() = default;

  // --- time and place -------------------------------------------------------------------------
  [[nodiscard]] Day today() const noexcept { return today_; }
  [[nodiscard]] Day start() const noexcept { return start_; }
  [[nodiscard]] Day end() const noexcept { return end_; }  ///< last simulated day (inclusive)
  [[nodiscard]] virtual std::span<const std::string> municipalities() const noexcept = 0;
  [[nodiscard]] bool is_business_day_today() const noexcept { return is_business_day(today()); }
  [[nodiscard]] std::uint32_t replication() const noexcept { return replication_; }
  [[nodiscard]] virtual std::span<const ServiceKindInfo> service_kinds() const noexcept = 0;
  /// The registered kind with this id, or nullptr (for kNoService or an unknown id).
  [[nodiscard]] const ServiceKindInfo* service_kind_info(ServiceKindId id) const noexcept {
    for (const auto& k : service_kinds())
      if (k.id == id) return &k;
    return nullptr;
  }

  // --- random numbers -------------------------------------------------------------------------
  [[nodiscard]] const Philox::key_type& rng_key() const noexcept { return key_; }
  /// The draws of `subject` today on `stream`. Two streams made for the same subject, day and
  /// stream give the same numbers: draw twice from one stream object, or use two stream ids, for
  /// independent numbers on one day.
  [[nodiscard]] RandomStream random(std::uint64_t subject, Stream stream) const noexcept {
    return {rng_key(), subject, today(), stream};
  }

  // --- agents ---------------------------------------------------------------------------------
  /// The engine's record of an agent (identity, status, home, service); module fields are read
  /// through their handles.
  [[nodiscard]] const JobSeeker& agent(AgentRef a) const noexcept {
    return *reinterpret_cast<const JobSeeker*>(records_ +
                                               static_cast<std::size_t>(a) * record_stride_);
  }
  /// Whether agent number `a` exists and holds the person with `key`: for a module's own lists
  /// of people (queues), whose entries may outlive the person or come from a checkpoint.
  [[nodiscard]] bool holds(AgentRef a, std::uint64_t key) const noexcept {
    return a < slot_count_ && agent(a).key == key;
  }
  /// Asks the processor to fetch the agent's record into the cache (see AgentFieldView::prefetch).
  void prefetch(AgentRef a) const noexcept {
    __builtin_prefetch(records_ + static_cast<std::size_t>(a) * record_stride_);
  }
  /// Registered job-seekers now.
  [[nodiscard]] virtual std::size_t population() const noexcept = 0;
  /// Calls `visit` for every registered job-seeker, in slot order. Costs a pass over the
  /// population: for rare moments such as a rule change on a date, never daily. May be called in
  /// start, begin_day and end_month; in begin_day the visitor may write fields its module owns.
  virtual void for_each_agent(const std::function<void(AgentRef)>& visit) const = 0;
  /// Adds a job-seeker; every module's `on_register` runs before this returns.
  virtual AgentRef register_jobseeker(const NewJobSeeker& who) = 0;
  /// Removes a job-seeker; every module's `on_deregister` runs first. Pending events are dropped.
  virtual void deregister(AgentRef a, ExitReason why) = 0;
  /// Changes an agent's status and stamps `status_since` with today; every module's
  /// `on_status_change` runs before this returns.
  virtual void set_status(AgentRef a, Status status) = 0;
  /// Moves an agent's home municipality; every module's `on_move` runs before this returns.
  virtual void move_home(AgentRef a, MunicipalityId to) = 0;
  /// Claims the person for a service kind of the calling module: true when free or already held
  /// by `kind`, false when another kind holds the person.
  virtual bool claim_service(AgentRef a, ServiceKindId kind) = 0;
  /// Releases the person from `kind`, which must hold them.
  virtual void release_service(AgentRef a, ServiceKindId kind) = 0;
  /// Starts a new unemployment spell today; for the module that `define_spells`.
  virtual void restart_spell(AgentRef a) = 0;
  /// Schedules an event for an agent on a day >= today, delivered with `payload` (for example a
  /// `status_stamp`). Events after the last simulated day are dropped. An event for today may
  /// only be scheduled before today's events are delivered (start, begin_day, the event phase);
  /// later it is a ModelError, since it could never be delivered.
  virtual void schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload = 0) = 0;
  /// Drops every pending event of the agent, of every module. Rarely what a module wants: to
  /// invalidate only its own events, compare a payload or a field the module owns instead.
  virtual void cancel_events(AgentRef a) noexcept = 0;

 protected:
  Simulation(Day start, Day end, std::uint32_t replication, const Philox::key_type& key) noexcept
      : today_(start), start_(start), end_(end), replication_(replication), key_(key) {}

  Day today_;
  Day start_;
  Day end_;
  std::uint32_t replication_;
  Philox::key_type key_;
  /// The engine points these at its storage and keeps them current as the population grows: one
  /// row per agent slot, `record_stride_` bytes apart, the engine's record first.
  const std::byte* records_ = nullptr;
  std::size_t record_stride_ = 0;
  std::size_t slot_count_ = 0;  ///< agent slots handed out (in use or free): numbers below exist
  const detail::AgentColumns* columns_ = nullptr;

 private:
  friend const detail::AgentColumns& detail::columns_of(const Simulation& sim) noexcept;
};

inline const detail::AgentColumns& detail::columns_of(const Simulation& sim) noexcept {
  return *sim.columns_;
}

}  // namespace polku

/// @file replication.hpp
/// One replication of a scenario: the population and its agent fields, the day-bucketed event
/// calendar, the modules with their hooks, and the monthly indicator values. Runs on one thread;
/// replications run in parallel.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/cache_line.hpp"
#include "engine/event_calendar.hpp"
#include "engine/large_arrays.hpp"
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
  /// Forgets the results of the months simulated so far (after restoring a warm-up's state, whose
  /// months are not reported), so a scenario whose modules report other indicators than the
  /// warm-up's can fork from it. The month being simulated starts again from zero.
  void discard_results() {
    results_fit_ = true;
    values_.values.clear();
    month_values_.assign(municipalities().size() * indicators_.size(), 0.0);
    month_ = month_values_.data();
  }
  /// Sum over simulated days of the job-seekers registered at the end of that day.
  [[nodiscard]] double agent_days() const noexcept { return agent_days_; }
  /// Events delivered to modules (stale and cancelled ones not counted).
  [[nodiscard]] std::uint64_t events_delivered() const noexcept { return events_delivered_; }

  /// The value of an agent field, by its qualified name ("counselling.next_meeting"), for tests
  /// and diagnostics. @throws ModelError for an unknown name or a type of another size.
  template <class T>
  [[nodiscard]] T read_field(std::string_view name, AgentRef a) const {
    const Column& c = column_named(name, sizeof(T));
    T value;
    std::memcpy(&value, row(a) + c.offset, sizeof(T));
    return value;
  }

  /// Full state, for checkpoints. `load` expects a replication built from the same scenario.
  void save(boost::archive::binary_oarchive& ar) const;
  void load(boost::archive::binary_iarchive& ar);

  // --- Simulation -----------------------------------------------------------------------------
  [[nodiscard]] std::span<const std::string> municipalities() const noexcept override;
  /// For modules while running, and (the same answer) while declaring.
  [[nodiscard]] std::span<const ServiceKindInfo> service_kinds() const noexcept override {
    return service_kinds_;
  }
  [[nodiscard]] std::size_t population() const noexcept override { return population_; }
  void for_each_agent(const std::function<void(AgentRef)>& visit) const override;
  AgentRef register_jobseeker(const NewJobSeeker& who) override;
  void set_status(AgentRef a, Status status) override;
  void move_home(AgentRef a, MunicipalityId to) override;
  bool claim_service(AgentRef a, ServiceKindId kind) override;
  void release_service(AgentRef a, ServiceKindId kind) override;
  void restart_spell(AgentRef a) override;
  void deregister(AgentRef a, ExitReason why) override;
  void schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload) override;
  void cancel_events(AgentRef a) noexcept override;

 private:
  struct Event {
    AgentRef agent;
    std::uint32_t epoch;  ///< the agent's epoch when scheduled; stale events are skipped
    EventKind kind;
    std::uint16_t payload;
  };

  /// Where in a day the replication is: decides what may be scheduled for today.
  enum class Phase : std::uint8_t { declare, start, begin_day, events, end_day, end_month };

  /// The hooks a module may declare, as indices of `hooks_` (the bit positions of `hook::`).
  enum HookIndex : std::size_t {
    kStart,
    kBeginDay,
    kOnRegister,
    kEndDay,
    kOnStatusChange,
    kOnMove,
    kOnDeregister,
    kEndMonth,
    kHookCount
  };

  /// One agent field: a place in every person's row, or (size 0) a flag, whose bit is in the
  /// flag word (field 0).
  struct Column {
    std::string name;       ///< "<module>.<field>"
    std::size_t size = 0;   ///< bytes per agent; 0 for a flag
    std::size_t align = 1;  ///< alignment of the field's type
    std::string type;       ///< `typeid(T).name()`, checked between owner and readers
    std::vector<unsigned char> initial;
    int owner = -1;          ///< module index, or -1 when only read (or the engine's)
    std::uint32_t mask = 0;  ///< for a flag: its bit
    std::size_t offset = 0;  ///< bytes from the start of a row
  };

  // --- Registry -------------------------------------------------------------------------------
  EventKind event_kind(std::string_view name) override;
  IndicatorId indicator(std::string_view name, Measure measure) override;
  IndicatorId ratio_indicator(std::string_view name, IndicatorId numerator, IndicatorId denominator,
                              double scale) override;
  ServiceKindId service_kind(const ServiceKindInfo& info) override;
  void define_spells() override;
  FieldId field(std::string_view name, const FieldType& type, const void* initial,
                bool owner) override;
  FlagSlot flag(std::string_view name, bool owner) override;

  [[nodiscard]] std::string qualified(std::string_view name, bool owner) const;
  [[nodiscard]] const Column& column_named(std::string_view name, std::size_t size) const;
  [[nodiscard]] const std::string& calling_module() const;
  /// Places the fields in a row (after every module has declared its own) and builds the row a
  /// newly registered person starts from.
  void lay_out_rows();
  void grow_rows();
  void refresh_row_addresses();
  [[nodiscard]] std::byte* row(AgentRef a) const noexcept {
    return row_base_ + static_cast<std::size_t>(a) * stride_;
  }
  /// The engine's part of a row: the record modules read, and the epoch that pending events
  /// carry (raised when the slot is vacated, so its events go stale; kept across reuse).
  struct Slot {
    JobSeeker person;
    std::uint32_t epoch;
  };
  [[nodiscard]] Slot& slot(AgentRef a) const noexcept { return *reinterpret_cast<Slot*>(row(a)); }
  /// Asks the processor to fetch the whole row of `a`: the epoch, the record and every module's
  /// fields (a hint; it changes nothing).
  void prefetch_row(AgentRef a) const noexcept {
    const std::byte* at = row(a);
    for (std::size_t line = 0; line < stride_; line += engine::kCacheLine)
      __builtin_prefetch(at + line);
  }

  /// Calls `call(module)` for every module that declared the hook, with the caller recorded.
  template <class Call>
  void each(HookIndex hook, Call call);
  /// Calls one module with the caller recorded (service claims and spells check it).
  template <class Call>
  void as_module(std::size_t module, Call call);

  /// After `load`: refuses (InputError) free-slot lists, populations, statuses, homes and service
  /// holds that do not fit this replication, so no restored index writes out of bounds.
  void check_restored_agents() const;
  /// Drops pending events whose agent slot has been vacated or reused since (a stale epoch);
  /// they would be skipped on their day anyway.
  void drop_events_of_former_slots();
  void simulate_day(Day day);
  void close_month();

  const Scenario& scenario_;
  Day next_day_;
  Phase phase_ = Phase::declare;

  std::vector<AreaInfo> areas_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::vector<const PluginDescriptor*> plugins_;
  std::array<std::vector<std::size_t>, kHookCount> hooks_;  ///< module indices per hook
  std::size_t caller_ = 0;                                  ///< module being called
  std::vector<std::uint16_t> event_owner_;                  ///< EventKind -> module index
  std::vector<std::string> event_names_;
  IndicatorTable indicators_;

  std::vector<ServiceKindInfo> service_kinds_;
  std::array<int, 256> service_owner_{};  ///< module index + 1 per kind id, 0 = unregistered
  int spell_owner_ = -1;

  std::vector<Column> fields_;
  detail::AgentColumns field_addresses_;
  LargeBuffer row_storage_;  ///< a row per agent slot: the `Slot`, then every module's fields
  std::byte* row_base_ = nullptr;
  std::size_t stride_ = 0;              ///< bytes per row: whole half cache lines
  std::vector<std::byte> initial_row_;  ///< every field at its initial value
  std::size_t slots_capacity_ = 0;      ///< rows allocated (they grow by doubling)
  std::uint32_t next_flag_bit_ = 0;
  std::vector<AgentRef> vacant_;  ///< free slots, reused last-in first-out
  std::size_t population_ = 0;
  EventCalendar<Event> calendar_;  ///< pending events by day
  /// Events of a person who has left the register stay in the calendar until their day, drawn
  /// years ahead by slow hazards: about half of what a national run holds after a few years.
  /// They are dropped when the calendar holds half as many again as after the last drop (and at
  /// least kCompactAtLeast), so each pass, linear in the events held, is paid for by as many new
  /// events. Measured on finland-2025 (docs/performance.md): a quarter instead of a half saved
  /// 8-11 MiB more at the peak and ran the pass twice as often, about a tenth slower.
  static constexpr std::size_t kCompactAtLeast = std::size_t{1} << 20;
  static constexpr std::size_t kCompactGrowthDivisor = 2;
  std::size_t compact_above_ = kCompactAtLeast;
  std::vector<std::uint32_t> epoch_snapshot_;  ///< reused by drop_events_of_former_slots

  std::vector<double> month_values_;  ///< [municipality][indicator] of the month being simulated
  ReplicationValues values_;          ///< closed months, [month][municipality][indicator]
  bool results_fit_ = true;  ///< false after restoring values of another shape, until discarded
  double agent_days_ = 0.0;
  std::uint64_t events_delivered_ = 0;
};

}  // namespace polku

/// @file plugin.hpp
/// The plugin interface: how a policy module describes itself and joins a simulation.
///
/// A plugin is a shared library named `polku-<name>.so` exporting one C symbol,
/// `polku_plugin_entry`, that returns a `PluginHeader`. The host checks the header's ABI version
/// and struct sizes before it touches anything else, and refuses a library that does not match.
/// Use `POLKU_PLUGIN(descriptor)` to define the entry point.
///
/// ## Phases of a replication
///
/// Modules are ordered by `priority` (lower first), ties broken by name. Each module may declare
/// the hooks it implements (`PluginDescriptor::hooks`, all by default); the engine calls a hook
/// only on the modules that declared it, in that order, so a hook nobody uses costs nothing. For
/// each replication:
///
/// 1. **declare** (`Module::declare`, once, always called): register event kinds, indicators,
///    agent fields and flags (fields.hpp), service kinds; find other modules' fields. No agents
///    exist yet.
/// 2. **start** (once, on the start day before anything else): may register job-seekers (the
///    initial stock) and schedule events.
/// 3. Then for every day from the start to the end date:
///    a. **begin_day**: may register job-seekers (arrivals), schedule events, and write the
///       module's own fields (e.g. in `for_each_agent` on a rule-change date).
///    b. **events**: every event due today is delivered, in the order it was scheduled, to the
///       module that registered its kind (`on_event`; no declaration needed). The handler may
///       read anything, and for the agent the event is for: write the module's own fields,
///       change status, home, service claim, spell (through `Simulation`), schedule its events
///       (today included), deregister it; and `add` to flow indicators.
///    c. **end_day** (after the events): a module works through queues it keeps (meetings
///       waiting for a counsellor, referrals waiting for a seat); for each agent it takes from a
///       queue it has the rights of an event handler, except that nothing can be scheduled for
///       today any more (a ModelError: it would never be delivered).
///    d. **end_month** (on the last day of a month, after end_day): **read-only** (`const
///       Simulation&`); `set` stock indicators and `add` month-level flows through `Indicators`.
/// 4. Hooks inside whichever phase caused them: `on_register` (after an agent is added; writes the
///    module's own fields of that agent and schedules its events), `on_status_change` (after
///    `set_status`) and `on_move` (after `move_home`), with the same rights as on_register, and
///    `on_deregister` (before the agent is removed; **read-only**, `add` through `Indicators`).
///
/// Agent fields and flags: only the module that registered one writes it (it alone holds the
/// writing handle); everyone may read everything. The engine's record (`JobSeeker`) changes only
/// through `Simulation`.
///
/// A module object belongs to one replication and is only ever called from one thread at a time.
/// Agent fields are saved and restored by the engine; a module with other state that changes while
/// running saves and loads it (`save`, `load`) so a checkpoint restores the run exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "polku/api_fingerprint.hpp"
#include "polku/params.hpp"
#include "polku/simulation.hpp"

namespace boost::archive {
class binary_oarchive;
class binary_iarchive;
}  // namespace boost::archive

namespace polku {

/// Bumped by hand for changes people should hear of; any change to the public headers also changes
/// `kPluginApiFingerprint` (generated at build time from them), which the loader checks too.
inline constexpr std::uint32_t kPluginAbiVersion = 5;

/// The hooks a module implements (`PluginDescriptor::hooks`), as bits.
namespace hook {
inline constexpr std::uint32_t start = 1u << 0;
inline constexpr std::uint32_t begin_day = 1u << 1;
inline constexpr std::uint32_t on_register = 1u << 2;
inline constexpr std::uint32_t end_day = 1u << 3;
inline constexpr std::uint32_t on_status_change = 1u << 4;
inline constexpr std::uint32_t on_move = 1u << 5;
inline constexpr std::uint32_t on_deregister = 1u << 6;
inline constexpr std::uint32_t end_month = 1u << 7;
inline constexpr std::uint32_t all = (1u << 8) - 1;
}  // namespace hook

/// An employment area as modules see it.
struct AreaInfo {
  std::string name;
  std::vector<MunicipalityId> members;
};

/// What a module instance is built from.
struct ModuleConfig {
  const ParamValues& params;
  std::span<const std::string> municipalities;
  std::span<const AreaInfo> areas;
  Day start;
  Day end;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual void declare(Registry& /*registry*/) {}
  virtual void start(Simulation& /*sim*/) {}
  virtual void begin_day(Simulation& /*sim*/) {}
  virtual void on_register(Simulation& /*sim*/, AgentRef /*a*/) {}
  virtual void on_event(Simulation& /*sim*/, AgentRef /*a*/, EventKind /*kind*/,
                        std::uint16_t /*payload*/) {}
  virtual void end_day(Simulation& /*sim*/) {}
  virtual void on_status_change(Simulation& /*sim*/, AgentRef /*a*/, Status /*before*/) {}
  virtual void on_move(Simulation& /*sim*/, AgentRef /*a*/, MunicipalityId /*from*/) {}
  virtual void on_deregister(const Simulation& /*sim*/, AgentRef /*a*/, ExitReason /*why*/,
                             Indicators& /*out*/) {}
  virtual void end_month(const Simulation& /*sim*/, Indicators& /*out*/) {}
  virtual void save(boost::archive::binary_oarchive& /*ar*/) const {}
  virtual void load(boost::archive::binary_iarchive& /*ar*/) {}
};

/// The job-seekers a module brings into a run, estimated from its parameters alone. The engine
/// adds these up to estimate a run's work and memory before it starts, and refuses an accidental
/// giant (a year 9999, millions per municipality) unless the user allows it.
struct Workload {
  double initial_jobseekers = 0;  ///< registered on the start day
  double arrivals_per_day = 0;    ///< at the highest rate the parameters allow
};

/// A plugin's self-description and factory.
struct PluginDescriptor {
  std::string name;         ///< equals the library name `polku-<name>.so`
  std::string version;      ///< semantic version of the module
  std::string description;  ///< one sentence
  int priority = 100;       ///< phase order: lower first
  /// The hooks the module implements (`hook::` bits); the others are never called on it. The
  /// default calls every hook, which is always correct; declaring saves the calls of the rest.
  std::uint32_t hooks = hook::all;
  std::vector<ParamSpec> parameters;
  std::unique_ptr<Module> (*create)(const ModuleConfig&) = nullptr;
  /// Optional checks across parameters (e.g. list lengths that must agree). Returns one message per
  /// problem; the scenario loader reports them with the module's location before anything runs.
  std::vector<std::string> (*check)(const ParamValues&) = nullptr;
  /// Optional, for modules that register job-seekers: their number (see `Workload`).
  Workload (*workload)(const ParamValues&) = nullptr;
};

/// The first thing the host reads from a library. Plain data; fields only ever appended.
struct PluginHeader {
  std::uint32_t abi_version;
  const char*
      api_fingerprint;  ///< `kPluginApiFingerprint` of the headers the plugin was built with
  const PluginDescriptor* descriptor;
};

}  // namespace polku

#define POLKU_PLUGIN_ENTRY_SYMBOL "polku_plugin_entry"

/// Defines the plugin entry point. `make_descriptor` is a function returning a PluginDescriptor.
#define POLKU_PLUGIN(make_descriptor)                                                       \
  extern "C" __attribute__((visibility("default"))) const ::polku::PluginHeader*            \
  polku_plugin_entry() {                                                                    \
    static const ::polku::PluginDescriptor descriptor = make_descriptor();                  \
    static const ::polku::PluginHeader header{::polku::kPluginAbiVersion,                   \
                                              ::polku::kPluginApiFingerprint, &descriptor}; \
    return &header;                                                                         \
  }

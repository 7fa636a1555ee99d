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
/// Modules are ordered by `priority` (lower first), ties broken by name. For each replication:
///
/// 1. **declare** (`Module::declare`, once): register event kinds and indicators. No agents exist.
/// 2. **start** (`Module::start`, once, on the start day before anything else): may register
///    job-seekers (the initial stock) and schedule events.
/// 3. Then for every day from the start to the end date:
///    a. **begin_day**: may register job-seekers (arrivals). Must not modify existing agents.
///    b. **events**: every event due today is delivered, in the order it was scheduled, to the
///       module that registered its kind (`Module::on_event`). The handler may read any agent but
///       write only the agent the event is for: its fields owned by the module, its status and
///       home through `Simulation`, its events, its deregistration; and it may `add` to flow
///       indicators.
///    c. **end_day** (after the events): a module may work through queues it keeps (meetings
///       waiting for a counsellor, referrals waiting for a seat). For each agent it takes from its
///       queue it has the same rights as an event handler for that agent.
///    d. **end_month** (on the last day of a month, after end_day): read-only on agents;
///       `set` stock indicators and `add` month-level flows.
/// 4. Hooks, called for every module in order, inside whichever phase caused them:
///    `on_register` (after an agent is added; may write the module's own fields of that agent and
///    schedule its events), `on_status_change` (after `Simulation::set_status`) and `on_move`
///    (after `Simulation::move_home`), both with the same rights as on_register, and
///    `on_deregister` (before the agent is removed; read-only).
///
/// Agent fields are owned by module families (see agent.hpp); only the owner writes them, the
/// engine writes identity, status, `status_since` and home.
///
/// A module object belongs to one replication and is only ever called from one thread at a time.
/// Modules with state that changes while running must save and load it (`save`, `load`) so a
/// checkpoint restores the run exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "polku/params.hpp"
#include "polku/simulation.hpp"

namespace boost::archive {
class binary_oarchive;
class binary_iarchive;
}  // namespace boost::archive

namespace polku {

/// Bump when anything in the public headers changes layout or virtual interfaces.
inline constexpr std::uint32_t kPluginAbiVersion = 3;

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
  virtual void on_deregister(Simulation& /*sim*/, AgentRef /*a*/, ExitReason /*why*/) {}
  virtual void end_month(Simulation& /*sim*/) {}
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
  std::uint32_t header_size;
  std::uint32_t descriptor_size;
  std::uint32_t jobseeker_size;
  const PluginDescriptor* descriptor;
};

}  // namespace polku

#define POLKU_PLUGIN_ENTRY_SYMBOL "polku_plugin_entry"

/// Defines the plugin entry point. `make_descriptor` is a function returning a PluginDescriptor.
#define POLKU_PLUGIN(make_descriptor)                                                \
  extern "C" __attribute__((visibility("default"))) const ::polku::PluginHeader*     \
  polku_plugin_entry() {                                                             \
    static const ::polku::PluginDescriptor descriptor = make_descriptor();           \
    static const ::polku::PluginHeader header{                                       \
        ::polku::kPluginAbiVersion, sizeof(::polku::PluginHeader),                   \
        sizeof(::polku::PluginDescriptor), sizeof(::polku::JobSeeker), &descriptor}; \
    return &header;                                                                  \
  }

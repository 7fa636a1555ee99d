/// @file runner.hpp
/// Runs the replications of a scenario in parallel (oneTBB) and gathers their results.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "engine/replication.hpp"
#include "engine/results.hpp"
#include "plugin_host/plugin_host.hpp"
#include "scenario/scenario.hpp"

namespace polku {

/// Where a run stands; reported from worker threads, one report at a time.
struct Progress {
  std::uint32_t replications_done = 0;
  std::uint32_t replications = 0;
  std::uint64_t days_done = 0;  ///< simulated days summed over replications
  std::uint64_t days_total = 0;
  double elapsed_seconds = 0.0;
};

struct RunSettings {
  unsigned threads = 0;                   ///< 0 = every core
  std::optional<Day> checkpoint_at;       ///< save the state at the end of this day ...
  std::filesystem::path checkpoint_file;  ///< ... into this file
  std::filesystem::path restore_file;     ///< continue from this checkpoint instead of the start
  /// Where the state at the end of a scenario's warm-up is cached (engine/warm_start.hpp):
  /// unset = the folder from the environment, an empty path = no cache.
  std::optional<std::filesystem::path> warm_cache_dir;
  /// Called after every simulated month of any replication; never concurrently.
  std::function<void(const Progress&)> progress;
};

struct RunOutcome {
  RunResults results;
  double agent_days = 0.0;   ///< simulated agent-days over all replications
  std::uint64_t events = 0;  ///< events delivered over all replications
  double wall_seconds = 0.0;
  unsigned threads = 0;  ///< threads actually used
  /// How a warm-up was done: simulated (and cached where), or restored from which cache file;
  /// empty without a warm-up.
  std::string warm_up_note;
};

/// The scenario's modules with their plugins, in phase order: priority, then plugin name.
[[nodiscard]] std::vector<ModuleBlueprint> order_modules(const Scenario& scenario,
                                                         PluginHost& host);

/// What must be equal for a checkpoint to be restored into a scenario.
[[nodiscard]] std::string structural_fingerprint(const Scenario& scenario,
                                                 std::span<const ModuleBlueprint> modules);

/// Runs every replication. Same scenario and seed give identical results for any thread count.
[[nodiscard]] RunOutcome run_replications(const Scenario& scenario,
                                          std::span<const ModuleBlueprint> modules,
                                          const RunSettings& settings);

}  // namespace polku

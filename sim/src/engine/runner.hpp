/// @file runner.hpp
/// Runs the replications of a scenario in parallel (oneTBB) and gathers their results.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
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
  /// Each replication draws its own value of every uncertain parameter (`Scenario::uncertainty`)
  /// from a Philox stream keyed by seed and replication, so the ranges include what is not known
  /// about the assumptions. Off: every replication uses the scenario's values.
  bool parameter_uncertainty = false;
};

struct RunOutcome {
  RunResults results;
  /// With parameter uncertainty: the value (or factor) of every uncertain parameter drawn in each
  /// replication, [replication][parameter in `Scenario::uncertainty` order]; empty otherwise.
  std::vector<std::vector<double>> parameter_draws;
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

/// How two structural fingerprints differ, for a person: each part that differs, with a list's
/// items on one side only (a few named), e.g. "replications 4 there, 1 here".
[[nodiscard]] std::string structural_difference(const std::string& there, const std::string& here);

/// The modules of one replication with some parameters changed: owns the changed parameters, which
/// the modules it creates may point into, so it must outlive them.
class ParameterOverlay {
 public:
  /// `values[i]` is the value (or factor) of `uncertain[i]`.
  ParameterOverlay(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
                   std::span<const UncertainParameter> uncertain, std::span<const double> values);
  ParameterOverlay(const ParameterOverlay&) = delete;
  ParameterOverlay& operator=(const ParameterOverlay&) = delete;
  [[nodiscard]] std::span<const ModuleBlueprint> modules() const noexcept { return blueprints_; }

 private:
  std::vector<std::unique_ptr<ParamValues>> params_;
  std::vector<ModuleBlueprint> blueprints_;
};

/// Which of the processes of a distributed run does what: process `rank` of `ranks` takes the
/// items (replications, sample points) i with i % ranks == rank.
struct Share {
  std::uint32_t rank = 0;
  std::uint32_t ranks = 1;
  [[nodiscard]] bool mine(std::uint64_t item) const noexcept { return item % ranks == rank; }
};

/// Runs every replication. Same scenario and seed give identical results for any thread count.
/// In an MPI job each process runs its share of the replications and the first process gathers
/// them all (the others return their own share only); the results are the same as in one process.
[[nodiscard]] RunOutcome run_replications(const Scenario& scenario,
                                          std::span<const ModuleBlueprint> modules,
                                          const RunSettings& settings);

/// Drops the months before `report_from` (a warm-up's) from results that start earlier.
void drop_warm_up_months(RunResults& results, Day report_from);

/// Simulates the scenario once per point with the uncertain parameters set to `points[j]` (values
/// or factors, in `Scenario::uncertainty` order), every point with the random numbers of
/// replications 0 .. replications-1 (common random numbers), and returns `reduce` of each
/// replication averaged over the replications of the point: [point][output]. Points are spread
/// over the threads and, in an MPI job, over the processes; the first process returns them all
/// (the others an empty list).
/// `done` is called (never concurrently) after each point of this process.
[[nodiscard]] std::vector<std::vector<double>> evaluate_points(
    const Scenario& scenario, std::span<const ModuleBlueprint> modules,
    const std::vector<std::vector<double>>& points, std::uint32_t replications, unsigned threads,
    const std::function<std::vector<double>(const IndicatorTable&, const ReplicationValues&)>&
        reduce,
    const std::function<void(std::size_t done, std::size_t total)>& done = {});

}  // namespace polku

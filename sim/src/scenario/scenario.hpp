/// @file scenario.hpp
/// A validated scenario: immutable, shared read-only by every replication.
///
/// Scenario file layout (YAML):
/// @code
/// name: oulu-demo               # required; used for the output folder
/// description: free text        # optional
/// extends: base.yaml            # optional; handled by load_scenario_tree
/// start: 2025-01-01             # required, first simulated day
/// end: 2029-12-31               # required, last simulated day (inclusive), not before start
/// seed: 20250101                # optional, default 1; unsigned 64-bit
/// replications: 8               # optional, default 1; 1..100000
/// municipalities: [Oulu, Kempele]      # required, unique names
/// areas:                        # optional employment areas: name -> member municipalities
///   Oulu region: [Oulu, Kempele]
/// modules:                      # plugins to run, each with its parameters
///   inflow: {daily_rate: {Oulu: 30, Kempele: 2}}
///   employment_exit: {}
/// warm_up:                      # optional: simulate from an earlier day, report from `start`
///   from: 2023-11-01            # first simulated day, before start (start: a month's first day)
///   scenario: base.yaml         # optional: whose parameters the warm-up runs with (default:
///                               # this file); relative to the file that names it
/// macro_path: flat              # optional: the name of the macro path the scenario assumes
/// uncertainty:                  # optional: distributions of assumptions
/// (scenario/uncertainty.hpp)
///   modules.benefits.subsidy_paid_fraction: {distribution: uniform, min: 0.85, max: 1.0}
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "polku/calendar.hpp"
#include "polku/params.hpp"
#include "scenario/config_tree.hpp"
#include "scenario/param_value.hpp"
#include "scenario/uncertainty.hpp"

namespace polku {

struct EmploymentArea {
  std::string name;
  std::vector<std::uint16_t> members;  ///< municipality ids
};

struct ModuleSpec {
  std::string plugin;  ///< plugin name
  ParamValues params;  ///< every declared parameter, resolved (defaults filled in)
};

struct Scenario;

/// A warm-up: the replications are simulated from `from`, under the parameters of `scenario`,
/// up to the planning start; the scenario's own parameters take over from the planning start
/// (a fork, as from a checkpoint), and results are reported from the planning start only. The
/// state at the planning start is cached (engine/warm_start.hpp), so every variant that warms
/// up with the same scenario starts from the same state (common random numbers).
struct WarmUp {
  Day from = 0;                         ///< first simulated day
  std::filesystem::path scenario_file;  ///< the scenario whose parameters the warm-up runs with
  SourceLocation where;                 ///< where `warm_up` is written
  std::shared_ptr<const Scenario> scenario;  ///< `scenario_file` loaded (by load_scenario)
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;  ///< the root scenario file
  Day start = 0;               ///< first simulated day (the warm-up's start when there is one)
  Day end = 0;
  Day report_from = 0;  ///< first reported day: the scenario's `start`
  std::optional<WarmUp> warm_up;
  std::string macro_path;  ///< the named macro path assumed (`macro_path`), empty if none
  std::uint64_t seed = 1;
  std::uint32_t replications = 1;
  std::vector<std::string> municipalities;
  std::vector<EmploymentArea> areas;
  std::vector<ModuleSpec> modules;  ///< in the order the scenario lists them
  /// The source of every law value the scenario gives, in the order written.
  std::vector<LawSource> law_sources;
  ConfigNode resolved;              ///< the merged tree with defaults filled in
  /// Every uncertain parameter (plugin declarations and the `uncertainty:` block), by key path.
  /// Used only by runs with parameter uncertainty and by sensitivity analyses.
  std::vector<UncertainParameter> uncertainty;
};

/// Looks up a plugin's parameter schema by name; returns nullptr for an unknown plugin.
using SchemaLookup = std::function<const std::vector<ParamSpec>*(const std::string& plugin)>;

/// Validates a merged tree against the fixed top-level schema and the plugins' parameter schemas.
/// Collects every problem (file, line, column, key path, expected vs got, "did you mean") and
/// throws them together.
/// @param known_plugins all plugin names available, for "did you mean" on unknown modules
/// @throws ConfigError listing every problem found
[[nodiscard]] Scenario validate_scenario(const ConfigNode& root, const std::filesystem::path& file,
                                         const SchemaLookup& schema_of,
                                         const std::vector<std::string>& known_plugins);

}  // namespace polku

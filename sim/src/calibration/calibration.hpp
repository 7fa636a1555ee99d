/// @file calibration.hpp
/// Fitting named scenario parameters to named targets (`polku calibrate`).
///
/// A calibration file names a scenario, the parameters to fit (key paths with bounds and a start)
/// and the targets (an indicator of an area, averaged over months, with the published value).
/// Every evaluation runs the scenario with the same seed and replications, so parameter changes
/// are compared on common random numbers; a derivative-free simplex method (NLopt Subplex) does
/// the search. The objective is the sum of squared relative errors.
///
/// @code
/// scenario: ../finland-2019.yaml      # relative to this file
/// replications: 2                     # per evaluation
/// max_evaluations: 80
/// parameters:
///   modules.inflow.multiplier.2017-10-01: {start: 1.4, min: 0.5, max: 3}
/// targets:
///   - {indicator: unemployed, area: total, months: [2019-09, 2019-10, 2019-11], value: 226452}
/// output: ../calibration/fitted.yaml  # the overlay written with the fitted values
/// @endcode
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "plugin_host/plugin_host.hpp"
#include "scenario/config_tree.hpp"

namespace polku {

struct FittedParameter {
  std::string path;  ///< scenario key path, e.g. modules.inflow.daily_rate.Oulu
  double start = 0;
  double min = 0;
  double max = 0;
  double value = 0;  ///< after fitting
};

struct CalibrationTarget {
  std::string indicator;
  std::string area;
  std::vector<std::string> months;  ///< YYYY-MM; the simulated mean over them is compared
  double value = 0;                 ///< published value
  double simulated = 0;             ///< after fitting
};

struct CalibrationSpec {
  std::filesystem::path file;
  std::filesystem::path scenario;
  std::filesystem::path output;
  std::uint32_t replications = 2;
  int max_evaluations = 80;
  double relative_tolerance = 1e-3;
  std::vector<FittedParameter> parameters;
  std::vector<CalibrationTarget> targets;
};

struct CalibrationResult {
  CalibrationSpec spec;  ///< with fitted values and simulated targets filled in
  ConfigNode resolved;   ///< the scenario at the fitted values (to write whole lists)
  double objective = 0;  ///< sum of squared relative errors at the fitted values
  int evaluations = 0;
  std::string stop_reason;
};

/// Reads and checks a calibration file. @throws ConfigError listing every problem
[[nodiscard]] CalibrationSpec load_calibration(const std::filesystem::path& file);

/// Fits the parameters, reporting each evaluation to `progress` when given.
/// @throws InputError when the scenario or a parameter path is invalid
[[nodiscard]] CalibrationResult calibrate(const CalibrationSpec& spec, PluginHost& plugins,
                                          unsigned threads, std::ostream* progress = nullptr);

/// The overlay with the fitted values, a header on how they were set and the fit per target.
[[nodiscard]] std::string overlay_yaml(const CalibrationResult& result);

}  // namespace polku

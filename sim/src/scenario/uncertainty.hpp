/// @file uncertainty.hpp
/// What is not known about a scenario's assumptions: the distribution of every uncertain
/// parameter, from the plugins' declarations and the scenario's `uncertainty:` block.
///
/// Scenario block (YAML), key path -> distribution:
/// @code
/// uncertainty:
///   modules.benefits.subsidy_paid_fraction: {distribution: uniform, min: 0.85, max: 1.0}
///   modules.counselling.productive_hours_per_day: {distribution: triangular, min: 3, max: 6}
///   modules.mobility.moves_per_year: {distribution: normal, mean: 0.04, sd: 0.01, min: 0.01, max:
///   0.08} modules.other_exits.other_education_rate: {distribution: lognormal, median: 0.0003,
///   sigma: 0.5, min: 0.0001, max: 0.001}
///   modules.municipal_ledger.financing_compensation_eur_per_year:
///     {distribution: discrete, values: [90e6, 110e6], weights: [0.5, 0.5]}
///   modules.employment_exit.daily_rates: {distribution: uniform, min: 0.8, max: 1.25}  # a factor
///   modules.mobility.moves_per_year: fixed   # no uncertainty: keep the value
/// @endcode
/// Triangular `mode`, normal `mean` and log-normal `median` default to the parameter's value (1
/// for a factor). For a real or integer parameter the draw is its value (integers rounded) and
/// must lie within the parameter's allowed range; for a list, a per-municipality value or a dated
/// schedule the draw is a factor multiplying every element, and the factored elements must stay
/// within the allowed range. Without a scenario entry a parameter keeps its plugin's declaration
/// (uniform over the plausible range in its doc); when the scenario's value lies outside that
/// range, the range is widened to include it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "polku/params.hpp"
#include "polku/rng.hpp"
#include "scenario/config_tree.hpp"

namespace polku {

struct ModuleSpec;

struct UncertainParameter {
  std::string path;    ///< "modules.benefits.subsidy_paid_fraction"
  std::string module;  ///< plugin name
  std::string name;    ///< parameter name
  ParamType type = ParamType::real;
  Distribution distribution;
  double value = 0.0;   ///< the scenario's value of a scalar; 1 for a factor
  bool factor = false;  ///< the draw multiplies every element (lists, maps, schedules)
  double allowed_min =
      -1e300;  ///< the parameter's allowed range (factored elements are kept in it)
  double allowed_max = 1e300;
  std::string declared_by;  ///< "plugin benefits" or the scenario location "file:line:col"

  /// The draw at cumulative probability `u`.
  [[nodiscard]] double quantile(double u) const { return distribution.quantile(u, value); }
  /// "uniform [0.8, 1]" (with " x" appended for a factor).
  [[nodiscard]] std::string describe() const;
};

/// Whether a parameter type can carry a distribution.
[[nodiscard]] bool can_be_uncertain(ParamType type) noexcept;

/// Cumulative probabilities of one replication's parameter draws: one per parameter, from a Philox
/// stream keyed by seed and replication and counted by the parameter's key path, so replication r
/// of two scenarios shares the draw of every parameter both have (paired comparisons).
[[nodiscard]] std::vector<double> parameter_uniforms(std::uint64_t seed, std::uint32_t replication,
                                                     std::span<const UncertainParameter> params);

/// `params` of one module with the values `values[i]` of those `uncertain[i]` that belong to
/// `module` applied (factors multiply every element, clamped to the allowed range).
[[nodiscard]] ParamValues apply_draws(const ModuleSpec& module,
                                      std::span<const UncertainParameter> uncertain,
                                      std::span<const double> values);

namespace validation {
class Problems;
}

/// The uncertain parameters of a scenario's modules: each plugin's declarations, then the
/// scenario's `uncertainty:` block (`block` may be null) replacing or removing them. Problems are
/// reported with their location and key path; the result is sorted by key path.
[[nodiscard]] std::vector<UncertainParameter> resolve_uncertainty(
    const ConfigNode* block, std::span<const ModuleSpec> modules,
    const std::function<const std::vector<ParamSpec>*(const std::string&)>& schema_of,
    validation::Problems& problems);

}  // namespace polku

/// @file sensitivity.hpp
/// Global sensitivity analysis of a model's outputs to its uncertain inputs, on the unit
/// hypercube: each input is a cumulative probability u in (0, 1) that its distribution's quantile
/// turns into a value. Nothing here knows about the simulator: a design is a list of points, the
/// model's outputs at them come back as a list of output vectors.
///
/// - Morris elementary effects (Morris 1991; mu* of Campolongo, Cariboni & Saltelli 2007): r
///   one-at-a-time trajectories on a grid of `levels` levels, step Δ = levels / (2 (levels − 1));
///   the elementary effect of input i is (f(x + Δ e_i) − f(x)) / Δ (per unit of u, the whole
///   range of the input being 1). mu* is the mean of its absolute values, sigma their standard
///   deviation (n − 1). For a linear model f = Σ c_i u_i every elementary effect of i is c_i.
/// - Sobol first-order and total indices from matrices A and B (N rows each, from one Sobol
///   sequence of dimension 2k) and A_B^i (A with column i from B): first order by Saltelli et al.
///   (2010) on the centred output, S_i = mean((f(B) − f̄) (f(A_B^i) − f(A))) / V (centring keeps the
///   estimator's expectation and removes the variance a large mean adds), total by Jansen (1999),
///   ST_i = mean((f(A) − f(A_B^i))²) / (2 V), with V the variance of f over A and B. N (k + 2)
///   model runs. Confidence intervals: percentile bootstrap over the N rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/results.hpp"

namespace polku::sensitivity {

/// Points of the unit hypercube, [point][input].
using Points = std::vector<std::vector<double>>;

struct MorrisDesign {
  std::size_t inputs = 0;
  std::size_t trajectories = 0;
  std::size_t levels = 4;
  double delta = 0.0;
  Points points;  ///< trajectory t holds points t (k + 1) .. t (k + 1) + k
  /// For trajectory t and step s (1..k): which input moved and in which direction (+1 or −1).
  std::vector<std::size_t> moved;
  std::vector<int> direction;
};

/// `trajectories` random trajectories (Philox keyed by `seed`) of `inputs` inputs.
[[nodiscard]] MorrisDesign morris_design(std::size_t inputs, std::size_t trajectories,
                                         std::uint64_t seed, std::size_t levels = 4);

struct MorrisIndices {
  std::vector<double> mu_star;  ///< [input]
  std::vector<double> mu;       ///< mean of the signed elementary effects
  std::vector<double> sigma;    ///< [input]
};

/// Elementary effects of one output; `outputs[j]` is the output at `design.points[j]`. Points
/// where the output is not finite are left out of the effects they take part in.
[[nodiscard]] MorrisIndices morris_indices(const MorrisDesign& design,
                                           const std::vector<double>& outputs);

struct SobolDesign {
  std::size_t inputs = 0;
  std::size_t samples = 0;  ///< N
  /// A (N rows), then B (N rows), then A_B^0 .. A_B^{k−1} (N rows each): N (k + 2) points.
  Points points;
};

/// The Saltelli design from a Sobol sequence of dimension 2k (Boost.Random `sobol`, its first
/// point, the origin, skipped); each coordinate is moved to the middle of its cell, so no input
/// is exactly 0 or 1.
[[nodiscard]] SobolDesign sobol_design(std::size_t inputs, std::size_t samples);

struct Interval {
  double value = 0.0;
  double low = 0.0;   ///< 2.5 % bootstrap quantile
  double high = 0.0;  ///< 97.5 % bootstrap quantile
};

struct SobolIndices {
  std::vector<Interval> first;  ///< [input]
  std::vector<Interval> total;  ///< [input]
  double mean = 0.0;            ///< of the output over A and B
  double variance = 0.0;        ///< of the output over A and B
};

/// Indices of one output; `outputs[j]` is the output at `design.points[j]`. `bootstrap` resamples
/// of the N rows (Philox keyed by `seed`) give 95 % percentile intervals. An output with no
/// variance gets indices of 0.
[[nodiscard]] SobolIndices sobol_indices(const SobolDesign& design,
                                         const std::vector<double>& outputs, std::size_t bootstrap,
                                         std::uint64_t seed);

/// The sensitivity of one target (an indicator of an area in a year).
struct Target {
  std::string indicator;
  std::string area;
  int year = 0;
  double mean = 0.0;  ///< over the sample (Sobol A and B, else the Morris points)
  double sd = 0.0;
  MorrisIndices morris;  ///< empty without Morris
  SobolIndices sobol;    ///< empty without Sobol
};

/// An analysis as the writers see it.
struct Report {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::vector<std::string> parameters;     ///< key paths, in input order
  std::vector<std::string> distributions;  ///< each parameter's, for people
  bool morris = false;
  bool sobol = false;
  std::size_t trajectories = 0;
  std::size_t samples = 0;  ///< Sobol N
  std::size_t bootstrap = 0;
  std::uint32_t replications = 1;  ///< simulations averaged per point
  std::size_t runs = 0;            ///< simulations in all
  double wall_seconds = 0.0;
  std::string created_utc;
  std::string polku_version;
  std::vector<Target> targets;
  std::vector<IndicatorDef> indicators;  ///< the run's, for the targets' labels and units
};

}  // namespace polku::sensitivity

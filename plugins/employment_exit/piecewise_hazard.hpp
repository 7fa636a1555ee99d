/// @file piecewise_hazard.hpp
/// Waiting times under a hazard that is piecewise constant in spell length, in closed form.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

namespace polku::employment_exit {

/// Hazard h(t) = rates[k] for breakpoints[k-1] <= t < breakpoints[k] (breakpoints[-1] = 0,
/// breakpoints[n] = infinity), with t the spell length in days.
struct PiecewiseHazard {
  std::vector<double> breakpoints;  ///< strictly increasing, n entries
  std::vector<double> rates;        ///< per day, n + 1 entries

  /// The spell length at which the cumulative hazard from `elapsed` reaches `target` (a unit
  /// exponential draw), i.e. the exit time of someone still in the spell at `elapsed` by
  /// inversion. Infinity when the remaining hazard never accumulates that much.
  [[nodiscard]] double exit_time(double elapsed, double target) const noexcept {
    double t = elapsed;
    for (std::size_t k = 0; k < rates.size(); ++k) {
      const double piece_end =
          k < breakpoints.size() ? breakpoints[k] : std::numeric_limits<double>::infinity();
      if (piece_end <= t) continue;
      const double mass = rates[k] * (piece_end - t);
      if (mass >= target) return t + target / rates[k];
      target -= mass;
      t = piece_end;
    }
    return std::numeric_limits<double>::infinity();
  }

  /// As `exit_time`, for a hazard that is also scaled by a factor piecewise constant in spell
  /// length (the labour market's tightness by calendar month, a birthday, the end of the
  /// simulated period as a factor 0): `factor(t)` gives the factor in force from spell length
  /// `t` and the spell length at which it next changes (greater than `t`). Exact, so one draw
  /// holds however often the factor changes: there is nothing to redraw when it does.
  template <class Factor>
  [[nodiscard]] double exit_time(double elapsed, double target, Factor&& factor) const {
    constexpr double kNever = std::numeric_limits<double>::infinity();
    if (target <= 0.0) return elapsed;
    double t = elapsed;
    std::size_t band = static_cast<std::size_t>(
        std::upper_bound(breakpoints.begin(), breakpoints.end(), t) - breakpoints.begin());
    double scale = 0.0, scale_end = 0.0;
    std::tie(scale, scale_end) = factor(t);
    for (;;) {
      const double band_end = band < breakpoints.size() ? breakpoints[band] : kNever;
      const double rate = rates[band] * scale;
      const double piece_end = std::min(band_end, scale_end);
      if (piece_end == kNever) return rate > 0.0 ? t + target / rate : kNever;
      const double mass = rate * (piece_end - t);
      if (mass >= target) return t + target / rate;
      target -= mass;
      t = piece_end;
      if (t >= band_end) ++band;
      if (t >= scale_end) std::tie(scale, scale_end) = factor(t);
    }
  }

  /// The cumulative hazard from spell length 0 to `elapsed`.
  [[nodiscard]] double cumulative(double elapsed) const noexcept {
    double sum = 0.0, t = 0.0;
    for (std::size_t k = 0; k < rates.size() && t < elapsed; ++k) {
      const double piece_end =
          k < breakpoints.size() ? breakpoints[k] : std::numeric_limits<double>::infinity();
      sum += rates[k] * (std::min(piece_end, elapsed) - t);
      t = piece_end;
    }
    return sum;
  }
};

}  // namespace polku::employment_exit

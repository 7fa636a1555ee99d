/// @file quantiles.hpp
/// The distribution of a value across replications: mean and 5 %, 50 % and 95 % quantiles.
#pragma once

#include <vector>

namespace polku {

/// Mean and 5 %, 50 % and 95 % quantiles of a sample.
struct Quantiles {
  double mean;
  double p05;
  double p50;
  double p95;
};

/// Summarises `values`, ignoring NaN (missing) values; if no value is left, every field is NaN.
///
/// Quantiles follow Hyndman & Fan (1996) type 7, the default of R's `quantile()` and of
/// `numpy.quantile`: with the n values sorted as x[0] ≤ … ≤ x[n-1] and h = (n-1)·p,
///   Q(p) = x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]),
/// i.e. linear interpolation between order statistics (Q(0) is the minimum, Q(1) the maximum).
/// For {1, 2, 3, 4}: p05 = 1.15, p50 = 2.5, p95 = 3.85.
/// The mean sums the sorted values, so the result does not depend on the order of `values`.
[[nodiscard]] Quantiles summarise(std::vector<double> values);

/// `summarise`, reusing the caller's storage: `values` is left sorted, without its NaNs.
Quantiles summarise_in_place(std::vector<double>& values);

}  // namespace polku

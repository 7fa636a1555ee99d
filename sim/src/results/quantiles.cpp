#include "results/quantiles.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace polku {

namespace {

/// Type 7 quantile of sorted, non-empty `x` for p = percent / 100. h is computed as
/// (n-1)·percent / 100 so that e.g. 3 × 5 % is exactly the double nearest 0.15.
double quantile_sorted(const std::vector<double>& x, int percent) {
  const double h = static_cast<double>((x.size() - 1) * static_cast<std::size_t>(percent)) / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double fraction = h - static_cast<double>(lo);
  // Equal neighbours (or no fraction) need no interpolation; this also keeps ±Inf from turning
  // into NaN through Inf - Inf.
  if (fraction == 0.0 || lo + 1 >= x.size() || x[lo + 1] == x[lo]) {
    return x[lo];
  }
  return x[lo] + fraction * (x[lo + 1] - x[lo]);
}

}  // namespace

Quantiles summarise_in_place(std::vector<double>& values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan, nan};
  }
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (const double v : values) {
    sum += v;
  }
  return {sum / static_cast<double>(values.size()), quantile_sorted(values, 5),
          quantile_sorted(values, 50), quantile_sorted(values, 95)};
}

Quantiles summarise(std::vector<double> values) { return summarise_in_place(values); }

}  // namespace polku

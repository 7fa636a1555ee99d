/// @file comparison_csv.hpp
/// `comparison.csv`: base, variant and their paired difference, month by month.
#pragma once

#include <ostream>

#include "results/statistics.hpp"

namespace polku {

/// Writes `comparison.csv`:
/// `month,area,indicator,base_mean,variant_mean,diff_mean,diff_p05,diff_p95` with one row per cell
/// of `table` (periods outermost). Throws `std::runtime_error` if the stream fails.
void write_comparison_csv(const ComparisonTable& table, std::ostream& out);

}  // namespace polku

/// @file statistics.hpp
/// Replication statistics shared by every result writer: monthly and annual summaries across
/// replications, and paired comparisons of two runs (common random numbers).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "results/quantiles.hpp"

namespace polku {

/// Checks that `results` can be read safely: every replication holds months × municipalities ×
/// indicators values, area members are valid municipality ids, and ratio indicators refer to
/// existing summed indicators. Throws `ModelError` (an internal fault) describing the first
/// problem.
void check_results_shape(const RunResults& results);

/// A calendar year of a run and the months of it that were simulated.
struct YearSpan {
  int year = 0;         ///< e.g. 2025
  int first_month = 0;  ///< offset of its first simulated month from `RunResults::first_month`
  int months = 0;       ///< simulated months in the year (fewer than 12 for a partial year)
};

/// The calendar years a run touches, in order. A run starting or ending mid-year gives partial
/// years holding only the simulated months.
[[nodiscard]] std::vector<YearSpan> years_of(const RunResults& results);

/// The annual value of an indicator for an area in one replication:
///   - `Measure::flow` (inflow, euros): the sum over the year's months;
///   - `Measure::stock` (job-seekers): the mean over the year's months;
///   - `Aggregation::ratio`: 100 × annual(numerator) / annual(denominator), each part annualised
///     by its own measure, i.e. from summed counts; NaN when the denominator is 0.
[[nodiscard]] double annual_value(const RunResults& results, std::size_t replication,
                                  const YearSpan& year, const OutputArea& area,
                                  std::size_t indicator);

/// Quantiles across replications, dense over period × area × indicator.
struct SummaryTable {
  std::vector<std::string> periods;      ///< "YYYY-MM" (monthly) or "YYYY" (annual)
  std::vector<OutputArea> areas;         ///< as in `RunResults::areas`
  std::vector<IndicatorDef> indicators;  ///< as in `RunResults::indicators`
  std::vector<Quantiles> cells;          ///< [period][area][indicator]

  [[nodiscard]] const Quantiles& at(std::size_t period, std::size_t area,
                                    std::size_t indicator) const {
    return cells[(period * areas.size() + area) * indicators.size() + indicator];
  }
  /// Index of an indicator by name, or `npos`.
  [[nodiscard]] std::size_t indicator_index(const std::string& name) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

/// `summarise` of `RunResults::area_value` over replications for every month (as summary.csv).
[[nodiscard]] SummaryTable monthly_summary(const RunResults& results);
/// `summarise` of `annual_value` over replications for every year of `years_of`.
[[nodiscard]] SummaryTable annual_summary(const RunResults& results);

/// One period, area and indicator of a comparison.
struct ComparisonCell {
  double base_mean;
  double variant_mean;
  double diff_mean;  ///< mean of the paired differences (variant − base)
  double diff_p05;   ///< 5 % quantile of the paired differences
  double diff_p95;   ///< 95 % quantile of the paired differences
};

/// Base and variant matched by period label, area name and indicator name, in the base's order.
struct ComparisonTable {
  std::vector<std::string> periods;
  std::vector<std::string> areas;
  std::vector<IndicatorDef> indicators;         ///< the base's definitions
  std::vector<ComparisonCell> cells;            ///< [period][area][indicator]
  std::vector<std::string> skipped_indicators;  ///< in only one of the runs ("name (base only)")
  std::vector<std::string> skipped_areas;       ///< likewise for areas
  std::size_t paired_replications = 0;

  [[nodiscard]] const ComparisonCell& at(std::size_t period, std::size_t area,
                                         std::size_t indicator) const {
    return cells[(period * areas.size() + area) * indicators.size() + indicator];
  }
};

/// Pairs replication r of `base` with replication r of `variant` (the first
/// min(replications) of each) and summarises the differences month by month, for the months,
/// areas and indicators present in both. Means of base and variant are over all their
/// replications. Throws `ModelError` for inconsistent results.
[[nodiscard]] ComparisonTable compare_monthly(const RunResults& base, const RunResults& variant);
/// As `compare_monthly` on `annual_value`s, for the years present in both.
[[nodiscard]] ComparisonTable compare_annual(const RunResults& base, const RunResults& variant);

}  // namespace polku

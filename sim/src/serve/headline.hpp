/// @file headline.hpp
/// The headline of a comparison: the few indicators a municipality asks about first, by area and
/// year, with the paired difference (variant − base) and its interval across replications.
#pragma once

#include <string>
#include <vector>

#include "results/statistics.hpp"

namespace polku::serve {

/// One area, year and headline indicator.
struct HeadlineCell {
  std::string area;
  std::string year;
  std::string indicator;
  double base = 0;
  double variant = 0;
  double diff = 0;  ///< mean of the paired differences, variant − base
  double low = 0;   ///< 5 % quantile of the paired differences
  double high = 0;  ///< 95 % quantile of the paired differences
  /// The interval lies wholly above or below zero: the difference is more than the Monte-Carlo
  /// variation between replications.
  bool excludes_zero = false;
};

struct HeadlineTable {
  std::vector<std::string> indicators;  ///< the headline indicators present, in headline order
  std::vector<std::string> areas;       ///< municipalities, employment areas, total
  std::vector<std::string> years;
  std::vector<HeadlineCell> cells;  ///< [area][year][indicator] over the lists above
  std::size_t paired_replications = 0;
};

/// The headline indicators in the order shown: net municipal cost, municipal share, service cost,
/// unemployed, long-term unemployed, activation rate, caseload per counsellor.
[[nodiscard]] const std::vector<std::string>& headline_indicators();

/// The headline of an annual comparison (`compare_annual`). An indicator that is not in the
/// comparison is left out; an interval of a single replication is the difference itself.
[[nodiscard]] HeadlineTable headline_table(const ComparisonTable& annual);

}  // namespace polku::serve

/// @file results_xlsx.hpp
/// `results.xlsx`: the finance workbook (libxlsxwriter).
///
/// A run's workbook has these sheets, headers in Finnish and English:
///   - one annual sheet per output area (municipalities, employment areas, "Koko alue - Total"):
///     one row per indicator (euros first), per year the mean, p05 and p95 across replications;
///     a provenance line under the title;
///   - "Kuukaudet - Monthly": month, area, indicator, mean, p05, p50, p95;
///   - "Parametrit - Parameters": the resolved scenario, flattened key path → value;
///   - "Säännöt - Rules": the plugins with versions and their parameter docs and units, then the
///     dated rule tables (`RunReport::rule_tables`, none yet);
///   - "Tietoja - About": provenance (manifest hash, seed, version, rule sources) and notes.
/// Numbers are numbers: euros `#,##0 "€"`, percentages `0.0 "%"`, counts `#,##0`, annual means of
/// stocks `#,##0.0`; missing values (NA) are empty cells.
#pragma once

#include <filesystem>

#include "results/run_report.hpp"

namespace polku {

/// Writes a run's workbook to `file`. Throws `std::runtime_error` when libxlsxwriter fails.
void write_results_xlsx(const std::filesystem::path& file, const RunReport& run);

/// Writes the comparison workbook: "Vuosivertailu - Annual diff" and "Kuukausivertailu -
/// Monthly diff" (base mean, variant mean, paired difference mean, p05 and p95), parameters of
/// both runs side by side, the rules of both, and "Tietoja - About" with both runs' provenance and
/// the comparison notes.
void write_comparison_xlsx(const std::filesystem::path& file, const ComparisonReport& comparison);

/// A valid, unique worksheet name from `wanted`: characters []:*?/\ replaced by '_', at most 31
/// characters, not in `taken` (compared case-insensitively, as Excel does); adds " (2)" etc.
[[nodiscard]] std::string worksheet_name(const std::string& wanted,
                                         const std::vector<std::string>& taken);

}  // namespace polku

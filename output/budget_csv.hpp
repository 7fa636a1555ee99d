/// @file budget_csv.hpp
/// `budget.csv`: the euros of a municipal budget, month by month for every municipality, employment
/// area and the total.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "results/run_report.hpp"

namespace polku {

/// The euro indicators of a budget, in column order: municipal share, service cost, state
/// compensation, net municipal cost.
[[nodiscard]] const std::vector<std::string>& budget_indicators();

/// Writes the header `month,area,municipal_share_eur,service_cost_eur,state_compensation_eur,
/// net_municipal_cost_eur` and one row per month and area (months outermost, areas in results
/// order): the mean across replications of each month's euros (NA for an indicator the run does
/// not have). A year's months add up to the year's mean in annual.csv.
void write_budget_csv(const RunReport& run, std::ostream& out);

}  // namespace polku

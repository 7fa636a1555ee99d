/// @file sensitivity_output.hpp
/// The files of `polku sensitivity`: sensitivity.csv (one row per target and parameter),
/// sensitivity.xlsx (the same as a sheet, with the design) and sensitivity.html (a tornado chart
/// per target: total and first-order Sobol indices with their intervals, or Morris mu*).
#pragma once

#include <filesystem>
#include <ostream>

#include "output/labels.hpp"
#include "results/sensitivity.hpp"

namespace polku {

/// `indicator,area,year,parameter,distribution,mean,sd,mu_star,mu,sigma,first_order,
/// first_order_low,first_order_high,total,total_low,total_high`; NA where a method was not run.
void write_sensitivity_csv(const sensitivity::Report& report, std::ostream& out);

/// One sheet "Herkkyys - Sensitivity" with the rows of sensitivity.csv, and "Tietoja - About".
void write_sensitivity_xlsx(const sensitivity::Report& report, const std::filesystem::path& file);

/// A self-contained page: per indicator and area, the latest full year's tornado chart and a
/// table of every year's indices.
void write_sensitivity_html(const sensitivity::Report& report, std::ostream& out, Lang lang);

}  // namespace polku

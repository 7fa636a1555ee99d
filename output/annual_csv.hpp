/// @file annual_csv.hpp
/// `annual.csv`: the distribution of every indicator's annual value across replications.
#pragma once

#include <ostream>

#include "engine/results.hpp"

namespace polku {

/// Writes `annual.csv`: the header `scenario,year,area,indicator,mean,p05,p50,p95` and one row
/// per year, area and indicator (years outermost) of `annual_summary`. Numbers and quoting as in
/// `write_indicators_csv`. Throws `ModelError` for inconsistent results and
/// `std::runtime_error` if the stream fails.
void write_annual_csv(const RunResults& results, std::ostream& out);

}  // namespace polku

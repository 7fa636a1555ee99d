/// @file summary_csv.hpp
/// `summary.csv`: the distribution of every indicator across replications.
#pragma once

#include <ostream>

#include "engine/results.hpp"

namespace polku {

/// Writes the header `scenario,month,area,indicator,mean,p05,p50,p95` and one row per month,
/// area and indicator (in that nesting order, months outermost), summarising
/// `RunResults::area_value` over all replications with `summarise` (results/quantiles.hpp). A
/// ratio that is NaN in some replications (zero denominator) is summarised over the others.
/// Numbers and quoting are as in `write_indicators_csv`. Throws `ModelError` for inconsistent
/// results and `std::runtime_error` if the stream fails.
void write_summary_csv(const RunResults& results, std::ostream& out);

}  // namespace polku

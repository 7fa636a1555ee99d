#include "output/summary_csv.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "output/indicators_csv.hpp"
#include "output/number_format.hpp"
#include "polku/calendar.hpp"

namespace polku {

namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

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

/// `summarise`, reusing the caller's storage.
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

void flush(std::string& buffer, std::ostream& out) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
  if (!out) {
    throw std::runtime_error("cannot write summary.csv: output stream failed");
  }
}

}  // namespace

Quantiles summarise(std::vector<double> values) { return summarise_in_place(values); }

void write_summary_csv(const RunResults& results, std::ostream& out) {
  check_results_shape(results);

  std::string scenario;
  append_csv_field(scenario, results.scenario);
  const std::vector<std::string> indicators = csv_fields_of_names(results.indicators);

  std::string buffer;
  buffer.reserve(kChunkBytes + 4096);
  buffer += "scenario,month,area,indicator,mean,p05,p50,p95\n";
  std::string prefix;  // "scenario,month,area," shared by the rows of one area
  std::vector<double> values;
  values.reserve(results.replications.size());
  for (int m = 0; m < results.months; ++m) {
    const std::string month = month_label(results.first_month + m);
    for (const auto& area : results.areas) {
      prefix = scenario;
      prefix += ',';
      prefix += month;
      prefix += ',';
      append_csv_field(prefix, area.name);
      prefix += ',';
      for (std::size_t i = 0; i < results.indicators.size(); ++i) {
        values.clear();
        for (std::size_t r = 0; r < results.replications.size(); ++r) {
          values.push_back(results.area_value(r, m, area, i));
        }
        const Quantiles q = summarise_in_place(values);
        buffer += prefix;
        buffer += indicators[i];
        for (const double v : {q.mean, q.p05, q.p50, q.p95}) {
          buffer += ',';
          append_number(buffer, v);
        }
        buffer += '\n';
        if (buffer.size() >= kChunkBytes) {
          flush(buffer, out);
        }
      }
    }
  }
  flush(buffer, out);
}

}  // namespace polku

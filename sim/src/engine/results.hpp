/// @file results.hpp
/// Monthly indicator values of every replication, as produced by the engine and consumed by the
/// output writers.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "polku/indicator_spec.hpp"
#include "polku/simulation.hpp"

namespace polku {

struct IndicatorDef {
  std::string name;
  Aggregation aggregation = Aggregation::sum;
  Measure measure = Measure::stock;  ///< for sums; ratios combine their parts' means over months
  IndicatorId numerator = 0;         ///< for ratios
  IndicatorId denominator = 0;       ///< for ratios
  double scale = 100.0;              ///< for ratios: 100 for percentages
  /// The plugin's declaration, resolved for this indicator: `label_fi`/`label_en` are its full
  /// labels (a family member's label included), `name` the declared name or family prefix.
  IndicatorSpec description;
  bool described = false;  ///< false when no plugin of the run declares it
  std::string declared_by;  ///< the declaring plugin

  /// Whether the values are euros (by the declaration).
  [[nodiscard]] bool euros() const noexcept {
    return described && description.measure == IndicatorMeasure::euros;
  }
};

/// One replication's values, dense: [month][municipality][indicator]. Ratio indicators are stored
/// as computed per municipality; areas recompute them from summed parts (see `area_values`).
struct ReplicationValues {
  std::vector<double> values;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& values;
  }
};

/// An "area" of the output: a municipality, an employment area, or the total.
struct OutputArea {
  std::string name;
  std::vector<std::uint16_t> members;  ///< municipality ids summed into this area
};

struct RunResults {
  std::string scenario;
  int first_month = 0;  ///< month index (see calendar.hpp) of the first simulated month
  int months = 0;
  std::size_t municipality_count = 0;
  std::vector<OutputArea>
      areas;  ///< municipalities in scenario order, then employment areas, then "total"
  std::vector<IndicatorDef> indicators;  ///< in registration order
  std::vector<ReplicationValues> replications;
  /// Each replication drew its own values of the uncertain parameters: ranges across replications
  /// include parameter uncertainty, not only Monte Carlo variation.
  bool parameter_uncertainty = false;

  [[nodiscard]] std::size_t index(int month, std::size_t municipality,
                                  std::size_t indicator) const noexcept {
    return (static_cast<std::size_t>(month) * municipality_count + municipality) *
               indicators.size() +
           indicator;
  }
  /// The value of an indicator for an output area in one replication: sums for summed indicators,
  /// scale × sum(numerator) / sum(denominator) for ratios (NaN when the denominator is 0).
  [[nodiscard]] double area_value(std::size_t replication, int month, const OutputArea& area,
                                  std::size_t indicator) const {
    const auto& def = indicators[indicator];
    if (def.aggregation == Aggregation::ratio) {
      const double den = area_sum(replication, month, area, def.denominator);
      return den == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                        : def.scale * area_sum(replication, month, area, def.numerator) / den;
    }
    return area_sum(replication, month, area, indicator);
  }

 private:
  [[nodiscard]] double area_sum(std::size_t replication, int month, const OutputArea& area,
                                std::size_t indicator) const {
    const auto& v = replications[replication].values;
    double sum = 0.0;
    for (auto m : area.members) sum += v[index(month, m, indicator)];
    return sum;
  }
};

}  // namespace polku

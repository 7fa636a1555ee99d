/// @file indicator_spec.hpp
/// How a plugin describes the monthly indicators it produces, so that every output (report,
/// workbook, database, `polku plugins`) names them and gives their unit from one declaration.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace polku {

/// What an indicator's numbers are, for people reading them.
enum class IndicatorMeasure : std::uint8_t {
  stock,  ///< a level at month end (people, FTEs): registered with `Measure::stock`
  flow,   ///< an amount during the month (people, days, meetings): `Measure::flow`
  ratio,  ///< a ratio of two summed indicators: registered with `ratio_indicator`
  euros,  ///< euros during the month: `Measure::flow`, a name with "_eur"
};

/// The measure's name in listings and outputs: "stock", "flow", "ratio" or "euros".
[[nodiscard]] constexpr const char* to_string(IndicatorMeasure measure) noexcept {
  switch (measure) {
    case IndicatorMeasure::stock: return "stock";
    case IndicatorMeasure::flow: return "flow";
    case IndicatorMeasure::ratio: return "ratio";
    case IndicatorMeasure::euros: return "euros";
  }
  return "?";
}

/// The subject an indicator belongs to; the report and the workbook group and order by it.
enum class IndicatorGroup : std::uint8_t {
  jobseekers,   ///< caseload: job-seekers, unemployed, long-term unemployed
  activation,   ///< activation rate and people in services
  services,     ///< each service kind: in service, waiting, referrals, starts
  finance,      ///< euros: municipal share, service costs, compensation, net cost
  flows,        ///< inflow, exits, moves
  counselling,  ///< counsellors, caseload per counsellor, meetings
  benefits,     ///< benefit days paid
  other,
};

/// One member of an indicator family, e.g. the suffix "labour_market_subsidy" of
/// "benefit_days_paid.labour_market_subsidy".
struct IndicatorPart {
  std::string suffix;
  std::string label_fi;
  std::string label_en;
};

/// A plugin's declaration of an indicator, or of a family of indicators sharing a prefix.
///
/// `name` is the exact indicator name ("unemployed"), or a prefix ending in '.' for a family
/// ("service_cost_eur." for service_cost_eur.coaching, ...). A family member's label is the
/// family's label, ": " and the member's: from `parts` when its suffix is listed there, else the
/// label of the registered service kind of that name (`ServiceKindInfo::label_fi`), so a family
/// over service kinds covers kinds that plugins add. The engine checks every registration against
/// its declaration (a stock registered as a flow is a ModelError).
struct IndicatorSpec {
  std::string name;
  IndicatorMeasure measure = IndicatorMeasure::stock;
  std::string unit_fi;  ///< e.g. "henkilöä", "€", "%", "htv"
  std::string unit_en;  ///< e.g. "persons", "€", "%", "FTE"
  std::string label_fi;
  std::string label_en;
  IndicatorGroup group = IndicatorGroup::other;
  int decimals = 0;  ///< digits after the point of a monthly value shown to people
  std::vector<IndicatorPart> parts;

  [[nodiscard]] bool is_family() const noexcept { return !name.empty() && name.back() == '.'; }
};

/// Short-hands for the declarations modules repeat most.
namespace indicator {

/// Euros during the month (a flow), in the finance group unless told otherwise.
[[nodiscard]] inline IndicatorSpec euros(std::string name, std::string label_fi,
                                         std::string label_en,
                                         IndicatorGroup group = IndicatorGroup::finance) {
  return {.name = std::move(name),
          .measure = IndicatorMeasure::euros,
          .unit_fi = "€",
          .unit_en = "€",
          .label_fi = std::move(label_fi),
          .label_en = std::move(label_en),
          .group = group};
}

/// A number of people: a stock at month end or a flow during the month.
[[nodiscard]] inline IndicatorSpec persons(std::string name, IndicatorMeasure measure,
                                           std::string label_fi, std::string label_en,
                                           IndicatorGroup group) {
  return {.name = std::move(name),
          .measure = measure,
          .unit_fi = "henkilöä",
          .unit_en = "persons",
          .label_fi = std::move(label_fi),
          .label_en = std::move(label_en),
          .group = group};
}

}  // namespace indicator

}  // namespace polku

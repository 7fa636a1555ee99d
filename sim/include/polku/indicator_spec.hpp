/// @file indicator_spec.hpp
/// How a plugin describes the monthly indicators it produces, so that every output (report,
/// workbook, database, `polku plugins`) names them and gives their unit from one declaration.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polku {

/// What an indicator's numbers are, for people reading them.
enum class IndicatorMeasure : std::uint8_t {
  stock,  ///< a level at month end (people, FTEs): registered with `Measure::stock`
  flow,   ///< an amount during the month (people, days, meetings): `Measure::flow`
  ratio,  ///< a ratio of two summed indicators: registered with `ratio_indicator`
  euros,  ///< euros during the month: `Measure::flow`, a name with "_eur"
};

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

}  // namespace polku

/// @file report_words.hpp
/// The words of the HTML report in Finnish and English, and numbers and units as people read them.
#pragma once

#include <string>

#include "engine/results.hpp"
#include "output/labels.hpp"
#include "results/run_report.hpp"

namespace polku {

/// The text of the HTML report in one language (names of indicators and areas: labels.hpp).
struct ReportWords {
  const char* lang;
  const char* report;
  const char* comparison;
  const char* period;
  const char* municipalities;
  const char* replications;
  const char* band_note;
  const char* diff_note;
  const char* charts_area;
  const char* charts_by_area;
  const char* charts_by_area_note;
  const char* too_many_areas;
  const char* tables;
  const char* tables_note;
  const char* indicator;
  const char* year;
  const char* base;
  const char* variant;
  const char* difference;
  const char* interval;
  const char* mean;
  const char* band;
  const char* month;
  const char* provenance;
  const char* run_id;
  const char* seed;
  const char* version;
  const char* created;
  const char* rule_sources;
  const char* scenario_file;
  const char* notes;
  const char* no_data;
  const char* groups[8];  ///< titles of the indicator groups, by `IndicatorGroup`
  const char* headline;
  const char* headline_note;
  const char* headline_diff_note;
  const char* area;
  const char* interval_covers;  ///< followed by the number of replications
  const char* interval_covers_end;
  const char* caveats;
  const char* verify_caveat;
  const char* macro_none;
  const char* macro_path;
  const char* all_zero;
  const char* areas_only;
  const char* member_shares;  ///< what a member municipality's share of the benefits rests on
  const char* duration_structure;  ///< the long-term unemployed of 2024-2025, and the shares
};

/// The caveats a run either has or has not, with their words, in the order the reports list them.
struct FlagCaveat {
  bool Caveats::*flag;
  const char* ReportWords::*words;
};
inline constexpr FlagCaveat kFlagCaveats[] = {
    {&Caveats::member_shares_assumed, &ReportWords::member_shares},
    {&Caveats::duration_structure_of_2019, &ReportWords::duration_structure},
};

/// The report's words in `lang`.
[[nodiscard]] const ReportWords& report_words(Lang lang);

/// A number for people: Finnish "12 444,5" (no-break space, decimal comma) or English
/// "12,444.5", with `decimals` digits after the point; NaN gives "–".
[[nodiscard]] std::string display_number(double value, int decimals, Lang lang);

/// The title of an indicator group in `w`'s words.
[[nodiscard]] const char* group_title(IndicatorGroup group, const ReportWords& w);

}  // namespace polku

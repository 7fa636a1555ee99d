/// @file run_report.hpp
/// What the workbook, database and HTML writers know about a run: its results and summaries,
/// and its provenance (manifest hash, seed, version, rule-table sources).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/results.hpp"
#include "results/statistics.hpp"

namespace polku {

/// One declared plugin parameter, as text for people (from the plugin's schema).
struct ParamDoc {
  std::string name;
  std::string type;
  std::string default_value;  ///< YAML spelling
  std::string unit;
  std::string range;  ///< e.g. "[0, 1]"; empty when unbounded
  std::string doc;
};

/// A plugin used by the run: the source of its rules.
struct PluginDoc {
  std::string name;
  std::string version;
  std::string description;
  std::vector<ParamDoc> parameters;
};

/// A dated rule table used by the run (benefit amounts, municipal share steps, ...).
///
/// Extension point: the engine has no rule tables yet. Once scenarios carry them, fill
/// `RunReport::rule_tables`; the workbook's rules sheet, the HTML footer and the database
/// (`rule_sources` of the `runs` row) then show them without further changes.
struct RuleTable {
  std::string name;    ///< e.g. "municipal_share_steps"
  std::string source;  ///< statute or official page the values come from
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

/// Where a run's outputs came from; shown in every output.
struct Provenance {
  std::string manifest_sha256;  ///< SHA-256 of the manifest.json bytes: the run id
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  std::string polku_version;
  std::string git_revision;
  std::string created_utc;
  /// Parameters drawn per replication (0: the ranges show Monte Carlo variation only).
  std::size_t uncertain_parameters = 0;
};

/// What the numbers rest on that a reader should know, stated next to them.
struct Caveats {
  /// Rule values the scenario marks "verify" (not confirmed against the statute): the key path
  /// and where it is set ("modules.benefits.share_2025_rates (rules/municipal_share_2025.yaml:14)").
  std::vector<std::string> verify_values;
  /// The labour-market (macro) path of the run: where it is set, e.g.
  /// "modules.employment_exit.tightness: 14 dated values (synthesis/oulu-region-tightness.yaml)";
  /// empty when none is given and the labour market stays as calibrated.
  std::string macro_path;
  /// Whether the run pays unemployment benefits in more than one municipality: each member's
  /// share then rests on assumptions shared across the municipalities (benefit-day histories).
  bool member_shares_assumed = false;
  /// Whether the run pays unemployment benefits in 2024 or later: its long-term unemployed, and
  /// the municipal shares that follow their paid days, rest on the duration structure of 2019 the
  /// model is fitted to, not on the far higher long-term shares published for 2024-2025.
  bool duration_structure_of_2019 = false;
};
/// Whether any of the runs' caveats has `flag` set.
[[nodiscard]] bool any_caveat(const std::vector<const Caveats*>& caveats, bool Caveats::*flag);
/// Which kind of interval a run's 5–95 % ranges are, for people, in Finnish and English:
/// "Monte Carlo variation only" or "Monte Carlo variation and parameter uncertainty (N ...)".
[[nodiscard]] std::string interval_kind_text(std::size_t uncertain_parameters, bool finnish);

/// Everything the writers need about one run.
struct RunReport {
  const RunResults* results = nullptr;  ///< not owned; outlives the report
  std::string manifest_json;            ///< the exact bytes of manifest.json (hashed: the run id)
  SummaryTable monthly;
  SummaryTable annual;
  Provenance provenance;
  nlohmann::json parameters;  ///< the resolved scenario, as in manifest.json
  std::vector<PluginDoc> plugins;
  std::vector<RuleTable> rule_tables;
  Caveats caveats;

  /// "name version, name version, ..." of the plugins and rule tables: the rule sources.
  [[nodiscard]] std::string rule_sources() const;
};

/// Builds a report for `results` (summaries computed here).
[[nodiscard]] RunReport make_run_report(const RunResults& results, Provenance provenance,
                                        nlohmann::json parameters, std::vector<PluginDoc> plugins);

/// Two runs compared with paired replications.
struct ComparisonReport {
  const RunReport* base = nullptr;     ///< not owned
  const RunReport* variant = nullptr;  ///< not owned
  ComparisonTable monthly;
  ComparisonTable annual;
  std::vector<std::string> notes;  ///< e.g. the variant's seed replaced by the base's
  std::string manifest_json;       ///< the exact bytes of the comparison's manifest.json
};

/// The indicators a report opens with, in order: net municipal cost, municipal share, service
/// cost, unemployed, long-term unemployed, activation rate, caseload per counsellor.
[[nodiscard]] const std::vector<std::string>& headline_indicators();

/// Output areas in the order people read them: the total, the employment areas, then the
/// municipalities (left out when more than `max_municipalities`). `names` are a table's areas in
/// the order of `results.areas` (municipalities first). An employment area of every
/// municipality of the run takes the total's place, since their rows are the same.
[[nodiscard]] std::vector<std::size_t> reading_order(const std::vector<std::string>& names,
                                                     const RunResults& results,
                                                     std::size_t max_municipalities);

/// Whether every value of an indicator in an area is zero in every period (NaN counts as zero).
[[nodiscard]] bool all_zero(const SummaryTable& table, std::size_t area, std::size_t indicator);

/// Flattens JSON into (key path, leaf value) pairs in key order: objects add ".key", arrays
/// "[i]" (e.g. "modules.employment_exit.daily_rates[0]"). An empty object or array is one leaf.
[[nodiscard]] std::vector<std::pair<std::string, nlohmann::json>> flatten_parameters(
    const nlohmann::json& parameters);

}  // namespace polku

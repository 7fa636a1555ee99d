// The HTML report's page: the header, the charts grouped by subject, the charts by area, the
// annual tables and the provenance footer, for a run and for a comparison.
#include "output/report_html.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "output/labels.hpp"
#include "output/report_words.hpp"
#include "output/svg_chart.hpp"
#include "output/writer.hpp"
#include "polku/calendar.hpp"

namespace polku {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Chart group of an indicator, by its declaration (undeclared ones last).
int group_of(const IndicatorDef& def) {
  return def.described ? static_cast<int>(def.description.group)
                       : static_cast<int>(IndicatorGroup::other);
}

/// Indicator indices in chart order: by group, ratios first in a group (the rate before its
/// parts), then in registration order.
std::vector<std::size_t> chart_order(const std::vector<IndicatorDef>& defs) {
  std::vector<std::size_t> order(defs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto key = [&](std::size_t i) {
      return std::pair(group_of(defs[i]), defs[i].aggregation == Aggregation::ratio ? 0 : 1);
    };
    return key(a) < key(b);
  });
  return order;
}

constexpr const char* kStyle = R"(
:root { --ink: #1d2733; --muted: #5b6b7c; --line: #d5dde6; --accent: #1f5f99; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif;
       color: var(--ink); background: #f6f8fa; line-height: 1.45; }
header { background: var(--accent); color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 2px 0; opacity: .92; }
main { padding: 8px 32px 24px; max-width: 1400px; }
h2 { font-size: 19px; margin: 28px 0 6px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; color: var(--accent); }
p.note { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
figure.chart svg { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.chart-title { font-size: 14px; font-weight: 600; fill: var(--ink); }
.unit { font-weight: 400; fill: var(--muted); }
.axis { font-size: 11px; fill: var(--muted); }
.axis-title { font-size: 11px; fill: var(--muted); }
.legend { font-size: 11px; fill: var(--ink); }
.grid { stroke: #e8edf2; stroke-width: 1; }
.zero { stroke: #444; stroke-width: 1; stroke-dasharray: 4 3; }
.axis-line, .tick { stroke: #8a99a8; stroke-width: 1; }
details { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 4px 12px; }
summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; vertical-align: top; }
th { background: #eef3f8; }
th:first-child, td:first-child { text-align: left; }
td small { display: block; color: var(--muted); font-size: 11px; }
td.sig { font-weight: 700; }
table.headline td { white-space: nowrap; }
table.headline th { max-width: 150px; font-size: 12px; }
table.headline th small { display: block; font-weight: 400; color: var(--muted); }
tr.area-start td { border-top: 2px solid var(--line); }
section.caveats { background: #fff8e6; border: 1px solid #e9d29a; border-radius: 6px; padding: 6px 14px; margin: 10px 0 18px; font-size: 13px; }
section.caveats h3 { margin: 4px 0; color: #7a5a00; font-size: 14px; }
section.caveats ul { margin: 4px 0 6px; padding-left: 20px; }
footer { border-top: 1px solid var(--line); margin-top: 24px; padding: 14px 32px 28px; color: var(--muted); font-size: 12px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
footer dt { font-weight: 600; } footer dd { margin: 0; word-break: break-all; }
)";

void page_start(std::ostream& out, Lang lang, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang=\"" << report_words(lang).lang
      << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_escape(title) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n";
}

void provenance_footer(std::ostream& out,
                       const std::vector<std::pair<std::string, const RunReport*>>& runs,
                       const std::vector<std::string>& notes, Lang lang) {
  const ReportWords& w = report_words(lang);
  out << "<footer id=\"provenance\">\n<h2>" << html_escape(w.provenance) << "</h2>\n";
  for (const auto& [heading, run] : runs) {
    const Provenance& p = run->provenance;
    if (!heading.empty()) out << "<h3>" << html_escape(heading) << "</h3>\n";
    out << "<dl class=\"provenance\">";
    const std::pair<const char*, std::string> rows[] = {
        {w.run_id, p.manifest_sha256},
        {w.seed, std::to_string(p.seed)},
        {w.replications, std::to_string(p.replications)},
        {w.version, "Polku " + p.polku_version + " (" + p.git_revision + ")"},
        {w.created, p.created_utc},
        {w.rule_sources, run->rule_sources()},
        {w.scenario_file, p.scenario_file},
    };
    for (const auto& [k, v] : rows)
      out << "<dt>" << html_escape(k) << "</dt><dd>" << html_escape(v) << "</dd>";
    out << "</dl>\n";
  }
  if (!notes.empty()) {
    out << "<h3>" << html_escape(w.notes) << "</h3><ul>";
    for (const auto& n : notes) out << "<li>" << html_escape(n) << "</li>";
    out << "</ul>\n";
  }
  out << "</footer>\n</body>\n</html>\n";
}

std::size_t area_index(const std::vector<OutputArea>& areas, const std::string& name) {
  for (std::size_t a = 0; a < areas.size(); ++a)
    if (areas[a].name == name) return a;
  return areas.size();
}

std::size_t area_index(const std::vector<std::string>& areas, const std::string& name) {
  return static_cast<std::size_t>(std::find(areas.begin(), areas.end(), name) - areas.begin());
}

/// Starts the chart group of `def` when it differs from the one open (`group`, -1 for none).
void open_chart_group(std::ostream& out, const ReportWords& w, const IndicatorDef& def,
                      int& group) {
  const int g = group_of(def);
  if (g == group) return;
  if (group >= 0) out << "</div>\n";
  out << "<h2>" << html_escape(group_title(static_cast<IndicatorGroup>(g), w))
      << "</h2>\n<div class=\"charts\">\n";
  group = g;
}

/// Monthly mean and band of one indicator for one area of a summary.
Series summary_series(const SummaryTable& t, std::size_t area, std::size_t indicator,
                      const std::vector<std::string>& months, const char* color,
                      std::string label) {
  Series s{{}, {}, {}, color, std::move(label)};
  std::map<std::string, std::size_t> period;
  for (std::size_t p = 0; p < t.periods.size(); ++p) period[t.periods[p]] = p;
  for (const auto& m : months) {
    const auto it = period.find(m);
    if (it == period.end() || area >= t.areas.size() || indicator == SummaryTable::npos) {
      s.mean.push_back(kNaN);
      s.lo.push_back(kNaN);
      s.hi.push_back(kNaN);
      continue;
    }
    const Quantiles& q = t.at(it->second, area, indicator);
    s.mean.push_back(q.mean);
    s.lo.push_back(q.p05);
    s.hi.push_back(q.p95);
  }
  return s;
}

std::string period_text(const RunResults& r) {
  return month_label(r.first_month) + " – " + month_label(r.first_month + r.months - 1);
}

std::string cell(double mean, double lo, double hi, int decimals, Lang lang,
                 const char* cls = nullptr) {
  std::string s = cls ? std::string("<td class=\"") + cls + "\">" : std::string("<td>");
  s += html_escape(display_number(mean, decimals, lang));
  if (std::isfinite(lo) || std::isfinite(hi))
    s += "<small>" +
         html_escape(display_number(lo, decimals, lang) + " – " +
                     display_number(hi, decimals, lang)) +
         "</small>";
  return s + "</td>";
}

void annual_tables(std::ostream& out, const RunReport& run, Lang lang) {
  const ReportWords& w = report_words(lang);
  const SummaryTable& t = run.annual;
  out << "<h2 id=\"tables\">" << html_escape(w.tables) << "</h2>\n<p class=\"note\">"
      << html_escape(w.tables_note) << "</p>\n";
  // The total first and open, then municipalities and employment areas.
  std::vector<std::size_t> order;
  const std::size_t total = area_index(t.areas, "total");
  if (total < t.areas.size()) order.push_back(total);
  for (std::size_t a = 0; a < t.areas.size(); ++a)
    if (a != total) order.push_back(a);
  for (const std::size_t a : order) {
    out << "<details" << (a == total ? " open" : "") << "><summary>"
        << html_escape(area_label(t.areas[a].name, lang)) << "</summary>\n<table><thead><tr><th>"
        << html_escape(w.indicator) << "</th>";
    for (const auto& y : t.periods) out << "<th>" << html_escape(y) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (const std::size_t i : chart_order(t.indicators)) {
      const IndicatorDef& def = t.indicators[i];
      out << "<tr><td>" << html_escape(indicator_label_with_unit(def, lang)) << "</td>";
      const int decimals = indicator_decimals(def, true);
      for (std::size_t y = 0; y < t.periods.size(); ++y) {
        const Quantiles& q = t.at(y, a, i);
        out << cell(q.mean, q.p05, q.p95, decimals, lang);
      }
      out << "</tr>\n";
    }
    out << "</tbody></table></details>\n";
  }
}

/// The indicators charted for each municipality and area: what planners and finance compare.
constexpr std::array<const char*, 3> kByAreaIndicators = {"municipal_share_eur", "unemployed",
                                                          "activation_rate"};
/// Above this many municipalities and areas the small multiples would swamp the page.
constexpr std::size_t kMaxAreasCharted = 40;

/// The headline indicators the run has, as indices into `defs`.
std::vector<std::size_t> headline_of(const std::vector<IndicatorDef>& defs) {
  std::vector<std::size_t> out;
  for (const auto& name : headline_indicators())
    for (std::size_t i = 0; i < defs.size(); ++i)
      if (defs[i].name == name) out.push_back(i);
  return out;
}

std::vector<std::string> names_of(const std::vector<OutputArea>& areas) {
  std::vector<std::string> names;
  for (const auto& a : areas) names.push_back(a.name);
  return names;
}

void headline_header(std::ostream& out, const std::vector<IndicatorDef>& defs,
                     const std::vector<std::size_t>& columns, const ReportWords& w, Lang lang) {
  out << "<table class=\"headline\"><thead><tr><th>" << html_escape(w.area) << "</th><th>"
      << html_escape(w.year) << "</th>";
  for (const std::size_t i : columns)
    out << "<th>" << html_escape(indicator_label(defs[i], lang)) << "<small>"
        << html_escape(indicator_unit(defs[i], lang)) << "</small></th>";
  out << "</tr></thead><tbody>\n";
}

/// What the intervals cover and what the numbers rest on: next to the headline numbers.
void caveats_block(std::ostream& out, const std::vector<const Caveats*>& caveats,
                   std::size_t replications, const ReportWords& w) {
  out << "<section class=\"caveats\" id=\"caveats\"><h3>" << html_escape(w.caveats)
      << "</h3><ul>\n<li>" << html_escape(w.interval_covers) << replications
      << html_escape(w.interval_covers_end) << "</li>\n";
  std::vector<std::string> verify, paths;
  for (const Caveats* c : caveats) {
    for (const auto& v : c->verify_values)
      if (std::find(verify.begin(), verify.end(), v) == verify.end()) verify.push_back(v);
    if (std::find(paths.begin(), paths.end(), c->macro_path) == paths.end())
      paths.push_back(c->macro_path);
  }
  for (const auto& path : paths)
    out << "<li>"
        << (path.empty() ? html_escape(w.macro_none)
                         : html_escape(w.macro_path) + " <code>" + html_escape(path) + "</code>")
        << "</li>\n";
  for (const FlagCaveat& c : kFlagCaveats)
    if (any_caveat(caveats, c.flag)) out << "<li>" << html_escape(w.*c.words) << "</li>\n";
  if (!verify.empty()) {
    out << "<li>" << html_escape(w.verify_caveat) << "<ul>";
    for (const auto& v : verify) out << "<li><code>" << html_escape(v) << "</code></li>";
    out << "</ul></li>\n";
  }
  out << "</ul></section>\n";
}

void headline_run(std::ostream& out, const RunReport& run, Lang lang) {
  const ReportWords& w = report_words(lang);
  const SummaryTable& t = run.annual;
  const auto columns = headline_of(t.indicators);
  out << "<h2 id=\"headline\">" << html_escape(w.headline) << "</h2>\n<p class=\"note\">"
      << html_escape(w.headline_note) << "</p>\n";
  const std::size_t municipalities = run.results->municipality_count;
  caveats_block(out, {&run.caveats}, run.provenance.replications, w);
  if (columns.empty()) return;
  headline_header(out, t.indicators, columns, w, lang);
  for (const std::size_t a : reading_order(names_of(t.areas), *run.results, kMaxAreasCharted))
    for (std::size_t y = 0; y < t.periods.size(); ++y) {
      out << "<tr" << (y == 0 ? " class=\"area-start\"" : "") << "><td>"
          << (y == 0 ? html_escape(area_label(t.areas[a].name, lang)) : "") << "</td><td>"
          << html_escape(t.periods[y]) << "</td>";
      for (const std::size_t i : columns) {
        const Quantiles& q = t.at(y, a, i);
        out << cell(q.mean, q.p05, q.p95, indicator_decimals(t.indicators[i], true), lang);
      }
      out << "</tr>\n";
    }
  out << "</tbody></table>\n";
  if (municipalities > kMaxAreasCharted)
    out << "<p class=\"note\">" << html_escape(w.areas_only) << "</p>\n";
}

void headline_comparison(std::ostream& out, const ComparisonReport& cmp, Lang lang) {
  const ReportWords& w = report_words(lang);
  const ComparisonTable& t = cmp.annual;
  const auto columns = headline_of(t.indicators);
  out << "<h2 id=\"headline\">" << html_escape(w.headline) << "</h2>\n<p class=\"note\">"
      << html_escape(w.headline_note) << ' ' << html_escape(w.headline_diff_note) << "</p>\n";
  caveats_block(out, {&cmp.base->caveats, &cmp.variant->caveats}, t.paired_replications, w);
  if (columns.empty()) return;
  headline_header(out, t.indicators, columns, w, lang);
  const std::size_t municipalities = cmp.base->results->municipality_count;
  for (const std::size_t a : reading_order(t.areas, *cmp.base->results, kMaxAreasCharted))
    for (std::size_t y = 0; y < t.periods.size(); ++y) {
      out << "<tr" << (y == 0 ? " class=\"area-start\"" : "") << "><td>"
          << (y == 0 ? html_escape(area_label(t.areas[a], lang)) : "") << "</td><td>"
          << html_escape(t.periods[y]) << "</td>";
      for (const std::size_t i : columns) {
        const ComparisonCell& c = t.at(y, a, i);
        const int decimals = indicator_decimals(t.indicators[i], true);
        const bool sig = c.diff_p05 > 0 || c.diff_p95 < 0;
        std::string text = display_number(c.diff_mean, decimals, lang);
        if (std::isfinite(c.diff_mean) && c.diff_mean > 0 &&
            text != display_number(0, decimals, lang)) {
          std::string with_sign = "+";
          with_sign += text;
          text.swap(with_sign);
        }
        out << "<td" << (sig ? " class=\"sig\"" : "") << ">" << html_escape(text)
            << (sig ? " *" : "") << "<small>"
            << html_escape(display_number(c.diff_p05, decimals, lang) + " – " +
                           display_number(c.diff_p95, decimals, lang))
            << "</small></td>";
      }
      out << "</tr>\n";
    }
  out << "</tbody></table>\n";
  if (municipalities > kMaxAreasCharted)
    out << "<p class=\"note\">" << html_escape(w.areas_only) << "</p>\n";
}

/// Lists indicators left out of the charts because they are zero throughout.
void zero_list(std::ostream& out, const std::vector<std::string>& labels, const ReportWords& w) {
  if (labels.empty()) return;
  out << "<p class=\"note\" id=\"all-zero\">" << html_escape(w.all_zero) << ' ';
  for (std::size_t k = 0; k < labels.size(); ++k)
    out << (k ? "; " : "") << html_escape(labels[k]);
  out << ".</p>\n";
}

void by_area_charts(std::ostream& out, const RunReport& run, Lang lang) {
  const ReportWords& w = report_words(lang);
  const SummaryTable& t = run.monthly;
  const std::size_t total = area_index(t.areas, "total");
  const std::size_t charted = t.areas.size() - (total < t.areas.size() ? 1 : 0);
  if (charted < 2) return;  // one municipality: the whole-region charts are its charts
  out << "<h2 id=\"by-area\">" << html_escape(w.charts_by_area) << "</h2>\n";
  if (charted > kMaxAreasCharted) {
    out << "<p class=\"note\">" << html_escape(w.too_many_areas) << "</p>\n";
    return;
  }
  out << "<p class=\"note\">" << html_escape(w.charts_by_area_note) << " "
      << html_escape(w.band_note) << "</p>\n";
  for (const char* name : kByAreaIndicators) {
    const auto it = std::find_if(t.indicators.begin(), t.indicators.end(),
                                 [&](const IndicatorDef& d) { return d.name == name; });
    if (it == t.indicators.end()) continue;
    const auto i = static_cast<std::size_t>(it - t.indicators.begin());
    out << "<h3>" << html_escape(indicator_label_with_unit(*it, lang))
        << "</h3>\n<div class=\"charts\">\n";
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      if (a != total)
        out << svg_chart(area_label(t.areas[a].name, lang), t.periods,
                         {summary_series(t, a, i, t.periods, "#1f5f99", "")}, false, *it, lang)
            << "\n";
    out << "</div>\n";
  }
}

void finish(std::ostream& out) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write report.html: output stream failed");
}

}  // namespace

void write_report_html(std::ostream& out, const RunReport& run, Lang lang) {
  const ReportWords& w = report_words(lang);
  const RunResults& results = *run.results;
  const std::string title = std::string(w.report) + ": " + run.provenance.scenario;
  page_start(out, lang, title);
  std::string municipalities;
  for (std::size_t m = 0; m < results.municipality_count && m < results.areas.size(); ++m)
    municipalities += (m ? ", " : "") + results.areas[m].name;
  out << "<header><h1>" << html_escape(title) << "</h1>\n<p>" << html_escape(w.period) << ": "
      << html_escape(period_text(results)) << " · " << html_escape(w.municipalities) << ": "
      << html_escape(municipalities) << " · " << html_escape(w.replications) << ": "
      << run.provenance.replications;
  if (run.provenance.uncertain_parameters != 0)
    out << " · "
        << html_escape(interval_kind_text(run.provenance.uncertain_parameters, lang == Lang::fi));
  out << "</p></header>\n<main>\n";
  headline_run(out, run, lang);
  out << "<p class=\"note\">" << html_escape(w.charts_area) << ". " << html_escape(w.band_note)
      << "</p>\n";

  const SummaryTable& t = run.monthly;
  const std::size_t total = area_index(t.areas, "total");
  std::vector<std::string> zero;
  int group = -1;
  for (const std::size_t i : chart_order(t.indicators)) {
    const IndicatorDef& def = t.indicators[i];
    if (total < t.areas.size() && all_zero(t, total, i)) {
      zero.push_back(indicator_label(def, lang));
      continue;
    }
    open_chart_group(out, w, def, group);
    out << svg_chart(indicator_label(def, lang), t.periods,
                     {summary_series(t, total, i, t.periods, "#1f5f99", "")}, false, def, lang)
        << "\n";
  }
  if (group >= 0) out << "</div>\n";
  zero_list(out, zero, w);
  by_area_charts(out, run, lang);
  annual_tables(out, run, lang);
  out << "</main>\n";
  provenance_footer(out, {{"", &run}}, {}, lang);
  finish(out);
}

void write_comparison_html(std::ostream& out, const ComparisonReport& cmp, Lang lang) {
  const ReportWords& w = report_words(lang);
  const RunReport& base = *cmp.base;
  const RunReport& variant = *cmp.variant;
  const std::string title = std::string(w.comparison) + ": " + base.provenance.scenario + " – " +
                            variant.provenance.scenario;
  page_start(out, lang, title);
  out << "<header><h1>" << html_escape(title) << "</h1>\n<p>" << html_escape(w.base) << ": "
      << html_escape(base.provenance.scenario) << " · " << html_escape(w.variant) << ": "
      << html_escape(variant.provenance.scenario) << " · " << html_escape(w.period) << ": "
      << html_escape(cmp.monthly.periods.empty()
                         ? std::string("–")
                         : cmp.monthly.periods.front() + " – " + cmp.monthly.periods.back())
      << " · " << html_escape(w.replications) << ": " << cmp.monthly.paired_replications
      << "</p></header>\n<main>\n";
  headline_comparison(out, cmp, lang);
  out << "<p class=\"note\">" << html_escape(w.charts_area) << ". " << html_escape(w.band_note)
      << ' ' << html_escape(w.diff_note) << "</p>\n";

  const ComparisonTable& t = cmp.monthly;
  const std::size_t total = area_index(t.areas, "total");
  const std::size_t base_total = area_index(base.monthly.areas, "total");
  const std::size_t variant_total = area_index(variant.monthly.areas, "total");
  std::vector<std::string> zero;
  int group = -1;
  for (const std::size_t i : chart_order(t.indicators)) {
    const IndicatorDef& def = t.indicators[i];
    const std::size_t bi = base.monthly.indicator_index(def.name);
    const std::size_t vi = variant.monthly.indicator_index(def.name);
    if (base_total < base.monthly.areas.size() && variant_total < variant.monthly.areas.size() &&
        bi != SummaryTable::npos && vi != SummaryTable::npos &&
        all_zero(base.monthly, base_total, bi) && all_zero(variant.monthly, variant_total, vi)) {
      zero.push_back(indicator_label(def, lang));
      continue;
    }
    open_chart_group(out, w, def, group);
    const std::string label = indicator_label(def, lang);
    const Series b =
        summary_series(base.monthly, area_index(base.monthly.areas, "total"),
                       base.monthly.indicator_index(def.name), t.periods, "#1f5f99", w.base);
    const Series v =
        summary_series(variant.monthly, area_index(variant.monthly.areas, "total"),
                       variant.monthly.indicator_index(def.name), t.periods, "#d9731a", w.variant);
    Series d{{}, {}, {}, "#7a3db8", ""};
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
      const bool ok = total < t.areas.size();
      d.mean.push_back(ok ? t.at(p, total, i).diff_mean : kNaN);
      d.lo.push_back(ok ? t.at(p, total, i).diff_p05 : kNaN);
      d.hi.push_back(ok ? t.at(p, total, i).diff_p95 : kNaN);
    }
    out << svg_chart(label, t.periods, {b, v}, false, def, lang) << "\n";
    out << svg_chart(label + ": " + w.difference, t.periods, {d}, true, def, lang) << "\n";
  }
  if (group >= 0) out << "</div>\n";
  zero_list(out, zero, w);

  // Annual tables: per area, indicator and year.
  const ComparisonTable& a = cmp.annual;
  out << "<h2 id=\"tables\">" << html_escape(w.tables) << "</h2>\n<p class=\"note\">"
      << html_escape(w.tables_note) << "</p>\n";
  for (std::size_t ar = 0; ar < a.areas.size(); ++ar) {
    out << "<details" << (a.areas[ar] == "total" ? " open" : "") << "><summary>"
        << html_escape(area_label(a.areas[ar], lang)) << "</summary>\n<table><thead><tr><th>"
        << html_escape(w.indicator) << "</th><th>" << html_escape(w.year) << "</th><th>"
        << html_escape(w.base) << "</th><th>" << html_escape(w.variant) << "</th><th>"
        << html_escape(w.difference) << "</th><th>" << html_escape(w.interval)
        << "</th></tr></thead><tbody>\n";
    for (const std::size_t i : chart_order(a.indicators)) {
      const IndicatorDef& def = a.indicators[i];
      const int decimals = indicator_decimals(def, true);
      for (std::size_t y = 0; y < a.periods.size(); ++y) {
        const ComparisonCell& c = a.at(y, ar, i);
        out << "<tr><td>"
            << (y == 0 ? html_escape(indicator_label_with_unit(def, lang)) : "")
            << "</td><td>" << html_escape(a.periods[y]) << "</td>"
            << cell(c.base_mean, kNaN, kNaN, decimals, lang)
            << cell(c.variant_mean, kNaN, kNaN, decimals, lang)
            << cell(c.diff_mean, kNaN, kNaN, decimals, lang,
                    c.diff_p05 > 0 || c.diff_p95 < 0 ? "sig" : nullptr)
            << "<td>"
            << html_escape(display_number(c.diff_p05, decimals, lang) + " – " +
                           display_number(c.diff_p95, decimals, lang))
            << "</td></tr>\n";
      }
    }
    out << "</tbody></table></details>\n";
  }
  out << "</main>\n";
  std::vector<std::string> notes = cmp.notes;
  provenance_footer(out, {{w.base, &base}, {w.variant, &variant}}, notes, lang);
  finish(out);
}

const Writer& report_html_writer() {
  static const FileWriter writer(
      "report.html",
      through_stream<RunReport>(
          [](std::ostream& out, const RunReport& run, const WriteOptions& options) {
            write_report_html(out, run, options.lang);
          }),
      through_stream<ComparisonReport>(
          [](std::ostream& out, const ComparisonReport& comparison, const WriteOptions& options) {
            write_comparison_html(out, comparison, options.lang);
          }));
  return writer;
}

}  // namespace polku

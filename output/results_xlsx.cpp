#include "output/results_xlsx.hpp"


#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

#include "polku/errors.hpp"

#include "output/budget_csv.hpp"
#include "output/labels.hpp"
#include "output/report_words.hpp"
#include "output/writer.hpp"

namespace polku {

namespace fs = std::filesystem;

namespace {

/// Excel's last row index (1 048 576 rows).
constexpr lxw_row_t kMaxRow = 1048575;

/// The workbook and its cell formats; closes (writes) the file in `close()`.
class Workbook {
 public:
  explicit Workbook(const fs::path& file) : file_(file) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows go to disk as written: large runs fit in memory
    workbook_ = workbook_new_opt(file.c_str(), &options);
    if (workbook_ == nullptr) throw std::runtime_error("cannot create workbook " + file.string());
    title = add_format([](lxw_format* f) {
      format_set_bold(f);
      format_set_font_size(f, 14);
    });
    bold = add_format([](lxw_format* f) { format_set_bold(f); });
    header = add_format([](lxw_format* f) {
      format_set_bold(f);
      format_set_bg_color(f, 0xDDE6F0);
      format_set_bottom(f, LXW_BORDER_THIN);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    note = add_format([](lxw_format* f) {
      format_set_italic(f);
      format_set_font_color(f, 0x555555);
    });
    euro = number_format("#,##0 \"€\"");
    percent = number_format("0.0 \"%\"");
    count = number_format("#,##0");
    mean_count = number_format("#,##0.0");
    decimal = number_format("General");
    changed = add_format([](lxw_format* f) { format_set_bg_color(f, 0xFFF2CC); });
    for (lxw_format** plain : {&euro, &percent, &count, &mean_count}) {
      lxw_format* b = workbook_add_format(workbook_);
      format_set_num_format(b, plain == &euro         ? "#,##0 \"€\""
                               : plain == &percent    ? "0.0 \"%\""
                               : plain == &count      ? "#,##0"
                                                      : "#,##0.0");
      format_set_bold(b);
      format_set_bg_color(b, 0xE2EFDA);
      bold_of_[*plain] = b;
    }
  }

  /// The bold, shaded variant of a number format (a difference whose interval excludes zero).
  lxw_format* marked(lxw_format* plain) const {
    const auto it = bold_of_.find(plain);
    return it == bold_of_.end() ? plain : it->second;
  }
  ~Workbook() {
    if (workbook_ != nullptr) {
      workbook_close(workbook_);  // only reached on an error path: the file is discarded anyway
      std::error_code ec;
      fs::remove(file_, ec);
    }
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_worksheet* sheet(const std::string& wanted) {
    const std::string name = worksheet_name(wanted, names_);
    names_.push_back(name);
    lxw_worksheet* ws = workbook_add_worksheet(workbook_, name.c_str());
    if (ws == nullptr) throw std::runtime_error("cannot add worksheet '" + name + "'");
    return ws;
  }

  void close() {
    errno = 0;
    const lxw_error e = workbook_close(workbook_);
    workbook_ = nullptr;
    if (e != LXW_NO_ERROR) {
      // libxlsxwriter names the step; the system's reason (a full disk) is in errno.
      const int system_error = errno;
      throw EnvironmentError("cannot write " + file_.string() + ": " + lxw_strerror(e) +
                             (system_error != 0 ? std::string(" (") + std::strerror(system_error) + ")"
                                                : std::string()));
    }
  }

  lxw_format* title;
  lxw_format* bold;
  lxw_format* header;
  lxw_format* note;
  lxw_format* euro;
  lxw_format* percent;
  lxw_format* count;
  lxw_format* mean_count;
  lxw_format* decimal;
  lxw_format* changed;

 private:
  template <class F>
  lxw_format* add_format(F setup) {
    lxw_format* f = workbook_add_format(workbook_);
    setup(f);
    return f;
  }
  lxw_format* number_format(const char* code) {
    lxw_format* f = workbook_add_format(workbook_);
    format_set_num_format(f, code);
    return f;
  }

  fs::path file_;
  lxw_workbook* workbook_ = nullptr;
  std::vector<std::string> names_;
  std::map<lxw_format*, lxw_format*> bold_of_;
};

void text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& s,
          lxw_format* f = nullptr) {
  worksheet_write_string(ws, row, col, s.c_str(), f);
}

/// A number, or an empty cell for a missing value.
void number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double v, lxw_format* f) {
  if (std::isfinite(v)) worksheet_write_number(ws, row, col, v, f);
}

void json_value(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const nlohmann::json& v,
                lxw_format* f = nullptr) {
  if (v.is_number())
    number(ws, row, col, v.get<double>(), f);
  else if (v.is_string())
    text(ws, row, col, v.get<std::string>(), f);
  else if (v.is_boolean())
    worksheet_write_boolean(ws, row, col, v.get<bool>() ? 1 : 0, f);
  else if (!v.is_null())
    text(ws, row, col, v.dump(), f);
}

/// The three key columns of a long table row: period, area, indicator.
void key_cells(lxw_worksheet* ws, lxw_row_t row, const std::string& period, const std::string& area,
               const std::string& indicator) {
  text(ws, row, 0, period);
  text(ws, row, 1, area);
  text(ws, row, 2, indicator);
}

/// Widths, filter and frozen header of a long table whose rows end at `last_row` and whose
/// value columns run from 3 to `last_col`.
void finish_long_table(lxw_worksheet* ws, lxw_row_t last_row, lxw_col_t last_col,
                       double period_width, double value_width) {
  worksheet_set_column(ws, 0, 0, period_width, nullptr);
  worksheet_set_column(ws, 1, 2, 26, nullptr);
  worksheet_set_column(ws, 3, last_col, value_width, nullptr);
  worksheet_autofilter(ws, 0, 0, last_row, last_col);
  worksheet_freeze_panes(ws, 1, 0);
}

/// The format of an indicator's values, by its declaration; annual means of stocks get a
/// decimal.
lxw_format* value_format(Workbook& wb, const IndicatorDef& def, bool annual) {
  if (def.aggregation == Aggregation::ratio)
    return indicator_unit(def, Lang::en) == "%" ? wb.percent : wb.mean_count;
  if (def.euros()) return wb.euro;
  if (indicator_decimals(def, annual) > 0) return wb.mean_count;
  return wb.count;
}

/// The unit column: the declared unit and how a year is formed from months.
std::string unit_text(const IndicatorDef& def, bool annual) {
  const std::string unit = bilingual_indicator_unit(def);
  if (!annual || def.aggregation == Aggregation::ratio) return unit;
  if (def.measure == Measure::flow) return unit + ", vuoden summa / annual sum";
  return unit + ", kuukausien keskiarvo / mean of months";
}

std::string provenance_line(const Provenance& p) {
  return "Ajo / Run " + p.manifest_sha256.substr(0, 12) + " · siemenluku / seed " +
         std::to_string(p.seed) + " · toistoja / replications " + std::to_string(p.replications) +
         " · Polku " + p.polku_version + " (" + p.git_revision + ")" +
         (p.uncertain_parameters != 0 ? " · " + interval_kind_text(p.uncertain_parameters, false)
                                      : std::string());
}

/// Euro indicators first (finance reads them first), then the others in registration order.
std::vector<std::size_t> indicator_order(const std::vector<IndicatorDef>& defs) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (defs[i].euros()) order.push_back(i);
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (!defs[i].euros()) order.push_back(i);
  return order;
}

/// The caveats of the headline, one line each: what the interval covers, the labour-market
/// path, the yes/no caveats of `kFlagCaveats`, the rule values to verify.
lxw_row_t caveat_rows(Workbook& wb, lxw_worksheet* ws, lxw_row_t row,
                      const std::vector<const Caveats*>& caveats, std::size_t replications) {
  text(ws, row++, 0, "Varaukset / Caveats", wb.bold);
  text(ws, row++, 0,
       "Väli (p05-p95) kattaa vain toistojen välisen satunnaisvaihtelun (Monte Carlo, " +
           std::to_string(replications) +
           " toistoa): ei parametrien, sääntöarvojen eikä talouskehityksen epävarmuutta. / The "
           "range (p05-p95) covers only Monte-Carlo variation between replications (" +
           std::to_string(replications) +
           "): not the uncertainty of parameters, rule values or the economy.",
       wb.note);
  std::set<std::string> seen;
  for (const Caveats* c : caveats) {
    if (!seen.insert("macro:" + c->macro_path).second) continue;
    text(ws, row++, 0,
         c->macro_path.empty()
             ? "Työmarkkinoiden kehityspolkua ei ole annettu: luvut ovat suunnittelun lähtötaso, "
               "eivät ennuste. / No labour-market path is given: the numbers are a planning "
               "baseline, not a forecast."
             : "Työmarkkinoiden kehityspolku on oletus / The labour-market path is an "
               "assumption: " + c->macro_path,
         wb.note);
  }
  for (const FlagCaveat& c : kFlagCaveats)
    if (any_caveat(caveats, c.flag))
      text(ws, row++, 0,
           std::string(report_words(Lang::fi).*c.words) + " / " + report_words(Lang::en).*c.words,
           wb.note);
  for (const Caveats* c : caveats)
    for (const auto& v : c->verify_values)
      if (seen.insert(v).second)
        text(ws, row++, 0,
             "Vahvistamaton sääntöarvo / Rule value not confirmed (verify): " + v, wb.note);
  return row;
}

/// Headline indicators present in `defs`, as indices.
std::vector<std::size_t> headline_columns(const std::vector<IndicatorDef>& defs) {
  std::vector<std::size_t> out;
  for (const auto& name : headline_indicators())
    for (std::size_t i = 0; i < defs.size(); ++i)
      if (defs[i].name == name) out.push_back(i);
  return out;
}

void headline_sheet(Workbook& wb, const RunReport& run) {
  const SummaryTable& t = run.annual;
  lxw_worksheet* ws = wb.sheet("Tiivistelmä - Headline");
  text(ws, 0, 0, "Tiivistelmä / Headline: " + run.provenance.scenario, wb.title);
  text(ws, 1, 0, provenance_line(run.provenance), wb.note);
  text(ws, 2, 0,
       "Vuosittain: eurot ja virrat vuoden summana, henkilöt kuukausien keskiarvona, osuudet "
       "summatuista luvuista. / By year: euros and flows summed, persons averaged over months, "
       "rates from summed counts.",
       wb.note);
  lxw_row_t h = caveat_rows(wb, ws, 3, {&run.caveats}, run.provenance.replications) + 1;
  const auto columns = headline_columns(t.indicators);
  text(ws, h, 0, "Alue / Area", wb.header);
  text(ws, h, 1, "Vuosi / Year", wb.header);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const IndicatorDef& def = t.indicators[columns[k]];
    const auto c = static_cast<lxw_col_t>(2 + 3 * k);
    text(ws, h, c, bilingual_indicator_label(def) + " (" + bilingual_indicator_unit(def) + ")",
         wb.header);
    text(ws, h, c + 1, "p05", wb.header);
    text(ws, h, c + 2, "p95", wb.header);
  }
  std::vector<std::string> names;
  for (const auto& a : t.areas) names.push_back(a.name);
  lxw_row_t row = h + 1;
  for (const std::size_t a : reading_order(names, *run.results, kMaxRow))
    for (std::size_t y = 0; y < t.periods.size(); ++y) {
      text(ws, row, 0, area_label(t.areas[a].name, Lang::fi));
      text(ws, row, 1, t.periods[y]);
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const Quantiles& q = t.at(y, a, columns[k]);
        lxw_format* f = value_format(wb, t.indicators[columns[k]], true);
        const auto c = static_cast<lxw_col_t>(2 + 3 * k);
        number(ws, row, c, q.mean, f);
        number(ws, row, c + 1, q.p05, f);
        number(ws, row, c + 2, q.p95, f);
      }
      ++row;
    }
  worksheet_set_column(ws, 0, 0, 24, nullptr);
  worksheet_set_column(ws, 1, 1, 8, nullptr);
  worksheet_set_column(ws, 2, static_cast<lxw_col_t>(1 + 3 * columns.size()), 15, nullptr);
  worksheet_freeze_panes(ws, h + 1, 2);
}

void headline_comparison_sheet(Workbook& wb, const ComparisonReport& cmp) {
  const ComparisonTable& t = cmp.annual;
  lxw_worksheet* ws = wb.sheet("Tiivistelmä - Headline");
  text(ws, 0, 0,
       "Tiivistelmä / Headline: " + cmp.base->provenance.scenario + " → " +
           cmp.variant->provenance.scenario,
       wb.title);
  text(ws, 1, 0,
       "Erotus = vaihtoehto − perus pareittain samoilla satunnaisluvuilla; lihavoitu: erotuksen "
       "5-95 %:n väli ei sisällä nollaa. / Difference = variant − base paired on the same random "
       "numbers; bold: the 5-95 % range of the difference excludes zero.",
       wb.note);
  lxw_row_t h = caveat_rows(wb, ws, 3, {&cmp.base->caveats, &cmp.variant->caveats},
                            t.paired_replications) +
                1;
  const auto columns = headline_columns(t.indicators);
  text(ws, h, 0, "Alue / Area", wb.header);
  text(ws, h, 1, "Vuosi / Year", wb.header);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const IndicatorDef& def = t.indicators[columns[k]];
    const auto c = static_cast<lxw_col_t>(2 + 5 * k);
    const std::string name =
        bilingual_indicator_label(def) + " (" + bilingual_indicator_unit(def) + ")";
    text(ws, h, c, name + ": perus / base", wb.header);
    text(ws, h, c + 1, "vaihtoehto / variant", wb.header);
    text(ws, h, c + 2, "erotus / difference", wb.header);
    text(ws, h, c + 3, "p05", wb.header);
    text(ws, h, c + 4, "p95", wb.header);
  }
  lxw_row_t row = h + 1;
  for (const std::size_t a :
       reading_order(t.areas, *cmp.base->results, kMaxRow))
    for (std::size_t y = 0; y < t.periods.size(); ++y) {
      text(ws, row, 0, area_label(t.areas[a], Lang::fi));
      text(ws, row, 1, t.periods[y]);
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const ComparisonCell& c = t.at(y, a, columns[k]);
        lxw_format* f = value_format(wb, t.indicators[columns[k]], true);
        const bool sig = c.diff_p05 > 0 || c.diff_p95 < 0;
        const auto col = static_cast<lxw_col_t>(2 + 5 * k);
        number(ws, row, col, c.base_mean, f);
        number(ws, row, col + 1, c.variant_mean, f);
        number(ws, row, col + 2, c.diff_mean, sig ? wb.marked(f) : f);
        number(ws, row, col + 3, c.diff_p05, f);
        number(ws, row, col + 4, c.diff_p95, f);
      }
      ++row;
    }
  worksheet_set_column(ws, 0, 0, 24, nullptr);
  worksheet_set_column(ws, 1, 1, 8, nullptr);
  worksheet_set_column(ws, 2, static_cast<lxw_col_t>(1 + 5 * columns.size()), 15, nullptr);
  worksheet_freeze_panes(ws, h + 1, 2);
}

/// Euros by month × area for a budget: one block per euro indicator (municipal share, service
/// cost, state compensation, net municipal cost), months down and areas across, each year closed
/// by its total.
void budget_sheet(Workbook& wb, const RunReport& run) {
  const SummaryTable& t = run.monthly;
  lxw_worksheet* ws = wb.sheet("Budjetti - Budget");
  text(ws, 0, 0, "Budjetti / Budget: " + run.provenance.scenario, wb.title);
  text(ws, 1, 0,
       "Eurot kuukausittain, toistojen keskiarvo; vuoden rivi on kuukausien summa. / Euros by "
       "month, mean across replications; the year's row is the sum of its months.",
       wb.note);
  std::vector<std::string> names;
  for (const auto& a : t.areas) names.push_back(a.name);
  const auto areas = reading_order(names, *run.results, kMaxRow);
  lxw_row_t row = 3;
  for (const auto& name : budget_indicators()) {
    const std::size_t i = t.indicator_index(name);
    if (i == SummaryTable::npos) continue;
    const IndicatorDef& def = t.indicators[i];
    text(ws, row++, 0, bilingual_indicator_label(def) + " (" + bilingual_indicator_unit(def) + ")",
         wb.bold);
    text(ws, row, 0, "Kuukausi / Month", wb.header);
    for (std::size_t k = 0; k < areas.size(); ++k)
      text(ws, row, static_cast<lxw_col_t>(1 + k), area_label(t.areas[areas[k]].name, Lang::fi),
           wb.header);
    ++row;
    std::vector<double> year_sum(areas.size(), 0.0);
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
      text(ws, row, 0, t.periods[p]);
      for (std::size_t k = 0; k < areas.size(); ++k) {
        const double v = t.at(p, areas[k], i).mean;
        number(ws, row, static_cast<lxw_col_t>(1 + k), v, wb.euro);
        if (std::isfinite(v)) year_sum[k] += v;
      }
      ++row;
      const bool year_end =
          p + 1 == t.periods.size() || t.periods[p + 1].substr(0, 4) != t.periods[p].substr(0, 4);
      if (year_end) {
        text(ws, row, 0, t.periods[p].substr(0, 4) + " yhteensä / total", wb.bold);
        for (std::size_t k = 0; k < areas.size(); ++k)
          number(ws, row, static_cast<lxw_col_t>(1 + k), year_sum[k], wb.marked(wb.euro));
        std::fill(year_sum.begin(), year_sum.end(), 0.0);
        ++row;
      }
    }
    ++row;
  }
  worksheet_set_column(ws, 0, 0, 20, nullptr);
  worksheet_set_column(ws, 1, static_cast<lxw_col_t>(areas.size()), 15, nullptr);
}

void annual_sheet(Workbook& wb, const RunReport& run, std::size_t area) {
  const SummaryTable& t = run.annual;
  const std::string& name = t.areas[area].name;
  lxw_worksheet* ws =
      wb.sheet(area_label(name, Lang::fi) == area_label(name, Lang::en)
                   ? name
                   : area_label(name, Lang::fi) + " - " + area_label(name, Lang::en));
  const bool municipality = area < run.results->municipality_count;
  const bool total = name == "total";
  text(ws, 0, 0,
       std::string(municipality ? "Kunta / Municipality: "
                   : total      ? "Alue / Area: "
                                : "Työllisyysalue / Employment area: ") +
           (total ? "Koko alue / Total" : name),
       wb.title);
  text(ws, 1, 0, provenance_line(run.provenance), wb.note);
  text(ws, 2, 0,
       "Vuosiarvot: virrat ja eurot summattu, varannot kuukausien keskiarvo, osuudet summatuista "
       "luvuista; vajaa vuosi sisältää simuloidut kuukaudet. / Annual values: flows and euros "
       "summed, stocks averaged over months, rates from summed counts; a partial year holds the "
       "simulated months.",
       wb.note);
  const lxw_row_t h = 4;
  text(ws, h, 0, "Indikaattori / Indicator", wb.header);
  text(ws, h, 1, "Tunnus / Code", wb.header);
  text(ws, h, 2, "Yksikkö / Unit", wb.header);
  for (std::size_t y = 0; y < t.periods.size(); ++y) {
    const auto c = static_cast<lxw_col_t>(3 + 3 * y);
    text(ws, h, c, t.periods[y] + " keskiarvo / mean", wb.header);
    text(ws, h, c + 1, t.periods[y] + " p05", wb.header);
    text(ws, h, c + 2, t.periods[y] + " p95", wb.header);
  }
  lxw_row_t row = h + 1;
  for (const std::size_t i : indicator_order(t.indicators)) {
    const IndicatorDef& def = t.indicators[i];
    text(ws, row, 0, bilingual_indicator_label(def));
    text(ws, row, 1, def.name);
    text(ws, row, 2, unit_text(def, true));
    lxw_format* f = value_format(wb, def, true);
    for (std::size_t y = 0; y < t.periods.size(); ++y) {
      const Quantiles& q = t.at(y, area, i);
      const auto c = static_cast<lxw_col_t>(3 + 3 * y);
      number(ws, row, c, q.mean, f);
      number(ws, row, c + 1, q.p05, f);
      number(ws, row, c + 2, q.p95, f);
    }
    ++row;
  }
  worksheet_set_column(ws, 0, 0, 42, nullptr);
  worksheet_set_column(ws, 1, 1, 24, nullptr);
  worksheet_set_column(ws, 2, 2, 26, nullptr);
  worksheet_set_column(ws, 3, static_cast<lxw_col_t>(2 + 3 * t.periods.size()), 14, nullptr);
  worksheet_freeze_panes(ws, h + 1, 3);
}

/// The monthly summary, one row per month, area and indicator. When every indicator would not
/// fit in Excel's rows, only the headline and budget indicators are written (summary.csv has all);
/// returns false then (and when even those are cut at the limit).
bool monthly_sheet(Workbook& wb, const RunReport& run) {
  const SummaryTable& t = run.monthly;
  std::vector<std::size_t> chosen(t.indicators.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  bool complete = true;
  if (t.periods.size() * t.areas.size() * t.indicators.size() > kMaxRow) {
    complete = false;
    chosen.clear();
    for (std::size_t i = 0; i < t.indicators.size(); ++i) {
      const auto& name = t.indicators[i].name;
      const auto& h = headline_indicators();
      const auto& b = budget_indicators();
      if (std::find(h.begin(), h.end(), name) != h.end() ||
          std::find(b.begin(), b.end(), name) != b.end())
        chosen.push_back(i);
    }
  }
  lxw_worksheet* ws = wb.sheet("Kuukaudet - Monthly");
  const char* headers[] = {"Kuukausi / Month",
                           "Alue / Area",
                           "Indikaattori / Indicator",
                           "Keskiarvo / Mean",
                           "p05",
                           "p50",
                           "p95"};
  for (lxw_col_t c = 0; c < 7; ++c) text(ws, 0, c, headers[c], wb.header);
  lxw_row_t row = 1;
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      for (const std::size_t i : chosen) {
        if (row > kMaxRow) return false;
        key_cells(ws, row, t.periods[p], t.areas[a].name, t.indicators[i].name);
        lxw_format* f = value_format(wb, t.indicators[i], false);
        const Quantiles& q = t.at(p, a, i);
        number(ws, row, 3, q.mean, f);
        number(ws, row, 4, q.p05, f);
        number(ws, row, 5, q.p50, f);
        number(ws, row, 6, q.p95, f);
        ++row;
      }
  finish_long_table(ws, row - 1, 6, 16, 14);
  return complete;
}

void parameters_sheet(Workbook& wb, const std::vector<const RunReport*>& runs) {
  lxw_worksheet* ws = wb.sheet("Parametrit - Parameters");
  text(ws, 0, 0, "Avain / Key", wb.header);
  if (runs.size() == 1) {
    text(ws, 0, 1, "Arvo / Value", wb.header);
  } else {
    text(ws, 0, 1, "Perus / Base", wb.header);
    text(ws, 0, 2, "Vaihtoehto / Variant", wb.header);
  }
  // Keys of every run, in key order; a differing value is highlighted.
  std::map<std::string, std::vector<nlohmann::json>> values;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (auto& [key, value] : flatten_parameters(runs[r]->parameters)) {
      auto& slot = values[key];
      slot.resize(runs.size());
      slot[r] = std::move(value);
    }
  lxw_row_t row = 1;
  for (auto& [key, v] : values) {
    v.resize(runs.size());
    // The binding is captured through a reference of its own: clang 14 cannot capture it.
    const bool differs =
        std::any_of(v.begin(), v.end(), [&all = v](const auto& x) { return x != all[0]; });
    text(ws, row, 0, key, differs ? wb.changed : nullptr);
    for (std::size_t r = 0; r < v.size(); ++r)
      json_value(ws, row, static_cast<lxw_col_t>(1 + r), v[r], differs ? wb.changed : nullptr);
    ++row;
  }
  worksheet_set_column(ws, 0, 0, 56, nullptr);
  worksheet_set_column(ws, 1, static_cast<lxw_col_t>(runs.size()), 20, nullptr);
  worksheet_freeze_panes(ws, 1, 0);
}

void rules_sheet(Workbook& wb, const std::vector<const RunReport*>& runs,
                 const std::vector<std::string>& run_titles) {
  lxw_worksheet* ws = wb.sheet("Säännöt - Rules");
  lxw_row_t row = 0;
  text(ws, row++, 0, "Säännöt ja niiden lähteet / Rules and their sources", wb.title);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunReport& run = *runs[r];
    if (!run_titles[r].empty()) {
      text(ws, ++row, 0, run_titles[r], wb.title);
      ++row;
    }
    text(ws, ++row, 0, "Moduulit / Plugins", wb.bold);
    ++row;
    for (const auto& plugin : run.plugins) {
      text(ws, ++row, 0, plugin.name + " " + plugin.version, wb.bold);
      text(ws, row, 1, plugin.description);
      ++row;
      const char* headers[] = {"Parametri / Parameter", "Tyyppi / Type",
                               "Oletus / Default",      "Yksikkö / Unit",
                               "Sallittu alue / Range", "Kuvaus / Description"};
      for (lxw_col_t c = 0; c < 6; ++c) text(ws, row, c, headers[c], wb.header);
      ++row;
      for (const auto& p : plugin.parameters) {
        text(ws, row, 0, p.name);
        text(ws, row, 1, p.type);
        text(ws, row, 2, p.default_value);
        text(ws, row, 3, p.unit);
        text(ws, row, 4, p.range);
        text(ws, row, 5, p.doc);
        ++row;
      }
    }
    text(ws, ++row, 0, "Päivätyt sääntötaulukot / Dated rule tables", wb.bold);
    ++row;
    if (run.rule_tables.empty())
      text(ws, row++, 0,
           "Ei vielä sääntötaulukoita: etuusmäärät ja kuntaosuuden portaat lisätään tähän. / No "
           "rule tables yet: benefit amounts and municipal share steps will be listed here.",
           wb.note);
    for (const auto& table : run.rule_tables) {
      text(ws, ++row, 0, table.name, wb.bold);
      text(ws, row++, 1, "Lähde / Source: " + table.source, wb.note);
      for (std::size_t c = 0; c < table.columns.size(); ++c)
        text(ws, row, static_cast<lxw_col_t>(c), table.columns[c], wb.header);
      ++row;
      for (const auto& cells : table.rows) {
        for (std::size_t c = 0; c < cells.size(); ++c)
          text(ws, row, static_cast<lxw_col_t>(c), cells[c]);
        ++row;
      }
    }
  }
  worksheet_set_column(ws, 0, 0, 34, nullptr);
  worksheet_set_column(ws, 1, 4, 16, nullptr);
  worksheet_set_column(ws, 5, 5, 90, nullptr);
}

lxw_row_t provenance_rows(Workbook& wb, lxw_worksheet* ws, lxw_row_t row, const RunReport& run) {
  const Provenance& p = run.provenance;
  const std::pair<const char*, std::string> rows[] = {
      {"Skenaario / Scenario", p.scenario},
      {"Skenaariotiedosto / Scenario file", p.scenario_file},
      {"Ajon tunniste (manifest.json SHA-256) / Run id", p.manifest_sha256},
      {"Siemenluku / Seed", std::to_string(p.seed)},
      {"Toistoja / Replications", std::to_string(p.replications)},
      {"Polku-versio / Polku version", p.polku_version + " (" + p.git_revision + ")"},
      {"Luotu (UTC) / Created (UTC)", p.created_utc},
      {"Sääntölähteet / Rule sources", run.rule_sources()},
  };
  for (const auto& [label, value] : rows) {
    text(ws, row, 0, label, wb.bold);
    text(ws, row++, 1, value);
  }
  if (p.uncertain_parameters != 0) {
    text(ws, row, 0, "Väli / Interval", wb.bold);
    text(ws, row++, 1,
         interval_kind_text(p.uncertain_parameters, true) + " / " +
             interval_kind_text(p.uncertain_parameters, false));
  }
  return row;
}

lxw_worksheet* about_sheet_start(Workbook& wb) {
  lxw_worksheet* ws = wb.sheet("Tietoja - About");
  worksheet_set_column(ws, 0, 0, 48, nullptr);
  worksheet_set_column(ws, 1, 1, 90, nullptr);
  text(ws, 0, 0, "Polku: tulokset / results", wb.title);
  return ws;
}

lxw_row_t method_rows(Workbook& wb, lxw_worksheet* ws, lxw_row_t row) {
  text(ws, row, 0, "Menetelmä / Method", wb.bold);
  text(ws, row++, 1,
       "Keskiarvo sekä 5 %, 50 % ja 95 % kvantiilit toistojen yli (Hyndman–Fan tyyppi 7). / Mean "
       "and 5 %, 50 % and 95 % quantiles across replications (Hyndman–Fan type 7).");
  text(ws, row++, 1,
       "Vuodet: virrat ja eurot summataan, varannot keskiarvo kuukausista, osuudet summatuista "
       "luvuista; vajaa vuosi sisältää vain simuloidut kuukaudet. / Years: flows and euros are "
       "summed, stocks averaged over months, rates computed from summed counts; a partial year "
       "holds only the simulated months.");
  return row;
}

void comparison_sheet(Workbook& wb, const ComparisonTable& t, const std::string& name,
                      const char* period_header, bool annual) {
  lxw_worksheet* ws = wb.sheet(name);
  const char* headers[] = {period_header,
                           "Alue / Area",
                           "Indikaattori / Indicator",
                           "Perus, keskiarvo / Base mean",
                           "Vaihtoehto, keskiarvo / Variant mean",
                           "Erotus, keskiarvo / Difference mean",
                           "Erotus p05 / Difference p05",
                           "Erotus p95 / Difference p95"};
  for (lxw_col_t c = 0; c < 8; ++c) text(ws, 0, c, headers[c], wb.header);
  lxw_row_t row = 1;
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (std::size_t a = 0; a < t.areas.size(); ++a)
      for (std::size_t i = 0; i < t.indicators.size(); ++i) {
        if (row > kMaxRow) break;
        key_cells(ws, row, t.periods[p], t.areas[a], t.indicators[i].name);
        lxw_format* f = value_format(wb, t.indicators[i], annual);
        const ComparisonCell& c = t.at(p, a, i);
        number(ws, row, 3, c.base_mean, f);
        number(ws, row, 4, c.variant_mean, f);
        number(ws, row, 5, c.diff_mean, f);
        number(ws, row, 6, c.diff_p05, f);
        number(ws, row, 7, c.diff_p95, f);
        ++row;
      }
  finish_long_table(ws, row - 1, 7, 14, 18);
}

}  // namespace

std::string worksheet_name(const std::string& wanted, const std::vector<std::string>& taken) {
  std::string base;
  for (const char c : wanted)
    base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  while (!base.empty() && base.front() == '\'') base.erase(0, 1);
  if (base.empty()) base = "Sheet";
  // Cut at 31 characters (not bytes), leaving room for a suffix when needed.
  const auto cut = [](const std::string& s, std::size_t chars) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
        if (count == chars) return s.substr(0, i);
        ++count;
      }
    }
    return s;
  };
  const auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  // Excel refuses a sheet name that begins or ends with an apostrophe, wherever the cut falls.
  const auto trimmed = [](std::string s) {
    while (!s.empty() && s.back() == '\'') s.pop_back();
    return s.empty() ? std::string("Sheet") : s;
  };
  std::set<std::string> used;
  for (const auto& t : taken) used.insert(lower(t));
  std::string name = trimmed(cut(base, 31));
  for (int n = 2; used.count(lower(name)) != 0; ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    name = trimmed(cut(base, 31 - suffix.size())) + suffix;
  }
  return name;
}

void write_results_xlsx(const fs::path& file, const RunReport& run) {
  Workbook wb(file);
  headline_sheet(wb, run);
  budget_sheet(wb, run);
  for (std::size_t a = 0; a < run.annual.areas.size(); ++a) annual_sheet(wb, run, a);
  const bool complete = monthly_sheet(wb, run);
  parameters_sheet(wb, {&run});
  rules_sheet(wb, {&run}, {""});
  lxw_worksheet* about = about_sheet_start(wb);
  lxw_row_t row = provenance_rows(wb, about, 2, run);
  row = method_rows(wb, about, row + 1);
  if (!complete)
    text(about, row + 1, 0,
         "Kaikki indikaattorit eivät mahdu Excelin riveihin: kuukausitaulukossa ovat tiivistelmän ja "
         "budjetin indikaattorit; kaikki rivit: summary.csv. / Not every indicator fits in Excel's "
         "rows: the monthly sheet holds the headline and budget indicators; every row is in "
         "summary.csv.",
         wb.note);
  wb.close();
}

void write_comparison_xlsx(const fs::path& file, const ComparisonReport& cmp) {
  Workbook wb(file);
  headline_comparison_sheet(wb, cmp);
  comparison_sheet(wb, cmp.annual, "Vuosivertailu - Annual diff", "Vuosi / Year", true);
  comparison_sheet(wb, cmp.monthly, "Kuukausivertailu - Monthly diff", "Kuukausi / Month", false);
  parameters_sheet(wb, {cmp.base, cmp.variant});
  rules_sheet(wb, {cmp.base, cmp.variant}, {"Perus / Base", "Vaihtoehto / Variant"});
  lxw_worksheet* about = about_sheet_start(wb);
  lxw_row_t row = 2;
  text(about, row++, 0, "Perus / Base", wb.title);
  row = provenance_rows(wb, about, row, *cmp.base);
  text(about, ++row, 0, "Vaihtoehto / Variant", wb.title);
  row = provenance_rows(wb, about, row + 1, *cmp.variant);
  text(about, ++row, 0, "Vertailu / Comparison", wb.title);
  ++row;
  text(about, row, 0, "Parittaiset toistot / Paired replications", wb.bold);
  worksheet_write_number(about, row++, 1, static_cast<double>(cmp.monthly.paired_replications),
                         nullptr);
  text(about, row, 0, "Erotus / Difference", wb.bold);
  text(about, row++, 1,
       "Vaihtoehto − perus samalla siemenluvulla ja toistolla (yhteiset satunnaisluvut). / Variant "
       "− base with the same seed and replication (common random numbers).");
  for (const auto& n : cmp.notes) {
    text(about, row, 0, "Huomautus / Note", wb.bold);
    text(about, row++, 1, n);
  }
  method_rows(wb, about, row);
  wb.close();
}

const Writer& results_xlsx_writer() {
  static const FileWriter writer(
      "results.xlsx",
      [](const fs::path& file, const RunReport& run, const WriteOptions&) {
        write_results_xlsx(file, run);
      },
      [](const fs::path& file, const ComparisonReport& comparison, const WriteOptions&) {
        write_comparison_xlsx(file, comparison);
      });
  return writer;
}

}  // namespace polku

#include "output/sensitivity_output.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "output/csv.hpp"
#include "output/report_words.hpp"
#include "output/svg_chart.hpp"

namespace polku {

namespace {

using sensitivity::Report;
using sensitivity::Target;

double at(const std::vector<double>& v, std::size_t i) {
  return i < v.size() ? v[i] : std::nan("");
}

double first_of(const Target& t, std::size_t i, int which) {
  if (i >= t.sobol.first.size()) return std::nan("");
  const auto& x = t.sobol.first[i];
  return which == 0 ? x.value : which == 1 ? x.low : x.high;
}

double total_of(const Target& t, std::size_t i, int which) {
  if (i >= t.sobol.total.size()) return std::nan("");
  const auto& x = t.sobol.total[i];
  return which == 0 ? x.value : which == 1 ? x.low : x.high;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(decimals);
  s << v;
  return s.str();
}

std::string design_text(const Report& r, bool finnish) {
  std::string s;
  if (r.sobol)
    s += (finnish ? "Sobol-indeksit: " : "Sobol indices: ") + std::to_string(r.samples) +
         (finnish ? " perusotosta (Saltelli/Jansen), " : " base samples (Saltelli/Jansen), ") +
         std::to_string(r.bootstrap) +
         (finnish ? " bootstrap-otosta (95 % väli)" : " bootstrap resamples (95 % interval)");
  if (r.morris) {
    if (!s.empty()) s += "; ";
    s += (finnish ? "Morris: " : "Morris: ") + std::to_string(r.trajectories) +
         (finnish ? " polkua, 4 tasoa" : " trajectories, 4 levels");
  }
  s += "; " + std::to_string(r.runs) + (finnish ? " simulointia" : " simulations") + ", " +
       std::to_string(r.replications) +
       (finnish ? " toisto(a) pisteessä (yhteiset satunnaisluvut)"
                : " replication(s) per point (common random numbers)");
  return s;
}

}  // namespace

void write_sensitivity_csv(const Report& report, std::ostream& out) {
  std::string buffer =
      "indicator,area,year,parameter,distribution,mean,sd,mu_star,mu,sigma,first_order,"
      "first_order_low,first_order_high,total,total_low,total_high\n";
  for (const auto& t : report.targets)
    for (std::size_t i = 0; i < report.parameters.size(); ++i) {
      append_csv_field(buffer, t.indicator);
      buffer += ',';
      append_csv_field(buffer, t.area);
      buffer += ',' + std::to_string(t.year) + ',';
      append_csv_field(buffer, report.parameters[i]);
      buffer += ',';
      append_csv_field(buffer, report.distributions[i]);
      end_csv_row(buffer,
                  {t.mean, t.sd, at(t.morris.mu_star, i), at(t.morris.mu, i), at(t.morris.sigma, i),
                   first_of(t, i, 0), first_of(t, i, 1), first_of(t, i, 2), total_of(t, i, 0),
                   total_of(t, i, 1), total_of(t, i, 2)},
                  out, "sensitivity.csv");
    }
  flush_csv(buffer, out, "sensitivity.csv");
}

void write_sensitivity_xlsx(const Report& report, const std::filesystem::path& file) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (wb == nullptr) throw std::runtime_error("cannot create " + file.string());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* index = workbook_add_format(wb);
  format_set_num_format(index, "0.000");
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "# ##0.0");

  lxw_worksheet* ws = workbook_add_worksheet(wb, "Herkkyys - Sensitivity");
  const char* headers[] = {"Indikaattori / Indicator",
                           "Alue / Area",
                           "Vuosi / Year",
                           "Parametri / Parameter",
                           "Jakauma / Distribution",
                           "Keskiarvo / Mean",
                           "Keskihajonta / SD",
                           "Morris mu*",
                           "Morris mu",
                           "Morris sigma",
                           "1. kertaluvun / First order",
                           "2,5 %",
                           "97,5 %",
                           "Kokonais / Total",
                           "2,5 %",
                           "97,5 %"};
  for (lxw_col_t c = 0; c < 16; ++c) worksheet_write_string(ws, 0, c, headers[c], bold);
  lxw_row_t row = 1;
  const auto num = [&](lxw_col_t c, double v, lxw_format* f) {
    if (std::isfinite(v)) worksheet_write_number(ws, row, c, v, f);
  };
  for (const auto& t : report.targets)
    for (std::size_t i = 0; i < report.parameters.size(); ++i, ++row) {
      worksheet_write_string(ws, row, 0, t.indicator.c_str(), nullptr);
      worksheet_write_string(ws, row, 1, t.area.c_str(), nullptr);
      worksheet_write_number(ws, row, 2, t.year, nullptr);
      worksheet_write_string(ws, row, 3, report.parameters[i].c_str(), nullptr);
      worksheet_write_string(ws, row, 4, report.distributions[i].c_str(), nullptr);
      num(5, t.mean, amount);
      num(6, t.sd, amount);
      num(7, at(t.morris.mu_star, i), amount);
      num(8, at(t.morris.mu, i), amount);
      num(9, at(t.morris.sigma, i), amount);
      for (int w = 0; w < 3; ++w) num(static_cast<lxw_col_t>(10 + w), first_of(t, i, w), index);
      for (int w = 0; w < 3; ++w) num(static_cast<lxw_col_t>(13 + w), total_of(t, i, w), index);
    }
  worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, 15);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, 1, 24, nullptr);
  worksheet_set_column(ws, 3, 4, 44, nullptr);

  lxw_worksheet* about = workbook_add_worksheet(wb, "Tietoja - About");
  worksheet_set_column(about, 0, 0, 36, nullptr);
  worksheet_set_column(about, 1, 1, 100, nullptr);
  const std::pair<std::string, std::string> rows[] = {
      {"Skenaario / Scenario", report.scenario},
      {"Skenaariotiedosto / Scenario file", report.scenario_file},
      {"Siemenluku / Seed", std::to_string(report.seed)},
      {"Menetelmä", design_text(report, true)},
      {"Method", design_text(report, false)},
      {"Polku-versio / Polku version", report.polku_version},
      {"Luotu (UTC) / Created (UTC)", report.created_utc},
  };
  lxw_row_t r = 0;
  for (const auto& [k, v] : rows) {
    worksheet_write_string(about, r, 0, k.c_str(), bold);
    worksheet_write_string(about, r++, 1, v.c_str(), nullptr);
  }
  ++r;
  worksheet_write_string(about, r++, 0, "Epävarmat parametrit / Uncertain parameters", bold);
  for (std::size_t i = 0; i < report.parameters.size(); ++i) {
    worksheet_write_string(about, r, 0, report.parameters[i].c_str(), nullptr);
    worksheet_write_string(about, r++, 1, report.distributions[i].c_str(), nullptr);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + file.string());
}

namespace {

/// A target indicator's label, from its plugin's declaration (the name when the run lacks it).
std::string target_label(const Report& report, const std::string& name, Lang lang) {
  for (const IndicatorDef& def : report.indicators)
    if (def.name == name) return indicator_label(def, lang);
  return name;
}

/// A tornado chart: one bar per parameter, longest on top; Sobol total index (light) with the
/// first-order index (dark) inside it and the total's interval as a whisker, or Morris mu*.
std::string tornado(const Report& report, const Target& t, Lang lang) {
  const bool finnish = lang == Lang::fi;
  const std::size_t k = report.parameters.size();
  const bool sobol = !t.sobol.total.empty();
  std::vector<double> length(k);
  for (std::size_t i = 0; i < k; ++i)
    length[i] = sobol ? total_of(t, i, 0) : at(t.morris.mu_star, i);
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = std::isfinite(length[a]) ? length[a] : -1.0;
    const double y = std::isfinite(length[b]) ? length[b] : -1.0;
    return x > y;
  });
  double scale = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    if (std::isfinite(length[i])) scale = std::max(scale, length[i]);
    if (sobol && std::isfinite(total_of(t, i, 2))) scale = std::max(scale, total_of(t, i, 2));
  }
  if (sobol) scale = std::max(scale, 1e-9);
  const int label_w = 330, bar_w = 300, row_h = 18, top = 26;
  const int height = top + static_cast<int>(k) * row_h + 24;
  std::ostringstream s;
  const std::string title = target_label(report, t.indicator, lang) + " · " + area_label(t.area, lang) +
                            " · " + std::to_string(t.year);
  s << "<figure class=\"chart\"><svg viewBox=\"0 0 " << label_w + bar_w + 70 << ' ' << height
    << "\" role=\"img\" aria-label=\"" << html_escape(title) << "\">";
  s << "<text class=\"chart-title\" x=\"4\" y=\"16\">" << html_escape(title) << "</text>";
  const auto x_of = [&](double v) {
    return label_w + (scale > 0 ? std::clamp(v / scale, 0.0, 1.0) * bar_w : 0.0);
  };
  for (std::size_t r = 0; r < k; ++r) {
    const std::size_t i = order[r];
    const int y = top + static_cast<int>(r) * row_h;
    s << "<text class=\"axis\" x=\"" << label_w - 6 << "\" y=\"" << y + 12
      << "\" text-anchor=\"end\">" << html_escape(report.parameters[i]) << "</text>";
    if (!std::isfinite(length[i])) continue;
    s << "<rect x=\"" << label_w << "\" y=\"" << y + 2 << "\" width=\"" << x_of(length[i]) - label_w
      << "\" height=\"" << row_h - 5 << "\" fill=\"" << (sobol ? "#9cc3e6" : "#1f5f99") << "\"/>";
    if (sobol) {
      const double f = std::max(0.0, first_of(t, i, 0));
      if (std::isfinite(f))
        s << "<rect x=\"" << label_w << "\" y=\"" << y + 5 << "\" width=\"" << x_of(f) - label_w
          << "\" height=\"" << row_h - 11 << "\" fill=\"#1f5f99\"/>";
      const double lo = total_of(t, i, 1), hi = total_of(t, i, 2);
      if (std::isfinite(lo) && std::isfinite(hi))
        s << "<line class=\"tick\" x1=\"" << x_of(std::max(0.0, lo)) << "\" x2=\"" << x_of(hi)
          << "\" y1=\"" << y + 8 << "\" y2=\"" << y + 8 << "\" stroke=\"#1d2733\"/>";
    }
    s << "<text class=\"axis\" x=\""
      << x_of(sobol ? std::max(length[i], total_of(t, i, 2)) : length[i]) + 4 << "\" y=\"" << y + 12
      << "\">" << (sobol ? fixed(length[i], 2) : display_number(length[i], 0, lang)) << "</text>";
  }
  s << "<text class=\"axis-title\" x=\"" << label_w << "\" y=\"" << height - 6 << "\">"
    << html_escape(sobol ? (finnish ? "Kokonaisindeksi (vaalea, viiva 95 % väli) ja 1. kertaluvun "
                                      "indeksi (tumma)"
                                    : "Total index (light, line 95 % interval) and first-order "
                                      "index (dark)")
                         : (finnish ? "Morris mu* (tavoitteen yksikköä koko vaihteluvälillä)"
                                    : "Morris mu* (target units over the whole range)"))
    << "</text></svg></figure>\n";
  return s.str();
}

}  // namespace

void write_sensitivity_html(const Report& report, std::ostream& out, Lang lang) {
  const bool finnish = lang == Lang::fi;
  const std::string title =
      std::string(finnish ? "Herkkyysanalyysi" : "Sensitivity analysis") + ": " + report.scenario;
  out << "<!DOCTYPE html>\n<html lang=\"" << (finnish ? "fi" : "en")
      << "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\">\n<title>"
      << html_escape(title) << "</title>\n<style>\n"
      << ":root { --ink: #1d2733; --muted: #5b6b7c; --line: #d5dde6; --accent: #1f5f99; }\n"
         "body { margin: 0; font-family: system-ui, -apple-system, \"Segoe UI\", \"DejaVu Sans\", "
         "Arial, sans-serif; color: var(--ink); background: #f6f8fa; line-height: 1.45; }\n"
         "header { background: var(--accent); color: #fff; padding: 20px 32px; }\n"
         "header h1 { margin: 0 0 4px; font-size: 24px; }\nheader p { margin: 2px 0; opacity: "
         ".92; }\nmain { padding: 8px 32px 24px; max-width: 1400px; }\n"
         "h2 { font-size: 19px; margin: 28px 0 6px; border-bottom: 2px solid var(--line); }\n"
         "p.note { color: var(--muted); font-size: 13px; }\n"
         ".charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); "
         "gap: 14px; }\nfigure.chart { margin: 0; background: #fff; border: 1px solid "
         "var(--line); border-radius: 6px; padding: 6px; }\nfigure.chart svg { width: 100%; "
         "height: auto; display: block; }\n.chart-title { font-size: 14px; font-weight: 600; "
         "fill: var(--ink); }\n.axis, .axis-title { font-size: 11px; fill: var(--muted); }\n"
         "table { border-collapse: collapse; font-size: 13px; background: #fff; }\n"
         "th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: right; }\n"
         "th:first-child, td:first-child { text-align: left; }\n</style>\n</head>\n<body>\n";
  out << "<header><h1>" << html_escape(title) << "</h1><p>"
      << html_escape(design_text(report, finnish)) << "</p></header>\n<main>\n";
  out << "<p class=\"note\">"
      << html_escape(
             finnish
                 ? "Kokonaisindeksi kertoo, kuinka suuren osan tuloksen vaihtelusta parametri "
                   "selittää yksin ja yhdessä muiden kanssa; 1. kertaluvun indeksi sen osan, jonka "
                   "se selittää yksin. Parametrit arvotaan jakaumistaan (alla); satunnaisvaihtelu "
                   "pidetään kiinteänä (samat satunnaisluvut joka pisteessä)."
                 : "The total index is the share of the target's variance a parameter explains "
                   "alone and through interactions; the first-order index the share it explains "
                   "alone. Parameters are drawn from their distributions (below); Monte Carlo "
                   "noise is held fixed (the same random numbers at every point).")
      << "</p>\n";
  // One chart per indicator and area: its last year.
  std::map<std::pair<std::string, std::string>, const Target*> last;
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& t : report.targets) {
    const auto key = std::make_pair(t.indicator, t.area);
    if (last.count(key) == 0) keys.push_back(key);
    last[key] = &t;
  }
  std::string indicator;
  for (const auto& key : keys) {
    if (key.first != indicator) {
      if (!indicator.empty()) out << "</div>\n";
      indicator = key.first;
      out << "<h2>" << html_escape(target_label(report, indicator, lang))
          << "</h2>\n<div class=\"charts\">\n";
    }
    out << tornado(report, *last[key], lang);
  }
  if (!indicator.empty()) out << "</div>\n";
  out << "<h2>" << (finnish ? "Epävarmat parametrit" : "Uncertain parameters")
      << "</h2>\n<table><tr><th>" << (finnish ? "Parametri" : "Parameter") << "</th><th>"
      << (finnish ? "Jakauma" : "Distribution") << "</th></tr>\n";
  for (std::size_t i = 0; i < report.parameters.size(); ++i)
    out << "<tr><td>" << html_escape(report.parameters[i]) << "</td><td>"
        << html_escape(report.distributions[i]) << "</td></tr>\n";
  out << "</table>\n<p class=\"note\">" << html_escape(report.scenario_file) << " · seed "
      << report.seed << " · Polku " << html_escape(report.polku_version) << " · "
      << html_escape(report.created_utc) << "</p>\n</main>\n</body>\n</html>\n";
}

}  // namespace polku

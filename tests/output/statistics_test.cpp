// Annual aggregation, paired comparison, comparison.csv and the small helpers of the
// people-facing writers (labels, number display, HTML escaping, sheet names, progress line).
#include "results/statistics.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "output/annual_csv.hpp"
#include "output/comparison_csv.hpp"
#include "output/labels.hpp"
#include "output/progress_line.hpp"
#include "output/report_html.hpp"
#include "output/report_words.hpp"
#include "output/results_xlsx.hpp"
#include "output/svg_chart.hpp"
#include "polku/errors.hpp"
#include "results/run_report.hpp"

using polku::Aggregation;
using polku::Measure;

namespace {

/// Two municipalities A and B, the total; 2024-11 to 2025-02 (two partial years); indicators
/// unemployed (stock), inflow (flow), in_services (stock) and activation_rate = 100 ×
/// in_services / unemployed (ratio). Replication 2 has one more inflow everywhere.
polku::RunResults sample() {
  polku::RunResults r;
  r.scenario = "base";
  r.first_month = 2024 * 12 + 10;  // 2024-11
  r.months = 4;
  r.municipality_count = 2;
  r.areas = {{"A", {0}}, {"B", {1}}, {"total", {0, 1}}};
  r.indicators = {{"unemployed", Aggregation::sum, Measure::stock, 0, 0},
                  {"inflow", Aggregation::sum, Measure::flow, 0, 0},
                  {"in_services", Aggregation::sum, Measure::stock, 0, 0},
                  {"activation_rate", Aggregation::ratio, Measure::stock, 2, 0}};
  // [month][municipality][indicator]; stored ratios are -1: areas recompute them.
  const std::vector<double> first = {10, 2, 1, -1, 20, 4, 3, -1,   // 2024-11
                                     12, 3, 2, -1, 22, 5, 3, -1,   // 2024-12
                                     14, 1, 4, -1, 18, 2, 0, -1,   // 2025-01
                                     16, 0, 0, -1, 16, 6, 4, -1};  // 2025-02
  std::vector<double> second = first;
  for (std::size_t k = 1; k < second.size(); k += 4) second[k] += 1;
  r.replications = {{first}, {second}};
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("years_of splits a run into calendar years, partial ones included", "[output][annual]") {
  const auto years = polku::years_of(sample());
  REQUIRE(years.size() == 2);
  CHECK(years[0].year == 2024);
  CHECK(years[0].first_month == 0);
  CHECK(years[0].months == 2);
  CHECK(years[1].year == 2025);
  CHECK(years[1].first_month == 2);
  CHECK(years[1].months == 2);
}

TEST_CASE("annual values: stocks averaged, flows summed, ratios from annual parts",
          "[output][annual]") {
  const auto r = sample();
  const auto years = polku::years_of(r);
  const auto& a = r.areas[0];
  const auto& total = r.areas[2];
  // Municipality A, 2024: unemployed (10 + 12) / 2, inflow 2 + 3, in services (1 + 2) / 2.
  CHECK(polku::annual_value(r, 0, years[0], a, 0) == 11.0);
  CHECK(polku::annual_value(r, 0, years[0], a, 1) == 5.0);
  CHECK(polku::annual_value(r, 0, years[0], a, 2) == 1.5);
  CHECK(polku::annual_value(r, 0, years[0], a, 3) == Approx(100.0 * 1.5 / 11.0));
  // Total, 2024: unemployed mean(30, 34) = 32, inflow 6 + 8, in services mean(4, 5) = 4.5.
  CHECK(polku::annual_value(r, 0, years[0], total, 0) == 32.0);
  CHECK(polku::annual_value(r, 0, years[0], total, 1) == 14.0);
  CHECK(polku::annual_value(r, 0, years[0], total, 3) == 100.0 * 4.5 / 32.0);
  // Total, 2025: in services mean(4, 4) over unemployed mean(32, 32); not a mean of monthly rates.
  CHECK(polku::annual_value(r, 0, years[1], total, 3) == 12.5);
  CHECK(polku::annual_value(r, 1, years[1], total, 1) == 9.0 + 4.0);

  SECTION("a zero denominator makes the annual ratio missing") {
    auto z = sample();
    for (std::size_t k = 0; k < z.replications[0].values.size(); k += 4)
      z.replications[0].values[k] = 0;
    CHECK(std::isnan(polku::annual_value(z, 0, years[0], total, 3)));
  }
}

TEST_CASE("annual.csv: header, order and quantiles across replications", "[output][annual]") {
  std::ostringstream out;
  polku::write_annual_csv(sample(), out);
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 1 + 2 * 3 * 4);
  CHECK(lines[0] == "scenario,year,area,indicator,mean,p05,p50,p95");
  CHECK(lines[1] == "base,2024,A,unemployed,11,11,11,11");
  // Total inflow 2024: 14 and 18 in the two replications.
  CHECK(lines[10] == "base,2024,total,inflow,16,14.2,16,17.8");
  CHECK(lines[12] == "base,2024,total,activation_rate,14.0625,14.0625,14.0625,14.0625");
  CHECK(lines[13].starts_with("base,2025,A,unemployed,15,"));

  const auto table = polku::annual_summary(sample());
  CHECK(table.periods == std::vector<std::string>{"2024", "2025"});
  CHECK(table.at(0, 2, 1).p05 == Approx(14.2));
  CHECK(table.indicator_index("inflow") == 1);
  CHECK(table.indicator_index("nope") == polku::SummaryTable::npos);
}

TEST_CASE("comparison pairs replications and matches areas and indicators by name",
          "[output][compare]") {
  const auto base = sample();
  auto variant = sample();
  variant.scenario = "variant";
  variant.indicators[1].name = "outflow";
  variant.areas[1].name = "C";
  // Unemployed +5 per municipality in replication 1, +7 in replication 2.
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t k = 0; k < variant.replications[r].values.size(); k += 4)
      variant.replications[r].values[k] += r == 0 ? 5 : 7;

  const auto t = polku::compare_monthly(base, variant);
  CHECK(t.paired_replications == 2);
  CHECK(t.areas == std::vector<std::string>{"A", "total"});
  REQUIRE(t.indicators.size() == 3);
  CHECK(t.indicators[0].name == "unemployed");
  CHECK(t.indicators[2].name == "activation_rate");
  CHECK(t.skipped_indicators ==
        std::vector<std::string>{"inflow (base only)", "outflow (variant only)"});
  CHECK(t.skipped_areas == std::vector<std::string>{"B (base only)", "C (variant only)"});

  const auto& c = t.at(0, 1, 0);  // 2024-11, total, unemployed: +10 and +14
  CHECK(c.base_mean == 30.0);
  CHECK(c.variant_mean == 42.0);
  CHECK(c.diff_mean == 12.0);
  CHECK(c.diff_p05 == Approx(10.2));
  CHECK(c.diff_p95 == Approx(13.8));

  std::ostringstream out;
  polku::write_comparison_csv(t, out);
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 1 + 4 * 2 * 3);
  CHECK(lines[0] == "month,area,indicator,base_mean,variant_mean,diff_mean,diff_p05,diff_p95");
  CHECK(lines[4].starts_with("2024-11,total,unemployed,30,42,12,10.2"));

  SECTION("annual comparison uses annual values") {
    const auto y = polku::compare_annual(base, variant);
    CHECK(y.periods == std::vector<std::string>{"2024", "2025"});
    CHECK(y.at(0, 1, 0).diff_mean == 12.0);  // a stock: the mean of monthly differences
  }
  SECTION("unequal replication counts pair the first ones") {
    variant.replications.push_back(variant.replications[0]);
    CHECK(polku::compare_monthly(base, variant).paired_replications == 2);
  }
}

TEST_CASE("parameters flatten to key paths with typed leaves", "[output]") {
  const auto j = nlohmann::json::parse(
      R"({"seed": 7, "modules": {"exit": {"rates": [0.5, 0.25], "on": true}}, "empty": {}})");
  const auto flat = polku::flatten_parameters(j);
  REQUIRE(flat.size() == 5);
  CHECK(flat[0].first == "empty");
  CHECK(flat[1].first == "modules.exit.on");
  CHECK(flat[2].first == "modules.exit.rates[0]");
  CHECK(flat[2].second == 0.5);
  CHECK(flat[4].first == "seed");
}

TEST_CASE("areas are read total first, and an area of every municipality stands for the total",
          "[output]") {
  polku::RunResults r;
  r.municipality_count = 3;
  r.areas = {{"A", {0}}, {"B", {1}}, {"C", {2}}, {"East", {0, 1}}, {"total", {0, 1, 2}}};
  const std::vector<std::string> names = {"A", "B", "C", "East", "total"};
  CHECK(polku::reading_order(names, r, 40) == std::vector<std::size_t>{4, 3, 0, 1, 2});
  CHECK(polku::reading_order(names, r, 2) == std::vector<std::size_t>{4, 3});
  // One employment area of all three: its rows are the total's, shown once under its name.
  r.areas[3] = {"Whole", {0, 1, 2}};
  const std::vector<std::string> whole = {"A", "B", "C", "Whole", "total"};
  CHECK(polku::reading_order(whole, r, 40) == std::vector<std::size_t>{3, 0, 1, 2});
}

TEST_CASE("report language and labels", "[output]") {
  CHECK(polku::parse_lang("fi") == polku::Lang::fi);
  CHECK(polku::parse_lang("en") == polku::Lang::en);
  CHECK_THROWS_AS(polku::parse_lang("sv"), polku::InputError);
  // Labels and units are the declaration's; an undeclared indicator shows its name, no unit.
  polku::IndicatorDef share{.name = "municipal_share_eur", .measure = polku::Measure::flow};
  share.description = {.name = "municipal_share_eur",
                       .measure = polku::IndicatorMeasure::euros,
                       .unit_fi = "€",
                       .unit_en = "€",
                       .label_fi = "Kuntaosuus",
                       .label_en = "Municipal share"};
  share.described = true;
  CHECK(polku::bilingual_indicator_label(share) == "Kuntaosuus / Municipal share");
  CHECK(polku::bilingual_indicator_unit(share) == "€");
  CHECK(polku::indicator_label_with_unit(share, polku::Lang::fi) == "Kuntaosuus (€)");
  CHECK(share.euros());
  const polku::IndicatorDef brand_new{.name = "brand_new_eur"};
  CHECK(polku::indicator_label(brand_new, polku::Lang::fi) == "brand_new_eur");
  CHECK(polku::indicator_unit(brand_new, polku::Lang::fi).empty());
  CHECK_FALSE(brand_new.euros());
  CHECK(polku::area_label("total", polku::Lang::en) == "Total");
}

TEST_CASE("numbers for people and HTML escaping", "[output][html]") {
  using polku::display_number;
  CHECK(display_number(12444.5, 1, polku::Lang::fi) == "12\u00a0444,5");
  CHECK(display_number(12444.5, 1, polku::Lang::en) == "12,444.5");
  CHECK(display_number(-1234567, 0, polku::Lang::en) == "\u22121,234,567");
  CHECK(display_number(-0.01, 1, polku::Lang::en) == "0.0");
  CHECK(display_number(std::nan(""), 0, polku::Lang::fi) == "–");
  CHECK(polku::html_escape(R"(<a href="x">Tom & 'Jerry'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}

TEST_CASE("worksheet names are valid and unique", "[output][xlsx]") {
  CHECK(polku::worksheet_name("Oulu", {}) == "Oulu");
  CHECK(polku::worksheet_name("a/b[c]:d*e?f\\g", {}) == "a_b_c__d_e_f_g");
  CHECK(polku::worksheet_name("oulu", {"Oulu"}) == "oulu (2)");
  const std::string long_name(40, 'x');
  CHECK(polku::worksheet_name(long_name, {}).size() == 31);
  CHECK(polku::worksheet_name(long_name, {std::string(31, 'x')}) == std::string(27, 'x') + " (2)");
  // 31 characters, not bytes: "ä" is two bytes in UTF-8.
  std::string nordic;
  for (int i = 0; i < 40; ++i) nordic += "ä";
  CHECK(polku::worksheet_name(nordic, {}).size() == 31 * 2);
}

TEST_CASE("progress line: throttled, rewritten in place, silent when disabled",
          "[output][progress]") {
  polku::ProgressState s{1, 4, 1000, 4000, 2.0};
  CHECK(polku::progress_text("tiny", s) ==
        "polku: tiny: 1/4 replications, 1 000/4 000 days, 500 days/s, about 6 s left");

  std::ostringstream out;
  {
    polku::ProgressLine line(out, "tiny", true, 0.5);
    line.update({0, 4, 10, 4000, 0.1});  // too early: nothing yet
    CHECK(out.str().empty());
    line.update({0, 4, 100, 4000, 0.6});
    CHECK(out.str().starts_with("\rpolku: tiny: 0/4 replications"));
    const auto shown = out.str().size();
    line.update({0, 4, 150, 4000, 0.9});  // within 0.5 s of the last line
    CHECK(out.str().size() == shown);
    line.update({4, 4, 4000, 4000, 1.0});  // the end is always shown once a line is up
    CHECK(out.str().find("4/4 replications") != std::string::npos);
  }
  CHECK(out.str().ends_with("\r"));  // cleared at the end

  std::ostringstream quiet;
  {
    polku::ProgressLine line(quiet, "tiny", false);
    line.update({4, 4, 4000, 4000, 10.0});
    line.show("writing report.html (1/2)");
  }
  CHECK(quiet.str().empty());

  // While the outputs are written, the line names the file, shorter lines blanking longer ones.
  std::ostringstream writing;
  {
    polku::ProgressLine line(writing, "tiny", true);
    line.show("writing results.sqlite (2/9)");
    CHECK(writing.str() == "\rpolku: tiny: writing results.sqlite (2/9)");
    line.show("writing x (3/9)");
    CHECK(writing.str().ends_with("\rpolku: tiny: writing x (3/9)" + std::string(13, ' ')));
  }
  CHECK(writing.str().ends_with("\r"));
}

TEST_CASE("charts of a series that varies only in its last bits are drawn, not looped over",
          "[output][html]") {
  // A regression: tick generation stepped by repeated addition and never ended when the range
  // was below the resolution of the values.
  polku::RunResults r = sample();
  for (auto& replication : r.replications)
    for (std::size_t k = 0; k < replication.values.size(); k += 4)
      replication.values[k] = 100000.0 + 1e-10 * static_cast<double>(k);
  const auto report = polku::make_run_report(r, {}, nlohmann::json::object(), {});
  std::ostringstream html;
  polku::write_report_html(html, report, polku::Lang::en);
  CHECK(html.str().size() < 2'000'000);
  CHECK_THAT(html.str(), Catch::Contains("<svg"));
}

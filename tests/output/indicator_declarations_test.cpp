// Every indicator is declared by a plugin with its measure, unit and labels, and the outputs show
// what is declared: the scenarios' indicators all have declarations, the declarations are
// consistent, and the report gives every declared indicator its declared unit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine/indicator_descriptions.hpp"
#include "engine/replication.hpp"
#include "engine/runner.hpp"
#include "output/labels.hpp"
#include "output/report_html.hpp"
#include "output/svg_chart.hpp"
#include "plugin_host/plugin_host.hpp"
#include "results/run_report.hpp"
#include "scenario/load.hpp"

using namespace polku;

namespace {

std::vector<const PluginDescriptor*> all_plugins(PluginHost& host) {
  std::vector<const PluginDescriptor*> out;
  for (const auto& name : host.available())
    if (name != "abi_mismatch" && name != "other_headers") out.push_back(host.load(name).descriptor);
  return out;
}

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto* dir : {POLKU_TEST_SCENARIO_DIR, POLKU_SOURCE_DIR "/scenarios"})
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".yaml" && entry.path().stem() != "external_plugin")
        files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

/// The service kinds of the built-in service plugins, as they register themselves.
std::vector<ServiceKindInfo> builtin_kinds() {
  PluginHost host(PluginHost::default_search_path({}));
  const Scenario scenario =
      load_scenario(std::filesystem::path(POLKU_SOURCE_DIR) / "scenarios/oulu-2025.yaml", {}, host);
  const auto modules = order_modules(scenario, host);
  const Replication replication(scenario, modules, 0);
  const auto kinds = replication.service_kinds();
  return {kinds.begin(), kinds.end()};
}

}  // namespace

TEST_CASE("every indicator of the test and main scenarios is declared by a plugin",
          "[output][indicators]") {
  const auto files = scenario_files();
  REQUIRE(files.size() >= 10);
  std::set<std::string> seen;
  for (const auto& file : files) {
    INFO(file.string());
    PluginHost host(PluginHost::default_search_path({}));
    const Scenario scenario = load_scenario(file, {}, host);
    const auto modules = order_modules(scenario, host);
    // Declarations are attached when the modules declare themselves; a missing one throws.
    const Replication replication(scenario, modules, 0);
    for (const IndicatorDef& def : replication.indicators()) {
      INFO(def.name);
      CHECK(def.described);
      CHECK_FALSE(def.declared_by.empty());
      CHECK_FALSE(def.description.label_fi.empty());
      CHECK_FALSE(def.description.label_en.empty());
      CHECK_FALSE(def.description.unit_fi.empty());
      CHECK_FALSE(def.description.unit_en.empty());
      // No raw code in a label: labels are words, not snake_case names.
      CHECK(def.description.label_en.find('_') == std::string::npos);
      CHECK(def.description.label_fi.find('_') == std::string::npos);
      seen.insert(def.name);
    }
  }
  // The contracted names (design brief) are among them.
  for (const char* name :
       {"jobseekers", "unemployed", "long_term_unemployed", "inflow", "exits_to_employment",
        "in_services", "activation_rate", "counsellor_fte", "caseload_per_counsellor",
        "meetings_due", "meetings_held", "plan_backlog", "benefit_days_paid",
        "benefit_expenditure_eur", "municipal_share_eur", "state_share_eur", "service_cost_eur",
        "state_compensation_eur", "net_municipal_cost_eur", "in_service.coaching"})
    CHECK(seen.count(name) == 1);
}

TEST_CASE("an indicator without a declaration, or registered against it, is refused",
          "[output][indicators]") {
  PluginDescriptor plugin;
  plugin.name = "example";
  plugin.indicators = {{.name = "stock_of_people",
                        .measure = IndicatorMeasure::stock,
                        .unit_fi = "henkilöä",
                        .unit_en = "persons",
                        .label_fi = "Ihmiset",
                        .label_en = "People"},
                       {.name = "cost_eur.",
                        .measure = IndicatorMeasure::euros,
                        .unit_fi = "€",
                        .unit_en = "€",
                        .label_fi = "Kulut",
                        .label_en = "Costs",
                        .parts = {{"staff", "henkilöstö", "staff"}}}};
  const PluginDescriptor* plugins[] = {&plugin};
  const std::vector<ServiceKindInfo> kinds = {
      {.name = "coaching", .id = 2, .label_fi = "valmennus", .label_en = "coaching"}};

  IndicatorDef ok{.name = "stock_of_people", .measure = Measure::stock};
  describe_indicator(ok, plugins, kinds);
  CHECK(ok.described);
  CHECK(indicator_label(ok, Lang::fi) == "Ihmiset");
  CHECK(indicator_unit(ok, Lang::en) == "persons");
  CHECK(ok.declared_by == "example");

  IndicatorDef part{.name = "cost_eur.staff", .measure = Measure::flow};
  describe_indicator(part, plugins, kinds);
  CHECK(indicator_label(part, Lang::en) == "Costs: staff");
  CHECK(part.euros());
  IndicatorDef kind{.name = "cost_eur.coaching", .measure = Measure::flow};
  describe_indicator(kind, plugins, kinds);
  CHECK(indicator_label(kind, Lang::fi) == "Kulut: valmennus");

  IndicatorDef missing{.name = "unheard_of", .measure = Measure::stock};
  CHECK_THROWS_WITH(describe_indicator(missing, plugins, kinds),
                    Catch::Contains("no plugin of the run declares it"));
  IndicatorDef unknown_member{.name = "cost_eur.rent", .measure = Measure::flow};
  CHECK_THROWS_WITH(describe_indicator(unknown_member, plugins, kinds),
                    Catch::Contains("no label for 'rent'"));
  IndicatorDef wrong_measure{.name = "stock_of_people", .measure = Measure::flow};
  CHECK_THROWS_WITH(describe_indicator(wrong_measure, plugins, kinds),
                    Catch::Contains("declared by plugin 'example' as stock"));
  IndicatorDef as_ratio{.name = "stock_of_people", .aggregation = Aggregation::ratio};
  CHECK_THROWS(describe_indicator(as_ratio, plugins, kinds));
}

TEST_CASE("the declarations of every plugin are consistent", "[output][indicators]") {
  PluginHost host(PluginHost::default_search_path({}));
  const auto plugins = all_plugins(host);
  REQUIRE(plugins.size() >= 15);
  std::map<std::string, const IndicatorSpec*> by_name;
  for (const PluginDescriptor* plugin : plugins)
    for (const IndicatorSpec& spec : plugin->indicators) {
      INFO(plugin->name << ": " << spec.name);
      CHECK(declaration_problems(spec).empty());
      for (const auto& problem : declaration_problems(spec)) UNSCOPED_INFO(problem);
      // Declared by several plugins (net_municipal_cost_eur): the same words and unit.
      const auto [it, fresh] = by_name.emplace(spec.name, &spec);
      if (!fresh) {
        CHECK(it->second->label_fi == spec.label_fi);
        CHECK(it->second->label_en == spec.label_en);
        CHECK(it->second->unit_fi == spec.unit_fi);
        CHECK(it->second->unit_en == spec.unit_en);
        CHECK(it->second->measure == spec.measure);
      }
    }
  // The check itself finds the mistakes the outputs once made.
  IndicatorSpec euros_as_persons{.name = "service_cost_eur.",
                                 .measure = IndicatorMeasure::flow,
                                 .unit_fi = "henkilöä",
                                 .unit_en = "persons",
                                 .label_fi = "Palvelukustannukset",
                                 .label_en = "Service costs"};
  CHECK_FALSE(declaration_problems(euros_as_persons).empty());
  IndicatorSpec caseload_as_percent{.name = "caseload_per_counsellor",
                                    .measure = IndicatorMeasure::stock,
                                    .unit_fi = "%",
                                    .unit_en = "%",
                                    .label_fi = "Asiakkaita",
                                    .label_en = "Caseload"};
  CHECK_FALSE(declaration_problems(caseload_as_percent).empty());
}

TEST_CASE("the report shows every declared indicator with its declared unit",
          "[output][indicators][html]") {
  PluginHost host(PluginHost::default_search_path({}));
  const auto plugins = all_plugins(host);
  const auto kinds = builtin_kinds();
  // One indicator for every declaration, every member of a family (listed parts and the
  // service kinds), each with values in one month.
  RunResults results;
  results.scenario = "units";
  results.first_month = month_index(day_from_ymd(2025, 1, 1));
  results.months = 2;
  results.municipality_count = 1;
  results.areas = {{"Alpha", {0}}, {"total", {0}}};
  const auto add = [&](const std::string& name, IndicatorMeasure measure) {
    for (const auto& d : results.indicators)
      if (d.name == name) return;
    IndicatorDef def{.name = name,
                     .measure = measure == IndicatorMeasure::stock ? Measure::stock
                                                                   : Measure::flow};
    if (measure == IndicatorMeasure::ratio) {
      def.aggregation = Aggregation::ratio;
      def.numerator = 0;
      def.denominator = 0;
    }
    describe_indicator(def, plugins, kinds);
    results.indicators.push_back(def);
  };
  for (const PluginDescriptor* plugin : plugins)
    for (const IndicatorSpec& spec : plugin->indicators) {
      if (!spec.is_family()) {
        add(spec.name, spec.measure);
        continue;
      }
      for (const auto& part : spec.parts) add(spec.name + part.suffix, spec.measure);
      if (spec.name.find("service_cost") != std::string::npos)
        for (const auto& kind : kinds) add(spec.name + kind.name, spec.measure);
    }
  REQUIRE(results.indicators.size() > 100);
  results.replications.resize(1);
  results.replications[0].values.assign(results.months * results.indicators.size(), 0.0);
  for (std::size_t i = 0; i < results.indicators.size(); ++i)
    results.replications[0].values[i] = 1.0 + static_cast<double>(i);

  const RunReport report = make_run_report(results, {}, nlohmann::json::object(), {});
  for (const Lang lang : {Lang::fi, Lang::en}) {
    std::ostringstream out;
    write_report_html(out, report, lang);
    const std::string html = out.str();
    // Each chart: <title>label</title> ... (unit) in the title line, and the unit above the axis.
    std::map<std::string, std::string> unit_in_title, unit_on_axis;
    const std::regex chart(
        "<title>([^<]*)</title><text class=\"chart-title\"[^>]*>[^<]*"
        "(?:<tspan class=\"unit\">\\(([^<]*)\\)</tspan>)?</text>");
    for (std::sregex_iterator it(html.begin(), html.end(), chart), end; it != end; ++it)
      unit_in_title[(*it)[1]] = (*it)[2];
    const std::regex axis(
        "<title>([^<]*)</title>(?:(?!</svg>).)*?<text class=\"axis-title y-unit\"[^>]*>([^<]*)<");
    for (std::sregex_iterator it(html.begin(), html.end(), axis), end; it != end; ++it)
      unit_on_axis[(*it)[1]] = (*it)[2];
    for (const IndicatorDef& def : results.indicators) {
      const std::string label = html_escape(indicator_label(def, lang));
      const std::string unit = html_escape(indicator_unit(def, lang));
      INFO(def.name << " (" << (lang == Lang::fi ? "fi" : "en") << "): " << label);
      REQUIRE(unit_in_title.count(label) == 1);
      CHECK(unit_in_title[label] == unit);
      CHECK(unit_on_axis[label] == unit);
      // The annual table's row names the same unit.
      CHECK(html.find("<tr><td>" + label + " (" + unit + ")</td>") != std::string::npos);
      // And the unit fits the measure: euros in €, a percentage only for ratios.
      if (def.euros()) CHECK(unit == "€");
      if (unit == "%") CHECK(def.aggregation == Aggregation::ratio);
    }
  }
}

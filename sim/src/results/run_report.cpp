#include "results/run_report.hpp"

#include <algorithm>
#include <cmath>

namespace polku {

namespace {

void flatten_into(const nlohmann::json& node, const std::string& path,
                  std::vector<std::pair<std::string, nlohmann::json>>& out) {
  if (node.is_object() && !node.empty()) {
    for (auto it = node.begin(); it != node.end(); ++it)
      flatten_into(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
  } else if (node.is_array() && !node.empty()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      flatten_into(node[i], path + "[" + std::to_string(i) + "]", out);
  } else {
    out.emplace_back(path, node);
  }
}

}  // namespace

std::string RunReport::rule_sources() const {
  std::string s;
  for (const auto& p : plugins) {
    if (!s.empty()) s += ", ";
    s += p.name + " " + p.version;
  }
  for (const auto& t : rule_tables) {
    if (!s.empty()) s += ", ";
    s += t.name + " (" + t.source + ")";
  }
  return s;
}

bool any_caveat(const std::vector<const Caveats*>& caveats, bool Caveats::*flag) {
  return std::any_of(caveats.begin(), caveats.end(), [&](const Caveats* c) { return c->*flag; });
}

std::string interval_kind_text(std::size_t uncertain_parameters, bool finnish) {
  if (uncertain_parameters == 0)
    return finnish ? "5–95 % toistojen välillä: vain satunnaisvaihtelu (oletusarvoiset parametrit)"
                   : "5–95 % across replications: Monte Carlo variation only (parameters at their "
                     "values)";
  const std::string n = std::to_string(uncertain_parameters);
  return finnish ? "5–95 % toistojen välillä: satunnaisvaihtelu ja parametrien epävarmuus (" + n +
                       " oletusta arvottu kullekin toistolle)"
                 : "5–95 % across replications: Monte Carlo variation and parameter uncertainty "
                   "(" +
                       n + " assumptions drawn for each replication)";
}

RunReport make_run_report(const RunResults& results, Provenance provenance,
                          nlohmann::json parameters, std::vector<PluginDoc> plugins) {
  RunReport r;
  r.results = &results;
  r.monthly = monthly_summary(results);
  r.annual = annual_summary(results);
  r.provenance = std::move(provenance);
  r.parameters = std::move(parameters);
  r.plugins = std::move(plugins);
  return r;
}

std::vector<std::pair<std::string, nlohmann::json>> flatten_parameters(
    const nlohmann::json& parameters) {
  std::vector<std::pair<std::string, nlohmann::json>> out;
  flatten_into(parameters, "", out);
  return out;
}

const std::vector<std::string>& headline_indicators() {
  static const std::vector<std::string> names = {
      "net_municipal_cost_eur", "municipal_share_eur",  "service_cost_eur",
      "unemployed",             "long_term_unemployed", "activation_rate",
      "caseload_per_counsellor"};
  return names;
}

std::vector<std::size_t> reading_order(const std::vector<std::string>& names,
                                       const RunResults& results,
                                       std::size_t max_municipalities) {
  const std::size_t municipality_count = results.municipality_count;
  const auto whole_run = [&](const std::string& name) {
    for (std::size_t a = municipality_count; a < results.areas.size(); ++a)
      if (results.areas[a].name == name && name != "total")
        return results.areas[a].members.size() == municipality_count;
    return false;
  };
  const bool area_is_total =
      std::any_of(names.begin(), names.end(), [&](const auto& n) { return whole_run(n); });
  std::vector<std::size_t> order;
  for (std::size_t a = 0; a < names.size(); ++a)
    if (names[a] == "total" && !area_is_total) order.push_back(a);
  for (std::size_t a = municipality_count; a < names.size(); ++a)
    if (names[a] != "total") order.push_back(a);
  if (municipality_count <= max_municipalities)
    for (std::size_t a = 0; a < municipality_count && a < names.size(); ++a) order.push_back(a);
  return order;
}

bool all_zero(const SummaryTable& table, std::size_t area, std::size_t indicator) {
  const auto zero = [](double v) { return v == 0.0 || std::isnan(v); };
  for (std::size_t p = 0; p < table.periods.size(); ++p) {
    const Quantiles& q = table.at(p, area, indicator);
    if (!zero(q.mean) || !zero(q.p05) || !zero(q.p95)) return false;
  }
  return true;
}

}  // namespace polku

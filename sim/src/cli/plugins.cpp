// `polku plugins`: the available policy modules and their parameters, as text or JSON.
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "polku/errors.hpp"

namespace polku::cli {

namespace {

const char* group_text(IndicatorGroup g) {
  switch (g) {
    case IndicatorGroup::jobseekers: return "jobseekers";
    case IndicatorGroup::activation: return "activation";
    case IndicatorGroup::services: return "services";
    case IndicatorGroup::finance: return "finance";
    case IndicatorGroup::flows: return "flows";
    case IndicatorGroup::counselling: return "counselling";
    case IndicatorGroup::benefits: return "benefits";
    case IndicatorGroup::other: return "other";
  }
  return "?";
}

nlohmann::ordered_json describe(const LoadedPlugin& plugin) {
  const auto& d = *plugin.descriptor;
  nlohmann::ordered_json j;
  j["name"] = d.name;
  j["version"] = d.version;
  j["description"] = d.description;
  j["priority"] = d.priority;
  j["file"] = plugin.file.string();
  j["parameters"] = nlohmann::ordered_json::array();
  for (const auto& p : d.parameters) {
    nlohmann::ordered_json param;
    param["name"] = p.name;
    param["type"] = to_string(p.type);
    param["default"] = p.default_yaml;
    param["unit"] = p.unit;
    param["min"] = p.min ? nlohmann::ordered_json(*p.min) : nlohmann::ordered_json(nullptr);
    param["max"] = p.max ? nlohmann::ordered_json(*p.max) : nlohmann::ordered_json(nullptr);
    param["doc"] = p.doc;
    if (!p.choices.empty()) param["choices"] = p.choices;
    param["law"] = p.law;
    param["lever"] = p.lever;
    if (p.uncertainty) param["uncertainty"] = p.uncertainty->describe(std::nan(""));
    j["parameters"].push_back(std::move(param));
  }
  j["indicators"] = nlohmann::ordered_json::array();
  for (const auto& spec : d.indicators) {
    nlohmann::ordered_json ind;
    ind["name"] = spec.name;
    ind["family"] = spec.is_family();
    ind["measure"] = to_string(spec.measure);
    ind["unit"] = {{"fi", spec.unit_fi}, {"en", spec.unit_en}};
    ind["label"] = {{"fi", spec.label_fi}, {"en", spec.label_en}};
    ind["group"] = group_text(spec.group);
    ind["decimals"] = spec.decimals;
    if (!spec.parts.empty()) {
      ind["parts"] = nlohmann::ordered_json::array();
      for (const auto& part : spec.parts)
        ind["parts"].push_back(
            {{"suffix", part.suffix}, {"label", {{"fi", part.label_fi}, {"en", part.label_en}}}});
    }
    j["indicators"].push_back(std::move(ind));
  }
  return j;
}

/// A declared indicator's name as listed: a family shows its members' pattern.
std::string indicator_name(const IndicatorSpec& spec) {
  return spec.is_family() ? spec.name + "*" : spec.name;
}

std::string range_text(const ParamSpec& p) {
  const std::string bounds = bounds_text(p);
  return bounds.empty() ? "" : " in " + bounds;
}

}  // namespace

int command_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()("json", "print JSON");
  const auto vm = parse(args, options, "", 0);
  PluginHost host = make_host(vm, err);

  std::vector<const LoadedPlugin*> loaded;
  std::vector<Problem> problems;
  for (const auto& name : host.available()) {
    try {
      loaded.push_back(&host.load(name));
    } catch (const PluginError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (vm.count("json") != 0) {
    auto list = nlohmann::ordered_json::array();
    for (const auto* p : loaded) list.push_back(describe(*p));
    out << list.dump(2) << '\n';
  } else {
    for (const auto* p : loaded) {
      const auto& d = *p->descriptor;
      out << d.name << ' ' << d.version << "  (priority " << d.priority << ")\n  " << d.description
          << '\n';
      for (const auto& param : d.parameters) {
        out << "    " << param.name << " : " << to_string(param.type) << " = "
            << param.default_yaml;
        if (!param.unit.empty()) out << " [" << param.unit << ']';
        out << range_text(param) << "\n        " << param.doc << '\n';
        if (param.uncertainty)
          out << "        uncertain: " << param.uncertainty->describe(std::nan(""))
              << (param.type == ParamType::real || param.type == ParamType::integer
                      ? ""
                      : " (a factor on every element)")
              << '\n';
      }
      if (!d.indicators.empty()) out << "  indicators:\n";
      for (const auto& spec : d.indicators) {
        out << "    " << indicator_name(spec) << " : " << to_string(spec.measure) << " ["
            << spec.unit_en << "]  " << spec.label_en << " / " << spec.label_fi << "  ("
            << group_text(spec.group) << ")\n";
        if (!spec.parts.empty()) {
          out << "        members:";
          for (const auto& part : spec.parts) out << ' ' << part.suffix;
          out << '\n';
        }
      }
    }
  }
  if (!problems.empty()) throw PluginError(std::move(problems));
  (void)err;
  return 0;
}

}  // namespace polku::cli

#include "scenario/load.hpp"

#include "polku/errors.hpp"

namespace polku {

namespace {

Scenario load_one(const std::filesystem::path& file, const std::vector<Override>& overrides,
                  PluginHost& plugins);

/// The scenario a warm-up runs with: the named file (default: this one) with the run's overrides
/// of dates, seed and replication count but without those of module parameters, so that a
/// module parameter changed on the command line takes effect from the planning start. Its
/// warm-up must begin on the same day.
void load_warm_up(Scenario& scenario, const std::filesystem::path& file,
                  const std::vector<Override>& overrides, PluginHost& plugins) {
  WarmUp& warm = *scenario.warm_up;
  if (warm.scenario_file.empty()) warm.scenario_file = file;
  std::vector<Override> kept;
  for (const auto& o : overrides)
    if (o.in_warm_up || !o.assignment.starts_with("modules.")) kept.push_back(o);
  std::error_code ec;
  const bool self = std::filesystem::equivalent(warm.scenario_file, file, ec);
  Scenario base;
  if (self && kept.size() == overrides.size()) {
    base = scenario;
  } else {
    if (!std::filesystem::exists(warm.scenario_file, ec))
      throw ConfigError(warm.where, "warm_up.scenario",
                        "no such scenario file: " + warm.scenario_file.string());
    base = load_one(warm.scenario_file, kept, plugins);
  }
  if (!base.warm_up || base.start != scenario.start || base.report_from != scenario.report_from)
    throw ConfigError(warm.where, "warm_up",
                      "the warm-up scenario " + warm.scenario_file.string() +
                          " must have the same warm_up.from and start as this one (" +
                          iso_date(scenario.start) + ", " + iso_date(scenario.report_from) + ")");
  base.warm_up->scenario.reset();
  warm.scenario = std::make_shared<const Scenario>(std::move(base));
}

Scenario load_one(const std::filesystem::path& file, const std::vector<Override>& overrides,
                  PluginHost& plugins) {
  ConfigNode tree = load_scenario_tree(file);
  for (const auto& o : overrides) apply_override(tree, o.assignment, o.origin);

  const SchemaLookup schema_of = [&](const std::string& name) -> const std::vector<ParamSpec>* {
    if (!plugins.has(name)) return nullptr;
    return &plugins.load(name).descriptor->parameters;
  };
  Scenario scenario = validate_scenario(tree, file, schema_of, plugins.available());

  // Checks that span several parameters of one module, declared by the plugin itself.
  std::vector<Problem> problems;
  const ConfigNode* modules = scenario.resolved.find("modules");
  for (const auto& spec : scenario.modules) {
    const auto* descriptor = plugins.load(spec.plugin).descriptor;
    if (descriptor->check == nullptr) continue;
    const ConfigNode* node = modules != nullptr ? modules->find(spec.plugin) : nullptr;
    const SourceLocation where = node != nullptr ? node->where : SourceLocation{file.string()};
    for (auto& message : descriptor->check(spec.params))
      problems.push_back({where, "modules." + spec.plugin, std::move(message)});
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return scenario;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides,
                       PluginHost& plugins) {
  Scenario scenario = load_one(file, overrides, plugins);
  if (scenario.warm_up) load_warm_up(scenario, file, overrides, plugins);
  return scenario;
}

}  // namespace polku

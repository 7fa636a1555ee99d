#include "scenario/load.hpp"

#include "polku/errors.hpp"

namespace polku {

Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides,
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

}  // namespace polku

// What the fuzz targets share: the built-in plugins' parameter schemas, loaded once, and the
// validation a scenario goes through before a run (the same steps as load_scenario, minus files).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plugin_host/plugin_host.hpp"
#include "scenario/scenario.hpp"

namespace polku::fuzz {

/// The plugins found on the default search path (the build tree's plugins), all loaded up front so
/// that validating an input touches no files.
class BuiltinPlugins {
 public:
  BuiltinPlugins() : host_(PluginHost::default_search_path({})), names_(host_.available()) {
    for (const auto& name : names_) descriptors_.emplace(name, host_.load(name).descriptor);
    schema_of_ = [this](const std::string& name) -> const std::vector<ParamSpec>* {
      const auto it = descriptors_.find(name);
      return it == descriptors_.end() ? nullptr : &it->second->parameters;
    };
  }

  /// Validates a tree as `polku validate` does: the schemas, then each module's own checks across
  /// its parameters. @throws ConfigError on bad input
  Scenario validate(const ConfigNode& root, const std::string& file) const {
    Scenario scenario = validate_scenario(root, file, schema_of_, names_);
    std::vector<Problem> problems;
    for (const auto& spec : scenario.modules) {
      const PluginDescriptor* descriptor = descriptors_.at(spec.plugin);
      if (descriptor->check == nullptr) continue;
      for (auto& message : descriptor->check(spec.params))
        problems.push_back({{file}, "modules." + spec.plugin, std::move(message)});
    }
    if (!problems.empty()) throw ConfigError(std::move(problems));
    return scenario;
  }

  [[nodiscard]] std::size_t size() const noexcept { return descriptors_.size(); }

 private:
  PluginHost host_;
  std::vector<std::string> names_;
  std::map<std::string, const PluginDescriptor*> descriptors_;
  SchemaLookup schema_of_;
};

/// Loaded on first use (the targets do it in LLVMFuzzerInitialize and refuse to start without).
inline const BuiltinPlugins& builtin_plugins() {
  static const BuiltinPlugins plugins;
  return plugins;
}

}  // namespace polku::fuzz

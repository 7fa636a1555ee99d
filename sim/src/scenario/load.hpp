/// @file load.hpp
/// From a scenario file on disk to a validated `Scenario`: read the `extends` chain, apply
/// command-line overrides, validate against the schemas of the plugins it names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plugin_host/plugin_host.hpp"
#include "scenario/scenario.hpp"

namespace polku {

/// A command-line override `path.to.key=value` and the option it came from ("--set", "--seed").
struct Override {
  std::string assignment;
  std::string origin = "--set";
  /// Whether a module parameter set here applies during a warm-up too (calibration); by default
  /// it takes effect from the planning start. Dates, seed and replications always apply to both.
  bool in_warm_up = false;
};

/// @throws ConfigError listing every problem; PluginError when a named plugin cannot be loaded
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file,
                                     const std::vector<Override>& overrides, PluginHost& plugins);

}  // namespace polku

/// @file plugin_host.hpp
/// Finds, loads and checks policy-module libraries.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "polku/plugin.hpp"

namespace polku {

/// A loaded, checked plugin library. Stays loaded for the life of the process.
struct LoadedPlugin {
  std::filesystem::path file;
  const PluginDescriptor* descriptor = nullptr;
};

class PluginHost {
 public:
  /// @param search_path directories searched in order; the first `polku-<name>.so` found wins
  explicit PluginHost(std::vector<std::filesystem::path> search_path);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// The default search path: `extra` (from --plugin-path), then $POLKU_PLUGIN_PATH
  /// (colon-separated), then the plugins of an installation next to the executable, then the
  /// build tree's plugin directory.
  [[nodiscard]] static std::vector<std::filesystem::path> default_search_path(
      const std::vector<std::filesystem::path>& extra);

  /// Names of every plugin library on the search path, sorted.
  [[nodiscard]] std::vector<std::string> available() const;
  [[nodiscard]] bool has(const std::string& name) const;

  /// Loads a plugin once and checks its ABI guard.
  /// @throws PluginError naming the file and the reason when it is missing or cannot be trusted
  const LoadedPlugin& load(const std::string& name);

 private:
  struct Library;
  [[nodiscard]] std::filesystem::path find(const std::string& name) const;

  std::vector<std::filesystem::path> search_path_;
  std::map<std::string, std::unique_ptr<Library>> loaded_;
};

}  // namespace polku

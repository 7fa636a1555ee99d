/// @file config_tree.hpp
/// Scenario files as a tree that remembers where every value came from.
///
/// YAML files are read with yaml-cpp and converted to `ConfigNode`s carrying a `SourceLocation`
/// per node, so `extends:` overlays from several files and `--set` overrides can be merged while
/// every later error still names the file, line and column of the offending value.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polku/errors.hpp"

namespace polku {

struct ConfigNode {
  enum class Kind { null, scalar, sequence, map };

  Kind kind = Kind::null;
  std::string scalar;                                       ///< text of a scalar, as written
  bool quoted = false;                                      ///< scalar was written in quotes
  std::vector<ConfigNode> items;                            ///< sequence items
  std::vector<std::pair<std::string, ConfigNode>> entries;  ///< map entries, in file order
  SourceLocation where;                                     ///< where the value is written
  SourceLocation key_where;  ///< where the key naming this value is written (map entries only)

  // Declared here, defaulted in the source: the member vectors hold the incomplete ConfigNode.
  ConfigNode();
  ConfigNode(const ConfigNode&);
  ConfigNode(ConfigNode&&) noexcept;
  ConfigNode& operator=(const ConfigNode&);
  ConfigNode& operator=(ConfigNode&&) noexcept;
  ~ConfigNode();

  /// Where to point when the key itself is wrong (unknown, misspelt).
  [[nodiscard]] const SourceLocation& key_location() const noexcept {
    return key_where.file.empty() ? where : key_where;
  }
  [[nodiscard]] bool is_map() const noexcept { return kind == Kind::map; }
  [[nodiscard]] const ConfigNode* find(std::string_view key) const noexcept;
  [[nodiscard]] ConfigNode* find(std::string_view key) noexcept;
};

/// Parses one YAML text. `file` names it in locations and messages.
/// @throws ConfigError with line and column when the YAML is malformed.
[[nodiscard]] ConfigNode parse_yaml(std::string_view text, const std::string& file);

/// Reads and parses one YAML file. @throws ConfigError when missing, unreadable or malformed.
[[nodiscard]] ConfigNode load_yaml_file(const std::filesystem::path& file);

/// Reads a scenario file and the chain of files it `extends:` (paths relative to the extending
/// file), merging each overlay onto its base: maps merge key by key, anything else is replaced.
/// The `extends` key itself is removed from the result.
/// @throws ConfigError on a missing file, malformed YAML, or a cycle of extends.
[[nodiscard]] ConfigNode load_scenario_tree(const std::filesystem::path& file);

/// Merges `overlay` onto `base` (see load_scenario_tree).
void merge_into(ConfigNode& base, const ConfigNode& overlay);

/// Applies one `--set path.to.key=value` override; `value` is parsed as YAML (so "[1, 2]" is a
/// list). A number in the path addresses an item of an existing list (`a.factors.0=1.5`).
/// Missing intermediate maps are created; unknown keys are caught later by validation.
/// `origin` names the override in messages (the command-line option it came from).
/// @throws ConfigError when the assignment has no '=' or an empty path.
void apply_override(ConfigNode& root, std::string_view assignment,
                    std::string_view origin = "--set");

/// A canonical YAML rendering of a tree (used for hashing and for the manifest).
[[nodiscard]] std::string to_yaml(const ConfigNode& node);

/// The candidate closest to `word` by edit distance, or "" when none is reasonably close.
[[nodiscard]] std::string closest_match(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace polku

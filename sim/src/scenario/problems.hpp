/// @file problems.hpp
/// Problems found in a scenario, worded alike wherever they are found: collected with their file,
/// line, column and key path, values quoted, and a "did you mean" for a near miss.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polku/errors.hpp"
#include "scenario/config_tree.hpp"

namespace polku::validation {

/// Collects problems into a list owned elsewhere.
class Problems {
 public:
  explicit Problems(std::vector<Problem>& list) : list_(list) {}
  void add(const SourceLocation& where, std::string key_path, std::string message) {
    list_.push_back(Problem{where, std::move(key_path), std::move(message)});
  }
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }

 private:
  std::vector<Problem>& list_;
};

/// `s` in double quotes.
[[nodiscard]] std::string quote(std::string_view s);
/// "parent.key", or "key" at the top.
[[nodiscard]] std::string join_path(const std::string& parent, std::string_view key);
/// "parent[i]".
[[nodiscard]] std::string index_path(const std::string& parent, std::size_t i);
/// "got ..." wording for a node of any kind: "nothing", the quoted value, "a sequence", "a map".
[[nodiscard]] std::string describe(const ConfigNode& node);
/// The first `limit` names quoted, then "and N more".
[[nodiscard]] std::string quoted_list(const std::vector<std::string>& names,
                                      std::size_t limit = 10);
/// " (did you mean \"x\"?)" for the closest of `candidates`, or "" when none is close.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       const std::vector<std::string>& candidates);

}  // namespace polku::validation

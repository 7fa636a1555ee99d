/// @file marked_values.hpp
/// Values of a scenario whose source line carries a note such as "verify": rule values that are
/// not yet confirmed against the statute, shown as caveats next to the results.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenario/config_tree.hpp"

namespace polku {

/// One marked value: its key path in the resolved scenario and where it is written.
struct MarkedValue {
  std::string key;   ///< e.g. "modules.benefits.share_2025_rates"
  std::string file;  ///< the scenario file that sets it
  int line = 0;
  std::string note;  ///< the comment on that line, without '#'
};

/// Every value (map entry or list) of `root` whose line in its file has a comment containing
/// `word` (case-insensitive), in key order; a list counts once. Files are read as they are now.
[[nodiscard]] std::vector<MarkedValue> find_marked_values(const ConfigNode& root,
                                                          std::string_view word);

}  // namespace polku

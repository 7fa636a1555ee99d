/// @file warm_start.hpp
/// The warm-up of a scenario (`warm_up:` in the scenario file): where its state at the planning
/// start is cached and under which key.
///
/// The cache is a folder of checkpoint files named `warm-<key>.ckpt`, one per warm-up. The key is
/// a hash of everything the state depends on: the Polku version, the warm-up scenario's resolved
/// parameters (its seed, replication count, dates and every module parameter with defaults
/// filled in) and the structural fingerprint (municipalities, plugins and their versions). A
/// change of a model's code without a change of its plugin version is not seen: clear the cache
/// after such a change. The folder is, in this order: `$POLKU_CACHE_DIR` (the value `off` turns
/// the cache off), `$XDG_CACHE_HOME/polku`, `$HOME/.cache/polku`; Polku writes nothing else there.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "scenario/scenario.hpp"

namespace polku {

/// The cache folder from the environment; empty when the cache is off or no folder is known.
[[nodiscard]] std::filesystem::path default_warm_cache_dir();

/// The cache key of a warm-up (16 hex digits) from the scenario it runs with and the
/// structural fingerprint of the run.
[[nodiscard]] std::string warm_up_key(const Scenario& warm_scenario, Day until,
                                      std::string_view fingerprint);

}  // namespace polku

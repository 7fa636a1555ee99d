/// @file manifest.hpp
/// `manifest.json`: what produced a run's outputs, so that the run can be audited and repeated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace polku {

/// A plugin loaded for the run.
struct PluginRecord {
  std::string name;
  std::string version;
  std::string file;  ///< path of the shared library it was loaded from
};

struct Manifest {
  std::string polku_version;
  std::string git_revision;
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_sha256;  ///< of the scenario file as given (sha256_file)
  std::string resolved_sha256;  ///< of the resolved scenario after `extends:` and `--set`
  nlohmann::json parameters;    ///< fully resolved parameters
  nlohmann::json law_values;    ///< the source of each law value: parameter, date, reference, verify
  /// Each indicator of the CSV files with its measure, units and labels (from the plugins'
  /// declarations), so a reader of `summary.csv` knows what its numbers are in.
  nlohmann::ordered_json indicators;
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  unsigned threads = 0;
  std::vector<PluginRecord> plugins;
  double wall_time_seconds = 0.0;
  double simulated_agent_days = 0.0;
  std::string created_utc;    ///< ISO 8601, e.g. "2025-01-31T12:00:00Z"
  std::string restored_from;  ///< checkpoint the run was forked from; empty if none
  std::string command_line;
  /// Runs with parameter uncertainty: the kind of interval and every uncertain parameter with its
  /// distribution; null (and left out of the file) otherwise.
  nlohmann::ordered_json uncertainty;
};

/// Writes `manifest` as pretty-printed JSON (2-space indent, trailing newline). The keys of the
/// top-level object always come in this order:
///
///   polku_version, git_revision, created_utc, command_line, scenario_name, scenario_file,
///   scenario_sha256, resolved_sha256, seed, replications, threads, restored_from,
///   wall_time_seconds, simulated_agent_days, plugins, parameters, law_values, indicators
///   [, uncertainty]
///
/// `plugins` is an array of {name, version, file} objects in the given order; `parameters` is
/// copied as is (nlohmann::json sorts object keys, so its text is deterministic too); so is
/// `law_values` (an array, empty when the scenario gives no law value).
/// `restored_from` is null when the run was not restored from a checkpoint. A non-finite
/// wall time or agent-day count is written as null. Invalid UTF-8 in strings (e.g. in a command
/// line) is replaced by U+FFFD rather than failing. Throws `std::runtime_error` if the stream
/// fails.
void write_manifest(const Manifest& manifest, std::ostream& out);

/// Lower-case hexadecimal SHA-256 of `bytes` (64 characters).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// Lower-case hexadecimal SHA-256 of a file's contents. Throws `std::filesystem::filesystem_error`
/// if the file cannot be opened or read.
[[nodiscard]] std::string sha256_file(const std::filesystem::path& path);

}  // namespace polku

/// @file common.hpp
/// What the commands of `polku` share: their options, the settings `run` and `compare` read before
/// anything runs, loading a scenario, running it with a progress line, and writing a run's outputs.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "output/output_directory.hpp"
#include "output/writer.hpp"
#include "plugin_host/plugin_host.hpp"
#include "results/run_report.hpp"
#include "scenario/load.hpp"

namespace polku::cli {

namespace po = boost::program_options;

// --- options ---------------------------------------------------------------------------------

po::options_description plugin_options();
po::options_description scenario_options();
/// Options shared by `run` and `compare`.
po::options_description run_options();

/// The values of a repeatable option, none when not given.
std::vector<std::string> strings(const po::variables_map& vm, const char* key);
/// --set, in the order given.
std::vector<Override> set_overrides(const po::variables_map& vm);
/// Parses `args` with `options`, the first `positional_count` free arguments as `positional_name`.
po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options, const char* positional_name,
                        int positional_count);
/// Worker threads from --threads, 0 (= every core) when not given.
unsigned threads_option(const po::variables_map& vm);
/// A plugin host searching --plugin-path first; warns on `err` of a path that is no folder.
PluginHost make_host(const po::variables_map& vm, std::ostream& err);
/// The SCENARIO.yaml argument, or exit code 2.
std::filesystem::path required_scenario(const po::variables_map& vm);
/// "[min, max]" of a parameter, "" when unbounded.
std::string bounds_text(const ParamSpec& p);

/// One line on the scenario's law values: how many carry a reference and how many are marked
/// `verify`, then each value given without a reference (a what-if) with its place.
void write_law_caveats(const std::vector<LawSource>& laws, std::ostream& out);

// --- run and compare -------------------------------------------------------------------------

/// The settings `run` and `compare` share, read and checked before anything runs.
struct CommonSettings {
  std::vector<Override> overrides;  ///< --set, then --seed and --replications
  RunSettings run;                  ///< threads
  std::optional<std::filesystem::path> db;
  WriteOptions write;  ///< --lang; no results.sqlite in the folder with --db
  bool quiet = false;
  bool allow_large = false;
  /// --outputs: the files to write (manifest.json always); empty: every file not on request.
  std::vector<std::string> outputs;

  /// Whether `writer` has a file selected by --outputs, of a run or (`comparison`) of a comparison.
  [[nodiscard]] bool wants(const Writer& writer, bool comparison) const;
};

/// The files named by --outputs ("a,b,c"), checked against the writers' files; `default` stands
/// for the files written without --outputs and `all` for every file.
/// @throws InputError naming every unknown file (with a "did you mean") and the known ones
std::vector<std::string> parse_outputs(const std::string& list);

/// Reads the options of `run_options` and --set; --db is checked as a database target here, before
/// a long run. Throws `InputError` for a bad value.
CommonSettings common_settings(const po::variables_map& vm);

/// A validated scenario and its modules in phase order. Not movable: the modules point into
/// the scenario's parameters.
struct LoadedScenario {
  LoadedScenario(std::filesystem::path f, const std::vector<Override>& overrides, PluginHost& host)
      : file(std::move(f)),
        scenario(load_scenario(file, overrides, host)),
        modules(order_modules(scenario, host)) {}
  LoadedScenario(const LoadedScenario&) = delete;
  LoadedScenario& operator=(const LoadedScenario&) = delete;

  std::filesystem::path file;
  Scenario scenario;
  std::vector<ModuleBlueprint> modules;
};

/// A file the run keeps must not lie in the output folder, which the commit replaces.
void refuse_inside(const OutputDirectory& out, const std::filesystem::path& file,
                   const char* option);
/// Refuses a run estimated beyond the work or memory limits, before anything is allocated.
void check_size(const LoadedScenario& s, const CommonSettings& common);
/// Runs the replications, with a progress line on a terminal unless --quiet.
RunOutcome simulate(const LoadedScenario& s, RunSettings settings, const CommonSettings& common,
                    const std::string& label, std::ostream& err);

/// The time now, ISO 8601 in UTC: "2025-01-31T12:00:00Z".
std::string utc_now();
/// Writes manifest.json and the files of every registered format of one run into `dir`, naming
/// each file on the progress line (a terminal, not --quiet) as it is written; returns
/// the run's report (its manifest bytes, whose hash is the run id, included).
RunReport write_run_outputs(const std::filesystem::path& dir, const LoadedScenario& s,
                            const RunOutcome& outcome, PluginHost& host,
                            const std::string& command_line, const std::string& restored_from,
                            const CommonSettings& common, std::ostream& err);

}  // namespace polku::cli

#include "cli/cli.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "calibration/calibration.hpp"
#include "engine/runner.hpp"
#include "engine/workload.hpp"
#include "output/labels.hpp"
#include "output/manifest.hpp"
#include "output/output_directory.hpp"
#include "output/progress_line.hpp"
#include "output/results_sqlite.hpp"
#include "output/writer.hpp"
#include "results/run_report.hpp"
#include "results/statistics.hpp"
#include "polku/errors.hpp"
#include "scenario/load.hpp"
#include "scenario/text.hpp"

namespace po = boost::program_options;

namespace polku {
namespace {

constexpr const char* kUsage = R"(Usage:
  polku run SCENARIO.yaml [--out DIR] [--replications N] [--threads N] [--seed S] [--set path=value]...
                          [--db FILE] [--lang fi|en] [--quiet] [--plugin-path DIR]...
                          [--checkpoint-at DATE --checkpoint FILE] [--restore FILE] [--allow-large]
  polku compare BASE.yaml VARIANT.yaml [--out DIR] [same options as run, without checkpoints]
  polku validate SCENARIO.yaml [--set path=value]...
  polku calibrate CALIBRATION.yaml [--out FILE] [--threads N] [--quiet]
  polku plugins [--json]
  polku --help | --version

Commands:
  run        simulate a scenario; writes indicators.csv, summary.csv, annual.csv, manifest.json,
             results.xlsx, results.sqlite and report.html to DIR (default runs/<scenario name>/)
  compare    run two scenarios with the same seed and replications (paired, common random
             numbers); writes each run's outputs to DIR/base/ and DIR/variant/ and the paired
             differences to DIR/comparison.csv, results.xlsx and report.html
             (default DIR runs/<base>-vs-<variant>/)
  validate   check a scenario against the plugins' parameter schemas without running it
  calibrate  fit named scenario parameters to named targets (NLopt, common random numbers);
             writes the fitted values as a scenario overlay (the file's `output`, or --out)
  plugins    list the available policy modules and their parameters

A run longer than a century, estimated beyond 2e11 agent-days or beyond half the machine's
memory is refused unless --allow-large is given (`polku validate` prints the estimate).

Exit codes: 0 success, 2 bad input or usage, 1 internal error.
)";

po::options_description plugin_options() {
  po::options_description o("Plugin options");
  o.add_options()("plugin-path", po::value<std::vector<std::string>>()->composing(),
                  "directory searched for polku-<name>.so before the default ones (repeatable)");
  return o;
}

po::options_description scenario_options() {
  po::options_description o("Scenario options");
  o.add_options()(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value, e.g. --set modules.inflow.daily_rate.Oulu=40 (repeatable)");
  return o;
}

/// Options shared by `run` and `compare`.
po::options_description run_options() {
  po::options_description o("Run options");
  o.add_options()                                                                           //
      ("out", po::value<std::string>(), "output directory (default runs/<scenario name>)")  //
      ("replications", po::value<std::string>(), "number of replications (overrides the scenario)")(
          "threads", po::value<std::string>(), "worker threads (default: all cores)")  //
      ("seed", po::value<std::string>(), "random seed (overrides the scenario)")    //
      ("db", po::value<std::string>(),
       "append the run to this SQLite file instead of DIR/results.sqlite")(
          "lang", po::value<std::string>()->default_value("fi"), "report language: fi or en")(
          "quiet", "print nothing but errors (no progress either)")(
          "allow-large", "run even when the estimated work or memory exceeds the limits");
  return o;
}

/// Options of `run` only: one checkpoint file serves one scenario.
po::options_description checkpoint_options() {
  po::options_description o("Checkpoint options");
  o.add_options()  //
      ("checkpoint-at", po::value<std::string>(),
       "save the full state at the end of this date (YYYY-MM-DD)")(
          "checkpoint", po::value<std::string>(), "checkpoint file written with --checkpoint-at")(
          "restore", po::value<std::string>(),
          "continue from a checkpoint file instead of the start");
  return o;
}

std::vector<std::string> strings(const po::variables_map& vm, const char* key) {
  return vm.count(key) != 0 ? vm[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

std::vector<Override> set_overrides(const po::variables_map& vm) {
  std::vector<Override> overrides;
  for (auto& assignment : strings(vm, "set")) overrides.push_back({std::move(assignment)});
  return overrides;
}

po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options, const char* positional_name,
                        int positional_count) {
  po::positional_options_description positional;
  if (positional_count > 0) positional.add(positional_name, positional_count);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  po::notify(vm);
  return vm;
}

/// A whole number of `option` in [1, max], or exit code 2 (a "-1" must not wrap to 4294967295).
unsigned parse_count(const std::string& option, const std::string& text, unsigned max) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max)
    throw InputError(option + ": expected a whole number from 1 to " + std::to_string(max) +
                     ", got \"" + text + "\"");
  return value;
}

/// Worker threads from --threads, 0 (= every core) when not given.
unsigned threads_option(const po::variables_map& vm) {
  constexpr unsigned kMaxThreads = 4096;
  return vm.count("threads") != 0 ? parse_count("--threads", vm["threads"].as<std::string>(), kMaxThreads)
                                  : 0;
}

PluginHost make_host(const po::variables_map& vm, std::ostream& err) {
  std::vector<std::filesystem::path> extra;
  for (const auto& dir : strings(vm, "plugin-path")) {
    // A typo here would silently fall back to the built-in plugins: say so.
    std::error_code ec;
    const auto status = std::filesystem::status(dir, ec);
    if (!std::filesystem::exists(status))
      err << "polku: warning: --plugin-path " << dir << ": no such folder\n";
    else if (!std::filesystem::is_directory(status))
      err << "polku: warning: --plugin-path " << dir << ": not a folder (give the folder that holds polku-<name>.so)\n";
    extra.emplace_back(dir);
  }
  return PluginHost(PluginHost::default_search_path(extra));
}

std::filesystem::path required_scenario(const po::variables_map& vm) {
  if (vm.count("scenario") == 0) throw InputError("missing SCENARIO.yaml argument");
  return vm["scenario"].as<std::string>();
}

// Scalars keep their YAML spelling unless they read as numbers or booleans.
nlohmann::json to_json(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      return nullptr;
    case ConfigNode::Kind::sequence: {
      auto array = nlohmann::json::array();
      for (const auto& item : node.items) array.push_back(to_json(item));
      return array;
    }
    case ConfigNode::Kind::map: {
      nlohmann::json result = nlohmann::json::object();
      for (const auto& [key, value] : node.entries) result[key] = to_json(value);
      return result;
    }
    case ConfigNode::Kind::scalar:
      break;
  }
  if (!node.quoted) {
    if (node.scalar == "true") return true;
    if (node.scalar == "false") return false;
    auto parsed = nlohmann::json::parse(node.scalar, nullptr, false);
    if (parsed.is_number()) return parsed;
  }
  return node.scalar;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

/// The settings `run` and `compare` share, read and checked before anything runs.
struct CommonSettings {
  std::vector<Override> overrides;  ///< --set, then --seed and --replications
  RunSettings run;                  ///< threads
  std::optional<std::filesystem::path> db;
  WriteOptions write;  ///< --lang; no results.sqlite in the folder with --db
  bool quiet = false;
  bool allow_large = false;
};

CommonSettings common_settings(const po::variables_map& vm) {
  CommonSettings c;
  // Command-line seed and replications go through validation like any other value.
  c.overrides = set_overrides(vm);
  if (vm.count("seed") != 0)
    c.overrides.push_back({"seed=" + vm["seed"].as<std::string>(), "--seed"});
  if (vm.count("replications") != 0)
    c.overrides.push_back(
        {"replications=" + vm["replications"].as<std::string>(), "--replications"});
  c.run.threads = threads_option(vm);
  c.write.lang = parse_lang(vm["lang"].as<std::string>());
  if (vm.count("db") != 0) {
    c.db = std::filesystem::path(vm["db"].as<std::string>());
    if (c.db->empty()) throw InputError("--db: the path is empty");
    check_sqlite_target(*c.db);  // before a long run, not after it
    c.write.database_in_folder = false;
  }
  c.quiet = vm.count("quiet") != 0;
  c.allow_large = vm.count("allow-large") != 0;
  return c;
}

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
                   const char* option) {
  if (!file.empty() && out.contains(file))
    throw InputError(std::string(option) + " " + file.string() + ": lies inside the output folder " +
                     out.final_path().string() +
                     ", which the run replaces; put it outside (or choose another --out)");
}

/// Refuses a run estimated beyond the work or memory limits, before anything is allocated.
void check_size(const LoadedScenario& s, const CommonSettings& common) {
  if (common.allow_large) return;
  const unsigned threads = common.run.threads != 0 ? common.run.threads : std::thread::hardware_concurrency();
  check_work(estimate_work(s.scenario, s.modules, threads));
}

/// Runs the replications, with a progress line on a terminal unless --quiet.
RunOutcome simulate(const LoadedScenario& s, RunSettings settings, const CommonSettings& common,
                    const std::string& label, std::ostream& err) {
  ProgressLine line(err, label, !common.quiet && ::isatty(2) == 1);
  settings.progress = [&line](const Progress& p) {
    line.update(
        {p.replications_done, p.replications, p.days_done, p.days_total, p.elapsed_seconds});
  };
  RunOutcome outcome = run_replications(s.scenario, s.modules, settings);
  line.finish();
  return outcome;
}

std::string bounds_text(const ParamSpec& p) {
  if (!p.min && !p.max) return "";
  const auto num = [](const std::optional<double>& v, const char* open) {
    if (!v) return std::string(open);
    std::ostringstream s;
    s << *v;
    return s.str();
  };
  return "[" + num(p.min, "-inf") + ", " + num(p.max, "inf") + "]";
}

std::vector<PluginDoc> plugin_docs(const LoadedScenario& s) {
  std::vector<PluginDoc> docs;
  for (const auto& m : s.modules) {
    const PluginDescriptor& d = *m.plugin;
    PluginDoc doc{d.name, d.version, d.description, {}};
    for (const auto& p : d.parameters)
      doc.parameters.push_back(
          {p.name, to_string(p.type), p.default_yaml, p.unit, bounds_text(p), p.doc});
    docs.push_back(std::move(doc));
  }
  return docs;
}

/// Writes the files of every registered format of one run into `dir` and returns the run's report.
RunReport write_run_outputs(const std::filesystem::path& dir, const LoadedScenario& s,
                            const RunOutcome& outcome, PluginHost& host,
                            const std::string& command_line, const std::string& restored_from,
                            const CommonSettings& common) {
  const Scenario& scenario = s.scenario;
  Manifest manifest;
  manifest.polku_version = POLKU_VERSION;
  manifest.git_revision = POLKU_GIT_REVISION;
  manifest.scenario_name = scenario.name;
  manifest.scenario_file = s.file.string();
  manifest.scenario_sha256 = sha256_hex(read_file(s.file));
  manifest.resolved_sha256 = sha256_hex(to_yaml(scenario.resolved));
  manifest.parameters = to_json(scenario.resolved);
  manifest.seed = scenario.seed;
  manifest.replications = scenario.replications;
  manifest.threads = outcome.threads;
  for (const auto& m : s.modules) {
    const auto& loaded = host.load(m.plugin->name);
    manifest.plugins.push_back({m.plugin->name, m.plugin->version, loaded.file.string()});
  }
  manifest.wall_time_seconds = outcome.wall_seconds;
  manifest.simulated_agent_days = outcome.agent_days;
  manifest.created_utc = utc_now();
  manifest.restored_from = restored_from;
  manifest.command_line = command_line;
  std::ostringstream manifest_text;
  write_manifest(manifest, manifest_text);
  std::string manifest_json = std::move(manifest_text).str();

  Provenance provenance{sha256_hex(manifest_json),
                        scenario.name,
                        s.file.string(),
                        scenario.seed,
                        scenario.replications,
                        POLKU_VERSION,
                        POLKU_GIT_REVISION,
                        manifest.created_utc};
  RunReport report = make_run_report(outcome.results, std::move(provenance), manifest.parameters,
                                     plugin_docs(s));
  report.manifest_json = std::move(manifest_json);
  for (const Writer* writer : registered_writers()) writer->write_run(report, dir, common.write);
  return report;
}

int command_run(const std::vector<std::string>& args, const std::string& command_line,
                std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(run_options())
      .add(checkpoint_options())
      .add(scenario_options())
      .add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  const auto scenario_file = required_scenario(vm);
  const CommonSettings common = common_settings(vm);

  RunSettings settings = common.run;
  if (vm.count("checkpoint-at") != 0) {
    Day day = 0;
    if (!parse_iso_date(vm["checkpoint-at"].as<std::string>(), day))
      throw InputError("--checkpoint-at: expected a date YYYY-MM-DD, got \"" +
                       vm["checkpoint-at"].as<std::string>() + "\"");
    if (vm.count("checkpoint") == 0) throw InputError("--checkpoint-at needs --checkpoint FILE");
    settings.checkpoint_at = day;
    settings.checkpoint_file = vm["checkpoint"].as<std::string>();
  } else if (vm.count("checkpoint") != 0) {
    throw InputError("--checkpoint needs --checkpoint-at DATE");
  }
  if (vm.count("restore") != 0) settings.restore_file = vm["restore"].as<std::string>();

  PluginHost host = make_host(vm, err);
  const LoadedScenario loaded(scenario_file, common.overrides, host);
  check_size(loaded, common);
  const Scenario& scenario = loaded.scenario;
  const std::filesystem::path out_dir = vm.count("out") != 0
                                            ? std::filesystem::path(vm["out"].as<std::string>())
                                            : std::filesystem::path("runs") / scenario.name;

  OutputDirectory staging(out_dir);
  refuse_inside(staging, common.db.value_or(std::filesystem::path{}), "--db");
  refuse_inside(staging, settings.checkpoint_file, "--checkpoint");
  refuse_inside(staging, settings.restore_file, "--restore");
  const RunOutcome outcome = simulate(loaded, settings, common, scenario.name, err);
  const RunReport report =
      write_run_outputs(staging.staging(), loaded, outcome, host, command_line,
                        settings.restore_file.string(), common);
  // Last before the commit: a failure earlier leaves the database untouched.
  if (common.db) append_runs_sqlite(*common.db, {{report, report.manifest_json}});
  staging.commit();

  if (!common.quiet) {
    out << "polku: " << scenario.name << ": " << scenario.replications << " replications, "
        << outcome.agent_days / 1e6 << " M agent-days in " << outcome.wall_seconds << " s\n";
    out << "Results in " << out_dir.string() << "/\n";
    if (common.db)
      out << "Run " << report.provenance.manifest_sha256 << " added to "
          << common.db->string() << '\n';
  }
  return 0;
}

/// The top-level manifest.json of a comparison: both runs by manifest hash, and what was adjusted.
std::string comparison_manifest(const ComparisonReport& cmp, const std::string& command_line) {
  const auto run = [](const RunReport& r) {
    const Provenance& p = r.provenance;
    return nlohmann::ordered_json{{"scenario_name", p.scenario},
                                  {"scenario_file", p.scenario_file},
                                  {"manifest_sha256", p.manifest_sha256}};
  };
  nlohmann::ordered_json j;
  j["polku_version"] = POLKU_VERSION;
  j["git_revision"] = POLKU_GIT_REVISION;
  j["created_utc"] = utc_now();
  j["command_line"] = command_line;
  j["kind"] = "comparison";
  j["base"] = run(*cmp.base);
  j["variant"] = run(*cmp.variant);
  j["seed"] = cmp.base->provenance.seed;
  j["replications"] = cmp.base->provenance.replications;
  j["paired_replications"] = cmp.monthly.paired_replications;
  j["difference"] = "variant - base, paired by replication (common random numbers)";
  j["notes"] = cmp.notes;
  j["skipped_indicators"] = cmp.monthly.skipped_indicators;
  j["skipped_areas"] = cmp.monthly.skipped_areas;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int command_compare(const std::vector<std::string>& args, const std::string& command_line,
                    std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(run_options()).add(scenario_options()).add(plugin_options());
  options.add_options()("scenarios", po::value<std::vector<std::string>>());
  const auto vm = parse(args, options, "scenarios", 2);
  const auto files = strings(vm, "scenarios");
  if (files.size() != 2) throw InputError("compare needs two scenarios: BASE.yaml VARIANT.yaml");
  const CommonSettings common = common_settings(vm);

  PluginHost host = make_host(vm, err);
  const LoadedScenario base(files[0], common.overrides, host);
  auto variant = std::make_unique<LoadedScenario>(files[1], common.overrides, host);
  // Pairing needs the same seed and replication count; the base's values win.
  std::vector<std::string> notes;
  std::vector<Override> variant_overrides = common.overrides;
  if (variant->scenario.seed != base.scenario.seed) {
    notes.push_back("variant seed " + std::to_string(variant->scenario.seed) +
                    " replaced by the base's seed " + std::to_string(base.scenario.seed));
    variant_overrides.push_back(
        {"seed=" + std::to_string(base.scenario.seed), "compare (base seed)"});
  }
  if (variant->scenario.replications != base.scenario.replications) {
    notes.push_back("variant replications " + std::to_string(variant->scenario.replications) +
                    " replaced by the base's " + std::to_string(base.scenario.replications));
    variant_overrides.push_back({"replications=" + std::to_string(base.scenario.replications),
                                 "compare (base replications)"});
  }
  if (variant_overrides.size() != common.overrides.size())
    variant = std::make_unique<LoadedScenario>(files[1], variant_overrides, host);
  check_size(base, common);
  check_size(*variant, common);

  const std::filesystem::path out_dir =
      vm.count("out") != 0
          ? std::filesystem::path(vm["out"].as<std::string>())
          : std::filesystem::path("runs") / (base.scenario.name + "-vs-" + variant->scenario.name);
  OutputDirectory staging(out_dir);
  refuse_inside(staging, common.db.value_or(std::filesystem::path{}), "--db");
  const auto base_dir = staging.staging() / "base";
  const auto variant_dir = staging.staging() / "variant";
  std::filesystem::create_directory(base_dir);
  std::filesystem::create_directory(variant_dir);

  const RunOutcome base_outcome =
      simulate(base, common.run, common, "base " + base.scenario.name, err);
  const RunOutcome variant_outcome =
      simulate(*variant, common.run, common, "variant " + variant->scenario.name, err);
  const RunReport base_run =
      write_run_outputs(base_dir, base, base_outcome, host, command_line, "", common);
  const RunReport variant_run =
      write_run_outputs(variant_dir, *variant, variant_outcome, host, command_line, "", common);

  ComparisonReport cmp;
  cmp.base = &base_run;
  cmp.variant = &variant_run;
  cmp.monthly = compare_monthly(base_outcome.results, variant_outcome.results);
  cmp.annual = compare_annual(base_outcome.results, variant_outcome.results);
  cmp.notes = notes;
  for (const auto& i : cmp.monthly.skipped_indicators)
    cmp.notes.push_back("indicator " + i + " skipped: not in both scenarios");
  for (const auto& a : cmp.monthly.skipped_areas)
    cmp.notes.push_back("area " + a + " skipped: not in both scenarios");
  cmp.manifest_json = comparison_manifest(cmp, command_line);
  for (const Writer* writer : registered_writers())
    writer->write_comparison(cmp, staging.staging(), common.write);
  if (common.db)  // both runs in one transaction: both or neither
    append_runs_sqlite(*common.db, {{base_run, base_run.manifest_json},
                                    {variant_run, variant_run.manifest_json}});
  staging.commit();

  if (!common.quiet) {
    out << "polku: " << base.scenario.name << " vs " << variant->scenario.name << ": "
        << base.scenario.replications << " paired replications, seed " << base.scenario.seed
        << '\n';
    for (const auto& n : cmp.notes) out << "  note: " << n << '\n';
    out << "Results in " << out_dir.string() << "/\n";
  }
  return 0;
}

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(scenario_options()).add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  PluginHost host = make_host(vm, err);
  const LoadedScenario loaded(required_scenario(vm), set_overrides(vm), host);
  const Scenario& scenario = loaded.scenario;
  out << "Scenario '" << scenario.name << "' is valid: " << iso_date(scenario.start) << " to "
      << iso_date(scenario.end) << ", " << scenario.municipalities.size() << " municipalities, "
      << scenario.modules.size() << " modules, " << scenario.replications << " replications.\n"
      << "Estimated work: "
      << describe(estimate_work(scenario, loaded.modules, std::thread::hardware_concurrency()))
      << ".\n";
  return 0;
}

nlohmann::ordered_json describe(const LoadedPlugin& plugin) {
  const auto& d = *plugin.descriptor;
  nlohmann::ordered_json j;
  j["name"] = d.name;
  j["version"] = d.version;
  j["description"] = d.description;
  j["priority"] = d.priority;
  j["file"] = plugin.file.string();
  j["parameters"] = nlohmann::ordered_json::array();
  for (const auto& p : d.parameters) {
    nlohmann::ordered_json param;
    param["name"] = p.name;
    param["type"] = to_string(p.type);
    param["default"] = p.default_yaml;
    param["unit"] = p.unit;
    param["min"] = p.min ? nlohmann::ordered_json(*p.min) : nlohmann::ordered_json(nullptr);
    param["max"] = p.max ? nlohmann::ordered_json(*p.max) : nlohmann::ordered_json(nullptr);
    param["doc"] = p.doc;
    if (!p.choices.empty()) param["choices"] = p.choices;
    j["parameters"].push_back(std::move(param));
  }
  return j;
}

std::string range_text(const ParamSpec& p) {
  const std::string bounds = bounds_text(p);
  return bounds.empty() ? "" : " in " + bounds;
}

int command_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()("json", "print JSON");
  const auto vm = parse(args, options, "", 0);
  PluginHost host = make_host(vm, err);

  std::vector<const LoadedPlugin*> loaded;
  std::vector<Problem> problems;
  for (const auto& name : host.available()) {
    try {
      loaded.push_back(&host.load(name));
    } catch (const PluginError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (vm.count("json") != 0) {
    auto list = nlohmann::ordered_json::array();
    for (const auto* p : loaded) list.push_back(describe(*p));
    out << list.dump(2) << '\n';
  } else {
    for (const auto* p : loaded) {
      const auto& d = *p->descriptor;
      out << d.name << ' ' << d.version << "  (priority " << d.priority << ")\n  " << d.description
          << '\n';
      for (const auto& param : d.parameters) {
        out << "    " << param.name << " : " << to_string(param.type) << " = "
            << param.default_yaml;
        if (!param.unit.empty()) out << " [" << param.unit << ']';
        out << range_text(param) << "\n        " << param.doc << '\n';
      }
    }
  }
  if (!problems.empty()) throw PluginError(std::move(problems));
  (void)err;
  return 0;
}

int command_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()  //
      ("out", po::value<std::string>(),
       "overlay file to write (default: the calibration file's output)")(
          "threads", po::value<std::string>(), "worker threads (default: all cores)")  //
      ("quiet", "do not report each evaluation on stderr")                          //
      ("calibration", po::value<std::string>());
  const auto vm = parse(args, options, "calibration", 1);
  if (vm.count("calibration") == 0) throw InputError("missing CALIBRATION.yaml argument");
  CalibrationSpec spec = load_calibration(vm["calibration"].as<std::string>());
  if (vm.count("out") != 0) spec.output = vm["out"].as<std::string>();
  if (spec.output.empty())
    throw InputError("no overlay to write: give `output:` in the calibration file or --out");
  const unsigned threads = threads_option(vm);
  PluginHost host = make_host(vm, err);
  const CalibrationResult result =
      calibrate(spec, host, threads, vm.count("quiet") != 0 ? nullptr : &err);
  const std::string overlay = overlay_yaml(result);
  write_file_atomically(result.spec.output, overlay);
  out << overlay << "Overlay written to " << result.spec.output.string() << '\n';
  return 0;
}

/// Prints the problems, at most `kShownProblems` of them: a file of garbage would otherwise print
/// one line per line of it.
void report_problems(const std::vector<Problem>& problems, std::ostream& err) {
  constexpr std::size_t kShownProblems = 50;
  for (std::size_t i = 0; i < problems.size() && i < kShownProblems; ++i)
    err << "polku: error: " << printable(problems[i].str()) << '\n';
  if (problems.size() > kShownProblems)
    err << "polku: error: ... and " << problems.size() - kShownProblems
        << " more problems not shown\n";
}

}  // namespace

int run_cli(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "polku";
  for (const auto& a : args) command_line += " " + a;
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      out << kUsage;
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      out << "polku " << POLKU_VERSION << " (" << POLKU_GIT_REVISION << ")\n";
      return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
      out << kUsage;
      return 0;
    }
    if (command == "run") return command_run(args, command_line, out, err);
    if (command == "compare") return command_compare(args, command_line, out, err);
    if (command == "validate") return command_validate(args, out, err);
    if (command == "plugins") return command_plugins(args, out, err);
    if (command == "calibrate") return command_calibrate(args, out, err);
    err << "polku: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const InputError& e) {
    report_problems(e.problems(), err);
    return 2;
  } catch (const po::error& e) {
    err << "polku: error: " << printable(e.what()) << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    err << "polku: internal error: " << printable(e.what()) << '\n';
    return 1;
  }
}

}  // namespace polku

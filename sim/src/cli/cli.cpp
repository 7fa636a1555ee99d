#include "cli/cli.hpp"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "engine/runner.hpp"
#include "output/indicators_csv.hpp"
#include "output/manifest.hpp"
#include "output/output_directory.hpp"
#include "output/summary_csv.hpp"
#include "polku/errors.hpp"
#include "scenario/load.hpp"

namespace po = boost::program_options;

namespace polku {
namespace {

constexpr const char* kUsage = R"(Usage:
  polku run SCENARIO.yaml [--out DIR] [--replications N] [--threads N] [--seed S] [--set path=value]...
  polku validate SCENARIO.yaml [--set path=value]...
  polku plugins [--json]
  polku --help | --version

Commands:
  run        simulate a scenario; writes indicators.csv, summary.csv and manifest.json
             to DIR (default runs/<scenario name>/)
  validate   check a scenario against the plugins' parameter schemas without running it
  plugins    list the available policy modules and their parameters

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
  o.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                  "override a scenario value, e.g. --set modules.inflow.daily_rate.Oulu=40 (repeatable)");
  return o;
}

po::options_description run_options() {
  po::options_description o("Run options");
  o.add_options()                                                                   //
      ("out", po::value<std::string>(), "output directory (default runs/<scenario name>)")  //
      ("replications", po::value<std::string>(), "number of replications (overrides the scenario)")
      ("threads", po::value<unsigned>(), "worker threads (default: all cores)")         //
      ("seed", po::value<std::string>(), "random seed (overrides the scenario)")        //
      ("checkpoint-at", po::value<std::string>(), "save the full state at the end of this date (YYYY-MM-DD)")
      ("checkpoint", po::value<std::string>(), "checkpoint file written with --checkpoint-at")
      ("restore", po::value<std::string>(), "continue from a checkpoint file instead of the start")
      ("quiet", "print nothing but errors");
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

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& options,
                        const char* positional_name, int positional_count) {
  po::positional_options_description positional;
  if (positional_count > 0) positional.add(positional_name, positional_count);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  po::notify(vm);
  return vm;
}

PluginHost make_host(const po::variables_map& vm) {
  std::vector<std::filesystem::path> extra;
  for (const auto& dir : strings(vm, "plugin-path")) extra.emplace_back(dir);
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

int command_run(const std::vector<std::string>& args, const std::string& command_line,
                std::ostream& out) {
  po::options_description options;
  options.add(run_options()).add(scenario_options()).add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  const auto scenario_file = required_scenario(vm);

  // Command-line seed and replications go through validation like any other value.
  auto overrides = set_overrides(vm);
  if (vm.count("seed") != 0) overrides.push_back({"seed=" + vm["seed"].as<std::string>(), "--seed"});
  if (vm.count("replications") != 0)
    overrides.push_back({"replications=" + vm["replications"].as<std::string>(), "--replications"});

  RunSettings settings;
  if (vm.count("threads") != 0) {
    settings.threads = vm["threads"].as<unsigned>();
    if (settings.threads == 0) throw InputError("--threads must be at least 1");
  }
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

  PluginHost host = make_host(vm);
  const Scenario scenario = load_scenario(scenario_file, overrides, host);
  const auto modules = order_modules(scenario, host);
  const std::filesystem::path out_dir =
      vm.count("out") != 0 ? std::filesystem::path(vm["out"].as<std::string>())
                           : std::filesystem::path("runs") / scenario.name;

  OutputDirectory staging(out_dir);
  const RunOutcome outcome = run_replications(scenario, modules, settings);

  {
    std::ofstream f(staging.staging() / "indicators.csv", std::ios::binary);
    write_indicators_csv(outcome.results, f);
  }
  {
    std::ofstream f(staging.staging() / "summary.csv", std::ios::binary);
    write_summary_csv(outcome.results, f);
  }
  Manifest manifest;
  manifest.polku_version = POLKU_VERSION;
  manifest.git_revision = POLKU_GIT_REVISION;
  manifest.scenario_name = scenario.name;
  manifest.scenario_file = scenario_file.string();
  manifest.scenario_sha256 = sha256_hex(read_file(scenario_file));
  manifest.resolved_sha256 = sha256_hex(to_yaml(scenario.resolved));
  manifest.parameters = to_json(scenario.resolved);
  manifest.seed = scenario.seed;
  manifest.replications = scenario.replications;
  manifest.threads = outcome.threads;
  for (const auto& m : modules) {
    const auto& loaded = host.load(m.plugin->name);
    manifest.plugins.push_back({m.plugin->name, m.plugin->version, loaded.file.string()});
  }
  manifest.wall_time_seconds = outcome.wall_seconds;
  manifest.simulated_agent_days = outcome.agent_days;
  manifest.created_utc = utc_now();
  manifest.restored_from = settings.restore_file.string();
  manifest.command_line = command_line;
  {
    std::ofstream f(staging.staging() / "manifest.json", std::ios::binary);
    write_manifest(manifest, f);
  }
  staging.commit();

  if (vm.count("quiet") == 0) {
    out << "polku: " << scenario.name << ": " << scenario.replications << " replications, "
        << outcome.agent_days / 1e6 << " M agent-days in " << outcome.wall_seconds << " s\n";
    out << "Results in " << out_dir.string() << "/\n";
  }
  return 0;
}

int command_validate(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description options;
  options.add(scenario_options()).add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  PluginHost host = make_host(vm);
  const Scenario scenario = load_scenario(required_scenario(vm), set_overrides(vm), host);
  out << "Scenario '" << scenario.name << "' is valid: " << iso_date(scenario.start) << " to "
      << iso_date(scenario.end) << ", " << scenario.municipalities.size() << " municipalities, "
      << scenario.modules.size() << " modules, " << scenario.replications << " replications.\n";
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
  if (!p.min && !p.max) return "";
  auto num = [](const std::optional<double>& v, const char* open) {
    if (!v) return std::string(open);
    std::ostringstream s;
    s << *v;
    return s.str();
  };
  return " in [" + num(p.min, "-inf") + ", " + num(p.max, "inf") + "]";
}

int command_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()("json", "print JSON");
  const auto vm = parse(args, options, "", 0);
  PluginHost host = make_host(vm);

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
      out << d.name << ' ' << d.version << "  (priority " << d.priority << ")\n  " << d.description << '\n';
      for (const auto& param : d.parameters) {
        out << "    " << param.name << " : " << to_string(param.type) << " = " << param.default_yaml;
        if (!param.unit.empty()) out << " [" << param.unit << ']';
        out << range_text(param) << "\n        " << param.doc << '\n';
      }
    }
  }
  if (!problems.empty()) throw PluginError(std::move(problems));
  (void)err;
  return 0;
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
    if (command == "run") return command_run(args, command_line, out);
    if (command == "validate") return command_validate(args, out);
    if (command == "plugins") return command_plugins(args, out, err);
    err << "polku: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const InputError& e) {
    for (const auto& p : e.problems()) err << "polku: error: " << p.str() << '\n';
    return 2;
  } catch (const po::error& e) {
    err << "polku: error: " << e.what() << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    err << "polku: internal error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace polku

#include "cli/common.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <sstream>
#include <thread>

#include "engine/cluster.hpp"
#include "engine/workload.hpp"
#include "scenario/config_tree.hpp"
#include "output/progress_line.hpp"
#include "output/results_sqlite.hpp"
#include "polku/errors.hpp"

namespace polku::cli {

namespace {

/// A whole number of `option` in [1, max], or exit code 2 (a "-1" must not wrap to 4294967295).
unsigned parse_count(const std::string& option, const std::string& text, unsigned max) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max)
    throw InputError(option + ": expected a whole number from 1 to " + std::to_string(max) +
                     ", got \"" + text + "\"");
  return value;
}

}  // namespace

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

po::options_description run_options() {
  po::options_description o("Run options");
  o.add_options()                                                                           //
      ("out", po::value<std::string>(), "output directory (default runs/<scenario name>)")  //
      ("replications", po::value<std::string>(), "number of replications (overrides the scenario)")(
          "threads", po::value<std::string>(), "worker threads (default: all cores)")  //
      ("seed", po::value<std::string>(), "random seed (overrides the scenario)")       //
      ("db", po::value<std::string>(),
       "append the run to this SQLite file instead of DIR/results.sqlite")(
          "lang", po::value<std::string>()->default_value("fi"), "report language: fi or en")(
          "quiet", "print nothing but errors (no progress either)")(
          "outputs", po::value<std::string>(),
          "comma-separated files to write, e.g. report.html,results.xlsx,budget.csv; "
          "'default' stands for every file but indicators.csv, 'all' for every file "
          "(without the option: default; manifest.json always)")(
          "allow-large", "run even when the estimated work or memory exceeds the limits")(
          "uncertainty",
          "each replication draws its own values of the uncertain assumptions, so the 5-95 % "
          "ranges include parameter uncertainty (see `polku plugins` and the scenario's "
          "`uncertainty:`)");

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

unsigned threads_option(const po::variables_map& vm) {
  constexpr unsigned kMaxThreads = 4096;
  return vm.count("threads") != 0
             ? parse_count("--threads", vm["threads"].as<std::string>(), kMaxThreads)
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
      err << "polku: warning: --plugin-path " << dir
          << ": not a folder (give the folder that holds polku-<name>.so)\n";
    extra.emplace_back(dir);
  }
  return PluginHost(PluginHost::default_search_path(extra));
}

std::filesystem::path required_scenario(const po::variables_map& vm) {
  if (vm.count("scenario") == 0) throw InputError("missing SCENARIO.yaml argument");
  return vm["scenario"].as<std::string>();
}

std::string bounds_text(const ParamSpec& p) {
  if (!p.min && !p.max) return "";
  const auto num = [](const std::optional<double>& v, const char* open) {
    if (!v) return std::string(open);
    std::ostringstream s;
    s << *v;
    return s.str();
  };
  std::string text = "[";
  text += num(p.min, "-inf");
  text += ", ";
  text += num(p.max, "inf");
  return text += ']';
}

void write_law_caveats(const std::vector<LawSource>& laws, std::ostream& out) {
  if (laws.empty()) return;
  std::size_t to_verify = 0;
  std::vector<const LawSource*> unsourced;
  for (const LawSource& law : laws) {
    if (!law.verify.empty()) ++to_verify;
    if (law.reference.empty()) unsourced.push_back(&law);
  }
  out << "Law values: " << laws.size() - unsourced.size() << " with a reference, " << to_verify
      << " marked verify (manifest.json law_values lists them)";
  if (unsourced.empty()) {
    out << ".\n";
    return;
  }
  out << "; " << unsourced.size() << " without a reference (what-ifs, not law):\n";
  for (const LawSource* law : unsourced) {
    out << "  " << law->parameter;
    if (!law->date.empty()) out << " from " << law->date;
    out << " (" << law->where.file;
    if (law->where.line > 0) out << ':' << law->where.line;
    out << ")\n";
  }
}

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
  if (vm.count("outputs") != 0) c.outputs = parse_outputs(vm["outputs"].as<std::string>());
  c.run.parameter_uncertainty = vm.count("uncertainty") != 0;
  // In an MPI job only the first process speaks and writes.
  if (cluster::share().rank != 0) c.quiet = true;
  return c;
}

std::vector<std::string> parse_outputs(const std::string& list) {
  std::vector<std::string> known, by_default;
  const auto add = [](std::vector<std::string>& files, const std::string& f) {
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  };
  for (const Writer* writer : registered_writers())
    for (const auto& files : {writer->run_files(), writer->comparison_files()})
      for (const auto& f : files) {
        add(known, f);
        if (!writer->on_request()) add(by_default, f);
      }
  std::vector<std::string> chosen;
  std::string problems;
  std::stringstream items(list);
  for (std::string item; std::getline(items, item, ',');) {
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    if (item.empty()) continue;
    if (item == "all" || item == "default") {
      for (const auto& f : item == "all" ? known : by_default) add(chosen, f);
    } else if (std::find(known.begin(), known.end(), item) != known.end()) {
      add(chosen, item);
    } else {
      const std::string near = closest_match(item, known);
      problems += (problems.empty() ? "" : "; ") + ("unknown output \"" + item + "\"") +
                  (near.empty() ? "" : " (did you mean \"" + near + "\"?)");
    }
  }
  if (!problems.empty()) {
    std::string all;
    for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
    throw InputError("--outputs: " + problems + "; the outputs are " + all +
                     ", or default or all");
  }
  if (chosen.empty()) throw InputError("--outputs: names no file; the outputs are listed by --help");
  return chosen;
}

bool CommonSettings::wants(const Writer& writer, bool comparison) const {
  const auto files = comparison ? writer.comparison_files() : writer.run_files();
  if (files.empty()) return false;
  if (outputs.empty()) return !writer.on_request();
  for (const auto& f : files)
    if (f == "manifest.json" ||
        std::find(outputs.begin(), outputs.end(), f) != outputs.end())
      return true;
  return false;
}

void refuse_inside(const OutputDirectory& out, const std::filesystem::path& file,
                   const char* option) {
  if (!file.empty() && out.contains(file))
    throw InputError(std::string(option) + " " + file.string() +
                     ": lies inside the output folder " + out.final_path().string() +
                     ", which the run replaces; put it outside (or choose another --out)");
}

void check_size(const LoadedScenario& s, const CommonSettings& common) {
  if (common.allow_large) return;
  const unsigned threads =
      common.run.threads != 0 ? common.run.threads : std::thread::hardware_concurrency();
  check_work(estimate_work(s.scenario, s.modules, threads));
}

RunOutcome simulate(const LoadedScenario& s, RunSettings settings, const CommonSettings& common,
                    const std::string& label, std::ostream& err) {
  ProgressLine line(err, label, !common.quiet && ::isatty(2) == 1);
  settings.progress = [&line](const Progress& p) {
    line.update(
        {p.replications_done, p.replications, p.days_done, p.days_total, p.elapsed_seconds});
  };
  RunOutcome outcome = run_replications(s.scenario, s.modules, settings);
  line.finish();
  if (!common.quiet && !outcome.warm_up_note.empty())
    err << "polku: " << label << ": " << outcome.warm_up_note << '\n';
  return outcome;
}

}  // namespace polku::cli

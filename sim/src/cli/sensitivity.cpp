// `polku sensitivity`: Morris screening and Sobol indices of chosen indicators, per area and
// year, to every uncertain parameter of a scenario.
#include "results/sensitivity.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "engine/cluster.hpp"
#include "engine/replication.hpp"
#include "output/sensitivity_output.hpp"
#include "polku/errors.hpp"
#include "results/statistics.hpp"

namespace polku::cli {

namespace {

const std::vector<std::string> kDefaultTargets = {"municipal_share_eur", "net_municipal_cost_eur",
                                                  "unemployed", "activation_rate"};

po::options_description sensitivity_options() {
  po::options_description o("Sensitivity options");
  o.add_options()  //
      ("out", po::value<std::string>(),
       "output directory (default runs/<scenario name>-sensitivity)")(
          "method", po::value<std::string>()->default_value("both"), "morris, sobol or both")(
          "samples", po::value<std::string>()->default_value("64"),
          "Sobol base samples N (N (k + 2) simulations for k parameters)")(
          "trajectories", po::value<std::string>()->default_value("10"),
          "Morris trajectories r (r (k + 1) simulations)")(
          "bootstrap", po::value<std::string>()->default_value("500"),
          "bootstrap resamples for the Sobol intervals")(
          "targets", po::value<std::string>(),
          "comma-separated indicators (default municipal_share_eur,net_municipal_cost_eur,"
          "unemployed,activation_rate)")(
          "replications", po::value<std::string>(),
          "simulations averaged per point (default 1; common random numbers at every point)")(
          "threads", po::value<std::string>(), "worker threads (default: all cores)")(
          "seed", po::value<std::string>(), "random seed (overrides the scenario)")(
          "lang", po::value<std::string>()->default_value("fi"), "page language: fi or en")(
          "quiet", "print nothing but errors");
  return o;
}

std::size_t count_option(const po::variables_map& vm, const char* name, std::size_t min,
                         std::size_t max) {
  const std::string text = vm[name].as<std::string>();
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    throw InputError(std::string("--") + name + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) + ", got \"" + text + "\"");
  return value;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream s(text);
  for (std::string part; std::getline(s, part, ',');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

/// The shape of a simulation's results without values, from the first simulated month (a
/// warm-up's months are dropped once the values are in).
RunResults result_shape(const Scenario& scenario, const IndicatorTable& indicators) {
  RunResults r;
  r.scenario = scenario.name;
  r.first_month = month_index(scenario.start);
  r.months = month_index(scenario.end) - r.first_month + 1;
  r.municipality_count = scenario.municipalities.size();
  std::vector<std::uint16_t> all(scenario.municipalities.size());
  for (std::uint16_t m = 0; m < all.size(); ++m) {
    all[m] = m;
    r.areas.push_back({scenario.municipalities[m], {m}});
  }
  for (const auto& area : scenario.areas) r.areas.push_back({area.name, area.members});
  r.areas.push_back({"total", all});
  r.indicators = indicators;
  r.replications.resize(1);
  return r;
}

}  // namespace

int command_sensitivity(const std::vector<std::string>& args, const std::string& command_line,
                        std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(sensitivity_options()).add(scenario_options()).add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  const auto scenario_file = required_scenario(vm);

  const std::string method = vm["method"].as<std::string>();
  if (method != "morris" && method != "sobol" && method != "both")
    throw InputError("--method: expected morris, sobol or both, got \"" + method + "\"");
  const bool morris = method != "sobol", sobol = method != "morris";
  const std::size_t samples = count_option(vm, "samples", 2, 1u << 20);
  const std::size_t trajectories = count_option(vm, "trajectories", 2, 1u << 20);
  const std::size_t bootstrap = count_option(vm, "bootstrap", 0, 100000);
  const auto replications = static_cast<std::uint32_t>(
      vm.count("replications") ? count_option(vm, "replications", 1, 100000) : 1);
  const unsigned threads = threads_option(vm);
  const Lang lang = parse_lang(vm["lang"].as<std::string>());
  const bool quiet = vm.count("quiet") != 0 || cluster::share().rank != 0;

  std::vector<Override> overrides = set_overrides(vm);
  if (vm.count("seed") != 0)
    overrides.push_back({"seed=" + vm["seed"].as<std::string>(), "--seed"});
  PluginHost host = make_host(vm, err);
  const LoadedScenario loaded(scenario_file, overrides, host);
  const Scenario& scenario = loaded.scenario;
  const auto& uncertain = scenario.uncertainty;
  if (uncertain.empty())
    throw InputError({scenario_file.string()}, "uncertainty",
                     "the scenario has no uncertain parameters: its modules declare none and its "
                     "`uncertainty:` block adds none");

  // The indicators the modules register, to check the targets before the work.
  IndicatorTable indicators;
  {
    const Replication probe(scenario, loaded.modules, 0);
    indicators = probe.indicators();
  }
  std::vector<std::string> names;
  for (const auto& d : indicators) names.push_back(d.name);
  const std::vector<std::string> targets =
      vm.count("targets") ? split(vm["targets"].as<std::string>()) : kDefaultTargets;
  std::vector<std::size_t> target_index;
  std::vector<Problem> problems;
  for (const auto& t : targets) {
    const auto it = std::find(names.begin(), names.end(), t);
    if (it == names.end()) {
      const std::string near = closest_match(t, names);
      // The default targets need the modules that compute them; others are skipped quietly.
      if (vm.count("targets") == 0) continue;
      Problem p;
      p.key_path = "--targets";
      p.message = "unknown indicator \"" + t + "\"" +
                  (near.empty() ? "" : " (did you mean \"" + near + "\"?)");
      problems.push_back(std::move(p));
      continue;
    }
    target_index.push_back(static_cast<std::size_t>(it - names.begin()));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  if (target_index.empty()) throw InputError("--targets: none of the indicators is in the run");

  const std::filesystem::path out_dir =
      vm.count("out") != 0 ? std::filesystem::path(vm["out"].as<std::string>())
                           : std::filesystem::path("runs") / (scenario.name + "-sensitivity");

  // The design on the unit hypercube, then the parameter values at its points.
  const std::size_t k = uncertain.size();
  sensitivity::MorrisDesign morris_design;
  sensitivity::SobolDesign sobol_design;
  std::vector<std::vector<double>> points;
  if (morris) {
    morris_design = sensitivity::morris_design(k, trajectories, scenario.seed);
    points.insert(points.end(), morris_design.points.begin(), morris_design.points.end());
  }
  const std::size_t sobol_first = points.size();
  if (sobol) {
    sobol_design = sensitivity::sobol_design(k, samples);
    points.insert(points.end(), sobol_design.points.begin(), sobol_design.points.end());
  }
  std::vector<std::vector<double>> values(points.size(), std::vector<double>(k));
  for (std::size_t j = 0; j < points.size(); ++j)
    for (std::size_t i = 0; i < k; ++i) values[j][i] = uncertain[i].quantile(points[j][i]);

  // Each simulation reduced at once to the targets: indicator × area × year.
  const RunResults shape = result_shape(scenario, indicators);
  RunResults reported = shape;  // the years after a warm-up
  reported.replications.clear();
  drop_warm_up_months(reported, scenario.report_from);
  const std::vector<YearSpan> years = years_of(reported);
  const auto reduce = [&](const IndicatorTable&, const ReplicationValues& v) {
    RunResults one = shape;
    one.replications[0] = v;
    drop_warm_up_months(one, scenario.report_from);
    std::vector<double> outputs;
    outputs.reserve(target_index.size() * shape.areas.size() * years.size());
    for (const auto i : target_index)
      for (const auto& area : shape.areas)
        for (const auto& year : years) outputs.push_back(annual_value(one, 0, year, area, i));
    return outputs;
  };
  const auto started = std::chrono::steady_clock::now();
  const auto progress = [&](std::size_t done, std::size_t total) {
    if (quiet) return;
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    err << "\rpolku: sensitivity " << done << "/" << total << " simulations, "
        << static_cast<int>(s) << " s" << (done == total ? "\n" : "") << std::flush;
  };
  if (!quiet)
    out << "polku: " << scenario.name << ": " << k << " uncertain parameters, " << points.size()
        << " points x " << replications << " replication(s)\n";
  const auto outputs =
      evaluate_points(scenario, loaded.modules, values, replications, threads, reduce, progress);
  if (cluster::share().rank != 0) return 0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  sensitivity::Report report;
  report.indicators.assign(indicators.begin(), indicators.end());
  report.scenario = scenario.name;
  report.scenario_file = scenario_file.string();
  report.seed = scenario.seed;
  for (const auto& p : uncertain) {
    report.parameters.push_back(p.path);
    report.distributions.push_back(p.describe());
  }
  report.morris = morris;
  report.sobol = sobol;
  report.trajectories = morris ? trajectories : 0;
  report.samples = sobol ? samples : 0;
  report.bootstrap = sobol ? bootstrap : 0;
  report.replications = replications;
  report.runs = points.size() * replications;
  report.wall_seconds = wall;
  report.created_utc = utc_now();
  report.polku_version = std::string(POLKU_VERSION) + " (" + git_revision() + ")";
  std::size_t o = 0;
  for (const auto i : target_index)
    for (const auto& area : shape.areas)
      for (const auto& year : years) {
        sensitivity::Target t;
        t.indicator = indicators[i].name;
        t.area = area.name;
        t.year = year.year;
        if (morris) {
          std::vector<double> f;
          for (std::size_t j = 0; j < morris_design.points.size(); ++j) f.push_back(outputs[j][o]);
          t.morris = sensitivity::morris_indices(morris_design, f);
        }
        std::vector<double> sample;
        if (sobol) {
          std::vector<double> f;
          for (std::size_t j = 0; j < sobol_design.points.size(); ++j)
            f.push_back(outputs[sobol_first + j][o]);
          t.sobol = sensitivity::sobol_indices(sobol_design, f, bootstrap, scenario.seed + o);
          sample.assign(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(2 * samples));
        } else {
          for (std::size_t j = 0; j < morris_design.points.size(); ++j)
            sample.push_back(outputs[j][o]);
        }
        const Quantiles q = summarise_in_place(sample);
        t.mean = q.mean;
        double ss = 0.0, n = 0.0;
        for (double x : sample)
          if (std::isfinite(x)) {
            ss += (x - q.mean) * (x - q.mean);
            n += 1.0;
          }
        t.sd = n > 1 ? std::sqrt(ss / (n - 1.0)) : std::nan("");
        report.targets.push_back(std::move(t));
        ++o;
      }

  OutputDirectory staging(out_dir);
  {
    std::ofstream csv(staging.staging() / "sensitivity.csv", std::ios::binary);
    write_sensitivity_csv(report, csv);
    std::ofstream html(staging.staging() / "sensitivity.html", std::ios::binary);
    write_sensitivity_html(report, html, lang);
    if (!csv || !html) throw std::runtime_error("cannot write the sensitivity files");
  }
  write_sensitivity_xlsx(report, staging.staging() / "sensitivity.xlsx");
  {
    nlohmann::ordered_json m;
    m["polku_version"] = POLKU_VERSION;
    m["git_revision"] = git_revision();
    m["created_utc"] = report.created_utc;
    m["command_line"] = command_line;
    m["kind"] = "sensitivity";
    m["scenario_name"] = scenario.name;
    m["scenario_file"] = scenario_file.string();
    m["seed"] = scenario.seed;
    m["method"] = method;
    m["sobol_samples"] = report.samples;
    m["morris_trajectories"] = report.trajectories;
    m["bootstrap"] = report.bootstrap;
    m["replications_per_point"] = replications;
    m["simulations"] = report.runs;
    m["processes"] = cluster::share().ranks;
    m["wall_time_seconds"] = wall;
    m["parameters"] = nlohmann::ordered_json::array();
    for (const auto& p : uncertain)
      m["parameters"].push_back(
          {{"path", p.path}, {"distribution", p.describe()}, {"declared_by", p.declared_by}});
    std::ofstream f(staging.staging() / "manifest.json", std::ios::binary);
    f << m.dump(2) << '\n';
  }
  staging.commit();
  if (!quiet)
    out << "polku: " << report.runs << " simulations in " << wall << " s\nResults in "
        << out_dir.string() << "/\n";
  return 0;
}

}  // namespace polku::cli

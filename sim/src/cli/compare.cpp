// `polku compare`: two scenarios with paired replications, each run's outputs and their comparison.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "engine/cluster.hpp"
#include "output/results_sqlite.hpp"
#include "polku/errors.hpp"
#include "results/statistics.hpp"

namespace polku::cli {

namespace {

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
  j["git_revision"] = git_revision();
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

}  // namespace

int command_compare(const std::vector<std::string>& args, const std::string& command_line,
                    std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(run_options()).add(scenario_options()).add(plugin_options());
  options.add_options()("scenarios", po::value<std::vector<std::string>>())(
      "set-variant", po::value<std::vector<std::string>>()->composing(),
      "override a value of the variant only, e.g. --set-variant "
      "modules.counselling.counsellor_fte.Kempele=12 (repeatable); --set changes both");
  const auto vm = parse(args, options, "scenarios", 2);
  const auto files = strings(vm, "scenarios");
  if (files.size() != 2) throw InputError("compare needs two scenarios: BASE.yaml VARIANT.yaml");
  const CommonSettings common = common_settings(vm);

  PluginHost host = make_host(vm, err);
  const LoadedScenario base(files[0], common.overrides, host);
  // The variant: --set, then --set-variant (which wins), then what pairing needs.
  std::vector<Override> variant_overrides = common.overrides;
  std::vector<std::string> notes;
  const auto what_if = strings(vm, "set-variant");
  for (const auto& assignment : what_if) {
    variant_overrides.push_back({assignment, "--set-variant"});
    notes.push_back("variant: --set-variant " + assignment);
  }
  const std::size_t requested = variant_overrides.size();
  auto variant = std::make_unique<LoadedScenario>(files[1], variant_overrides, host);
  // A what-if of the same scenario is told apart from its base by name (a name it sets wins).
  const bool names_itself = std::any_of(what_if.begin(), what_if.end(),
                                        [](const std::string& a) { return a.starts_with("name="); });
  if (!what_if.empty() && !names_itself && variant->scenario.name == base.scenario.name)
    variant_overrides.push_back(
        {"name=" + base.scenario.name.substr(0, 90) + "-what-if", "--set-variant"});
  // Pairing needs the same seed and replication count; the base's values win.
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
  if (variant_overrides.size() != requested)
    variant = std::make_unique<LoadedScenario>(files[1], variant_overrides, host);
  check_size(base, common);
  check_size(*variant, common);

  const std::filesystem::path out_dir =
      vm.count("out") != 0
          ? std::filesystem::path(vm["out"].as<std::string>())
          : std::filesystem::path("runs") / (base.scenario.name + "-vs-" + variant->scenario.name);
  // In an MPI job every process simulates its share; the first gathers them and writes.
  if (cluster::share().rank != 0) {
    (void)simulate(base, common.run, common, "base", err);
    (void)simulate(*variant, common.run, common, "variant", err);
    return 0;
  }
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
      write_run_outputs(base_dir, base, base_outcome, host, command_line, "", common, err);
  const RunReport variant_run =
      write_run_outputs(variant_dir, *variant, variant_outcome, host, command_line, "", common, err);

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
    if (common.wants(*writer, true)) writer->write_comparison(cmp, staging.staging(), common.write);
  if (common.db)  // both runs in one transaction: both or neither
    append_runs_sqlite(
        *common.db, {{base_run, base_run.manifest_json}, {variant_run, variant_run.manifest_json}});
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

}  // namespace polku::cli

// `polku run`: one scenario, its outputs, optionally a checkpoint and a --db database.
#include <ostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "engine/cluster.hpp"
#include "output/results_sqlite.hpp"
#include "polku/calendar.hpp"
#include "polku/errors.hpp"

namespace polku::cli {

namespace {

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

}  // namespace

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

  // In an MPI job every process simulates its share; the first gathers them and writes.
  if (cluster::share().rank != 0) {
    (void)simulate(loaded, settings, common, scenario.name, err);
    return 0;
  }
  OutputDirectory staging(out_dir);
  refuse_inside(staging, common.db.value_or(std::filesystem::path{}), "--db");
  refuse_inside(staging, settings.checkpoint_file, "--checkpoint");
  refuse_inside(staging, settings.restore_file, "--restore");
  const RunOutcome outcome = simulate(loaded, settings, common, scenario.name, err);
  const RunReport report = write_run_outputs(staging.staging(), loaded, outcome, host, command_line,
                                             settings.restore_file.string(), common, err);
  // Last before the commit: a failure earlier leaves the database untouched.
  if (common.db) append_runs_sqlite(*common.db, {{report, report.manifest_json}});
  staging.commit();

  if (!common.quiet) {
    out << "polku: " << scenario.name << ": " << scenario.replications << " replications, "
        << outcome.agent_days / 1e6 << " M agent-days in " << outcome.wall_seconds << " s\n";
    out << "Results in " << out_dir.string() << "/\n";
    if (common.db)
      out << "Run " << report.provenance.manifest_sha256 << " added to " << common.db->string()
          << '\n';
  }
  return 0;
}

}  // namespace polku::cli

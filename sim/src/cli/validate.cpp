// `polku validate`: a scenario checked against the plugins' schemas, and its estimated work.
#include <ostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "engine/workload.hpp"
#include "polku/calendar.hpp"

namespace polku::cli {

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(scenario_options()).add(plugin_options());
  options.add_options()("scenario", po::value<std::string>());
  const auto vm = parse(args, options, "scenario", 1);
  PluginHost host = make_host(vm, err);
  const LoadedScenario loaded(required_scenario(vm), set_overrides(vm), host);
  const Scenario& scenario = loaded.scenario;
  out << "Scenario '" << scenario.name << "' is valid: " << iso_date(scenario.report_from) << " to "
      << iso_date(scenario.end)
      << (scenario.warm_up ? " (warm-up from " + iso_date(scenario.start) + " under " +
                                 scenario.warm_up->scenario_file.filename().string() + ")"
                           : std::string())
      << (scenario.macro_path.empty() ? std::string() : ", macro path " + scenario.macro_path)
      << ", " << scenario.municipalities.size() << " municipalities, " << scenario.modules.size()
      << " modules, " << scenario.replications << " replications.\n"
      << "Estimated work: "
      << describe(estimate_work(scenario, loaded.modules, std::thread::hardware_concurrency()))
      << ".\n";
  write_law_caveats(scenario.law_sources, out);
  return 0;
}

}  // namespace polku::cli

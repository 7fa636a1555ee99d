// `polku serve`: the workshop web application on this machine (see serve/server.hpp).
#include <charconv>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "polku/errors.hpp"
#include "serve/server.hpp"

namespace polku::cli {

namespace {

unsigned whole(const po::variables_map& vm, const char* option, unsigned min, unsigned max,
               unsigned fallback) {
  if (vm.count(option) == 0) return fallback;
  const std::string text = vm[option].as<std::string>();
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    throw InputError(std::string("--") + option + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) + ", got \"" + text + "\"");
  return value;
}

}  // namespace

int command_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()                                                                       //
      ("host", po::value<std::string>()->default_value("127.0.0.1"), "address to listen on")  //
      ("port", po::value<std::string>(), "port (default 8470; 0: any free port)")             //
      ("scenarios", po::value<std::string>()->default_value("scenarios"),
       "folder whose *.yaml files are the base scenarios offered")                           //
      ("work-dir", po::value<std::string>(), "where the server's temporary folder is made")  //
      ("replications", po::value<std::string>(), "default replications of a question (4)")   //
      ("max-replications", po::value<std::string>(), "most replications a question may ask (64)")(
          "threads", po::value<std::string>(), "worker threads of a run (default: all cores)");
  const auto vm = parse(args, options, "", 0);
  serve::ServeOptions o;
  o.host = vm["host"].as<std::string>();
  o.port = static_cast<int>(whole(vm, "port", 0, 65535, 8470));
  o.scenarios = vm["scenarios"].as<std::string>();
  if (vm.count("work-dir") != 0) o.work_dir = vm["work-dir"].as<std::string>();
  o.max_replications = whole(vm, "max-replications", 1, 100000, 64);
  o.default_replications = whole(vm, "replications", 1, o.max_replications, 4);
  o.threads = threads_option(vm);
  for (const auto& dir : strings(vm, "plugin-path")) o.plugin_path.emplace_back(dir);
  make_host(vm, err);  // warns of a --plugin-path that is no folder
  return serve::run_server(o, out, err);
}

}  // namespace polku::cli

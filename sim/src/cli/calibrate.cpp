// `polku calibrate`: fitted scenario parameters written as an overlay.
#include <ostream>

#include "calibration/calibration.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "output/output_directory.hpp"
#include "polku/errors.hpp"

namespace polku::cli {

int command_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options;
  options.add(plugin_options());
  options.add_options()  //
      ("out", po::value<std::string>(),
       "overlay file to write (default: the calibration file's output)")(
          "threads", po::value<std::string>(), "worker threads (default: all cores)")  //
      ("quiet", "do not report each evaluation on stderr")                             //
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

}  // namespace polku::cli

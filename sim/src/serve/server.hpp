/// @file server.hpp
/// `polku serve`: a local web application for workshops. A facilitator picks a base scenario from
/// an allow-list (the scenario files of one folder, chosen by name), changes the levers plugins
/// mark (`ParamSpec::lever`), and gets the paired comparison with the base (common random
/// numbers) as a headline table and a few series. Questions run one at a time on a worker thread
/// in the order asked; the base run of a (scenario, replications, seed) is computed once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace polku::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";                 ///< localhost unless told otherwise
  int port = 8470;                                ///< 0: any free port (printed on start)
  std::filesystem::path scenarios = "scenarios";  ///< the allow-list: its *.yaml files
  /// Where the server's own folder is made (removed on exit); empty: the OS temp folder.
  std::filesystem::path work_dir;
  std::vector<std::filesystem::path> plugin_path;
  unsigned default_replications = 4;
  unsigned max_replications = 64;
  unsigned threads = 0;                    ///< for the runs; 0 = every core
  std::size_t max_body_bytes = 64 * 1024;  ///< larger request bodies get 413
};

/// Serves until SIGINT or SIGTERM; returns the exit code. Prints the address it listens on as
/// the first line of `out` ("polku serve: listening on http://HOST:PORT/").
int run_server(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace polku::serve

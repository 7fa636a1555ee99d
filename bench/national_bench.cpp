// National-size throughput benchmark: simulated agent-days per second and peak memory.
//
// Either a scenario file run for Y years from its start (--scenario, e.g. the national scenario
// with the full pathways), or a synthetic population of N job-seekers over M municipalities with
// the four foundation modules only. Each thread count runs as many replications as threads, so the
// figure per thread is comparable to the single-thread one. Outputs are not written.
//
//   polku_bench [--scenario FILE] [--jobseekers N] [--municipalities M] [--years Y] [--threads
//   T]...
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "scenario/load.hpp"

namespace {

std::string synthetic_scenario(long jobseekers, int municipalities, int years,
                               unsigned replications) {
  // Mean spell under the default exit hazard is about 505 days, so this inflow keeps the stock
  // flat.
  constexpr double kMeanSpellDays = 505.0;
  std::string names, stock, inflow;
  for (int m = 0; m < municipalities; ++m) {
    // Uneven sizes, like real municipalities: weights 1..10 repeating.
    const double weight = 1 + m % 10;
    const double total_weight = 5.5 * municipalities;
    const double n = jobseekers * weight / total_weight;
    std::string name = "M";  // appended, not "M" + ...: GCC 12 warns falsely (-Wrestrict) on that
    name += std::to_string(m);
    names += (m ? ", " : "") + name;
    stock += (m ? ", " : "") + name + ": " + std::to_string(static_cast<long>(n));
    inflow += (m ? ", " : "") + name + ": " + std::to_string(n / kMeanSpellDays);
  }
  return "name: national-bench\nstart: 2025-01-01\nend: " + std::to_string(2025 + years - 1) +
         "-12-31\nseed: 1\nreplications: " + std::to_string(replications) + "\nmunicipalities: [" +
         names + "]\nmodules:\n  initial_stock: {jobseekers: {" + stock +
         "}}\n  inflow: {daily_rate: {" + inflow +
         "}}\n  employment_exit: {}\n  jobseeker_stock: {}\n";
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenario_file;
  long jobseekers = 300000;
  int municipalities = 300;
  int years = 10;
  std::vector<unsigned> threads;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scenario")
      scenario_file = argv[i + 1];
    else if (flag == "--jobseekers")
      jobseekers = std::atol(argv[i + 1]);
    else if (flag == "--municipalities")
      municipalities = std::atoi(argv[i + 1]);
    else if (flag == "--years")
      years = std::atoi(argv[i + 1]);
    else if (flag == "--threads")
      threads.push_back(static_cast<unsigned>(std::atoi(argv[i + 1])));
  }
  if (threads.empty()) threads = {1, 2};

  const auto dir = std::filesystem::temp_directory_path() / "polku-bench";
  std::filesystem::create_directories(dir);
  std::printf(
      "| threads | replications | agent-days | events | wall s | M agent-days/s | per thread | M "
      "events/s | peak RSS MiB |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (unsigned t : threads) {
    std::filesystem::path file = scenario_file;
    std::vector<polku::Override> overrides = {{"replications=" + std::to_string(t)}};
    polku::PluginHost host(polku::PluginHost::default_search_path({}));
    if (scenario_file.empty()) {
      file = dir / ("national-" + std::to_string(t) + ".yaml");
      std::ofstream(file) << synthetic_scenario(jobseekers, municipalities, years, t);
    } else {
      // The given number of years from the scenario's own start.
      const auto start = polku::load_scenario(file, overrides, host).start;
      const auto ymd = polku::ymd_of(start);
      overrides.push_back(
          {"end=" +
           polku::iso_date(polku::day_from_ymd(ymd.year + years, ymd.month, ymd.day) - 1)});
    }
    const auto scenario = polku::load_scenario(file, overrides, host);
    const auto modules = polku::order_modules(scenario, host);
    polku::RunSettings settings;
    settings.threads = t;
    const auto outcome = polku::run_replications(scenario, modules, settings);
    const double rate = outcome.agent_days / outcome.wall_seconds / 1e6;
    std::printf("| %u | %u | %.3g | %.3g | %.2f | %.0f | %.0f | %.1f | %.0f |\n", t,
                scenario.replications, outcome.agent_days, static_cast<double>(outcome.events),
                outcome.wall_seconds, rate, rate / t, outcome.events / outcome.wall_seconds / 1e6,
                peak_rss_mib());
    std::fflush(stdout);
  }
  std::filesystem::remove_all(dir);
}

#include "engine/workload.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "polku/errors.hpp"

namespace polku {
namespace {

/// Arrivals are counted over at most this many days (see `estimate_work`).
constexpr double kRegistrationHorizonDays = 730;
/// Memory per registered job-seeker with its events and module state: a national replication
/// measured about 700 bytes (docs/performance.md); rounded up.
constexpr double kBytesPerJobseeker = 800;
/// Monthly values kept per municipality: the built-in modules register about 230 indicators.
constexpr double kIndicatorsPerMunicipality = 400;

double physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<double>(pages) * static_cast<double>(page_size)
                                    : 8.0 * (1u << 30);
}

std::string number(double v, const char* format) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

}  // namespace

WorkEstimate estimate_work(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
                           unsigned threads) {
  double initial = 0;
  double arrivals_per_day = 0;
  for (const auto& m : modules) {
    if (m.plugin->workload == nullptr) continue;
    const Workload w = m.plugin->workload(*m.params);
    initial += w.initial_jobseekers;
    arrivals_per_day += w.arrivals_per_day;
  }
  const double days = static_cast<double>(scenario.end - scenario.start) + 1;
  const double months = days / 30.44 + 1;
  const double replications = scenario.replications;
  const double in_flight =
      std::min(replications, threads == 0 ? 1.0 : static_cast<double>(threads));

  WorkEstimate e;
  e.days = days;
  e.peak_jobseekers = initial + arrivals_per_day * std::min(days, kRegistrationHorizonDays);
  e.agent_days = e.peak_jobseekers * days * replications;
  const double per_replication = e.peak_jobseekers * kBytesPerJobseeker + days * 24.0;
  const double results = replications * months *
                         static_cast<double>(scenario.municipalities.size()) *
                         kIndicatorsPerMunicipality * sizeof(double);
  e.memory_bytes = in_flight * per_replication + results;
  return e;
}

std::string describe(const WorkEstimate& e) {
  return number(e.days, "%.0f") + " days, about " + number(e.peak_jobseekers, "%.3g") +
         " job-seekers at a time, " + number(e.agent_days, "%.2g") + " agent-days and " +
         number(e.memory_bytes / (1u << 30), "%.2g") + " GiB of memory";
}

void check_work(const WorkEstimate& e, WorkLimits limits) {
  if (limits.memory_bytes <= 0) limits.memory_bytes = physical_memory_bytes() / 2;
  std::string over;
  if (e.days > limits.days) over = "the limit is " + number(limits.days, "%.0f") + " days";
  if (e.agent_days > limits.agent_days)
    over += std::string(over.empty() ? "" : " and ") + "the limit is " +
            number(limits.agent_days, "%.2g") + " agent-days";
  if (e.memory_bytes > limits.memory_bytes)
    over += std::string(over.empty() ? "" : " and ") + "the memory limit is " +
            number(limits.memory_bytes / (1u << 30), "%.2g") +
            " GiB (half of this machine's memory)";
  if (over.empty()) return;
  throw InputError("the run is estimated at " + describe(e) + "; " + over +
                   ". Check the dates, replications and job-seeker numbers, or give --allow-large "
                   "to run it anyway");
}

}  // namespace polku

/// @file workload.hpp
/// A run's work and memory, estimated from the scenario alone before anything is allocated, so an
/// accidental giant (`--set end=9999-12-31`, millions of job-seekers per municipality) is refused
/// with the numbers instead of running for days or exhausting memory.
#pragma once

#include <span>
#include <string>

#include "engine/replication.hpp"
#include "scenario/scenario.hpp"

namespace polku {

struct WorkEstimate {
  double days = 0;             ///< simulated days of one replication
  double peak_jobseekers = 0;  ///< per replication, an upper estimate
  double agent_days = 0;       ///< over all replications
  double memory_bytes = 0;     ///< replications in flight plus the results kept
};

struct WorkLimits {
  double days = 36525;       ///< a century: beyond it no rule or datum means anything
  double agent_days = 2e11;  ///< about a quarter of an hour on two cores at the measured speed
  double memory_bytes = 0;   ///< 0: half the machine's physical memory
};

/// Estimates from the modules' declared workloads (see `Workload` in plugin.hpp): the start-day
/// stock plus at most two years of arrivals at the highest declared rate (registrations rarely
/// last longer, so the stock stops growing), times the simulated days and replications.
[[nodiscard]] WorkEstimate estimate_work(const Scenario& scenario,
                                         std::span<const ModuleBlueprint> modules,
                                         unsigned threads);

/// One line for people: "about 1.2 M job-seekers, 3.4e10 agent-days, 2.1 GiB".
[[nodiscard]] std::string describe(const WorkEstimate& estimate);

/// @throws InputError naming the estimate, the limit and `--allow-large` when it is exceeded
void check_work(const WorkEstimate& estimate, WorkLimits limits = {});

}  // namespace polku

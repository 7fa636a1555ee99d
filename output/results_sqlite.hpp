/// @file results_sqlite.hpp
/// `results.sqlite`: runs, their parameters, indicators and summaries in tables R or Python can
/// query. Several runs accumulate in one file, each identified by its manifest hash.
///
/// Schema (created when missing):
///   runs(run_id TEXT PRIMARY KEY, scenario, seed, replications, version, git_revision, created,
///        rule_sources, manifest)                      -- run_id = SHA-256 of manifest.json
///   parameters(run_id, key, value)                    -- resolved scenario, flattened key paths
///   indicators(run_id, replication, month, area, indicator, value)   -- replication from 1
///   summary(run_id, month, area, indicator, mean, p05, p50, p95)
///   annual(run_id, year, area, indicator, mean, p05, p50, p95)
/// with indexes on (run_id, indicator, area, month|year) and (run_id, key). Missing values (NA)
/// are NULL.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "results/run_report.hpp"

namespace polku {

/// Checks before a long run that `path` can take one: an existing file must be a SQLite database
/// that can be locked for writing; for a new file the directory must exist and be writable.
/// Throws `InputError` (exit code 2) saying why not. Changes nothing.
void check_sqlite_target(const std::filesystem::path& path);

/// A run to store: its report and the exact bytes of its manifest.json (stored in `runs`).
struct StoredRun {
  const RunReport& report;
  const std::string& manifest_json;
};

/// Appends `runs` to the database at `path`, creating the file and the tables when missing. All
/// rows go in one transaction with prepared statements: on any failure nothing of the runs is
/// left (and a file created by this call is removed). Throws `InputError` when the file is not a
/// usable database or already holds one of the run ids, `std::runtime_error` for other SQLite
/// failures.
void append_runs_sqlite(const std::filesystem::path& path, const std::vector<StoredRun>& runs);

}  // namespace polku

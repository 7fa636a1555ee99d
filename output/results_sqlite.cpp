#include "output/results_sqlite.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "output/writer.hpp"
#include "polku/calendar.hpp"
#include "polku/errors.hpp"

namespace polku {

namespace fs = std::filesystem;

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

constexpr const char* kTables = R"(
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, scenario TEXT NOT NULL, seed INTEGER NOT NULL,
  replications INTEGER NOT NULL, version TEXT NOT NULL, git_revision TEXT, created TEXT NOT NULL,
  rule_sources TEXT, manifest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parameters (run_id TEXT NOT NULL, key TEXT NOT NULL, value);
-- Per-replication values are the bulk of a database (millions of rows for a national run), so
-- they are stored with small integer keys and read through the view `indicators`.
CREATE TABLE IF NOT EXISTS run_numbers (run_no INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS names (name_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS indicator_values (
  run_no INTEGER NOT NULL, replication INTEGER NOT NULL, month_id INTEGER NOT NULL,
  area_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL, value REAL);
CREATE VIEW IF NOT EXISTS indicators AS
  SELECT r.run_id AS run_id, v.replication AS replication, m.name AS month, a.name AS area,
         i.name AS indicator, v.value AS value
  FROM indicator_values v JOIN run_numbers r ON r.run_no = v.run_no
  JOIN names m ON m.name_id = v.month_id JOIN names a ON a.name_id = v.area_id
  JOIN names i ON i.name_id = v.indicator_id;
CREATE TABLE IF NOT EXISTS summary (
  run_id TEXT NOT NULL, month TEXT NOT NULL, area TEXT NOT NULL, indicator TEXT NOT NULL,
  mean REAL, p05 REAL, p50 REAL, p95 REAL);
CREATE TABLE IF NOT EXISTS annual (
  run_id TEXT NOT NULL, year INTEGER NOT NULL, area TEXT NOT NULL, indicator TEXT NOT NULL,
  mean REAL, p05 REAL, p50 REAL, p95 REAL);
)";

constexpr const char* kIndexes = R"(
CREATE INDEX IF NOT EXISTS parameters_run_key ON parameters (run_id, key);
CREATE INDEX IF NOT EXISTS indicator_values_run ON indicator_values (run_no, indicator_id, area_id, month_id);
CREATE INDEX IF NOT EXISTS summary_run_indicator ON summary (run_id, indicator, area, month);
CREATE INDEX IF NOT EXISTS annual_run_indicator ON annual (run_id, indicator, area, year);
)";

[[noreturn]] void fail(sqlite3* db, const fs::path& path, const std::string& what) {
  const std::string message = "database " + path.string() + ": " + what + ": " +
                              (db ? sqlite3_errmsg(db) : "out of memory");
  const int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
  // A file that is not a database, read-only, locked or unopenable is the user's input.
  if (code == SQLITE_NOTADB || code == SQLITE_READONLY || code == SQLITE_CANTOPEN ||
      code == SQLITE_BUSY || code == SQLITE_PERM || code == SQLITE_CORRUPT ||
      code == SQLITE_CONSTRAINT || code == SQLITE_ERROR)
    throw InputError(message);
  if (code == SQLITE_FULL || code == SQLITE_IOERR) throw EnvironmentError(message);
  throw std::runtime_error(message);
}

Db open(const fs::path& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) fail(db.get(), path, "cannot open");
  sqlite3_busy_timeout(db.get(), 2000);
  return db;
}

void exec(sqlite3* db, const fs::path& path, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, path, sql);
}

Statement prepare(sqlite3* db, const fs::path& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
    fail(db, path, std::string("cannot prepare ") + sql);
  return Statement(raw);
}

/// Strings bound here outlive the step that reads them, so SQLite need not copy them.
void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void bind_real(sqlite3_stmt* s, int index, double value) {
  if (std::isnan(value))
    sqlite3_bind_null(s, index);
  else
    sqlite3_bind_double(s, index, value);
}

void bind_json(sqlite3_stmt* s, int index, const nlohmann::json& value, std::string& keep) {
  if (value.is_number_integer()) {
    sqlite3_bind_int64(s, index, value.get<std::int64_t>());
  } else if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      sqlite3_bind_int64(s, index, static_cast<std::int64_t>(u));
    } else {
      keep = std::to_string(u);
      bind_text(s, index, keep);
    }
  } else if (value.is_number_float()) {
    bind_real(s, index, value.get<double>());
  } else if (value.is_boolean()) {
    sqlite3_bind_int(s, index, value.get<bool>() ? 1 : 0);
  } else if (value.is_string()) {
    keep = value.get<std::string>();
    bind_text(s, index, keep);
  } else if (value.is_null()) {
    sqlite3_bind_null(s, index);
  } else {
    keep = value.dump();  // an empty object or array
    bind_text(s, index, keep);
  }
}

void step(sqlite3* db, const fs::path& path, sqlite3_stmt* s, const char* what) {
  if (sqlite3_step(s) != SQLITE_DONE) fail(db, path, what);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

void insert_summary(sqlite3* db, const fs::path& path, const std::string& run_id,
                    const SummaryTable& table, const char* sql, bool annual) {
  const Statement s = prepare(db, path, sql);
  for (std::size_t p = 0; p < table.periods.size(); ++p)
    for (std::size_t a = 0; a < table.areas.size(); ++a)
      for (std::size_t i = 0; i < table.indicators.size(); ++i) {
        bind_text(s.get(), 1, run_id);
        if (annual)
          sqlite3_bind_int(s.get(), 2, std::stoi(table.periods[p]));
        else
          bind_text(s.get(), 2, table.periods[p]);
        bind_text(s.get(), 3, table.areas[a].name);
        bind_text(s.get(), 4, table.indicators[i].name);
        const Quantiles& q = table.at(p, a, i);
        bind_real(s.get(), 5, q.mean);
        bind_real(s.get(), 6, q.p05);
        bind_real(s.get(), 7, q.p50);
        bind_real(s.get(), 8, q.p95);
        step(db, path, s.get(), "cannot insert a summary row");
      }
}

void insert_run(sqlite3* db, const fs::path& path, const RunReport& run,
                const std::string& manifest_json) {
  const std::string& run_id = run.provenance.manifest_sha256;
  {
    const Statement s = prepare(db, path, "SELECT 1 FROM runs WHERE run_id = ?");
    bind_text(s.get(), 1, run_id);
    if (sqlite3_step(s.get()) == SQLITE_ROW)
      throw InputError("database " + path.string() + ": already holds run " + run_id);
  }
  {
    const Statement s = prepare(
        db, path,
        "INSERT INTO runs (run_id, scenario, seed, replications, version, git_revision, created, "
        "rule_sources, manifest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::string keep;
    const std::string sources = run.rule_sources();
    bind_text(s.get(), 1, run_id);
    bind_text(s.get(), 2, run.provenance.scenario);
    bind_json(s.get(), 3, nlohmann::json(run.provenance.seed), keep);
    sqlite3_bind_int64(s.get(), 4, run.provenance.replications);
    bind_text(s.get(), 5, run.provenance.polku_version);
    bind_text(s.get(), 6, run.provenance.git_revision);
    bind_text(s.get(), 7, run.provenance.created_utc);
    bind_text(s.get(), 8, sources);
    bind_text(s.get(), 9, manifest_json);
    step(db, path, s.get(), "cannot insert the run");
  }
  {
    const Statement s =
        prepare(db, path, "INSERT INTO parameters (run_id, key, value) VALUES (?, ?, ?)");
    for (const auto& [key, value] : flatten_parameters(run.parameters)) {
      std::string keep;
      bind_text(s.get(), 1, run_id);
      bind_text(s.get(), 2, key);
      bind_json(s.get(), 3, value, keep);
      step(db, path, s.get(), "cannot insert a parameter");
    }
  }
  {
    const RunResults& results = *run.results;
    // Integer keys for the run and for every month, area and indicator name.
    const auto key_of = [&](const char* insert, const char* select, const std::string& text) {
      const Statement add = prepare(db, path, insert);
      bind_text(add.get(), 1, text);
      step(db, path, add.get(), "cannot insert a name");
      const Statement find = prepare(db, path, select);
      bind_text(find.get(), 1, text);
      if (sqlite3_step(find.get()) != SQLITE_ROW) fail(db, path, "cannot read back a name");
      return sqlite3_column_int64(find.get(), 0);
    };
    const auto name_key = [&](const std::string& name) {
      return key_of("INSERT OR IGNORE INTO names (name) VALUES (?)",
                    "SELECT name_id FROM names WHERE name = ?", name);
    };
    const sqlite3_int64 run_no = key_of("INSERT INTO run_numbers (run_id) VALUES (?)",
                                        "SELECT run_no FROM run_numbers WHERE run_id = ?", run_id);
    std::vector<sqlite3_int64> months, areas, indicators;
    for (int m = 0; m < results.months; ++m)
      months.push_back(name_key(month_label(results.first_month + m)));
    for (const auto& area : results.areas) areas.push_back(name_key(area.name));
    for (const auto& def : results.indicators) indicators.push_back(name_key(def.name));
    const Statement s =
        prepare(db, path,
                "INSERT INTO indicator_values (run_no, replication, month_id, area_id, "
                "indicator_id, value) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t r = 0; r < results.replications.size(); ++r)
      for (int m = 0; m < results.months; ++m)
        for (std::size_t a = 0; a < results.areas.size(); ++a)
          for (std::size_t i = 0; i < results.indicators.size(); ++i) {
            sqlite3_bind_int64(s.get(), 1, run_no);
            sqlite3_bind_int64(s.get(), 2, static_cast<sqlite3_int64>(r + 1));
            sqlite3_bind_int64(s.get(), 3, months[static_cast<std::size_t>(m)]);
            sqlite3_bind_int64(s.get(), 4, areas[a]);
            sqlite3_bind_int64(s.get(), 5, indicators[i]);
            bind_real(s.get(), 6, results.area_value(r, m, results.areas[a], i));
            step(db, path, s.get(), "cannot insert an indicator value");
          }
  }
  insert_summary(db, path, run_id, run.monthly,
                 "INSERT INTO summary (run_id, month, area, indicator, mean, p05, p50, p95) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 false);
  insert_summary(db, path, run_id, run.annual,
                 "INSERT INTO annual (run_id, year, area, indicator, mean, p05, p50, p95) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 true);
}

}  // namespace

namespace {
/// Tables in the database, or only those named `name` when it is not empty.
int table_count(sqlite3* db, const std::string& name) {
  sqlite3_stmt* raw = nullptr;
  const std::string sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table'" +
                          std::string(name.empty() ? "" : " AND name = ?1");
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return 0;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  if (!name.empty()) sqlite3_bind_text(raw, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  return sqlite3_step(raw) == SQLITE_ROW ? sqlite3_column_int(raw, 0) : 0;
}
}  // namespace

void check_sqlite_target(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::exists(status)) {
    if (!fs::is_regular_file(status))
      throw InputError("--db " + path.string() + ": exists and is not a file");
    const Db db = open(path, SQLITE_OPEN_READWRITE);
    // Reading the schema detects "not a database"; BEGIN IMMEDIATE takes the write lock.
    exec(db.get(), path, "SELECT count(*) FROM sqlite_master");
    // Polku adds to its own databases only, never to someone else's.
    if (table_count(db.get(), "") > 0 && table_count(db.get(), "runs") == 0)
      throw InputError("--db " + path.string() +
                       ": is a database Polku did not create (it has no runs table); Polku adds "
                       "runs only to its own databases");
    exec(db.get(), path, "BEGIN IMMEDIATE");
    exec(db.get(), path, "ROLLBACK");
    return;
  }
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw InputError("--db " + path.string() + ": directory " + dir.string() + " does not exist");
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError("--db " + path.string() + ": cannot create a file in " + dir.string() +
                     " (no write permission)");
}

void append_runs_sqlite(const fs::path& path, const std::vector<StoredRun>& runs) {
  std::error_code ec;
  const bool created = !fs::exists(path, ec);
  try {
    const Db db = open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // A big page cache keeps index updates of ~10^6 rows in memory. A file made here needs no
    // rollback journal: on failure it is deleted, and the output directory is staged anyway.
    exec(db.get(), path, "PRAGMA cache_size = -262144");
    if (created) exec(db.get(), path, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
    exec(db.get(), path, "BEGIN IMMEDIATE");
    try {
      exec(db.get(), path, kTables);
      // Indexes built once over a fresh file's rows are much faster than maintained row by row.
      if (!created) exec(db.get(), path, kIndexes);
      for (const auto& run : runs) insert_run(db.get(), path, run.report, run.manifest_json);
      if (created) exec(db.get(), path, kIndexes);
      exec(db.get(), path, "COMMIT");
    } catch (...) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  } catch (...) {
    if (created) {
      fs::remove(path, ec);
      fs::remove(fs::path(path.string() + "-journal"), ec);
    }
    throw;
  }
}

// A run's own database in its folder. With --db the runs go to the user's database instead, last of
// all, so that a failure leaves it untouched: the command does that, not this writer.
const Writer& results_sqlite_writer() {
  static const FileWriter writer("results.sqlite", [](const fs::path& file, const RunReport& run,
                                                      const WriteOptions& options) {
    if (options.database_in_folder) append_runs_sqlite(file, {{run, run.manifest_json}});
  });
  return writer;
}

}  // namespace polku

#include "output/results_sqlite.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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

/// The layout's version (`PRAGMA user_version`). Version 1 (before 2) repeated the run id and
/// the text keys in every summary row; a database of that layout is refused rather than mixed.
constexpr int kSchemaVersion = 2;

// Every table of values is keyed by small integers (the run's number, and the name ids of months,
// areas and indicators) and stored WITHOUT ROWID in its key's order, so the key is the only index
// and a national run's millions of rows take a few bytes each. The views give the readable form.
constexpr const char* kTables = R"(
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, scenario TEXT NOT NULL, seed INTEGER NOT NULL,
  replications INTEGER NOT NULL, version TEXT NOT NULL, git_revision TEXT, created TEXT NOT NULL,
  rule_sources TEXT, manifest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parameters (run_id TEXT NOT NULL, key TEXT NOT NULL, value);
CREATE TABLE IF NOT EXISTS run_numbers (run_no INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS names (name_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS indicator_info (
  run_no INTEGER NOT NULL, indicator_id INTEGER NOT NULL, measure TEXT, unit_fi TEXT,
  unit_en TEXT, label_fi TEXT, label_en TEXT, declared_by TEXT,
  PRIMARY KEY (run_no, indicator_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS indicator_values (
  run_no INTEGER NOT NULL, indicator_id INTEGER NOT NULL, area_id INTEGER NOT NULL,
  month_id INTEGER NOT NULL, replication INTEGER NOT NULL, value REAL,
  PRIMARY KEY (run_no, indicator_id, area_id, month_id, replication)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS summary_values (
  run_no INTEGER NOT NULL, indicator_id INTEGER NOT NULL, area_id INTEGER NOT NULL,
  month_id INTEGER NOT NULL, mean REAL, p05 REAL, p50 REAL, p95 REAL,
  PRIMARY KEY (run_no, indicator_id, area_id, month_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS annual_values (
  run_no INTEGER NOT NULL, indicator_id INTEGER NOT NULL, area_id INTEGER NOT NULL,
  year INTEGER NOT NULL, mean REAL, p05 REAL, p50 REAL, p95 REAL,
  PRIMARY KEY (run_no, indicator_id, area_id, year)) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS indicators AS
  SELECT r.run_id AS run_id, v.replication AS replication, m.name AS month, a.name AS area,
         i.name AS indicator, u.unit_en AS unit, v.value AS value
  FROM indicator_values v JOIN run_numbers r ON r.run_no = v.run_no
  JOIN names m ON m.name_id = v.month_id JOIN names a ON a.name_id = v.area_id
  JOIN names i ON i.name_id = v.indicator_id
  LEFT JOIN indicator_info u ON u.run_no = v.run_no AND u.indicator_id = v.indicator_id;
CREATE VIEW IF NOT EXISTS summary AS
  SELECT r.run_id AS run_id, m.name AS month, a.name AS area, i.name AS indicator,
         u.unit_en AS unit, v.mean AS mean, v.p05 AS p05, v.p50 AS p50, v.p95 AS p95
  FROM summary_values v JOIN run_numbers r ON r.run_no = v.run_no
  JOIN names m ON m.name_id = v.month_id JOIN names a ON a.name_id = v.area_id
  JOIN names i ON i.name_id = v.indicator_id
  LEFT JOIN indicator_info u ON u.run_no = v.run_no AND u.indicator_id = v.indicator_id;
CREATE VIEW IF NOT EXISTS annual AS
  SELECT r.run_id AS run_id, v.year AS year, a.name AS area, i.name AS indicator,
         u.unit_en AS unit, v.mean AS mean, v.p05 AS p05, v.p50 AS p50, v.p95 AS p95
  FROM annual_values v JOIN run_numbers r ON r.run_no = v.run_no
  JOIN names a ON a.name_id = v.area_id JOIN names i ON i.name_id = v.indicator_id
  LEFT JOIN indicator_info u ON u.run_no = v.run_no AND u.indicator_id = v.indicator_id;
)";

constexpr const char* kIndexes = R"(
CREATE INDEX IF NOT EXISTS parameters_run_key ON parameters (run_id, key);
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

/// Integer keys of the names a run's rows refer to, added to `names` as needed.
struct NameKeys {
  sqlite3_int64 run_no = 0;
  std::vector<sqlite3_int64> months, areas, indicators;
};

/// Rows of integer keys and real values inserted many to a statement: SQLite's cost per
/// executed statement is then shared by a batch of rows (a national run has millions).
class BatchInsert {
 public:
  /// `head` is "INSERT INTO table (columns) VALUES "; each row has `keys` integers, then `reals`.
  BatchInsert(sqlite3* db, const fs::path& path, std::string head, std::size_t keys,
              std::size_t reals)
      : db_(db),
        path_(path),
        head_(std::move(head)),
        keys_(keys),
        reals_(reals),
        full_(prepare(db, path, sql(kRows).c_str())) {}

  void add(std::initializer_list<sqlite3_int64> keys, std::initializer_list<double> reals) {
    key_buffer_.insert(key_buffer_.end(), keys);
    real_buffer_.insert(real_buffer_.end(), reals);
    if (key_buffer_.size() == kRows * keys_) flush(full_.get());
  }

  /// Inserts the rows of an unfinished batch; call once after the last `add`.
  void finish() {
    if (key_buffer_.empty()) return;
    const Statement rest = prepare(db_, path_, sql(key_buffer_.size() / keys_).c_str());
    flush(rest.get());
  }

 private:
  static constexpr std::size_t kRows = 128;

  void flush(sqlite3_stmt* statement) {
    int column = 1;
    for (std::size_t r = 0; r < key_buffer_.size() / keys_; ++r) {
      for (std::size_t k = 0; k < keys_; ++k)
        sqlite3_bind_int64(statement, column++, key_buffer_[r * keys_ + k]);
      for (std::size_t v = 0; v < reals_; ++v)
        bind_real(statement, column++, real_buffer_[r * reals_ + v]);
    }
    step(db_, path_, statement, "cannot insert a batch of rows");
    key_buffer_.clear();
    real_buffer_.clear();
  }

  [[nodiscard]] std::string sql(std::size_t rows) const {
    std::string row = "(?";
    for (std::size_t c = 1; c < keys_ + reals_; ++c) row += ", ?";
    row += ")";
    std::string text = head_;
    for (std::size_t r = 0; r < rows; ++r) {
      if (r > 0) text += ", ";
      text += row;
    }
    return text;
  }

  sqlite3* db_;
  const fs::path& path_;
  std::string head_;
  std::size_t keys_, reals_;
  Statement full_;
  std::vector<sqlite3_int64> key_buffer_;
  std::vector<double> real_buffer_;
};

void insert_summary(sqlite3* db, const fs::path& path, const NameKeys& keys,
                    const SummaryTable& table, std::string head,
                    const std::function<sqlite3_int64(std::size_t)>& period_key) {
  BatchInsert rows(db, path, std::move(head), 4, 4);
  for (std::size_t i = 0; i < table.indicators.size(); ++i)
    for (std::size_t a = 0; a < table.areas.size(); ++a)
      for (std::size_t p = 0; p < table.periods.size(); ++p) {
        const Quantiles& q = table.at(p, a, i);
        rows.add({keys.run_no, keys.indicators[i], keys.areas[a], period_key(p)},
                 {q.mean, q.p05, q.p50, q.p95});
      }
  rows.finish();
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
  NameKeys keys;
  keys.run_no = key_of("INSERT INTO run_numbers (run_id) VALUES (?)",
                       "SELECT run_no FROM run_numbers WHERE run_id = ?", run_id);
  for (int m = 0; m < results.months; ++m)
    keys.months.push_back(name_key(month_label(results.first_month + m)));
  for (const auto& area : results.areas) keys.areas.push_back(name_key(area.name));
  for (const auto& def : results.indicators) keys.indicators.push_back(name_key(def.name));
  {
    // Each indicator's declaration: its unit and labels beside the values.
    const Statement s = prepare(
        db, path,
        "INSERT INTO indicator_info (run_no, indicator_id, measure, unit_fi, unit_en, label_fi, "
        "label_en, declared_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < results.indicators.size(); ++i) {
      const IndicatorDef& def = results.indicators[i];
      if (!def.described) continue;
      sqlite3_bind_int64(s.get(), 1, keys.run_no);
      sqlite3_bind_int64(s.get(), 2, keys.indicators[i]);
      sqlite3_bind_text(s.get(), 3, to_string(def.description.measure), -1, SQLITE_STATIC);
      bind_text(s.get(), 4, def.description.unit_fi);
      bind_text(s.get(), 5, def.description.unit_en);
      bind_text(s.get(), 6, def.description.label_fi);
      bind_text(s.get(), 7, def.description.label_en);
      bind_text(s.get(), 8, def.declared_by);
      step(db, path, s.get(), "cannot insert an indicator's declaration");
    }
  }
  {
    // In the table's key order, so every row is appended at the end of its B-tree.
    BatchInsert rows(db, path,
                     "INSERT INTO indicator_values (run_no, indicator_id, area_id, month_id, "
                     "replication, value) VALUES ",
                     5, 1);
    for (std::size_t i = 0; i < results.indicators.size(); ++i)
      for (std::size_t a = 0; a < results.areas.size(); ++a)
        for (int m = 0; m < results.months; ++m)
          for (std::size_t r = 0; r < results.replications.size(); ++r)
            rows.add({keys.run_no, keys.indicators[i], keys.areas[a],
                      keys.months[static_cast<std::size_t>(m)], static_cast<sqlite3_int64>(r + 1)},
                     {results.area_value(r, m, results.areas[a], i)});
    rows.finish();
  }
  std::vector<sqlite3_int64> summary_months;
  for (const auto& period : run.monthly.periods) summary_months.push_back(name_key(period));
  insert_summary(db, path, keys, run.monthly,
                 "INSERT INTO summary_values (run_no, indicator_id, area_id, month_id, mean, p05, "
                 "p50, p95) VALUES ",
                 [&](std::size_t p) { return summary_months[p]; });
  insert_summary(db, path, keys, run.annual,
                 "INSERT INTO annual_values (run_no, indicator_id, area_id, year, mean, p05, p50, "
                 "p95) VALUES ",
                 [&](std::size_t p) { return std::stoll(run.annual.periods[p]); });
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

/// Refuses a Polku database of another layout: its runs would not be readable together.
void check_schema_version(sqlite3* db, const fs::path& path) {
  if (table_count(db, "runs") == 0) return;  // new or empty: gets this layout
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr) != SQLITE_OK)
    fail(db, path, "cannot read the layout version");
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  const int version = sqlite3_step(raw) == SQLITE_ROW ? sqlite3_column_int(raw, 0) : 0;
  if (version != kSchemaVersion)
    throw InputError("--db " + path.string() + ": holds runs in the layout of another Polku " +
                     "version (layout " + std::to_string(version < 2 ? 1 : version) +
                     ", this one writes " + std::to_string(kSchemaVersion) +
                     "); give a new database file");
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
    check_schema_version(db.get(), path);
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
    // One thread uses the connection, so SQLite's own locking of it is only a cost.
    const Db db = open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
    // A big page cache keeps index updates of ~10^6 rows in memory. A file made here needs no
    // rollback journal: on failure it is deleted, and the output directory is staged anyway. Its
    // large pages take the millions of appended rows in fewer page splits (-17 % writing time).
    exec(db.get(), path, "PRAGMA cache_size = -262144");
    if (created)
      exec(db.get(), path,
           "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
    exec(db.get(), path, "BEGIN IMMEDIATE");
    try {
      check_schema_version(db.get(), path);
      exec(db.get(), path, kTables);
      exec(db.get(), path, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
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

// results.sqlite: schema, values read back with SQL, runs accumulating in one file, and refusal
// of unusable targets without changing them.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_helpers.hpp"
#include "output/manifest.hpp"
#include "output/results_sqlite.hpp"
#include "polku/errors.hpp"

using namespace polku::test;
using polku::Aggregation;
using polku::Measure;

namespace {

polku::RunResults small_results() {
  polku::RunResults r;
  r.scenario = "db-test";
  r.first_month = 2025 * 12;
  r.months = 2;
  r.municipality_count = 1;
  r.areas = {{"Oulu", {0}}, {"total", {0}}};
  r.indicators = {{"unemployed", Aggregation::sum, Measure::stock, 0, 0},
                  {"in_services", Aggregation::sum, Measure::stock, 0, 0},
                  {"activation_rate", Aggregation::ratio, Measure::stock, 1, 0}};
  r.replications = {{{100, 10, -1, 0, 0, -1}}, {{120, 30, -1, 0, 0, -1}}};
  return r;
}

polku::RunReport report_for(const polku::RunResults& results, const std::string& manifest) {
  polku::Provenance p{
      polku::sha256_hex(manifest), results.scenario, "db.yaml", 42, 2, "0.1.0", "abc",
      "2025-01-01T00:00:00Z"};
  return polku::make_run_report(
      results, p, nlohmann::json::parse(R"({"seed": 42, "modules": {"x": {"rate": 0.5}}})"),
      {{"inflow", "1.0.0", "Poisson inflow", {}}});
}

/// Runs a query and returns the rows as text (NULL as "NULL").
std::vector<std::vector<std::string>> query(const std::filesystem::path& db,
                                            const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> handle(raw, sqlite3_close);
  sqlite3_stmt* s = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      const auto* text = sqlite3_column_text(s, c);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
  }
  sqlite3_finalize(s);
  return rows;
}

}  // namespace

TEST_CASE("a run is stored in runs, parameters, indicators, summary and annual tables",
          "[output][sqlite]") {
  TempDir dir;
  const auto results = small_results();
  const std::string manifest = "{\"run\": 1}\n";
  const auto report = report_for(results, manifest);
  const auto db = dir / "results.sqlite";
  polku::append_runs_sqlite(db, {{report, manifest}});

  const auto runs = query(
      db, "SELECT run_id, scenario, seed, replications, version, manifest, rule_sources FROM runs");
  REQUIRE(runs.size() == 1);
  CHECK(runs[0][0] == polku::sha256_hex(manifest));
  CHECK(runs[0][1] == "db-test");
  CHECK(runs[0][2] == "42");
  CHECK(runs[0][3] == "2");
  CHECK(runs[0][4] == "0.1.0");
  CHECK(runs[0][5] == manifest);
  CHECK(runs[0][6] == "inflow 1.0.0");

  CHECK(query(db, "SELECT value, typeof(value) FROM parameters WHERE key = 'modules.x.rate'") ==
        std::vector<std::vector<std::string>>{{"0.5", "real"}});
  CHECK(query(db, "SELECT count(*) FROM indicators")[0][0] == std::to_string(2 * 2 * 2 * 3));
  CHECK(query(db,
              "SELECT value FROM indicators WHERE replication = 2 AND month = '2025-01' AND "
              "area = 'total' AND indicator = 'activation_rate'")[0][0] == "25.0");
  // A ratio with a zero denominator is NULL, not 0.
  CHECK(query(db,
              "SELECT value FROM indicators WHERE month = '2025-02' AND "
              "indicator = 'activation_rate' LIMIT 1")[0][0] == "NULL");
  CHECK(query(db,
              "SELECT mean, p05, p95 FROM summary WHERE month = '2025-01' AND area = 'Oulu' "
              "AND indicator = 'unemployed'") ==
        std::vector<std::vector<std::string>>{{"110.0", "101.0", "119.0"}});
  // Annual stock: the mean of 2025-01 and 2025-02 per replication: 50 and 60.
  CHECK(query(db,
              "SELECT year, mean FROM annual WHERE area = 'total' AND indicator = 'unemployed'") ==
        std::vector<std::vector<std::string>>{{"2025", "55.0"}});
  const auto indexes = query(db,
                             "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name");
  // The value tables are keyed WITHOUT ROWID: their keys are their indexes; only the
  // parameters get one of their own.
  CHECK(indexes == std::vector<std::vector<std::string>>{{"parameters_run_key"}});

  SECTION("a second run accumulates in the same file") {
    const std::string other = "{\"run\": 2}\n";
    const auto second = report_for(results, other);
    polku::append_runs_sqlite(db, {{second, other}});
    CHECK(query(db, "SELECT count(*) FROM runs")[0][0] == "2");
    CHECK(query(db, "SELECT count(DISTINCT run_id) FROM indicators")[0][0] == "2");
  }
  SECTION("the same run twice is refused and changes nothing") {
    CHECK_THROWS_AS(polku::append_runs_sqlite(db, {{report, manifest}}), polku::InputError);
    CHECK(query(db, "SELECT count(*) FROM indicators")[0][0] == std::to_string(24));
  }
}

TEST_CASE("unusable database targets are refused before anything is written", "[output][sqlite]") {
  TempDir dir;
  const auto not_db = dir.write("notes.sqlite", "this is not a database, just some text\n");
  CHECK_THROWS_AS(polku::check_sqlite_target(not_db), polku::InputError);
  CHECK(read_text(not_db) == "this is not a database, just some text\n");
  CHECK_THROWS_AS(polku::check_sqlite_target(dir / "missing-dir" / "x.sqlite"), polku::InputError);
  CHECK_THROWS_AS(polku::check_sqlite_target(dir.path()), polku::InputError);
  CHECK_NOTHROW(polku::check_sqlite_target(dir / "new.sqlite"));
  CHECK_FALSE(std::filesystem::exists(dir / "new.sqlite"));

  const auto results = small_results();
  const std::string manifest = "{}\n";
  CHECK_THROWS_AS(polku::append_runs_sqlite(not_db, {{report_for(results, manifest), manifest}}),
                  polku::InputError);
  CHECK(read_text(not_db) == "this is not a database, just some text\n");
}

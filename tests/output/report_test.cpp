// The people-facing outputs of `polku run`: annual.csv, results.sqlite (with --db), report.html
// and the presence of results.xlsx. The workbook's values are read back by an independent reader
// in check_xlsx.py (openpyxl), the report is rendered by check_report_chromium.sh.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "cli/cli_helpers.hpp"
#include "output/manifest.hpp"
#include "results/quantiles.hpp"

using namespace polku::test;

namespace {

std::vector<std::vector<std::string>> csv_rows(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    auto& f = rows.emplace_back();
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
  }
  return rows;
}

std::string sql_text(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> handle(raw, sqlite3_close);
  sqlite3_stmt* s = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      const auto* t = sqlite3_column_text(s, c);
      if (c) out += '|';
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    out += "\n";
  }
  sqlite3_finalize(s);
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("annual.csv averages stocks and sums flows of indicators.csv", "[cli][output][annual]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "o").exit_code == 0);
  const auto annual = csv_rows(dir / "o/annual.csv");
  REQUIRE(annual.at(0) == std::vector<std::string>{"scenario", "year", "area", "indicator", "mean",
                                                   "p05", "p50", "p95"});
  // Per replication: jobseekers (stock) averaged over 2025, inflow (flow) summed over 2025.
  std::map<std::string, std::vector<double>> per_rep;  // indicator -> per replication
  per_rep["jobseekers"].assign(3, 0.0);
  per_rep["inflow"].assign(3, 0.0);
  for (const auto& f : csv_rows(dir / "o/indicators.csv"))
    if (f.size() == 6 && f[3] == "total" && f[2].starts_with("2025-") && per_rep.count(f[4]))
      per_rep[f[4]][std::stoul(f[1]) - 1] += std::stod(f[5]);
  for (auto& v : per_rep["jobseekers"]) v /= 12;
  int checked = 0;
  for (const auto& f : annual)
    if (f[1] == "2025" && f[2] == "total" && per_rep.count(f[3])) {
      const auto q = polku::summarise(per_rep[f[3]]);
      CHECK(std::stod(f[4]) == Approx(q.mean));
      CHECK(std::stod(f[5]) == Approx(q.p05));
      CHECK(std::stod(f[7]) == Approx(q.p95));
      ++checked;
    }
  CHECK(checked == 2);
  // Two years × (Alpha, Beta, the employment area, total) × every indicator.
  const auto indicators = csv_rows(dir / "o/summary.csv").size() - 1;
  CHECK((annual.size() - 1) * 12 == indicators);
}

TEST_CASE("results.sqlite is keyed by the manifest hash and matches summary.csv",
          "[cli][output][sqlite]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "o").exit_code == 0);
  const auto db = dir / "o/results.sqlite";
  const auto hash = polku::sha256_hex(read_text(dir / "o/manifest.json"));
  CHECK(sql_text(db, "SELECT run_id, scenario, seed, replications FROM runs") ==
        hash + "|tiny|7|3\n");
  CHECK(sql_text(db, "SELECT count(*) FROM indicators") ==
        std::to_string(csv_rows(dir / "o/indicators.csv").size() - 1) + "\n");
  std::string summary_mean;
  for (const auto& f : csv_rows(dir / "o/summary.csv"))
    if (f[1] == "2026-03" && f[2] == "Beta" && f[3] == "unemployed") summary_mean = f[4];
  REQUIRE_FALSE(summary_mean.empty());
  const auto stored = sql_text(db,
                               "SELECT mean FROM summary WHERE month = '2026-03' AND area = 'Beta' "
                               "AND indicator = 'unemployed'");
  CHECK(std::stod(stored) == Approx(std::stod(summary_mean)));
  CHECK(
      sql_text(db, "SELECT value FROM parameters WHERE key = 'modules.inflow.daily_rate.Alpha'") ==
      "4.0\n");
  // Units from the indicators' declarations, beside the values and in the manifest for the CSVs.
  CHECK(sql_text(db, "SELECT DISTINCT unit FROM summary WHERE indicator = 'unemployed'") ==
        "persons\n");
  CHECK(sql_text(db, "SELECT DISTINCT unit FROM indicators WHERE indicator = 'activation_rate'") ==
        "%\n");
  CHECK(sql_text(db, "SELECT count(*) FROM annual WHERE unit IS NULL") == "0\n");
  const auto manifest = nlohmann::json::parse(read_text(dir / "o/manifest.json"));
  std::size_t with_units = 0;
  for (const auto& i : manifest.at("indicators"))
    with_units +=
        !i.at("unit_en").get<std::string>().empty() && !i.at("label_fi").get<std::string>().empty();
  CHECK(with_units == manifest.at("indicators").size());
  CHECK(with_units == std::stoul(sql_text(db, "SELECT count(*) FROM indicator_info")));
}

TEST_CASE("a database of another Polku layout is refused, not mixed", "[cli][output][sqlite]") {
  TempDir dir;
  const auto db = (dir / "old.sqlite").string();
  REQUIRE(run_tiny(dir, "a", {"--db", db}).exit_code == 0);
  REQUIRE(sql_text(db, "PRAGMA user_version") == "2\n");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 0", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const auto r = run_tiny(dir, "b", {"--db", db});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("layout 1"));
  CHECK(sql_text(db, "SELECT count(*) FROM runs") == "1\n");
  CHECK_FALSE(std::filesystem::exists(dir / "b"));
}

TEST_CASE("runs accumulate in one --db file, unusable targets are refused",
          "[cli][output][sqlite]") {
  TempDir dir;
  const auto db = (dir / "all.sqlite").string();
  REQUIRE(run_tiny(dir, "a", {"--db", db}).exit_code == 0);
  REQUIRE(run_tiny(dir, "b", {"--db", db, "--seed", "8"}).exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "a/results.sqlite"));
  CHECK(sql_text(db, "SELECT seed FROM runs ORDER BY seed") == "7\n8\n");
  CHECK(sql_text(db, "SELECT count(DISTINCT run_id) FROM summary") == "2\n");

  const auto unwritable = run_tiny(dir, "c", {"--db", (dir / "no/such/dir/x.sqlite").string()});
  CHECK(unwritable.exit_code == 2);
  CHECK_THAT(unwritable.err, Catch::Contains("does not exist"));
  const auto text = dir.write("text.sqlite", "not a database\n");
  const auto not_db = run_tiny(dir, "c", {"--db", text.string()});
  CHECK(not_db.exit_code == 2);
  CHECK_THAT(not_db.err, Catch::Contains("text.sqlite"));
  CHECK(read_text(text) == "not a database\n");
  CHECK_FALSE(std::filesystem::exists(dir / "c"));
}

TEST_CASE("law values marked verify are stated where the numbers are", "[cli][output][html]") {
  // The shipped rule files: the 2025 share's intermediate steps are marked verify.
  TempDir dir;
  const std::string rules = std::string(POLKU_SOURCE_DIR) + "/scenarios/rules/financing.yaml";
  const auto scenario =
      dir.write("verify.yaml", "extends: [" + scenario_path("tiny.yaml") + ", " + rules +
                                   "]\nname: verify\nmodules:\n  benefits: {}\n");
  const auto r = polku_cli({"run", scenario.string(), "--out", (dir / "o").string(), "--quiet",
                            "--outputs", "report.html"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto html = read_text(dir / "o/report.html");
  CHECK_THAT(html, Catch::Contains("benefits.share_2025_rates ("));
  CHECK_THAT(html, Catch::Contains("municipal_share_2025.yaml:"));
  CHECK_THAT(html, Catch::Contains("the intermediate rates are the domain brief&#39;s default") ||
                       Catch::Contains("the intermediate rates are the domain brief's default"));
  // Benefits paid in two municipalities: what each one's share rests on, and that the long-term
  // unemployed behind the shares are those of 2019's duration structure.
  CHECK_THAT(html, Catch::Contains("vain Oulun osuutta on verrattu julkaistuihin"));
  CHECK_THAT(html, Catch::Contains("vuoden 2019 kestorakenteeseen"));
  // Without rule values there is no such caveat, and without benefits no share to caveat.
  REQUIRE(run_tiny(dir, "plain", {"--outputs", "report.html"}).exit_code == 0);
  CHECK_THAT(read_text(dir / "plain/report.html"), !Catch::Contains("share_2025_rates"));
  CHECK_THAT(read_text(dir / "plain/report.html"), !Catch::Contains("vain Oulun osuutta"));
  CHECK_THAT(read_text(dir / "plain/report.html"), !Catch::Contains("kestorakentee"));
  // Benefits paid only before 2024: no published long-term share it falls short of.
  const auto before = polku_cli({"run", scenario.string(), "--out", (dir / "before").string(),
                                 "--quiet", "--outputs", "report.html", "--set", "start=2022-01-01",
                                 "--set", "end=2023-12-31"});
  INFO(before.err);
  REQUIRE(before.exit_code == 0);
  CHECK_THAT(read_text(dir / "before/report.html"), Catch::Contains("vain Oulun osuutta"));
  CHECK_THAT(read_text(dir / "before/report.html"), !Catch::Contains("kestorakentee"));
}

TEST_CASE("report.html is self-contained with a chart per indicator", "[cli][output][html]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "o").exit_code == 0);
  const auto html = read_text(dir / "o/report.html");
  const auto indicators = csv_rows(dir / "o/summary.csv");
  std::set<std::string> names, charted;
  for (std::size_t i = 1; i < indicators.size(); ++i) {
    names.insert(indicators[i][3]);
    // Charted when not zero throughout for the whole region; the others are listed by name.
    const auto& r = indicators[i];
    const auto nonzero = [](const std::string& v) { return v != "0" && v != "NA"; };
    if (r[2] == "total" && (nonzero(r[4]) || nonzero(r[5]) || nonzero(r[7]))) charted.insert(r[3]);
  }
  REQUIRE(charted.size() < names.size());  // the tiny run has indicators that stay zero
  CHECK_THAT(html, Catch::Contains("id=\"all-zero\""));
  CHECK(count(html, "; ") + 1 >= names.size() - charted.size());
  CHECK_THAT(html, Catch::Contains("id=\"headline\""));
  CHECK_THAT(html, Catch::Contains("Monte Carlo, "));
  // One chart per indicator for the whole region, and for each of the three areas (Alpha, Beta,
  // the employment area) one per headline indicator the run has.
  std::size_t headline = 0;
  for (const char* name : {"municipal_share_eur", "unemployed", "activation_rate"})
    headline += names.count(name);
  REQUIRE(headline >= 2);
  CHECK(count(html, "<svg") == charted.size() + 3 * headline);
  CHECK_THAT(html, Catch::Contains("id=\"by-area\""));
  CHECK(count(html, "class=\"band\"") >= charted.size());
  CHECK(count(html, "class=\"mean\"") >= charted.size());
  for (const char* external :
       {"http://", "https://", "<script", "<link", "src=", "@import", "url("})
    CHECK(html.find(external) == std::string::npos);
  CHECK_THAT(html, Catch::Contains("<html lang=\"fi\">"));
  CHECK_THAT(html, Catch::Contains("Työnhakijat"));
  CHECK_THAT(html, Catch::Contains(polku::sha256_hex(read_text(dir / "o/manifest.json"))));
  CHECK_THAT(html, Catch::Contains("jobseeker_stock "));  // rule sources: plugins with versions
  CHECK(count(html, "<details") == 4);                    // Alpha, Beta, the area, total
  CHECK(std::filesystem::file_size(dir / "o/results.xlsx") > 1000);
  CHECK(read_text(dir / "o/results.xlsx").starts_with("PK"));
}

TEST_CASE("report.html speaks English with --lang en and escapes every text",
          "[cli][output][html]") {
  TempDir dir;
  const auto scenario = dir.write("odd.yaml", "extends: " + scenario_path("tiny.yaml") +
                                                  "\nname: \"<b>Tom & 'Jerry'\"\n"
                                                  "areas: {\"A<&>B\": [Alpha, Beta]}\n");
  const auto r = polku_cli(
      {"run", scenario.string(), "--out", (dir / "o").string(), "--quiet", "--lang", "en"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto html = read_text(dir / "o/report.html");
  CHECK_THAT(html, Catch::Contains("<html lang=\"en\">"));
  CHECK_THAT(html, Catch::Contains("Job-seekers"));
  CHECK_THAT(html, Catch::Contains("&lt;b&gt;Tom &amp; &#39;Jerry&#39;"));
  CHECK_THAT(html, Catch::Contains("A&lt;&amp;&gt;B"));
  CHECK(html.find("<b>Tom") == std::string::npos);
  CHECK(html.find("A<&>B") == std::string::npos);
}

TEST_CASE("a bad --lang is refused before running", "[cli][output][bad_input]") {
  TempDir dir;
  const auto r = run_tiny(dir, "o", {"--lang", "xx"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--lang"));
  CHECK_FALSE(std::filesystem::exists(dir / "o"));
}

TEST_CASE("budget.csv gives euros by month and area that add up to the annual figures",
          "[cli][output][budget]") {
  TempDir dir;
  REQUIRE(polku_cli({"run", scenario_path("finance-2025-rules.yaml"), "--out", (dir / "b").string(),
                     "--quiet", "--set", "end=2026-06-30"})
              .exit_code == 0);
  const auto budget = csv_rows(dir / "b/budget.csv");
  REQUIRE(budget.size() > 1);
  CHECK(budget[0] == std::vector<std::string>{"month", "area", "municipal_share_eur",
                                              "service_cost_eur", "state_compensation_eur",
                                              "net_municipal_cost_eur"});
  // 18 months × (Alpha, Beta, the area, total).
  CHECK(budget.size() == 1 + 18 * 4);
  std::map<std::tuple<std::string, std::string, std::string>, double> sums;
  for (std::size_t r = 1; r < budget.size(); ++r)
    for (std::size_t c = 2; c < budget[0].size(); ++c)
      sums[{budget[r][0].substr(0, 4), budget[r][1], budget[0][c]}] += std::stod(budget[r][c]);
  std::size_t compared = 0, nonzero = 0;
  for (const auto& row : csv_rows(dir / "b/annual.csv")) {
    const auto it = sums.find({row[1], row[2], row[3]});
    if (it == sums.end()) continue;
    INFO(row[1] << " " << row[2] << " " << row[3]);
    const double annual = std::stod(row[4]);
    CHECK(it->second == Approx(annual).epsilon(1e-9).margin(1e-6));
    ++compared;
    nonzero += annual != 0.0;
  }
  CHECK(compared == 2 * 4 * 4);  // years × areas × euro columns
  CHECK(nonzero >= 16);
}

TEST_CASE("only the files chosen by --outputs are written, and the manifest",
          "[cli][output][outputs]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "o", {"--outputs", "report.html, budget.csv"}).exit_code == 0);
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir / "o"))
    files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{"budget.csv", "manifest.json", "report.html"});

  // `all` adds the file written only on request to the default set.
  REQUIRE(run_tiny(dir, "every", {"--outputs", "all"}).exit_code == 0);
  files.clear();
  for (const auto& e : std::filesystem::directory_iterator(dir / "every"))
    files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{"indicators.csv", "summary.csv", "annual.csv", "budget.csv",
                                       "manifest.json", "results.xlsx", "report.html",
                                       "results.sqlite"});
}

TEST_CASE("an unknown --outputs name is refused with exit code 2 before running",
          "[cli][output][outputs][bad_input]") {
  TempDir dir;
  const auto r = run_tiny(dir, "o", {"--outputs", "report.html,budgt.csv"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--outputs: unknown output \"budgt.csv\""));
  CHECK_THAT(r.err, Catch::Contains("did you mean \"budget.csv\""));
  CHECK_FALSE(std::filesystem::exists(dir / "o"));
  CHECK(run_tiny(dir, "o", {"--outputs", ","}).exit_code == 2);
}

// End-to-end runs of the tiny scenario: determinism, checkpoints, outputs, plugin listing.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "cli/cli_helpers.hpp"

using namespace polku::test;

namespace {

struct Row {
  std::string month, area, indicator;
  double value;
};

std::vector<Row> read_rows(const std::filesystem::path& csv, const std::string& replication) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
    if (f.size() == 6 && f[1] == replication) rows.push_back({f[2], f[3], f[4], std::stod(f[5])});
  }
  return rows;
}

}  // namespace

TEST_CASE("one and two threads give byte-identical outputs", "[cli][determinism]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "t1", {"--threads", "1"}).exit_code == 0);
  REQUIRE(run_tiny(dir, "t2", {"--threads", "2"}).exit_code == 0);
  const auto one = read_text(dir / "t1/indicators.csv");
  REQUIRE(one.size() > 1000);
  CHECK(one == read_text(dir / "t2/indicators.csv"));
  CHECK(read_text(dir / "t1/summary.csv") == read_text(dir / "t2/summary.csv"));
}

TEST_CASE("the same seed repeats a run and another seed changes it", "[cli][determinism]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "a").exit_code == 0);
  REQUIRE(run_tiny(dir, "b").exit_code == 0);
  REQUIRE(run_tiny(dir, "c", {"--seed", "8"}).exit_code == 0);
  CHECK(read_text(dir / "a/indicators.csv") == read_text(dir / "b/indicators.csv"));
  CHECK(read_text(dir / "a/indicators.csv") != read_text(dir / "c/indicators.csv"));
}

TEST_CASE("a run restored from a checkpoint equals the uninterrupted run", "[cli][checkpoint]") {
  TempDir dir;
  const auto checkpoint = (dir / "mid.ckpt").string();
  REQUIRE(run_tiny(dir, "whole").exit_code == 0);
  // A mid-month date, so the checkpoint holds a half-accumulated month.
  REQUIRE(run_tiny(dir, "saving", {"--checkpoint-at", "2025-09-17", "--checkpoint", checkpoint})
              .exit_code == 0);
  REQUIRE(std::filesystem::exists(checkpoint));
  const auto restored = run_tiny(dir, "restored", {"--restore", checkpoint, "--threads", "2"});
  REQUIRE(restored.exit_code == 0);
  const auto whole = read_text(dir / "whole/indicators.csv");
  CHECK(whole == read_text(dir / "saving/indicators.csv"));
  CHECK(whole == read_text(dir / "restored/indicators.csv"));

  SECTION("a checkpoint does not restore into a structurally different scenario") {
    const auto r = run_tiny(dir, "other", {"--restore", checkpoint, "--replications", "2"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("checkpoint does not fit this scenario"));
    CHECK_FALSE(std::filesystem::exists(dir / "other"));
  }
  SECTION("a fork with a changed parameter diverges only after the checkpoint") {
    const auto fork = run_tiny(
        dir, "fork", {"--restore", checkpoint, "--set", "modules.inflow.daily_rate.Alpha=12"});
    REQUIRE(fork.exit_code == 0);
    const auto before = [](const std::vector<Row>& rows) {
      std::vector<double> v;
      for (const auto& r : rows)
        if (r.month < "2025-09") v.push_back(r.value);
      return v;
    };
    const auto base_rows = read_rows(dir / "whole/indicators.csv", "1");
    const auto fork_rows = read_rows(dir / "fork/indicators.csv", "1");
    CHECK(before(base_rows) == before(fork_rows));
    CHECK(read_text(dir / "whole/indicators.csv") != read_text(dir / "fork/indicators.csv"));
  }
}

TEST_CASE("stocks change by exactly inflow minus exits each month", "[cli][model]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "run").exit_code == 0);
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> by_month_area;
  for (const auto& r : read_rows(dir / "run/indicators.csv", "2"))
    by_month_area[{r.area, r.month}][r.indicator] = r.value;
  int checked = 0;
  const std::map<std::string, double>* previous = nullptr;
  std::string previous_area;
  for (const auto& [key, values] : by_month_area) {
    if (previous != nullptr && previous_area == key.first) {
      CHECK(values.at("jobseekers") ==
            previous->at("jobseekers") + values.at("inflow") - values.at("outflow"));
      CHECK(values.at("long_term_unemployed") <= values.at("unemployed"));
      ++checked;
    }
    previous = &values;
    previous_area = key.first;
  }
  CHECK(checked == 4 * 23);  // Alpha, Beta, the area, total; 23 month-to-month steps
}

TEST_CASE("run writes the contracted files with a manifest", "[cli][output]") {
  TempDir dir;
  const auto r = polku_cli({"run", scenario_path("tiny.yaml"), "--out", (dir / "o").string()});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Results in"));
  // Lean by default: every replication's values are in the database, as CSV only on request.
  for (const char* file : {"summary.csv", "annual.csv", "budget.csv", "manifest.json",
                           "results.xlsx", "results.sqlite", "report.html"}) {
    INFO(file);
    CHECK(std::filesystem::exists(dir / "o" / file));
  }
  CHECK_FALSE(std::filesystem::exists(dir / "o/indicators.csv"));
  REQUIRE(polku_cli({"run", scenario_path("tiny.yaml"), "--out", (dir / "more").string(),
                     "--quiet", "--outputs", "default,indicators.csv"})
              .exit_code == 0);
  CHECK(read_text(dir / "more/indicators.csv")
            .starts_with("scenario,replication,month,area,indicator,value\n"));
  CHECK(read_text(dir / "more/summary.csv") == read_text(dir / "o/summary.csv"));
  CHECK(std::filesystem::exists(dir / "more/results.sqlite"));
  CHECK(read_text(dir / "o/summary.csv")
            .starts_with("scenario,month,area,indicator,mean,p05,p50,p95\n"));
  const auto manifest = nlohmann::json::parse(read_text(dir / "o/manifest.json"));
  for (const char* key :
       {"polku_version", "git_revision", "scenario_sha256", "parameters", "seed", "replications",
        "threads", "plugins", "wall_time_seconds", "simulated_agent_days"})
    CHECK(manifest.contains(key));
  CHECK(manifest["seed"] == 7);
  CHECK(manifest["plugins"].size() == 4);
  CHECK(manifest["simulated_agent_days"].get<double>() > 3 * 700 * 900.0 * 0.3);
  // Defaults the scenario did not spell out are recorded too.
  CHECK(manifest["parameters"]["modules"]["jobseeker_stock"]["long_term_threshold_days"] == 365);
}

TEST_CASE("plugins --json describes every parameter", "[cli][plugins]") {
  const auto r = polku_cli({"plugins", "--json"});
  REQUIRE(r.exit_code == 0);
  const auto list = nlohmann::json::parse(r.out);
  std::vector<std::string> names;
  for (const auto& p : list) {
    names.push_back(p["name"]);
    for (const auto& param : p["parameters"])
      for (const char* key : {"name", "type", "default", "unit", "min", "max", "doc", "law", "lever"})
        CHECK(param.contains(key));
  }
  for (const char* expected : {"employment_exit", "inflow", "initial_stock", "jobseeker_stock"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  // The policy levers `polku serve` offers, and no parameter that is an estimate or a calibration.
  std::vector<std::string> levers;
  for (const auto& p : list)
    for (const auto& param : p["parameters"])
      if (param["lever"].get<bool>())
        levers.push_back(p["name"].get<std::string>() + "." + param["name"].get<std::string>());
  for (const char* expected : {"counselling.counsellor_fte", "counselling.meeting_policy",
                               "rehabilitative_work.seats", "rehabilitative_work.delivery",
                               "municipal_ledger.sharing_key", "benefits.share_rule"})
    CHECK(std::find(levers.begin(), levers.end(), expected) != levers.end());
  for (const char* not_lever : {"employment_exit.daily_rates", "counselling.productive_hours_per_day",
                                "inflow.daily_rate"})
    CHECK(std::find(levers.begin(), levers.end(), not_lever) == levers.end());
}

TEST_CASE("validate accepts the tiny scenario and --help/--version work", "[cli]") {
  CHECK(polku_cli({"validate", scenario_path("tiny.yaml")}).exit_code == 0);
  CHECK(polku_cli({"--help"}).out.find("polku run") != std::string::npos);
  CHECK(polku_cli({"--version"}).out.starts_with("polku "));
}

TEST_CASE("the default scenario over ten years is identical on one and two threads",
          "[cli][determinism][slow]") {
  TempDir dir;
  const std::string scenario = std::string(POLKU_SOURCE_DIR) + "/scenarios/oulu-2025.yaml";
  for (const char* threads : {"1", "2"})
    REQUIRE(polku_cli({"run", scenario, "--out", (dir / threads).string(), "--threads", threads,
                       "--replications", "32", "--set", "end=2034-12-31", "--quiet", "--outputs",
                       "all"})
                .exit_code == 0);
  CHECK(read_text(dir / "1/indicators.csv") == read_text(dir / "2/indicators.csv"));
}

TEST_CASE("a checkpoint does not restore into a scenario that pools capacity differently",
          "[cli][checkpoint]") {
  TempDir dir;
  const std::string pathways = scenario_path("pathways.yaml");
  const auto checkpoint = (dir / "p.ckpt").string();
  REQUIRE(polku_cli({"run", pathways, "--replications", "1", "--out", (dir / "a").string(), "--quiet",
                     "--checkpoint-at", "2024-06-30", "--checkpoint", checkpoint})
              .exit_code == 0);
  for (const char* changed : {"modules.rehabilitative_work.capacity_pool=total", "modules.counselling.team=area"}) {
    const auto r = polku_cli({"run", pathways, "--replications", "1", "--out", (dir / "b").string(), "--quiet",
                              "--restore", checkpoint, "--set", changed});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("restore with the same"));
    CHECK_FALSE(std::filesystem::exists(dir / "b"));
  }
}

TEST_CASE("every law value the rule files give carries its reference", "[cli][law]") {
  // The law parameters the plugins declare...
  std::set<std::string> law_parameters;
  for (const auto& p : nlohmann::json::parse(polku_cli({"plugins", "--json"}).out))
    for (const auto& param : p["parameters"])
      if (param["law"].get<bool>())
        law_parameters.insert(p["name"].get<std::string>() + "." + param["name"].get<std::string>());
  REQUIRE(law_parameters.size() >= 10);

  // ... each given by the financing scenario with a reference, every one of them listed.
  TempDir dir;
  const auto r = polku_cli({"run", scenario_path("finance-2025-rules.yaml"), "--out",
                            (dir / "run").string(), "--quiet", "--replications", "1"});
  REQUIRE(r.exit_code == 0);
  const auto manifest = nlohmann::json::parse(read_text(dir / "run" / "manifest.json"));
  std::set<std::string> given;
  for (const auto& law : manifest["law_values"]) {
    INFO(law.dump());
    CHECK_FALSE(law["reference"].get<std::string>().empty());
    given.insert(law["parameter"].get<std::string>());
  }
  std::set<std::string> unused{"benefits.share_2024_thresholds", "benefits.share_2024_rates"};
  for (const auto& name : law_parameters) {
    INFO(name);
    CHECK((given.count(name) == 1) != (unused.count(name) == 1));
  }

  // A what-if value without a reference is accepted and named as one.
  const auto what_if = polku_cli(
      {"validate", scenario_path("finance-2025-rules.yaml"), "--set",
       "modules.benefits.share_2025_rates.2025-01-01=[0.1, 0.2, 0.3, 0.4, 0.45, 0.6]"});
  REQUIRE(what_if.exit_code == 0);
  CHECK(what_if.out.find("1 without a reference (what-ifs, not law):\n  "
                         "benefits.share_2025_rates from 2025-01-01 (--set)") != std::string::npos);
}

// The writer registry: what `run` and `compare` write is exactly what the registered writers name.
#include "output/writer.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_helpers.hpp"
#include "output/output_directory.hpp"

namespace {

namespace fs = std::filesystem;
using polku::test::polku_cli;
using polku::test::scenario_path;
using polku::test::TempDir;

std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

template <class Files>
std::set<std::string> registered(Files files_of) {
  std::set<std::string> names;
  for (const polku::Writer* w : polku::registered_writers())
    for (const auto& f : files_of(*w)) names.insert(f);
  return names;
}

std::set<std::string> run_files() {
  return registered([](const polku::Writer& w) { return w.run_files(); });
}

std::set<std::string> comparison_files() {
  return registered([](const polku::Writer& w) { return w.comparison_files(); });
}

}  // namespace

TEST_CASE("the registry names each format once, and its files are Polku's", "[output][writer]") {
  std::set<std::string> names;
  for (const polku::Writer* w : polku::registered_writers()) {
    CHECK(names.insert(std::string(w->name())).second);
    CHECK((!w->run_files().empty() || !w->comparison_files().empty()));
  }
  CHECK(run_files() == std::set<std::string>{"indicators.csv", "summary.csv", "annual.csv",
                                             "budget.csv", "manifest.json", "results.xlsx",
                                             "results.sqlite", "report.html"});
  CHECK(comparison_files() == std::set<std::string>{"comparison.csv", "manifest.json",
                                                    "results.xlsx", "report.html"});
  // Only every replication's values as CSV wait to be asked for; the database holds them anyway.
  std::set<std::string> on_request;
  for (const polku::Writer* w : polku::registered_writers())
    if (w->on_request()) on_request.insert(std::string(w->name()));
  CHECK(on_request == std::set<std::string>{"indicators.csv"});
  // A folder of any of them is recognised as an earlier result (and replaced by the next run).
  const auto& known = polku::polku_result_entries();
  for (const auto& set : {run_files(), comparison_files()})
    for (const auto& f : set) CHECK(std::find(known.begin(), known.end(), f) != known.end());
}

TEST_CASE("run and compare write exactly the registered files", "[cli][output][writer]") {
  TempDir dir;
  REQUIRE(polku_cli({"run", scenario_path("tiny.yaml"), "--out", (dir / "run").string(), "--quiet",
                     "--outputs", "all"})
              .exit_code == 0);
  CHECK(entries(dir / "run") == run_files());

  // With --db the run's database is the user's, not one in the folder.
  REQUIRE(polku_cli({"run", scenario_path("tiny.yaml"), "--out", (dir / "db-run").string(),
                     "--db", (dir / "runs.sqlite").string(), "--quiet", "--outputs", "all"})
              .exit_code == 0);
  auto without_db = run_files();
  without_db.erase("results.sqlite");
  CHECK(entries(dir / "db-run") == without_db);

  REQUIRE(polku_cli({"compare", scenario_path("tiny.yaml"), scenario_path("tiny-variant.yaml"),
                     "--out", (dir / "cmp").string(), "--quiet", "--outputs", "all"})
              .exit_code == 0);
  auto top = comparison_files();
  top.insert({"base", "variant"});
  CHECK(entries(dir / "cmp") == top);
  CHECK(entries(dir / "cmp" / "base") == run_files());
  CHECK(entries(dir / "cmp" / "variant") == run_files());
}

// Hostile and careless input: Polku never deletes what it did not write, refuses corrupt
// checkpoints and giant runs before the work, and keeps names safe in every output.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli/cli_helpers.hpp"

using namespace polku::test;
namespace fs = std::filesystem;

namespace {

std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

const std::string kSmall = R"(name: safety
start: 2025-01-01
end: 2025-03-31
municipalities: [Alpha, Beta]
modules:
  initial_stock: {jobseekers: {Alpha: 10, Beta: 5}}
  inflow: {daily_rate: 0.5}
  employment_exit: {}
  jobseeker_stock: {}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

CliResult run_file(const fs::path& scenario, const fs::path& out,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", scenario.string(), "--out", out.string(), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return polku_cli(args);
}

}  // namespace

TEST_CASE("the output folder: refuses a folder Polku did not write and keeps its files",
          "[cli][safety]") {
  TempDir dir;
  fs::create_directories(dir / "in/precious");
  dir.write("in/precious/thesis.txt", "keep");
  const auto r = run_tiny(dir, "in/precious");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Catch::Contains("in/precious") && Catch::Contains("not an earlier Polku result"));
  CHECK(read_text(dir / "in/precious/thesis.txt") == "keep");
  CHECK(entries_in(dir / "in/precious") == 1);
  CHECK(entries_in(dir / "in") == 1);  // no staging folder left beside it

  SECTION("a scenario folder is not replaced") {
    fs::create_directories(dir / "scenarios");
    fs::copy_file(scenario_path("tiny.yaml"), dir / "scenarios/tiny.yaml");
    const auto s = run_tiny(dir, "scenarios");
    CHECK(s.exit_code == 2);
    CHECK(fs::exists(dir / "scenarios/tiny.yaml"));
  }
}

TEST_CASE(
    "the output folder: replaces an earlier result, an empty folder, but not a result with extra "
    "files",
    "[cli][safety]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "out").exit_code == 0);
  CHECK(run_tiny(dir, "out").exit_code == 0);  // an earlier Polku result: replaced

  dir.write("out/my-notes.txt", "mine");
  const auto r = run_tiny(dir, "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("my-notes.txt"));
  CHECK(read_text(dir / "out/my-notes.txt") == "mine");

  fs::create_directories(dir / "empty");
  CHECK(run_tiny(dir, "empty").exit_code == 0);

  // A file named manifest.json that is not Polku's does not make a folder Polku's.
  fs::create_directories(dir / "fake");
  dir.write("fake/manifest.json", "{\"name\": \"someone else's\"}");
  CHECK(run_tiny(dir, "fake").exit_code == 2);
  CHECK(fs::exists(dir / "fake/manifest.json"));
}

TEST_CASE(
    "the output folder: --db, --checkpoint and --restore inside the output folder are refused",
    "[cli][safety]") {
  TempDir dir;
  REQUIRE(run_tiny(dir, "out").exit_code == 0);
  const auto before = read_text(dir / "out/indicators.csv");
  for (const auto& extra : std::vector<std::vector<std::string>>{
           {"--db", (dir / "out/runs.sqlite").string()},
           {"--checkpoint-at", "2025-06-30", "--checkpoint", (dir / "out/state.ckpt").string()}}) {
    const auto r = run_tiny(dir, "out", extra);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("inside the output folder"));
  }
  CHECK(read_text(dir / "out/indicators.csv") == before);
  CHECK_FALSE(fs::exists(dir / "out/runs.sqlite"));
}

TEST_CASE("the database: --db adds runs only to a database Polku created",
          "[cli][safety][sqlite]") {
  TempDir dir;
  const auto db = dir / "theirs.sqlite";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "CREATE TABLE invoices(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  const auto before = read_text(db);
  const auto r = run_tiny(dir, "out", {"--db", db.string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("did not create"));
  CHECK(read_text(db) == before);
  CHECK(run_tiny(dir, "out", {"--db", (dir / "ours.sqlite").string()}).exit_code == 0);
  CHECK(run_tiny(dir, "out", {"--db", (dir / "ours.sqlite").string()}).exit_code == 0);
}

TEST_CASE("corrupt, truncated, foreign and directory checkpoints are refused with exit 2",
          "[cli][safety][checkpoint]") {
  TempDir dir;
  const auto good = dir / "good.ckpt";
  REQUIRE(run_tiny(dir, "saving", {"--checkpoint-at", "2025-06-30", "--checkpoint", good.string()})
              .exit_code == 0);
  const std::string bytes = read_text(good);
  REQUIRE(bytes.size() > 1000);

  // Ten flipped bytes, spread over the header and the payload.
  for (int k = 0; k < 10; ++k) {
    std::string flipped = bytes;
    const std::size_t at = k == 0 ? 3 : k == 1 ? 20 : k == 2 ? 30 : (bytes.size() / 10) * k + 7;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5A);
    const auto file = dir.write("flipped-" + std::to_string(k) + ".ckpt", flipped);
    const auto r = run_tiny(dir, "restored", {"--restore", file.string()});
    INFO("byte " << at << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(file.string()));
    CHECK_FALSE(fs::exists(dir / "restored"));
  }
  const auto truncated = dir.write("truncated.ckpt", bytes.substr(0, bytes.size() / 2));
  auto r = run_tiny(dir, "restored", {"--restore", truncated.string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("truncated"));

  r = run_tiny(dir, "restored", {"--restore", scenario_path("tiny.yaml")});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("not a Polku checkpoint"));

  r = run_tiny(dir, "restored", {"--restore", dir.path().string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("directory"));

  // The intact file still restores.
  CHECK(run_tiny(dir, "restored", {"--restore", good.string()}).exit_code == 0);
}

TEST_CASE("a checkpoint that cannot be written is refused before the simulation",
          "[cli][safety][checkpoint]") {
  TempDir dir;
  const auto missing_folder = (dir / "no/such/folder/state.ckpt").string();
  auto r = run_tiny(dir, "out", {"--checkpoint-at", "2025-06-30", "--checkpoint", missing_folder});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("does not exist"));
  CHECK_FALSE(fs::exists(dir / "out"));

  // An existing file that is not a checkpoint is not overwritten.
  dir.write("thesis.txt", "keep");
  r = run_tiny(dir, "out",
               {"--checkpoint-at", "2025-06-30", "--checkpoint", (dir / "thesis.txt").string()});
  CHECK(r.exit_code == 2);
  CHECK(read_text(dir / "thesis.txt") == "keep");

  r = run_tiny(dir, "out", {"--checkpoint-at", "2025-06-30", "--checkpoint", dir.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(entries_in(dir.path()) == 1);  // no output, no .partial file
}

TEST_CASE("scenario files are size-checked and extends takes only regular YAML files",
          "[cli][safety][bad_input]") {
  TempDir dir;
  // A 5 MB list is refused before parsing (yaml-cpp would need gigabytes).
  std::string big = kSmall + "description: [";
  while (big.size() < (5u << 20)) big += "1, ";
  big += "1]\n";
  auto r = run_file(dir.write("big.yaml", big), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("big.yaml") && Catch::Contains("at most"));

  r = run_file(dir.write("zero.yaml", "extends: /dev/zero\n" + kSmall), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("zero.yaml:1:") && Catch::Contains(".yaml or .yml"));

  r = run_file(dir.write("shadow.yaml", "extends: /etc/passwd\n" + kSmall), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(".yaml or .yml"));
  CHECK_THAT(r.err, !Catch::Contains("root"));  // the file's lines are never echoed

  REQUIRE(::mkfifo((dir / "fifo.yaml").c_str(), 0600) == 0);
  r = run_file(dir.write("fifo-base.yaml", "extends: fifo.yaml\n" + kSmall), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("not a regular file"));
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("repeated error lines are capped", "[cli][safety][bad_input]") {
  TempDir dir;
  std::string text = kSmall;
  for (int i = 0; i < 200; ++i) text += "unknown_" + std::to_string(i) + ": 1\n";
  const auto r = run_file(dir.write("many.yaml", text), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("more problems not shown"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 51);
}

TEST_CASE("a run estimated beyond the limits needs --allow-large", "[cli][safety][bad_input]") {
  TempDir dir;
  const auto file = dir.write("s.yaml", kSmall);
  auto r = run_file(file, dir / "out", {"--set", "end=9999-12-31"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("36525 days") && Catch::Contains("--allow-large"));
  CHECK_FALSE(fs::exists(dir / "out"));

  r = run_file(file, dir / "out",
               {"--set", "modules.initial_stock.jobseekers=2000000", "--set", "replications=5000"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--allow-large"));

  const auto v = polku_cli({"validate", file.string()});
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("Estimated work: 90 days, about"));
}

TEST_CASE("names are checked where they are read", "[cli][safety][bad_input]") {
  TempDir dir;
  const auto reject = [&](const std::string& text, const std::vector<std::string>& fragments) {
    const auto r = run_file(dir.write("names.yaml", text), dir / "out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    for (const auto& f : fragments) CHECK_THAT(r.err, Catch::Contains(f));
    CHECK_FALSE(fs::exists(dir / "out"));
  };
  const auto with_name = [](const std::string& name) {
    return replaced(replaced(kSmall, "[Alpha, Beta]", "[Alpha, " + name + "]"), "Beta: 5",
                    name + ": 5");
  };
  reject("name: \"a\\0b\"\n" + kSmall.substr(kSmall.find('\n') + 1), {"names.yaml:1:", "NUL"});
  reject(with_name("\"Be\\tta\\u0007\""), {"names.yaml:4:", "control character"});
  reject(with_name("\"B\\x01\""), {"control character"});
  reject("name: safety\ndescription: \"" + std::string(2500, 'x') + "\"\n" +
             kSmall.substr(kSmall.find('\n') + 1),
         {"description", "2500 characters"});
  reject(with_name(std::string(120, 'B')), {"120 characters"});
  // Bytes that are not UTF-8 (Latin-1 "ä").
  reject(with_name("Bet\xE4"), {"not valid UTF-8"});
  // Messages print user text with control characters escaped.
  const auto r = run_file(dir.write("esc.yaml", kSmall + "\"bad\\x1b[31mkey\": 1\n"), dir / "out");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find('\x1b') == std::string::npos);
}

TEST_CASE("names that pass validation are safe in CSV and XLSX", "[cli][safety][output]") {
  TempDir dir;
  const std::string text =
      replaced(replaced(kSmall, "[Alpha, Beta]", "[\"=HYPERLINK(1)\", \"O'Brien'\"]"),
               "{Alpha: 10, Beta: 5}", "{\"=HYPERLINK(1)\": 10, \"O'Brien'\": 5}");
  const auto r = run_file(dir.write("s.yaml", text), dir / "out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_text(dir / "out/summary.csv");
  CHECK(summary.find(",'=HYPERLINK(1),") != std::string::npos);
  CHECK(summary.find(",=HYPERLINK") == std::string::npos);
  CHECK(fs::file_size(dir / "out/results.xlsx") > 0);
}

TEST_CASE("environment problems get clear messages", "[cli][safety][bad_input]") {
  TempDir dir;
  auto r = run_tiny(dir, "out", {"--threads", "-1"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--threads"));

  r = run_tiny(dir, "out", {"--plugin-path", (dir / "no-such-folder").string()});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("warning: --plugin-path") && Catch::Contains("no such folder"));
  dir.write("file.so", "x");
  r = run_tiny(dir, "out", {"--plugin-path", (dir / "file.so").string()});
  CHECK_THAT(r.err, Catch::Contains("not a folder"));
}

TEST_CASE("an overlay may add a date before the base's in a dated schedule",
          "[cli][safety][scenario]") {
  TempDir dir;
  dir.write("base.yaml", replaced(kSmall, "inflow: {daily_rate: 0.5}",
                                  "inflow: {daily_rate: 0.5, multiplier: {2025-03-01: 2.0}}"));
  const auto overlay =
      dir.write("overlay.yaml",
                "extends: base.yaml\nmodules:\n  inflow:\n    multiplier: {2025-02-01: 1.5}\n");
  const auto r = polku_cli({"validate", overlay.string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

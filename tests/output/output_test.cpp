// Tests of the result writers: indicators.csv, summary.csv, manifest.json and the staged output
// directory.

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "output/csv.hpp"
#include "output/indicators_csv.hpp"
#include "output/manifest.hpp"
#include "output/number_format.hpp"
#include "output/output_directory.hpp"
#include "output/summary_csv.hpp"
#include "polku/errors.hpp"
#include "results/quantiles.hpp"

namespace fs = std::filesystem;
using polku::format_number;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Two municipalities, an employment area with both, the total; two replications of two months;
/// indicators: unemployed (sum), jobseekers (sum), unemployment_share = 100 × unemployed /
/// jobseekers (ratio).
polku::RunResults sample_results() {
  polku::RunResults r;
  r.scenario = "base";
  r.first_month = 2024 * 12;  // 2024-01
  r.months = 2;
  r.municipality_count = 2;
  r.areas = {{"Espoo", {0}}, {"Helsinki", {1}}, {"Uusimaa, ELY", {0, 1}}, {"total", {0, 1}}};
  r.indicators = {{"unemployed", polku::Aggregation::sum, polku::Measure::stock, 0, 0},
                  {"jobseekers", polku::Aggregation::sum, polku::Measure::stock, 0, 0},
                  {"unemployment_share", polku::Aggregation::ratio, polku::Measure::stock, 0, 1}};
  // [month][municipality][indicator]; the stored per-municipality ratio is deliberately wrong
  // (-1) to show that every area recomputes it from the summed parts.
  r.replications.push_back({{10, 40, -1, 30, 60, -1,  //
                             0, 0, -1, 5, 20, -1}});
  r.replications.push_back({{20, 40, -1, 15, 60, -1,  //
                             1, 4, -1, 3, 12, -1}});
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

/// A fresh directory under the system temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path =
        fs::temp_directory_path() / ("polku_output_test_" + std::to_string(std::random_device{}()) +
                                     "_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace

TEST_CASE("format_number gives shortest round-trip, locale-free text", "[output]") {
  CHECK(format_number(0.0) == "0");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(1.0) == "1");
  CHECK(format_number(-2.5) == "-2.5");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_number(123456789.0) == "123456789");
  CHECK(format_number(1e20) == "1e+20");
  CHECK(format_number(kNaN) == "NA");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "Inf");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-Inf");
  for (const double v : {0.1, 1.0 / 3.0, 6.02214076e23, 5e-324, -1.7976931348623157e308}) {
    const std::string text = format_number(v);
    double back = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), back);
    CHECK(result.ec == std::errc{});
    CHECK(back == v);
  }
  std::string appended = "x=";
  polku::append_number(appended, 42.0);
  CHECK(appended == "x=42");
}

TEST_CASE("CSV fields are quoted as in RFC 4180", "[output]") {
  const auto field = [](std::string_view text) {
    std::string out;
    polku::append_csv_field(out, text);
    return out;
  };
  CHECK(field("Helsinki") == "Helsinki");
  CHECK(field("") == "");
  CHECK(field("a,b") == "\"a,b\"");
  CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(field("two\nlines") == "\"two\nlines\"");
  CHECK(field("cr\r") == "\"cr\r\"");
}

TEST_CASE("indicators.csv: tidy rows in replication, month, area, indicator order", "[output]") {
  std::ostringstream out;
  polku::write_indicators_csv(sample_results(), out);
  const auto lines = lines_of(out.str());

  REQUIRE(lines.size() == 1 + 2 * 2 * 4 * 3);
  CHECK(lines[0] == "scenario,replication,month,area,indicator,value");
  CHECK(lines[1] == "base,1,2024-01,Espoo,unemployed,10");
  CHECK(lines[2] == "base,1,2024-01,Espoo,jobseekers,40");
  CHECK(lines[3] == "base,1,2024-01,Espoo,unemployment_share,25");
  CHECK(lines[6] == "base,1,2024-01,Helsinki,unemployment_share,50");
  // The area ratio comes from summed counts: 100 × 40 / 100 = 40, not the mean of 25 and 50.
  CHECK(lines[7] == "base,1,2024-01,\"Uusimaa, ELY\",unemployed,40");
  CHECK(lines[8] == "base,1,2024-01,\"Uusimaa, ELY\",jobseekers,100");
  CHECK(lines[9] == "base,1,2024-01,\"Uusimaa, ELY\",unemployment_share,40");
  CHECK(lines[12] == "base,1,2024-01,total,unemployment_share,40");
  // A zero denominator gives NA.
  CHECK(lines[15] == "base,1,2024-02,Espoo,unemployment_share,NA");
  CHECK(lines[25] == "base,2,2024-01,Espoo,unemployed,20");
  CHECK(lines[36] == "base,2,2024-01,total,unemployment_share,35");
  CHECK(lines[48] == "base,2,2024-02,total,unemployment_share,25");
  CHECK(out.str().back() == '\n');
  CHECK(out.str().find('\r') == std::string::npos);
}

TEST_CASE("indicators.csv quotes the scenario name and handles no replications", "[output]") {
  auto results = sample_results();
  results.scenario = "cut \"2025\", south";
  std::ostringstream out;
  polku::write_indicators_csv(results, out);
  CHECK(lines_of(out.str())[1] == "\"cut \"\"2025\"\", south\",1,2024-01,Espoo,unemployed,10");

  results.replications.clear();
  std::ostringstream empty;
  polku::write_indicators_csv(results, empty);
  CHECK(empty.str() == "scenario,replication,month,area,indicator,value\n");
}

TEST_CASE("inconsistent results are refused before anything is written", "[output]") {
  std::ostringstream out;
  SECTION("wrong number of values") {
    auto results = sample_results();
    results.replications[1].values.pop_back();
    CHECK_THROWS_AS(polku::write_indicators_csv(results, out), polku::ModelError);
    CHECK_THROWS_AS(polku::write_summary_csv(results, out), polku::ModelError);
  }
  SECTION("unknown municipality in an area") {
    auto results = sample_results();
    results.areas[2].members.push_back(2);
    CHECK_THROWS_AS(polku::write_indicators_csv(results, out), polku::ModelError);
  }
  SECTION("ratio of a ratio") {
    auto results = sample_results();
    results.indicators[2].denominator = 2;
    CHECK_THROWS_AS(polku::write_summary_csv(results, out), polku::ModelError);
  }
  CHECK(out.str().empty());
}

TEST_CASE("summarise: mean and type 7 quantiles, ignoring NaN", "[output]") {
  const auto q = polku::summarise({4, 1, 3, 2});
  CHECK(q.mean == 2.5);
  CHECK(q.p05 == Approx(1.15));
  CHECK(q.p50 == 2.5);
  CHECK(q.p95 == Approx(3.85));
  // Exactly the doubles nearest the decimal values, so the CSV shows them as such.
  CHECK(format_number(q.p05) == "1.15");
  CHECK(format_number(q.p95) == "3.85");

  const auto ten = polku::summarise({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});  // numpy: 1.45, 5.5, 9.55
  CHECK(ten.mean == 5.5);
  CHECK(ten.p05 == Approx(1.45));
  CHECK(ten.p50 == 5.5);
  CHECK(ten.p95 == Approx(9.55));

  const auto one = polku::summarise({7});
  CHECK((one.mean == 7 && one.p05 == 7 && one.p50 == 7 && one.p95 == 7));

  const auto with_nan = polku::summarise({kNaN, 1, kNaN, 3});
  CHECK(with_nan.mean == 2);
  CHECK(with_nan.p50 == 2);
  CHECK(with_nan.p05 == Approx(1.1));
  CHECK(with_nan.p95 == Approx(2.9));

  for (const auto& none : {polku::summarise({}), polku::summarise({kNaN, kNaN})}) {
    CHECK(std::isnan(none.mean));
    CHECK(std::isnan(none.p05));
    CHECK(std::isnan(none.p50));
    CHECK(std::isnan(none.p95));
  }

  const double inf = std::numeric_limits<double>::infinity();
  const auto infinite = polku::summarise({inf, inf, 1});
  CHECK(infinite.p95 == inf);
  CHECK(infinite.p50 == inf);
}

TEST_CASE("summary.csv: rows in month, area, indicator order across replications", "[output]") {
  std::ostringstream out;
  polku::write_summary_csv(sample_results(), out);
  const auto lines = lines_of(out.str());

  REQUIRE(lines.size() == 1 + 2 * 4 * 3);
  CHECK(lines[0] == "scenario,month,area,indicator,mean,p05,p50,p95");
  // Espoo unemployed in 2024-01: {10, 20}.
  CHECK(lines[1] == "base,2024-01,Espoo,unemployed,15,10.5,15,19.5");
  // total share in 2024-01: {40, 35}.
  CHECK(lines[12] == "base,2024-01,total,unemployment_share,37.5,35.25,37.5,39.75");
  // Espoo share in 2024-02: {NA, 25} -> the NaN replication is ignored.
  CHECK(lines[15] == "base,2024-02,Espoo,unemployment_share,25,25,25,25");
  CHECK(lines[21] == "base,2024-02,\"Uusimaa, ELY\",unemployment_share,25,25,25,25");

  auto results = sample_results();
  results.replications.pop_back();
  results.replications[0].values = {10, 0, -1, 30, 0, -1, 0, 0, -1, 5, 0, -1};
  std::ostringstream all_nan;
  polku::write_summary_csv(results, all_nan);
  CHECK(lines_of(all_nan.str())[3] == "base,2024-01,Espoo,unemployment_share,NA,NA,NA,NA");
}

TEST_CASE("sha256", "[output]") {
  CHECK(polku::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(polku::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  TempDir tmp;
  std::string big(200000, 'x');
  for (std::size_t i = 0; i < big.size(); i += 7) {
    big[i] = static_cast<char>(i % 251);
  }
  {
    std::ofstream(tmp.path / "abc.txt", std::ios::binary) << "abc";
    std::ofstream(tmp.path / "big.bin", std::ios::binary) << big;
  }
  CHECK(polku::sha256_file(tmp.path / "abc.txt") == polku::sha256_hex("abc"));
  CHECK(polku::sha256_file(tmp.path / "big.bin") == polku::sha256_hex(big));
  CHECK_THROWS_AS(polku::sha256_file(tmp.path / "missing.yaml"), fs::filesystem_error);
  CHECK_THROWS_AS(polku::sha256_file(tmp.path), fs::filesystem_error);
}

TEST_CASE("manifest.json parses back with its keys in the documented order", "[output]") {
  polku::Manifest m;
  m.polku_version = "0.1.0";
  m.git_revision = "abc123";
  m.scenario_name = "base";
  m.scenario_file = "scenarios/base.yaml";
  m.scenario_sha256 = polku::sha256_hex("scenario");
  m.resolved_sha256 = polku::sha256_hex("resolved");
  m.parameters = {{"start", "2024-01-01"}, {"modules", {{"inflow", {{"daily_rate", 1.5}}}}}};
  m.seed = 18446744073709551557ULL;  // above 2^63: must survive exactly
  m.replications = 20;
  m.threads = 2;
  m.plugins = {{"inflow", "1.0.0", "plugins/libinflow.so"}, {"benefits", "2.1.0", "b.so"}};
  m.wall_time_seconds = 12.5;
  m.simulated_agent_days = 1.095e9;
  m.created_utc = "2025-01-31T12:00:00Z";
  m.command_line = "polku run scenarios/base.yaml --set a=\"\xff\"";  // invalid UTF-8 byte

  std::ostringstream out;
  polku::write_manifest(m, out);
  const std::string text = out.str();
  CHECK(text.back() == '\n');
  CHECK(text.find("\n  \"git_revision\": \"abc123\",") != std::string::npos);

  const auto ordered = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& item : ordered.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{
                    "polku_version", "git_revision", "created_utc", "command_line", "scenario_name",
                    "scenario_file", "scenario_sha256", "resolved_sha256", "seed", "replications",
                    "threads", "restored_from", "wall_time_seconds", "simulated_agent_days",
                    "plugins", "parameters", "law_values", "indicators"});

  const auto json = nlohmann::json::parse(text);
  CHECK(json["polku_version"] == "0.1.0");
  CHECK(json["scenario_sha256"] == polku::sha256_hex("scenario"));
  CHECK(json["seed"].get<std::uint64_t>() == 18446744073709551557ULL);
  CHECK(json["replications"] == 20);
  CHECK(json["threads"] == 2);
  CHECK(json["restored_from"].is_null());
  CHECK(json["wall_time_seconds"] == 12.5);
  CHECK(json["simulated_agent_days"] == 1.095e9);
  REQUIRE(json["plugins"].size() == 2);
  CHECK(json["plugins"][0] ==
        nlohmann::json{{"name", "inflow"}, {"version", "1.0.0"}, {"file", "plugins/libinflow.so"}});
  CHECK(json["parameters"] == m.parameters);
  CHECK(json["command_line"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);

  m.restored_from = "runs/base/checkpoint-2025-01-01.bin";
  m.wall_time_seconds = kNaN;
  std::ostringstream restored;
  polku::write_manifest(m, restored);
  const auto again = nlohmann::json::parse(restored.str());
  CHECK(again["restored_from"] == "runs/base/checkpoint-2025-01-01.bin");
  CHECK(again["wall_time_seconds"].is_null());
}

TEST_CASE("OutputDirectory: nothing is left behind without commit", "[output]") {
  TempDir tmp;
  const fs::path final_dir = tmp.path / "runs" / "base";
  fs::path staging;
  {
    polku::OutputDirectory dir(final_dir);
    staging = dir.staging();
    CHECK(fs::is_directory(staging));
    CHECK(staging.parent_path() == tmp.path / "runs");
    CHECK(staging.filename().string().rfind("base.partial-", 0) == 0);
    CHECK(fs::is_empty(staging));
    std::ofstream(staging / "indicators.csv") << "partial";
    CHECK_FALSE(dir.committed());
  }
  CHECK_FALSE(fs::exists(staging));
  CHECK_FALSE(fs::exists(final_dir));
  CHECK(fs::is_empty(tmp.path / "runs"));

  // An existing final directory is untouched by an abandoned run.
  fs::create_directories(final_dir);
  std::ofstream(final_dir / "manifest.json") << R"({"polku_version": "0.0.9"})";
  { polku::OutputDirectory dir(final_dir); }
  CHECK(read_text(final_dir / "manifest.json") == R"({"polku_version": "0.0.9"})");
  CHECK(entries_in(tmp.path / "runs") == 1);
}

TEST_CASE("OutputDirectory: commit replaces an existing directory", "[output]") {
  TempDir tmp;
  const fs::path final_dir = tmp.path / "base";
  fs::create_directories(final_dir / "variant");
  std::ofstream(final_dir / "manifest.json") << R"({"polku_version": "0.0.9"})";
  std::ofstream(final_dir / "summary.csv") << "old";
  std::ofstream(final_dir / "variant" / "x") << "x";

  polku::OutputDirectory dir(final_dir.string() + "/");  // a trailing separator is fine
  CHECK(dir.final_path() == final_dir);
  const fs::path staging = dir.staging();
  polku::write_file_atomically(staging / "indicators.csv", "new\n");
  dir.commit();

  CHECK(dir.committed());
  CHECK(dir.staging().empty());
  CHECK_FALSE(fs::exists(staging));
  CHECK(read_text(final_dir / "indicators.csv") == "new\n");
  CHECK_FALSE(fs::exists(final_dir / "summary.csv"));
  CHECK_FALSE(fs::exists(final_dir / "variant"));
  CHECK(entries_in(tmp.path) == 1);  // no staging or replaced directory left beside it
  CHECK_THROWS_AS(dir.commit(), std::logic_error);

  // A commit into a path that does not exist yet (parents created on construction).
  polku::OutputDirectory fresh(tmp.path / "a" / "b" / "c");
  fresh.commit();
  CHECK(fs::is_directory(tmp.path / "a" / "b" / "c"));
  CHECK(fs::is_empty(tmp.path / "a" / "b" / "c"));
}

TEST_CASE("OutputDirectory: only an empty folder or an earlier Polku result is replaced",
          "[output][safety]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "out";
  fs::create_directories(dir);
  CHECK(polku::why_not_replaceable(dir).empty());  // empty

  std::ofstream(dir / "thesis.txt") << "keep";
  CHECK_THAT(polku::why_not_replaceable(dir), Catch::Contains("not an earlier Polku result"));
  CHECK_THROWS_AS(polku::OutputDirectory(dir), polku::InputError);

  std::ofstream(dir / "manifest.json") << R"({"polku_version": "0.1.0"})";
  CHECK_THAT(polku::why_not_replaceable(dir), Catch::Contains("thesis.txt"));
  fs::remove(dir / "thesis.txt");
  CHECK(polku::why_not_replaceable(dir).empty());

  for (const char* foreign : {"[1, 2]", "{\"polku_version\": 3}", "not json"}) {
    std::ofstream(dir / "manifest.json") << foreign;
    CHECK_FALSE(polku::why_not_replaceable(dir).empty());
  }

  // A result folder that gains a foreign file while the simulation runs is not replaced.
  std::ofstream(dir / "manifest.json") << R"({"polku_version": "0.1.0"})";
  polku::OutputDirectory out(dir);
  std::ofstream(dir / "added-meanwhile.txt") << "mine";
  CHECK_THROWS_AS(out.commit(), polku::InputError);
  CHECK(read_text(dir / "added-meanwhile.txt") == "mine");
}

TEST_CASE("OutputDirectory: moves transfer ownership of the staging directory", "[output]") {
  TempDir tmp;
  polku::OutputDirectory first(tmp.path / "out");
  const fs::path staging = first.staging();
  polku::OutputDirectory second(std::move(first));
  CHECK(second.staging() == staging);
  {
    // NOLINTNEXTLINE(bugprone-use-after-move): a moved-from object must be harmless
    polku::OutputDirectory sink(std::move(first));
  }  // moved-from: removes nothing
  CHECK(fs::is_directory(staging));
  // NOLINTNEXTLINE(bugprone-use-after-move)
  CHECK_THROWS_AS(first.commit(), std::logic_error);

  polku::OutputDirectory third(tmp.path / "other");
  const fs::path third_staging = third.staging();
  third = std::move(second);  // drops third's own staging directory
  CHECK_FALSE(fs::exists(third_staging));
  third.commit();
  CHECK(fs::is_directory(tmp.path / "out"));
  CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("OutputDirectory: unusable paths are bad input", "[output]") {
  TempDir tmp;
  std::ofstream(tmp.path / "file") << "not a directory";
  CHECK_THROWS_AS(polku::OutputDirectory(tmp.path / "file"), polku::InputError);
  CHECK_THROWS_AS(polku::OutputDirectory(tmp.path / "file" / "below"), polku::InputError);
  CHECK_THROWS_AS(polku::OutputDirectory(""), polku::InputError);
  // Replacing the working directory (or a parent of it) would delete it: refused up front.
  CHECK_THROWS_AS(polku::OutputDirectory("."), polku::InputError);
  CHECK_THROWS_AS(polku::OutputDirectory(fs::current_path().parent_path()), polku::InputError);
  CHECK(read_text(tmp.path / "file") == "not a directory");
  CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("write_file_atomically replaces a file without leaving temporaries", "[output]") {
  TempDir tmp;
  polku::write_file_atomically(tmp.path / "a.txt", "first");
  polku::write_file_atomically(tmp.path / "a.txt", std::string("sec\0ond", 7));
  CHECK(read_text(tmp.path / "a.txt") == std::string("sec\0ond", 7));
  CHECK(entries_in(tmp.path) == 1);
  CHECK_THROWS_AS(polku::write_file_atomically(tmp.path / "missing" / "a.txt", "x"),
                  fs::filesystem_error);
  CHECK(entries_in(tmp.path) == 1);
}

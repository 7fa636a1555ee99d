// `polku compare`: paired replications (common random numbers), comparison.csv, the per-scenario
// outputs, the comparison manifest, and bad input.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "cli/cli_helpers.hpp"
#include "output/manifest.hpp"
#include "results/quantiles.hpp"

using namespace polku::test;

namespace {

/// indicators.csv as replication → month → value for one area and indicator.
std::map<int, std::map<std::string, double>> series(const std::filesystem::path& csv,
                                                    const std::string& area,
                                                    const std::string& indicator) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "scenario,replication,month,area,indicator,value");
  std::map<int, std::map<std::string, double>> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
    if (f.size() == 6 && f[3] == area && f[4] == indicator)
      out[std::stoi(f[1])][f[2]] = std::stod(f[5]);
  }
  return out;
}

/// Width p95 − p05 across replications of the per-replication difference summed over months.
double summed_difference_width(const std::map<int, std::map<std::string, double>>& base,
                               const std::map<int, std::map<std::string, double>>& variant) {
  std::vector<double> sums;
  for (const auto& [r, months] : base) {
    double sum = 0;
    for (const auto& [m, v] : months) sum += variant.at(r).at(m) - v;
    sums.push_back(sum);
  }
  const auto q = polku::summarise(sums);
  return q.p95 - q.p05;
}

/// Sum over months of the monthly difference interval width (p95 − p05 across replications).
double monthly_interval_widths(const std::map<int, std::map<std::string, double>>& base,
                               const std::map<int, std::map<std::string, double>>& variant) {
  double total = 0;
  for (const auto& [m, v] : base.begin()->second) {
    (void)v;
    std::vector<double> d;
    for (const auto& [r, months] : base) d.push_back(variant.at(r).at(m) - months.at(m));
    const auto q = polku::summarise(d);
    total += q.p95 - q.p05;
  }
  return total;
}

struct ComparisonRow {
  double base_mean, variant_mean, diff_mean, diff_p05, diff_p95;
};

/// comparison.csv keyed by (month, area, indicator); checks the exact header.
std::map<std::tuple<std::string, std::string, std::string>, ComparisonRow> comparison_rows(
    const std::filesystem::path& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "month,area,indicator,base_mean,variant_mean,diff_mean,diff_p05,diff_p95");
  std::map<std::tuple<std::string, std::string, std::string>, ComparisonRow> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
    REQUIRE(f.size() == 8);
    const auto num = [](const std::string& t) { return t == "NA" ? std::nan("") : std::stod(t); };
    rows[{f[0], f[1], f[2]}] = {num(f[3]), num(f[4]), num(f[5]), num(f[6]), num(f[7])};
  }
  return rows;
}

CliResult compare(const TempDir& dir, const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "compare", scenario_path("tiny.yaml"), scenario_path("tiny-variant.yaml"),
      "--out",   (dir / out).string(),       "--quiet", "--outputs", "all"};
  args.insert(args.end(), extra.begin(), extra.end());
  return polku_cli(args);
}

}  // namespace

TEST_CASE("pairing replications narrows the difference interval of a stock", "[cli][compare]") {
  TempDir dir;
  const std::vector<std::string> reps = {"--replications", "40"};
  REQUIRE(compare(dir, "paired", reps).exit_code == 0);
  // Unpaired: the variant run on its own with another seed, against the same base runs.
  REQUIRE(polku_cli({"run", scenario_path("tiny-variant.yaml"), "--out",
                     (dir / "unpaired").string(), "--seed", "8", "--replications", "40", "--quiet",
                     "--outputs", "all"})
              .exit_code == 0);

  const auto base = series(dir / "paired/base/indicators.csv", "total", "unemployed");
  const auto variant = series(dir / "paired/variant/indicators.csv", "total", "unemployed");
  const auto independent = series(dir / "unpaired/indicators.csv", "total", "unemployed");
  REQUIRE(base.size() == 40);
  REQUIRE(independent.size() == 40);

  const double paired = summed_difference_width(base, variant);
  const double unpaired = summed_difference_width(base, independent);
  INFO("paired width " << paired << ", unpaired width " << unpaired);
  CHECK(paired > 0.0);
  CHECK(paired < 0.5 * unpaired);

  // The same holds for comparison.csv's own monthly intervals, summed over months.
  const auto rows = comparison_rows(dir / "paired/comparison.csv");
  double csv_widths = 0;
  for (const auto& [key, row] : rows)
    if (std::get<1>(key) == "total" && std::get<2>(key) == "unemployed")
      csv_widths += row.diff_p95 - row.diff_p05;
  CHECK(csv_widths == Approx(monthly_interval_widths(base, variant)));
  CHECK(csv_widths < 0.5 * monthly_interval_widths(base, independent));
}

TEST_CASE("compare writes both runs and comparison.csv consistent with them", "[cli][compare]") {
  TempDir dir;
  const auto r =
      polku_cli({"compare", scenario_path("tiny.yaml"), scenario_path("tiny-variant.yaml"),
                 "--out", (dir / "c").string(), "--outputs", "all"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("paired replications"));
  for (const char* sub : {"base", "variant"})
    for (const char* file : {"indicators.csv", "summary.csv", "annual.csv", "manifest.json",
                             "results.xlsx", "results.sqlite", "report.html"})
      CHECK(std::filesystem::exists(dir / "c" / sub / file));
  for (const char* file : {"comparison.csv", "manifest.json", "results.xlsx", "report.html"})
    CHECK(std::filesystem::exists(dir / "c" / file));

  const auto rows = comparison_rows(dir / "c/comparison.csv");
  const auto base = series(dir / "c/base/indicators.csv", "Alpha", "exits_to_employment");
  const auto variant = series(dir / "c/variant/indicators.csv", "Alpha", "exits_to_employment");
  const auto& row = rows.at({"2025-06", "Alpha", "exits_to_employment"});
  std::vector<double> b, v, d;
  for (const auto& [rep, months] : base) {
    b.push_back(months.at("2025-06"));
    v.push_back(variant.at(rep).at("2025-06"));
    d.push_back(v.back() - b.back());
  }
  CHECK(row.base_mean == Approx(polku::summarise(b).mean));
  CHECK(row.variant_mean == Approx(polku::summarise(v).mean));
  CHECK(row.diff_mean == Approx(polku::summarise(d).mean));
  CHECK(row.diff_p05 == Approx(polku::summarise(d).p05));
  CHECK(row.diff_p95 == Approx(polku::summarise(d).p95));
  // Faster exits in the variant leave fewer job-seekers by the end, in every replication.
  const auto& end = rows.at({"2026-12", "total", "jobseekers"});
  CHECK(end.variant_mean < end.base_mean);
  CHECK(end.diff_p95 < 0);

  const auto manifest = nlohmann::json::parse(read_text(dir / "c/manifest.json"));
  const auto base_manifest = read_text(dir / "c/base/manifest.json");
  CHECK(manifest["kind"] == "comparison");
  CHECK(manifest["base"]["manifest_sha256"] == polku::sha256_hex(base_manifest));
  CHECK(manifest["seed"] == 7);
  CHECK(manifest["notes"].empty());
  CHECK(manifest["skipped_indicators"].empty());
}

TEST_CASE("compare uses the base's seed and replications and says so", "[cli][compare]") {
  TempDir dir;
  // Another seed and replication count, a third municipality and no employment area.
  const auto variant = dir.write("other-seed.yaml", R"(name: other-seed
start: 2025-01-01
end: 2026-12-31
seed: 99
replications: 2
municipalities: [Alpha, Beta, Gamma]
modules:
  initial_stock: {jobseekers: {Alpha: 800, Beta: 150, Gamma: 40}, elapsed_days_max: 900}
  inflow: {daily_rate: {Alpha: 4.0, Beta: 0.8, Gamma: 0.2}}
  employment_exit: {}
  jobseeker_stock: {}
)");
  const auto r = polku_cli(
      {"compare", scenario_path("tiny.yaml"), variant.string(), "--out", (dir / "c").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto manifest = nlohmann::json::parse(read_text(dir / "c/manifest.json"));
  const auto variant_manifest = nlohmann::json::parse(read_text(dir / "c/variant/manifest.json"));
  CHECK(variant_manifest["seed"] == 7);
  CHECK(variant_manifest["replications"] == 3);
  const std::string notes = manifest["notes"].dump();
  CHECK_THAT(notes, Catch::Contains("variant seed 99 replaced by the base's seed 7"));
  CHECK_THAT(notes, Catch::Contains("variant replications 2 replaced by the base's 3"));
  // Areas present in one scenario only are skipped and listed.
  CHECK(manifest["skipped_areas"].dump().find("Gamma (variant only)") != std::string::npos);
  CHECK(manifest["skipped_areas"].dump().find("Alpha-Beta area (base only)") != std::string::npos);
  CHECK(read_text(dir / "c/comparison.csv").find("Gamma") == std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("note: variant seed 99"));
}

TEST_CASE("compare output is identical for one and two threads", "[cli][compare][determinism]") {
  TempDir dir;
  REQUIRE(compare(dir, "t1", {"--threads", "1"}).exit_code == 0);
  REQUIRE(compare(dir, "t2", {"--threads", "2"}).exit_code == 0);
  for (const char* file :
       {"comparison.csv", "base/annual.csv", "variant/annual.csv", "variant/summary.csv"})
    CHECK(read_text(dir / "t1" / file) == read_text(dir / "t2" / file));
}

TEST_CASE("compare with --db stores both runs in one database", "[cli][compare][sqlite]") {
  TempDir dir;
  REQUIRE(compare(dir, "c", {"--db", (dir / "all.sqlite").string()}).exit_code == 0);
  CHECK(std::filesystem::exists(dir / "all.sqlite"));
  CHECK_FALSE(std::filesystem::exists(dir / "c/base/results.sqlite"));
  CHECK(std::filesystem::file_size(dir / "all.sqlite") > 10000);
}

TEST_CASE("compare rejects bad usage with exit code 2 and no output", "[cli][compare][bad_input]") {
  TempDir dir;
  const auto one =
      polku_cli({"compare", scenario_path("tiny.yaml"), "--out", (dir / "x").string()});
  CHECK(one.exit_code == 2);
  CHECK_THAT(one.err, Catch::Contains("compare needs two scenarios"));
  const auto lang = compare(dir, "x", {"--lang", "xx"});
  CHECK(lang.exit_code == 2);
  CHECK_THAT(lang.err, Catch::Contains("--lang: expected \"fi\" or \"en\", got \"xx\""));
  const auto checkpoint =
      compare(dir, "x", {"--checkpoint-at", "2025-06-30", "--checkpoint", "c.ckpt"});
  CHECK(checkpoint.exit_code == 2);
  const auto missing = polku_cli({"compare", scenario_path("tiny.yaml"),
                                  (dir / "nope.yaml").string(), "--out", (dir / "x").string()});
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "x"));
}

TEST_CASE("compare with --set-variant changes only the variant, the base stays byte-identical",
          "[cli][compare][set_variant]") {
  TempDir dir;
  const std::string base = scenario_path("tiny.yaml");
  REQUIRE(polku_cli({"compare", base, base, "--out", (dir / "plain").string(), "--quiet",
                     "--outputs", "all"})
              .exit_code == 0);
  REQUIRE(polku_cli({"compare", base, base, "--out", (dir / "what-if").string(), "--quiet",
                     "--outputs", "all", "--set-variant", "modules.inflow.daily_rate.Alpha=8"})
              .exit_code == 0);
  for (const char* file : {"indicators.csv", "summary.csv", "annual.csv", "budget.csv"}) {
    INFO(file);
    CHECK(read_text(dir / "plain/base" / file) == read_text(dir / "what-if/base" / file));
  }
  // Without the option the variant equals the base; with it, only the variant changes.
  CHECK(read_text(dir / "plain/variant/indicators.csv") ==
        read_text(dir / "plain/base/indicators.csv"));
  CHECK(read_text(dir / "what-if/variant/indicators.csv") !=
        read_text(dir / "what-if/base/indicators.csv"));
  // The what-if is named apart from its base, and the comparison says what it changed.
  CHECK(read_text(dir / "what-if/variant/summary.csv").find("\ntiny-what-if,") != std::string::npos);
  CHECK_THAT(read_text(dir / "what-if/report.html"),
             Catch::Contains("tiny – tiny-what-if") &&
                 Catch::Contains("--set-variant modules.inflow.daily_rate.Alpha=8"));
  const auto variant = nlohmann::json::parse(read_text(dir / "what-if/variant/manifest.json"));
  CHECK(variant["parameters"]["modules"]["inflow"]["daily_rate"]["Alpha"] == 8);
  const auto kept = nlohmann::json::parse(read_text(dir / "what-if/base/manifest.json"));
  CHECK(kept["parameters"]["modules"]["inflow"]["daily_rate"]["Alpha"] == 4);
}

TEST_CASE("a bad --set-variant is refused with exit code 2, naming the option",
          "[cli][compare][set_variant][bad_input]") {
  TempDir dir;
  const std::string base = scenario_path("tiny.yaml");
  for (const char* bad : {"no-equals-sign", "modules.inflw.daily_rate.Alpha=8", "=3"}) {
    INFO(bad);
    const auto r = polku_cli(
        {"compare", base, base, "--out", (dir / "x").string(), "--quiet", "--set-variant", bad});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--set-variant"));
    CHECK_FALSE(std::filesystem::exists(dir / "x"));
  }
}

TEST_CASE("five more counsellors employed by Kempele raise Kempele's net cost by their cost",
          "[cli][compare][staff]") {
  TempDir dir;
  const std::string oulu = std::string(POLKU_SOURCE_DIR) + "/scenarios/oulu-2025.yaml";
  // Kempele employs its counsellors itself (6.27 FTE in the scenario); the variant has five more.
  REQUIRE(polku_cli({"compare", oulu, oulu, "--out", (dir / "c").string(), "--quiet",
                     "--replications", "2", "--set", "end=2025-12-31", "--set",
                     "modules.counselling.employed_by_municipality={Kempele: 1, default: 0}", "--set-variant",
                     "modules.counselling.counsellor_fte.Kempele=11.27"})
              .exit_code == 0);
  const auto base = nlohmann::json::parse(read_text(dir / "c/base/manifest.json"));
  REQUIRE(base["parameters"]["modules"]["counselling"]["counsellor_fte"]["Kempele"] == 6.27);
  std::map<std::pair<std::string, std::string>, std::vector<double>> annual;  // (area, indicator)
  std::ifstream in(dir / "c/base/annual.csv");
  std::ifstream variant_in(dir / "c/variant/annual.csv");
  const auto read = [&](std::ifstream& file) {
    std::map<std::pair<std::string, std::string>, double> values;
    std::string line;
    std::getline(file, line);
    while (std::getline(file, line)) {
      std::vector<std::string> f;
      std::stringstream s(line);
      for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
      if (f[1] == "2025") values[{f[2], f[3]}] = std::stod(f[4]);
    }
    return values;
  };
  const auto b = read(in), v = read(variant_in);
  const double cost = 5 * 60000.0;  // five FTE for a year at cost_per_fte_year
  CHECK(v.at({"Kempele", "service_cost_eur.own_counsellors"}) -
            b.at({"Kempele", "service_cost_eur.own_counsellors"}) ==
        Approx(cost));
  CHECK(b.at({"Kempele", "service_cost_eur.own_counsellors"}) == Approx(6.27 * 60000.0));
  // The net cost rises by the staff cost, give or take what more meetings change in benefits.
  const double net = v.at({"Kempele", "net_municipal_cost_eur"}) -
                     b.at({"Kempele", "net_municipal_cost_eur"});
  CHECK(net == Approx(cost).epsilon(0.1));
  // Other members employ none of their counsellors here: their staff line is absent or zero.
  CHECK(b.at({"Ii", "service_cost_eur.own_counsellors"}) == 0.0);
}

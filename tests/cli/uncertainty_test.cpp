// Parameter uncertainty: declarations checked like the rest of a scenario, runs whose replications
// draw their own parameters (paired in comparisons), and `polku sensitivity`.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "cli/cli_helpers.hpp"

using namespace polku::test;

namespace {

/// tiny.yaml with an uncertainty block of `block` (indented lines under `uncertainty:`).
std::string tiny_with(const std::string& block) {
  return "extends: " + scenario_path("tiny.yaml") + "\nname: tiny-uncertain\nuncertainty:\n" +
         block;
}

const std::string kFactor =
    "  modules.employment_exit.daily_rates: {distribution: uniform, min: 0.6, max: 1.4}\n";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// p95 - p05 of a summary.csv row's indicator in its last month for the total.
double last_width(const std::string& summary, const std::string& indicator) {
  double width = std::nan("");
  for (const auto& l : lines(summary)) {
    if (l.find(",total," + indicator + ",") == std::string::npos) continue;
    std::vector<std::string> f;
    std::stringstream s(l);
    for (std::string x; std::getline(s, x, ',');) f.push_back(x);
    width = std::stod(f[7]) - std::stod(f[5]);
  }
  return width;
}

CliResult run_file(const TempDir& dir, const std::filesystem::path& file, const std::string& out,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", file.string(), "--out", (dir / out).string(), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return polku_cli(args);
}

}  // namespace

TEST_CASE("a declared distribution outside the parameter's range is exit 2 with its place",
          "[cli][bad_input][uncertainty]") {
  TempDir dir;
  const auto file = dir.write(
      "s.yaml", tiny_with("  modules.employment_exit.own_job_share: {distribution: uniform, "
                          "min: 0.5, max: 1.2}\n"));
  const auto r = run_file(dir, file, "out", {"--uncertainty"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("s.yaml:4:42"));
  CHECK_THAT(r.err, Catch::Contains("uncertainty.modules.employment_exit.own_job_share"));
  CHECK_THAT(r.err, Catch::Contains("outside the allowed range"));
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
  // Checked by validate too, with or without --uncertainty.
  CHECK(polku_cli({"validate", file.string()}).exit_code == 2);
}

TEST_CASE("uncertainty block problems are all reported with did-you-mean",
          "[cli][bad_input][uncertainty]") {
  TempDir dir;
  const auto file = dir.write(
      "s.yaml",
      tiny_with("  modules.employment_exit.own_job_shar: {distribution: uniform, min: 0, max: 1}\n"
                "  modules.employment_exit.tightness_elasticity: {distribution: unifrom, min: 0, "
                "max: 1}\n"
                "  modules.employment_exit.hazard_ratio_older: {distribution: triangular, min: "
                "0.3, max: 0.8, mdoe: 0.5}\n"
                "  modules.employment_exit.laid_off_return_days: {distribution: normal, min: 30, "
                "max: 180, sd: 0}\n"
                "  modules.employment_exit.older_age: {distribution: uniform, min: 60, max: 50}\n"
                "  modules.jobseeker_stock.service_breaks_spell: {distribution: uniform, min: 0, "
                "max: 1}\n"
                "  modules.employment_exit.hazard_ratio_foreign_language: {distribution: "
                "triangular, min: 0.9, max: 1.0}\n"));
  const auto r = polku_cli({"validate", file.string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("did you mean \"modules.employment_exit.own_job_share\""));
  CHECK_THAT(r.err, Catch::Contains("did you mean \"uniform\""));
  CHECK_THAT(r.err, Catch::Contains("did you mean \"mode\""));
  CHECK_THAT(r.err, Catch::Contains("standard deviation above 0"));
  CHECK_THAT(r.err, Catch::Contains("expected min < max"));
  CHECK_THAT(r.err, Catch::Contains("is a boolean"));
  CHECK_THAT(r.err, Catch::Contains("0.8 lies outside [0.9, 1]: give the mode"));
  CHECK(lines(r.err).size() == 7);
}

TEST_CASE("a factor that takes a list outside its range is exit 2",
          "[cli][bad_input][uncertainty]") {
  TempDir dir;
  const auto file = dir.write(
      "s.yaml",
      tiny_with("  modules.employment_exit.daily_rates: {distribution: uniform, min: 0.5, max: "
                "500}\n"));
  const auto r = polku_cli({"validate", file.string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("outside its allowed range"));
}

TEST_CASE("plugins declare the distributions of their assumptions", "[cli][uncertainty]") {
  const auto r = polku_cli({"plugins"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("subsidy_paid_fraction"));
  CHECK_THAT(r.out, Catch::Contains("uncertain: uniform [0.8, 1]"));
}

TEST_CASE("runs with --uncertainty have wider ranges and without it the results do not change",
          "[cli][uncertainty]") {
  TempDir dir;
  const auto file = dir.write("s.yaml", tiny_with(kFactor));
  REQUIRE(run_tiny(dir, "plain").exit_code == 0);
  REQUIRE(run_file(dir, file, "declared").exit_code == 0);
  const auto drawn = run_file(dir, file, "drawn", {"--uncertainty", "--replications", "8"});
  INFO(drawn.err);
  REQUIRE(drawn.exit_code == 0);
  REQUIRE(run_file(dir, file, "mc", {"--replications", "8"}).exit_code == 0);

  // A declaration alone changes nothing but the scenario's name.
  auto plain = read_text(dir / "plain" / "summary.csv");
  auto declared = read_text(dir / "declared" / "summary.csv");
  for (std::size_t at; (at = declared.find("tiny-uncertain")) != std::string::npos;)
    declared.replace(at, 14, "tiny");
  CHECK(plain == declared);
  CHECK_FALSE(std::filesystem::exists(dir / "declared" / "parameter_draws.csv"));

  const auto summary = read_text(dir / "drawn" / "summary.csv");
  CHECK(lines(summary).front() == "scenario,month,area,indicator,mean,p05,p50,p95,interval");
  CHECK_THAT(lines(summary)[1], Catch::EndsWith(",monte_carlo_and_parameters"));
  CHECK_THAT(read_text(dir / "drawn" / "annual.csv"), Catch::Contains("p95,interval\n"));
  const auto mc = read_text(dir / "mc" / "summary.csv");
  CHECK(last_width(summary, "unemployed") > 2 * last_width(mc, "unemployed"));

  const auto manifest = read_text(dir / "drawn" / "manifest.json");
  CHECK_THAT(manifest, Catch::Contains("Monte Carlo variation and parameter uncertainty"));
  CHECK_THAT(manifest, Catch::Contains("modules.employment_exit.daily_rates"));
  CHECK_THAT(read_text(dir / "drawn" / "report.html"), Catch::Contains("parametrien epävarmuus"));
  const auto draws = lines(read_text(dir / "drawn" / "parameter_draws.csv"));
  REQUIRE(draws.size() > 8);
  CHECK(draws.front() == "replication,parameter,value,kind");
}

TEST_CASE("parameter draws are deterministic, thread-independent and paired in compare",
          "[cli][uncertainty]") {
  TempDir dir;
  const auto file = dir.write("s.yaml", tiny_with(kFactor));
  const auto variant =
      dir.write("v.yaml",
                "extends: s.yaml\nname: tiny-uncertain-variant\nmodules:\n  inflow:\n"
                "    daily_rate: {Alpha: 5.0, Beta: 0.8}\n");
  REQUIRE(run_file(dir, file, "one", {"--uncertainty", "--threads", "1"}).exit_code == 0);
  REQUIRE(run_file(dir, file, "two", {"--uncertainty", "--threads", "2"}).exit_code == 0);
  CHECK(read_text(dir / "one" / "summary.csv") == read_text(dir / "two" / "summary.csv"));
  const auto draws = read_text(dir / "one" / "parameter_draws.csv");
  CHECK(draws == read_text(dir / "two" / "parameter_draws.csv"));
  // Each replication its own draw.
  std::set<std::string> factors;
  for (const auto& l : lines(draws))
    if (l.find("daily_rates") != std::string::npos) factors.insert(l.substr(l.find(",m") + 1));
  CHECK(factors.size() == 3);

  const auto r = polku_cli({"compare", file.string(), variant.string(), "--out",
                            (dir / "cmp").string(), "--quiet", "--uncertainty"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_text(dir / "cmp" / "base" / "parameter_draws.csv") == draws);
  CHECK(read_text(dir / "cmp" / "variant" / "parameter_draws.csv") == draws);
}

TEST_CASE("polku sensitivity writes indices for every target, parameter, area and year",
          "[cli][uncertainty][sensitivity]") {
  TempDir dir;
  const auto file =
      dir.write("s.yaml", tiny_with(kFactor + "  modules.employment_exit.own_job_share: fixed\n"));
  const auto r = polku_cli({"sensitivity", file.string(), "--out", (dir / "sa").string(), "--quiet",
                            "--samples", "8", "--trajectories", "3", "--bootstrap", "20",
                            "--targets", "unemployed,jobseekers"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto csv = lines(read_text(dir / "sa" / "sensitivity.csv"));
  CHECK(csv.front() ==
        "indicator,area,year,parameter,distribution,mean,sd,mu_star,mu,sigma,first_order,"
        "first_order_low,first_order_high,total,total_low,total_high");
  // 2 indicators x 4 areas x 2 years x the uncertain parameters of tiny (employment_exit's).
  const std::size_t parameters = (csv.size() - 1) / 16;
  CHECK((csv.size() - 1) % 16 == 0);
  CHECK(parameters >= 2);
  CHECK(std::filesystem::exists(dir / "sa" / "sensitivity.xlsx"));
  const auto html = read_text(dir / "sa" / "sensitivity.html");
  CHECK_THAT(html, Catch::Contains("<svg"));
  // The exit rates drive the unemployed stock more than anything else in tiny.
  bool found = false;
  for (const auto& l : csv)
    if (l.rfind("unemployed,total,2026,modules.employment_exit.daily_rates", 0) == 0) {
      found = true;
      std::vector<std::string> f;
      std::stringstream s(l);
      for (std::string x; std::getline(s, x, ',');) f.push_back(x);
      CHECK(std::stod(f[f.size() - 3]) > 0.5);  // total index
    }
  CHECK(found);
  // Run again into the same folder: its own files are replaced.
  CHECK(polku_cli({"sensitivity", file.string(), "--out", (dir / "sa").string(), "--quiet",
                   "--samples", "4", "--method", "sobol", "--targets", "unemployed"})
            .exit_code == 0);
  // Bad targets: exit 2 with a suggestion, nothing written.
  const auto bad = polku_cli({"sensitivity", file.string(), "--out", (dir / "bad").string(),
                              "--quiet", "--targets", "unemploid"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("did you mean \"unemployed\""));
  CHECK_FALSE(std::filesystem::exists(dir / "bad"));
}

namespace {
const std::string kOthersFixed =
    "  modules.employment_exit.hazard_ratio_older: fixed\n"
    "  modules.employment_exit.hazard_ratio_partial_work_ability: fixed\n"
    "  modules.employment_exit.hazard_ratio_no_vocational_education: fixed\n"
    "  modules.employment_exit.hazard_ratio_foreign_language: fixed\n"
    "  modules.employment_exit.laid_off_return_days: fixed\n"
    "  modules.employment_exit.tightness_elasticity: fixed\n";
}  // namespace

TEST_CASE("a sensitivity analysis of a warm-started scenario reads the planning years",
          "[cli][uncertainty][sensitivity][warm_up]") {
  // The share of exits to one's own job does not move the number of job-seekers: with the other
  // uncertain parameters fixed, every point gives the job-seekers of replication 1 of a plain
  // run, warm-up and all.
  TempDir dir;
  const auto file = dir.write(
      "warm.yaml", "extends: " + scenario_path("tiny.yaml") +
                       "\nname: tiny-warm\nstart: 2025-01-01\nwarm_up: {from: 2024-07-01}\n"
                       "uncertainty:\n  modules.employment_exit.own_job_share: "
                       "{distribution: uniform, min: 0.1, max: 0.3}\n" +
                       kOthersFixed);
  const auto sa =
      polku_cli({"sensitivity", file.string(), "--out", (dir / "sa").string(), "--quiet",
                 "--method", "morris", "--trajectories", "2", "--targets", "jobseekers"});
  INFO(sa.err);
  REQUIRE(sa.exit_code == 0);
  const auto run = run_file(dir, file, "run", {"--replications", "1", "--outputs", "annual.csv"});
  REQUIRE(run.exit_code == 0);
  const auto field = [](const std::string& line, std::size_t k) {  // CSV, quotes honoured
    std::vector<std::string> f(1);
    bool quoted = false;
    for (const char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        f.emplace_back();
      else
        f.back() += c;
    }
    return f.at(k);
  };
  std::string annual_2025;
  for (const auto& l : lines(read_text(dir / "run" / "annual.csv")))
    if (l.find(",2025,total,jobseekers,") != std::string::npos) annual_2025 = field(l, 4);
  std::vector<std::string> years;
  std::string sensitivity_2025;
  for (const auto& l : lines(read_text(dir / "sa" / "sensitivity.csv")))
    if (l.rfind("jobseekers,total,", 0) == 0 &&
        field(l, 3) == "modules.employment_exit.own_job_share") {
      years.push_back(field(l, 2));
      if (field(l, 2) == "2025") sensitivity_2025 = field(l, 5);  // the mean over the points
    }
  CHECK(years == std::vector<std::string>{"2025", "2026"});  // not the warm-up's 2024
  REQUIRE_FALSE(annual_2025.empty());
  REQUIRE_FALSE(sensitivity_2025.empty());
  CHECK(std::stod(sensitivity_2025) == Approx(std::stod(annual_2025)).epsilon(1e-9));
}

// Every class of bad input gets a message naming the place, exit code 2, and no output left behind.
#include <catch2/catch.hpp>

#include "cli/cli_helpers.hpp"
#include "polku/plugin.hpp"

using namespace polku::test;

namespace {

const std::string kValid = R"(name: bad-input
start: 2025-01-01
end: 2025-03-31
municipalities: [Alpha, Beta]
modules:
  initial_stock: {jobseekers: {Alpha: 10, Beta: 5}}
  inflow: {daily_rate: 0.5}
  employment_exit: {}
  jobseeker_stock: {}
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// Runs `polku run` on a scenario text; checks exit code 2, that every expected fragment is in
/// the message, and that no output directory (nor a partial one) is left.
void expect_rejected(const std::string& scenario_text, const std::vector<std::string>& fragments,
                     std::vector<std::string> extra = {}) {
  TempDir dir;
  const auto file = dir.write("scenario.yaml", scenario_text);
  std::vector<std::string> args = {"run", file.string(), "--out", (dir / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = polku_cli(args);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  for (const auto& f : fragments) CHECK_THAT(r.err, Catch::Contains(f));
  std::size_t leftovers = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++leftovers;
  CHECK(leftovers == 1);  // only the scenario file itself
}

}  // namespace

TEST_CASE("the valid base scenario runs", "[cli][bad_input]") {
  TempDir dir;
  const auto file = dir.write("scenario.yaml", kValid);
  CHECK(polku_cli({"run", file.string(), "--out", (dir / "out").string(), "--quiet"}).exit_code ==
        0);
}

TEST_CASE("malformed YAML names file, line and column", "[cli][bad_input]") {
  expect_rejected(replace(kValid, "end: 2025-03-31", "end: [2025-03-31"), {"scenario.yaml:"});
}

TEST_CASE("an unknown key is an error with a suggestion", "[cli][bad_input]") {
  expect_rejected(replace(kValid, "end:", "replicatoins: 2\nend:"),
                  {"scenario.yaml:3:1:", "replicatoins", "did you mean \"replications\""});
  expect_rejected(
      replace(kValid, "inflow: {daily_rate: 0.5}", "inflow: {daily_rte: 0.5}"),
      {"scenario.yaml:7:12:", "modules.inflow.daily_rte", "did you mean \"daily_rate\""});
}

TEST_CASE("a value of the wrong type is an error", "[cli][bad_input]") {
  expect_rejected(replace(kValid, "daily_rate: 0.5", "daily_rate: lots"),
                  {"scenario.yaml:7:", "modules.inflow.daily_rate", "lots"});
  expect_rejected(kValid, {"seed", "abc"}, {"--seed", "abc"});
}

TEST_CASE("an out-of-range value is an error", "[cli][bad_input]") {
  expect_rejected(replace(kValid, "Beta: 5}", "Beta: -5}"),
                  {"scenario.yaml:6:", "jobseekers.Beta", "-5"});
  expect_rejected(kValid, {"replications"}, {"--replications", "0"});
}

TEST_CASE("all problems are reported at once", "[cli][bad_input]") {
  TempDir dir;
  const auto text = replace(replace(kValid, "daily_rate: 0.5", "daily_rate: -1"),
                            "start:", "colour: red\nstart:");
  const auto r =
      polku_cli({"run", dir.write("s.yaml", text).string(), "--out", (dir / "o").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("colour") && Catch::Contains("daily_rate"));
}

TEST_CASE("an unknown municipality is an error with a suggestion", "[cli][bad_input]") {
  expect_rejected(replace(kValid, "Beta: 5}", "Betta: 5}"),
                  {"scenario.yaml:6:43:", "Betta", "did you mean \"Beta\""});
}

TEST_CASE("missing files are errors", "[cli][bad_input]") {
  TempDir dir;
  auto r = polku_cli({"run", (dir / "nowhere.yaml").string(), "--out", (dir / "o").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("nowhere.yaml"));
  expect_rejected("extends: base-that-is-not-there.yaml\n" + kValid,
                  {"base-that-is-not-there.yaml"});
  expect_rejected(kValid, {"no-such.ckpt"}, {"--restore", "no-such.ckpt"});
}

TEST_CASE("an unknown plugin is an error with a suggestion", "[cli][bad_input]") {
  expect_rejected(
      replace(kValid, "  employment_exit: {}", "  employment_exitt: {}"),
      {"scenario.yaml:8:3:", "modules.employment_exitt", "did you mean \"employment_exit\""});
}

TEST_CASE("a plugin built for another ABI is refused", "[cli][bad_input][plugins]") {
  const auto abi = polku::kPluginAbiVersion;
  expect_rejected(kValid + "  abi_mismatch: {}\n",
                  {"polku-abi_mismatch.so", "ABI version " + std::to_string(abi + 1),
                   "this polku uses version " + std::to_string(abi)},
                  {"--plugin-path", POLKU_TEST_PLUGIN_DIR});
}

TEST_CASE("a plugin built against other headers is refused", "[cli][bad_input][plugins]") {
  expect_rejected(kValid + "  other_headers: {}\n",
                  {"polku-other_headers.so", "built against other polku headers",
                   std::string(polku::kPluginApiFingerprint).substr(0, 12)},
                  {"--plugin-path", POLKU_TEST_PLUGIN_DIR});
}

TEST_CASE("a library that is not a loadable plugin is refused", "[cli][bad_input][plugins]") {
  TempDir plugins;
  plugins.write("polku-garbage.so", "this is not an ELF file");
  expect_rejected(kValid + "  garbage: {}\n", {"polku-garbage.so", "cannot load plugin 'garbage'"},
                  {"--plugin-path", plugins.path().string()});
  const auto listing = polku_cli({"plugins", "--plugin-path", plugins.path().string()});
  CHECK(listing.exit_code == 2);
  CHECK_THAT(listing.err, Catch::Contains("garbage"));
}

TEST_CASE("cross-parameter checks of a plugin are reported with the module's place",
          "[cli][bad_input]") {
  expect_rejected(replace(kValid, "employment_exit: {}", "employment_exit: {daily_rates: [0.1]}"),
                  {"scenario.yaml:8:", "modules.employment_exit", "one rate more"});
  expect_rejected(replace(kValid, "initial_stock: {jobseekers: {Alpha: 10, Beta: 5}}",
                          "initial_stock: {jobseekers: {Alpha: 10, Beta: 5}, "
                          "elapsed_days_min: 400, elapsed_days_max: 300}"),
                  {"scenario.yaml:6:", "modules.initial_stock", "must not exceed"});
  expect_rejected(replace(kValid, "initial_stock: {jobseekers: {Alpha: 10, Beta: 5}}",
                          "initial_stock: {jobseekers: {Alpha: 10, Beta: 5}, "
                          "elapsed_days_max: 300, long_term_share: 0.2}"),
                  {"scenario.yaml:6:", "modules.initial_stock", "nobody could be long-term"});
  expect_rejected(kValid +
                      "  person_attributes: {share_no_benefit: 0, share_labour_market_subsidy: "
                      "0, share_basic_allowance: 0, share_earnings_related: {Alpha: 1, Beta: 0}}\n",
                  {"modules.person_attributes", "benefit type shares", "add up to zero"});
}

TEST_CASE("usage errors exit with code 2", "[cli][bad_input]") {
  CHECK(polku_cli({}).exit_code == 2);
  CHECK(polku_cli({"frobnicate"}).exit_code == 2);
  CHECK(polku_cli({"run"}).exit_code == 2);
  CHECK(polku_cli({"run", "x.yaml", "--no-such-option"}).exit_code == 2);
  CHECK(polku_cli({"run", scenario_path("tiny.yaml"), "--threads", "0"}).exit_code == 2);
  CHECK(polku_cli({"run", scenario_path("tiny.yaml"), "--checkpoint-at", "2025-13-01",
                   "--checkpoint", "x"})
            .exit_code == 2);
}

// A warm-up: results start at the planning start and equal an uninterrupted run's; the state at
// the planning start is cached and restored; a variant warming up with the base's scenario forks
// from the same state (common random numbers); bad warm_up blocks are refused.
#include <catch2/catch.hpp>
#include <fstream>

#include "cli/cli_helpers.hpp"
#include "engine/runner.hpp"
#include "scenario/load.hpp"

using namespace polku;
using namespace polku::test;

namespace {

const std::string kBase = R"(name: warm
start: 2024-07-01
end: 2025-12-31
seed: 11
replications: 3
municipalities: [Alpha, Beta]
modules:
  initial_stock: {jobseekers: {Alpha: 600, Beta: 120}, elapsed_days_max: 900}
  inflow: {daily_rate: {Alpha: 3.0, Beta: 0.6}, multiplier: {2024-07-01: 1}}
  employment_exit: {type_shares: [0.7, 0.3], type_multipliers: [1.3, 0.3]}
  jobseeker_stock: {}
)";

std::string with_warm_up(std::string text, const std::string& block) {
  const auto at = text.find("start: 2024-07-01");
  text.replace(at, 17, "start: 2025-01-01\n" + block);
  return text;
}

/// base.yaml changed by `modules` (one line under `modules:`), warming up with base.yaml's
/// scenario: it forks from the base's cached state.
std::filesystem::path write_forking_variant(const TempDir& dir, const std::string& modules) {
  return dir.write("variant.yaml",
                   "name: warm-variant\nextends: base.yaml\n"
                   "warm_up: {from: 2024-07-01, scenario: base.yaml}\nmodules:\n  " +
                       modules + "\n");
}

RunOutcome run(const std::filesystem::path& file, const std::filesystem::path& cache,
               const std::vector<Override>& overrides = {}) {
  PluginHost host(PluginHost::default_search_path({}));
  const Scenario scenario = load_scenario(file, overrides, host);
  const auto modules = order_modules(scenario, host);
  RunSettings settings;
  settings.warm_cache_dir = cache;
  settings.threads = 2;
  return run_replications(scenario, modules, settings);
}

/// An indicator of the scenario's total area, summed over the replications and the first
/// `months` months.
double total_over(const RunOutcome& out, const std::string& indicator, std::size_t months) {
  std::size_t i = 0;
  while (out.results.indicators.at(i).name != indicator) ++i;
  const OutputArea& total = out.results.areas.back();
  double sum = 0;
  for (std::size_t r = 0; r < out.results.replications.size(); ++r)
    for (std::size_t month = 0; month < months; ++month)
      sum += out.results.area_value(r, month, total, i);
  return sum;
}

}  // namespace

TEST_CASE("a warm-up reports from the planning start what an uninterrupted run gives",
          "[engine][warm_up]") {
  TempDir dir;
  const auto plain = dir.write("plain.yaml", kBase);
  const auto warm = dir.write("warm.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}"));
  const RunOutcome uninterrupted = run(plain, {});
  const RunOutcome first = run(warm, dir / "cache");
  Day planning_start = 0;
  REQUIRE(parse_iso_date("2025-01-01", planning_start));
  CHECK(first.results.first_month == month_index(planning_start));
  CHECK(first.results.months == 12);
  CHECK_THAT(first.warm_up_note, Catch::Contains("simulated and cached"));
  const std::size_t per_month =
      uninterrupted.results.municipality_count * uninterrupted.results.indicators.size();
  for (std::size_t r = 0; r < 3; ++r) {
    const auto& all = uninterrupted.results.replications[r].values;
    const std::vector<double> tail(all.begin() + 6 * static_cast<std::ptrdiff_t>(per_month),
                                   all.end());
    CHECK(first.results.replications[r].values == tail);
  }
  // The second run restores the cached state and gives the same values.
  const RunOutcome second = run(warm, dir / "cache");
  CHECK_THAT(second.warm_up_note, Catch::Contains("restored from"));
  for (std::size_t r = 0; r < 3; ++r)
    CHECK(second.results.replications[r].values == first.results.replications[r].values);
  // Without a cache the state is simulated again, with the same result.
  const RunOutcome uncached = run(warm, std::filesystem::path{});
  CHECK(uncached.results.replications[0].values == first.results.replications[0].values);
}

TEST_CASE("a variant warming up with the base's scenario forks from the same state",
          "[engine][warm_up]") {
  TempDir dir;
  const auto base = dir.write("base.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}"));
  // Twice the inflow from the planning start, given as an undated change: without the base's
  // warm-up it would act from 2024-07-01 too.
  const auto variant = write_forking_variant(dir, "inflow: {multiplier: {2024-07-01: 2}}");
  const auto own = dir.write("own.yaml",
                             "name: warm-own\nextends: base.yaml\n"
                             "modules:\n  inflow: {multiplier: {2024-07-01: 2}}\n");
  const RunOutcome b = run(base, dir / "cache");
  const RunOutcome v = run(variant, dir / "cache");
  const RunOutcome o = run(own, dir / "cache");
  CHECK_THAT(v.warm_up_note, Catch::Contains("restored from"));  // the base's cached state
  const auto index = [&](const RunOutcome& out, const char* name) {
    for (std::size_t i = 0; i < out.results.indicators.size(); ++i)
      if (out.results.indicators[i].name == name) return i;
    FAIL("no indicator " << name);
    return std::size_t{0};
  };
  const OutputArea& total = b.results.areas.back();
  const auto unemployed = [&](const RunOutcome& out, int month) {
    return out.results.area_value(0, month, total, index(out, "unemployed"));
  };
  // The doubled inflow shows from January on, on top of the same warm state ...
  CHECK(unemployed(v, 0) > unemployed(b, 0));
  CHECK(unemployed(v, 11) > unemployed(b, 11));
  // ... while a variant warming up under its own parameters starts 2025 far higher.
  CHECK(unemployed(o, 0) > unemployed(v, 0) + 100);
}

TEST_CASE("a variant with other exit hazards forks from the base's state and uses them at once",
          "[engine][warm_up]") {
  TempDir dir;
  const auto base = dir.write("base.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}"));
  // The exit days pending in the base's state were drawn under the base's hazards; the variant
  // redraws them on its first day rather than leave its change waiting for the next spell.
  const auto variant = write_forking_variant(dir, "employment_exit: {hazard_multiplier: 3}");
  const RunOutcome b = run(base, dir / "cache");
  const RunOutcome v = run(variant, dir / "cache");
  REQUIRE_THAT(v.warm_up_note, Catch::Contains("restored from"));
  std::size_t exits = 0;
  while (b.results.indicators[exits].name != "exits_to_employment") ++exits;
  const OutputArea& total = b.results.areas.back();
  double base_january = 0, variant_january = 0;
  for (std::size_t r = 0; r < 3; ++r) {
    base_january += b.results.area_value(r, 0, total, exits);
    variant_january += v.results.area_value(r, 0, total, exits);
  }
  // Three times the hazard: January's exits about three times the base's; with the base's draws
  // kept, only the month's newcomers would have it (about 1.15 times).
  CHECK(variant_january > 2.2 * base_january);
  // A second run of the base restores its own draws unchanged (nothing redrawn).
  const RunOutcome again = run(base, dir / "cache");
  CHECK(again.results.replications[0].values == b.results.replications[0].values);
}

TEST_CASE("a variant with other rates redraws the base's pending referrals, exits and moves",
          "[engine][warm_up]") {
  TempDir dir;
  // Referrals, identifications for multi-sector support, exits to education or outside the
  // labour force and moves are drawn months or years ahead; the base's pending draws must not
  // outlive the variant's rates. (Multi-sector support's reviews also end registrations
  // outside the labour force; the variant turns those off too.)
  const auto base = dir.write(
      "base.yaml",
      with_warm_up(kBase +
                       "  other_exits: {}\n  work_trial: {referral_rate: 0.004}\n"
                       "  tym: {identification_rate: 0.01}\n  mobility: {moves_per_year: 0.5}\n",
                   "warm_up: {from: 2024-07-01}"));
  const auto variant = write_forking_variant(
      dir,
      "work_trial: {referral_rate: 0}\n  other_exits: {other_education_rate: 0, "
      "outside_labour_force_rate: 0}\n  tym: {identification_rate: 0, benefit_per_review: 0, "
      "unreachable_per_review: 0}\n"
      "  mobility: {moves_per_year: 0}");
  const RunOutcome b = run(base, dir / "cache");
  const RunOutcome v = run(variant, dir / "cache");
  REQUIRE_THAT(v.warm_up_note, Catch::Contains("restored from"));
  for (const char* name : {"referrals.work_trial", "exits.other_education",
                           "exits.outside_labour_force", "tym_referrals", "moves_in"}) {
    INFO(name);
    CHECK(total_over(b, name, 12) > 20);  // the base has such events in 2025 ...
    CHECK(total_over(v, name, 12) == 0);  // ... the variant, with the rates at 0, none at all
  }
}

TEST_CASE("a redraw gives no second referral to those whose referral came and went",
          "[engine][warm_up]") {
  TempDir dir;
  // Two seats and a wait of five days: most referrals lapse, and the person then waits for a
  // change of status before another; multi-sector support sends half its customers back ready
  // for work at each monthly review, and they too wait. A variant that changes nothing of
  // substance (rates × (1 + 1e-9)) redraws the pending referrals and identifications; it must
  // not draw for those whose one has come and gone (with that, about 2.5 and 2 times the base's).
  const auto base = dir.write(
      "base.yaml",
      with_warm_up(kBase + "  work_trial: {referral_rate: 0.01, capacity_mode: seats, seats: "
                           "{Alpha: 1, Beta: 1}, max_wait_days: 5}\n"
                           "  tym: {identification_rate: 0.02, min_spell_days: 30, places: "
                           "{Alpha: 1000, Beta: 1000}, review_interval_days: 30, "
                           "ready_for_work_per_review: 0.5}\n",
                   "warm_up: {from: 2024-07-01}"));
  const auto variant = write_forking_variant(
      dir,
      "work_trial: {referral_rate: 0.01000000001}\n  tym: {identification_rate: 0.02000000001}");
  const RunOutcome b = run(base, dir / "cache");
  const RunOutcome v = run(variant, dir / "cache");
  REQUIRE_THAT(v.warm_up_note, Catch::Contains("restored from"));
  for (const char* name : {"referrals.work_trial", "tym_referrals"}) {
    const double base_referrals = total_over(b, name, 3);
    const double variant_referrals = total_over(v, name, 3);
    INFO(name << " in January-March: base " << base_referrals << ", variant " << variant_referrals);
    CHECK(base_referrals > 20);
    CHECK(variant_referrals < 1.25 * base_referrals);
    CHECK(variant_referrals > 0.75 * base_referrals);
  }
}

TEST_CASE("a checkpoint saved after a warm-up restores to the uninterrupted run's results",
          "[engine][warm_up][checkpoint]") {
  TempDir dir;
  const auto warm = dir.write("warm.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}"));
  const auto cli = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"run",     warm.string(), "--out",         (dir / out).string(),
                                  "--quiet", "--outputs",   "indicators.csv"};
    args.insert(args.end(), extra.begin(), extra.end());
    return polku_cli(args);
  };
  const auto checkpoint = (dir / "mid.ckpt").string();
  REQUIRE(cli("saving", {"--checkpoint-at", "2025-06-17", "--checkpoint", checkpoint}).exit_code ==
          0);
  const auto restored = cli("restored", {"--restore", checkpoint});
  REQUIRE(restored.exit_code == 0);
  const std::string whole = read_text(dir / "saving/indicators.csv");
  CHECK(whole.find(",2025-01,") != std::string::npos);
  CHECK(whole == read_text(dir / "restored/indicators.csv"));
}

TEST_CASE("a warm-up run is byte-identical on one and two threads and names its macro path",
          "[engine][warm_up][determinism]") {
  TempDir dir;
  const auto warm = dir.write(
      "warm.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}\nmacro_path: test-path"));
  for (const char* threads : {"1", "2"}) {
    const auto r = polku_cli({"run", warm.string(), "--out", (dir / threads).string(), "--threads",
                              threads, "--quiet", "--outputs", "all"});
    REQUIRE(r.exit_code == 0);
  }
  const std::string one = read_text(dir / "1/indicators.csv");
  CHECK(one == read_text(dir / "2/indicators.csv"));
  CHECK(one.find(",2024-") == std::string::npos);
  CHECK(one.find(",2025-01,") != std::string::npos);
  // The manifest names the macro path and the warm-up among the resolved parameters.
  const std::string manifest = read_text(dir / "1/manifest.json");
  CHECK_THAT(manifest, Catch::Contains("\"macro_path\": \"test-path\""));
  CHECK_THAT(manifest, Catch::Contains("\"from\": \"2024-07-01\""));
}

TEST_CASE("bad warm_up blocks are refused with the key and exit code 2", "[engine][warm_up]") {
  TempDir dir;
  const auto check = [&](const std::string& block, const std::string& fragment,
                         const std::string& start = "2025-01-01") {
    std::string text = with_warm_up(kBase, block);
    text.replace(text.find("start: 2025-01-01"), 17, "start: " + start);
    const auto file = dir.write("bad.yaml", text);
    const auto r = polku_cli({"run", file.string(), "--out", (dir / "out").string(), "--quiet"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(fragment));
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
  };
  check("warm_up: {from: 2025-03-01}", "warm_up.from");
  check("warm_up: {from: 2024-07-01}", "first day of a month", "2025-01-15");
  check("warm_up: {from: 2024-07-01, scenraio: x.yaml}", "did you mean");
  check("warm_up: {scenario: x.yaml}", "missing required key");
  check("warm_up: 2024-07-01", "expected a map");
  check("warm_up: {from: 2024-07-01, scenario: missing.yaml}", "no such scenario file");
  check("macro_path: [a, b]", "macro_path");
}

TEST_CASE("a warm-up or checkpoint that does not fit names only what differs",
          "[engine][warm_up][checkpoint]") {
  CHECK(structural_difference(
            "start=2021-11-01;end=2025-10-31;replications=4;municipalities=A,B,C,D,E,F,;"
            "modules=inflow@1.1.0,tym@1.0.0,",
            "start=2021-11-01;end=2025-10-31;replications=1;municipalities=A,B,G,;"
            "modules=inflow@1.1.0,tym@1.1.0,") ==
        "replications 4 there, 1 here; municipalities: only there C, D, E and 1 more, only here "
        "G; modules: only there tym@1.0.0, only here tym@1.1.0");
  TempDir dir;
  dir.write("base.yaml", with_warm_up(kBase, "warm_up: {from: 2024-07-01}"));
  const auto variant = dir.write("variant.yaml",
                                 "name: warm-variant\nextends: base.yaml\nreplications: 2\n"
                                 "warm_up: {from: 2024-07-01, scenario: base.yaml}\n");
  const auto r = polku_cli({"run", variant.string(), "--out", (dir / "out").string(), "--quiet"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("warm_up.scenario") &&
                        Catch::Contains("replications 3 there, 2 here"));
  CHECK_THAT(r.err, !Catch::Contains("Alpha"));  // the lists that agree are not repeated
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

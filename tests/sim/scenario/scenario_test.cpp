// Tests of scenario validation against the top-level schema and fake plugin schemas.
#include "scenario/scenario.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/param_value.hpp"

using polku::ConfigError;
using polku::ConfigNode;
using polku::Day;
using polku::ParamSpec;
using polku::ParamType;
using polku::ParamValue;
using polku::Problem;
using polku::Scenario;
namespace fs = std::filesystem;

namespace {

ParamSpec spec(std::string name, ParamType type, std::string default_yaml, std::string unit = "",
               std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt,
               std::vector<std::string> choices = {}) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_yaml = std::move(default_yaml);
  s.unit = std::move(unit);
  s.min = min;
  s.max = max;
  s.doc = "test parameter";
  s.choices = std::move(choices);
  return s;
}

const std::map<std::string, std::vector<ParamSpec>>& fake_schemas() {
  static const std::map<std::string, std::vector<ParamSpec>> schemas = {
      {"inflow",
       {spec("daily_rate", ParamType::per_municipality, "0", "persons/day", 0.0, 1000.0),
        spec("mode", ParamType::string, "steady", "", std::nullopt, std::nullopt,
             {"steady", "ramp"}),
        spec("enabled", ParamType::boolean, "true")}},
      {"employment_exit",
       {spec("monthly_probability", ParamType::real, "0.05", "", 0.0, 1.0),
        spec("durations", ParamType::real_list, "[90, 180]", "days", 0.0),
        spec("max_spells", ParamType::integer, "3", "", 1.0, 10.0),
        spec("rule_date", ParamType::date, "2025-01-01")}},
      {"broken", {spec("x", ParamType::real, "abc"), spec("y", ParamType::real_list, "[1,")}},
  };
  return schemas;
}

const std::vector<ParamSpec>* fake_schema_of(const std::string& plugin) {
  const auto it = fake_schemas().find(plugin);
  return it == fake_schemas().end() ? nullptr : &it->second;
}

const std::vector<std::string> kKnownPlugins{"inflow", "employment_exit", "broken"};

Scenario validate(const std::string& text) {
  return polku::validate_scenario(polku::parse_yaml(text, "s.yaml"), "s.yaml", fake_schema_of,
                                  kKnownPlugins);
}

std::vector<Problem> problems_of(const std::string& text) {
  try {
    (void)validate(text);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  FAIL("expected a ConfigError");
  return {};
}

/// The one problem with this key path (fails when there is none or more than one).
Problem problem_at(const std::vector<Problem>& problems, const std::string& key_path) {
  std::vector<Problem> found;
  std::copy_if(problems.begin(), problems.end(), std::back_inserter(found),
               [&](const Problem& p) { return p.key_path == key_path; });
  INFO("key path " << key_path);
  REQUIRE(found.size() == 1);
  return found.front();
}

std::string all_messages(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.str() + "\n";
  return out;
}

const std::string kHeader =
    "name: demo\n"                                 // 1
    "start: 2025-01-01\n"                          // 2
    "end: 2025-12-31\n"                            // 3
    "municipalities: [Oulu, Kempele, Liminka]\n";  // 4

std::vector<double> per_muni(const Scenario& s, std::size_t module, const std::string& name) {
  return s.modules.at(module).params.per_municipality(name);
}

bool parse_value(const std::string& yaml, const ParamSpec& s, ParamValue& out,
                 std::vector<Problem>& problems,
                 const std::vector<std::string>& munis = {"Oulu", "Kempele"}) {
  return polku::parse_param_value(polku::parse_yaml(yaml, "v.yaml"), s, munis, "p", out, problems);
}

}  // namespace

TEST_CASE("a valid scenario is resolved with defaults filled in", "[scenario]") {
  const Scenario s = validate(kHeader +
                              "description: a test\n"
                              "seed: 18446744073709551615\n"
                              "replications: 8\n"
                              "areas:\n"
                              "  Oulu region: [Oulu, Kempele]\n"
                              "modules:\n"
                              "  employment_exit: {monthly_probability: 0.1, durations: [30]}\n"
                              "  inflow:\n"
                              "    daily_rate: {Kempele: 2, Oulu: 30, default: 0.5}\n"
                              "    mode: ramp\n");
  CHECK(s.name == "demo");
  CHECK(s.description == "a test");
  CHECK(s.file == fs::path("s.yaml"));
  CHECK(s.start == polku::day_from_ymd(2025, 1, 1));
  CHECK(s.end == polku::day_from_ymd(2025, 12, 31));
  CHECK(s.seed == 18446744073709551615ULL);
  CHECK(s.replications == 8);
  CHECK(s.municipalities == std::vector<std::string>{"Oulu", "Kempele", "Liminka"});
  REQUIRE(s.areas.size() == 1);
  CHECK(s.areas[0].name == "Oulu region");
  CHECK(s.areas[0].members == std::vector<std::uint16_t>{0, 1});

  // Modules in the order listed, every declared parameter resolved.
  REQUIRE(s.modules.size() == 2);
  CHECK(s.modules[0].plugin == "employment_exit");
  CHECK(s.modules[1].plugin == "inflow");
  const auto& exit = s.modules[0].params;
  CHECK(exit.real("monthly_probability") == 0.1);
  CHECK(exit.reals("durations") == std::vector<double>{30});
  CHECK(exit.integer("max_spells") == 3);
  CHECK(exit.date("rule_date") == polku::day_from_ymd(2025, 1, 1));
  CHECK(exit.all().size() == 4);
  CHECK(per_muni(s, 1, "daily_rate") == std::vector<double>{30, 2, 0.5});  // by municipality id
  CHECK(s.modules[1].params.string("mode") == "ramp");
  CHECK(s.modules[1].params.boolean("enabled"));

  // The resolved tree shows every parameter actually used, defaults marked as such.
  const ConfigNode* exit_tree = s.resolved.find("modules")->find("employment_exit");
  REQUIRE(exit_tree != nullptr);
  std::vector<std::string> keys;
  for (const auto& [k, v] : exit_tree->entries) keys.push_back(k);
  CHECK(keys ==
        std::vector<std::string>{"monthly_probability", "durations", "max_spells", "rule_date"});
  CHECK(exit_tree->find("max_spells")->scalar == "3");
  CHECK(exit_tree->find("max_spells")->where.str() == "employment_exit defaults");
  CHECK(exit_tree->find("monthly_probability")->where.file == "s.yaml");
  CHECK(s.resolved.find("modules")->find("inflow")->find("enabled")->scalar == "true");
}

TEST_CASE("optional top-level keys take their defaults", "[scenario]") {
  const Scenario s = validate(kHeader +
                              "extends: ignored.yaml\n"
                              "modules:\n"
                              "  inflow:\n"
                              "  employment_exit: {}\n");
  CHECK(s.seed == 1);
  CHECK(s.replications == 1);
  CHECK(s.areas.empty());
  REQUIRE(s.modules.size() == 2);
  CHECK(per_muni(s, 0, "daily_rate") == std::vector<double>{0, 0, 0});
  CHECK(s.modules[0].params.string("mode") == "steady");
  CHECK(s.modules[1].params.reals("durations") == std::vector<double>{90, 180});
  CHECK(s.resolved.find("seed")->scalar == "1");
  CHECK(s.resolved.find("replications")->scalar == "1");
  CHECK(s.resolved.find("extends") == nullptr);
  const ConfigNode* inflow = s.resolved.find("modules")->find("inflow");
  REQUIRE(inflow->is_map());
  CHECK(inflow->entries.size() == 3);
}

TEST_CASE("unknown top-level keys are errors with a suggestion", "[scenario]") {
  const auto problems = problems_of(kHeader +
                                    "replicatoins: 3\n"  // line 5
                                    "modules: {}\n");
  REQUIRE(problems.size() == 1);
  const Problem& p = problems[0];
  CHECK(p.key_path == "replicatoins");
  CHECK(p.where.file == "s.yaml");
  CHECK(p.where.line == 5);
  CHECK(p.where.column == 1);  // the key, not its value
  CHECK(p.message == "unknown key \"replicatoins\" (did you mean \"replications\"?)");
  CHECK(p.str() ==
        "s.yaml:5:1: replicatoins: unknown key \"replicatoins\" (did you mean "
        "\"replications\"?)");
}

TEST_CASE("wrong types name the expected type and what was found", "[scenario]") {
  const auto problems = problems_of(
      "name: [a, b]\n"                  // 1
      "start: 2025-02-30\n"             // 2
      "end: soon\n"                     // 3
      "seed: -4\n"                      // 4
      "replications: 2.5\n"             // 5
      "municipalities: Oulu\n"          // 6
      "areas: [x]\n"                    // 7
      "modules:\n"                      // 8
      "  employment_exit:\n"            // 9
      "    monthly_probability: abc\n"  // 10
      "    durations: 90\n"             // 11
      "    max_spells: \"3\"\n"         // 12
      "    rule_date: 1.1.2025\n"       // 13
      "  inflow:\n"                     // 14
      "    enabled: yes\n"              // 15
      "    mode: [ramp]\n");            // 16
  INFO(all_messages(problems));
  CHECK(problems.size() == 13);
  CHECK(problem_at(problems, "name").message == "expected a non-empty name, got a sequence");
  CHECK(problem_at(problems, "start").message == "expected a date YYYY-MM-DD, got \"2025-02-30\"");
  CHECK(problem_at(problems, "end").message == "expected a date YYYY-MM-DD, got \"soon\"");
  CHECK(problem_at(problems, "seed").message == "expected an unsigned 64-bit integer, got \"-4\"");
  CHECK(problem_at(problems, "replications").message == "expected an integer, got \"2.5\"");
  CHECK_THAT(problem_at(problems, "municipalities").message,
             Catch::Contains("expected a non-empty sequence") && Catch::EndsWith("got \"Oulu\""));
  CHECK_THAT(problem_at(problems, "areas").message, Catch::EndsWith("got a sequence"));

  const Problem p = problem_at(problems, "modules.employment_exit.monthly_probability");
  CHECK(p.message == "expected a real number, got \"abc\"");
  CHECK(p.where.line == 10);
  CHECK(p.where.column == 26);
  CHECK(problem_at(problems, "modules.employment_exit.durations").message ==
        "expected a sequence of real numbers, e.g. [90, 180], got \"90\"");
  CHECK(problem_at(problems, "modules.employment_exit.max_spells").message ==
        "expected an integer, got the quoted string \"3\"");
  CHECK(problem_at(problems, "modules.employment_exit.rule_date").message ==
        "expected a date YYYY-MM-DD, got \"1.1.2025\"");
  CHECK(problem_at(problems, "modules.inflow.enabled").message ==
        "expected true or false, got \"yes\"");
  CHECK(problem_at(problems, "modules.inflow.mode").message == "expected a string, got a sequence");
}

TEST_CASE("out-of-range values show the range and unit", "[scenario]") {
  const auto problems = problems_of(kHeader +
                                    "replications: 0\n"  // 5
                                    "modules:\n"         // 6
                                    "  employment_exit:\n"
                                    "    monthly_probability: 1.5\n"  // 8
                                    "    durations: [90, -1]\n"       // 9
                                    "    max_spells: 11\n"
                                    "  inflow: {daily_rate: 1e9}\n");  // 11
  INFO(all_messages(problems));
  CHECK(problems.size() == 5);
  CHECK(problem_at(problems, "replications").message == "expected a value in [1, 100000], got 0");
  const Problem p = problem_at(problems, "modules.employment_exit.monthly_probability");
  CHECK(p.message == "expected a value in [0, 1], got 1.5");
  CHECK(p.where.line == 8);
  const Problem d = problem_at(problems, "modules.employment_exit.durations[1]");
  CHECK(d.message == "expected a value >= 0 days, got -1");
  CHECK(d.where.line == 9);
  CHECK(d.where.column == 21);
  CHECK(problem_at(problems, "modules.employment_exit.max_spells").message ==
        "expected a value in [1, 10], got 11");
  CHECK(problem_at(problems, "modules.inflow.daily_rate").message ==
        "expected a value in [0, 1000] persons/day, got 1e9");
}

TEST_CASE("unknown modules and parameters are errors with a suggestion", "[scenario]") {
  const auto problems = problems_of(kHeader +
                                    "modules:\n"                     // 5
                                    "  inflw: {daily_rate: 3}\n"     // 6
                                    "  employment_exit:\n"           // 7
                                    "    montly_probability: 0.2\n"  // 8
                                    "    colour: blue\n"             // 9
                                    "  something_else: {}\n");       // 10
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 4);
  const Problem m = problem_at(problems, "modules.inflw");
  CHECK(m.message == "unknown module \"inflw\" (did you mean \"inflow\"?)");
  CHECK(m.where.line == 6);
  const Problem p = problem_at(problems, "modules.employment_exit.montly_probability");
  CHECK(p.message ==
        "unknown parameter \"montly_probability\" of module \"employment_exit\" (did you mean "
        "\"monthly_probability\"?)");
  CHECK(p.where.line == 8);
  CHECK(problem_at(problems, "modules.employment_exit.colour").message ==
        "unknown parameter \"colour\" of module \"employment_exit\"");
  CHECK(problem_at(problems, "modules.something_else").message ==
        "unknown module \"something_else\"");
}

TEST_CASE("per-municipality values: unknown and missing municipalities", "[scenario]") {
  SECTION("an unknown municipality in the map") {
    const auto problems = problems_of(kHeader +
                                      "modules:\n"
                                      "  inflow:\n"
                                      "    daily_rate:\n"  // 7
                                      "      Olu: 30\n"    // 8
                                      "      default: 1\n");
    REQUIRE(problems.size() == 1);
    const Problem& p = problems[0];
    CHECK(p.key_path == "modules.inflow.daily_rate.Olu");
    CHECK(p.where.line == 8);
    CHECK(p.where.column == 7);  // the misspelt name
    CHECK_THAT(p.message,
               Catch::StartsWith("unknown municipality \"Olu\" (did you mean \"Oulu\"?)"));
  }
  SECTION("municipalities without a value and no default") {
    const auto problems = problems_of(kHeader +
                                      "modules:\n"
                                      "  inflow:\n"
                                      "    daily_rate: {Oulu: 30}\n");  // 7
    REQUIRE(problems.size() == 1);
    const Problem& p = problems[0];
    CHECK(p.key_path == "modules.inflow.daily_rate");
    CHECK(p.where.line == 7);
    CHECK(p.where.column == 17);
    CHECK_THAT(p.message, Catch::Contains("\"Kempele\", \"Liminka\"") &&
                              Catch::Contains("default") && !Catch::Contains("\"Oulu\""));
  }
  SECTION("a bad value for one municipality") {
    const auto problems = problems_of(kHeader +
                                      "modules:\n"
                                      "  inflow:\n"
                                      "    daily_rate: {Oulu: x, default: -1}\n");
    INFO(all_messages(problems));
    REQUIRE(problems.size() == 2);
    CHECK(problem_at(problems, "modules.inflow.daily_rate.Oulu").message ==
          "expected a real number, got \"x\"");
    CHECK(problem_at(problems, "modules.inflow.daily_rate.default").message ==
          "expected a value in [0, 1000] persons/day, got -1");
  }
  SECTION("a sequence is not accepted") {
    const auto problems = problems_of(kHeader + "modules: {inflow: {daily_rate: [1, 2, 3]}}\n");
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::StartsWith("expected a real number or a map"));
  }
}

TEST_CASE("end must not come before start", "[scenario]") {
  const auto problems = problems_of(
      "name: demo\n"
      "start: 2025-06-01\n"
      "end: 2025-01-31\n"
      "municipalities: [Oulu]\n"
      "modules: {}\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key_path == "end");
  CHECK(problems[0].where.line == 3);
  CHECK(problems[0].message == "expected a date on or after start (2025-06-01), got 2025-01-31");

  // A one-day run is allowed.
  CHECK_NOTHROW(
      validate("name: d\nstart: 2025-01-01\nend: 2025-01-01\n"
               "municipalities: [Oulu]\nmodules: {}\n"));
}

TEST_CASE("missing required keys point at the enclosing map", "[scenario]") {
  const auto problems = problems_of("description: nothing else\n");
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 5);
  for (const auto& key : {"name", "start", "end", "municipalities", "modules"}) {
    const Problem p = problem_at(problems, key);
    CHECK(p.where.line == 1);
    CHECK(p.where.column == 1);
    CHECK_THAT(p.message, Catch::StartsWith("missing required key \"" + std::string(key) + "\""));
  }
  CHECK_THAT(problems_of("").front().message, Catch::Contains("expected a map"));
  CHECK_THAT(problems_of("[1, 2]").front().message, Catch::Contains("got a sequence"));
}

TEST_CASE("every problem is reported at once", "[scenario]") {
  const auto problems = problems_of(
      "name: demo\n"
      "start: 2025-01-01\n"
      "end: 2024-01-01\n"                        // end before start
      "replicatons: 3\n"                         // unknown key
      "municipalities: [Oulu, Kempele, Oulu]\n"  // duplicate
      "areas:\n"
      "  Kempele: [Oulu]\n"        // clashes with a municipality
      "  North: [Oulu, Limnka]\n"  // unknown member
      "modules:\n"
      "  inflow:\n"
      "    daily_rate: {Olu: 3}\n"  // unknown municipality
      "    mode: rmap\n"            // not a choice
      "  employment_exit:\n"
      "    monthly_probability: 2\n"  // out of range
      "  inflwo: {}\n");              // unknown module
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 9);
  CHECK(problem_at(problems, "replicatons").message ==
        "unknown key \"replicatons\" (did you mean \"replications\"?)");
  CHECK_THAT(problem_at(problems, "municipalities[2]").message,
             Catch::StartsWith("duplicate municipality \"Oulu\""));
  CHECK_THAT(problem_at(problems, "areas.Kempele").message, Catch::Contains("clashes"));
  CHECK(problem_at(problems, "areas.North[1]").message == "unknown municipality \"Limnka\"");
  CHECK_THAT(problem_at(problems, "modules.inflow.daily_rate.Olu").message,
             Catch::Contains("did you mean \"Oulu\"?"));
  CHECK(problem_at(problems, "modules.inflow.mode").message ==
        "expected one of \"steady\", \"ramp\", got \"rmap\" (did you mean \"ramp\"?)");
  CHECK(problem_at(problems, "modules.employment_exit.monthly_probability").message ==
        "expected a value in [0, 1], got 2");
  CHECK_THAT(problem_at(problems, "modules.inflwo").message,
             Catch::Contains("did you mean \"inflow\"?"));
  CHECK(problem_at(problems, "end").where.line == 3);

  // The exception text lists them all, one per line.
  try {
    (void)validate("name: x\nstart: 2025-01-01\nend: 2025-02-01\nmunicipalities: []\nmodules: 3\n");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          "s.yaml:4:17: municipalities: expected a non-empty sequence of municipality names, "
          "got an empty one\n"
          "s.yaml:5:10: modules: expected a map {plugin name: {parameter: value, ...}}, got \"3\"");
  }
}

TEST_CASE("municipality and area rules", "[scenario]") {
  const auto problems = problems_of(
      "name: ../escape\n"
      "start: 2025-01-01\n"
      "end: 2025-12-31\n"
      "municipalities: [Oulu, \"\", total, Kempele]\n"
      "areas:\n"
      "  total: [Oulu]\n"
      "  Twice: [Oulu, Oulu]\n"
      "  Empty: []\n"
      "modules: {}\n");
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 6);
  CHECK_THAT(problem_at(problems, "name").message, Catch::Contains("folder name"));
  CHECK(problem_at(problems, "municipalities[1]").message ==
        "expected a municipality name, got the quoted string \"\"");
  CHECK_THAT(problem_at(problems, "municipalities[2]").message, Catch::Contains("reserved"));
  CHECK_THAT(problem_at(problems, "areas.total").message, Catch::Contains("\"total\""));
  CHECK_THAT(problem_at(problems, "areas.Twice[1]").message, Catch::Contains("listed twice"));
  CHECK_THAT(problem_at(problems, "areas.Empty").message, Catch::EndsWith("got an empty one"));

  std::string many = "name: big\nstart: 2025-01-01\nend: 2025-12-31\nmunicipalities: [";
  for (int i = 0; i < 4096; ++i) many += (i == 0 ? "m" : ", m") + std::to_string(i);
  many += "]\nmodules: {}\n";
  const auto too_many = problems_of(many);
  REQUIRE(too_many.size() == 1);
  CHECK(too_many[0].message == "expected at most 4095 municipalities, got 4096");
}

TEST_CASE("a bad plugin default is reported naming the plugin", "[scenario]") {
  const auto problems = problems_of(kHeader + "modules: {broken: {}}\n");
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 2);
  const Problem x = problem_at(problems, "modules.broken.x");
  CHECK(x.where.str() == "broken defaults");
  CHECK(x.message ==
        "bad default of parameter \"x\" in plugin \"broken\": expected a real number, got "
        "\"abc\"");
  const Problem y = problem_at(problems, "modules.broken.y");
  CHECK(y.where.str() == "broken defaults");
  CHECK_THAT(y.message, Catch::Contains("plugin \"broken\"") && Catch::Contains("malformed YAML"));
}

TEST_CASE("parse_param_value checks each type", "[scenario]") {
  std::vector<Problem> problems;
  ParamValue v;

  SECTION("booleans") {
    const ParamSpec s = spec("b", ParamType::boolean, "false");
    CHECK(parse_value("true", s, v, problems));
    CHECK(std::get<bool>(v));
    CHECK(parse_value("False", s, v, problems));
    CHECK_FALSE(std::get<bool>(v));
    CHECK_FALSE(parse_value("1", s, v, problems));
    CHECK_FALSE(parse_value("\"true\"", s, v, problems));
    CHECK(problems.size() == 2);
  }
  SECTION("integers") {
    const ParamSpec s = spec("i", ParamType::integer, "0");
    CHECK(parse_value("-9223372036854775808", s, v, problems));
    CHECK(std::get<std::int64_t>(v) == INT64_MIN);
    CHECK(parse_value("+7", s, v, problems));
    CHECK(std::get<std::int64_t>(v) == 7);
    CHECK_FALSE(parse_value("7.0", s, v, problems));
    CHECK_FALSE(parse_value("12abc", s, v, problems));
    CHECK_FALSE(parse_value("9223372036854775808", s, v, problems));
    CHECK_FALSE(parse_value("", s, v, problems));
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].message == "expected an integer, got \"7.0\"");
    CHECK(problems[1].message == "expected an integer, got \"12abc\"");
    CHECK(problems[2].message == "expected a 64-bit integer, got 9223372036854775808");
    CHECK(problems[3].message == "expected an integer, got nothing");
    CHECK(problems[0].key_path == "p");
    CHECK(problems[0].where.file == "v.yaml");
  }
  SECTION("reals") {
    const ParamSpec s = spec("r", ParamType::real, "0");
    CHECK(parse_value("3", s, v, problems));
    CHECK(std::get<double>(v) == 3.0);
    CHECK(parse_value("-2.5e-3", s, v, problems));
    CHECK(std::get<double>(v) == -2.5e-3);
    CHECK(parse_value(".5", s, v, problems));
    CHECK(std::get<double>(v) == 0.5);
    CHECK_FALSE(parse_value("1,5", s, v, problems));  // no locale-dependent decimal comma
    CHECK_FALSE(parse_value("2.5 persons", s, v, problems));
    CHECK_FALSE(parse_value("inf", s, v, problems));
    CHECK_FALSE(parse_value("nan", s, v, problems));
    CHECK_FALSE(parse_value(".inf", s, v, problems));
    CHECK_FALSE(parse_value("1e999", s, v, problems));
    CHECK_FALSE(parse_value("{a: 1}", s, v, problems));
    REQUIRE(problems.size() == 7);
    CHECK(problems[2].message == "expected a finite real number, got inf");
    CHECK(problems[6].message == "expected a real number, got a map");
    CHECK(std::get<double>(v) == 0.5);  // untouched by failures
  }
  SECTION("strings with and without choices") {
    CHECK(parse_value("anything at all", spec("s", ParamType::string, "x"), v, problems));
    CHECK(std::get<std::string>(v) == "anything at all");
    CHECK(parse_value("2025", spec("s", ParamType::string, "x"), v, problems));
    CHECK(std::get<std::string>(v) == "2025");
    const ParamSpec c =
        spec("c", ParamType::string, "a", "", std::nullopt, std::nullopt, {"alpha", "beta"});
    CHECK(parse_value("beta", c, v, problems));
    CHECK_FALSE(parse_value("zeta", c, v, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message ==
          "expected one of \"alpha\", \"beta\", got \"zeta\" (did you mean \"beta\"?)");
  }
  SECTION("dates") {
    const ParamSpec s = spec("d", ParamType::date, "2025-01-01");
    CHECK(parse_value("2024-02-29", s, v, problems));
    CHECK(std::get<Day>(v) == polku::day_from_ymd(2024, 2, 29));
    CHECK(parse_value("\"2024-03-01\"", s, v, problems));
    CHECK_FALSE(parse_value("2023-02-29", s, v, problems));
    CHECK_FALSE(parse_value("2024-1-5", s, v, problems));
    CHECK(problems.size() == 2);
  }
  SECTION("real lists") {
    const ParamSpec s = spec("l", ParamType::real_list, "[]", "days", 0.0, 365.0);
    CHECK(parse_value("[1, 2.5, 365]", s, v, problems));
    CHECK(std::get<std::vector<double>>(v) == std::vector<double>{1, 2.5, 365});
    CHECK(parse_value("[]", s, v, problems));
    CHECK(std::get<std::vector<double>>(v).empty());
    CHECK_FALSE(parse_value("[1, 400, x]", s, v, problems));
    REQUIRE(problems.size() == 2);  // every bad element
    CHECK(problems[0].key_path == "p[1]");
    CHECK(problems[0].message == "expected a value in [0, 365] days, got 400");
    CHECK(problems[1].key_path == "p[2]");
  }
  SECTION("per municipality") {
    const ParamSpec s = spec("m", ParamType::per_municipality, "0");
    CHECK(parse_value("4", s, v, problems));
    CHECK(std::get<std::vector<double>>(v) == std::vector<double>{4, 4});
    CHECK(parse_value("{Kempele: 1, default: 9}", s, v, problems));
    CHECK(std::get<std::vector<double>>(v) == std::vector<double>{9, 1});
    CHECK(parse_value("{Kempele: 1, Oulu: 2}", s, v, problems));
    CHECK(std::get<std::vector<double>>(v) == std::vector<double>{2, 1});
    CHECK_FALSE(parse_value("{oulu: 1, Kempele: 2}", s, v, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key_path == "p.oulu");
    CHECK_THAT(problems[0].message, Catch::Contains("did you mean \"Oulu\"?"));
  }
}

TEST_CASE("files, extends and --set overrides feed validation", "[scenario]") {
  static std::atomic<int> counter{0};
  const fs::path dir =
      fs::temp_directory_path() /
      ("polku_scenario_test_" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "_" +
       std::to_string(counter++));
  fs::create_directories(dir / "variants");
  std::ofstream(dir / "base.yaml") << kHeader
                                   << "modules:\n"
                                      "  inflow: {daily_rate: {Oulu: 30, default: 1}}\n"
                                      "  employment_exit: {monthly_probability: 0.1}\n";
  std::ofstream(dir / "variants/cut.yaml") << "extends: ../base.yaml\n"
                                              "name: cut\n"
                                              "modules:\n"
                                              "  employment_exit: {monthly_probability: 0.05}\n";
  const fs::path file = dir / "variants/cut.yaml";

  ConfigNode tree = polku::load_scenario_tree(file);
  polku::apply_override(tree, "modules.inflow.daily_rate.Kempele=7");
  polku::apply_override(tree, "modules.employment_exit.durations=[10, 20]");
  polku::apply_override(tree, "replications=3");
  const Scenario s = polku::validate_scenario(tree, file, fake_schema_of, kKnownPlugins);
  CHECK(s.name == "cut");
  CHECK(s.replications == 3);
  CHECK(s.modules.at(0).params.per_municipality("daily_rate") == std::vector<double>{30, 7, 1});
  CHECK(s.modules.at(1).params.real("monthly_probability") == 0.05);
  CHECK(s.modules.at(1).params.reals("durations") == std::vector<double>{10, 20});

  // An override with a bad value is reported at "--set" with its key path.
  polku::apply_override(tree, "modules.employment_exit.monthly_probability=lots");
  try {
    (void)polku::validate_scenario(tree, file, fake_schema_of, kKnownPlugins);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].str() ==
          "--set: modules.employment_exit.monthly_probability: expected a real number, got "
          "\"lots\"");
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("law values carry a reference and dated tables change by date", "[scenario][law]") {
  std::vector<Problem> problems;
  std::vector<polku::LawSource> sources;
  ParamValue v;
  const auto parse_law = [&](const std::string& yaml, ParamSpec s) {
    s.law = true;
    return polku::parse_param_value(polku::parse_yaml(yaml, "law.yaml"), s, {}, "p", v, problems,
                                    &sources);
  };

  SECTION("a whole value with its reference and what to verify") {
    REQUIRE(parse_law("{value: [40, 170], reference: HE 13/2024, verify: the base}",
                      spec("steps", ParamType::real_list, "[]")));
    CHECK(std::get<std::vector<double>>(v) == std::vector<double>{40, 170});
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].date.empty());
    CHECK(sources[0].reference == "HE 13/2024");
    CHECK(sources[0].verify == "the base");
  }
  SECTION("a dated table, each date with its own source, in date order") {
    REQUIRE(parse_law("{2026-01-01: [100, 300], 2025-01-01: {value: [101, 201, 701], reference: "
                      "Act 555/1998}}",
                      spec("starts", ParamType::dated_lists, "{}")));
    const auto& table = std::get<polku::DatedLists>(v);
    REQUIRE(table.dates.size() == 2);
    CHECK(table.at(table.dates[0] - 1) == std::vector<double>{101, 201, 701});
    CHECK(table.at(table.dates[1] - 1) == std::vector<double>{101, 201, 701});
    CHECK(table.at(table.dates[1]) == std::vector<double>{100, 300});
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].date == "2026-01-01");
    CHECK(sources[0].reference.empty());  // a what-if: no reference given
    CHECK(sources[1].reference == "Act 555/1998");
  }
  SECTION("a parameter-wide reference covers every date") {
    REQUIRE(parse_law("{reference: Kela, value: {2017-01-01: 32.4, 2023-01-01: 37.21}}",
                      spec("amount", ParamType::dated_values, "{}", "", 0.0)));
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].reference == "Kela");
    CHECK(sources[1].reference == "Kela");
  }
  SECTION("mistakes are problems with their place") {
    CHECK_FALSE(parse_law("{value: 1, refrence: x}", spec("r", ParamType::real, "0")));
    CHECK_FALSE(parse_law("{reference: x}", spec("r", ParamType::real, "0")));
    CHECK_FALSE(parse_law("{value: 1, reference: [a, b]}", spec("r", ParamType::real, "0")));
    CHECK_FALSE(parse_law("{2025-01-01: [1, x]}", spec("t", ParamType::dated_lists, "{}")));
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].message ==
          "unknown key \"refrence\" in a law value (did you mean \"reference\"?); expected "
          "value, reference and verify");
    CHECK(problems[0].key_path == "p.refrence");
    CHECK(problems[1].message == "a law value written with reference or verify needs value:");
    CHECK(problems[2].key_path == "p.reference");
    CHECK(problems[3].key_path == "p.2025-01-01[1]");
  }
  SECTION("a parameter that is not law takes no reference") {
    CHECK_FALSE(polku::parse_param_value(polku::parse_yaml("{value: 1, reference: x}", "v.yaml"),
                                         spec("r", ParamType::real, "0"), {}, "p", v, problems));
  }
}

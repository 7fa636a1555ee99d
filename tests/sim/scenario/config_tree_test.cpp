// Tests of the located YAML tree: parsing, locations, extends chains, --set overrides, rendering.
#include "scenario/config_tree.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

using polku::apply_override;
using polku::closest_match;
using polku::ConfigError;
using polku::ConfigNode;
using polku::load_scenario_tree;
using polku::load_yaml_file;
using polku::merge_into;
using polku::parse_yaml;
using polku::Problem;
using polku::to_yaml;
namespace fs = std::filesystem;

namespace {

/// A fresh directory under the system temporary directory, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("polku_config_tree_test_" + std::to_string(stamp) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const fs::path& path() const { return path_; }

  fs::path write(const std::string& relative, const std::string& text) const {
    fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  fs::path path_;
};

/// The single problem a call throws (fails the test when it throws none or several).
template <class F>
Problem single_problem(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    REQUIRE(e.problems().size() == 1);
    return e.problems().front();
  }
  FAIL("expected a ConfigError");
  return {};
}

const ConfigNode& at(const ConfigNode& node, const std::string& dotted) {
  const ConfigNode* cur = &node;
  std::size_t start = 0;
  while (true) {
    const auto dot = dotted.find('.', start);
    const std::string key = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
    cur = cur->find(key);
    REQUIRE(cur != nullptr);
    if (dot == std::string::npos) return *cur;
    start = dot + 1;
  }
}

std::vector<std::string> keys_of(const ConfigNode& node) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : node.entries) keys.push_back(k);
  return keys;
}

}  // namespace

TEST_CASE("parse_yaml records kinds, text, quoting and 1-based locations", "[scenario]") {
  const ConfigNode root = parse_yaml(
      "name: demo\n"
      "quoted: \"5\"\n"
      "modules:\n"
      "  inflow:\n"
      "    rate: [1, 2.5]\n"
      "  empty:\n"
      "nothing: ~\n",
      "demo.yaml");
  REQUIRE(root.is_map());
  CHECK(keys_of(root) == std::vector<std::string>{"name", "quoted", "modules", "nothing"});
  CHECK(root.where.file == "demo.yaml");
  CHECK(root.where.line == 1);
  CHECK(root.where.column == 1);

  const ConfigNode& name = at(root, "name");
  CHECK(name.kind == ConfigNode::Kind::scalar);
  CHECK(name.scalar == "demo");
  CHECK_FALSE(name.quoted);
  CHECK(name.where.line == 1);
  CHECK(name.where.column == 7);

  CHECK(at(root, "quoted").quoted);
  CHECK(at(root, "quoted").scalar == "5");

  const ConfigNode& rate = at(root, "modules.inflow.rate");
  REQUIRE(rate.kind == ConfigNode::Kind::sequence);
  REQUIRE(rate.items.size() == 2);
  CHECK(rate.items[1].scalar == "2.5");
  CHECK(rate.items[1].where.line == 5);
  CHECK(rate.items[1].where.column == 15);

  // An empty value points at its key, not at whatever follows.
  const ConfigNode& empty = at(root, "modules.empty");
  CHECK(empty.kind == ConfigNode::Kind::null);
  CHECK(empty.where.line == 6);
  CHECK(empty.where.column == 3);
  CHECK(at(root, "nothing").kind == ConfigNode::Kind::null);
}

TEST_CASE("parse_yaml of empty text gives a null tree", "[scenario]") {
  CHECK(parse_yaml("", "empty.yaml").kind == ConfigNode::Kind::null);
  CHECK(parse_yaml("# only a comment\n", "empty.yaml").kind == ConfigNode::Kind::null);
}

TEST_CASE("malformed YAML is a ConfigError with file, line and column", "[scenario]") {
  SECTION("bad indentation") {
    const Problem p = single_problem([] { (void)parse_yaml("a: 1\n  b: 2\n", "bad.yaml"); });
    CHECK(p.where.file == "bad.yaml");
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 4);
    CHECK_THAT(p.message,
               Catch::Contains("malformed YAML") && Catch::Contains("illegal map value"));
    CHECK_THAT(p.str(), Catch::StartsWith("bad.yaml:2:4: "));
  }
  SECTION("unterminated flow sequence") {
    const Problem p = single_problem([] { (void)parse_yaml("a: [1,\nb: 2", "bad.yaml"); });
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 1);
    CHECK_THAT(p.message, Catch::Contains("end of sequence flow not found"));
  }
  SECTION("unterminated quoted string") {
    const Problem p = single_problem([] { (void)parse_yaml("a: \"open\nb: 1", "bad.yaml"); });
    CHECK(p.where.line == 2);
    CHECK_THAT(p.message, Catch::Contains("malformed YAML"));
  }
  SECTION("several documents in one file") {
    const Problem p = single_problem([] { (void)parse_yaml("a: 1\n---\nb: 2\n", "two.yaml"); });
    CHECK(p.where.line == 3);
    CHECK_THAT(p.message, Catch::Contains("single YAML document"));
  }
  SECTION("a map as a key") {
    const Problem p = single_problem([] { (void)parse_yaml("? {a: 1}\n: 2\n", "key.yaml"); });
    CHECK(p.where.line == 1);
    CHECK_THAT(p.message, Catch::Contains("map key"));
  }
  SECTION("nesting deep enough to exhaust a recursive parser") {
    const std::string deep = "a: " + std::string(5000, '[') + std::string(5000, ']');
    const Problem p = single_problem([&] { (void)parse_yaml(deep, "deep.yaml"); });
    CHECK_THAT(p.message, Catch::Contains("too deep"));
  }
}

TEST_CASE("a comma outside [...] or {...} is an error, not an endless parse", "[scenario]") {
  // yaml-cpp's own LoadAll never returns on these (found by fuzz/scenario_fuzzer.cpp).
  SECTION("alone") {
    const Problem p = single_problem([] { (void)parse_yaml(",2", "comma.yaml"); });
    CHECK(p.where.line == 1);
    CHECK(p.where.column == 1);
    CHECK_THAT(p.message, Catch::Contains("malformed YAML: unexpected \",\" outside"));
  }
  SECTION("after a document") {
    const Problem p = single_problem([] { (void)parse_yaml("- a\n, b\n", "comma.yaml"); });
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 1);
  }
  SECTION("after a comment") {
    const Problem p = single_problem([] { (void)parse_yaml("# note\n, for x\n", "c.yaml"); });
    CHECK(p.where.line == 2);
  }
  SECTION("in a --set value") {
    ConfigNode root = parse_yaml("seed: 1\n", "s.yaml");
    const Problem p = single_problem([&] { apply_override(root, "seed=,2"); });
    CHECK(p.where.file == "--set");
    CHECK_THAT(p.message, Catch::Contains("\"seed=,2\"") && Catch::Contains("unexpected"));
  }
  SECTION("commas inside flow collections still parse") {
    const ConfigNode root = parse_yaml("a: [1, 2]\nb: {c: 3, d: 4}\n", "ok.yaml");
    CHECK(at(root, "a").items.size() == 2);
    CHECK(at(root, "b.d").scalar == "4");
  }
}

TEST_CASE("duplicate keys in one map are an error at the second key", "[scenario]") {
  const Problem p = single_problem([] {
    (void)parse_yaml("name: a\nmodules:\n  inflow: {}\n  exit: {}\n  inflow: {}\n", "dup.yaml");
  });
  CHECK(p.where.file == "dup.yaml");
  CHECK(p.where.line == 5);
  CHECK(p.where.column == 3);
  CHECK(p.key_path == "modules.inflow");
  CHECK_THAT(p.message, Catch::Contains("duplicate key \"inflow\"") && Catch::Contains("line 3"));

  // Also in flow maps, and the same key in different maps is fine.
  CHECK_THROWS_AS(parse_yaml("{a: 1, a: 2}", "dup.yaml"), ConfigError);
  CHECK_NOTHROW(parse_yaml("a: {x: 1}\nb: {x: 1}\n", "ok.yaml"));

  // Every duplicate in the document is reported at once.
  try {
    (void)parse_yaml("a: 1\nb: {x: 1, x: 2}\na: 3\nc: [{y: 1, y: 2}]\n", "dups.yaml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems().size() == 3);
    CHECK(e.problems()[0].key_path == "b.x");
    CHECK(e.problems()[1].key_path == "a");
    CHECK(e.problems()[1].where.line == 3);
    CHECK(e.problems()[2].key_path == "c[0].y");
  }
}

TEST_CASE("alias bombs fail cleanly instead of exhausting memory", "[scenario]") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    const std::string n = std::to_string(i);
    text += "a" + n + ": &a" + n + " [" + prev;
    for (int j = 0; j < 9; ++j) text += ", " + prev;
    text += "]\n";
  }
  const Problem p = single_problem([&] { (void)parse_yaml(text, "bomb.yaml"); });
  CHECK_THAT(p.message, Catch::Contains("too large"));
}

TEST_CASE("a missing scenario file is reported with its path", "[scenario]") {
  TempDir dir;
  const fs::path missing = dir.path() / "nope.yaml";
  const Problem p = single_problem([&] { (void)load_scenario_tree(missing); });
  CHECK(p.where.file == missing.string());
  CHECK(p.str() == missing.string() + ": cannot open scenario file: No such file or directory");
  CHECK_THROWS_AS(load_yaml_file(missing), ConfigError);
  const Problem d = single_problem([&] { (void)load_yaml_file(dir.path()); });
  CHECK(d.message == "cannot open scenario file: it is a directory");
}

TEST_CASE("load_yaml_file names the file in locations", "[scenario]") {
  TempDir dir;
  const fs::path file = dir.write("s.yaml", "name: x\nseed: 3\n");
  const ConfigNode root = load_yaml_file(file);
  CHECK(at(root, "seed").where.file == file.string());
  CHECK(at(root, "seed").where.line == 2);

  const fs::path bad = dir.write("bad.yaml", "name: x\n  seed: 3\n");
  const Problem p = single_problem([&] { (void)load_yaml_file(bad); });
  CHECK(p.where.file == bad.string());
  CHECK(p.where.line == 2);
}

TEST_CASE("extends chains merge overlays onto bases with relative paths", "[scenario]") {
  TempDir dir;
  dir.write("base/base.yaml",
            "name: base\n"
            "start: 2025-01-01\n"
            "municipalities: [Oulu, Kempele, Liminka]\n"
            "modules:\n"
            "  inflow:\n"
            "    daily_rate: {Oulu: 30, default: 1}\n"
            "    ramp: true\n"
            "  exit: {p: 0.1}\n");
  dir.write("mid.yaml",
            "extends: base/base.yaml\n"
            "name: mid\n"
            "modules:\n"
            "  inflow:\n"
            "    daily_rate: {Oulu: 40}\n"
            "  services: {}\n");
  const fs::path top = dir.write("variants/top.yaml",
                                 "extends: ../mid.yaml\n"
                                 "municipalities: [Oulu]\n"
                                 "replications: 4\n");
  const ConfigNode tree = load_scenario_tree(top);
  REQUIRE(tree.is_map());
  CHECK(tree.find("extends") == nullptr);
  // Base order first, new keys appended in the order the overlays add them.
  CHECK(keys_of(tree) ==
        std::vector<std::string>{"name", "start", "municipalities", "modules", "replications"});
  CHECK(at(tree, "name").scalar == "mid");
  CHECK(at(tree, "name").where.file == (dir.path() / "mid.yaml").string());
  CHECK(at(tree, "start").where.file == (dir.path() / "base/base.yaml").string());

  // A sequence is replaced as a whole, with the overlay's location.
  const ConfigNode& munis = at(tree, "municipalities");
  REQUIRE(munis.items.size() == 1);
  CHECK(munis.where.file == top.string());
  CHECK(munis.where.line == 2);

  // Maps merge key by key, recursively.
  CHECK(keys_of(at(tree, "modules")) == std::vector<std::string>{"inflow", "exit", "services"});
  CHECK(keys_of(at(tree, "modules.inflow")) == std::vector<std::string>{"daily_rate", "ramp"});
  CHECK(keys_of(at(tree, "modules.inflow.daily_rate")) ==
        std::vector<std::string>{"Oulu", "default"});
  CHECK(at(tree, "modules.inflow.daily_rate.Oulu").scalar == "40");
  CHECK(at(tree, "modules.inflow.daily_rate.Oulu").where.line == 5);
  CHECK(at(tree, "modules.inflow.daily_rate.default").scalar == "1");
  CHECK(at(tree, "modules.exit.p").scalar == "0.1");
  CHECK(at(tree, "replications").scalar == "4");
}

TEST_CASE("extends problems: cycles, wrong types, missing bases", "[scenario]") {
  TempDir dir;
  SECTION("two files extending each other") {
    dir.write("a.yaml", "extends: b.yaml\nname: a\n");
    dir.write("b.yaml", "name: b\nextends: a.yaml\n");
    const Problem p = single_problem([&] { (void)load_scenario_tree(dir.path() / "a.yaml"); });
    CHECK_THAT(p.message,
               Catch::Contains("cycle") && Catch::Contains("a.yaml") && Catch::Contains("b.yaml"));
    CHECK_THAT(p.where.file, Catch::EndsWith("b.yaml"));
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 10);
  }
  SECTION("a file extending itself through a different spelling") {
    dir.write("sub/self.yaml", "extends: ../sub/./self.yaml\n");
    const Problem p =
        single_problem([&] { (void)load_scenario_tree(dir.path() / "sub/self.yaml"); });
    CHECK_THAT(p.message, Catch::Contains("cycle"));
  }
  SECTION("extends is neither a path nor a list of paths") {
    const fs::path f = dir.write("map.yaml", "name: x\nextends: {a: b}\n");
    const Problem p = single_problem([&] { (void)load_scenario_tree(f); });
    CHECK(p.where.file == f.string());
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 10);
    CHECK(p.key_path == "extends");
    CHECK_THAT(p.message, Catch::Contains("expected the path") && Catch::Contains("a map"));
  }
  SECTION("a list of bases merges in order, the extending file last") {
    dir.write("one.yaml", "name: one\nseed: 1\nmodules: {a: {x: 1, y: 1}}\n");
    dir.write("two.yaml", "seed: 2\nmodules: {a: {y: 2}, b: {}}\n");
    const fs::path f = dir.write("top.yaml", "extends: [one.yaml, two.yaml]\nname: top\n");
    const ConfigNode tree = load_scenario_tree(f);
    CHECK(tree.find("name")->scalar == "top");
    CHECK(tree.find("seed")->scalar == "2");
    CHECK(tree.find("modules")->find("a")->find("x")->scalar == "1");
    CHECK(tree.find("modules")->find("a")->find("y")->scalar == "2");
    CHECK(tree.find("modules")->find("b") != nullptr);
    CHECK(tree.find("extends") == nullptr);
  }
  SECTION("extends names a missing file") {
    const fs::path f = dir.write("top.yaml", "extends: gone.yaml\n");
    const Problem p = single_problem([&] { (void)load_scenario_tree(f); });
    CHECK(p.where.file == f.string());
    CHECK(p.where.line == 1);
    CHECK_THAT(p.message, Catch::Contains("cannot open scenario file") &&
                              Catch::Contains((dir.path() / "gone.yaml").string()));
  }
  SECTION("a malformed base names the base file") {
    const fs::path base = dir.write("base.yaml", "a: [1,\n");
    const fs::path f = dir.write("top.yaml", "extends: base.yaml\n");
    const Problem p = single_problem([&] { (void)load_scenario_tree(f); });
    CHECK(p.where.file == base.string());
    CHECK(p.where.line == 2);
  }
}

TEST_CASE("merge_into merges maps and replaces everything else", "[scenario]") {
  ConfigNode base = parse_yaml("a: {x: 1, y: [1, 2]}\nb: 2\n", "base");
  const ConfigNode overlay = parse_yaml("a: {y: [3], z: 4}\nb: {now: map}\nc: ~\n", "over");
  merge_into(base, overlay);
  CHECK(keys_of(base) == std::vector<std::string>{"a", "b", "c"});
  CHECK(keys_of(at(base, "a")) == std::vector<std::string>{"x", "y", "z"});
  CHECK(at(base, "a.x").where.file == "base");
  CHECK(at(base, "a.y").items.size() == 1);
  CHECK(at(base, "a.y").where.file == "over");
  CHECK(at(base, "b.now").scalar == "map");
  CHECK(at(base, "c").kind == ConfigNode::Kind::null);
}

TEST_CASE("apply_override sets nested keys, lists and new keys", "[scenario]") {
  ConfigNode root = parse_yaml(
      "name: demo\n"
      "modules:\n"
      "  inflow: {daily_rate: {Oulu: 30}}\n"
      "  exit:\n",
      "s.yaml");

  SECTION("an existing nested scalar") {
    apply_override(root, "modules.inflow.daily_rate.Oulu=45");
    const ConfigNode& v = at(root, "modules.inflow.daily_rate.Oulu");
    CHECK(v.scalar == "45");
    CHECK(v.where.file == "--set");
    CHECK(v.where.line == 0);
    CHECK(v.where.column == 0);
    CHECK(v.where.str() == "--set");
  }
  SECTION("a list value") {
    apply_override(root, "modules.inflow.durations=[90, 180, 365]");
    const ConfigNode& v = at(root, "modules.inflow.durations");
    REQUIRE(v.kind == ConfigNode::Kind::sequence);
    REQUIRE(v.items.size() == 3);
    CHECK(v.items[2].scalar == "365");
    CHECK(v.items[2].where.file == "--set");
  }
  SECTION("new keys and intermediate maps are created, a null module becomes a map") {
    apply_override(root, "modules.services.capacity.Oulu=12");
    apply_override(root, "modules.exit.p=0.2");
    apply_override(root, "seed=42");
    CHECK(at(root, "modules.services.capacity.Oulu").scalar == "12");
    CHECK(at(root, "modules.exit.p").scalar == "0.2");
    CHECK(at(root, "seed").scalar == "42");
    CHECK(keys_of(root) == std::vector<std::string>{"name", "modules", "seed"});
  }
  SECTION("a map value merges nothing: it replaces") {
    apply_override(root, "modules.inflow={daily_rate: 3}");
    CHECK(at(root, "modules.inflow.daily_rate").scalar == "3");
  }
  SECTION("an empty value is an empty string; quotes keep a string") {
    apply_override(root, "name=");
    CHECK(at(root, "name").kind == ConfigNode::Kind::scalar);
    CHECK(at(root, "name").scalar.empty());
    apply_override(root, "description=\"12\"");
    CHECK(at(root, "description").quoted);
  }
  SECTION("an override of an empty tree") {
    ConfigNode empty;
    apply_override(empty, "a.b=1");
    CHECK(at(empty, "a.b").scalar == "1");
  }
  SECTION("bad assignments quote the assignment") {
    Problem p = single_problem([&] { apply_override(root, "modules.inflow"); });
    CHECK(p.where.file == "--set");
    CHECK_THAT(p.message, Catch::Contains("\"modules.inflow\"") && Catch::Contains("'='"));

    p = single_problem([&] { apply_override(root, "=5"); });
    CHECK_THAT(p.message, Catch::Contains("\"=5\""));

    p = single_problem([&] { apply_override(root, "modules..x=5"); });
    CHECK_THAT(p.message, Catch::Contains("\"modules..x=5\""));

    p = single_problem([&] { apply_override(root, "modules.inflow.x=[1,"); });
    CHECK(p.where.file == "--set");
    CHECK_THAT(p.message,
               Catch::Contains("\"modules.inflow.x=[1,\"") && Catch::Contains("malformed YAML"));

    p = single_problem([&] { apply_override(root, "name.first=x"); });
    CHECK_THAT(p.message, Catch::Contains("\"name.first=x\"") && Catch::Contains("not a map"));
  }
}

TEST_CASE("apply_override addresses list items by index", "[scenario]") {
  polku::ConfigNode root =
      polku::parse_yaml("modules: {inflow: {monthly_factors: [1, 1, 1]}}\n", "s.yaml");
  apply_override(root, "modules.inflow.monthly_factors.1=2.5");
  const auto& list = root.find("modules")->find("inflow")->find("monthly_factors")->items;
  REQUIRE(list.size() == 3);
  CHECK(list[0].scalar == "1");
  CHECK(list[1].scalar == "2.5");
  CHECK_THROWS_AS(apply_override(root, "modules.inflow.monthly_factors.3=1"), polku::ConfigError);
  CHECK_THROWS_AS(apply_override(root, "modules.inflow.monthly_factors.x=1"), polku::ConfigError);
}

TEST_CASE("to_yaml renders a canonical, re-parseable text", "[scenario]") {
  const std::string text =
      "name: Hämeenlinna demo\n"
      "code: \"007\"\n"
      "empty: \"\"\n"
      "nothing: ~\n"
      "list: [1, 2.5, x]\n"
      "nested:\n"
      "  - {a: 1}\n"
      "  - [2, 3]\n"
      "modules:\n"
      "  inflow: {daily_rate: {Oulu: 30, default: 1}}\n"
      "  exit: {}\n";
  const ConfigNode tree = parse_yaml(text, "s.yaml");
  const std::string out = to_yaml(tree);
  CHECK(out == to_yaml(parse_yaml(text, "elsewhere.yaml")));  // locations do not matter
  CHECK_THAT(out, Catch::Contains("Hämeenlinna"));
  CHECK_THAT(out, Catch::Contains("\"007\""));

  const ConfigNode back = parse_yaml(out, "back.yaml");
  CHECK(to_yaml(back) == out);  // a fixed point
  CHECK(keys_of(back) == keys_of(tree));
  CHECK(at(back, "code").quoted);
  CHECK(at(back, "code").scalar == "007");
  CHECK(at(back, "empty").scalar.empty());
  CHECK(at(back, "nothing").kind == ConfigNode::Kind::null);
  CHECK(at(back, "list").items.size() == 3);
  CHECK(at(back, "nested").items[1].items[1].scalar == "3");
  CHECK(at(back, "modules.exit").is_map());
  CHECK(at(back, "modules.inflow.daily_rate.default").scalar == "1");
}

TEST_CASE("closest_match suggests near names only", "[scenario]") {
  const std::vector<std::string> keys{"name", "replications", "municipalities", "modules", "seed"};
  CHECK(closest_match("replicatoins", keys) == "replications");
  CHECK(closest_match("municipalites", keys) == "municipalities");
  CHECK(closest_match("modlues", keys) == "modules");
  CHECK(closest_match("nmae", keys) == "name");
  CHECK(closest_match("Seed", keys) == "seed");
  CHECK(closest_match("banana_split", keys).empty());
  CHECK(closest_match("x", {"y"}).empty());
  CHECK(closest_match("anything", {}).empty());
  CHECK(closest_match("Olu", {"Oulu", "Kempele"}) == "Oulu");
  CHECK(closest_match("inflw", {"inflow", "employment_exit"}) == "inflow");
}

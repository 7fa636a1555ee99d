// Scenario validation: the fixed top-level schema (name, dates, seed, replications), the
// municipalities and employment areas, and the modules against the plugins' parameter schemas.
#include "scenario/scenario.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "scenario/param_value.hpp"
#include "scenario/problems.hpp"
#include "scenario/text.hpp"
#include "scenario/uncertainty.hpp"

namespace polku {

namespace {

using namespace validation;

constexpr std::size_t kMaxMunicipalities = 4095;
constexpr std::int64_t kMaxReplications = 100000;
/// Names appear in folder names, sheet names, chart titles and table cells: one line, bounded.
constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxDescriptionChars = 2000;

const std::set<std::string, std::less<>> kTopLevelKeys = {
    "name",         "description",    "extends", "start",   "end",     "seed",
    "replications", "municipalities", "areas",   "modules", "warm_up", "macro_path",
    "uncertainty"};

struct DefaultsToFill {
  std::string plugin;
  std::vector<std::pair<std::string, ConfigNode>> values;
};

void set_location(ConfigNode& node, const SourceLocation& where) {
  node.where = where;
  for (auto& item : node.items) {
    set_location(item, where);
  }
  for (auto& [key, value] : node.entries) {
    set_location(value, where);
  }
}

ConfigNode plain_scalar(std::string text, const SourceLocation& where) {
  ConfigNode node;
  node.kind = ConfigNode::Kind::scalar;
  node.scalar = std::move(text);
  node.where = where;
  return node;
}

class Validator {
 public:
  Validator(const ConfigNode& root, const SchemaLookup& schema_of,
            const std::vector<std::string>& known_plugins)
      : root_(root), schema_of_(schema_of), known_plugins_(known_plugins), problems_(list_) {}

  Scenario run(const std::filesystem::path& file) {
    scenario_.file = file;
    if (!root_.is_map()) {
      problems_.add(root_.where, "",
                    "expected a map of scenario settings at the top level, got " + describe(root_));
      throw ConfigError(list_);
    }
    const std::vector<std::string> keys(kTopLevelKeys.begin(), kTopLevelKeys.end());
    for (const auto& [key, value] : root_.entries) {
      if (kTopLevelKeys.count(key) == 0) {
        problems_.add(value.key_location(), key,
                      "unknown key " + quote(key) + did_you_mean(key, keys));
      }
    }
    check_name();
    check_description();
    check_dates();
    check_warm_up();
    check_macro_path();
    check_seed();
    check_replications();
    check_municipalities();
    check_areas();
    check_modules();
    scenario_.uncertainty =
        resolve_uncertainty(root_.find("uncertainty"), scenario_.modules, schema_of_, problems_);
    if (!list_.empty()) {
      throw ConfigError(list_);
    }
    build_resolved();
    return std::move(scenario_);
  }

 private:
  /// Names and texts must be one line (but descriptions), of bounded length; valid UTF-8 without
  /// control characters is already checked when the YAML is read.
  bool check_text(const SourceLocation& where, const std::string& path, std::string_view text,
                  std::size_t max_chars, bool multiline) {
    if (const std::string why = text_problem(text, max_chars, multiline); !why.empty()) {
      problems_.add(
          where, path,
          "expected " + std::string(multiline ? "text" : "a one-line name") + ", but it " + why);
      return false;
    }
    return true;
  }

  const ConfigNode* required(std::string_view key, std::string_view what) {
    const ConfigNode* node = root_.find(key);
    if (node == nullptr) {
      problems_.add(root_.where, std::string(key),
                    "missing required key " + quote(key) + " (" + std::string(what) + ")");
    }
    return node;
  }

  void check_name() {
    const ConfigNode* node = required("name", "the scenario's name, used for the output folder");
    if (node == nullptr) {
      return;
    }
    if (node->kind != ConfigNode::Kind::scalar || node->scalar.empty()) {
      problems_.add(node->where, "name", "expected a non-empty name, got " + describe(*node));
      return;
    }
    const std::string& name = node->scalar;
    if (!check_text(node->where, "name", name, kMaxNameChars, false)) {
      return;
    }
    const bool unsafe =
        name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos ||
        std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (unsafe) {
      problems_.add(node->where, "name",
                    "expected a name usable as a folder name (no '/', '\\' or control "
                    "characters, not \".\" or \"..\"), got " +
                        quote(name));
      return;
    }
    scenario_.name = name;
  }

  void check_description() {
    const ConfigNode* node = root_.find("description");
    if (node == nullptr || node->kind == ConfigNode::Kind::null) {
      return;
    }
    if (node->kind != ConfigNode::Kind::scalar) {
      problems_.add(node->where, "description", "expected text, got " + describe(*node));
      return;
    }
    if (check_text(node->where, "description", node->scalar, kMaxDescriptionChars, true)) {
      scenario_.description = node->scalar;
    }
  }

  std::optional<Day> date(std::string_view key) {
    const ConfigNode* node = required(key, "a date YYYY-MM-DD");
    if (node == nullptr) {
      return std::nullopt;
    }
    Day d = 0;
    if (node->kind != ConfigNode::Kind::scalar || !parse_iso_date(node->scalar, d)) {
      problems_.add(node->where, std::string(key),
                    "expected a date YYYY-MM-DD, got " + describe(*node));
      return std::nullopt;
    }
    return d;
  }

  void check_dates() {
    const auto start = date("start");
    const auto end = date("end");
    if (start) {
      scenario_.start = *start;
    }
    if (end) {
      scenario_.end = *end;
    }
    scenario_.report_from = scenario_.start;
    start_known_ = start.has_value();
    if (start && end && *end < *start) {  // a one-day run (end == start) is allowed
      const ConfigNode* node = root_.find("end");
      problems_.add(
          node->where, "end",
          "expected a date on or after start (" + iso_date(*start) + "), got " + iso_date(*end));
    }
  }

  /// `warm_up: {from: DATE, scenario: FILE}`: the simulation starts on `from`; results are
  /// reported from `start`, which must then be the first day of a month.
  void check_warm_up() {
    const ConfigNode* node = root_.find("warm_up");
    if (node == nullptr || node->kind == ConfigNode::Kind::null) {
      return;
    }
    if (!node->is_map()) {
      problems_.add(node->where, "warm_up",
                    "expected a map {from: YYYY-MM-DD, scenario: FILE}, got " + describe(*node));
      return;
    }
    WarmUp warm;
    warm.where = node->where;
    bool ok = true;
    for (const auto& [key, value] : node->entries) {
      if (key == "from") {
        if (value.kind != ConfigNode::Kind::scalar || !parse_iso_date(value.scalar, warm.from)) {
          problems_.add(value.where, "warm_up.from",
                        "expected a date YYYY-MM-DD, got " + describe(value));
          ok = false;
        }
      } else if (key == "scenario") {
        if (value.kind != ConfigNode::Kind::scalar || value.scalar.empty()) {
          problems_.add(value.where, "warm_up.scenario",
                        "expected a scenario file name, got " + describe(value));
          ok = false;
        } else {
          // Relative to the file that names it, like `extends`.
          const std::filesystem::path named(value.scalar);
          warm.scenario_file =
              named.is_absolute() || value.where.file.empty() || value.where.file == "--set"
                  ? named
                  : std::filesystem::path(value.where.file).parent_path() / named;
        }
      } else {
        problems_.add(value.key_location(), "warm_up." + key,
                      "unknown key " + quote(key) + did_you_mean(key, {"from", "scenario"}));
        ok = false;
      }
    }
    if (node->find("from") == nullptr) {
      problems_.add(node->where, "warm_up.from",
                    "missing required key \"from\" (a date YYYY-MM-DD)");
      ok = false;
    }
    if (!ok || !start_known_) {
      return;
    }
    if (warm.from >= scenario_.start) {
      problems_.add(node->find("from")->where, "warm_up.from",
                    "expected a date before start (" + iso_date(scenario_.start) + "), got " +
                        iso_date(warm.from));
      return;
    }
    if (first_day_of_month(month_index(scenario_.start)) != scenario_.start) {
      const ConfigNode* start = root_.find("start");
      problems_.add(start->where, "start",
                    "with a warm_up, start must be the first day of a month (results are "
                    "reported by month from it), got " +
                        iso_date(scenario_.start));
      return;
    }
    scenario_.report_from = scenario_.start;
    scenario_.start = warm.from;
    scenario_.warm_up = std::move(warm);
  }

  void check_macro_path() {
    const ConfigNode* node = root_.find("macro_path");
    if (node == nullptr || node->kind == ConfigNode::Kind::null) {
      return;
    }
    if (node->kind != ConfigNode::Kind::scalar || node->scalar.empty()) {
      problems_.add(node->where, "macro_path",
                    "expected the name of a macro path, got " + describe(*node));
      return;
    }
    if (check_text(node->where, "macro_path", node->scalar, kMaxNameChars, false)) {
      scenario_.macro_path = node->scalar;
    }
  }

  void check_seed() {
    const ConfigNode* node = root_.find("seed");
    if (node == nullptr) {
      return;
    }
    std::uint64_t seed = 0;
    if (!is_plain_scalar(*node) || parse_number(node->scalar, seed) != std::errc()) {
      problems_.add(node->where, "seed",
                    "expected an unsigned 64-bit integer, got " + describe(*node));
      return;
    }
    scenario_.seed = seed;
  }

  void check_replications() {
    const ConfigNode* node = root_.find("replications");
    if (node == nullptr) {
      return;
    }
    ParamSpec spec;
    spec.name = "replications";
    spec.type = ParamType::integer;
    spec.min = 1;
    spec.max = static_cast<double>(kMaxReplications);
    std::int64_t n = 0;
    if (read_integer(*node, spec, "replications", n, problems_)) {
      scenario_.replications = static_cast<std::uint32_t>(n);
    }
  }

  void check_municipalities() {
    const ConfigNode* node =
        required("municipalities", "a sequence of municipality names, e.g. [Oulu, Kempele]");
    if (node == nullptr) {
      return;
    }
    if (node->kind != ConfigNode::Kind::sequence || node->items.empty()) {
      problems_.add(node->where, "municipalities",
                    "expected a non-empty sequence of municipality names, got " +
                        (node->kind == ConfigNode::Kind::sequence ? std::string("an empty one")
                                                                  : describe(*node)));
      return;
    }
    if (node->items.size() > kMaxMunicipalities) {
      problems_.add(node->where, "municipalities",
                    "expected at most " + std::to_string(kMaxMunicipalities) +
                        " municipalities, got " + std::to_string(node->items.size()));
      return;
    }
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < node->items.size(); ++i) {
      const ConfigNode& item = node->items[i];
      const std::string path = index_path("municipalities", i);
      if (item.kind != ConfigNode::Kind::scalar || item.scalar.empty()) {
        problems_.add(item.where, path, "expected a municipality name, got " + describe(item));
        continue;
      }
      if (!check_text(item.where, path, item.scalar, kMaxNameChars, false)) {
        continue;
      }
      if (item.scalar == "total" || item.scalar == "default") {
        problems_.add(item.where, path,
                      "expected a municipality name, got the reserved word " + quote(item.scalar));
        continue;
      }
      if (const auto [it, fresh] = seen.emplace(item.scalar, i); !fresh) {
        problems_.add(item.where, path,
                      "duplicate municipality " + quote(item.scalar) + " (already item " +
                          std::to_string(it->second) + ")");
        continue;
      }
      scenario_.municipalities.push_back(item.scalar);
    }
    municipalities_usable_ = true;
  }

  void check_areas() {
    const ConfigNode* node = root_.find("areas");
    if (node == nullptr || node->kind == ConfigNode::Kind::null) {
      return;
    }
    if (!node->is_map()) {
      problems_.add(node->where, "areas",
                    "expected a map {area name: [municipality, ...]}, got " + describe(*node));
      return;
    }
    const auto& names = scenario_.municipalities;
    for (const auto& [area, members] : node->entries) {
      const std::string path = join_path("areas", area);
      bool ok = true;
      if (!check_text(members.key_location(), path, area, kMaxNameChars, false)) {
        ok = false;
      } else if (area.empty() || area == "total") {
        problems_.add(members.where, path,
                      R"(expected an area name other than "" and "total", got )" + quote(area));
        ok = false;
      } else if (std::find(names.begin(), names.end(), area) != names.end()) {
        problems_.add(
            members.where, path,
            "area name " + quote(area) + " clashes with the municipality of the same name");
        ok = false;
      }
      if (members.kind != ConfigNode::Kind::sequence || members.items.empty()) {
        problems_.add(members.where, path,
                      "expected a non-empty sequence of municipality names, got " +
                          (members.kind == ConfigNode::Kind::sequence ? std::string("an empty one")
                                                                      : describe(members)));
        continue;
      }
      if (!municipalities_usable_) {
        continue;
      }
      EmploymentArea result{area, {}};
      std::set<std::string_view> seen;
      for (std::size_t i = 0; i < members.items.size(); ++i) {
        const ConfigNode& item = members.items[i];
        const std::string item_path = index_path(path, i);
        if (item.kind != ConfigNode::Kind::scalar) {
          problems_.add(item.where, item_path,
                        "expected a municipality name, got " + describe(item));
          ok = false;
          continue;
        }
        const auto it = std::find(names.begin(), names.end(), item.scalar);
        if (it == names.end()) {
          problems_.add(
              item.where, item_path,
              "unknown municipality " + quote(item.scalar) + did_you_mean(item.scalar, names));
          ok = false;
          continue;
        }
        if (!seen.insert(item.scalar).second) {
          problems_.add(
              item.where, item_path,
              "municipality " + quote(item.scalar) + " listed twice in area " + quote(area));
          ok = false;
          continue;
        }
        result.members.push_back(static_cast<std::uint16_t>(it - names.begin()));
      }
      if (ok) {
        scenario_.areas.push_back(std::move(result));
      }
    }
  }

  void check_modules() {
    const ConfigNode* node = required("modules", "a map of plugin name -> parameters");
    if (node == nullptr) {
      return;
    }
    if (!node->is_map()) {
      problems_.add(
          node->where, "modules",
          "expected a map {plugin name: {parameter: value, ...}}, got " + describe(*node));
      return;
    }
    for (const auto& [plugin, params] : node->entries) {
      check_module(plugin, params);
    }
  }

  void check_module(const std::string& plugin, const ConfigNode& params) {
    const std::string path = join_path("modules", plugin);
    const std::vector<ParamSpec>* specs = schema_of_(plugin);
    if (specs == nullptr) {
      problems_.add(params.key_location(), path,
                    "unknown module " + quote(plugin) + did_you_mean(plugin, known_plugins_));
      return;
    }
    if (params.kind != ConfigNode::Kind::null && !params.is_map()) {
      problems_.add(
          params.where, path,
          "expected a map of parameters (or nothing, for all defaults), got " + describe(params));
      return;
    }
    ModuleSpec module{plugin, {}};
    DefaultsToFill defaults{plugin, {}};
    std::vector<std::string> declared;
    declared.reserve(specs->size());
    for (const auto& spec : *specs) {
      declared.push_back(spec.name);
    }

    for (const auto& entry : params.entries) {
      const std::string& key = entry.first;
      const ConfigNode& value = entry.second;
      const std::string key_path = join_path(path, key);
      const auto spec = std::find_if(specs->begin(), specs->end(),
                                     [&](const ParamSpec& s) { return s.name == key; });
      if (spec == specs->end()) {
        problems_.add(value.key_location(), key_path,
                      "unknown parameter " + quote(key) + " of module " + quote(plugin) +
                          did_you_mean(key, declared));
        continue;
      }
      if (spec->type == ParamType::per_municipality && !municipalities_usable_) {
        continue;
      }
      ParamValue v;
      std::vector<LawSource> sources;
      if (parse_param_value(value, *spec, scenario_.municipalities, key_path, v, list_,
                            &sources)) {
        module.params.set(spec->name, std::move(v));
        for (auto& source : sources) {
          source.parameter = plugin + "." + spec->name;
          scenario_.law_sources.push_back(std::move(source));
        }
      }
    }

    const SourceLocation defaults_where{plugin + " defaults", 0, 0};
    for (const auto& spec : *specs) {
      if (params.find(spec.name) != nullptr) {
        continue;
      }
      const std::string key_path = join_path(path, spec.name);
      const std::string prefix =
          "bad default of parameter " + quote(spec.name) + " in plugin " + quote(plugin) + ": ";
      ConfigNode value;
      try {
        value = parse_yaml(spec.default_yaml, defaults_where.file);
      } catch (const ConfigError& e) {
        for (const auto& p : e.problems()) {
          problems_.add(defaults_where, key_path, prefix + p.message);
        }
        continue;
      }
      set_location(value, defaults_where);
      if (spec.type == ParamType::per_municipality && !municipalities_usable_) {
        continue;
      }
      const std::size_t before = list_.size();
      ParamValue v;
      if (parse_param_value(value, spec, scenario_.municipalities, key_path, v, list_)) {
        module.params.set(spec.name, std::move(v));
        defaults.values.emplace_back(spec.name, std::move(value));
      } else {
        for (std::size_t i = before; i < list_.size(); ++i) {
          list_[i].message = prefix + list_[i].message;
        }
      }
    }
    scenario_.modules.push_back(std::move(module));
    defaults_.push_back(std::move(defaults));
  }

  void build_resolved() {
    ConfigNode resolved = root_;
    std::erase_if(resolved.entries, [](const auto& e) { return e.first == "extends"; });
    const SourceLocation top_defaults{"scenario defaults", 0, 0};
    if (resolved.find("seed") == nullptr) {
      resolved.entries.emplace_back("seed", plain_scalar("1", top_defaults));
    }
    if (resolved.find("replications") == nullptr) {
      resolved.entries.emplace_back("replications", plain_scalar("1", top_defaults));
    }
    ConfigNode* modules = resolved.find("modules");
    for (auto& fill : defaults_) {
      ConfigNode* params = modules->find(fill.plugin);
      if (params->kind == ConfigNode::Kind::null) {
        params->kind = ConfigNode::Kind::map;
      }
      for (auto& entry : fill.values) {
        params->entries.push_back(std::move(entry));
      }
    }
    scenario_.resolved = std::move(resolved);
  }

  const ConfigNode& root_;
  const SchemaLookup& schema_of_;
  const std::vector<std::string>& known_plugins_;
  std::vector<Problem> list_;
  Problems problems_;
  Scenario scenario_;
  bool municipalities_usable_ = false;
  bool start_known_ = false;
  std::vector<DefaultsToFill> defaults_;
};

}  // namespace

Scenario validate_scenario(const ConfigNode& root, const std::filesystem::path& file,
                           const SchemaLookup& schema_of,
                           const std::vector<std::string>& known_plugins) {
  return Validator(root, schema_of, known_plugins).run(file);
}

}  // namespace polku

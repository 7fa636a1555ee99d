// Scenario validation: the fixed top-level schema and the plugins' parameter schemas.
#include "scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "scenario/text.hpp"

namespace polku {

namespace {

constexpr std::size_t kMaxMunicipalities = 4095;
constexpr std::int64_t kMaxReplications = 100000;
/// Names appear in folder names, sheet names, chart titles and table cells: one line, bounded.
constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxDescriptionChars = 2000;
constexpr std::size_t kMaxStringParamChars = 1000;

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

/// "got ..." wording for a node of any kind.
std::string describe(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      return "nothing";
    case ConfigNode::Kind::scalar:
      return node.quoted ? "the quoted string " + quote(node.scalar) : quote(node.scalar);
    case ConfigNode::Kind::sequence:
      return "a sequence";
    case ConfigNode::Kind::map:
      return "a map";
  }
  return "?";
}

std::string format_number(double v) {
  // Whole numbers as integers ("100000", not the shorter "1e+05"); others in shortest form.
  if (std::abs(v) < 1e15 && v == std::trunc(v)) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::to_string(v);
}

/// Strips one leading '+' (valid YAML, not accepted by from_chars) unless a sign follows it.
std::string_view strip_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

template <class T>
std::errc parse_number(std::string_view text, T& out) {
  text = strip_plus(text);
  if (text.empty()) {
    return std::errc::invalid_argument;
  }
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) {
    return ec;
  }
  if (end != text.data() + text.size()) {
    return std::errc::invalid_argument;
  }
  out = value;
  return std::errc();
}

bool is_plain_scalar(const ConfigNode& node) {
  return node.kind == ConfigNode::Kind::scalar && !node.quoted;
}

class Problems {
 public:
  explicit Problems(std::vector<Problem>& list) : list_(list) {}
  void add(const SourceLocation& where, std::string key_path, std::string message) {
    list_.push_back(Problem{where, std::move(key_path), std::move(message)});
  }
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }

 private:
  std::vector<Problem>& list_;
};

std::string range_text(const ParamSpec& spec) {
  std::string text;
  if (spec.min && spec.max) {
    text = "a value in [" + format_number(*spec.min) + ", " + format_number(*spec.max) + "]";
  } else if (spec.min) {
    text = "a value >= " + format_number(*spec.min);
  } else {
    text = "a value <= " + format_number(spec.max.value_or(0));
  }
  if (!spec.unit.empty()) {
    text += " " + spec.unit;
  }
  return text;
}

bool in_range(double v, const ParamSpec& spec) {
  return !(spec.min && v < *spec.min) && !(spec.max && v > *spec.max);
}

bool check_range(const ConfigNode& node, double v, const ParamSpec& spec, const std::string& path,
                 Problems& problems) {
  if (in_range(v, spec)) {
    return true;
  }
  problems.add(node.where, path, "expected " + range_text(spec) + ", got " + node.scalar);
  return false;
}

bool read_real(const ConfigNode& node, const ParamSpec& spec, const std::string& path, double& out,
               Problems& problems) {
  double v = 0;
  if (!is_plain_scalar(node)) {
    problems.add(node.where, path, "expected a real number, got " + describe(node));
    return false;
  }
  const std::errc ec = parse_number(node.scalar, v);
  if (ec == std::errc::result_out_of_range) {
    problems.add(node.where, path,
                 "expected a real number within double precision, got " + node.scalar);
    return false;
  }
  if (ec != std::errc()) {
    problems.add(node.where, path, "expected a real number, got " + describe(node));
    return false;
  }
  if (!std::isfinite(v)) {
    problems.add(node.where, path, "expected a finite real number, got " + node.scalar);
    return false;
  }
  if (!check_range(node, v, spec, path, problems)) {
    return false;
  }
  out = v;
  return true;
}

bool read_integer(const ConfigNode& node, const ParamSpec& spec, const std::string& path,
                  std::int64_t& out, Problems& problems) {
  std::int64_t v = 0;
  if (!is_plain_scalar(node)) {
    problems.add(node.where, path, "expected an integer, got " + describe(node));
    return false;
  }
  const std::errc ec = parse_number(node.scalar, v);
  if (ec == std::errc::result_out_of_range) {
    problems.add(node.where, path, "expected a 64-bit integer, got " + node.scalar);
    return false;
  }
  if (ec != std::errc()) {
    problems.add(node.where, path, "expected an integer, got " + describe(node));
    return false;
  }
  if (!check_range(node, static_cast<double>(v), spec, path, problems)) {
    return false;
  }
  out = v;
  return true;
}

std::string quoted_list(const std::vector<std::string>& names, std::size_t limit = 10) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    out += (i == 0 ? "" : ", ") + quote(names[i]);
  }
  if (names.size() > limit) {
    out += " and " + std::to_string(names.size() - limit) + " more";
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? "" : " (did you mean " + quote(best) + "?)";
}

bool read_per_municipality(const ConfigNode& node, const ParamSpec& spec,
                           const std::vector<std::string>& municipalities, const std::string& path,
                           std::vector<double>& out, Problems& problems) {
  if (node.kind == ConfigNode::Kind::scalar) {
    double v = 0;
    if (!read_real(node, spec, path, v, problems)) {
      return false;
    }
    out.assign(municipalities.size(), v);
    return true;
  }
  if (!node.is_map()) {
    problems.add(node.where, path,
                 "expected a real number or a map {municipality: value, ..., default: value}, "
                 "got " +
                     describe(node));
    return false;
  }
  std::unordered_map<std::string_view, std::size_t> id_of;
  for (std::size_t i = 0; i < municipalities.size(); ++i) {
    id_of.emplace(municipalities[i], i);
  }

  bool ok = true;
  std::vector<std::optional<double>> given(municipalities.size());
  std::optional<double> fallback;
  for (const auto& [key, value] : node.entries) {
    const std::string child = join_path(path, key);
    double v = 0;
    if (key == "default") {
      if (read_real(value, spec, child, v, problems)) {
        fallback = v;
      } else {
        ok = false;
      }
      continue;
    }
    const auto it = id_of.find(key);
    if (it == id_of.end()) {
      problems.add(value.key_location(), child,
                   "unknown municipality " + quote(key) + did_you_mean(key, municipalities) +
                       "; the scenario lists " + quoted_list(municipalities));
      ok = false;
      continue;
    }
    if (read_real(value, spec, child, v, problems)) {
      given[it->second] = v;
    } else {
      ok = false;
    }
  }
  if (!ok) {
    return false;
  }

  std::vector<std::string> missing;
  out.assign(municipalities.size(), 0.0);
  for (std::size_t i = 0; i < municipalities.size(); ++i) {
    if (given[i]) {
      out[i] = *given[i];
    } else if (fallback) {
      out[i] = *fallback;
    } else {
      missing.push_back(municipalities[i]);
    }
  }
  if (!missing.empty()) {
    problems.add(node.where, path,
                 "expected a value for every municipality or a \"default\", got none for " +
                     quoted_list(missing));
    return false;
  }
  return true;
}

const std::set<std::string, std::less<>> kTopLevelKeys = {
    "name", "description",  "extends",        "start", "end",
    "seed", "replications", "municipalities", "areas", "modules"};

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
    check_seed();
    check_replications();
    check_municipalities();
    check_areas();
    check_modules();
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
      problems_.add(where, path, "expected " + std::string(multiline ? "text" : "a one-line name") +
                                     ", but it " + why);
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
    if (start && end && *end < *start) {  // a one-day run (end == start) is allowed
      const ConfigNode* node = root_.find("end");
      problems_.add(
          node->where, "end",
          "expected a date on or after start (" + iso_date(*start) + "), got " + iso_date(*end));
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
      if (parse_param_value(value, *spec, scenario_.municipalities, key_path, v, list_)) {
        module.params.set(spec->name, std::move(v));
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
  std::vector<DefaultsToFill> defaults_;
};

}  // namespace

bool parse_param_value(const ConfigNode& node, const ParamSpec& spec,
                       const std::vector<std::string>& municipalities, const std::string& key_path,
                       ParamValue& out, std::vector<Problem>& problem_list) {
  Problems problems(problem_list);
  switch (spec.type) {
    case ParamType::boolean: {
      if (is_plain_scalar(node)) {
        const std::string& t = node.scalar;
        if (t == "true" || t == "True" || t == "TRUE") {
          out = true;
          return true;
        }
        if (t == "false" || t == "False" || t == "FALSE") {
          out = false;
          return true;
        }
      }
      problems.add(node.where, key_path, "expected true or false, got " + describe(node));
      return false;
    }
    case ParamType::integer: {
      std::int64_t v = 0;
      if (!read_integer(node, spec, key_path, v, problems)) {
        return false;
      }
      out = v;
      return true;
    }
    case ParamType::real: {
      double v = 0;
      if (!read_real(node, spec, key_path, v, problems)) {
        return false;
      }
      out = v;
      return true;
    }
    case ParamType::string: {
      if (node.kind != ConfigNode::Kind::scalar) {
        problems.add(node.where, key_path, "expected a string, got " + describe(node));
        return false;
      }
      if (const std::string why = text_problem(node.scalar, kMaxStringParamChars, false);
          !why.empty()) {
        problems.add(node.where, key_path, "expected a one-line string, but it " + why);
        return false;
      }
      if (!spec.choices.empty() &&
          std::find(spec.choices.begin(), spec.choices.end(), node.scalar) == spec.choices.end()) {
        problems.add(node.where, key_path,
                     "expected one of " + quoted_list(spec.choices, spec.choices.size()) +
                         ", got " + quote(node.scalar) + did_you_mean(node.scalar, spec.choices));
        return false;
      }
      out = node.scalar;
      return true;
    }
    case ParamType::date: {
      Day d = 0;
      if (node.kind != ConfigNode::Kind::scalar || !parse_iso_date(node.scalar, d)) {
        problems.add(node.where, key_path, "expected a date YYYY-MM-DD, got " + describe(node));
        return false;
      }
      out = d;
      return true;
    }
    case ParamType::real_list: {
      if (node.kind != ConfigNode::Kind::sequence) {
        problems.add(node.where, key_path,
                     "expected a sequence of real numbers, e.g. [90, 180], got " + describe(node));
        return false;
      }
      std::vector<double> values;
      values.reserve(node.items.size());
      bool ok = true;
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        double v = 0;
        if (read_real(node.items[i], spec, index_path(key_path, i), v, problems)) {
          values.push_back(v);
        } else {
          ok = false;
        }
      }
      if (!ok) {
        return false;
      }
      out = std::move(values);
      return true;
    }
    case ParamType::per_municipality: {
      std::vector<double> values;
      if (!read_per_municipality(node, spec, municipalities, key_path, values, problems)) {
        return false;
      }
      out = std::move(values);
      return true;
    }
    case ParamType::dated_values: {
      if (node.kind == ConfigNode::Kind::null) {
        out = DatedValues{};
        return true;
      }
      if (!node.is_map()) {
        problems.add(
            node.where, key_path,
            "expected a map of dates to values, e.g. {2023-01-01: 0.5}, got " + describe(node));
        return false;
      }
      std::vector<std::pair<Day, double>> dated;
      bool ok = true;
      for (const auto& [date_text, value] : node.entries) {
        const std::string child = join_path(key_path, date_text);
        Day d = 0;
        if (!parse_iso_date(date_text, d)) {
          problems.add(value.key_location(), child,
                       "expected a date YYYY-MM-DD as key, got " + quote(date_text));
          ok = false;
          continue;
        }
        double v = 0;
        if (!read_real(value, spec, child, v, problems)) {
          ok = false;
          continue;
        }
        dated.emplace_back(d, v);
      }
      if (!ok) return false;
      // In date order, whatever the order written: an overlay may add a date before the base's.
      std::sort(dated.begin(), dated.end());
      DatedValues schedule;
      for (const auto& [d, v] : dated) {
        if (!schedule.dates.empty() && schedule.dates.back() == d) {
          problems.add(node.where, key_path, "the date " + iso_date(d) + " is given twice");
          return false;
        }
        schedule.dates.push_back(d);
        schedule.values.push_back(v);
      }
      out = std::move(schedule);
      return true;
    }
  }
  problems.add(node.where, key_path, "parameter has an unsupported type in its declaration");
  return false;
}

Scenario validate_scenario(const ConfigNode& root, const std::filesystem::path& file,
                           const SchemaLookup& schema_of,
                           const std::vector<std::string>& known_plugins) {
  return Validator(root, schema_of, known_plugins).run(file);
}

}  // namespace polku

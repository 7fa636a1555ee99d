// Typed parameter values read from scenario nodes and checked against their declaration.
#include "scenario/param_value.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <utility>

#include "polku/calendar.hpp"
#include "scenario/text.hpp"

namespace polku {

namespace validation {

namespace {

constexpr std::size_t kMaxStringParamChars = 1000;

std::string format_number(double v) {
  // Whole numbers as integers ("100000", not the shorter "1e+05"); others in shortest form.
  if (std::abs(v) < 1e15 && v == std::trunc(v)) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::to_string(v);
}

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


/// What a law value says of itself: `{value: ..., reference: "...", verify: "..."}`.
struct LawNote {
  std::string reference, verify;
};

constexpr std::size_t kMaxLawNoteChars = 500;

/// The value node of `node`, unwrapping a law value's `{value:, reference:, verify:}` into `note`
/// (a bare value is returned as it is, `note` unchanged); nullptr after a problem.
const ConfigNode* unwrap_law_value(const ConfigNode& node, const std::string& path, LawNote& note,
                                   Problems& problems) {
  static const std::vector<std::string> kKeys{"value", "reference", "verify"};
  if (!node.is_map() || (node.find("value") == nullptr && node.find("reference") == nullptr &&
                         node.find("verify") == nullptr))
    return &node;
  bool ok = true;
  for (const auto& [key, value] : node.entries) {
    const std::string child = join_path(path, key);
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      problems.add(value.key_location(), child,
                   "unknown key " + quote(key) + " in a law value" + did_you_mean(key, kKeys) +
                       "; expected value, reference and verify");
      ok = false;
      continue;
    }
    if (key == "value") continue;
    std::string why = value.kind == ConfigNode::Kind::scalar
                          ? text_problem(value.scalar, kMaxLawNoteChars, false)
                          : "is " + describe(value);
    if (!why.empty()) {
      problems.add(value.where, child, "expected a one-line text, but it " + why);
      ok = false;
      continue;
    }
    (key == "reference" ? note.reference : note.verify) = value.scalar;
  }
  const ConfigNode* payload = node.find("value");
  if (payload == nullptr) {
    problems.add(node.where, path, "a law value written with reference or verify needs value:");
    return nullptr;
  }
  return ok ? payload : nullptr;
}

/// Reads `node` as a dated map {YYYY-MM-DD: item}, each item read by `read_item`, into date
/// order; for a law parameter each entry may carry its own note (else `whole`'s).
template <class T, class ReadItem>
bool read_dated(const ConfigNode& node, const ParamSpec& spec, const std::string& path,
                const LawNote& whole, std::vector<LawSource>* sources, ReadItem read_item,
                std::vector<Day>& dates, std::vector<T>& items, Problems& problems) {
  std::vector<std::pair<Day, T>> dated;
  bool ok = true;
  for (const auto& [date_text, entry] : node.entries) {
    const std::string child = join_path(path, date_text);
    Day d = 0;
    if (!parse_iso_date(date_text, d)) {
      problems.add(entry.key_location(), child,
                   "expected a date YYYY-MM-DD as key, got " + quote(date_text));
      ok = false;
      continue;
    }
    LawNote note = whole;
    const ConfigNode* value = spec.law ? unwrap_law_value(entry, child, note, problems) : &entry;
    T item{};
    if (value == nullptr || !read_item(*value, child, item)) {
      ok = false;
      continue;
    }
    if (sources != nullptr && spec.law)
      sources->push_back({"", iso_date(d), note.reference, note.verify, value->where});
    dated.emplace_back(d, std::move(item));
  }
  if (!ok) return false;
  // In date order, whatever the order written: an overlay may add a date before the base's.
  std::stable_sort(dated.begin(), dated.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [d, item] : dated) {
    if (!dates.empty() && dates.back() == d) {
      problems.add(node.where, path, "the date " + iso_date(d) + " is given twice");
      return false;
    }
    dates.push_back(d);
    items.push_back(std::move(item));
  }
  return true;
}

bool read_real_list(const ConfigNode& node, const ParamSpec& spec, const std::string& path,
                    std::vector<double>& out, Problems& problems) {
  if (node.kind != ConfigNode::Kind::sequence) {
    problems.add(node.where, path,
                 "expected a sequence of real numbers, e.g. [90, 180], got " + describe(node));
    return false;
  }
  std::vector<double> values;
  values.reserve(node.items.size());
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    double v = 0;
    if (read_real(node.items[i], spec, index_path(path, i), v, problems)) {
      values.push_back(v);
    } else {
      ok = false;
    }
  }
  if (!ok) return false;
  out = std::move(values);
  return true;
}

}  // namespace

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

}  // namespace validation

using namespace validation;

namespace {

bool parse_payload(const ConfigNode& node, const ParamSpec& spec,
                   const std::vector<std::string>& municipalities, const std::string& key_path,
                   const LawNote& note, std::vector<LawSource>* sources, ParamValue& out,
                   Problems& problems) {
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
      std::vector<double> values;
      if (!read_real_list(node, spec, key_path, values, problems)) return false;
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
    case ParamType::dated_values:
    case ParamType::dated_lists: {
      const bool lists = spec.type == ParamType::dated_lists;
      if (node.kind == ConfigNode::Kind::null) {
        out = lists ? ParamValue{DatedLists{}} : ParamValue{DatedValues{}};
        return true;
      }
      if (!node.is_map()) {
        problems.add(node.where, key_path,
                     std::string("expected a map of dates to ") +
                         (lists ? "lists, e.g. {2025-01-01: [101, 201]}" : "values, e.g. {2023-01-01: 0.5}") +
                         ", got " + describe(node));
        return false;
      }
      if (lists) {
        DatedLists table;
        const auto read_list = [&](const ConfigNode& n, const std::string& path,
                                   std::vector<double>& v) {
          return read_real_list(n, spec, path, v, problems);
        };
        if (!read_dated(node, spec, key_path, note, sources, read_list, table.dates, table.lists,
                        problems))
          return false;
        out = std::move(table);
        return true;
      }
      DatedValues schedule;
      const auto read_value = [&](const ConfigNode& n, const std::string& path, double& v) {
        return read_real(n, spec, path, v, problems);
      };
      if (!read_dated(node, spec, key_path, note, sources, read_value, schedule.dates,
                      schedule.values, problems))
        return false;
      out = std::move(schedule);
      return true;
    }
  }
  problems.add(node.where, key_path, "parameter has an unsupported type in its declaration");
  return false;
}

}  // namespace

bool parse_param_value(const ConfigNode& node, const ParamSpec& spec,
                       const std::vector<std::string>& municipalities, const std::string& key_path,
                       ParamValue& out, std::vector<Problem>& problem_list,
                       std::vector<LawSource>* sources) {
  Problems problems(problem_list);
  LawNote note;
  const ConfigNode* payload = spec.law ? unwrap_law_value(node, key_path, note, problems) : &node;
  if (payload == nullptr) return false;
  const bool dated = spec.type == ParamType::dated_values || spec.type == ParamType::dated_lists;
  if (!parse_payload(*payload, spec, municipalities, key_path, note, sources, out, problems))
    return false;
  if (sources != nullptr && spec.law && !dated)
    sources->push_back({"", "", note.reference, note.verify, payload->where});
  return true;
}

}  // namespace polku

/// @file param_value.hpp
/// Typed values read from scenario nodes: booleans, integers and reals within their declared
/// range, strings from a list of choices, dates, lists of reals, per-municipality maps (a number
/// for all or a value per municipality with a `default`) and dated schedules.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "polku/params.hpp"
#include "scenario/config_tree.hpp"
#include "scenario/problems.hpp"

namespace polku {

/// Where a law value comes from, as the scenario writes it beside the value.
struct LawSource {
  std::string parameter;  ///< "module.parameter"
  std::string date;       ///< the dated entry it covers (YYYY-MM-DD), or "" for the whole value
  std::string reference;  ///< statute, decree or official page; empty: given without a source
  std::string verify;     ///< what remains to be confirmed; empty: nothing
  SourceLocation where;   ///< where the value is written
};

/// Parses and checks a single value against a spec (shared by defaults and user values).
/// Appends problems to `problems` and returns false when the value is invalid. For a law
/// parameter (`spec.law`) the value may carry `reference:` and `verify:`; with `sources` given,
/// one `LawSource` per value (per date for dated ones) is appended, `parameter` left empty.
bool parse_param_value(const ConfigNode& node, const ParamSpec& spec,
                       const std::vector<std::string>& municipalities, const std::string& key_path,
                       ParamValue& out, std::vector<Problem>& problems,
                       std::vector<LawSource>* sources = nullptr);

namespace validation {

/// An unquoted scalar: one that may read as a number or a boolean.
inline bool is_plain_scalar(const ConfigNode& node) {
  return node.kind == ConfigNode::Kind::scalar && !node.quoted;
}

/// Strips one leading '+' (valid YAML, not accepted by from_chars) unless a sign follows it.
inline std::string_view strip_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

/// `text` as a number of type T (std::from_chars, after `strip_plus`): std::errc() and `out` set,
/// or the error with `out` unchanged; trailing characters are `invalid_argument`.
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

/// An integer within `spec`'s range; otherwise a problem at `path` and false.
bool read_integer(const ConfigNode& node, const ParamSpec& spec, const std::string& path,
                  std::int64_t& out, Problems& problems);

}  // namespace validation
}  // namespace polku

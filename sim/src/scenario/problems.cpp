#include "scenario/problems.hpp"

namespace polku::validation {

std::string quote(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  return out += '"';
}

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

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

std::string quoted_list(const std::vector<std::string>& names, std::size_t limit) {
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

}  // namespace polku::validation

#include "scenario/marked_values.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>

namespace polku {

namespace {

class LineCache {
 public:
  const std::string* line(const std::string& file, int number) {
    auto it = files_.find(file);
    if (it == files_.end()) {
      std::vector<std::string> lines;
      std::ifstream in(file);
      for (std::string l; std::getline(in, l);) lines.push_back(std::move(l));
      it = files_.emplace(file, std::move(lines)).first;
    }
    if (number < 1 || static_cast<std::size_t>(number) > it->second.size()) return nullptr;
    return &it->second[static_cast<std::size_t>(number - 1)];
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// The comment of a YAML line (after a '#' outside quotes), or "".
std::string comment_of(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
      std::string note = line.substr(i + 1);
      const auto first = note.find_first_not_of(' ');
      return first == std::string::npos ? "" : note.substr(first);
    }
  }
  return "";
}

void walk(const ConfigNode& node, const std::string& path, const std::string& word,
          LineCache& cache, std::vector<MarkedValue>& out) {
  const auto marked = [&](const SourceLocation& at, const std::string& key) -> bool {
    if (at.file.empty() || at.line <= 0) return false;
    const std::string* line = cache.line(at.file, at.line);
    if (!line) return false;
    const std::string note = comment_of(*line);
    if (lower(note).find(word) == std::string::npos) return false;
    out.push_back({key, at.file, at.line, note});
    return true;
  };
  if (node.kind == ConfigNode::Kind::map) {
    for (const auto& [key, value] : node.entries) {
      const std::string sub = path.empty() ? key : path + "." + key;
      if (value.kind != ConfigNode::Kind::map && marked(value.key_location(), sub)) continue;
      walk(value, sub, word, cache, out);
    }
    return;
  }
  if (node.kind == ConfigNode::Kind::sequence) {
    for (const auto& item : node.items)
      if (marked(item.where, path)) return;  // a list is one value
  }
}

}  // namespace

std::vector<MarkedValue> find_marked_values(const ConfigNode& root, std::string_view word) {
  std::vector<MarkedValue> out;
  LineCache cache;
  walk(root, "", lower(std::string(word)), cache, out);
  return out;
}

}  // namespace polku

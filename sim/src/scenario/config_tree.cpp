// Scenario files as located trees: yaml-cpp parsing, extends chains, --set overrides, rendering.
#include "scenario/config_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "scenario/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_map>

namespace polku {

ConfigNode::ConfigNode() = default;
ConfigNode::ConfigNode(const ConfigNode&) = default;
ConfigNode::ConfigNode(ConfigNode&&) noexcept = default;
ConfigNode& ConfigNode::operator=(const ConfigNode&) = default;
ConfigNode& ConfigNode::operator=(ConfigNode&&) noexcept = default;
ConfigNode::~ConfigNode() = default;

namespace {

// Aliases make yaml-cpp share nodes, and converting expands them; cap the expansion so a
// "billion laughs" document fails cleanly instead of exhausting memory.
constexpr std::size_t kMaxNodes = 1'000'000;

/// Keys are names (parameters, municipalities, dates); values may be longer text (descriptions).
constexpr std::size_t kMaxKeyChars = 200;
constexpr std::size_t kMaxScalarChars = 100'000;

/// Scenario files in this repository are below 60 kB; a national scenario with every parameter
/// given per municipality stays well below this.
constexpr std::uintmax_t kMaxScenarioFileBytes = 4u << 20;

[[noreturn]] void fail(SourceLocation where, std::string key_path, std::string message) {
  throw ConfigError(
      std::vector<Problem>{{std::move(where), std::move(key_path), std::move(message)}});
}

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0 && mark.column >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

// Counts nodes as a converted tree would hold them (aliases expanded), stopping past `limit`.
std::size_t count_nodes(const YAML::Node& node, std::size_t limit, std::size_t count = 0) {
  ++count;
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (count > limit) {
        break;
      }
      count = count_nodes(item, limit, count);
    }
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      if (count > limit) {
        break;
      }
      count = count_nodes(entry.second, limit, count + 1);
    }
  }
  return count;
}

// Where each document of a YAML text starts, found without building the documents. yaml-cpp 0.7
// does not consume a ',' outside a flow collection ("- a\n, b"): its parser then returns empty
// documents at that place forever, so YAML::LoadAll never returns. `stuck()` notices that.
class DocumentStarts final : public YAML::EventHandler {
 public:
  [[nodiscard]] std::size_t count() const noexcept { return starts_.size(); }
  /// Where document `i` starts: the position of its first node (or of its first token).
  [[nodiscard]] YAML::Mark node_mark(std::size_t i) const {
    return nodes_.at(i).value_or(starts_.at(i));
  }
  /// Whether the last document began at the same token as the one before: no progress.
  [[nodiscard]] bool stuck() const noexcept {
    return starts_.size() > 1 && starts_.back().pos == starts_[starts_.size() - 2].pos;
  }
  [[nodiscard]] const YAML::Mark& last_start() const { return starts_.back(); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    starts_.push_back(mark);
    nodes_.emplace_back();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (!nodes_.empty() && !nodes_.back()) nodes_.back() = mark;
  }
  std::vector<YAML::Mark> starts_;
  std::vector<std::optional<YAML::Mark>> nodes_;
};

class Converter {
 public:
  explicit Converter(const std::string& file) : file_(file) {}

  ConfigNode convert(const YAML::Node& node, const std::string& path) {
    ConfigNode out;
    out.where = location_of(node.Mark(), file_);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = ConfigNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = ConfigNode::Kind::scalar;
        out.scalar = node.Scalar();
        if (auto why = text_problem(out.scalar, kMaxScalarChars, /*multiline=*/true); !why.empty()) {
          problems_.push_back({out.where, path, "the value " + why});
          out.scalar.clear();
        }
        // yaml-cpp tags quoted and block scalars "!"; an explicit !!str also forces a string.
        out.quoted = node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
        break;
      case YAML::NodeType::Sequence: {
        out.kind = ConfigNode::Kind::sequence;
        std::size_t i = 0;
        for (const auto& item : node) {
          out.items.push_back(convert(item, path + "[" + std::to_string(i) + "]"));
          ++i;
        }
        break;
      }
      case YAML::NodeType::Map:
        out.kind = ConfigNode::Kind::map;
        std::unordered_map<std::string, int> first_line;  // key -> line it was first given on
        for (const auto& entry : node) {
          const YAML::Node key = entry.first;
          const YAML::Node value_node = entry.second;
          const SourceLocation key_where = location_of(key.Mark(), file_);
          if (!key.IsScalar()) {
            const char* got = key.IsNull() ? "null" : key.IsMap() ? "map" : "sequence";
            problems_.push_back(
                {key_where, path, std::string("expected a plain name as map key, got a ") + got});
            continue;
          }
          const std::string& name = key.Scalar();
          if (auto why = text_problem(name, kMaxKeyChars, /*multiline=*/false); !why.empty()) {
            problems_.push_back({key_where, path, "a key " + why});
            continue;
          }
          std::string child_path = path;
          if (!child_path.empty()) {
            child_path += '.';
          }
          child_path += name;
          if (const auto [seen, fresh] = first_line.emplace(name, key_where.line); !fresh) {
            problems_.push_back({key_where, child_path,
                                 "duplicate key " + quote(name) + " (first given at line " +
                                     std::to_string(seen->second) + ")"});
            continue;
          }
          ConfigNode value = convert(value_node, child_path);
          // yaml-cpp marks an empty value ("key:" then a newline) at the next token; the key's
          // position is the useful place to point at.
          if (value.kind == ConfigNode::Kind::null && value.where.line != key_where.line) {
            value.where = key_where;
          }
          value.key_where = key_where;
          out.entries.emplace_back(name, std::move(value));
        }
        break;
    }
    return out;
  }

  /// Problems that do not stop conversion (duplicate and non-scalar keys), reported together.
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  const std::string& file_;
  std::vector<Problem> problems_;
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

// Reads a whole file; on failure returns false with the reason. Only regular files of a bounded
// size are read: a FIFO would block, /dev/zero would never end, and yaml-cpp needs about 80 bytes
// of memory per byte of text.
bool read_file(const std::filesystem::path& file, std::string& text, std::string& reason) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status)) {
    reason = "it is a directory";
    return false;
  }
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    reason = "it is not a regular file";
    return false;
  }
  if (std::filesystem::exists(status)) {
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxScenarioFileBytes) {
      reason = "it is " + std::to_string(size) + " bytes; scenario files may hold at most " +
               std::to_string(kMaxScenarioFileBytes) + " bytes";
      return false;
    }
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f) {
    reason = std::strerror(errno);
    return false;
  }
  text.clear();
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0) {
    text.append(buffer.data(), n);
    if (text.size() > kMaxScenarioFileBytes) {  // grew while being read
      reason = "it holds more than " + std::to_string(kMaxScenarioFileBytes) + " bytes";
      return false;
    }
  }
  if (std::ferror(f.get()) != 0) {
    reason = std::strerror(errno);
    return false;
  }
  return true;
}

// Reads and parses a file. `referenced_at` is the `extends:` value naming it, or empty for the
// root file (then the file itself is the location).
ConfigNode load_file_from(const std::filesystem::path& file, const SourceLocation& referenced_at,
                          const std::string& key_path) {
  std::string text;
  std::string reason;
  if (!read_file(file, text, reason)) {
    if (referenced_at.file.empty()) {
      fail(SourceLocation{file.string(), 0, 0}, key_path, "cannot open scenario file: " + reason);
    }
    fail(referenced_at, key_path,
         "cannot open scenario file " + quote(file.string()) + ": " + reason);
  }
  return parse_yaml(text, file.string());
}

std::filesystem::path identity_of(const std::filesystem::path& file) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(file, ec);
  return ec ? file.lexically_normal() : canonical;
}

ConfigNode load_chain(const std::filesystem::path& file, const SourceLocation& referenced_at,
                      std::vector<std::filesystem::path>& chain) {
  const auto id = identity_of(file);
  if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain) {
      cycle += p.string() + " -> ";
    }
    fail(referenced_at, "extends", "extends cycle: " + cycle + id.string());
  }
  chain.push_back(id);

  ConfigNode node = load_file_from(file, referenced_at, chain.size() > 1 ? "extends" : "");
  if (!node.is_map()) {
    chain.pop_back();
    return node;  // validation reports a top level that is not a map
  }
  const auto it = std::find_if(node.entries.begin(), node.entries.end(),
                               [](const auto& e) { return e.first == "extends"; });
  if (it == node.entries.end()) {
    chain.pop_back();
    return node;
  }
  const ConfigNode ext = std::move(it->second);
  node.entries.erase(it);
  // One base, or several merged in the order listed (later ones override earlier ones).
  std::vector<const ConfigNode*> bases;
  if (ext.kind == ConfigNode::Kind::sequence) {
    for (const auto& item : ext.items) bases.push_back(&item);
  } else {
    bases.push_back(&ext);
  }
  if (bases.empty())
    fail(ext.where, "extends", "expected the path of a scenario file to extend, got an empty list");
  ConfigNode merged;
  merged.kind = ConfigNode::Kind::map;
  merged.where = node.where;
  for (const ConfigNode* entry : bases) {
    if (entry->kind != ConfigNode::Kind::scalar || entry->scalar.empty()) {
      fail(entry->where, "extends",
           "expected the path of a scenario file (or a list of them) to extend, got " +
               std::string(entry->kind == ConfigNode::Kind::scalar     ? "an empty string"
                           : entry->kind == ConfigNode::Kind::sequence ? "a sequence"
                           : entry->kind == ConfigNode::Kind::map      ? "a map"
                                                                       : "nothing"));
    }
    const std::filesystem::path base_path = (file.parent_path() / entry->scalar).lexically_normal();
    // `extends` names scenario files only: a scenario from elsewhere must not make Polku read
    // (and echo as unknown keys) any other file, such as /etc/shadow.
    if (const auto ext = base_path.extension(); ext != ".yaml" && ext != ".yml") {
      fail(entry->where, "extends",
           "expected the path of a scenario file ending in .yaml or .yml, got " +
               quote(entry->scalar));
    }
    ConfigNode base = load_chain(base_path, entry->where, chain);
    if (base.kind == ConfigNode::Kind::null) continue;  // an empty base file adds nothing
    if (!base.is_map()) {
      fail(base.where, "",
           "expected a map of scenario settings at the top level of " + quote(base_path.string()) +
               " (extended from " + quote(file.string()) + ")");
    }
    merge_into(merged, base);
  }
  merge_into(merged, node);
  chain.pop_back();
  return merged;
}

std::string trim(std::string_view s) {
  const auto* ws = " \t\r\n";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(ws);
  return std::string(s.substr(first, last - first + 1));
}

void emit(YAML::Emitter& out, const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      if (node.quoted) {
        out << YAML::DoubleQuoted;
      }
      out << node.scalar;
      break;
    case ConfigNode::Kind::sequence: {
      const bool flat = std::all_of(node.items.begin(), node.items.end(), [](const ConfigNode& n) {
        return n.kind == ConfigNode::Kind::scalar || n.kind == ConfigNode::Kind::null;
      });
      out << (flat ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
      for (const auto& item : node.items) {
        emit(out, item);
      }
      out << YAML::EndSeq;
      break;
    }
    case ConfigNode::Kind::map:
      out << (node.entries.empty() ? YAML::Flow : YAML::Block) << YAML::BeginMap;
      for (const auto& [key, value] : node.entries) {
        out << YAML::Key << key << YAML::Value;
        emit(out, value);
      }
      out << YAML::EndMap;
      break;
  }
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring ASCII
// case so "oulu" still finds "Oulu".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) {
    prev[j] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

const ConfigNode* ConfigNode::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : entries) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key) noexcept {
  for (auto& [k, v] : entries) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

ConfigNode parse_yaml(std::string_view text, const std::string& file) {
  const std::string input(text);
  YAML::Node document;
  try {
    // The documents are counted first, and only the one wanted is built (not YAML::LoadAll,
    // which yaml-cpp can send into an endless loop; see DocumentStarts).
    std::istringstream stream(input);
    YAML::Parser parser(stream);
    DocumentStarts starts;
    while (parser.HandleNextDocument(starts)) {
      if (starts.stuck()) {
        const auto at = static_cast<std::size_t>(starts.last_start().pos);
        const std::string what = at < input.size() ? input.substr(at, 1) : "";
        fail(location_of(starts.last_start(), file), "",
             "malformed YAML: unexpected " + quote(what) +
                 (what == "," ? " outside [...] or {...}" : ""));
      }
    }
    if (starts.count() > 1) {
      fail(location_of(starts.node_mark(1), file), "",
           "expected a single YAML document, found " + std::to_string(starts.count()));
    }
    if (starts.count() == 0) {
      ConfigNode empty;
      empty.where = SourceLocation{file, 0, 0};
      return empty;
    }
    document = YAML::Load(input);
  } catch (const YAML::DeepRecursion& e) {
    fail(location_of(e.mark, file), "", "malformed YAML: nesting too deep");
  } catch (const YAML::Exception& e) {
    fail(location_of(e.mark, file), "", "malformed YAML: " + e.msg);
  }
  if (count_nodes(document, kMaxNodes) > kMaxNodes) {
    fail(location_of(document.Mark(), file), "",
         "document too large (more than " + std::to_string(kMaxNodes) +
             " values after expanding aliases)");
  }
  try {
    Converter converter(file);
    ConfigNode root = converter.convert(document, "");
    if (!converter.problems().empty()) {
      throw ConfigError(converter.problems());
    }
    return root;
  } catch (const YAML::Exception& e) {
    fail(location_of(e.mark, file), "", "malformed YAML: " + e.msg);
  }
}

ConfigNode load_yaml_file(const std::filesystem::path& file) {
  return load_file_from(file, SourceLocation{}, "");
}

ConfigNode load_scenario_tree(const std::filesystem::path& file) {
  std::vector<std::filesystem::path> chain;
  return load_chain(file, SourceLocation{}, chain);
}

void merge_into(ConfigNode& base, const ConfigNode& overlay) {
  if (!base.is_map() || !overlay.is_map()) {
    base = overlay;
    return;
  }
  for (const auto& [key, value] : overlay.entries) {
    if (ConfigNode* existing = base.find(key); existing != nullptr) {
      merge_into(*existing, value);
    } else {
      base.entries.emplace_back(key, value);
    }
  }
}

void apply_override(ConfigNode& root, std::string_view assignment, std::string_view origin) {
  const SourceLocation where{std::string(origin), 0, 0};
  const std::string shown = quote(assignment);
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    fail(where, "", "expected path.to.key=value, got " + shown + ": no '='");
  }
  const std::string path = trim(assignment.substr(0, eq));
  if (path.empty()) {
    fail(where, "", "expected path.to.key=value, got " + shown + ": the path is empty");
  }

  std::vector<std::string> keys;
  for (std::size_t start = 0;;) {
    const auto dot = path.find('.', start);
    std::string key = trim(std::string_view(path).substr(
        start, dot == std::string::npos ? std::string::npos : dot - start));
    if (key.empty()) {
      fail(where, path, "empty key in the path of " + std::string(origin) + " " + shown);
    }
    keys.push_back(std::move(key));
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }

  ConfigNode value;
  const std::string_view text = assignment.substr(eq + 1);
  if (trim(text).empty()) {
    value.kind = ConfigNode::Kind::scalar;  // "key=" sets an empty string
  } else {
    try {
      value = parse_yaml(text, std::string(origin));
    } catch (const ConfigError& e) {
      const std::string reason = e.problems().empty() ? "" : e.problems().front().message;
      fail(where, path,
           "cannot parse the value of " + std::string(origin) + " " + shown + ": " + reason);
    }
  }
  set_location(value, where);

  ConfigNode* node = &root;
  std::string walked;
  for (const std::string& key : keys) {
    // A number addresses an item of an existing list: modules.inflow.monthly_factors.5=1.2
    if (node->kind == ConfigNode::Kind::sequence) {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
      if (ec != std::errc{} || end != key.data() + key.size() || index >= node->items.size()) {
        fail(where, path,
             "cannot apply " + std::string(origin) + " " + shown + ": " + quote(walked) +
                 " is a list of " + std::to_string(node->items.size()) + " items, and " +
                 quote(key) + " is not an index in it");
      }
      walked += "." + key;
      node = &node->items[index];
      continue;
    }
    if (node->kind == ConfigNode::Kind::null) {
      node->kind = ConfigNode::Kind::map;
      node->where = where;
    }
    if (!node->is_map()) {
      fail(where, path,
           "cannot apply --set " + shown + ": " +
               (walked.empty() ? "the scenario" : quote(walked)) + " is not a map");
    }
    if (!walked.empty()) {
      walked += '.';
    }
    walked += key;
    ConfigNode* child = node->find(key);
    if (child == nullptr) {
      node->entries.emplace_back(key, ConfigNode{});
      child = &node->entries.back().second;
      child->where = where;
    }
    node = child;
  }
  *node = std::move(value);
}

std::string to_yaml(const ConfigNode& node) {
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EmitNonAscii);
  emit(out, node);
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') {
    text += '\n';
  }
  return text;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    // A distance equal to the longer length means nothing in common: no suggestion.
    if (d < best_distance && d < std::max(word.size(), candidate.size())) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace polku

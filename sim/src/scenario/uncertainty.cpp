// Uncertain parameters: the plugins' declarations and the scenario's `uncertainty:` block, their
// validation, the per-replication draws and their application to a module's parameters.
#include "scenario/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "polku/streams.hpp"
#include "scenario/param_value.hpp"
#include "scenario/problems.hpp"
#include "scenario/scenario.hpp"

namespace polku {

namespace {

using namespace validation;

const std::vector<std::string> kKinds = {"uniform", "triangular", "normal", "lognormal",
                                         "discrete"};

/// The keys each kind accepts besides `distribution`.
const std::map<std::string, std::vector<std::string>> kKeys = {
    {"uniform", {"min", "max"}},
    {"triangular", {"min", "max", "mode"}},
    {"normal", {"min", "max", "mean", "sd"}},
    {"lognormal", {"min", "max", "median", "sigma"}},
    {"discrete", {"values", "weights"}},
};

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

/// FNV-1a of a key path: the Philox subject of its draw.
std::uint64_t path_subject(std::string_view path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool read_double(const ConfigNode& node, const std::string& path, double& out, Problems& problems) {
  double v = 0.0;
  if (!is_plain_scalar(node) || parse_number(node.scalar, v) != std::errc() || !std::isfinite(v)) {
    problems.add(node.where, path, "expected a number, got " + describe(node));
    return false;
  }
  out = v;
  return true;
}

bool read_doubles(const ConfigNode& node, const std::string& path, std::vector<double>& out,
                  Problems& problems) {
  if (node.kind != ConfigNode::Kind::sequence || node.items.empty()) {
    problems.add(node.where, path,
                 "expected a non-empty sequence of numbers, got " +
                     (node.kind == ConfigNode::Kind::sequence ? std::string("an empty one")
                                                              : describe(node)));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    double v = 0.0;
    ok = read_double(node.items[i], index_path(path, i), v, problems) && ok;
    out.push_back(v);
  }
  return ok;
}

/// The scalar value of a parameter, or 1 for the types whose draw is a factor.
double centre_value(const ParamValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return 1.0;
}

/// The largest absolute element of a list-like value (for the factor range check).
double largest_element(const ParamValue& v) {
  double m = 0.0;
  if (const auto* l = std::get_if<std::vector<double>>(&v))
    for (double x : *l) m = std::max(m, std::abs(x));
  if (const auto* d = std::get_if<DatedValues>(&v))
    for (double x : d->values) m = std::max(m, std::abs(x));
  return m;
}

class Resolver {
 public:
  Resolver(std::span<const ModuleSpec> modules,
           const std::function<const std::vector<ParamSpec>*(const std::string&)>& schema_of,
           Problems& problems)
      : modules_(modules), schema_of_(schema_of), problems_(problems) {}

  std::vector<UncertainParameter> run(const ConfigNode* block) {
    for (const auto& module : modules_) {
      const auto* specs = schema_of_(module.plugin);
      if (specs == nullptr) continue;
      for (const auto& spec : *specs) {
        const std::string path = "modules." + module.plugin + "." + spec.name;
        if (can_be_uncertain(spec.type)) candidates_.push_back(path);
        if (!spec.uncertainty || !can_be_uncertain(spec.type)) continue;
        UncertainParameter p = base(path, module, spec);
        p.distribution = *spec.uncertainty;
        p.declared_by = "plugin " + module.plugin;
        if (!p.factor && p.distribution.kind != DistributionKind::discrete) {
          // The scenario chose a value outside the plugin's plausible range: keep it possible.
          p.distribution.min = std::min(p.distribution.min, p.value);
          p.distribution.max = std::max(p.distribution.max, p.value);
        }
        params_[path] = std::move(p);
      }
    }
    if (block != nullptr) read_block(*block);
    std::vector<UncertainParameter> out;
    for (auto& [path, p] : params_) out.push_back(std::move(p));
    return out;
  }

 private:
  UncertainParameter base(const std::string& path, const ModuleSpec& module,
                          const ParamSpec& spec) const {
    UncertainParameter p;
    p.path = path;
    p.module = module.plugin;
    p.name = spec.name;
    p.type = spec.type;
    p.factor = spec.type != ParamType::real && spec.type != ParamType::integer;
    const auto it = module.params.all().find(spec.name);
    p.value = it == module.params.all().end() ? 1.0 : centre_value(it->second);
    if (p.factor) p.value = 1.0;
    p.allowed_min = spec.min.value_or(-1e300);
    p.allowed_max = spec.max.value_or(1e300);
    return p;
  }

  void read_block(const ConfigNode& block) {
    if (block.kind == ConfigNode::Kind::null) return;
    if (!block.is_map()) {
      problems_.add(
          block.where, "uncertainty",
          "expected a map {modules.<module>.<parameter>: distribution}, got " + describe(block));
      return;
    }
    for (const auto& [key, node] : block.entries) read_entry(key, node);
  }

  void read_entry(const std::string& key, const ConfigNode& node) {
    const std::string path = join_path("uncertainty", key);
    const ModuleSpec* module = nullptr;
    const ParamSpec* spec = nullptr;
    const std::string prefix = "modules.";
    if (key.rfind(prefix, 0) == 0) {
      const std::string rest = key.substr(prefix.size());
      const auto dot = rest.find('.');
      if (dot != std::string::npos) {
        const std::string plugin = rest.substr(0, dot), name = rest.substr(dot + 1);
        for (const auto& m : modules_)
          if (m.plugin == plugin) module = &m;
        if (module != nullptr)
          if (const auto* specs = schema_of_(plugin))
            for (const auto& s : *specs)
              if (s.name == name) spec = &s;
      }
    }
    if (spec == nullptr) {
      problems_.add(node.key_location(), path,
                    "unknown parameter " + quote(key) +
                        " (expected modules.<module>.<parameter> of a module in the scenario)" +
                        did_you_mean(key, candidates_));
      return;
    }
    if (!can_be_uncertain(spec->type)) {
      problems_.add(node.key_location(), path,
                    "parameter " + quote(key) + " is a " + to_string(spec->type) +
                        ": only numbers, lists of numbers, per-municipality values and dated "
                        "schedules can be uncertain");
      return;
    }
    if (node.kind == ConfigNode::Kind::scalar &&
        (node.scalar == "fixed" || node.scalar == "none")) {
      params_.erase(key);
      return;
    }
    if (!node.is_map()) {
      problems_.add(node.where, path,
                    "expected a map {distribution: uniform|triangular|normal|lognormal|discrete, "
                    "...} or \"fixed\", got " +
                        describe(node));
      return;
    }
    UncertainParameter p = base(key, *module, *spec);
    p.declared_by = node.where.file + ":" + std::to_string(node.where.line) + ":" +
                    std::to_string(node.where.column);
    if (read_distribution(node, path, p)) params_[key] = std::move(p);
  }

  bool read_distribution(const ConfigNode& node, const std::string& path, UncertainParameter& p) {
    const ConfigNode* kind_node = node.find("distribution");
    if (kind_node == nullptr) {
      problems_.add(node.where, path,
                    "missing key \"distribution\" (one of " + quoted_list(kKinds) + ")");
      return false;
    }
    const std::string kind = kind_node->kind == ConfigNode::Kind::scalar ? kind_node->scalar : "";
    const auto keys = kKeys.find(kind);
    if (keys == kKeys.end()) {
      problems_.add(kind_node->where, join_path(path, "distribution"),
                    "expected one of " + quoted_list(kKinds) + ", got " + describe(*kind_node) +
                        did_you_mean(kind, kKinds));
      return false;
    }
    bool ok = true;
    std::vector<std::string> allowed = keys->second;
    for (const auto& [k, v] : node.entries) {
      if (k == "distribution" || std::find(allowed.begin(), allowed.end(), k) != allowed.end())
        continue;
      problems_.add(v.key_location(), join_path(path, k),
                    "unknown key " + quote(k) + " of a " + kind + " distribution (expected " +
                        quoted_list(allowed) + ")" + did_you_mean(k, allowed));
      ok = false;
    }
    Distribution& d = p.distribution;
    auto number = [&](const char* key, bool required, double& out) {
      const ConfigNode* n = node.find(key);
      if (n == nullptr) {
        if (required) {
          problems_.add(node.where, path,
                        "missing key " + quote(key) + " of a " + kind + " distribution");
          ok = false;
        }
        return false;
      }
      if (!read_double(*n, join_path(path, key), out, problems_)) {
        ok = false;
        return false;
      }
      return true;
    };
    const std::string what = p.factor ? "factor" : "value";
    if (kind == "discrete") {
      d.kind = DistributionKind::discrete;
      const ConfigNode* values = node.find("values");
      if (values == nullptr) {
        problems_.add(node.where, path, "missing key \"values\" of a discrete distribution");
        return false;
      }
      ok = read_doubles(*values, join_path(path, "values"), d.values, problems_) && ok;
      if (const ConfigNode* w = node.find("weights")) {
        const std::string wpath = join_path(path, "weights");
        if (read_doubles(*w, wpath, d.weights, problems_)) {
          double total = 0.0;
          for (double x : d.weights) total += x;
          if (d.weights.size() != d.values.size()) {
            problems_.add(w->where, wpath,
                          "expected " + std::to_string(d.values.size()) +
                              " weights, one per value, got " + std::to_string(d.weights.size()));
            ok = false;
          } else if (std::any_of(d.weights.begin(), d.weights.end(),
                                 [](double x) { return x < 0.0; }) ||
                     total <= 0.0) {
            problems_.add(w->where, wpath, "expected weights of at least 0 with a positive sum");
            ok = false;
          }
        } else {
          ok = false;
        }
      }
      if (!ok) return false;
      d.min = *std::min_element(d.values.begin(), d.values.end());
      d.max = *std::max_element(d.values.begin(), d.values.end());
      return check_support(*values, path, p);
    }
    number("min", true, d.min);
    number("max", true, d.max);
    if (!ok) return false;
    if (!(d.min < d.max)) {
      problems_.add(
          node.where, path,
          "expected min < max, got min " + number_text(d.min) + " and max " + number_text(d.max));
      return false;
    }
    auto centre = [&](const char* key) {
      if (!number(key, false, d.centre)) {
        if (!ok) return false;
        if (p.value < d.min || p.value > d.max) {
          problems_.add(node.where, path,
                        "the parameter's " + what + " " + number_text(p.value) + " lies outside [" +
                            number_text(d.min) + ", " + number_text(d.max) + "]: give the " + key);
          ok = false;
          return false;
        }
        return true;
      }
      if (d.centre < d.min || d.centre > d.max) {
        problems_.add(node.find(key)->where, join_path(path, key),
                      std::string("expected a ") + key + " within [" + number_text(d.min) + ", " +
                          number_text(d.max) + "], got " + number_text(d.centre));
        ok = false;
      }
      return ok;
    };
    if (kind == "uniform") {
      d.kind = DistributionKind::uniform;
    } else if (kind == "triangular") {
      d.kind = DistributionKind::triangular;
      centre("mode");
    } else if (kind == "normal") {
      d.kind = DistributionKind::truncated_normal;
      centre("mean");
      if (number("sd", true, d.spread) && d.spread <= 0.0) {
        problems_.add(node.find("sd")->where, join_path(path, "sd"),
                      "expected a standard deviation above 0, got " + number_text(d.spread));
        ok = false;
      }
    } else {
      d.kind = DistributionKind::log_normal;
      if (d.min <= 0.0) {
        problems_.add(
            node.find("min")->where, join_path(path, "min"),
            "expected min above 0 for a log-normal distribution, got " + number_text(d.min));
        return false;
      }
      centre("median");
      if (number("sigma", true, d.spread) && d.spread <= 0.0) {
        problems_.add(node.find("sigma")->where, join_path(path, "sigma"),
                      "expected sigma above 0, got " + number_text(d.spread));
        ok = false;
      }
    }
    if (!ok) return false;
    return check_support(node, path, p);
  }

  /// The draws must stay within what the parameter allows.
  bool check_support(const ConfigNode& node, const std::string& path, const UncertainParameter& p) {
    const Distribution& d = p.distribution;
    if (p.factor) {
      if (d.min < 0.0) {
        problems_.add(
            node.where, path,
            "a factor on " + quote(p.path) + " must be at least 0, got " + number_text(d.min));
        return false;
      }
      const ModuleSpec* module = nullptr;
      for (const auto& m : modules_)
        if (m.plugin == p.module) module = &m;
      const auto it = module->params.all().find(p.name);
      const double largest = it == module->params.all().end() ? 0.0 : largest_element(it->second);
      if (largest * d.max > p.allowed_max) {
        problems_.add(node.where, path,
                      "factor up to " + number_text(d.max) + " takes an element " +
                          number_text(largest) + " of " + quote(p.path) + " to " +
                          number_text(largest * d.max) + ", outside its allowed range (at most " +
                          number_text(p.allowed_max) + ")");
        return false;
      }
      return true;
    }
    if (d.min < p.allowed_min || d.max > p.allowed_max) {
      problems_.add(node.where, path,
                    "distribution over [" + number_text(d.min) + ", " + number_text(d.max) +
                        "] lies outside the allowed range of " + quote(p.path) + " [" +
                        number_text(p.allowed_min) + ", " + number_text(p.allowed_max) + "]");
      return false;
    }
    return true;
  }

  std::span<const ModuleSpec> modules_;
  const std::function<const std::vector<ParamSpec>*(const std::string&)>& schema_of_;
  Problems& problems_;
  std::vector<std::string> candidates_;
  std::map<std::string, UncertainParameter> params_;
};

}  // namespace

bool can_be_uncertain(ParamType type) noexcept {
  return type == ParamType::real || type == ParamType::integer || type == ParamType::real_list ||
         type == ParamType::per_municipality || type == ParamType::dated_values;
}

std::string UncertainParameter::describe() const {
  return distribution.describe(value) + (factor ? " (factor)" : "");
}

std::vector<UncertainParameter> resolve_uncertainty(
    const ConfigNode* block, std::span<const ModuleSpec> modules,
    const std::function<const std::vector<ParamSpec>*(const std::string&)>& schema_of,
    Problems& problems) {
  return Resolver(modules, schema_of, problems).run(block);
}

std::vector<double> parameter_uniforms(std::uint64_t seed, std::uint32_t replication,
                                       std::span<const UncertainParameter> params) {
  const auto key = replication_key(seed, replication);
  std::vector<double> u;
  u.reserve(params.size());
  for (const auto& p : params)
    u.push_back(RandomStream(key, path_subject(p.path), Day{0}, Stream::parameter_draw).uniform());
  return u;
}

ParamValues apply_draws(const ModuleSpec& module, std::span<const UncertainParameter> uncertain,
                        std::span<const double> values) {
  ParamValues out = module.params;
  for (std::size_t i = 0; i < uncertain.size(); ++i) {
    const auto& p = uncertain[i];
    if (p.module != module.plugin) continue;
    const double x = values[i];
    auto clamp = [&](double v) { return std::clamp(v, p.allowed_min, p.allowed_max); };
    const auto it = module.params.all().find(p.name);
    if (it == module.params.all().end()) continue;
    switch (p.type) {
      case ParamType::real:
        out.set(p.name, clamp(x));
        break;
      case ParamType::integer:
        out.set(p.name, static_cast<std::int64_t>(std::llround(clamp(x))));
        break;
      case ParamType::real_list:
      case ParamType::per_municipality: {
        auto list = std::get<std::vector<double>>(it->second);
        for (double& v : list) v = clamp(v * x);
        out.set(p.name, std::move(list));
        break;
      }
      case ParamType::dated_values: {
        auto dated = std::get<DatedValues>(it->second);
        for (double& v : dated.values) v = clamp(v * x);
        out.set(p.name, std::move(dated));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

}  // namespace polku

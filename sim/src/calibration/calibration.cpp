#include "calibration/calibration.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <nlopt.hpp>
#include <sstream>

#include "engine/runner.hpp"
#include "polku/errors.hpp"
#include "scenario/config_tree.hpp"
#include "scenario/load.hpp"

namespace polku {
namespace {

constexpr const char* kKeys[] = {"scenario",   "replications", "max_evaluations", "tolerance",
                                 "parameters", "targets",      "output"};

/// Reads scalars of a calibration file, collecting every problem with its place.
class SpecReader {
 public:
  explicit SpecReader(std::vector<Problem>& problems) : problems_(problems) {}

  bool number(const ConfigNode& node, const std::string& path, double& out) {
    double v = 0;
    const auto& t = node.scalar;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (node.kind != ConfigNode::Kind::scalar || ec != std::errc{} || end != t.data() + t.size() ||
        !std::isfinite(v)) {
      problems_.push_back({node.where, path, "expected a number, got \"" + t + "\""});
      return false;
    }
    out = v;
    return true;
  }

  bool text(const ConfigNode& node, const std::string& path, std::string& out) {
    if (node.kind != ConfigNode::Kind::scalar || node.scalar.empty()) {
      problems_.push_back({node.where, path, "expected a text value"});
      return false;
    }
    out = node.scalar;
    return true;
  }

  const ConfigNode* required(const ConfigNode& map, const std::string& key,
                             const std::string& path) {
    const ConfigNode* node = map.find(key);
    if (node == nullptr)
      problems_.push_back({map.where, path, "missing required key \"" + key + "\""});
    return node;
  }

  void problem(const SourceLocation& where, const std::string& path, const std::string& message) {
    problems_.push_back({where, path, message});
  }

 private:
  std::vector<Problem>& problems_;
};

FittedParameter read_parameter(SpecReader& r, const std::string& path, const ConfigNode& node) {
  FittedParameter p{path};
  const std::string at = "parameters." + path;
  if (!node.is_map()) {
    r.problem(node.where, at, "expected {start, min, max}");
    return p;
  }
  for (const char* key : {"start", "min", "max"})
    if (const ConfigNode* v = r.required(node, key, at))
      r.number(*v, at + "." + key, key[0] == 's' ? p.start : key[1] == 'i' ? p.min : p.max);
  if (!(p.min < p.max) || p.start < p.min || p.start > p.max)
    r.problem(node.where, at, "expected min < max and start within [min, max]");
  return p;
}

CalibrationTarget read_target(SpecReader& r, const std::string& at, const ConfigNode& node) {
  CalibrationTarget t;
  if (!node.is_map()) {
    r.problem(node.where, at, "expected {indicator, area, months, value}");
    return t;
  }
  if (const auto* v = r.required(node, "indicator", at)) r.text(*v, at + ".indicator", t.indicator);
  if (const auto* v = r.required(node, "area", at)) r.text(*v, at + ".area", t.area);
  if (const auto* v = r.required(node, "value", at)) {
    if (r.number(*v, at + ".value", t.value) && t.value == 0)
      r.problem(v->where, at + ".value", "a target of 0 cannot be fitted by relative error");
  }
  if (const auto* v = r.required(node, "months", at)) {
    if (v->kind != ConfigNode::Kind::sequence || v->items.empty())
      r.problem(v->where, at + ".months", "expected a list of YYYY-MM");
    for (const auto& m : v->items) {
      Day d = 0;
      if (m.kind != ConfigNode::Kind::scalar || !parse_iso_date(m.scalar + "-01", d))
        r.problem(m.where, at + ".months", "expected a month YYYY-MM, got \"" + m.scalar + "\"");
      else
        t.months.push_back(m.scalar);
    }
  }
  return t;
}

std::string number_text(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

/// Runs the scenario at parameter values `x` and returns the simulated target values.
std::vector<double> simulate(const CalibrationSpec& spec, const std::vector<double>& x,
                             PluginHost& plugins, unsigned threads) {
  std::vector<Override> overrides = {
      {"replications=" + std::to_string(spec.replications), "calibration", true}};
  for (std::size_t i = 0; i < x.size(); ++i)
    overrides.push_back({spec.parameters[i].path + "=" + number_text(x[i]), "calibration", true});
  const Scenario scenario = load_scenario(spec.scenario, overrides, plugins);
  const auto modules = order_modules(scenario, plugins);
  RunSettings settings;
  settings.threads = threads;
  settings.warm_cache_dir = std::filesystem::path{};  // every evaluation warms up anew
  const RunResults results = run_replications(scenario, modules, settings).results;

  std::vector<double> simulated;
  for (const auto& target : spec.targets) {
    const auto area = std::find_if(results.areas.begin(), results.areas.end(),
                                   [&](const OutputArea& a) { return a.name == target.area; });
    const auto indicator =
        std::find_if(results.indicators.begin(), results.indicators.end(),
                     [&](const IndicatorDef& d) { return d.name == target.indicator; });
    if (area == results.areas.end() || indicator == results.indicators.end())
      throw InputError({{{spec.file.string()},
                         "targets",
                         "the scenario has no " + target.indicator + " for " + target.area}});
    double sum = 0;
    for (const auto& month : target.months) {
      Day d = 0;
      (void)parse_iso_date(month + "-01", d);
      const int m = month_index(d) - results.first_month;
      if (m < 0 || m >= results.months)
        throw InputError({spec.file.string()}, "targets", "month " + month + " is not simulated");
      for (std::size_t r = 0; r < results.replications.size(); ++r)
        sum += results.area_value(r, m, *area,
                                  static_cast<std::size_t>(indicator - results.indicators.begin()));
    }
    simulated.push_back(sum /
                        static_cast<double>(target.months.size() * results.replications.size()));
  }
  return simulated;
}

double objective_of(const CalibrationSpec& spec, const std::vector<double>& simulated) {
  double sum = 0;
  for (std::size_t i = 0; i < simulated.size(); ++i) {
    const double e = (simulated[i] - spec.targets[i].value) / spec.targets[i].value;
    sum += e * e;
  }
  return sum;
}

/// The list a key path points into, if any: its path and node (items addressed by index).
std::pair<std::string, const ConfigNode*> enclosing_list(const ConfigNode& root,
                                                         const std::string& path) {
  const ConfigNode* node = &root;
  std::string walked;
  std::size_t start = 0;
  while (node != nullptr) {
    if (node->kind == ConfigNode::Kind::sequence) return {walked, node};
    if (start > path.size()) break;
    const auto dot = path.find('.', start);
    const std::string key =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    walked += (walked.empty() ? "" : ".") + key;
    node = node->find(key);
    start = dot == std::string::npos ? path.size() + 1 : dot + 1;
  }
  return {"", nullptr};
}

// Positive parameters are searched on a log scale: rates and multipliers span orders of magnitude.
bool log_scale(const FittedParameter& p) { return p.min > 0; }
double to_search(const FittedParameter& p, double v) { return log_scale(p) ? std::log(v) : v; }
double from_search(const FittedParameter& p, double u) { return log_scale(p) ? std::exp(u) : u; }

}  // namespace

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  const ConfigNode root = load_yaml_file(file);
  std::vector<Problem> problems;
  SpecReader r(problems);
  CalibrationSpec spec;
  spec.file = file;
  if (!root.is_map())
    throw ConfigError({{root.where, "", "expected a map with scenario, parameters and targets"}});
  for (const auto& [key, value] : root.entries) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      std::vector<std::string> known(std::begin(kKeys), std::end(kKeys));
      const auto near = closest_match(key, known);
      r.problem(value.key_location(), key,
                "unknown key \"" + key + "\"" +
                    (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
    }
  }
  std::string text;
  if (const auto* v = r.required(root, "scenario", "")) {
    if (r.text(*v, "scenario", text))
      spec.scenario = (file.parent_path() / text).lexically_normal();
  }
  if (const auto* v = root.find("output"); v != nullptr && r.text(*v, "output", text))
    spec.output = (file.parent_path() / text).lexically_normal();
  double number = 0;
  if (const auto* v = root.find("replications");
      v != nullptr && r.number(*v, "replications", number)) {
    if (number < 1 || number > 1000 || number != std::floor(number))
      r.problem(v->where, "replications", "expected an integer in [1, 1000]");
    spec.replications = static_cast<std::uint32_t>(number);
  }
  if (const auto* v = root.find("max_evaluations");
      v != nullptr && r.number(*v, "max_evaluations", number)) {
    if (number < 1 || number > 100000)
      r.problem(v->where, "max_evaluations", "expected an integer in [1, 100000]");
    spec.max_evaluations = static_cast<int>(number);
  }
  if (const auto* v = root.find("tolerance"); v != nullptr && r.number(*v, "tolerance", number)) {
    if (number <= 0 || number >= 1) r.problem(v->where, "tolerance", "expected a value in (0, 1)");
    spec.relative_tolerance = number;
  }
  if (const auto* v = r.required(root, "parameters", "")) {
    if (!v->is_map() || v->entries.empty())
      r.problem(v->where, "parameters", "expected a map of key paths to {start, min, max}");
    for (const auto& [path, bounds] : v->entries)
      spec.parameters.push_back(read_parameter(r, path, bounds));
  }
  if (const auto* v = r.required(root, "targets", "")) {
    if (v->kind != ConfigNode::Kind::sequence || v->items.empty())
      r.problem(v->where, "targets", "expected a list of targets");
    for (std::size_t i = 0; i < v->items.size(); ++i)
      spec.targets.push_back(read_target(r, "targets[" + std::to_string(i) + "]", v->items[i]));
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return spec;
}

CalibrationResult calibrate(const CalibrationSpec& spec, PluginHost& plugins, unsigned threads,
                            std::ostream* progress) {
  const std::size_t n = spec.parameters.size();
  CalibrationResult result{.spec = spec};
  std::vector<double> lower(n), upper(n), x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = spec.parameters[i];
    lower[i] = to_search(p, p.min);
    upper[i] = to_search(p, p.max);
    x[i] = to_search(p, p.start);
  }
  struct Context {
    const CalibrationSpec* spec;
    PluginHost* plugins;
    unsigned threads;
    int* evaluations;
    std::ostream* progress;
    std::exception_ptr error;  ///< NLopt cannot carry our exceptions; kept here and rethrown
  } context{&spec, &plugins, threads, &result.evaluations, progress, nullptr};
  const auto objective = [](const std::vector<double>& u, std::vector<double>& /*gradient*/,
                            void* data) {
    auto& c = *static_cast<Context*>(data);
    std::vector<double> values(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) values[i] = from_search(c.spec->parameters[i], u[i]);
    ++*c.evaluations;
    try {
      const double f = objective_of(*c.spec, simulate(*c.spec, values, *c.plugins, c.threads));
      if (c.progress != nullptr)
        *c.progress << "polku: calibrate: evaluation " << *c.evaluations << ": " << f << std::endl;
      return f;
    } catch (...) {
      c.error = std::current_exception();
      throw nlopt::forced_stop();
    }
  };
  // Subplex (a Nelder-Mead variant on subspaces): simulated counts change in small steps as a
  // parameter moves, so the objective is piecewise flat, which misleads model-based methods
  // such as BOBYQA into stopping early; simplex methods step over the flats.
  nlopt::opt optimiser(nlopt::LN_SBPLX, static_cast<unsigned>(n));
  optimiser.set_lower_bounds(lower);
  optimiser.set_upper_bounds(upper);
  std::vector<double> step(n);
  for (std::size_t i = 0; i < n; ++i) step[i] = 0.1 * (upper[i] - lower[i]);
  optimiser.set_initial_step(step);
  optimiser.set_min_objective(objective, &context);
  optimiser.set_maxeval(spec.max_evaluations);
  optimiser.set_xtol_rel(spec.relative_tolerance);
  optimiser.set_ftol_abs(1e-10);
  double best = 0;
  try {
    const nlopt::result status = optimiser.optimize(x, best);
    result.stop_reason =
        status == nlopt::MAXEVAL_REACHED ? "evaluation limit reached" : "converged";
  } catch (const nlopt::roundoff_limited&) {
    result.stop_reason = "stopped at the limit of numerical precision";
  } catch (const std::exception& e) {
    if (context.error) std::rethrow_exception(context.error);
    throw InputError({spec.file.string()}, "", std::string("the optimiser failed: ") + e.what());
  }
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i)
    result.spec.parameters[i].value = values[i] = from_search(spec.parameters[i], x[i]);
  const auto simulated = simulate(spec, values, plugins, threads);
  for (std::size_t i = 0; i < simulated.size(); ++i)
    result.spec.targets[i].simulated = simulated[i];
  result.objective = objective_of(spec, simulated);
  std::vector<Override> fitted;
  for (std::size_t i = 0; i < n; ++i)
    fitted.push_back({spec.parameters[i].path + "=" + number_text(values[i]), "calibration"});
  result.resolved = load_scenario(spec.scenario, fitted, plugins).resolved;
  return result;
}

std::string overlay_yaml(const CalibrationResult& result) {
  const auto& spec = result.spec;
  ConfigNode overlay;
  overlay.kind = ConfigNode::Kind::map;
  for (const auto& p : spec.parameters) {
    // An item of a list is written as the whole list, which is how a scenario overrides one.
    const auto [list_path, list] = enclosing_list(result.resolved, p.path);
    if (list == nullptr) {
      apply_override(overlay, p.path + "=" + number_text(p.value), "calibration");
      continue;
    }
    std::string items;
    for (const auto& item : list->items) items += (items.empty() ? "" : ", ") + item.scalar;
    apply_override(overlay, list_path + "=[" + items + "]", "calibration");
  }
  std::ostringstream out;
  out << "# Written by polku calibrate from " << spec.file.filename().string() << " (scenario "
      << spec.scenario.filename().string() << ", " << spec.replications
      << " replications per evaluation, common random numbers).\n"
      << "# NLopt Subplex, " << result.evaluations << " evaluations, " << result.stop_reason
      << "; sum of squared relative errors " << number_text(result.objective) << ".\n# Fitted: ";
  const char* separator = "";
  for (const auto& p : spec.parameters) {
    out << separator << p.path << " in [" << p.min << ", " << p.max << "]";
    separator = "; ";
  }
  out << ".\n# Fit (target, published, simulated, relative error):\n";
  for (const auto& t : spec.targets)
    out << "#   " << t.indicator << " " << t.area << " " << t.months.front() << ".."
        << t.months.back() << ": " << number_text(t.value) << ", " << number_text(t.simulated)
        << ", " << number_text(100.0 * (t.simulated - t.value) / t.value) << " %\n";
  out << to_yaml(overlay) << '\n';
  return out.str();
}

}  // namespace polku

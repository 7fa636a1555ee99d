#include "serve/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "cli/common.hpp"
#include "output/labels.hpp"
#include "polku/errors.hpp"
#include "results/statistics.hpp"
#include "serve/assets.hpp"
#include "serve/headline.hpp"

namespace polku::serve {

namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

/// Thrown from the progress callback to stop a run the facilitator cancelled.
struct Cancelled {};

/// A request that cannot be served: its HTTP status and the problems, each naming its field.
struct RequestError {
  int status;
  json errors;  ///< [{field, message}]
};

RequestError request_error(int status, const std::string& field, const std::string& message) {
  return {status, json::array({json{{"field", field}, {"message", message}}})};
}

/// Letters, digits, '.', '_' and '-': a scenario name is never a path.
bool plain_name(const std::string& s) {
  static const std::regex kPlain("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  return std::regex_match(s, kPlain) && s.find("..") == std::string::npos;
}

/// The scenario files of the allow-list folder, by name (file name without ".yaml").
std::map<std::string, fs::path> allow_list(const fs::path& dir) {
  std::map<std::string, fs::path> files;
  const fs::path root = fs::canonical(dir);
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    if (!plain_name(name)) continue;
    // A link leading out of the folder is not offered.
    const fs::path target = fs::canonical(entry.path());
    if (target.parent_path() != root) continue;
    files.emplace(name, entry.path());
  }
  return files;
}

json param_value_json(const ParamValue& v, const ParamSpec& spec,
                      const std::vector<std::string>& municipalities) {
  if (spec.type == ParamType::per_municipality) {
    json map = json::object();
    const auto& values = std::get<std::vector<double>>(v);
    for (std::size_t m = 0; m < municipalities.size() && m < values.size(); ++m)
      map[municipalities[m]] = values[m];
    return map;
  }
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, DatedValues>) {
          json map = json::object();
          for (std::size_t k = 0; k < x.dates.size(); ++k) map[iso_date(x.dates[k])] = x.values[k];
          return map;
        } else if constexpr (std::is_same_v<T, DatedLists>) {
          json map = json::object();
          for (std::size_t k = 0; k < x.dates.size(); ++k) map[iso_date(x.dates[k])] = x.lists[k];
          return map;
        } else if constexpr (std::is_same_v<T, Day>) {
          return iso_date(x);
        } else {
          return x;
        }
      },
      v);
}

/// One lever of a loaded scenario.
struct Lever {
  std::string module;
  const ParamSpec* spec = nullptr;
  json current;
};

std::vector<Lever> levers_of(const cli::LoadedScenario& s) {
  std::vector<Lever> levers;
  for (const ModuleSpec& m : s.scenario.modules) {
    const PluginDescriptor* plugin = nullptr;
    for (const auto& b : s.modules)
      if (b.params == &m.params) plugin = b.plugin;
    if (plugin == nullptr) continue;
    for (const ParamSpec& p : plugin->parameters) {
      if (!p.lever) continue;
      const auto it = m.params.all().find(p.name);
      if (it == m.params.all().end()) continue;
      levers.push_back({m.plugin, &p, param_value_json(it->second, p, s.scenario.municipalities)});
    }
  }
  return levers;
}

json lever_json(const Lever& l) {
  const ParamSpec& p = *l.spec;
  json j;
  j["id"] = l.module + "." + p.name;
  j["module"] = l.module;
  j["parameter"] = p.name;
  j["type"] = to_string(p.type);
  j["unit"] = p.unit;
  j["min"] = p.min ? json(*p.min) : json(nullptr);
  j["max"] = p.max ? json(*p.max) : json(nullptr);
  if (!p.choices.empty()) j["choices"] = p.choices;
  j["doc"] = p.doc;
  j["law"] = p.law;
  j["current"] = l.current;
  return j;
}

/// A JSON value as YAML flow text (YAML reads JSON).
std::string yaml_text(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// A base run shared by the questions on the same (scenario, replications, seed).
struct BaseRun {
  std::unique_ptr<cli::LoadedScenario> scenario;
  std::shared_ptr<const RunOutcome> outcome;  ///< null until computed
  double seconds = 0;
};

struct Question {
  std::string id;
  std::string name;
  std::string scenario;
  unsigned replications = 0;
  std::uint64_t seed = 0;
  json changes;  ///< field id -> value, as asked
  std::string overlay_yaml;
  std::shared_ptr<BaseRun> base;
  std::unique_ptr<cli::LoadedScenario> variant;
  std::atomic<bool> cancel{false};

  // Guarded by the server's mutex.
  std::string state = "queued";  ///< queued, base, variant, done, failed, cancelled
  double progress = 0;
  std::string error;
  json answer;
  std::shared_ptr<const RunOutcome> variant_outcome;
  std::mutex reports_mutex;  ///< one writer of the question's report files at a time
};

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

/// An indicator's label in both languages, from its plugin's declaration.
json label_json(const RunResults& results, const std::string& name) {
  const auto def = std::find_if(results.indicators.begin(), results.indicators.end(),
                                [&](const IndicatorDef& d) { return d.name == name; });
  if (def == results.indicators.end()) return {{"fi", name}, {"en", name}};
  return {{"fi", indicator_label(*def, Lang::fi)}, {"en", indicator_label(*def, Lang::en)}};
}

/// The paired comparison of a question as the page shows it: the headline, and monthly series.
json answer_json(const RunResults& base, const RunResults& variant) {
  const ComparisonTable annual = compare_annual(base, variant);
  const HeadlineTable h = headline_table(annual);
  json headline;
  headline["indicators"] = h.indicators;
  headline["areas"] = h.areas;
  headline["years"] = h.years;
  headline["paired_replications"] = h.paired_replications;
  headline["interval"] =
      "5-95 % of the paired differences between replications (Monte-Carlo variation)";
  json cells = json::array();
  for (const HeadlineCell& c : h.cells)
    cells.push_back({c.base, c.variant, c.diff, c.low, c.high, c.excludes_zero});
  headline["cells"] = std::move(cells);  // [area][year][indicator]: base, variant, diff, low, high
  json labels = json::object();
  for (const auto& name : h.indicators) labels[name] = label_json(base, name);
  headline["labels"] = std::move(labels);
  json area_labels = json::object();
  for (const auto& a : h.areas)
    area_labels[a] = {{"fi", area_label(a, Lang::fi)}, {"en", area_label(a, Lang::en)}};
  headline["area_labels"] = std::move(area_labels);

  static const std::vector<std::string> kSeries = {"unemployed", "net_municipal_cost_eur",
                                                   "caseload_per_counsellor"};
  const ComparisonTable monthly = compare_monthly(base, variant);
  json series;
  series["months"] = monthly.periods;
  series["areas"] = monthly.areas;
  json values = json::object();
  for (const auto& name : kSeries) {
    std::size_t i = 0;
    while (i < monthly.indicators.size() && monthly.indicators[i].name != name) ++i;
    if (i == monthly.indicators.size()) continue;
    json per_area = json::object();
    for (std::size_t a = 0; a < monthly.areas.size(); ++a) {
      json b = json::array(), v = json::array(), lo = json::array(), hi = json::array();
      for (std::size_t p = 0; p < monthly.periods.size(); ++p) {
        const ComparisonCell& c = monthly.at(p, a, i);
        b.push_back(c.base_mean);
        v.push_back(c.variant_mean);
        lo.push_back(c.diff_p05);
        hi.push_back(c.diff_p95);
      }
      per_area[monthly.areas[a]] = {{"base", b}, {"variant", v}, {"low", lo}, {"high", hi}};
    }
    values[name] = {{"label", label_json(base, name)}, {"areas", std::move(per_area)}};
  }
  series["values"] = std::move(values);
  return {{"headline", std::move(headline)}, {"series", std::move(series)}};
}

class Server {
 public:
  explicit Server(ServeOptions options, fs::path work)
      : options_(std::move(options)),
        work_(std::move(work)),
        host_(PluginHost::default_search_path(options_.plugin_path)),
        scenarios_(allow_list(options_.scenarios)) {}

  void start_worker() {
    worker_ = std::thread([this] { work_loop(); });
  }
  void stop_worker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (auto& q : questions_) q->cancel = true;
    }
    wake_.notify_all();
    settled_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  void routes(httplib::Server& http);

 private:
  // --- scenarios and levers ------------------------------------------------------------------

  const fs::path& scenario_file(const std::string& name) const {
    const auto it = plain_name(name) ? scenarios_.find(name) : scenarios_.end();
    if (it == scenarios_.end())
      throw request_error(404, "scenario",
                          "unknown scenario \"" + name.substr(0, 100) +
                              "\": choose one of the list (GET /api/scenarios)");
    return it->second;
  }

  std::unique_ptr<cli::LoadedScenario> load(const std::string& name,
                                            const std::vector<Override>& overrides) {
    const fs::path& file = scenario_file(name);
    std::lock_guard lock(host_mutex_);  // the plugin host loads libraries on first use
    return std::make_unique<cli::LoadedScenario>(file, overrides, host_);
  }

  /// The base scenario as written, cached: its levers and current values.
  const cli::LoadedScenario& plain(const std::string& name) {
    std::lock_guard lock(plain_mutex_);
    auto& slot = plain_[name];
    if (!slot) slot = load(name, {});
    return *slot;
  }

  json scenario_json(const std::string& name) {
    const cli::LoadedScenario& s = plain(name);
    json j;
    j["name"] = name;
    j["description"] = s.scenario.description;
    j["start"] = iso_date(s.scenario.start);
    j["end"] = iso_date(s.scenario.end);
    j["seed"] = s.scenario.seed;
    j["replications"] = std::min(s.scenario.replications, options_.default_replications);
    j["max_replications"] = options_.max_replications;
    j["municipalities"] = s.scenario.municipalities;
    json areas = json::array();
    for (const auto& a : s.scenario.areas) areas.push_back(a.name);
    j["areas"] = areas;
    json levers = json::array();
    for (const Lever& l : levers_of(s)) levers.push_back(lever_json(l));
    j["levers"] = std::move(levers);
    return j;
  }

  // --- questions -----------------------------------------------------------------------------

  /// Checks a question, loads its variant through the scenario validator and queues it.
  json submit(const std::string& body) {
    json in = json::parse(body, nullptr, false);
    if (in.is_discarded() || !in.is_object())
      throw request_error(400, "", "the request body is not a JSON object");
    if (!in.contains("scenario") || !in["scenario"].is_string())
      throw request_error(400, "scenario", "missing scenario name");
    const std::string scenario = in["scenario"].get<std::string>();
    scenario_file(scenario);
    const cli::LoadedScenario& base = plain(scenario);

    auto q = std::make_shared<Question>();
    q->scenario = scenario;
    json errors = json::array();
    const auto problem = [&](const std::string& field, const std::string& message) {
      errors.push_back({{"field", field}, {"message", message}});
    };

    // Replications and seed: the facilitator's choice, checked here and by the validator.
    q->replications = std::min(base.scenario.replications, options_.default_replications);
    if (in.contains("replications")) {
      const json& r = in["replications"];
      if (!r.is_number_integer() || r.get<std::int64_t>() < 1 ||
          r.get<std::int64_t>() > options_.max_replications)
        problem("replications",
                "expected a whole number from 1 to " + std::to_string(options_.max_replications));
      else
        q->replications = r.get<unsigned>();
    }
    q->seed = base.scenario.seed;
    if (in.contains("seed")) {
      if (!in["seed"].is_number_unsigned())
        problem("seed", "expected a whole number from 0 to 18446744073709551615");
      else
        q->seed = in["seed"].get<std::uint64_t>();
    }
    if (in.contains("name") && !in["name"].is_string()) problem("name", "expected text");
    const std::string name =
        in.contains("name") && in["name"].is_string() ? in["name"].get<std::string>() : "";
    std::string clean;
    for (unsigned char c : name.substr(0, 200))
      if (c >= 0x20 && c != 0x7f) clean += static_cast<char>(c);
    q->name = clean;

    // Lever changes: {"module.parameter[.municipality]": value}.
    const json changes = in.value("changes", json::object());
    if (!changes.is_object()) throw request_error(400, "changes", "expected an object");
    if (changes.size() > 1000) throw request_error(400, "changes", "too many changes");
    const std::vector<Lever> levers = levers_of(base);
    std::map<std::string, json> values;  // module.parameter -> the value the variant gets
    std::vector<std::string> order;
    for (const auto& [field, value] : changes.items()) {
      const auto dot = field.find('.');
      const auto dot2 = dot == std::string::npos ? std::string::npos : field.find('.', dot + 1);
      const std::string id = field.substr(0, dot2);
      const std::string municipality = dot2 == std::string::npos ? "" : field.substr(dot2 + 1);
      const auto lever = std::find_if(levers.begin(), levers.end(), [&](const Lever& l) {
        return l.module + "." + l.spec->name == id;
      });
      if (lever == levers.end()) {
        problem(field, "not a lever of scenario " + scenario);
        continue;
      }
      const ParamSpec& spec = *lever->spec;
      const bool numeric = spec.type == ParamType::real || spec.type == ParamType::integer ||
                           spec.type == ParamType::per_municipality;
      if (numeric && !value.is_number()) {
        problem(field, "expected a number");
        continue;
      }
      if (spec.type == ParamType::string && !value.is_string()) {
        problem(field, "expected one of the choices");
        continue;
      }
      if (spec.type == ParamType::boolean && !value.is_boolean()) {
        problem(field, "expected true or false");
        continue;
      }
      if ((spec.type == ParamType::dated_values || spec.type == ParamType::dated_lists) &&
          !value.is_object()) {
        problem(field, "expected dates with their values, e.g. {\"2025-01-01\": 2024}");
        continue;
      }
      if (spec.type == ParamType::per_municipality) {
        if (municipality.empty()) {
          problem(field, "name the municipality: " + id + ".<municipality>");
          continue;
        }
        const auto& names = base.scenario.municipalities;
        if (std::find(names.begin(), names.end(), municipality) == names.end()) {
          problem(field, "no municipality \"" + municipality.substr(0, 100) + "\" in " + scenario);
          continue;
        }
        // The whole map, so the overlay and the run read the same, whatever the base wrote.
        if (!values.count(id)) {
          values[id] = lever->current;
          order.push_back(id);
        }
        values[id][municipality] = value;
      } else {
        if (!municipality.empty()) {
          problem(field, "not a lever of scenario " + scenario);
          continue;
        }
        if (!values.count(id)) order.push_back(id);
        values[id] = value;
      }
    }
    if (!errors.empty()) throw RequestError{422, errors};

    // The same validator as files: the changes as overrides of the base.
    std::vector<Override> overrides = {
        {"seed=" + std::to_string(q->seed), "seed"},
        {"replications=" + std::to_string(q->replications), "replications"}};
    std::vector<Override> base_overrides = overrides;
    for (const auto& id : order)
      overrides.push_back({"modules." + id + "=" + yaml_text(values[id]), id});
    try {
      q->variant = load(scenario, overrides);
      cli::CommonSettings size;
      size.run.threads = options_.threads;
      cli::check_size(*q->variant, size);
    } catch (const InputError& e) {
      for (const Problem& p : e.problems()) {
        std::string field = p.key_path;
        if (field.rfind("modules.", 0) == 0) field = field.substr(8);
        if (field.empty()) field = p.where.file;
        // The field asked about, or the lever it belongs to.
        std::string shown = field;
        for (const auto& [asked, v] : changes.items())
          if (field == asked || field.rfind(asked + ".", 0) == 0 ||
              asked.rfind(field + ".", 0) == 0)
            shown = asked;
        problem(shown, p.message);
      }
      if (errors.empty()) problem("", e.what());
      throw RequestError{422, errors};
    }
    q->changes = changes;
    q->overlay_yaml = overlay(*q, base, order, values);

    const std::string key =
        scenario + "|" + std::to_string(q->replications) + "|" + std::to_string(q->seed);
    std::shared_ptr<BaseRun> fresh;
    {
      std::lock_guard lock(mutex_);
      if (!bases_.count(key)) {
        fresh = std::make_shared<BaseRun>();
      }
    }
    if (fresh) fresh->scenario = load(scenario, base_overrides);  // outside the lock: slow
    std::lock_guard lock(mutex_);
    auto& cached = bases_[key];
    if (!cached) cached = fresh;
    q->base = cached;
    q->id = "q" + std::to_string(questions_.size() + 1);
    if (q->name.empty()) q->name = q->id;
    questions_.push_back(q);
    queue_.push_back(q);
    wake_.notify_all();
    return status_json(*q);
  }

  /// The question as a scenario file: it extends the base and sets the levers.
  static std::string overlay(const Question& q, const cli::LoadedScenario& base,
                             const std::vector<std::string>& order,
                             std::map<std::string, json>& values) {
    std::ostringstream y;
    std::string title = q.name.empty() ? "what-if" : q.name;
    // A title on several lines would end the comment.
    std::string one_line = title;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    std::replace(one_line.begin(), one_line.end(), '\r', ' ');
    y << "# What-if question \"" << one_line << "\" on " << q.scenario
      << ", asked in polku serve. Saved next to " << base.file.filename().string()
      << ", the answer is\n#   polku compare " << base.file.filename().string()
      << " THIS.yaml --seed " << q.seed << " --replications " << q.replications << "\n";
    y << "name: " << json(q.scenario + "-whatif").dump() << "\n";
    y << "description: " << json(title).dump() << "\n";
    y << "extends: " << base.file.filename().string() << "\n";
    y << "seed: " << q.seed << "\n";
    y << "replications: " << q.replications << "\n";
    y << "modules:\n";
    std::map<std::string, std::vector<std::string>> by_module;
    std::vector<std::string> modules;
    for (const auto& id : order) {
      const std::string module = id.substr(0, id.find('.'));
      if (!by_module.count(module)) modules.push_back(module);
      by_module[module].push_back(id);
    }
    if (modules.empty()) y << "  {}\n";
    for (const auto& module : modules) {
      y << "  " << module << ":\n";
      for (const auto& id : by_module[module])
        y << "    " << id.substr(id.find('.') + 1) << ": " << yaml_text(values[id]) << "\n";
    }
    return y.str();
  }

  json status_json(const Question& q) const {  // with mutex_ held or before publishing
    json j;
    j["id"] = q.id;
    j["name"] = q.name;
    j["scenario"] = q.scenario;
    j["replications"] = q.replications;
    j["seed"] = q.seed;
    j["changes"] = q.changes;
    j["state"] = q.state;
    j["progress"] = q.progress;
    if (!q.error.empty()) j["error"] = q.error;
    return j;
  }

  std::shared_ptr<Question> find(const std::string& id) {
    std::lock_guard lock(mutex_);
    for (auto& q : questions_)
      if (q->id == id) return q;
    throw request_error(404, "question", "no question " + id.substr(0, 20));
  }

  // --- the worker ----------------------------------------------------------------------------

  void work_loop() {
    for (;;) {
      std::shared_ptr<Question> q;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        q = queue_.front();
        queue_.pop_front();
        if (q->cancel) {
          settle(*q, "cancelled");
          continue;
        }
      }
      answer(*q);
    }
  }

  RunOutcome simulate(Question& q, const cli::LoadedScenario& s, const char* stage, double from,
                      double to) {
    {
      std::lock_guard lock(mutex_);
      q.state = stage;
    }
    RunSettings settings;
    settings.threads = options_.threads;
    settings.progress = [&](const Progress& p) {
      if (q.cancel || stopping_) throw Cancelled{};
      std::lock_guard lock(mutex_);
      if (p.days_total > 0)
        q.progress = from + (to - from) * static_cast<double>(p.days_done) /
                                static_cast<double>(p.days_total);
    };
    return run_replications(s.scenario, s.modules, settings);
  }

  void answer(Question& q) {
    try {
      const auto started = std::chrono::steady_clock::now();
      std::shared_ptr<const RunOutcome> base = q.base->outcome;
      const bool cached = base != nullptr;
      if (!cached) {
        // Only the worker writes the cache: no lock needed to run, one to publish.
        auto outcome =
            std::make_shared<const RunOutcome>(simulate(q, *q.base->scenario, "base", 0.0, 0.5));
        std::lock_guard lock(mutex_);
        q.base->outcome = outcome;
        q.base->seconds = outcome->wall_seconds;
        base = outcome;
      }
      auto variant = std::make_shared<const RunOutcome>(
          simulate(q, *q.variant, "variant", cached ? 0.0 : 0.5, 1.0));
      json a = answer_json(base->results, variant->results);
      a["base_cached"] = cached;
      a["base_seconds"] = q.base->seconds;
      a["variant_seconds"] = variant->wall_seconds;
      a["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::lock_guard lock(mutex_);
      q.variant_outcome = variant;
      q.answer = std::move(a);
      q.progress = 1.0;
      settle(q, "done");
    } catch (const Cancelled&) {
      std::lock_guard lock(mutex_);
      settle(q, "cancelled");
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      q.error = e.what();
      settle(q, "failed");
    }
  }

  /// Ends a question in `state` and wakes the requests waiting for it (with mutex_ held).
  void settle(Question& q, const char* state) {
    q.state = state;
    settled_.notify_all();
  }

  static bool settled(const Question& q) {
    return q.state == "done" || q.state == "failed" || q.state == "cancelled";
  }

  // --- downloads -----------------------------------------------------------------------------

  /// The question's comparison folder (both runs and their comparison, every format), written
  /// the first time a report is asked for.
  fs::path reports(Question& q, Lang lang) {
    std::shared_ptr<const RunOutcome> base, variant;
    {
      std::lock_guard lock(mutex_);
      if (q.state != "done")
        throw request_error(409, "question", "question " + q.id + " has no answer yet");
      base = q.base->outcome;
      variant = q.variant_outcome;
    }
    std::lock_guard reports_lock(q.reports_mutex);
    const fs::path dir = work_ / q.id / (lang == Lang::fi ? "fi" : "en");
    if (fs::exists(dir / "report.html")) return dir;
    fs::create_directories(dir / "base");
    fs::create_directories(dir / "variant");
    cli::CommonSettings common;
    common.write.lang = lang;
    common.quiet = true;
    const std::string command = "polku serve (" + q.name + ")";
    std::lock_guard host_lock(host_mutex_);
    const RunReport base_run = cli::write_run_outputs(dir / "base", *q.base->scenario, *base, host_,
                                                      command, "", common, discard_);
    const RunReport variant_run = cli::write_run_outputs(dir / "variant", *q.variant, *variant,
                                                         host_, command, "", common, discard_);
    ComparisonReport cmp;
    cmp.base = &base_run;
    cmp.variant = &variant_run;
    cmp.monthly = compare_monthly(base->results, variant->results);
    cmp.annual = compare_annual(base->results, variant->results);
    cmp.manifest_json = "{}\n";
    for (const Writer* writer : registered_writers())
      writer->write_comparison(cmp, dir, common.write);
    return dir;
  }

  ServeOptions options_;
  fs::path work_;
  std::mutex host_mutex_;
  std::ostream discard_{nullptr};  ///< progress of report writing, not shown (under host_mutex_)
  PluginHost host_;
  std::map<std::string, fs::path> scenarios_;
  std::mutex plain_mutex_;
  std::map<std::string, std::unique_ptr<cli::LoadedScenario>> plain_;

  std::mutex mutex_;
  std::condition_variable wake_;     ///< the worker: a question queued, or stopping
  std::condition_variable settled_;  ///< a question answered, failed or cancelled
  std::atomic<bool> stopping_{false};
  std::vector<std::shared_ptr<Question>> questions_;
  std::deque<std::shared_ptr<Question>> queue_;
  std::map<std::string, std::shared_ptr<BaseRun>> bases_;
  std::thread worker_;
};

void send_json(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

/// Runs a handler, turning every failure into a JSON answer: the server never falls over.
template <class F>
void guarded(httplib::Response& res, F&& f) {
  try {
    f();
  } catch (const RequestError& e) {
    send_json(res, {{"errors", e.errors}}, e.status);
  } catch (const InputError& e) {
    json errors = json::array();
    for (const Problem& p : e.problems())
      errors.push_back({{"field", p.key_path}, {"message", p.str()}});
    send_json(res, {{"errors", errors}}, 422);
  } catch (const std::exception& e) {
    send_json(res, {{"errors", json::array({{{"field", ""}, {"message", e.what()}}})}}, 500);
  }
}

void Server::routes(httplib::Server& http) {
  for (const Asset& a : assets()) {
    std::string path = "/";
    if (a.name != "index.html") path.append(a.name);
    http.Get(path, [a](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      res.set_content(std::string(a.data, a.size), std::string(a.type));
    });
  }
  http.Get("/api/scenarios", [this](const httplib::Request&, httplib::Response& res) {
    guarded(res, [&] {
      json list = json::array();
      for (const auto& [name, file] : scenarios_) list.push_back(name);
      send_json(res, {{"scenarios", list},
                      {"default_replications", options_.default_replications},
                      {"max_replications", options_.max_replications}});
    });
  });
  http.Get(R"(/api/scenarios/([^/]+))",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] { send_json(res, scenario_json(req.matches[1])); });
           });
  http.Post("/api/questions", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] { send_json(res, submit(req.body), 202); });
  });
  http.Get("/api/questions", [this](const httplib::Request&, httplib::Response& res) {
    guarded(res, [&] {
      json list = json::array();
      std::lock_guard lock(mutex_);
      for (const auto& q : questions_) list.push_back(status_json(*q));
      send_json(res, {{"questions", list}});
    });
  });
  http.Get(R"(/api/questions/([A-Za-z0-9]+))", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
    guarded(res, [&] {
      auto q = find(req.matches[1]);
      std::unique_lock lock(mutex_);
      // ?wait=MS holds the request until the answer is ready or MS (at most a second)
      // have passed, so the page hears of the answer at once without polling fast.
      if (req.has_param("wait")) {
        const auto ms = std::clamp(std::atoi(req.get_param_value("wait").c_str()), 0, 1000);
        settled_.wait_for(lock, std::chrono::milliseconds(ms),
                          [&] { return stopping_ || settled(*q); });
      }
      json j = status_json(*q);
      if (q->state == "done") j["answer"] = q->answer;
      send_json(res, j);
    });
  });
  http.Post(R"(/api/questions/([A-Za-z0-9]+)/cancel)",
            [this](const httplib::Request& req, httplib::Response& res) {
              guarded(res, [&] {
                auto q = find(req.matches[1]);
                q->cancel = true;
                std::lock_guard lock(mutex_);
                if (q->state == "queued") settle(*q, "cancelled");
                send_json(res, status_json(*q));
              });
            });
  http.Get(R"(/api/questions/([A-Za-z0-9]+)/overlay.yaml)",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               auto q = find(req.matches[1]);
               res.set_header("Content-Disposition",
                              "attachment; filename=\"" + q->scenario + "-" + q->id + ".yaml\"");
               res.set_content(q->overlay_yaml, "application/yaml; charset=utf-8");
             });
           });
  http.Get(R"(/api/questions/([A-Za-z0-9]+)/(report\.html|results\.xlsx))",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               auto q = find(req.matches[1]);
               const std::string file = req.matches[2];
               const Lang lang = req.get_param_value("lang") == "en" ? Lang::en : Lang::fi;
               const fs::path dir = reports(*q, lang);
               const bool html = file == "report.html";
               if (!html)
                 res.set_header("Content-Disposition", "attachment; filename=\"" + q->scenario +
                                                           "-" + q->id + "-results.xlsx\"");
               res.set_content(read_all(dir / file),
                               html ? "text/html; charset=utf-8"
                                    : "application/vnd.openxmlformats-officedocument."
                                      "spreadsheetml.sheet");
             });
           });
}

}  // namespace

int run_server(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  if (!fs::is_directory(options.scenarios))
    throw InputError("--scenarios " + options.scenarios.string() + ": no such folder");
  // The server's own folder, removed on exit.
  const fs::path parent = options.work_dir.empty() ? fs::temp_directory_path() : options.work_dir;
  if (!fs::is_directory(parent))
    throw InputError("--work-dir " + parent.string() + ": no such folder");
  std::string pattern = (parent / "polku-serve-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw EnvironmentError("cannot make a work folder in " + parent.string());
  const fs::path work = pattern;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{work};

  // Signals go to one waiting thread, which stops the server; the others never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Server server(options, work);
  httplib::Server http;
  http.set_payload_max_length(options.max_body_bytes);
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_json(res, {{"errors", json::array({{{"field", ""}, {"message", "internal error"}}})}},
                  500);
      });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message = res.status == 413   ? "the request body is too large"
                                : res.status == 404 ? "no such page"
                                                    : "bad request";
    send_json(res, {{"errors", json::array({{{"field", ""}, {"message", message}}})}}, res.status);
  });
  server.routes(http);
  const int port = options.port == 0
                       ? http.bind_to_any_port(options.host)
                       : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0)
    throw EnvironmentError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                           " (in use, or not an address of this "
                           "machine)");
  server.start_worker();
  std::atomic<bool> waiting{true};
  std::thread waiter([&http, &waiting, signals] {
    int got = 0;
    do sigwait(&signals, &got);
    while (got == SIGPIPE);
    waiting = false;
    http.stop();
  });
  out << "polku serve: listening on http://" << options.host << ":" << port << "/" << std::endl;
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1")
    err << "polku serve: warning: reachable from other machines on " << options.host
        << "; there is no login\n";
  http.listen_after_bind();
  server.stop_worker();
  if (waiting) pthread_kill(waiter.native_handle(), SIGTERM);  // listening failed: wake it
  waiter.join();
  out << "polku serve: stopped\n";
  return 0;
}

}  // namespace polku::serve

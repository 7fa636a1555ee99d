#include "engine/runner.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>

#include "engine/checkpoint.hpp"
#include "engine/cluster.hpp"
#include "engine/warm_start.hpp"
#include "polku/errors.hpp"

namespace polku {

std::vector<ModuleBlueprint> order_modules(const Scenario& scenario, PluginHost& host) {
  std::vector<ModuleBlueprint> modules;
  for (const auto& spec : scenario.modules)
    modules.push_back({host.load(spec.plugin).descriptor, &spec.params});
  std::sort(modules.begin(), modules.end(), [](const auto& a, const auto& b) {
    return std::tie(a.plugin->priority, a.plugin->name) <
           std::tie(b.plugin->priority, b.plugin->name);
  });
  return modules;
}

std::string structural_fingerprint(const Scenario& scenario,
                                   std::span<const ModuleBlueprint> modules) {
  std::string f = "start=" + iso_date(scenario.start) + ";end=" + iso_date(scenario.end) +
                  ";replications=" + std::to_string(scenario.replications) + ";municipalities=";
  for (const auto& m : scenario.municipalities) f += m + ",";
  f += ";modules=";
  for (const auto& m : modules) f += m.plugin->name + "@" + m.plugin->version + ",";
  return f;
}

namespace {

/// `text` split at `separator`, without empty pieces.
std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> pieces;
  std::stringstream in(text);
  for (std::string piece; std::getline(in, piece, separator);)
    if (!piece.empty()) pieces.push_back(piece);
  return pieces;
}

/// The items of `from` not in `other`, a few of them named: "a, b, c and 4 more".
std::string only_in(const std::vector<std::string>& from, const std::vector<std::string>& other) {
  constexpr std::size_t kNamed = 3;
  std::vector<std::string> only;
  for (const auto& item : from)
    if (std::find(other.begin(), other.end(), item) == other.end()) only.push_back(item);
  std::string named;
  for (std::size_t i = 0; i < std::min(only.size(), kNamed); ++i)
    named += (i ? ", " : "") + only[i];
  if (only.size() > kNamed) named += " and " + std::to_string(only.size() - kNamed) + " more";
  return named.empty() ? "none" : named;
}

}  // namespace

std::string structural_difference(const std::string& there, const std::string& here) {
  const auto theirs = split(there, ';');
  const auto ours = split(here, ';');
  // A part is key=value; a side without the part has neither.
  const auto value_of = [](const std::string& part) {
    const auto at = part.find('=');
    return at == std::string::npos ? part : part.substr(at + 1);
  };
  std::string out;
  for (std::size_t i = 0; i < std::max(theirs.size(), ours.size()); ++i) {
    const std::string a = i < theirs.size() ? theirs[i] : "";
    const std::string b = i < ours.size() ? ours[i] : "";
    if (a == b) continue;
    const std::string& named = a.empty() ? b : a;
    const std::string key = named.substr(0, named.find('='));
    const std::string value_a = value_of(a);
    const std::string value_b = value_of(b);
    if (!out.empty()) out += "; ";
    if (value_a.find(',') == std::string::npos && value_b.find(',') == std::string::npos) {
      out += key + " " + value_a + " there, " + value_b + " here";
      continue;
    }
    const auto items_a = split(value_a, ',');
    const auto items_b = split(value_b, ',');
    const std::string only_there = only_in(items_a, items_b);
    out += key + ": only there " + only_there + ", only here " + only_in(items_b, items_a);
    if (items_a.size() == items_b.size() && only_there == "none")
      out += " (the same, in another order)";
  }
  return out;
}

ParameterOverlay::ParameterOverlay(const Scenario& scenario,
                                   std::span<const ModuleBlueprint> modules,
                                   std::span<const UncertainParameter> uncertain,
                                   std::span<const double> values) {
  for (const auto& blueprint : modules) {
    const ModuleSpec* spec = nullptr;
    for (const auto& m : scenario.modules)
      if (&m.params == blueprint.params) spec = &m;
    if (spec == nullptr) {
      blueprints_.push_back(blueprint);
      continue;
    }
    params_.push_back(std::make_unique<ParamValues>(apply_draws(*spec, uncertain, values)));
    blueprints_.push_back({blueprint.plugin, params_.back().get()});
  }
}

namespace {

/// Serialises a value with Boost.Serialization (for the messages between processes).
template <class T>
std::string to_bytes(const T& value) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive ar(out);
    ar << value;
  }
  return std::move(out).str();
}

template <class T>
T from_bytes(const std::string& bytes) {
  T value;
  std::istringstream in(bytes, std::ios::binary);
  boost::archive::binary_iarchive ar(in);
  ar >> value;
  return value;
}

/// What one process sends the first: its replications and their counts.
struct RunPart {
  std::vector<std::uint32_t> replications;
  std::vector<ReplicationValues> values;
  std::vector<double> agent_days;
  std::vector<std::uint64_t> events;
  std::vector<std::vector<double>> draws;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& replications& values& agent_days& events& draws;
  }
};

RunResults empty_results(const Scenario& scenario) {
  RunResults r;
  r.scenario = scenario.name;
  r.first_month = month_index(scenario.start);
  r.months = month_index(scenario.end) - r.first_month + 1;
  r.municipality_count = scenario.municipalities.size();
  std::vector<std::uint16_t> all(scenario.municipalities.size());
  std::iota(all.begin(), all.end(), std::uint16_t{0});
  for (std::uint16_t m = 0; m < scenario.municipalities.size(); ++m)
    r.areas.push_back({scenario.municipalities[m], {m}});
  for (const auto& area : scenario.areas) r.areas.push_back({area.name, area.members});
  r.areas.push_back({"total", all});
  r.replications.resize(scenario.replications);
  return r;
}

std::string save_state(const Replication& replication) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive ar(out);
    replication.save(ar);
  }
  return std::move(out).str();
}

void load_state(Replication& replication, const std::string& state,
                const std::filesystem::path& file) {
  // The file's checksum has passed, so a failure here means a file made by other means.
  auto refuse = [&](const std::string& why) {
    return InputError({file.string()}, {},
                      "checkpoint state of replication " +
                          std::to_string(replication.replication()) + " cannot be decoded: " + why);
  };
  try {
    std::istringstream in(state, std::ios::binary);
    boost::archive::binary_iarchive ar(in);
    replication.load(ar);
  } catch (const boost::archive::archive_exception& e) {
    throw refuse(e.what());
  } catch (const std::bad_alloc&) {
    throw refuse("it announces more data than it holds");
  } catch (const std::length_error&) {
    throw refuse("it announces more data than it holds");
  }
}

/// The warm-up scenario's modules in the run's phase order (the same plugins, by the fingerprint).
std::vector<ModuleBlueprint> warm_up_modules(const Scenario& warm,
                                             std::span<const ModuleBlueprint> modules) {
  std::vector<ModuleBlueprint> out;
  for (const auto& m : modules) {
    const auto spec = std::find_if(warm.modules.begin(), warm.modules.end(),
                                   [&](const ModuleSpec& s) { return s.plugin == m.plugin->name; });
    if (spec == warm.modules.end())
      throw InputError({warm.file.string()}, "modules",
                       "the warm-up scenario has no module " + m.plugin->name +
                           ": it must run the same modules as the scenario it warms up");
    out.push_back({m.plugin, &spec->params});
  }
  return out;
}

/// A cached warm-up state, if the cache holds one for `key` that fits.
std::shared_ptr<const Checkpoint> cached_warm_up(const std::filesystem::path& file,
                                                 const std::string& key,
                                                 const std::string& fingerprint, Day day) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::is_regular_file(file, ec)) return nullptr;
  try {
    auto c = std::make_shared<const Checkpoint>(read_checkpoint(file));
    if (c->scenario_name != "warm-up " + key || c->fingerprint != fingerprint || c->day != day)
      return nullptr;
    return c;
  } catch (const InputError&) {
    return nullptr;  // unreadable: simulate again and replace it
  }
}

/// The warm-up state this process used last, kept for the next run that forks from it: the
/// questions of a workshop all start from their base's warm-up, and reading it from the cache
/// again would take a fifth of a question's time. The key determines the state, so it is never
/// stale; with the cache off (`POLKU_CACHE_DIR=off`) nothing is kept.
class RecentWarmUp {
 public:
  [[nodiscard]] std::shared_ptr<const Checkpoint> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    return key == key_ ? state_ : nullptr;
  }
  void keep(const std::string& key, std::shared_ptr<const Checkpoint> state) {
    std::lock_guard lock(mutex_);
    key_ = key;
    state_ = std::move(state);
  }

 private:
  std::mutex mutex_;
  std::string key_;
  std::shared_ptr<const Checkpoint> state_;
};

RecentWarmUp& recent_warm_up() {
  static RecentWarmUp recent;
  return recent;
}

}  // namespace

void drop_warm_up_months(RunResults& results, Day report_from) {
  const int first = month_index(report_from);
  const int dropped = first - results.first_month;
  if (dropped <= 0) return;
  const std::size_t per_month = results.municipality_count * results.indicators.size();
  for (auto& r : results.replications)
    r.values.erase(r.values.begin(),
                   r.values.begin() + static_cast<std::ptrdiff_t>(dropped * per_month));
  results.first_month = first;
  results.months -= dropped;
}

RunOutcome run_replications(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
                            const RunSettings& settings) {
  const auto started = std::chrono::steady_clock::now();
  const std::string fingerprint = structural_fingerprint(scenario, modules);

  Checkpoint restored;
  if (!settings.restore_file.empty()) {
    restored = read_checkpoint(settings.restore_file);
    if (restored.fingerprint != fingerprint)
      throw InputError({settings.restore_file.string()}, {},
                       "checkpoint does not fit this scenario (there: the checkpoint, here: the "
                       "scenario): " +
                           structural_difference(restored.fingerprint, fingerprint));
  }
  const bool saving = settings.checkpoint_at.has_value();
  if (saving &&
      (*settings.checkpoint_at < scenario.start || *settings.checkpoint_at >= scenario.end))
    throw InputError(
        "--checkpoint-at must lie within the simulated period and before its last day");
  if (saving && !restored.replications.empty() && *settings.checkpoint_at <= restored.day)
    throw InputError("--checkpoint-at must come after the day the restored checkpoint was saved (" +
                     iso_date(restored.day) + ")");
  if (saving && scenario.warm_up && restored.replications.empty() &&
      *settings.checkpoint_at < scenario.report_from)
    throw InputError("--checkpoint-at must not fall in the warm-up (before " +
                     iso_date(scenario.report_from) + ")");
  const Share share = cluster::share();
  if (share.ranks > 1 && (saving || !settings.restore_file.empty()))
    throw InputError("checkpoints are not available in a distributed (MPI) run");
  if (settings.parameter_uncertainty && (saving || !settings.restore_file.empty()))
    throw InputError("checkpoints cannot be combined with --uncertainty");
  if (saving) check_checkpoint_target(settings.checkpoint_file);  // before the work, not after
  if (!restored.replications.empty() && restored.replications.size() != scenario.replications)
    throw InputError({settings.restore_file.string()}, {},
                     "checkpoint holds " + std::to_string(restored.replications.size()) +
                         " replications, the scenario has " +
                         std::to_string(scenario.replications));

  RunOutcome outcome;
  outcome.results = empty_results(scenario);
  std::vector<double> agent_days(scenario.replications, 0.0);
  std::vector<std::uint64_t> events(scenario.replications, 0);
  std::vector<std::string> states(saving ? scenario.replications : 0);
  std::vector<IndicatorTable> tables(scenario.replications);
  const bool drawing = settings.parameter_uncertainty && !scenario.uncertainty.empty();
  std::vector<std::vector<double>> draws(drawing ? scenario.replications : 0);
  std::vector<std::uint32_t> mine;
  for (std::uint32_t r = 0; r < scenario.replications; ++r)
    if (share.mine(r)) mine.push_back(r);

  // Progress is advanced month by month so long single replications report too.
  std::mutex progress_mutex;
  Progress progress{0, static_cast<std::uint32_t>(mine.size()), 0,
                    static_cast<std::uint64_t>(scenario.end - scenario.start + 1) * mine.size(),
                    0.0};
  auto advance = [&](Replication& replication, Day until) {
    while (!replication.finished() && replication.next_day() <= until) {
      const Day from = replication.next_day();
      replication.run_until(std::min(until, last_day_of_month(month_index(from))));
      if (!settings.progress) continue;
      std::lock_guard lock(progress_mutex);
      progress.days_done += static_cast<std::uint64_t>(replication.next_day() - from);
      if (replication.finished()) ++progress.replications_done;
      progress.elapsed_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      settings.progress(progress);
    }
  };

  // The threads that can actually run: TBB caps an arena at the machine's parallelism.
  const auto available = static_cast<unsigned>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  outcome.threads = settings.threads == 0 ? available : std::min(settings.threads, available);
  tbb::task_arena arena(static_cast<int>(outcome.threads));

  // A warm-up: the state at the end of the day before the planning start, from the cache or
  // simulated under the warm-up scenario's parameters; the run then forks from it.
  std::filesystem::path restored_from = settings.restore_file;
  const bool warm_restored = scenario.warm_up && restored.replications.empty();
  std::shared_ptr<const Checkpoint> warm_state;
  if (warm_restored) {
    const Scenario& warm = scenario.warm_up->scenario ? *scenario.warm_up->scenario : scenario;
    const auto warm_modules = warm_up_modules(warm, modules);
    if (structural_fingerprint(warm, warm_modules) != fingerprint)
      throw InputError(
          {scenario.warm_up->where.file}, "warm_up.scenario",
          "the warm-up scenario " + warm.file.string() +
              " does not fit this one (there: the warm-up scenario, here: this one): " +
              structural_difference(structural_fingerprint(warm, warm_modules), fingerprint));
    const Day until = scenario.report_from - 1;
    const std::string key = warm_up_key(warm, until, fingerprint);
    const std::filesystem::path dir = settings.warm_cache_dir.value_or(default_warm_cache_dir());
    const std::filesystem::path file =
        dir.empty() ? std::filesystem::path{} : dir / ("warm-" + key + ".ckpt");
    if (auto kept = file.empty() ? nullptr : recent_warm_up().find(key)) {
      warm_state = std::move(kept);
      restored_from = file;
      progress.days_total -=
          static_cast<std::uint64_t>(until - scenario.start + 1) * scenario.replications;
      outcome.warm_up_note = "warm-up from " + iso_date(scenario.start) + " restored from " +
                             file.string() + " (kept in memory since it was last used)";
    } else if (auto cached = cached_warm_up(file, key, fingerprint, until)) {
      warm_state = std::move(cached);
      restored_from = file;
      progress.days_total -=
          static_cast<std::uint64_t>(until - scenario.start + 1) * scenario.replications;
      outcome.warm_up_note =
          "warm-up from " + iso_date(scenario.start) + " restored from " + file.string();
    } else {
      std::vector<std::string> warm_states(scenario.replications);
      arena.execute([&] {
        tbb::parallel_for(std::uint32_t{0}, scenario.replications, [&](std::uint32_t r) {
          Replication replication(warm, warm_modules, r);
          advance(replication, until);
          warm_states[r] = save_state(replication);
        });
      });
      warm_state = std::make_shared<const Checkpoint>(
          Checkpoint{POLKU_VERSION, "warm-up " + key, fingerprint, until, std::move(warm_states)});
      outcome.warm_up_note = "warm-up from " + iso_date(scenario.start) + " simulated";
      if (!file.empty()) {
        // The cache is an optimisation: a folder that cannot be written costs only time.
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        try {
          if (!ec) {
            write_checkpoint(file, *warm_state);
            outcome.warm_up_note += " and cached in " + file.string();
          }
        } catch (const InputError&) {
          ec = std::make_error_code(std::errc::io_error);
        }
        if (ec) outcome.warm_up_note += " (cache folder " + dir.string() + " not writable)";
      }
      restored_from = file;
    }
    if (!file.empty()) recent_warm_up().keep(key, warm_state);
  }
  const Checkpoint* start_state = warm_state                      ? warm_state.get()
                                  : restored.replications.empty() ? nullptr
                                                                  : &restored;

  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t k) {
      const std::uint32_t r = mine[k];
      std::optional<ParameterOverlay> overlay;
      if (drawing) {
        const auto u = parameter_uniforms(scenario.seed, r, scenario.uncertainty);
        for (std::size_t i = 0; i < u.size(); ++i)
          draws[r].push_back(scenario.uncertainty[i].quantile(u[i]));
        overlay.emplace(scenario, modules, scenario.uncertainty, draws[r]);
      }
      Replication replication(scenario, overlay ? overlay->modules() : modules, r);
      if (start_state != nullptr) {
        load_state(replication, start_state->replications.at(r), restored_from);
        if (warm_restored) replication.discard_results();
      }
      if (saving) {
        advance(replication, *settings.checkpoint_at);
        states[r] = save_state(replication);
      }
      advance(replication, scenario.end);
      outcome.results.replications[r] = replication.values();
      agent_days[r] = replication.agent_days();
      events[r] = replication.events_delivered();
      tables[r] = replication.indicators();
    });
  });

  if (share.ranks > 1) {
    RunPart part;
    for (const auto r : mine) {
      part.replications.push_back(r);
      part.values.push_back(std::move(outcome.results.replications[r]));
      part.agent_days.push_back(agent_days[r]);
      part.events.push_back(events[r]);
      if (drawing) part.draws.push_back(draws[r]);
    }
    const auto parts = cluster::gather(to_bytes(part));
    for (const auto& bytes : parts) {
      auto p = from_bytes<RunPart>(bytes);
      for (std::size_t k = 0; k < p.replications.size(); ++k) {
        const auto r = p.replications[k];
        outcome.results.replications[r] = std::move(p.values[k]);
        agent_days[r] = p.agent_days[k];
        events[r] = p.events[k];
        if (drawing) draws[r] = std::move(p.draws[k]);
      }
    }
  }
  outcome.results.indicators = tables.front();  // replication 0 runs on the first process
  if (scenario.warm_up) {
    // The warm-up's months were discarded on restoring it, also in a checkpoint saved after it:
    // the results start at the planning start.
    outcome.results.first_month = month_index(scenario.report_from);
    outcome.results.months = month_index(scenario.end) - outcome.results.first_month + 1;
  } else {
    drop_warm_up_months(outcome.results, scenario.report_from);
  }
  outcome.parameter_draws = std::move(draws);
  outcome.results.parameter_uncertainty = drawing;
  if (saving)
    write_checkpoint(settings.checkpoint_file, {POLKU_VERSION, scenario.name, fingerprint,
                                                *settings.checkpoint_at, std::move(states)});
  outcome.agent_days = std::accumulate(agent_days.begin(), agent_days.end(), 0.0);
  outcome.events = std::accumulate(events.begin(), events.end(), std::uint64_t{0});
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

std::vector<std::vector<double>> evaluate_points(
    const Scenario& scenario, std::span<const ModuleBlueprint> modules,
    const std::vector<std::vector<double>>& points, std::uint32_t replications, unsigned threads,
    const std::function<std::vector<double>(const IndicatorTable&, const ReplicationValues&)>&
        reduce,
    const std::function<void(std::size_t, std::size_t)>& done) {
  const Share share = cluster::share();
  std::vector<std::uint64_t> mine;
  for (std::uint64_t j = 0; j < points.size(); ++j)
    if (share.mine(j)) mine.push_back(j);
  std::vector<std::vector<double>> outputs(points.size());
  std::mutex done_mutex;
  std::size_t finished = 0;

  const auto available = static_cast<unsigned>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  tbb::task_arena arena(static_cast<int>(threads == 0 ? available : std::min(threads, available)));
  arena.execute([&] {
    // One task per (point, replication), so a few points still keep every thread busy.
    std::vector<std::vector<std::vector<double>>> parts(mine.size());
    for (auto& p : parts) p.resize(replications);
    tbb::parallel_for(std::size_t{0}, mine.size() * replications, [&](std::size_t task) {
      const std::size_t k = task / replications;
      const auto r = static_cast<std::uint32_t>(task % replications);
      const ParameterOverlay overlay(scenario, modules, scenario.uncertainty, points[mine[k]]);
      Replication replication(scenario, overlay.modules(), r);
      replication.run_until(scenario.end);
      parts[k][r] = reduce(replication.indicators(), replication.values());
      if (done) {
        std::lock_guard lock(done_mutex);
        done(++finished, mine.size() * replications);
      }
    });
    for (std::size_t k = 0; k < mine.size(); ++k) {
      std::vector<double> mean(parts[k][0].size(), 0.0);
      for (const auto& part : parts[k])
        for (std::size_t i = 0; i < mean.size(); ++i) mean[i] += part[i];
      for (double& m : mean) m /= replications;
      outputs[mine[k]] = std::move(mean);
    }
  });
  if (share.ranks == 1) return outputs;

  std::vector<std::vector<double>> own;
  for (const auto j : mine) own.push_back(std::move(outputs[j]));
  const auto parts = cluster::gather(to_bytes(std::make_pair(mine, own)));
  for (const auto& bytes : parts) {
    auto [indices, values] =
        from_bytes<std::pair<std::vector<std::uint64_t>, std::vector<std::vector<double>>>>(bytes);
    for (std::size_t k = 0; k < indices.size(); ++k) outputs[indices[k]] = std::move(values[k]);
  }
  if (share.rank != 0) return {};
  return outputs;
}

}  // namespace polku

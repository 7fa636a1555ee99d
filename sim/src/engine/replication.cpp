#include "engine/replication.hpp"

#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <cmath>
#include <limits>

#include "engine/serialization.hpp"
#include "polku/errors.hpp"

namespace polku {

Replication::Replication(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
                         std::uint32_t replication)
    : scenario_(scenario),
      replication_(replication),
      key_(replication_key(scenario.seed, replication)),
      start_(scenario.start),
      end_(scenario.end),
      today_(scenario.start),
      next_day_(scenario.start),
      calendar_(static_cast<std::size_t>(scenario.end - scenario.start + 1)) {
  for (const auto& area : scenario.areas) areas_.push_back({area.name, area.members});
  modules_.reserve(modules.size());
  for (const auto& blueprint : modules) {
    modules_.push_back(blueprint.plugin->create(ModuleConfig{
        *blueprint.params, scenario.municipalities, areas_, scenario.start, scenario.end}));
    if (!modules_.back())
      throw ModelError("plugin '" + blueprint.plugin->name + "' created no module");
  }
  for (declaring_module_ = 0; declaring_module_ < modules_.size(); ++declaring_module_)
    modules_[declaring_module_]->declare(*this);
  month_.assign(scenario.municipalities.size() * indicators_.size(), 0.0);
}

Replication::~Replication() = default;

std::span<const std::string> Replication::municipalities() const noexcept {
  return scenario_.municipalities;
}

// --- Registry -----------------------------------------------------------------------------------

EventKind Replication::event_kind(std::string_view name) {
  if (event_owner_.size() >= std::numeric_limits<EventKind>::max())
    throw ModelError("too many event kinds");
  event_owner_.push_back(static_cast<std::uint16_t>(declaring_module_));
  event_names_.emplace_back(name);
  return static_cast<EventKind>(event_owner_.size() - 1);
}

IndicatorId Replication::indicator(std::string_view name, Measure measure) {
  for (std::size_t i = 0; i < indicators_.size(); ++i) {
    if (indicators_[i].name != name) continue;
    if (indicators_[i].aggregation != Aggregation::sum || indicators_[i].measure != measure)
      throw ModelError("indicator '" + std::string(name) + "' declared twice in different ways");
    return static_cast<IndicatorId>(i);
  }
  indicators_.push_back({std::string(name), Aggregation::sum, measure, 0, 0});
  return static_cast<IndicatorId>(indicators_.size() - 1);
}

IndicatorId Replication::ratio_indicator(std::string_view name, IndicatorId numerator,
                                         IndicatorId denominator, double scale) {
  for (const auto& def : indicators_)
    if (def.name == name) throw ModelError("indicator '" + std::string(name) + "' declared twice");
  indicators_.push_back(
      {std::string(name), Aggregation::ratio, Measure::stock, numerator, denominator, scale});
  return static_cast<IndicatorId>(indicators_.size() - 1);
}

// --- Population and events ----------------------------------------------------------------------

AgentRef Replication::register_jobseeker(const NewJobSeeker& who) {
  AgentRef a;
  if (!vacant_.empty()) {
    a = vacant_.back();
    vacant_.pop_back();
  } else {
    a = static_cast<AgentRef>(agents_.size());
    agents_.emplace_back();
  }
  JobSeeker& s = agents_[a];
  const std::uint32_t epoch =
      s.epoch;  // kept across reuse so the previous owner's events stay stale
  s = JobSeeker{};
  s.key = who.key;
  s.epoch = epoch;
  s.municipality = who.municipality;
  s.registered = who.registered;
  s.spell_start = who.spell_start;
  s.status = who.status;
  s.service = who.service;
  s.status_since = who.status == Status::unemployed ? who.spell_start : who.registered;
  ++population_;
  for (auto& m : modules_) m->on_register(*this, a);
  return a;
}

void Replication::set_status(AgentRef a, Status status) {
  const Status before = agents_[a].status;
  if (before == status) return;
  agents_[a].status = status;
  agents_[a].status_since = today_;
  for (auto& m : modules_) m->on_status_change(*this, a, before);
}

void Replication::move_home(AgentRef a, MunicipalityId to) {
  const MunicipalityId from = agents_[a].municipality;
  if (from == to) return;
  if (to >= scenario_.municipalities.size()) throw ModelError("move to an unknown municipality");
  agents_[a].municipality = to;
  for (auto& m : modules_) m->on_move(*this, a, from);
}

void Replication::deregister(AgentRef a, ExitReason why) {
  if (agents_[a].status == Status::vacant) throw ModelError("deregistering a vacant agent slot");
  for (auto& m : modules_) m->on_deregister(*this, a, why);
  agents_[a].status = Status::vacant;
  ++agents_[a].epoch;
  vacant_.push_back(a);
  --population_;
}

void Replication::schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload) {
  if (when < today_)
    throw ModelError("event '" + event_names_.at(kind) + "' scheduled in the past");
  if (when > end_) return;  // beyond the horizon: it can never fire
  calendar_[static_cast<std::size_t>(when - start_)].push_back(
      {a, agents_[a].epoch, kind, payload});
}

void Replication::cancel_events(AgentRef a) noexcept { ++agents_[a].epoch; }

void Replication::for_each_agent(const std::function<void(AgentRef)>& visit) {
  for (AgentRef a = 0; a < agents_.size(); ++a)
    if (agents_[a].status != Status::vacant) visit(a);
}

void Replication::add(IndicatorId id, MunicipalityId m, double amount) noexcept {
  month_[m * indicators_.size() + id] += amount;
}

void Replication::set(IndicatorId id, MunicipalityId m, double value) noexcept {
  month_[m * indicators_.size() + id] = value;
}

// --- The day loop -------------------------------------------------------------------------------

void Replication::run_until(Day last) {
  last = std::min(last, end_);
  for (; next_day_ <= last; ++next_day_) simulate_day(next_day_);
}

void Replication::simulate_day(Day day) {
  today_ = day;
  if (day == start_)
    for (auto& m : modules_) m->start(*this);
  for (auto& m : modules_) m->begin_day(*this);

  // Handlers may schedule more events for today, so the bucket can grow while it is walked.
  auto& bucket = calendar_[static_cast<std::size_t>(day - start_)];
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const Event e = bucket[i];
    if (agents_[e.agent].epoch != e.epoch) continue;
    ++events_delivered_;
    modules_[event_owner_[e.kind]]->on_event(*this, e.agent, e.kind, e.payload);
  }
  std::vector<Event>().swap(bucket);  // release the day's memory
  for (auto& m : modules_) m->end_day(*this);

  agent_days_ += static_cast<double>(population_);
  if (is_last_day_of_month(day) || day == end_) close_month();
}

void Replication::close_month() {
  for (auto& m : modules_) m->end_month(*this);
  const std::size_t n = indicators_.size();
  for (std::size_t muni = 0; muni < scenario_.municipalities.size(); ++muni) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto& def = indicators_[i];
      if (def.aggregation != Aggregation::ratio) continue;
      const double den = month_[muni * n + def.denominator];
      month_[muni * n + i] = den == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                                        : def.scale * month_[muni * n + def.numerator] / den;
    }
  }
  values_.values.insert(values_.values.end(), month_.begin(), month_.end());
  std::fill(month_.begin(), month_.end(), 0.0);
}

// --- Checkpoints --------------------------------------------------------------------------------

void Replication::save(boost::archive::binary_oarchive& ar) const {
  ar << replication_ << next_day_ << agents_ << vacant_ << population_ << agent_days_
     << events_delivered_;
  ar << month_ << values_.values;
  // Only the buckets still ahead hold events.
  for (Day d = next_day_; d <= end_; ++d) {
    const auto& bucket = calendar_[static_cast<std::size_t>(d - start_)];
    const std::uint64_t size = bucket.size();
    ar << size;
    for (const auto& e : bucket) ar << e.agent << e.epoch << e.kind << e.payload;
  }
  for (const auto& m : modules_) m->save(ar);
}

void Replication::load(boost::archive::binary_iarchive& ar) {
  std::uint32_t replication = 0;
  ar >> replication >> next_day_;
  if (replication != replication_) throw ModelError("checkpoint replication does not match");
  today_ = next_day_ - 1;
  ar >> agents_ >> vacant_ >> population_ >> agent_days_ >> events_delivered_;
  ar >> month_ >> values_.values;
  for (Day d = next_day_; d <= end_; ++d) {
    auto& bucket = calendar_[static_cast<std::size_t>(d - start_)];
    std::uint64_t size = 0;
    ar >> size;
    bucket.resize(size);
    for (auto& e : bucket) ar >> e.agent >> e.epoch >> e.kind >> e.payload;
  }
  for (auto& m : modules_) m->load(ar);
}

}  // namespace polku

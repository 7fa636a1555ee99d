#include "engine/replication.hpp"

#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/indicator_descriptions.hpp"
#include "engine/serialization.hpp"
#include "polku/errors.hpp"

namespace polku {
namespace {

constexpr const char* kPhaseNames[] = {"declare", "start",   "begin_day",
                                       "events",  "end_day", "end_month"};
}  // namespace

Replication::Replication(const Scenario& scenario, std::span<const ModuleBlueprint> modules,
                         std::uint32_t replication)
    : Simulation(scenario.start, scenario.end, replication,
                 replication_key(scenario.seed, replication)),
      scenario_(scenario),
      next_day_(scenario.start),
      calendar_(scenario.start, scenario.end) {
  for (const auto& area : scenario.areas) areas_.push_back({area.name, area.members});
  modules_.reserve(modules.size());
  for (const auto& blueprint : modules) {
    modules_.push_back(blueprint.plugin->create(ModuleConfig{
        *blueprint.params, scenario.municipalities, areas_, scenario.start, scenario.end}));
    plugins_.push_back(blueprint.plugin);
    if (!modules_.back())
      throw ModelError("plugin '" + blueprint.plugin->name + "' created no module");
  }
  for (std::size_t m = 0; m < modules_.size(); ++m)
    for (std::size_t h = 0; h < kHookCount; ++h)
      if ((plugins_[m]->hooks & (1u << h)) != 0) hooks_[h].push_back(m);

  // Field 0 holds the flag bits of every agent (detail::kFlagWords).
  fields_.push_back(
      {"flags", sizeof(std::uint32_t), alignof(std::uint32_t), "flag words", {0, 0, 0, 0}, -1, 0});
  for (caller_ = 0; caller_ < modules_.size(); ++caller_) modules_[caller_]->declare(*this);
  lay_out_rows();
  for (auto& def : indicators_) describe_indicator(def, plugins_, service_kinds_);
  for (const auto& f : fields_) field_addresses_.owned.push_back(f.owner >= 0 ? 1 : 0);
  field_addresses_.owned.front() = 1;
  refresh_row_addresses();
  columns_ = &field_addresses_;
  month_values_.assign(scenario.municipalities.size() * indicators_.size(), 0.0);
  month_ = month_values_.data();
  indicator_count_ = indicators_.size();
  phase_ = Phase::start;
}

Replication::~Replication() = default;

std::span<const std::string> Replication::municipalities() const noexcept {
  return scenario_.municipalities;
}

template <class Call>
void Replication::as_module(std::size_t module, Call call) {
  const std::size_t saved = caller_;
  caller_ = module;
  call();
  caller_ = saved;
}

template <class Call>
void Replication::each(HookIndex hook, Call call) {
  for (const std::size_t m : hooks_[hook]) as_module(m, [&] { call(*modules_[m]); });
}

// --- Registry -----------------------------------------------------------------------------------

const std::string& Replication::calling_module() const { return plugins_.at(caller_)->name; }

EventKind Replication::event_kind(std::string_view name) {
  if (event_owner_.size() >= std::numeric_limits<EventKind>::max())
    throw ModelError("too many event kinds");
  event_owner_.push_back(static_cast<std::uint16_t>(caller_));
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

ServiceKindId Replication::service_kind(const ServiceKindInfo& info) {
  if (phase_ != Phase::declare) throw ModelError("service kinds are registered in declare()");
  if (info.id == kNoService)
    throw ModelError("module '" + calling_module() + "' registers service kind '" + info.name +
                     "' with id 0, which means none");
  if (service_owner_[info.id] != 0)
    throw ModelError("module '" + calling_module() + "' registers service kind '" + info.name +
                     "' with id " + std::to_string(info.id) + ", already taken by module '" +
                     plugins_[static_cast<std::size_t>(service_owner_[info.id] - 1)]->name + "'");
  for (const auto& k : service_kinds_)
    if (k.name == info.name) throw ModelError("service kind '" + info.name + "' registered twice");
  service_owner_[info.id] = static_cast<int>(caller_) + 1;
  service_kinds_.push_back(info);
  return info.id;
}

void Replication::define_spells() {
  if (spell_owner_ >= 0 && spell_owner_ != static_cast<int>(caller_))
    throw ModelError("modules '" + plugins_[static_cast<std::size_t>(spell_owner_)]->name +
                     "' and '" + calling_module() + "' both define unemployment spells");
  spell_owner_ = static_cast<int>(caller_);
}

std::string Replication::qualified(std::string_view name, bool owner) const {
  if (name.empty()) throw ModelError("module '" + calling_module() + "' names an empty field");
  const bool has_dot = name.find('.') != std::string_view::npos;
  if (owner && has_dot)
    throw ModelError("module '" + calling_module() + "' registers field '" + std::string(name) +
                     "': a module names only its own fields, without a module prefix");
  if (!owner && !has_dot)
    throw ModelError("module '" + calling_module() + "' asks for field '" + std::string(name) +
                     "': name another module's field as <module>.<field>");
  return owner ? calling_module() + "." + std::string(name) : std::string(name);
}

const Replication::Column& Replication::column_named(std::string_view name,
                                                     std::size_t size) const {
  for (const auto& c : fields_)
    if (c.name == name && c.size == size) return c;
  throw ModelError("no agent field '" + std::string(name) + "' of " + std::to_string(size) +
                   " bytes");
}

FieldId Replication::field(std::string_view name, const FieldType& type, const void* initial,
                           bool owner) {
  if (phase_ != Phase::declare) throw ModelError("agent fields are registered in declare()");
  const std::string full = qualified(name, owner);
  auto it =
      std::find_if(fields_.begin(), fields_.end(), [&](const Column& c) { return c.name == full; });
  if (it == fields_.end()) {
    if (fields_.size() >= kNoField) throw ModelError("too many agent fields");
    Column c{full, type.size, type.align, type.name, std::vector<unsigned char>(type.size, 0),
             -1,   0};
    it = fields_.insert(fields_.end(), std::move(c));
  } else if (it->size != type.size || it->type != type.name) {
    throw ModelError("field '" + full + "' is used with two different types (by module '" +
                     calling_module() + "' and another)");
  }
  if (owner) {
    if (it->owner >= 0)
      throw ModelError("field '" + full + "' registered twice by module '" + calling_module() +
                       "'");
    it->owner = static_cast<int>(caller_);
    std::memcpy(it->initial.data(), initial, type.size);
  }
  return static_cast<FieldId>(it - fields_.begin());
}

Registry::FlagSlot Replication::flag(std::string_view name, bool owner) {
  if (phase_ != Phase::declare) throw ModelError("agent flags are registered in declare()");
  const std::string full = qualified(name, owner);
  auto it =
      std::find_if(fields_.begin(), fields_.end(), [&](const Column& c) { return c.name == full; });
  if (it == fields_.end()) {
    if (next_flag_bit_ == 32) throw ModelError("more than 32 agent flags");
    it = fields_.insert(fields_.end(), Column{full, 0, 1, "flag", {}, -1, 1u << next_flag_bit_++});
  } else if (it->size != 0) {
    throw ModelError("'" + full + "' is a field, not a flag");
  }
  if (owner) {
    if (it->owner >= 0)
      throw ModelError("flag '" + full + "' registered twice by module '" + calling_module() + "'");
    it->owner = static_cast<int>(caller_);
  }
  return {static_cast<FieldId>(it - fields_.begin()), it->mask};
}

// --- Population and events ----------------------------------------------------------------------

void Replication::lay_out_rows() {
  // The widest alignment first, so the fields pack without gaps; ties keep the order of
  // declaration, so a scenario's layout does not depend on anything but its modules.
  std::vector<std::size_t> order;
  for (std::size_t f = 0; f < fields_.size(); ++f)
    if (fields_[f].size != 0) order.push_back(f);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return fields_[x].align > fields_[y].align;
  });
  std::size_t end = sizeof(Slot);  // the engine's part first
  for (const std::size_t f : order) {
    Column& c = fields_[f];
    if (c.align > engine::kCacheLine / 2)
      throw ModelError("field '" + c.name + "' needs a wider alignment");
    c.offset = (end + c.align - 1) / c.align * c.align;
    end = c.offset + c.size;
  }
  // Whole half lines: a row that starts on a line or half-way through one spans no more lines
  // than its size in whole lines, without the padding of whole lines (89 bytes take 96, not 128).
  constexpr std::size_t kHalfLine = engine::kCacheLine / 2;
  stride_ = (end + kHalfLine - 1) / kHalfLine * kHalfLine;
  initial_row_.assign(stride_, std::byte{0});
  for (const std::size_t f : order)
    std::memcpy(initial_row_.data() + fields_[f].offset, fields_[f].initial.data(),
                fields_[f].size);
}

void Replication::refresh_row_addresses() {
  field_addresses_.base.resize(fields_.size());
  field_addresses_.stride = stride_;
  for (std::size_t f = 0; f < fields_.size(); ++f)
    // Before the first person registers there are no rows, hence no addresses.
    field_addresses_.base[f] =
        fields_[f].size == 0 || row_base_ == nullptr ? nullptr : row_base_ + fields_[f].offset;
  records_ = row_base_;
  record_stride_ = stride_;
}

void Replication::grow_rows() {
  // Doubling, so registering people costs amortised constant time for every field together.
  const std::size_t capacity = std::max<std::size_t>({1024, 2 * slots_capacity_, slot_count_});
  LargeBuffer storage(capacity * stride_, engine::kCacheLine);  // each row is set when it is taken
  if (slots_capacity_ > 0) std::memcpy(storage.data(), row_base_, slots_capacity_ * stride_);
  row_storage_ = std::move(storage);
  row_base_ = row_storage_.data();
  slots_capacity_ = capacity;
  refresh_row_addresses();
}

AgentRef Replication::register_jobseeker(const NewJobSeeker& who) {
  AgentRef a;
  if (!vacant_.empty()) {
    a = vacant_.back();
    vacant_.pop_back();
    // Registrations come in runs (the day's inflow): the next one will take this row.
    if (!vacant_.empty()) prefetch_row(vacant_.back());
  } else {
    a = static_cast<AgentRef>(slot_count_++);
    if (slot_count_ > slots_capacity_) grow_rows();
    slot(a).epoch = 0;  // kept across reuse, so the previous owner's events stay stale
  }
  JobSeeker& s = slot(a).person;
  s = JobSeeker{};
  s.key = who.key;
  s.municipality = who.municipality;
  s.registered = who.registered;
  s.spell_start = who.spell_start;
  s.status = who.status;
  s.service = who.service;
  s.status_since = who.status == Status::unemployed ? who.spell_start : who.registered;
  std::memcpy(row(a) + sizeof(Slot), initial_row_.data() + sizeof(Slot), stride_ - sizeof(Slot));
  ++population_;
  each(kOnRegister, [&](Module& m) { m.on_register(*this, a); });
  return a;
}

void Replication::set_status(AgentRef a, Status status) {
  JobSeeker& s = slot(a).person;
  const Status before = s.status;
  if (before == status) return;
  s.status = status;
  s.status_since = today_;
  each(kOnStatusChange, [&](Module& m) { m.on_status_change(*this, a, before); });
}

void Replication::move_home(AgentRef a, MunicipalityId to) {
  const MunicipalityId from = slot(a).person.municipality;
  if (from == to) return;
  if (to >= scenario_.municipalities.size()) throw ModelError("move to an unknown municipality");
  slot(a).person.municipality = to;
  each(kOnMove, [&](Module& m) { m.on_move(*this, a, from); });
}

bool Replication::claim_service(AgentRef a, ServiceKindId kind) {
  if (service_owner_[kind] != static_cast<int>(caller_) + 1)
    throw ModelError("module '" + calling_module() + "' claims a person for service kind " +
                     std::to_string(kind) + ", which it did not register");
  ServiceKindId& held = slot(a).person.service;
  if (held == kNoService) held = kind;
  return held == kind;
}

void Replication::release_service(AgentRef a, ServiceKindId kind) {
  if (service_owner_[kind] != static_cast<int>(caller_) + 1 || slot(a).person.service != kind)
    throw ModelError("module '" + calling_module() + "' releases a person from service kind " +
                     std::to_string(kind) + ", which does not hold them for it");
  slot(a).person.service = kNoService;
}

void Replication::restart_spell(AgentRef a) {
  if (spell_owner_ != static_cast<int>(caller_))
    throw ModelError("module '" + calling_module() +
                     "' restarts an unemployment spell without declaring define_spells()");
  slot(a).person.spell_start = today_;
}

void Replication::deregister(AgentRef a, ExitReason why) {
  if (slot(a).person.status == Status::vacant)
    throw ModelError("deregistering a vacant agent slot");
  each(kOnDeregister, [&](Module& m) { m.on_deregister(*this, a, why, *this); });
  slot(a).person.status = Status::vacant;
  ++slot(a).epoch;
  vacant_.push_back(a);
  --population_;
}

void Replication::schedule(AgentRef a, Day when, EventKind kind, std::uint16_t payload) {
  if (when < today_)
    throw ModelError("event '" + event_names_.at(kind) + "' scheduled in the past");
  if (when == today_ && phase_ > Phase::events)
    throw ModelError("event '" + event_names_.at(kind) + "' scheduled for today in " +
                     kPhaseNames[static_cast<int>(phase_)] +
                     ", after today's events were delivered: it would never be");
  if (when > end_) return;  // beyond the horizon: it can never fire
  calendar_.push(when, {a, slot(a).epoch, kind, payload});
}

void Replication::cancel_events(AgentRef a) noexcept { ++slot(a).epoch; }

void Replication::for_each_agent(const std::function<void(AgentRef)>& visit) const {
  for (AgentRef a = 0; a < slot_count_; ++a)
    if (slot(a).person.status != Status::vacant) visit(a);
}

// --- The day loop -------------------------------------------------------------------------------

void Replication::run_until(Day last) {
  if (!results_fit_)
    throw InputError(
        "the checkpoint's indicator values do not fit this scenario's indicators: it was saved "
        "by a scenario whose modules report others");
  last = std::min(last, end_);
  for (; next_day_ <= last; ++next_day_) simulate_day(next_day_);
}

void Replication::simulate_day(Day day) {
  today_ = day;
  if (day == start_) {
    phase_ = Phase::start;
    each(kStart, [&](Module& m) { m.start(*this); });
  }
  phase_ = Phase::begin_day;
  each(kBeginDay, [&](Module& m) { m.begin_day(*this); });

  // Handlers may schedule more events for today; the calendar delivers them too. The agents of
  // events a few places ahead are fetched into the cache while the current one is handled.
  phase_ = Phase::events;
  calendar_.drain(
      day, [&](const Event& later) { prefetch_row(later.agent); },
      [&](const Event& e) {
        if (slot(e.agent).epoch != e.epoch) return;
        ++events_delivered_;
        const std::size_t owner = event_owner_[e.kind];
        as_module(owner, [&] { modules_[owner]->on_event(*this, e.agent, e.kind, e.payload); });
      });
  phase_ = Phase::end_day;
  each(kEndDay, [&](Module& m) { m.end_day(*this); });
  if (calendar_.pending() > compact_above_) drop_events_of_former_slots();

  agent_days_ += static_cast<double>(population_);
  if (is_last_day_of_month(day) || day == end_) close_month();
}

void Replication::drop_events_of_former_slots() {
  // The epochs alone, in one pass over the rows, so the check of each event hits the cache.
  epoch_snapshot_.resize(slot_count_);
  for (AgentRef a = 0; a < slot_count_; ++a) epoch_snapshot_[a] = slot(a).epoch;
  const std::size_t kept = calendar_.compact(
      today_, [&](const Event& e) { return epoch_snapshot_[e.agent] == e.epoch; });
  compact_above_ = std::max(kCompactAtLeast, kept + kept / kCompactGrowthDivisor);
}

void Replication::close_month() {
  phase_ = Phase::end_month;
  each(kEndMonth, [&](Module& m) { m.end_month(*this, *this); });
  const std::size_t n = indicators_.size();
  for (std::size_t muni = 0; muni < scenario_.municipalities.size(); ++muni) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto& def = indicators_[i];
      if (def.aggregation != Aggregation::ratio) continue;
      const double den = month_values_[muni * n + def.denominator];
      month_values_[muni * n + i] = den == 0.0
                                        ? std::numeric_limits<double>::quiet_NaN()
                                        : def.scale * month_values_[muni * n + def.numerator] / den;
    }
  }
  values_.values.insert(values_.values.end(), month_values_.begin(), month_values_.end());
  std::fill(month_values_.begin(), month_values_.end(), 0.0);
}

// --- Checkpoints --------------------------------------------------------------------------------

void Replication::save(boost::archive::binary_oarchive& ar) const {
  // Column by column (the records, the epochs, each field): the checkpoint does not depend on
  // the row layout.
  std::vector<JobSeeker> people(slot_count_);
  std::vector<std::uint32_t> epochs(slot_count_);
  for (AgentRef a = 0; a < slot_count_; ++a) {
    people[a] = slot(a).person;
    epochs[a] = slot(a).epoch;
  }
  ar << replication_ << next_day_ << people << epochs << vacant_ << population_ << agent_days_
     << events_delivered_;
  const std::uint64_t fields = fields_.size();
  ar << fields;
  std::vector<unsigned char> column;
  for (const auto& f : fields_) {
    column.resize(slot_count_ * f.size);
    for (AgentRef a = 0; a < slot_count_; ++a)
      std::memcpy(column.data() + a * f.size, row(a) + f.offset, f.size);
    ar << f.name << column;
  }
  ar << month_values_ << values_.values;
  // Only the buckets still ahead hold events.
  for (Day d = next_day_; d <= end_; ++d) {
    const std::uint64_t size = calendar_.count(d);
    ar << size;
    calendar_.for_each(d, [&](const Event& e) { ar << e.agent << e.epoch << e.kind << e.payload; });
  }
  for (const auto& m : modules_) m->save(ar);
}

void Replication::load(boost::archive::binary_iarchive& ar) {
  std::uint32_t replication = 0;
  ar >> replication >> next_day_;
  if (replication != replication_) throw ModelError("checkpoint replication does not match");
  today_ = next_day_ - 1;
  std::vector<JobSeeker> people;
  std::vector<std::uint32_t> epochs;
  ar >> people >> epochs >> vacant_ >> population_ >> agent_days_ >> events_delivered_;
  std::uint64_t fields = 0;
  ar >> fields;
  if (fields != fields_.size() || epochs.size() != people.size())
    throw InputError("the checkpoint's agent fields differ from this scenario's modules'");
  slot_count_ = people.size();
  slots_capacity_ = 0;
  grow_rows();
  for (AgentRef a = 0; a < slot_count_; ++a) {
    slot(a).person = people[a];
    slot(a).epoch = epochs[a];
  }
  std::vector<unsigned char> column;
  for (auto& f : fields_) {
    std::string name;
    ar >> name >> column;
    if (name != f.name || column.size() != slot_count_ * f.size)
      throw InputError("the checkpoint's agent field '" + name + "' does not fit field '" + f.name +
                       "' of this scenario");
    for (AgentRef a = 0; a < slot_count_; ++a)
      std::memcpy(row(a) + f.offset, column.data() + a * f.size, f.size);
  }
  check_restored_agents();
  ar >> month_values_ >> values_.values;
  // A warm-up's state may come from modules reporting other indicators; its results are then
  // discarded (discard_results) before the run goes on, and otherwise refused in run_until.
  results_fit_ = month_values_.size() == scenario_.municipalities.size() * indicators_.size() &&
                 (month_values_.empty() ? values_.values.empty()
                                        : values_.values.size() % month_values_.size() == 0);
  month_ = month_values_.data();
  for (Day d = next_day_; d <= end_; ++d) {
    std::uint64_t size = 0;
    ar >> size;
    for (std::uint64_t k = 0; k < size; ++k) {
      Event e{};
      ar >> e.agent >> e.epoch >> e.kind >> e.payload;
      if (e.agent >= slot_count_ || e.kind >= event_owner_.size())
        throw InputError(
            "the checkpoint's calendar names an agent or event kind that does not exist");
      calendar_.push(d, e);
    }
  }
  for (auto& m : modules_) m->load(ar);
  phase_ = Phase::end_day;
}

void Replication::check_restored_agents() const {
  // The checksum catches damage, not a file made on purpose: every slot index and every value
  // used as an index must be checked before the run writes through it.
  const auto refuse = [](const std::string& what) {
    throw InputError("the checkpoint's agents are inconsistent: " + what);
  };
  std::vector<bool> listed(slot_count_, false);
  for (const AgentRef a : vacant_) {
    if (a >= slot_count_)
      refuse("a free slot " + std::to_string(a) + " beyond the " + std::to_string(slot_count_) +
             " slots");
    if (listed[a] || slot(a).person.status != Status::vacant)
      refuse("slot " + std::to_string(a) + " is listed as free twice or is in use");
    listed[a] = true;
  }
  std::size_t in_use = 0;
  for (AgentRef a = 0; a < slot_count_; ++a) {
    const JobSeeker& s = slot(a).person;
    if (s.status == Status::vacant) {
      if (!listed[a]) refuse("slot " + std::to_string(a) + " is neither in use nor free");
      continue;
    }
    ++in_use;
    if (static_cast<int>(s.status) >= kStatusCount)
      refuse("slot " + std::to_string(a) + " has an unknown status");
    if (s.municipality >= scenario_.municipalities.size())
      refuse("slot " + std::to_string(a) + " lives in an unknown municipality");
    if (s.service != kNoService && service_owner_[s.service] == 0)
      refuse("slot " + std::to_string(a) + " is held by an unregistered service kind");
  }
  if (in_use != population_)
    refuse(std::to_string(in_use) + " slots in use but a population of " +
           std::to_string(population_));
}

}  // namespace polku

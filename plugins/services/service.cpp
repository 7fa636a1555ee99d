// A service kind as a policy module: referral, lead time, capacity with a waiting list, a
// service period with lock-in, and what follows it. Built once per kind (POLKU_SERVICE_KIND).
//
// Referral times are drawn in closed form whenever a job-seeker becomes unemployed and stamped
// with that status period, so a referral that arrives after the person found work or entered
// another service is ignored. Capacity is a number of concurrent seats per pool (municipality,
// employment area, or all), scaled by a dated multiplier; referred people wait in a first-come
// first-served queue until a seat frees or their referral lapses.
//
// A pilot customer's referral hazard differs from others' (pilot_customer_factor, target_group
// pilot_customer). When the day one becomes a customer is known, the time is drawn from the
// piecewise-constant hazard; when it is not (a rule assessed monthly), candidate times are drawn
// at the highest rate the person may reach and each is kept with the ratio of the rate then in
// force to that rate (thinning), so the practices reach a customer from the day they join.
//
// A run restored under other referral parameters (a variant forked from a warm-up, a drawn
// assumption) redraws the pending referrals of everyone unemployed on its first day
// (polku/drawn_under.hpp), so the change reaches the whole stock at once.
#include <algorithm>
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>
#include <deque>
#include <numeric>
#include <sstream>

#include "polku/drawn_under.hpp"
#include "polku/errors.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"
#include "service_defaults.hpp"

#ifndef POLKU_SERVICE_KIND
#error "POLKU_SERVICE_KIND must name the service kind this module is built for"
#endif

namespace polku::services {
namespace {

constexpr const ServiceDefaults& defaults_of(std::string_view name) {
  for (const auto& d : kServiceDefaults)
    if (d.name == name) return d;
  throw "unknown service kind";  // compile-time error when evaluated in a constant expression
}
constexpr const ServiceDefaults& kDefaults = defaults_of(POLKU_SERVICE_KIND);
constexpr ServiceKindId kKind = kDefaults.id;

/// Where a person stands in this service (the module's agent field `phase`).
/// kReferralUsed: this status period's referral came and left the person unemployed (busy with
/// another kind, or the wait lapsed); no other is drawn until the status changes, and a redraw
/// after a restore must not give one either.
enum Phase : std::uint8_t { kNone = 0, kLeadTime = 1, kQueued = 2, kIn = 3, kReferralUsed = 4 };

/// Who may be referred (the `target_group` parameter), decoded once.
enum class Target : std::uint8_t {
  all,
  foreign_language,
  partial_work_ability,
  under_30,
  no_vocational_education,
  pilot_customer
};

/// The parameter's values, in the order of `Target`: one list for the schema and the decoding.
constexpr std::array<std::string_view, 6> kTargetNames = {
    "all",      "foreign_language",        "partial_work_ability",
    "under_30", "no_vocational_education", "pilot_customer"};

Target target_of(const std::string& s) {
  for (std::size_t t = 0; t < kTargetNames.size(); ++t)
    if (kTargetNames[t] == s) return static_cast<Target>(t);
  throw ModelError("services: unknown target_group '" + s + "' (the schema lists the choices)");
}

Delivery delivery_of(const std::string& s) {
  if (s == "causation") return Delivery::causation;
  if (s == "central") return Delivery::central;
  if (s == "procured") return Delivery::procured;
  return Delivery::local;
}

struct Waiting {
  AgentRef agent;
  std::uint64_t key;  ///< guards against a reused slot
  Day since;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& agent& key& since;
  }
};

struct Pool {
  double seats = 0;  ///< base capacity before the dated multiplier
  std::int64_t occupied = 0;
  std::deque<Waiting> queue;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& occupied& queue;
  }
};

class Service final : public Module {
 public:
  explicit Service(const ModuleConfig& config)
      : referral_rate_(config.params.real("referral_rate")),
        referral_factor_(config.params.per_municipality("referral_factor")),
        pilot_customer_factor_(config.params.real("pilot_customer_factor")),
        min_registered_(static_cast<Day>(config.params.integer("min_registered_days"))),
        target_(target_of(config.params.string("target_group"))),
        lead_(static_cast<Day>(config.params.integer("lead_days"))),
        unlimited_(config.params.string("capacity_mode") == "unlimited"),
        schedule_(config.params.dated("capacity_schedule")),
        cut_ends_periods_(config.params.string("capacity_cut") == "end_periods"),
        max_wait_(static_cast<Day>(config.params.integer("max_wait_days"))),
        duration_min_(static_cast<Day>(config.params.integer("duration_min_days"))),
        duration_max_(static_cast<Day>(config.params.integer("duration_max_days"))),
        employment_after_(config.params.real("employment_after")),
        initial_(config.params.per_municipality("initial_participants")),
        cost_per_day_(config.params.real("cost_per_day")),
        delivery_(delivery_of(config.params.string("delivery"))),
        participants_(config.municipalities.size(), 0),
        waiting_(config.municipalities.size(), 0) {
    build_pools(config, config.params.string("capacity_pool"),
                config.params.per_municipality("seats"));
    std::vector<double> referral_parameters = referral_factor_;
    referral_parameters.insert(referral_parameters.end(), {referral_rate_, pilot_customer_factor_,
                                                           static_cast<double>(min_registered_),
                                                           static_cast<double>(target_)});
    drawn_under_ = DrawnUnder(std::move(referral_parameters));
  }

  void declare(Registry& registry) override {
    const std::string kind(kDefaults.name);
    registry.service_kind({.name = kind,
                           .id = kKind,
                           .ends_spell_as = kDefaults.spell_end_reason,
                           .cost_per_day = cost_per_day_,
                           .delivery = delivery_,
                           .paid_work = kDefaults.spell_end_reason == ExitReason::subsidised_job,
                           .label_fi = std::string(kDefaults.label_fi),
                           .label_en = std::string(kDefaults.label_en)});
    phase_ = registry.agent_field<std::uint8_t>("phase", kNone);
    age_ = registry.field_view<std::uint8_t>(person::kAge);
    rarely_referred_ = registry.flag_view(person::kRarelyReferred);
    foreign_language_ = registry.flag_view(person::kForeignLanguage);
    partial_work_ability_ = registry.flag_view(person::kPartialWorkAbility);
    vocational_education_ = registry.flag_view(person::kVocationalEducation);
    pilot_day_ = registry.field_view<Day>(person::kPilotCustomerDay);
    referral_ = registry.event_kind(kind + ".referral");
    lead_done_ = registry.event_kind(kind + ".lead_time_over");
    end_ = registry.event_kind(kind + ".end");
    // Registered whatever the parameters, so a variant restored from another's checkpoint numbers
    // its event kinds the same way.
    candidate_ = registry.event_kind(kind + ".referral_candidate");
    cut_ = registry.event_kind(kind + ".capacity_cut");
    in_service_id_ = registry.indicator("in_service." + kind, Measure::stock);
    waiting_id_ = registry.indicator("waiting." + kind, Measure::stock);
    referrals_id_ = registry.indicator("referrals." + kind, Measure::flow);
    starts_id_ = registry.indicator("starts." + kind, Measure::flow);
    lapsed_id_ = registry.indicator("referrals_lapsed." + kind, Measure::flow);
  }

  void start(Simulation& sim) override {
    // Those already in the service on the start day. In a steady state, the period a participant
    // is found in is length-biased (density proportional to its length) and the time already
    // spent is a uniform fraction of it; both are drawn so.
    const auto a2 = static_cast<double>(duration_min_) * duration_min_;
    const auto b2 = static_cast<double>(duration_max_) * duration_max_;
    for (MunicipalityId m = 0; m < initial_.size(); ++m) {
      const auto count = static_cast<std::uint32_t>(std::llround(initial_[m]));
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t key = subject::initial_in_service(kKind, m, i);
        auto random =
            sim.random(key, static_cast<Stream>(per_kind(Stream::service_initial, kKind)));
        const double length = std::sqrt(a2 + random.uniform() * (b2 - a2));
        const auto spent = static_cast<Day>(random.uniform() * length);
        const Day started = sim.today() - spent;
        initial_until_ =
            sim.today() + std::max<Day>(1, static_cast<Day>(std::ceil(length)) - spent);
        sim.register_jobseeker({.key = key,
                                .municipality = m,
                                .registered = started,
                                .spell_start = started,
                                .status = Status::in_service,
                                .service = kKind});
      }
    }
  }

  /// On the day capacity_schedule lowers the seats, with capacity_cut end_periods: the periods
  /// beyond the new seats of each pool end today (chosen at random, by the person's draw).
  void begin_day(Simulation& sim) override {
    if (drawn_under_.take_redraw())
      sim.for_each_agent([&](AgentRef a) {
        if (phase_(sim, a) == kNone) draw_referral(sim, a);  // a referral still to come
      });
    if (!cut_ends_periods_ || unlimited_) return;
    const Day today = sim.today();
    if (std::find(schedule_.dates.begin(), schedule_.dates.end(), today) == schedule_.dates.end())
      return;
    const double multiplier = schedule_.at(today, 1.0);
    if (multiplier >= schedule_.at(today - 1, 1.0)) return;
    struct Participant {
      double draw;
      std::uint64_t key;
      AgentRef agent;
    };
    std::vector<std::vector<Participant>> by_pool(pools_.size());
    sim.for_each_agent([&](AgentRef a) {
      const JobSeeker& s = sim.agent(a);
      if (s.service != kKind || phase_(sim, a) != kIn) return;
      auto random =
          sim.random(s.key, static_cast<Stream>(per_kind(Stream::service_capacity_cut, kKind)));
      by_pool[pool_of_[s.municipality]].push_back({random.uniform(), s.key, a});
    });
    for (std::size_t p = 0; p < pools_.size(); ++p) {
      auto& participants = by_pool[p];
      const auto keep = static_cast<std::size_t>(capacity(pools_[p], multiplier));
      if (participants.size() <= keep) continue;
      std::sort(participants.begin(), participants.end(), [](const auto& x, const auto& y) {
        return x.draw != y.draw ? x.draw < y.draw : x.key < y.key;
      });
      for (std::size_t i = keep; i < participants.size(); ++i) {
        const AgentRef a = participants[i].agent;
        sim.schedule(a, today, cut_, status_stamp(sim.agent(a)));
      }
    }
  }

  void on_register(Simulation& sim, AgentRef a) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status == Status::in_service && s.service == kKind) {
      begin_period(sim, a, initial_until_);  // one of ours from start(), with its drawn end
      return;
    }
    draw_referral(sim, a);
  }

  void on_status_change(Simulation& sim, AgentRef a, Status before) override {
    const JobSeeker& s = sim.agent(a);
    if (before == Status::in_service && s.service == kKind && phase_(sim, a) == kIn) {
      leave_seat(s);  // someone else ended the period (e.g. another module); free the seat
      sim.release_service(a, kKind);
      phase_(sim, a) = kNone;
    }
    if (phase_(sim, a) == kReferralUsed) phase_(sim, a) = kNone;  // a new status period
    draw_referral(sim, a);
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    const JobSeeker& s = sim.agent(a);
    if (s.service != kKind) return;
    // Counts follow the person's home: a participant's seat moves to the new home's pool, and a
    // queued referral to the new pool's queue, keeping its place by the day it joined.
    Pool& was = pools_[pool_of_[from]];
    Pool& now = pools_[pool_of_[s.municipality]];
    if (phase_(sim, a) == kIn) {
      --participants_[from], ++participants_[s.municipality];
      --was.occupied, ++now.occupied;
    } else if (phase_(sim, a) == kQueued) {
      --waiting_[from], ++waiting_[s.municipality];
      if (&was == &now) return;
      const auto entry = std::find_if(was.queue.begin(), was.queue.end(), [&](const Waiting& w) {
        return w.agent == a && w.key == s.key;
      });
      if (entry == was.queue.end()) return;
      const Waiting moved = *entry;
      was.queue.erase(entry);
      const auto at = std::upper_bound(now.queue.begin(), now.queue.end(), moved.since,
                                       [](Day since, const Waiting& w) { return since < w.since; });
      now.queue.insert(at, moved);
    }
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    const JobSeeker& s = sim.agent(a);
    if (s.service != kKind) return;
    if (phase_(sim, a) == kIn) leave_seat(s);
    if (phase_(sim, a) == kQueued) --waiting_[s.municipality];
  }

  void on_event(Simulation& sim, AgentRef a, EventKind kind, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    // Over if the status period it was meant for is over (or the referral was redrawn since).
    const bool referral_draw = kind == referral_ || kind == candidate_;
    if (payload != (referral_draw ? drawn_under_.stamp(status_stamp(s)) : status_stamp(s))) return;
    if (kind == referral_) return refer(sim, a);
    if (kind == candidate_) return check_candidate(sim, a);
    if (kind == lead_done_) return join_queue(sim, a);
    if (kind == end_) return finish(sim, a);
    if (kind == cut_) return cut_short(sim, a);
  }

  void end_day(Simulation& sim) override {
    if (!is_business_day(sim.today())) return;
    const double multiplier = schedule_.at(sim.today(), 1.0);
    for (auto& pool : pools_) {
      const std::int64_t seats_now = capacity(pool, multiplier);
      while (!pool.queue.empty()) {
        const Waiting w = pool.queue.front();
        // The person may have left (the slot reused since) or moved on from the queue.
        const bool valid = sim.holds(w.agent, w.key) &&
                           sim.agent(w.agent).status == Status::unemployed &&
                           sim.agent(w.agent).service == kKind && phase_(sim, w.agent) == kQueued;
        if (!valid) {
          pool.queue.pop_front();
          continue;
        }
        const JobSeeker& s = sim.agent(w.agent);
        if (sim.today() - w.since > max_wait_) {
          pool.queue.pop_front();
          --waiting_[s.municipality];
          sim.release_service(w.agent, kKind);
          phase_(sim, w.agent) = kReferralUsed;
          sim.add(lapsed_id_, s.municipality, 1.0);
          continue;
        }
        if (pool.occupied >= seats_now) break;
        pool.queue.pop_front();
        --waiting_[s.municipality];
        start_period(sim, w.agent);
      }
    }
  }

  void end_month(const Simulation& /*sim*/, Indicators& out) override {
    for (MunicipalityId m = 0; m < participants_.size(); ++m) {
      out.set(in_service_id_, m, static_cast<double>(participants_[m]));
      out.set(waiting_id_, m, static_cast<double>(waiting_[m]));
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    ar << pool_of_ << pools_ << participants_ << waiting_;
    drawn_under_.save(ar);
  }
  void load(boost::archive::binary_iarchive& ar) override {
    // Occupancy and queues come from the checkpoint; the pooling and seats from this scenario,
    // which must pool the same way.
    std::vector<std::uint16_t> saved_pool_of;
    std::vector<Pool> saved;
    ar >> saved_pool_of >> saved;
    load_same_shape(ar, participants_, std::string(kDefaults.name) + " participants");
    load_same_shape(ar, waiting_, std::string(kDefaults.name) + " waiting counts");
    drawn_under_.load(ar);
    if (saved_pool_of != pool_of_ || saved.size() != pools_.size())
      throw InputError(
          "the checkpoint's " + std::string(kDefaults.name) +
          " capacity_pool differs from this scenario's; restore with the same pooling");
    for (std::size_t p = 0; p < pools_.size(); ++p) {
      pools_[p].occupied = saved[p].occupied;
      pools_[p].queue = std::move(saved[p].queue);
    }
  }

 private:
  void build_pools(const ModuleConfig& config, const std::string& pooling,
                   const std::vector<double>& seats) {
    const std::size_t n = config.municipalities.size();
    pool_of_.assign(n, 0);
    if (pooling == "total") {
      pools_.resize(1);
    } else {
      pools_.resize(n);
      std::iota(pool_of_.begin(), pool_of_.end(), std::uint16_t{0});
      if (pooling == "area") {
        // Members of an employment area share the seats of the area; others keep their own.
        for (const auto& area : config.areas) {
          for (auto m : area.members) pool_of_[m] = area.members.front();
        }
      }
    }
    for (std::size_t m = 0; m < n; ++m) pools_[pool_of_[m]].seats += seats[m];
  }

  [[nodiscard]] static std::int64_t capacity(const Pool& pool, double multiplier) {
    return static_cast<std::int64_t>(std::floor(pool.seats * multiplier + 1e-9));
  }

  [[nodiscard]] bool eligible(const Simulation& sim, AgentRef a) const {
    if (rarely_referred_(sim, a)) return false;
    switch (target_) {
      case Target::foreign_language:
        return foreign_language_(sim, a);
      case Target::partial_work_ability:
        return partial_work_ability_(sim, a);
      case Target::under_30:
        return person::age_on(age_(sim, a), sim.agent(a), sim.today()) < 30;
      case Target::no_vocational_education:
        return !vocational_education_(sim, a);
      case Target::all:
      case Target::pilot_customer:  // the day one joins is checked where the referral is drawn
        return true;
    }
    return true;
  }

  void draw_referral(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    const double rate = referral_rate_ * referral_factor_[s.municipality];
    if (s.status != Status::unemployed || rate <= 0 || !eligible(sim, a)) return;
    auto random = sim.random(s.key, static_cast<Stream>(per_kind(Stream::service_referral, kKind)));
    Day from = std::max(sim.today(), s.registered + min_registered_);
    if (pilot_dependent() && pilot_day_.owned(sim) && pilot_day_(sim, a) == person::kPilotDayOpen) {
      schedule_candidate(sim, a, from, rate * highest_pilot_factor(), random.exponential());
      return;
    }
    if (pilot_customers_only()) {
      if (!pilot_day_.owned(sim) || pilot_day_(sim, a) == 0) return;
      from = std::max(from, pilot_day_(sim, a));
    }
    const double draw = random.exponential();
    double days = std::ceil(draw / rate);
    if (pilot_customer_factor_ != 1.0 && pilot_day_.owned(sim) && pilot_day_(sim, a) != 0) {
      // A pilot customer from that day on: the hazard is `rate` until then and `rate` x factor
      // after (piecewise constant, the same single exponential draw).
      const double before = std::max(0.0, static_cast<double>(pilot_day_(sim, a) - from));
      const double boosted = rate * pilot_customer_factor_;
      if (draw > rate * before && boosted > 0)
        days = std::ceil(before + (draw - rate * before) / boosted);
      else if (draw > rate * before)
        return;  // a factor of 0: no referral once a customer
    }
    const double when = static_cast<double>(from) + std::max(1.0, days);
    if (when > sim.end()) return;
    sim.schedule(a, static_cast<Day>(when), referral_, drawn_under_.stamp(status_stamp(s)));
  }

  /// target_group pilot_customer: only pilot customers are referred.
  [[nodiscard]] bool pilot_customers_only() const { return target_ == Target::pilot_customer; }
  /// Whether the referral hazard depends on being a pilot customer.
  [[nodiscard]] bool pilot_dependent() const {
    return pilot_customer_factor_ != 1.0 || pilot_customers_only();
  }
  /// The referral hazard relative to the calibrated rate, for a pilot customer or someone else.
  [[nodiscard]] double pilot_factor(bool customer) const {
    if (customer) return pilot_customer_factor_;
    return pilot_customers_only() ? 0.0 : 1.0;
  }
  [[nodiscard]] double highest_pilot_factor() const {
    return std::max(pilot_factor(true), pilot_factor(false));
  }

  /// A candidate referral time at `rate`, the highest the person may reach, from `from`.
  void schedule_candidate(Simulation& sim, AgentRef a, Day from, double rate, double draw) {
    if (rate <= 0) return;
    const double when = static_cast<double>(from) + std::max(1.0, std::ceil(draw / rate));
    if (when > sim.end()) return;
    sim.schedule(a, static_cast<Day>(when), candidate_,
                 drawn_under_.stamp(status_stamp(sim.agent(a))));
  }

  /// Thinning: the candidate becomes a referral with the ratio of today's hazard to the highest;
  /// otherwise the next candidate is drawn from today (the exponential forgets the wait).
  void check_candidate(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed) return;
    const Day joined = pilot_day_(sim, a);
    const bool customer = joined != 0 && joined != person::kPilotDayOpen && joined <= sim.today();
    const double highest = highest_pilot_factor();
    auto random =
        sim.random(s.key, static_cast<Stream>(per_kind(Stream::service_referral_check, kKind)));
    if (random.uniform() * highest < pilot_factor(customer)) return refer(sim, a);
    const double rate = referral_rate_ * referral_factor_[s.municipality];
    schedule_candidate(sim, a, sim.today(), rate * highest, random.exponential());
  }

  void refer(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed) return;
    if (s.service != kNoService) {  // busy elsewhere (or already referred here)
      if (s.service != kKind) phase_(sim, a) = kReferralUsed;
      return;
    }
    sim.claim_service(a, kKind);
    phase_(sim, a) = kLeadTime;
    sim.add(referrals_id_, s.municipality, 1.0);
    if (lead_ > 0)
      sim.schedule(a, sim.today() + lead_, lead_done_, status_stamp(s));
    else
      join_queue(sim, a);
  }

  void join_queue(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.service != kKind || phase_(sim, a) != kLeadTime) return;
    if (unlimited_) return start_period(sim, a);
    phase_(sim, a) = kQueued;
    ++waiting_[s.municipality];
    pools_[pool_of_[s.municipality]].queue.push_back({a, s.key, sim.today()});
  }

  void start_period(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    auto random = sim.random(s.key, static_cast<Stream>(per_kind(Stream::service_duration, kKind)));
    const Day length =
        duration_min_ + static_cast<Day>(random.uniform() * (duration_max_ - duration_min_));
    sim.add(starts_id_, s.municipality, 1.0);
    sim.claim_service(a, kKind);
    sim.set_status(a, Status::in_service);
    begin_period(sim, a, sim.today() + std::max<Day>(1, length));
  }

  /// Takes a seat until `until` and schedules the end of the period.
  void begin_period(Simulation& sim, AgentRef a, Day until) {
    const JobSeeker& s = sim.agent(a);
    phase_(sim, a) = kIn;
    ++participants_[s.municipality];
    ++pools_[pool_of_[s.municipality]].occupied;
    sim.schedule(a, until, end_, status_stamp(s));
  }

  void finish(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::in_service || s.service != kKind || phase_(sim, a) != kIn) return;
    leave_seat(s);
    phase_(sim, a) = kNone;
    auto random = sim.random(s.key, static_cast<Stream>(per_kind(Stream::service_outcome, kKind)));
    sim.release_service(a, kKind);
    if (random.bernoulli(employment_after_)) {
      sim.deregister(a, kDefaults.employed_reason);
      return;
    }
    sim.set_status(a, Status::unemployed);
  }

  /// A period ended early by a capacity cut: back to unemployment, with no outcome drawn.
  void cut_short(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::in_service || s.service != kKind || phase_(sim, a) != kIn) return;
    leave_seat(s);
    phase_(sim, a) = kNone;
    sim.release_service(a, kKind);
    sim.set_status(a, Status::unemployed);
  }

  void leave_seat(const JobSeeker& s) {
    --participants_[s.municipality];
    --pools_[pool_of_[s.municipality]].occupied;
  }

  double referral_rate_;
  std::vector<double> referral_factor_;
  double pilot_customer_factor_;
  Day min_registered_;
  Target target_;
  DrawnUnder drawn_under_;  ///< what the pending referral draws depend on
  Day lead_;
  bool unlimited_;
  DatedValues schedule_;
  bool cut_ends_periods_;  ///< capacity_cut end_periods
  Day max_wait_;
  Day duration_min_;
  Day duration_max_;
  double employment_after_;
  std::vector<double> initial_;
  double cost_per_day_;
  Delivery delivery_;
  Day initial_until_ = kNoDay;  ///< end of the period of the start-day participant being registered
  std::vector<std::uint16_t> pool_of_;
  std::vector<Pool> pools_;
  std::vector<std::int64_t> participants_;
  std::vector<std::int64_t> waiting_;
  EventKind referral_ = 0, lead_done_ = 0, end_ = 0, candidate_ = 0, cut_ = 0;
  IndicatorId in_service_id_ = 0, waiting_id_ = 0, referrals_id_ = 0, starts_id_ = 0,
              lapsed_id_ = 0;
  AgentField<std::uint8_t> phase_;  ///< where the person stands in this service
  AgentFieldView<std::uint8_t> age_;
  AgentFieldView<Day> pilot_day_;  ///< person_attributes: the day one became a pilot customer
  AgentFlagView rarely_referred_, foreign_language_, partial_work_ability_, vocational_education_;
};

std::vector<std::string> check(const ParamValues& p) {
  std::vector<std::string> problems;
  if (p.integer("duration_min_days") > p.integer("duration_max_days"))
    problems.push_back("duration_min_days must not exceed duration_max_days");
  return problems;
}

/// The kind's indicators: "<measure>.<kind>", labelled with the kind.
std::vector<IndicatorSpec> indicators() {
  const std::string kind(kDefaults.name);
  const std::string fi = ": " + std::string(kDefaults.label_fi);
  const std::string en = ": " + std::string(kDefaults.label_en);
  const auto spec = [&](const char* prefix, IndicatorMeasure measure, const char* unit_fi,
                        const char* unit_en, const char* label_fi, const char* label_en) {
    return IndicatorSpec{.name = prefix + kind,
                         .measure = measure,
                         .unit_fi = unit_fi,
                         .unit_en = unit_en,
                         .label_fi = label_fi + fi,
                         .label_en = label_en + en,
                         .group = IndicatorGroup::services,
                         .decimals = 0};
  };
  return {
      spec("in_service.", IndicatorMeasure::stock, "henkilöä", "persons", "Palvelussa",
           "In service"),
      spec("waiting.", IndicatorMeasure::stock, "henkilöä", "persons", "Odottaa palvelua",
           "Waiting for service"),
      spec("referrals.", IndicatorMeasure::flow, "ohjausta", "referrals", "Ohjaukset", "Referrals"),
      spec("starts.", IndicatorMeasure::flow, "aloitusta", "starts", "Aloitukset", "Starts"),
      spec("referrals_lapsed.", IndicatorMeasure::flow, "ohjausta", "referrals",
           "Rauenneet ohjaukset", "Lapsed referrals"),
  };
}

PluginDescriptor describe() {
  const auto& d = kDefaults;
  const auto num = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  return {
      .name = std::string(d.name),
      .version = "1.3.0",
      .description = std::string(d.description),
      .priority = 40 + kKind,
      .hooks = hook::start | hook::begin_day | hook::on_register | hook::on_status_change |
               hook::on_move | hook::on_deregister | hook::end_day | hook::end_month,
      .parameters =
          {
              {.name = "referral_rate",
               .type = ParamType::real,
               .default_yaml = num(d.referral_rate),
               .unit = "1/day",
               .min = 0.0,
               .max = 1.0,
               .doc =
                   "Referral hazard for an eligible unemployed job-seeker. Assumption; calibrate "
                   "to the service stock (stock = eligible unemployed x rate x mean duration). " +
                   std::string(d.basis)},
              {.name = "referral_factor",
               .type = ParamType::per_municipality,
               .default_yaml = "1",
               .unit = "multiplier",
               .min = 0.0,
               .max = 20.0,
               .doc = "Referral hazard multiplied by a factor for job-seekers of a municipality: "
                      "a municipality's own effort, e.g. a municipal top-up that makes employers "
                      "take more wage-subsidised workers (the Pori top-up of 2017-2018) or "
                      "municipal money for services. Assumption where used; 1 leaves the "
                      "calibrated rate."},
              {.name = "pilot_customer_factor",
               .type = ParamType::real,
               .default_yaml = "1",
               .unit = "multiplier",
               .min = 0.0,
               .max = 20.0,
               .doc = "Referral hazard multiplied by a factor for pilot customers from the day "
                      "they became customers (person_attributes.pilot_customer_day): the "
                      "activation push of municipal responsibility with pooled state and "
                      "municipal means. The 2017-2018 pilots report activation among customers "
                      "up to four times higher and services about 10 % above the national trend "
                      "(no impact evaluation); assumption, plausible 1-4."},
              {.name = "min_registered_days",
               .type = ParamType::integer,
               .default_yaml = num(d.min_registered_days),
               .unit = "days",
               .min = 0.0,
               .max = 3650.0,
               .doc = "Referrals only after this long on the register. Services do not reset this "
                      "clock, "
                      "as they do not reset benefit days (rehabilitative work: the activation-plan "
                      "duty after long unemployment). Assumption."},
              {.name = "target_group",
               .type = ParamType::string,
               .default_yaml = std::string(d.target_group),
               .unit = "",
               .doc = "Who may be referred. pilot_customer: only pilot customers, from the day "
                      "they became customers (person_attributes.pilot_customer_day).",
               .choices = std::vector<std::string>(kTargetNames.begin(), kTargetNames.end())},
              {.name = "lead_days",
               .type = ParamType::integer,
               .default_yaml = num(d.lead_days),
               .unit = "days",
               .min = 0.0,
               .max = 730.0,
               .doc =
                   "From referral to joining the waiting list (procurement, activation plan with "
                   "social services). Assumption."},
              {.name = "capacity_mode",
               .type = ParamType::string,
               .default_yaml = "unlimited",
               .unit = "",
               .doc = "unlimited, or seats (concurrent places with a waiting list).",
               .choices = {"unlimited", "seats"},
               .lever = true},
              {.name = "seats",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "places",
               .min = 0.0,
               .max = 1e7,
               .doc = "Concurrent places per municipality (capacity_mode: seats); pooled per "
                      "capacity_pool.",
               .lever = true},
              {.name = "capacity_pool",
               .type = ParamType::string,
               .default_yaml = "municipality",
               .unit = "",
               .doc = "Who shares seats: each municipality, each employment area "
                      "(central procurement), or everyone.",
               .choices = {"municipality", "area", "total"},
               .lever = true},
              {.name = "capacity_schedule",
               .type = ParamType::dated_values,
               .default_yaml = "{}",
               .unit = "multiplier",
               .min = 0.0,
               .max = 100.0,
               .doc = "Seats multiplied by a factor from given dates, e.g. {2023-01-01: 0.4, "
                      "2024-06-01: 0.9} for a capacity drop and recovery."},
              {.name = "capacity_cut",
               .type = ParamType::string,
               .default_yaml = "run_out",
               .unit = "",
               .doc = "What a drop in capacity_schedule does to periods already begun. run_out: "
                      "they run to their end and only new starts wait. end_periods: on the day "
                      "of the drop, the periods beyond the new seats end, chosen at random, and "
                      "those people return to unemployment with no outcome drawn (an activity "
                      "its organiser stops). Assumption where used.",
               .choices = {"run_out", "end_periods"},
               .lever = true},
              {.name = "max_wait_days",
               .type = ParamType::integer,
               .default_yaml = "180",
               .unit = "days",
               .min = 0.0,
               .max = 3650.0,
               .doc = "A referral lapses after waiting this long for a seat (assumption)."},
              {.name = "duration_min_days",
               .type = ParamType::integer,
               .default_yaml = num(d.duration_min_days),
               .unit = "days",
               .min = 1.0,
               .max = 3650.0,
               .doc = "Shortest service period; lengths are uniform between min and max. " +
                      std::string(d.basis)},
              {.name = "duration_max_days",
               .type = ParamType::integer,
               .default_yaml = num(d.duration_max_days),
               .unit = "days",
               .min = 1.0,
               .max = 3650.0,
               .doc = "Longest service period."},
              {.name = "employment_after",
               .type = ParamType::real,
               .default_yaml = num(d.employment_after),
               .unit = "probability",
               .min = 0.0,
               .max = 1.0,
               .doc = "Chance of leaving the register for work when the period ends; otherwise "
                      "back to unemployment. Assumption."},
              {.name = "initial_participants",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "persons",
               .min = 0.0,
               .max = 1e7,
               .doc = "People already in the service on the start day (population synthesis)."},
              {.name = "cost_per_day",
               .type = ParamType::real,
               .default_yaml = std::string(d.cost_per_day),
               .unit = "EUR/participant-day",
               .min = 0.0,
               .max = 1e4,
               .doc = "Cost per calendar day in the service (municipal_ledger books it). " +
                      std::string(d.cost_basis),
               .uncertainty = d.cost_max > d.cost_min
                                  ? std::optional(uniform(d.cost_min, d.cost_max))
                                  : std::nullopt},
              {.name = "delivery",
               .type = ParamType::string,
               .default_yaml = std::string(d.delivery),
               .unit = "",
               .doc = "Who pays: local (the participant's municipality runs it), causation (the "
                      "home municipality of the participant), central or procured (the area, "
                      "split by municipal_ledger's sharing_key with the overhead).",
               .choices = {"local", "causation", "central", "procured"},
               .lever = true},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Service>(c);
      },
      .check = check,
      .workload = [](const ParamValues& p) -> Workload {
        const auto& participants = p.per_municipality("initial_participants");
        return {std::accumulate(participants.begin(), participants.end(), 0.0), 0.0};
      },
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::services

POLKU_PLUGIN(polku::services::describe)

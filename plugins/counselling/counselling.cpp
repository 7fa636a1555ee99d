// counselling: the Nordic service model's meetings with a named coach, limited by counsellor time.
//
// Every unemployed job-seeker has a next meeting due (the initial interview within N business days
// of registering, then job-search discussions on the policy's schedule). A due meeting joins its
// counsellor team's queue; each business day the team holds meetings in order of due date until
// its productive minutes run out. Meetings left over slip to the next day: the queue is the plan
// backlog. Held meetings may lead to a placement and, for missed job-search obligations, to a
// sanction. Before the Nordic model (2.5.2022) a sparser pre-reform schedule applies.
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/vector.hpp>
#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <numeric>

#include "customer.hpp"
#include "polku/errors.hpp"
#include "polku/param_builders.hpp"
#include "polku/person.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"

namespace polku::counselling {
namespace {

enum NeedGroup : std::uint8_t { kStandardNeed = 0, kHighNeed = 1 };

/// How far ahead in a team's queue people are fetched into the cache.
constexpr std::size_t kLookahead = 8;

struct DueMeeting {
  AgentRef agent;
  std::uint64_t key;  ///< guards against a reused slot
  Day due;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& agent& key& due;
  }
};

struct Team {
  double fte = 0;  ///< base FTEs before the dated multiplier
  std::uint32_t next_coach = 0;
  std::deque<DueMeeting> queue;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& next_coach& queue;
  }
};

/// Counsellor FTEs per municipality times the municipality's factor (added municipal staff).
std::vector<double> scaled(std::vector<double> fte, const std::vector<double>& factor) {
  for (std::size_t m = 0; m < fte.size(); ++m) fte[m] *= factor[m];
  return fte;
}

class Counselling final : public Module {
 public:
  explicit Counselling(const ModuleConfig& config)
      : fte_(scaled(config.params.per_municipality("counsellor_fte"),
                    config.params.per_municipality("fte_factor"))),
        fte_schedule_(config.params.dated("fte_schedule")),
        minutes_per_fte_day_(config.params.real("productive_hours_per_day") * 60.0),
        initial_minutes_(config.params.real("initial_interview_minutes")),
        discussion_minutes_(config.params.real("discussion_minutes")),
        nordic_from_(config.params.date("nordic_model_from")),
        interview_business_days_(
            static_cast<int>(config.params.integer("initial_interview_business_days"))),
        intensive_period_(static_cast<Day>(config.params.integer("intensive_period_days"))),
        intensive_interval_(static_cast<Day>(config.params.integer("intensive_interval_days"))),
        followup_interval_(static_cast<Day>(config.params.integer("followup_interval_days"))),
        pre_reform_first_(static_cast<Day>(config.params.integer("pre_reform_first_meeting_days"))),
        pre_reform_interval_(static_cast<Day>(config.params.integer("pre_reform_interval_days"))),
        needs_based_(config.params.string("meeting_policy") == "needs_based"),
        high_need_interval_(static_cast<Day>(config.params.integer("high_need_interval_days"))),
        standard_need_interval_(
            static_cast<Day>(config.params.integer("standard_need_interval_days"))),
        placement_chance_(config.params.real("placement_per_meeting")),
        sanction_chance_(config.params.real("sanction_per_meeting")),
        customers_(config.municipalities.size(), 0),
        employed_(config.params.per_municipality("employed_by_municipality")),
        cost_per_fte_month_(config.params.real("cost_per_fte_year") / 12.0),
        costed_from_(config.params.date("costed_from")) {
    const std::string pooling = config.params.string("team");
    team_of_.resize(config.municipalities.size());
    std::iota(team_of_.begin(), team_of_.end(), std::uint16_t{0});
    if (pooling == "total") std::fill(team_of_.begin(), team_of_.end(), std::uint16_t{0});
    if (pooling == "area")
      for (const auto& area : config.areas)
        for (auto m : area.members) team_of_[m] = area.members.front();
    teams_.resize(config.municipalities.size());
    for (std::size_t m = 0; m < fte_.size(); ++m) teams_[team_of_[m]].fte += fte_[m];
  }

  void declare(Registry& registry) override {
    customer_ = registry.agent_field<Customer>("customer");
    partial_work_ability_ = registry.flag_view(person::kPartialWorkAbility);
    vocational_education_ = registry.flag_view(person::kVocationalEducation);
    meeting_due_ = registry.event_kind("counselling.meeting_due");
    placement_ = registry.event_kind("counselling.placement");
    fte_id_ = registry.indicator("counsellor_fte", Measure::stock);
    customers_id_ = registry.indicator("coach_customers", Measure::stock);
    registry.ratio_indicator("caseload_per_counsellor", customers_id_, fte_id_, 1.0);
    due_id_ = registry.indicator("meetings_due", Measure::flow);
    held_id_ = registry.indicator("meetings_held", Measure::flow);
    backlog_id_ = registry.indicator("plan_backlog", Measure::stock);
    sanctions_id_ = registry.indicator("sanctions", Measure::flow);
    placements_id_ = registry.indicator("meeting_placements", Measure::flow);
    // The counsellors a municipality employs itself are its cost; registered only when some are,
    // so runs without them keep their indicators.
    if (std::any_of(employed_.begin(), employed_.end(), [](double s) { return s > 0; })) {
      staff_cost_id_ = registry.indicator("service_cost_eur.own_counsellors", Measure::flow);
      service_cost_id_ = registry.indicator("service_cost_eur", Measure::flow);
      net_cost_id_ = registry.indicator("net_municipal_cost_eur", Measure::flow);
    }
  }

  void on_register(Simulation& sim, AgentRef a) override {
    const JobSeeker& s = sim.agent(a);
    ++customers_[s.municipality];
    Team& team = teams_[team_of_[s.municipality]];
    const auto counsellors =
        std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::ceil(team.fte)));
    customer_(sim, a).coach = 1 + team.next_coach++ % counsellors;
    customer_(sim, a).need_group = assess_need(sim, a);
    // Someone registered before the start day already has an employment plan: their next
    // meeting is a job-search discussion, not an initial interview.
    if (s.registered < sim.today()) customer_(sim, a).plan_date = s.registered;
    if (s.status != Status::unemployed) return;
    const Day today = sim.today();
    // A new registration gets the initial interview; the start-day stock is mid-way through its
    // schedule, so its next discussion falls uniformly within one interval.
    Day due;
    if (s.registered == today) {
      due = today >= nordic_from_ ? add_business_days(today, interview_business_days_)
                                  : today + pre_reform_first_;
    } else {
      const Day interval = interval_after(sim, a);
      due =
          today + 1 + static_cast<Day>(sim.random(s.key, Stream::counselling).uniform() * interval);
    }
    set_next_meeting(sim, a, due);
  }

  void on_status_change(Simulation& sim, AgentRef a, Status /*before*/) override {
    if (sim.agent(a).status != Status::unemployed) return;
    customer_(sim, a).need_group = assess_need(sim, a);
    set_next_meeting(sim, a, sim.today() + interval_after(sim, a));
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    --customers_[from];
    ++customers_[sim.agent(a).municipality];
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    --customers_[sim.agent(a).municipality];
  }

  void on_event(Simulation& sim, AgentRef a, EventKind kind, std::uint16_t payload) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status != Status::unemployed || payload != status_stamp(s)) return;
    if (kind == placement_) return sim.deregister(a, ExitReason::open_market);
    if (customer_(sim, a).next_meeting != sim.today()) return;  // superseded by a later schedule
    sim.add(due_id_, s.municipality, 1.0);
    teams_[team_of_[s.municipality]].queue.push_back({a, s.key, sim.today()});
  }

  void end_day(Simulation& sim) override {
    const Day today = sim.today();
    if (!is_business_day(today)) return;
    const double multiplier = fte_schedule_.at(today, 1.0);
    std::size_t next_team = 0;  // the first team after the current one with people waiting
    for (std::size_t t = 0; t < teams_.size(); ++t) {
      Team& team = teams_[t];
      // Most teams have only a few people due a day: the first few of the next team with any
      // are fetched now, to arrive while this team's are seen to.
      if (next_team <= t) {
        next_team = t + 1;
        while (next_team < teams_.size() && teams_[next_team].queue.empty()) ++next_team;
        if (next_team < teams_.size()) {
          const auto& queue = teams_[next_team].queue;
          for (std::size_t k = 0; k < std::min(kLookahead, queue.size()); ++k)
            fetch(sim, queue[k].agent);
        }
      }
      double minutes = team.fte * multiplier * minutes_per_fte_day_;
      while (!team.queue.empty()) {
        // The queue is worked through in order: fetch the people a few places on meanwhile.
        if (team.queue.size() > kLookahead) fetch(sim, team.queue[kLookahead].agent);
        const DueMeeting m = team.queue.front();
        if (!still_due(sim, m)) {
          team.queue.pop_front();
          continue;
        }
        const double cost =
            customer_(sim, m.agent).plan_date == kNoDay ? initial_minutes_ : discussion_minutes_;
        if (cost > minutes) break;  // the rest slip to the next business day
        minutes -= cost;
        team.queue.pop_front();
        hold_meeting(sim, m.agent);
      }
    }
  }

  void end_month(const Simulation& sim, Indicators& out) override {
    const double multiplier = fte_schedule_.at(sim.today(), 1.0);
    std::vector<std::int64_t> backlog(customers_.size(), 0);
    for (auto& team : teams_) {
      // Drop entries of people who left meanwhile, keeping the order of the rest.
      std::erase_if(team.queue, [&](const DueMeeting& m) { return !still_due(sim, m); });
      for (const auto& m : team.queue) ++backlog[sim.agent(m.agent).municipality];
    }
    for (MunicipalityId m = 0; m < customers_.size(); ++m) {
      out.set(fte_id_, m, fte_[m] * multiplier);
      out.set(customers_id_, m, static_cast<double>(customers_[m]));
      out.set(backlog_id_, m, static_cast<double>(backlog[m]));
      if (staff_cost_id_ && sim.today() >= costed_from_ && employed_[m] > 0) {
        const double euros = fte_[m] * multiplier * employed_[m] * cost_per_fte_month_;
        out.add(*staff_cost_id_, m, euros);
        out.add(*service_cost_id_, m, euros);
        out.add(*net_cost_id_, m, euros);
      }
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    ar << team_of_ << teams_ << customers_;
  }
  void load(boost::archive::binary_iarchive& ar) override {
    // Queues and coach counters come from the checkpoint; FTEs and the team layout from this
    // scenario, which must form teams the same way.
    std::vector<std::uint16_t> saved_team_of;
    std::vector<Team> saved;
    ar >> saved_team_of >> saved;
    load_same_shape(ar, customers_, "counselling customer counts");
    if (saved_team_of != team_of_ || saved.size() != teams_.size())
      throw InputError(
          "the checkpoint's counselling teams differ from this scenario's; restore with the same "
          "team");
    for (std::size_t t = 0; t < teams_.size(); ++t) {
      teams_[t].next_coach = saved[t].next_coach;
      teams_[t].queue = std::move(saved[t].queue);
    }
  }

 private:
  /// Asks for what a meeting reads of the person: the record, the customer field and the flags
  /// (the need assessment).
  void fetch(const Simulation& sim, AgentRef a) const {
    sim.prefetch(a);
    customer_.view().prefetch(sim, a);
    partial_work_ability_.prefetch(sim, a);
  }

  [[nodiscard]] bool still_due(const Simulation& sim, const DueMeeting& m) const {
    return sim.holds(m.agent, m.key) && sim.agent(m.agent).status == Status::unemployed &&
           customer_(sim, m.agent).next_meeting == m.due;
  }

  /// High need: long-term unemployed, partial work ability, or no vocational education.
  [[nodiscard]] std::uint8_t assess_need(const Simulation& sim, AgentRef a) const {
    const bool high = sim.today() - sim.agent(a).spell_start >= 365 ||
                      partial_work_ability_(sim, a) || !vocational_education_(sim, a);
    return high ? kHighNeed : kStandardNeed;
  }

  /// Days from a meeting held today to the next one due.
  [[nodiscard]] Day interval_after(const Simulation& sim, AgentRef a) const {
    const Day today = sim.today();
    if (today < nordic_from_) return pre_reform_interval_;
    const bool intensive = today - sim.agent(a).spell_start < intensive_period_;
    if (!needs_based_) return intensive ? intensive_interval_ : followup_interval_;
    if (customer_(sim, a).need_group == kHighNeed)
      return intensive ? intensive_interval_ : high_need_interval_;
    return standard_need_interval_;
  }

  void set_next_meeting(Simulation& sim, AgentRef a, Day due) {
    const Day next = add_business_days(due, 0);  // meetings fall on business days
    customer_(sim, a).next_meeting = next;
    if (next <= sim.end()) sim.schedule(a, next, meeting_due_, status_stamp(sim.agent(a)));
  }

  void hold_meeting(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    const Day today = sim.today();
    sim.add(held_id_, s.municipality, 1.0);
    customer_(sim, a).plan_date = today;
    customer_(sim, a).need_group = assess_need(sim, a);
    auto random = sim.random(s.key, Stream::counselling);
    if (random.bernoulli(sanction_chance_)) sim.add(sanctions_id_, s.municipality, 1.0);
    if (random.bernoulli(placement_chance_)) {
      // A job found through the meeting starts within a month.
      sim.add(placements_id_, s.municipality, 1.0);
      sim.schedule(a, today + 1 + static_cast<Day>(random.uniform() * 29), placement_,
                   status_stamp(s));
    }
    set_next_meeting(sim, a, today + interval_after(sim, a));
  }

  std::vector<double> fte_;
  DatedValues fte_schedule_;
  double minutes_per_fte_day_;
  double initial_minutes_;
  double discussion_minutes_;
  Day nordic_from_;
  int interview_business_days_;
  Day intensive_period_, intensive_interval_, followup_interval_;
  Day pre_reform_first_, pre_reform_interval_;
  bool needs_based_;
  Day high_need_interval_, standard_need_interval_;
  double placement_chance_;
  double sanction_chance_;
  std::vector<std::uint16_t> team_of_;
  std::vector<Team> teams_;
  std::vector<std::int64_t> customers_;
  EventKind meeting_due_ = 0, placement_ = 0;
  IndicatorId fte_id_ = 0, customers_id_ = 0, due_id_ = 0, held_id_ = 0, backlog_id_ = 0;
  IndicatorId sanctions_id_ = 0, placements_id_ = 0;
  std::vector<double> employed_;  ///< per municipality: share of its counsellors it employs
  double cost_per_fte_month_;
  Day costed_from_;
  std::optional<IndicatorId> staff_cost_id_, service_cost_id_, net_cost_id_;
  AgentField<Customer> customer_;  ///< the person's schedule, plan and coach
  AgentFlagView partial_work_ability_, vocational_education_;
};

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  const auto spec = [](const char* name, IndicatorMeasure measure, const char* unit_fi,
                       const char* unit_en, const char* fi, const char* en, int decimals = 0) {
    return IndicatorSpec{.name = name,
                         .measure = measure,
                         .unit_fi = unit_fi,
                         .unit_en = unit_en,
                         .label_fi = fi,
                         .label_en = en,
                         .group = IndicatorGroup::counselling,
                         .decimals = decimals};
  };
  using enum IndicatorMeasure;
  return {
      spec("counsellor_fte", stock, "htv", "FTE", "Asiantuntijat", "Counsellors", 1),
      spec("coach_customers", stock, "henkilöä", "persons", "Asiantuntijoiden asiakkaat",
           "Counsellors' customers"),
      spec("caseload_per_counsellor", ratio, "asiakasta/htv", "customers per FTE",
           "Asiakkaita asiantuntijaa kohden", "Caseload per counsellor", 1),
      spec("meetings_due", flow, "tapaamista", "meetings", "Erääntyneet tapaamiset",
           "Meetings due"),
      spec("meetings_held", flow, "tapaamista", "meetings", "Pidetyt tapaamiset",
           "Meetings held"),
      spec("plan_backlog", stock, "tapaamista", "meetings", "Jonossa olevat tapaamiset",
           "Meetings waiting for a counsellor"),
      spec("sanctions", flow, "seuraamusta", "sanctions", "Työttömyysturvan seuraamukset",
           "Benefit sanctions"),
      {.name = "service_cost_eur.own_counsellors",
       .measure = euros,
       .unit_fi = "€",
       .unit_en = "€",
       .label_fi = "Kunnan palvelukustannukset: omat asiantuntijat",
       .label_en = "Municipal service costs: own counsellors",
       .group = IndicatorGroup::finance},
      spec("meeting_placements", flow, "henkilöä", "persons", "Tapaamisesta työllistyneet",
           "Placements after a meeting"),
  };
}

PluginDescriptor describe() {
  return {
      .name = "counselling",
      .version = "1.1.0",
      .description =
          "Nordic service model meetings with a named coach, limited by counsellor time.",
      .priority = 35,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::end_day | hook::end_month,
      .parameters =
          {
              {.name = "counsellor_fte",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "FTE",
               .min = 0.0,
               .max = 1e5,
               .doc = "Counsellors (personal coaches) working with job-seekers, per municipality. "
                      "Scenario data; the pilot survey saw 150-160 customers per coach as good.",
               .lever = true},
              {.name = "fte_factor",
               .type = ParamType::per_municipality,
               .default_yaml = "1",
               .unit = "multiplier",
               .min = 0.0,
               .max = 20.0,
               .doc = "counsellor_fte multiplied by a factor per municipality: staff a municipality "
                      "adds to the state's, pooled in the same team (the 2017-2018 regional pilots "
                      "pooled TE and municipal counselling staff; Turku and Lapland added none). "
                      "Assumption where used."},
              {.name = "employed_by_municipality",
               .type = ParamType::per_municipality,
               .default_yaml = "0",
               .unit = "share",
               .min = 0.0,
               .max = 1.0,
               .doc = "Share of the municipality's counsellors (counsellor_fte, after fte_schedule) "
                      "that it employs itself: their cost (cost_per_fte_year) is its own service "
                      "cost and net cost from costed_from, shown as "
                      "service_cost_eur.own_counsellors. 0 (default): not costed here; the area's "
                      "joint staff are costed as municipal_ledger.central_staff_fte, split by the "
                      "key. 1: all of the municipality's counsellors are its own staff."},
              {.name = "cost_per_fte_year",
               .type = ParamType::real,
               .default_yaml = "60000",
               .unit = "EUR/FTE/year",
               .min = 0.0,
               .max = 1e6,
               .doc = "Employer cost of one counsellor person-year incl. social security and "
                      "pension contributions. Assumption: 60 000 (a monthly salary of about "
                      "3 700 EUR, 12.5 months, about 28 % employer contributions), as "
                      "municipal_ledger.staff_cost_per_fte_year; plausible 50 000-70 000."},
              {.name = "costed_from",
               .type = ParamType::date,
               .default_yaml = "2025-01-01",
               .unit = "date",
               .doc = "From this day municipalities pay their own counsellors (the transfer of "
                      "employment services on 1.1.2025; before it the state's TE offices did)."},
              {.name = "fte_schedule",
               .type = ParamType::dated_values,
               .default_yaml = "{}",
               .unit = "multiplier",
               .min = 0.0,
               .max = 100.0,
               .doc = "Counsellor FTEs multiplied by a factor from given dates (hiring, cuts)."},
              {.name = "team",
               .type = ParamType::string,
               .default_yaml = "municipality",
               .unit = "",
               .doc =
                   "Who shares counsellor time: each municipality, each employment area, or all.",
               .choices = {"municipality", "area", "total"},
               .lever = true},
              {.name = "productive_hours_per_day",
               .type = ParamType::real,
               .default_yaml = "4.5",
               .unit = "hours/FTE/business day",
               .min = 0.0,
               .max = 8.0,
               .doc = "Hours per FTE and business day for customer meetings, including recording. "
                      "Assumption: 7.25 h day less leave, training and other tasks; plausible 3-6.",
               .uncertainty = uniform(3.0, 6.0)},
              {.name = "initial_interview_minutes",
               .type = ParamType::real,
               .default_yaml = "75",
               .unit = "minutes",
               .min = 0.0,
               .max = 600.0,
               .doc =
                   "Counsellor time per initial interview incl. drawing up the plan (assumption)."},
              {.name = "discussion_minutes",
               .type = ParamType::real,
               .default_yaml = "50",
               .unit = "minutes",
               .min = 0.0,
               .max = 600.0,
               .doc = "Counsellor time per job-search discussion incl. recording, which the pilot "
                      "reports say added work (assumption; plausible 30-75).",
               .uncertainty = uniform(30.0, 75.0)},
              {.name = "nordic_model_from",
               .type = ParamType::date,
               .default_yaml = "2022-05-02",
               .unit = "date",
               .doc = "Nordic service model in force from 2.5.2022 (domain brief 4.1; law)."},
              param::days(
                  "initial_interview_business_days", "5",
                  "Initial interview within this many business days of registering (law; verify)."),
              param::days("intensive_period_days", "90",
                          "Intensive start: the first three months of unemployment."),
              param::days("intensive_interval_days", "14",
                          "Job-search discussions every two weeks in the intensive start."),
              param::days("followup_interval_days", "91",
                          "Then every three months for as long as unemployment lasts."),
              param::days("pre_reform_first_meeting_days", "14",
                          "Before the Nordic model: first meeting within two weeks (assumption)."),
              param::days(
                  "pre_reform_interval_days", "91",
                  "Before the Nordic model: plan reviews about every three months (assumption)."),
              {.name = "meeting_policy",
               .type = ParamType::string,
               .default_yaml = "uniform",
               .unit = "",
               .doc = "uniform: the statutory schedule for everyone; needs_based: intensity by "
                      "assessed need (intensive start only for high need).",
               .choices = {"uniform", "needs_based"},
               .lever = true},
              param::days("high_need_interval_days", "30",
                          "Needs-based policy: interval for high need after the intensive start "
                          "(assumption)."),
              param::days(
                  "standard_need_interval_days", "91",
                  "Needs-based policy: interval for standard need from the start (assumption)."),
              {.name = "placement_per_meeting",
               .type = ParamType::real,
               .default_yaml = "0.01",
               .unit = "probability",
               .min = 0.0,
               .max = 1.0,
               .doc = "Chance that a held meeting leads to a job within a month: how meeting "
                      "intensity affects exits. Assumption, modest; plausible 0-0.03.",
               .uncertainty = uniform(0.0, 0.03)},
              {.name = "sanction_per_meeting",
               .type = ParamType::real,
               .default_yaml = "0.02",
               .unit = "probability",
               .min = 0.0,
               .max = 1.0,
               .doc = "Chance that a held meeting finds a missed job-search obligation (normally 4 "
                      "applications a month) and leads to a sanction. Assumption."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<Counselling>(c);
      },
      .indicators = indicators(),
  };
}

}  // namespace
}  // namespace polku::counselling

POLKU_PLUGIN(polku::counselling::describe)

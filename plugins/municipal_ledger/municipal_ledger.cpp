// municipal_ledger: service costs and who carries them, area cost sharing, and the state's
// compensation to municipalities (domain brief section 5; docs/finance.md). The benefits module
// adds the municipal share of benefits to the same `net_municipal_cost_eur`.
//
// Participants are counted per home municipality and service kind as they enter, move and leave,
// so costs accrue per day in O(municipalities x kinds). Each kind is delivered locally (its
// municipality pays), by causation (the home municipality of the participant pays, e.g. wage
// subsidy), or centrally (own production or procured by the employment area): central costs and
// central staff, with an overhead coefficient, are split over the area's members by a key.
#include <array>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array.hpp>
#include <boost/serialization/vector.hpp>
#include <numeric>

#include "polku/param_builders.hpp"
#include "polku/plugin.hpp"
#include "polku/restore.hpp"

namespace polku::municipal_ledger {
namespace {

class MunicipalLedger final : public Module {
 public:
  explicit MunicipalLedger(const ModuleConfig& config)
      : n_(config.municipalities.size()),
        transfer_(config.params.date("municipal_from")),
        key_(config.params.string("sharing_key")),
        overhead_(config.params.real("central_overhead")),
        staff_fte_(config.params.per_municipality("central_staff_fte")),
        staff_cost_month_(config.params.real("staff_cost_per_fte_year") / 12.0),
        population_(config.params.per_municipality("working_age_population")),
        base_unemployed_(config.params.per_municipality("unemployed_base")),
        foreign_(config.params.per_municipality("foreign_language_population")),
        national_population_(config.params.real("national_working_age_population")),
        national_unemployed_(config.params.real("national_unemployed")),
        national_foreign_(config.params.real("national_foreign_language_population")),
        compensation_year_(config.params.real("financing_compensation_eur_per_year")),
        grant_year_(config.params.real("employment_grant_eur_per_year")),
        grant_weights_(config.params.reals("grant_weights")),
        unemployed_(n_, 0) {
    area_of_.resize(n_);
    std::iota(area_of_.begin(), area_of_.end(), std::uint16_t{0});
    for (const auto& area : config.areas)
      for (auto m : area.members) area_of_[m] = area.members.front();
  }

  void declare(Registry& registry) override {
    cost_id_ = registry.indicator("service_cost_eur", Measure::flow);
    state_cost_id_ = registry.indicator("service_cost_state_eur", Measure::flow);
    // The service kinds of the scenario, each with its cost and who pays (their modules come
    // earlier in phase order).
    kinds_.assign(registry.service_kinds().begin(), registry.service_kinds().end());
    for (std::size_t k = 0; k < kinds_.size(); ++k) {
      slot_of_[kinds_[k].id] = static_cast<std::uint8_t>(k + 1);
      kind_ids_.push_back(registry.indicator("service_cost_eur." + kinds_[k].name, Measure::flow));
    }
    participants_.assign(n_, std::vector<std::int64_t>(kinds_.size() + 1, 0));
    days_.assign(n_, std::vector<std::int64_t>(kinds_.size() + 1, 0));
    counted_ = registry.agent_field<std::uint8_t>("counted_kind");
    staff_id_ = registry.indicator("service_cost_eur.central_staff", Measure::flow);
    overhead_id_ = registry.indicator("service_cost_eur.central_overhead", Measure::flow);
    compensation_id_ = registry.indicator("state_compensation_eur", Measure::flow);
    financing_id_ =
        registry.indicator("state_compensation_eur.financing_responsibility", Measure::flow);
    grant_id_ =
        registry.indicator("state_compensation_eur.employment_services_grant", Measure::flow);
    net_id_ = registry.indicator("net_municipal_cost_eur", Measure::flow);
  }

  void on_register(Simulation& sim, AgentRef a) override { enter(sim, a); }

  void on_status_change(Simulation& sim, AgentRef a, Status before) override {
    const JobSeeker& s = sim.agent(a);
    if (before == Status::unemployed) --unemployed_[s.municipality];
    leave(s.municipality, counted_(sim, a));
    counted_(sim, a) = 0;
    enter(sim, a);
  }

  void on_move(Simulation& sim, AgentRef a, MunicipalityId from) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status == Status::unemployed) --unemployed_[from], ++unemployed_[s.municipality];
    if (const std::uint8_t k = counted_(sim, a); k != 0)
      --participants_[from][k], ++participants_[s.municipality][k];
  }

  void on_deregister(const Simulation& sim, AgentRef a, ExitReason /*why*/,
                     Indicators& /*out*/) override {
    const JobSeeker& s = sim.agent(a);
    if (s.status == Status::unemployed) --unemployed_[s.municipality];
    leave(s.municipality, counted_(sim, a));
  }

  void end_day(Simulation& /*sim*/) override {
    for (std::size_t m = 0; m < n_; ++m)
      for (std::size_t k = 1; k <= kinds_.size(); ++k) days_[m][k] += participants_[m][k];
  }

  void end_month(const Simulation& sim, Indicators& out) override {
    const bool municipal = sim.today() >= transfer_;
    std::vector<double> own(n_, 0.0), pool(n_, 0.0), usage(n_, 0.0);
    // Central and procured costs by area and kind, so each member's part shows by kind too.
    std::vector<std::vector<double>> pool_kind(n_, std::vector<double>(kinds_.size(), 0.0));
    for (std::size_t m = 0; m < n_; ++m) {
      for (std::size_t k = 1; k <= kinds_.size(); ++k) {
        const ServiceKindInfo& kind = kinds_[k - 1];
        const double euros = static_cast<double>(days_[m][k]) * kind.cost_per_day;
        if (!municipal) {
          out.add(state_cost_id_, static_cast<MunicipalityId>(m), euros);
          continue;
        }
        if (kind.delivery == Delivery::local || kind.delivery == Delivery::causation) {
          own[m] += euros;
          out.add(kind_ids_[k - 1], static_cast<MunicipalityId>(m), euros);
        } else {
          pool[area_of_[m]] += euros;
          pool_kind[area_of_[m]][k - 1] += euros;
          usage[m] += static_cast<double>(days_[m][k]);
        }
      }
      std::fill(days_[m].begin(), days_[m].end(), 0);
      if (municipal) pool[area_of_[m]] += staff_fte_[m] * staff_cost_month_;
    }
    if (municipal) share_central(out, own, pool, pool_kind, usage);
    const int months = 12;
    for (MunicipalityId m = 0; m < n_; ++m) {
      double financing = 0.0, grant = 0.0;
      if (municipal) {
        financing = compensation_year_ / months * fraction(population_[m], national_population_);
        grant = grant_year_ / months * grant_key(m);
      }
      out.add(cost_id_, m, own[m]);
      out.add(financing_id_, m, financing);
      out.add(grant_id_, m, grant);
      out.add(compensation_id_, m, financing + grant);
      out.add(net_id_, m, own[m] - financing - grant);
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override {
    ar << participants_ << days_ << unemployed_;
  }
  void load(boost::archive::binary_iarchive& ar) override {
    load_same_shape(ar, participants_, "ledger participants");
    load_same_shape(ar, days_, "ledger participant-days");
    load_same_shape(ar, unemployed_, "ledger unemployed counts");
  }

 private:
  static double fraction(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

  /// The municipality's share of the employment-services state grant: working-age population,
  /// unemployed and foreign-language population against the national totals, weighted.
  [[nodiscard]] double grant_key(std::size_t m) const {
    return grant_weights_[0] * fraction(population_[m], national_population_) +
           grant_weights_[1] * fraction(base_unemployed_[m], national_unemployed_) +
           grant_weights_[2] * fraction(foreign_[m], national_foreign_);
  }

  /// Splits each area's central costs plus overhead over its members by the sharing key; `own`
  /// receives each member's part.
  void share_central(Indicators& out, std::vector<double>& own, const std::vector<double>& pool,
                     const std::vector<std::vector<double>>& pool_kind,
                     const std::vector<double>& usage) {
    std::vector<double> weight(n_), total(n_, 0.0);
    for (std::size_t m = 0; m < n_; ++m) {
      if (key_ == "state_grant")
        weight[m] = grant_key(m);
      else if (key_ == "population")
        weight[m] = population_[m];
      else if (key_ == "unemployed")
        weight[m] = static_cast<double>(unemployed_[m]);
      else
        weight[m] = usage[m];
      total[area_of_[m]] += weight[m];
    }
    for (std::size_t m = 0; m < n_; ++m) {
      const std::size_t area = area_of_[m];
      if (pool[area] == 0.0) continue;
      double w = 0.0;
      if (total[area] > 0) {
        w = weight[m] / total[area];
      } else {  // nothing to key by (e.g. no usage this month): split by working-age population
        double p = 0.0;
        for (std::size_t o = 0; o < n_; ++o) p += area_of_[o] == area ? population_[o] : 0.0;
        w = p > 0 ? population_[m] / p : (area == m ? 1.0 : 0.0);
      }
      const double base = pool[area] * w, extra = base * overhead_;
      own[m] += base + extra;
      out.add(overhead_id_, static_cast<MunicipalityId>(m), extra);
      out.add(staff_id_, static_cast<MunicipalityId>(m), w * staff_pool(area));
      for (std::size_t k = 0; k < kinds_.size(); ++k)
        if (pool_kind[area][k] != 0.0)
          out.add(kind_ids_[k], static_cast<MunicipalityId>(m), w * pool_kind[area][k]);
    }
  }

  [[nodiscard]] double staff_pool(std::size_t area) const {
    double fte = 0.0;
    for (std::size_t m = 0; m < n_; ++m) fte += area_of_[m] == area ? staff_fte_[m] : 0.0;
    return fte * staff_cost_month_;
  }

  /// Starts counting the person: unemployed, or a participant of a service kind.
  void enter(Simulation& sim, AgentRef a) {
    const JobSeeker& s = sim.agent(a);
    if (s.status == Status::unemployed) ++unemployed_[s.municipality];
    if (s.status != Status::in_service || slot_of_[s.service] == 0) return;
    counted_(sim, a) = slot_of_[s.service];
    ++participants_[s.municipality][slot_of_[s.service]];
  }

  /// Stops counting a participant of the kind in slot `k` (0: none).
  void leave(MunicipalityId m, std::uint8_t k) {
    if (k != 0) --participants_[m][k];
  }

  std::size_t n_;
  Day transfer_;
  std::string key_;
  double overhead_;
  std::vector<double> staff_fte_;
  double staff_cost_month_;
  std::vector<double> population_, base_unemployed_, foreign_;
  double national_population_, national_unemployed_, national_foreign_;
  double compensation_year_, grant_year_;
  std::vector<double> grant_weights_;
  std::vector<ServiceKindInfo> kinds_;  ///< the scenario's service kinds; slot k + 1 is kinds_[k]
  std::array<std::uint8_t, 256> slot_of_{};  ///< service kind id -> slot (0: not costed)
  std::vector<std::uint16_t> area_of_;       ///< lead (first) member of each municipality's area
  AgentField<std::uint8_t> counted_;         ///< the slot of the service kind counted (0 none)
  std::vector<std::vector<std::int64_t>> participants_;  ///< [municipality][slot]
  std::vector<std::vector<std::int64_t>>
      days_;  ///< participant-days this month, [municipality][slot]
  std::vector<std::int64_t> unemployed_;
  IndicatorId cost_id_ = 0, state_cost_id_ = 0, staff_id_ = 0, overhead_id_ = 0,
              compensation_id_ = 0;
  IndicatorId financing_id_ = 0, grant_id_ = 0, net_id_ = 0;
  std::vector<IndicatorId> kind_ids_;  ///< per slot - 1
};

std::vector<std::string> check(const ParamValues& p) {
  if (p.reals("grant_weights").size() != 3)
    return {
        "grant_weights needs three weights: working-age population, unemployed, foreign-language "
        "population"};
  return {};
}

ParamSpec real(std::string name, std::string def, std::string unit, double max, std::string doc) {
  return {.name = std::move(name),
          .type = ParamType::real,
          .default_yaml = std::move(def),
          .unit = std::move(unit),
          .min = 0.0,
          .max = max,
          .doc = std::move(doc)};
}

ParamSpec per_municipality(std::string name, std::string unit, std::string doc) {
  return {.name = std::move(name),
          .type = ParamType::per_municipality,
          .default_yaml = "0",
          .unit = std::move(unit),
          .min = 0.0,
          .max = 1e8,
          .doc = std::move(doc)};
}

/// The indicators this module registers, with their labels and units.
std::vector<IndicatorSpec> indicators() {
  using indicator::euros;
  std::vector<IndicatorSpec> specs = {
      euros("service_cost_eur", "Kunnan palvelukustannukset", "Municipal service costs"),
      euros("service_cost_state_eur", "Valtion maksamat palvelukustannukset",
            "Service costs paid by the state"),
      euros("service_cost_eur.", "Kunnan palvelukustannukset", "Municipal service costs"),
      euros("state_compensation_eur", "Valtionkorvaus", "State compensation"),
      euros("state_compensation_eur.", "Valtionkorvaus", "State compensation"),
      euros("net_municipal_cost_eur", "Kunnan nettokustannus", "Net municipal cost"),
  };
  // Members of service_cost_eur. other than the service kinds (named by the kinds' labels).
  specs[2].parts = {
      {"central_staff", "keskitetty henkilöstö", "central staff"},
      {"central_overhead", "keskitetyt yleiskulut", "central overhead"},
  };
  specs[4].parts = {
      {"financing_responsibility", "rahoitusvastuun kompensaatio",
       "financing responsibility compensation"},
      {"employment_services_grant", "työllisyyspalvelujen valtionosuus",
       "employment services grant"},
  };
  return specs;
}

PluginDescriptor describe() {
  PluginDescriptor d{
      .name = "municipal_ledger",
      .version = "1.0.0",
      .description = "Service costs, area cost sharing and state compensation per municipality.",
      .priority = 95,
      .hooks = hook::on_register | hook::on_status_change | hook::on_move | hook::on_deregister |
               hook::end_day | hook::end_month,
      .parameters =
          {
              {.name = "municipal_from",
               .type = ParamType::date,
               .default_yaml = "2025-01-01",
               .unit = "date",
               .doc =
                   "Municipalities carry service costs and receive the compensation from this day "
                   "(TE24 transfer, 1.1.2025; law). Before it the state pays "
                   "(service_cost_state_eur).",
               .law = true},
              {.name = "sharing_key",
               .type = ParamType::string,
               .default_yaml = "state_grant",
               .unit = "",
               .doc =
                   "How an employment area splits central and procured services, central staff and "
                   "overhead: state_grant (the members' employment-services grant criteria; the "
                   "Oulu "
                   "plan's VOS principle), population (working-age), unemployed (month end), usage "
                   "(participant-days of the members' residents).",
               .choices = {"state_grant", "population", "unemployed", "usage"},
               .lever = true},
              param::uncertain(real("central_overhead", "0.1", "share", 2.0,
                                    "Overhead coefficient on central services (administration, "
                                    "premises). Assumption: 0.1; plausible 0.05-0.25."),
                               uniform(0.05, 0.25)),
              per_municipality(
                  "central_staff_fte", "FTE",
                  "Central staff of the area's joint services, counted on the municipality that "
                  "employs them (the lead); split by the key. Oulu plan: about 47 person-years for "
                  "statutory central services and 24 for support."),
              param::uncertain(real("staff_cost_per_fte_year", "60000", "EUR/FTE/year", 1e6,
                                    "Employer cost of one person-year incl. social security. "
                                    "Assumption: 60 000; plausible 50 000-70 000."),
                               uniform(50000.0, 70000.0)),
              per_municipality(
                  "working_age_population", "persons",
                  "Population aged 15-64 (state grant criterion; key). Data: "
                  "scenarios/data/municipalities.csv population_15_64_2018 until the 2023 base is "
                  "added."),
              per_municipality("unemployed_base", "persons",
                               "Unemployed job-seekers in the grant's base year."),
              per_municipality("foreign_language_population", "persons",
                               "Foreign-language population (grant criterion)."),
              real("national_working_age_population", "3400000", "persons", 1e8,
                   "Working-age (15-64) population of Finland, the base of both allocations (about "
                   "3.4 M in "
                   "2023; Statistics Finland)."),
              real("national_unemployed", "250000", "persons", 1e8,
                   "Unemployed job-seekers in Finland in the grant's base year (about 250 000 in "
                   "2023)."),
              real("national_foreign_language_population", "500000", "persons", 1e8,
                   "Foreign-language population of Finland (about 500 000 in 2023)."),
              param::law(real(
                  "financing_compensation_eur_per_year", "0", "EUR/year", 1e11,
                  "National total of the permanent state-grant increase compensating the expanded "
                  "financing "
                  "responsibility, allocated by working-age population (fixed 2023 base). Not "
                  "known here: "
                  "set by scenarios/rules/state_compensation.yaml (assumption, verify).")),
              param::law(
                  real("employment_grant_eur_per_year", "0", "EUR/year", 1e11,
                       "National total of employment-services funding in the basic-services state "
                       "grant. Not "
                       "known here: set by scenarios/rules/state_compensation.yaml (assumption, "
                       "verify).")),
              {.name = "grant_weights",
               .type = ParamType::real_list,
               .default_yaml = "[0.5, 0.4, 0.1]",
               .unit = "shares",
               .min = 0.0,
               .max = 1.0,
               .doc = "Weights of working-age population, unemployed and foreign-language "
                      "population in "
                      "the employment-services grant. Assumption (verify against the state grant "
                      "act).",
               .law = true},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<MunicipalLedger>(c);
      },
      .check = check,
      .indicators = indicators(),
  };
  return d;
}

}  // namespace
}  // namespace polku::municipal_ledger

POLKU_PLUGIN(polku::municipal_ledger::describe)

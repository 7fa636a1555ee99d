/// @file service_defaults.hpp
/// Default parameters of each service kind, with their basis. All are behavioural assumptions
/// (domain brief section 4.4) unless a source is named; scenarios calibrate them.
#pragma once

#include <array>
#include <string_view>

#include "polku/agent.hpp"

namespace polku::services {

struct ServiceDefaults {
  ServiceKindId id;  ///< stable: the kind's random streams depend on it
  std::string_view name;
  std::string_view description;
  ExitReason spell_end_reason;  ///< how entering the service ends an unemployment spell (TTV15)
  ExitReason employed_reason;   ///< register exit when employed straight after the service
  std::string_view target_group;
  double referral_rate;  ///< 1/day per eligible unemployed job-seeker
  int min_registered_days;
  int lead_days;
  int duration_min_days;
  int duration_max_days;
  double employment_after;
  std::string_view basis;         ///< why these numbers
  std::string_view cost_per_day;  ///< EUR per participant and calendar day (assumption)
  std::string_view delivery;      ///< who pays by default
  std::string_view cost_basis;
  std::string_view label_fi;  ///< for people: names the kind in indicator labels
  std::string_view label_en;
  double cost_min;  ///< plausible range of cost_per_day (EUR), the basis of its uncertainty
  double cost_max;
};

// Durations: ranges from the domain brief (4.4) where it gives them, otherwise assumptions.
// Referral rates are rough starting values; scenarios calibrate them to published stocks (see
// scripts/calibrate_national.py and scenarios/calibration/).
inline constexpr std::array<ServiceDefaults, 8> kServiceDefaults = {{
    {1, "labour_market_training",
     "Labour market training (tyovoimakoulutus): procured courses, months long.",
     ExitReason::training, ExitReason::open_market, "all", 0.00048, 30, 21, 60, 240, 0.20,
     "Durations 2-8 months (assumption). Employment after: about a fifth (assumption; TEM "
     "follow-ups "
     "report 3-month employment rates of 20-30 %).",
     "60", "procured",
     "Procured course, about 1 300 EUR/month per seat (assumption; plausible 40-90).", "työvoimakoulutus", "labour market training", 40.0, 90.0},
    {2, "coaching", "Coaching (valmennus): job-search, career and job coaching; short.",
     ExitReason::coaching_or_trial, ExitReason::open_market, "all", 0.00017, 60, 14, 20, 90, 0.10,
     "Durations 3 weeks to 3 months (assumption).", "45", "procured",
     "Procured coaching (assumption; plausible 25-70).", "valmennus", "coaching", 25.0, 70.0},
    {3, "wage_subsidy",
     "Wage subsidy (palkkatuki): subsidised job for a fixed period; budget-limited.",
     ExitReason::subsidised_job, ExitReason::subsidised_job, "all", 0.00040, 180, 30, 180, 360,
     0.30,
     "Subsidy periods 6-12 months (Act 916/2012 ch. 7, general case; assumption for the mix).",
     "35", "causation",
     "Subsidy to the employer, about half of a 2 100 EUR/month wage (assumption; 25-50).", "palkkatuki", "wage subsidy", 25.0, 50.0},
    {4, "work_trial",
     "Work trial (tyokokeilu): unpaid trial at an employer, benefit continues, up to 6 months.",
     ExitReason::coaching_or_trial, ExitReason::open_market, "all", 0.00033, 60, 14, 30, 180, 0.10,
     "Up to 6 months per employer (Act 916/2012 ch. 4); mix assumption.", "5", "local",
     "Work trial: supervision and arrangement only (assumption; 0-15).", "työkokeilu", "work trial", 0.0, 15.0},
    {5, "rehabilitative_work",
     "Rehabilitative work activity (kuntouttava tyotoiminta): needs an activation plan with social "
     "services; capacity set by the wellbeing county.",
     ExitReason::rehabilitative_work, ExitReason::open_market, "all", 0.0011, 365, 45, 90, 540,
     0.03,
     "Typically 3-24 months (domain brief 4.4); activation-plan lead time about six weeks "
     "(assumption); for the long-term unemployed.",
     "20", "local", "Rehabilitative work activity: organiser's cost share (assumption; 10-40).", "kuntouttava työtoiminta", "rehabilitative work", 10.0, 40.0},
    {6, "self_motivated_study",
     "Self-motivated study on unemployment benefit (omaehtoinen opiskelu).",
     ExitReason::self_motivated_study, ExitReason::open_market, "all", 0.00058, 30, 14, 180, 720,
     0.15, "Degree studies of 6-24 months supported (assumption).", "0", "local",
     "Self-motivated study: benefit only, no service cost.", "omaehtoinen opiskelu", "self-motivated study", 0.0, 0.0},
    {7, "integration_training",
     "Integration training (kotoutumiskoulutus) for immigrants with an integration plan.",
     ExitReason::training, ExitReason::open_market, "foreign_language", 0.0012, 0, 30, 120, 360,
     0.05, "Typically up to 40 credits, 4-12 months (assumption).", "40", "procured",
     "Procured integration training (assumption; plausible 25-60).", "kotoutumiskoulutus",
     "integration training", 25.0, 60.0},
    {8, "working_life_trial",
     "Working-life trial (tyoelamakokeilu) of the 2017-2018 regional pilots (Act 505/2017): for "
     "those who would otherwise be in rehabilitative work, at most 12 months, at most 6 of them "
     "in a company.",
     ExitReason::coaching_or_trial, ExitReason::open_market, "all", 0.0, 365, 30, 90, 365, 0.01,
     "At most 12 months (Act 505/2017); 3-12 months uniform (assumption). Employment after: "
     "about 10 % placed in companies and about 10 % of those hired there (Pori, pilots' report), "
     "so 0.01 (plausible 0.005-0.03). Referral rate 0 unless a scenario sets it.",
     "15", "local",
     "Arrangement and supervision by the municipality, between a work trial and rehabilitative "
     "work (assumption; plausible 5-30).", "työelämäkokeilu", "working-life trial", 5.0, 30.0},
}};

}  // namespace polku::services

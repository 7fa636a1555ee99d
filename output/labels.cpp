#include "output/labels.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "polku/errors.hpp"

namespace polku {

namespace {

using Names = std::map<std::string, std::pair<const char*, const char*>, std::less<>>;

const Names& indicator_names() {
  static const Names names = {
      {"jobseekers", {"Työnhakijat", "Job-seekers"}},
      {"unemployed", {"Työttömät", "Unemployed"}},
      {"long_term_unemployed", {"Pitkäaikaistyöttömät", "Long-term unemployed"}},
      {"inflow", {"Uudet työnhakijat", "Inflow of job-seekers"}},
      {"exits_to_employment", {"Työllistyneet", "Exits to employment"}},
      {"in_services", {"Palveluissa", "In services"}},
      {"unemployed_or_in_services", {"Työttömät tai palveluissa", "Unemployed or in services"}},
      {"outflow", {"Poistuneet työnhakijat", "Outflow of job-seekers"}},
      {"moves_in", {"Muuttaneet kuntaan", "Moves in"}},
      {"pilot_customers", {"Kokeilun asiakkaat", "Pilot customers"}},
      {"activation_rate", {"Aktivointiaste", "Activation rate"}},
      {"counsellor_fte", {"Asiantuntijat (htv)", "Counsellors (FTE)"}},
      {"caseload_per_counsellor", {"Asiakkaita asiantuntijaa kohden", "Caseload per counsellor"}},
      {"meetings_due", {"Erääntyneet tapaamiset", "Meetings due"}},
      {"meetings_held", {"Pidetyt tapaamiset", "Meetings held"}},
      {"plan_backlog", {"Suunnitelmajono", "Plan backlog"}},
      {"benefit_days_paid", {"Maksetut etuuspäivät", "Benefit days paid"}},
      {"benefit_expenditure_eur", {"Etuusmenot", "Benefit expenditure"}},
      {"municipal_share_eur", {"Kuntaosuus", "Municipal share"}},
      {"state_share_eur", {"Valtion osuus", "State share"}},
      {"service_cost_eur", {"Palvelukustannukset", "Service costs"}},
      {"state_compensation_eur", {"Valtionkorvaus", "State compensation"}},
      {"net_municipal_cost_eur", {"Kunnan nettokustannus", "Net municipal cost"}},
  };
  return names;
}

const Names& prefixes() {
  static const Names names = {
      {"in_service.", {"Palvelussa", "In service"}},
      {"waiting.", {"Odottaa palvelua", "Waiting for service"}},
      {"referrals.", {"Ohjaukset", "Referrals"}},
      {"referrals_lapsed.", {"Rauenneet ohjaukset", "Lapsed referrals"}},
      {"starts.", {"Aloitukset", "Starts"}},
      {"exits.", {"Poistuneet", "Exits"}},
  };
  return names;
}

const Names& kinds() {
  static const Names names = {
      {"open_market", {"avoimet työmarkkinat", "open market"}},
      {"subsidised_job", {"tuettu työ", "subsidised job"}},
      {"own_job", {"oma työ", "own job"}},
      {"training", {"koulutus", "training"}},
      {"other_education", {"muu koulutus", "other education"}},
      {"coaching_or_trial", {"valmennus tai kokeilu", "coaching or trial"}},
      {"outside_labour_force", {"työvoiman ulkopuolelle", "outside the labour force"}},
      {"labour_market_training", {"työvoimakoulutus", "labour market training"}},
      {"coaching", {"valmennus", "coaching"}},
      {"wage_subsidy", {"palkkatuki", "wage subsidy"}},
      {"work_trial", {"työkokeilu", "work trial"}},
      {"rehabilitative_work", {"kuntouttava työtoiminta", "rehabilitative work"}},
      {"self_motivated_study", {"omaehtoinen opiskelu", "self-motivated study"}},
      {"integration_training", {"kotoutumiskoulutus", "integration training"}},
      {"working_life_trial", {"työelämäkokeilu", "working-life trial"}},
  };
  return names;
}

}  // namespace

Lang parse_lang(const std::string& text, const std::string& option) {
  if (text == "fi") return Lang::fi;
  if (text == "en") return Lang::en;
  throw InputError(option + ": expected \"fi\" or \"en\", got \"" + text + "\"");
}

std::string indicator_label(const std::string& name, Lang lang) {
  if (const auto it = indicator_names().find(name); it != indicator_names().end())
    return lang == Lang::fi ? it->second.first : it->second.second;
  // "<measure>.<kind>" names: the measure's label and the kind (service kind or exit reason).
  for (const auto& [prefix, label] : prefixes()) {
    if (!name.starts_with(prefix)) continue;
    const std::string kind = name.substr(prefix.size());
    std::string kind_label = kind;
    if (const auto it = kinds().find(kind); it != kinds().end())
      kind_label = lang == Lang::fi ? it->second.first : it->second.second;
    else
      std::replace(kind_label.begin(), kind_label.end(), '_', ' ');
    return (lang == Lang::fi ? label.first : label.second) + std::string(": ") + kind_label;
  }
  return name;
}

std::string bilingual_indicator_label(const std::string& name) {
  const std::string fi = indicator_label(name, Lang::fi);
  const std::string en = indicator_label(name, Lang::en);
  return fi == en ? fi : fi + " / " + en;
}

std::string area_label(const std::string& name, Lang lang) {
  if (name == "total") return lang == Lang::fi ? "Koko alue" : "Total";
  return name;
}

}  // namespace polku

#include "output/report_words.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <iterator>

namespace polku {

namespace {

const ReportWords kFinnish = {
    "fi",
    "Simulointiraportti",
    "Vertailuraportti",
    "Ajanjakso",
    "Kunnat",
    "Toistoja",
    "Viiva on toistojen keskiarvo, varjostus 5–95 %:n vaihteluväli toistojen yli.",
    "Erotus = vaihtoehto − perus samalla siemenluvulla ja toistolla (yhteiset satunnaisluvut); "
    "varjostus on parittaisten erotusten 5–95 %:n väli.",
    "Kuvaajat: koko alue kuukausittain",
    "Kunnittain ja alueittain kuukausittain",
    "Keskeiset indikaattorit jokaiselle kunnalle ja alueelle omalla asteikollaan.",
    "Kuntia ja alueita on liikaa kuvaajiksi; luvut ovat tiedostoissa results.xlsx ja summary.csv.",
    "Vuositaulukot alueittain",
    "Vuoden arvo: virrat ja eurot summattu, varannot kuukausien keskiarvo, osuudet summatuista "
    "luvuista; vajaa vuosi sisältää vain simuloidut kuukaudet. Pienellä: 5–95 %:n väli.",
    "Indikaattori",
    "Vuosi",
    "Perus",
    "Vaihtoehto",
    "Erotus",
    "90 %:n väli",
    "keskiarvo",
    "5–95 %",
    "Kuukausi",
    "Alkuperä",
    "Ajon tunniste (manifest.json SHA-256)",
    "Siemenluku",
    "Polku-versio",
    "Luotu (UTC)",
    "Sääntölähteet",
    "Skenaariotiedosto",
    "Huomautukset",
    "ei arvoja",
    {"Asiakasmäärät", "Aktivointi", "Palvelut", "Eurot", "Virrat", "Asiantuntijat ja tapaamiset",
     "Etuuspäivät", "Muut"},
    "Tiivistelmä",
    "Vuosittain kunnittain ja alueittain: eurot ja virrat vuoden summana, henkilöt kuukausien "
    "keskiarvona, osuudet summatuista luvuista. Pienellä: 5–95 %:n väli.",
    "Erotus = vaihtoehto − perus, pareittain samoilla satunnaisluvuilla. Lihavoitu ja * : "
    "erotuksen 5–95 %:n väli ei sisällä nollaa.",
    "Alue",
    "Väli kattaa vain toistojen välisen satunnaisvaihtelun (Monte Carlo, ",
    " toistoa): ei parametrien, sääntöarvojen eikä talouskehityksen epävarmuutta.",
    "Varaukset",
    "Sääntöarvot, joita ei ole vahvistettu säädöksestä (merkitty skenaariossa \"verify\"):",
    "Työmarkkinoiden kehityspolkua ei ole annettu: työllistymisen todennäköisyydet pysyvät "
    "kalibroidulla tasollaan. Luvut ovat suunnittelun lähtötaso, eivät ennuste.",
    "Työmarkkinoiden kehityspolku on oletus, ei ennuste:",
    "Nolla koko ajon ajan (ei kuvaajaa):",
    "Kuntia on liikaa tähän taulukkoon: kuntien rivit ovat tiedostossa results.xlsx.",
    "Kunnan rahoitusosuus työttömyysturvasta nojaa oletuksiin, jotka ovat kaikille kunnille samat "
    "(aiemmista jaksoista tuodut etuuspäivät, benefits.subsidy_history_days_max, yksi arvo; Polun "
    "skenaarioissa sovitettu Oulun vuoden 2021 osuuteen), ja skenaarion kuntakohtaisiin "
    "rakenteisiin; Polun skenaarioiden kuntaosuuksista vain Oulun osuutta on verrattu "
    "julkaistuihin lukuihin (docs/backtest.md).",
    "Pitkäaikaistyöttömien määrä perustuu vuoden 2019 kestorakenteeseen, johon malli on sovitettu: "
    "kalibroiduilla virroillaan malli ei toista vuosille 2024–2025 julkaistuja, paljon suurempia "
    "pitkäaikaistyöttömien osuuksia (docs/heterogeneity.md). Se, mihin suuntaan ero muuttaa "
    "kuntaosuuksia, riippuu sen syystä, jota käytettävissä olevat aineistot eivät kerro "
    "(docs/finance.md).",
};

const ReportWords kEnglish = {
    "en",
    "Simulation report",
    "Comparison report",
    "Period",
    "Municipalities",
    "Replications",
    "The line is the mean across replications, the shading the 5–95 % range across replications.",
    "Difference = variant − base with the same seed and replication (common random numbers); "
    "the shading is the 5–95 % range of the paired differences.",
    "Charts: whole region, monthly",
    "By municipality and area, monthly",
    "The headline indicators for each municipality and area, each on its own scale.",
    "Too many municipalities and areas to chart; the figures are in results.xlsx and summary.csv.",
    "Annual tables by area",
    "Annual value: flows and euros summed, stocks averaged over months, rates from summed counts; "
    "a partial year holds only the simulated months. Small print: 5–95 % range.",
    "Indicator",
    "Year",
    "Base",
    "Variant",
    "Difference",
    "90 % interval",
    "mean",
    "5–95 %",
    "Month",
    "Provenance",
    "Run id (manifest.json SHA-256)",
    "Seed",
    "Polku version",
    "Created (UTC)",
    "Rule sources",
    "Scenario file",
    "Notes",
    "no values",
    {"Caseload", "Activation", "Services", "Euros", "Flows", "Counsellors and meetings",
     "Benefit days", "Other"},
    "Headline",
    "By year for each municipality and area: euros and flows summed over the year, persons "
    "averaged over its months, rates from summed counts. Small print: 5–95 % range.",
    "Difference = variant − base, paired on the same random numbers. Bold and *: the 5–95 % "
    "range of the difference excludes zero.",
    "Area",
    "The range covers only Monte-Carlo variation between replications (",
    " replications): not the uncertainty of parameters, rule values or the economy.",
    "Caveats",
    "Rule values not confirmed against the statute (marked \"verify\" in the scenario):",
    "No labour-market path is given: exit rates stay at their calibrated level. The numbers are "
    "a planning baseline, not a forecast.",
    "The labour-market path is an assumption, not a forecast:",
    "Zero throughout the run (not charted):",
    "Too many municipalities for this table: their rows are in results.xlsx.",
    "A municipality's share of unemployment benefits rests on assumptions shared by all "
    "municipalities (the benefit days brought from earlier spells, "
    "benefits.subsidy_history_days_max, one value; in Polku's scenarios fitted to Oulu's share of "
    "2021) and on the structure the scenario gives each; of the municipal shares of Polku's "
    "scenarios only Oulu's has been compared with published figures (docs/backtest.md).",
    "The count of long-term unemployed rests on the duration structure of 2019, to which the "
    "model is fitted: with its calibrated flows the model does not reproduce the far higher "
    "long-term shares published for 2024-2025 (docs/heterogeneity.md). Which way that gap moves "
    "the municipal shares depends on its cause, which the data at hand cannot tell "
    "(docs/finance.md).",
};

}  // namespace

const ReportWords& report_words(Lang lang) { return lang == Lang::fi ? kFinnish : kEnglish; }

std::string display_number(double value, int decimals, Lang lang) {
  if (!std::isfinite(value)) return "–";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::max(decimals, 0), std::abs(value));
  const std::string digits = buffer;
  const auto point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  const std::string group = lang == Lang::fi ? "\u00a0" : ",";
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
    out += whole[i];
  }
  if (point != std::string::npos) {
    out += lang == Lang::fi ? ',' : '.';
    out.append(digits, point + 1);
  }
  const bool negative = value < 0 && out.find_first_not_of("0,.\u00a0") != std::string::npos;
  return negative ? out.insert(0, "\u2212") : out;
}

const char* group_title(IndicatorGroup group, const ReportWords& w) {
  const auto g = static_cast<std::size_t>(group);
  return g < std::size(w.groups) ? w.groups[g] : w.groups[std::size(w.groups) - 1];
}

}  // namespace polku

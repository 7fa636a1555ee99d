#include "output/labels.hpp"

#include <algorithm>

#include "polku/errors.hpp"

namespace polku {

Lang parse_lang(const std::string& text, const std::string& option) {
  if (text == "fi") return Lang::fi;
  if (text == "en") return Lang::en;
  throw InputError(option + ": expected \"fi\" or \"en\", got \"" + text + "\"");
}

std::string indicator_label(const IndicatorDef& def, Lang lang) {
  if (!def.described) return def.name;
  return lang == Lang::fi ? def.description.label_fi : def.description.label_en;
}

std::string indicator_unit(const IndicatorDef& def, Lang lang) {
  if (!def.described) return "";
  return lang == Lang::fi ? def.description.unit_fi : def.description.unit_en;
}

std::string indicator_label_with_unit(const IndicatorDef& def, Lang lang) {
  const std::string unit = indicator_unit(def, lang);
  return unit.empty() ? indicator_label(def, lang) : indicator_label(def, lang) + " (" + unit + ")";
}

namespace {
std::string both(const std::string& fi, const std::string& en) {
  return fi == en ? fi : fi + " / " + en;
}
}  // namespace

std::string bilingual_indicator_label(const IndicatorDef& def) {
  return both(indicator_label(def, Lang::fi), indicator_label(def, Lang::en));
}

std::string bilingual_indicator_unit(const IndicatorDef& def) {
  return both(indicator_unit(def, Lang::fi), indicator_unit(def, Lang::en));
}

int indicator_decimals(const IndicatorDef& def, bool annual) {
  const int declared = def.described                           ? def.description.decimals
                       : def.aggregation == Aggregation::ratio ? 1
                                                               : 0;
  const bool mean = def.aggregation == Aggregation::ratio || def.measure == Measure::stock;
  return annual && mean ? std::max(declared, 1) : declared;
}

std::string area_label(const std::string& name, Lang lang) {
  if (name == "total") return lang == Lang::fi ? "Koko alue" : "Total";
  return name;
}

}  // namespace polku

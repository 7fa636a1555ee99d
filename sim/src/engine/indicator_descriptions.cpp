#include "engine/indicator_descriptions.hpp"

#include "polku/errors.hpp"

namespace polku {

namespace {

/// Whether a registration (sum of a stock or a flow, or a ratio) fits the declared measure.
bool fits(const IndicatorDef& def, IndicatorMeasure declared) {
  if (def.aggregation == Aggregation::ratio) return declared == IndicatorMeasure::ratio;
  switch (declared) {
    case IndicatorMeasure::stock: return def.measure == Measure::stock;
    case IndicatorMeasure::flow:
    case IndicatorMeasure::euros: return def.measure == Measure::flow;
    case IndicatorMeasure::ratio: return false;
  }
  return false;
}

}  // namespace

const IndicatorSpec* find_declaration(std::span<const PluginDescriptor* const> plugins,
                                      std::string_view name, std::string* declared_by) {
  const IndicatorSpec* best = nullptr;
  const PluginDescriptor* owner = nullptr;
  for (const PluginDescriptor* plugin : plugins)
    for (const IndicatorSpec& spec : plugin->indicators) {
      if (!spec.is_family()) {
        if (spec.name == name) {
          if (declared_by) *declared_by = plugin->name;
          return &spec;
        }
        continue;
      }
      if (name.size() > spec.name.size() && name.starts_with(spec.name) &&
          (!best || spec.name.size() > best->name.size())) {
        best = &spec;
        owner = plugin;
      }
    }
  if (best && declared_by) *declared_by = owner->name;
  return best;
}

void describe_indicator(IndicatorDef& def, std::span<const PluginDescriptor* const> plugins,
                        std::span<const ServiceKindInfo> kinds) {
  std::string owner;
  const IndicatorSpec* spec = find_declaration(plugins, def.name, &owner);
  if (!spec)
    throw ModelError("indicator '" + def.name +
                     "' is registered but no plugin of the run declares it: add an "
                     "IndicatorSpec to the registering plugin's descriptor (indicator_spec.hpp)");
  if (!fits(def, spec->measure))
    throw ModelError("indicator '" + def.name + "' is declared by plugin '" + owner + "' as " +
                     to_string(spec->measure) + " but registered as " +
                     (def.aggregation == Aggregation::ratio ? "a ratio"
                      : def.measure == Measure::stock       ? "a stock"
                                                            : "a flow"));
  def.description = *spec;
  def.description.parts.clear();
  def.declared_by = owner;
  if (spec->is_family()) {
    const std::string suffix = def.name.substr(spec->name.size());
    const IndicatorPart* part = nullptr;
    for (const auto& p : spec->parts)
      if (p.suffix == suffix) part = &p;
    std::string fi, en;
    if (part) {
      fi = part->label_fi;
      en = part->label_en;
    } else {
      for (const auto& k : kinds)
        if (k.name == suffix) {
          fi = k.label_fi;
          en = k.label_en;
        }
    }
    if (fi.empty() || en.empty())
      throw ModelError("indicator '" + def.name + "' belongs to the family '" + spec->name +
                       "' of plugin '" + owner + "', which has no label for '" + suffix +
                       "' (neither a listed part nor a service kind with labels)");
    def.description.label_fi += ": " + fi;
    def.description.label_en += ": " + en;
  }
  def.described = true;
}

std::vector<std::string> declaration_problems(const IndicatorSpec& spec) {
  std::vector<std::string> problems;
  const auto say = [&](const std::string& what) {
    problems.push_back("indicator '" + spec.name + "': " + what);
  };
  if (spec.name.empty()) say("no name");
  if (spec.label_fi.empty() || spec.label_en.empty()) say("a label is missing");
  if (spec.unit_fi.empty() || spec.unit_en.empty()) say("a unit is missing");
  const bool euro_name = spec.name.find("_eur") != std::string::npos;
  const bool euro_unit = spec.unit_fi == "€" || spec.unit_en == "€";
  if ((spec.measure == IndicatorMeasure::euros) != euro_name)
    say("euros are declared exactly for names with \"_eur\"");
  if ((spec.measure == IndicatorMeasure::euros) != euro_unit)
    say("euros are declared exactly with the unit \"€\"");
  if (spec.unit_fi == "%" || spec.unit_en == "%")
    if (spec.measure != IndicatorMeasure::ratio) say("a percentage is a ratio");
  if (spec.unit_fi != spec.unit_en && (euro_unit || spec.unit_fi == "%" || spec.unit_en == "%"))
    say("the Finnish and English units differ for € or %");
  if (spec.decimals < 0 || spec.decimals > 3) say("decimals outside 0-3");
  for (const auto& p : spec.parts) {
    if (!spec.is_family()) say("parts listed for a single indicator");
    if (p.suffix.empty() || p.label_fi.empty() || p.label_en.empty())
      say("a part without suffix or labels");
  }
  return problems;
}

}  // namespace polku

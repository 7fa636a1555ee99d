/// @file labels.hpp
/// Names and units of indicators and areas for people-facing outputs (workbook, HTML report), in
/// Finnish and English. An indicator's label and unit are its plugin's declaration
/// (polku/indicator_spec.hpp); machine-facing files keep the snake_case indicator names.
#pragma once

#include <string>

#include "engine/results.hpp"

namespace polku {

/// Report language.
enum class Lang { fi, en };

/// Parses "fi" or "en"; throws `InputError` naming `option` for anything else.
[[nodiscard]] Lang parse_lang(const std::string& text, const std::string& option = "--lang");

/// The declared label of an indicator, e.g. "Työttömät" / "Unemployed"; its name when no plugin
/// declared it (results built by hand).
[[nodiscard]] std::string indicator_label(const IndicatorDef& def, Lang lang);
/// The declared unit, e.g. "henkilöä" / "persons", "€", "%"; empty when undeclared.
[[nodiscard]] std::string indicator_unit(const IndicatorDef& def, Lang lang);
/// "Label (unit)", or the label alone when there is no unit.
[[nodiscard]] std::string indicator_label_with_unit(const IndicatorDef& def, Lang lang);

/// "Finnish / English" (one text when both are equal).
[[nodiscard]] std::string bilingual_indicator_label(const IndicatorDef& def);
/// "Finnish / English" unit (one text when both are equal, e.g. "€").
[[nodiscard]] std::string bilingual_indicator_unit(const IndicatorDef& def);

/// Digits after the point of an indicator's monthly values; annual means of stocks and ratios
/// get at least one.
[[nodiscard]] int indicator_decimals(const IndicatorDef& def, bool annual = false);

/// The display name of an output area: "total" becomes "Koko alue" / "Total"; others unchanged.
[[nodiscard]] std::string area_label(const std::string& name, Lang lang);

}  // namespace polku

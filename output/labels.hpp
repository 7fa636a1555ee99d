/// @file labels.hpp
/// Finnish and English names of indicators, areas and table headers for people-facing outputs
/// (workbook, HTML report). Machine-facing files keep the snake_case indicator names.
#pragma once

#include <string>

namespace polku {

/// Report language.
enum class Lang { fi, en };

/// Parses "fi" or "en"; throws `InputError` naming `option` for anything else.
[[nodiscard]] Lang parse_lang(const std::string& text, const std::string& option = "--lang");

/// The display name of an indicator, e.g. "Työttömät" / "Unemployed"; `in_service.<kind>`
/// names the service kind. Unknown names are returned unchanged.
[[nodiscard]] std::string indicator_label(const std::string& name, Lang lang);

/// "Finnish / English" (one text when both are equal).
[[nodiscard]] std::string bilingual_indicator_label(const std::string& name);

/// The display name of an output area: "total" becomes "Koko alue" / "Total"; others unchanged.
[[nodiscard]] std::string area_label(const std::string& name, Lang lang);

}  // namespace polku

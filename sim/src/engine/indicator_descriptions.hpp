/// @file indicator_descriptions.hpp
/// Matching registered indicators with the plugins' declarations (polku/indicator_spec.hpp).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/results.hpp"
#include "polku/plugin.hpp"

namespace polku {

/// The declaration of `name` among the plugins' declarations: the exact name, else the family
/// with the longest prefix of it; nullptr when none declares it. `declared_by` receives the
/// declaring plugin's name.
[[nodiscard]] const IndicatorSpec* find_declaration(
    std::span<const PluginDescriptor* const> plugins, std::string_view name,
    std::string* declared_by = nullptr);

/// Fills `def.description` and `def.declared_by` from the declarations; a family member's label
/// comes from the family's parts or, failing those, from the service kind of that name.
/// @throws ModelError when no plugin declares the indicator, a family member has no label, or
///         the declaration's measure does not fit the registration (a ratio registered as a
///         sum, a stock as a flow, euros not a flow).
void describe_indicator(IndicatorDef& def, std::span<const PluginDescriptor* const> plugins,
                        std::span<const ServiceKindInfo> kinds);

/// Problems of a declaration itself (e.g. euros without "€"), one message each; empty when sound.
[[nodiscard]] std::vector<std::string> declaration_problems(const IndicatorSpec& spec);

}  // namespace polku

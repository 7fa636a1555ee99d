/// @file param_builders.hpp
/// Short-hands for the parameter declarations modules repeat most.
#pragma once

#include <string>

#include "polku/params.hpp"

namespace polku::param {

/// A number of the given type within [min, max].
[[nodiscard]] inline ParamSpec ranged(std::string name, ParamType type, std::string default_yaml,
                                      std::string unit, double min, double max, std::string doc) {
  return {.name = std::move(name),
          .type = type,
          .default_yaml = std::move(default_yaml),
          .unit = std::move(unit),
          .min = min,
          .max = max,
          .doc = std::move(doc)};
}

/// A whole number of days in [1, 3650].
[[nodiscard]] inline ParamSpec days(std::string name, std::string default_yaml, std::string doc) {
  return ranged(std::move(name), ParamType::integer, std::move(default_yaml), "days", 1.0, 3650.0,
                std::move(doc));
}

/// A share or a probability in [0, 1]; `unit` says of what ("share", "probability per review").
[[nodiscard]] inline ParamSpec fraction(std::string name, std::string default_yaml,
                                        std::string unit, std::string doc) {
  return ranged(std::move(name), ParamType::real, std::move(default_yaml), std::move(unit), 0.0,
                1.0, std::move(doc));
}

/// A share in [0, 1] that may differ by municipality: a scalar for all, or a map with `default`.
[[nodiscard]] inline ParamSpec municipal_fraction(std::string name, std::string default_yaml,
                                                  std::string doc) {
  return ranged(std::move(name), ParamType::per_municipality, std::move(default_yaml), "share", 0.0,
                1.0, std::move(doc));
}

/// `spec` as a rule of law: scenarios give it with its `reference:` (`ParamSpec::law`).
[[nodiscard]] inline ParamSpec law(ParamSpec spec) {
  spec.law = true;
  return spec;
}

/// `spec` as a parameter a workshop may change (`ParamSpec::lever`).
[[nodiscard]] inline ParamSpec lever(ParamSpec spec) {
  spec.lever = true;
  return spec;
}

/// `spec` with the distribution of what is not known about it (see `Distribution`).
[[nodiscard]] inline ParamSpec uncertain(ParamSpec spec, Distribution d) {
  spec.uncertainty = std::move(d);
  return spec;
}

}  // namespace polku::param

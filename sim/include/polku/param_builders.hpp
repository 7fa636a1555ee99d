/// @file param_builders.hpp
/// Short-hands for the parameter declarations modules repeat most.
#pragma once

#include <string>

#include "polku/params.hpp"

namespace polku::param {

/// A whole number of days in [1, 3650].
[[nodiscard]] inline ParamSpec days(std::string name, std::string default_yaml, std::string doc) {
  return {.name = std::move(name),
          .type = ParamType::integer,
          .default_yaml = std::move(default_yaml),
          .unit = "days",
          .min = 1.0,
          .max = 3650.0,
          .doc = std::move(doc)};
}

/// A share or a probability in [0, 1]; `unit` says of what ("share", "probability per review").
[[nodiscard]] inline ParamSpec fraction(std::string name, std::string default_yaml,
                                        std::string unit, std::string doc) {
  return {.name = std::move(name),
          .type = ParamType::real,
          .default_yaml = std::move(default_yaml),
          .unit = std::move(unit),
          .min = 0.0,
          .max = 1.0,
          .doc = std::move(doc)};
}

/// A share in [0, 1] that may differ by municipality: a scalar for all, or a map with `default`.
[[nodiscard]] inline ParamSpec municipal_fraction(std::string name, std::string default_yaml,
                                                  std::string doc) {
  return {.name = std::move(name),
          .type = ParamType::per_municipality,
          .default_yaml = std::move(default_yaml),
          .unit = "share",
          .min = 0.0,
          .max = 1.0,
          .doc = std::move(doc)};
}

}  // namespace polku::param

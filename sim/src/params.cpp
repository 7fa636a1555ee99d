#include "polku/params.hpp"

namespace polku {

const char* to_string(ParamType t) noexcept {
  switch (t) {
    case ParamType::boolean:
      return "boolean";
    case ParamType::integer:
      return "integer";
    case ParamType::real:
      return "real";
    case ParamType::string:
      return "string";
    case ParamType::date:
      return "date";
    case ParamType::real_list:
      return "real_list";
    case ParamType::per_municipality:
      return "per_municipality";
    case ParamType::dated_values:
      return "dated_values";
    case ParamType::dated_lists:
      return "dated_lists";
  }
  // Only reachable through a cast from an out-of-range integer.
  return "unknown";
}

}  // namespace polku

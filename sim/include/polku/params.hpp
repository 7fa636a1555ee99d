/// @file params.hpp
/// Typed, self-describing plugin parameters.
///
/// A plugin declares each parameter with a type, a default (written as YAML text, so defaults pass
/// through the same parser and checks as user values), a unit, an allowed range and a doc string.
/// The scenario loader validates user values against these specs before anything runs and hands
/// each module a `ParamValues` with every parameter resolved.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "polku/calendar.hpp"

namespace polku {

enum class ParamType : std::uint8_t {
  boolean,
  integer,
  real,
  string,
  date,              ///< ISO date "YYYY-MM-DD"
  real_list,         ///< YAML sequence of reals
  per_municipality,  ///< real per municipality: a scalar for all, or a map {name: value, default:
                     ///< v}
  dated_values,      ///< a step function of time: map {YYYY-MM-DD: real}, e.g. a capacity schedule
  dated_lists,       ///< a list that changes on given dates: map {YYYY-MM-DD: [reals]}, e.g. a
                     ///< law's band table
};

/// A value that changes on given dates: `values[k]` holds from `dates[k]` until the next date.
struct DatedValues {
  std::vector<Day> dates;  ///< strictly increasing
  std::vector<double> values;

  /// The value in force on `day`, or `before` when the first date is still to come.
  [[nodiscard]] double at(Day day, double before) const noexcept {
    double v = before;
    for (std::size_t k = 0; k < dates.size() && dates[k] <= day; ++k) v = values[k];
    return v;
  }
  friend bool operator==(const DatedValues&, const DatedValues&) = default;
};

/// A list that changes on given dates: `lists[k]` holds from `dates[k]` until the next date.
struct DatedLists {
  std::vector<Day> dates;  ///< strictly increasing
  std::vector<std::vector<double>> lists;

  /// The list in force on `day`; the first one before the first date, an empty one if none.
  [[nodiscard]] const std::vector<double>& at(Day day) const noexcept {
    static const std::vector<double> kNone;
    if (lists.empty()) return kNone;
    std::size_t k = 0;
    while (k + 1 < dates.size() && dates[k + 1] <= day) ++k;
    return lists[k];
  }
  friend bool operator==(const DatedLists&, const DatedLists&) = default;
};

[[nodiscard]] const char* to_string(ParamType t) noexcept;

/// The shapes an uncertain parameter's distribution may take.
enum class DistributionKind : std::uint8_t {
  uniform,           ///< equal chances between min and max
  triangular,        ///< from min to max, peaking at the mode (by default the parameter's value)
  truncated_normal,  ///< normal with mean (by default the value) and sd, cut to [min, max]
  log_normal,        ///< log-normal with median (by default the value) and sigma of the log, cut
                     ///< to [min, max]
  discrete,          ///< one of `values`, with `weights` (equal when empty)
};

[[nodiscard]] const char* to_string(DistributionKind k) noexcept;

/// What is not known about an assumption: the distribution its value is drawn from in runs with
/// parameter uncertainty and in sensitivity analyses. For a scalar (real or integer; integers are
/// rounded) the draw is the value; for a list, a per-municipality value or a dated schedule it is
/// a factor multiplying every element.
struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  double min = 0.0;  ///< lower end of the support (truncation point)
  double max = 0.0;  ///< upper end of the support
  /// Triangular mode, normal mean or log-normal median; NaN means the parameter's value.
  double centre = std::numeric_limits<double>::quiet_NaN();
  double spread = 0.0;          ///< normal sd or log-normal sigma (of the log)
  std::vector<double> values;   ///< discrete alternatives
  std::vector<double> weights;  ///< discrete weights (normalised; empty = equal)

  /// The value at cumulative probability `u` in (0, 1); `value` is the parameter's own value
  /// (used where `centre` is NaN).
  [[nodiscard]] double quantile(double u, double value) const;
  /// A one-line description, e.g. "uniform [0.8, 1]", "triangular [3, 6] mode 4.5".
  [[nodiscard]] std::string describe(double value) const;
  friend bool operator==(const Distribution&, const Distribution&) = default;
};

/// Distribution makers for plugin declarations (`.uncertainty = uniform(0.8, 1.0)`).
[[nodiscard]] inline Distribution uniform(double min, double max) {
  return {.kind = DistributionKind::uniform, .min = min, .max = max};
}
/// Triangular over [min, max] peaking at the parameter's value.
[[nodiscard]] inline Distribution triangular(double min, double max) {
  return {.kind = DistributionKind::triangular, .min = min, .max = max};
}

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::real;
  std::string default_yaml;   ///< default in YAML syntax, e.g. "0.5", "[90, 180]", "2025-01-01"
  std::string unit;           ///< e.g. "persons/day", "days", "" for dimensionless
  std::optional<double> min;  ///< inclusive; for lists and maps applies to every element
  std::optional<double> max;  ///< inclusive
  std::string doc;            ///< what it means, default's source or "assumption" with a range
  std::vector<std::string> choices;  ///< for strings: the allowed values (empty = any)
  /// A rule of law, not an assumption: the scenario writes it with its source, as
  /// `{value: ..., reference: "...", verify: "..."}` (for dated values, per date), and a value
  /// given without a `reference` is reported as a what-if. No default in code.
  bool law = false;
  /// A policy lever: a value a workshop may change to ask "what if" (`polku serve` offers it).
  bool lever = false;
  /// For an assumption: what is not known about it (see `Distribution`), usually uniform over its
  /// plausible range. None for data, law and settings. A scenario may override it (`uncertainty:`).
  std::optional<Distribution> uncertainty;
};

/// A resolved parameter value.
using ParamValue = std::variant<bool, std::int64_t, double, std::string, Day, std::vector<double>,
                                DatedValues, DatedLists>;

/// Every parameter of one module, resolved and validated. `per_municipality` values are stored as
/// a `std::vector<double>` indexed by municipality id.
class ParamValues {
 public:
  void set(const std::string& name, ParamValue v) { values_[name] = std::move(v); }

  [[nodiscard]] bool boolean(const std::string& name) const { return get<bool>(name); }
  [[nodiscard]] std::int64_t integer(const std::string& name) const {
    return get<std::int64_t>(name);
  }
  [[nodiscard]] double real(const std::string& name) const { return get<double>(name); }
  [[nodiscard]] const std::string& string(const std::string& name) const {
    return get<std::string>(name);
  }
  [[nodiscard]] Day date(const std::string& name) const { return get<Day>(name); }
  [[nodiscard]] const std::vector<double>& reals(const std::string& name) const {
    return get<std::vector<double>>(name);
  }
  /// Value per municipality id.
  [[nodiscard]] const std::vector<double>& per_municipality(const std::string& name) const {
    return get<std::vector<double>>(name);
  }
  [[nodiscard]] const DatedValues& dated(const std::string& name) const {
    return get<DatedValues>(name);
  }
  [[nodiscard]] const DatedLists& dated_lists(const std::string& name) const {
    return get<DatedLists>(name);
  }
  [[nodiscard]] const std::map<std::string, ParamValue>& all() const noexcept { return values_; }

 private:
  template <class T>
  const T& get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
};

}  // namespace polku

#include "polku/detail/params_impl.hpp"

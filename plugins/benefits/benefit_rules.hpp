/// @file benefit_rules.hpp
/// Pure rule functions of the benefits module: paid weekdays, day bands, daily amounts and shares.
/// Kept free of simulation state so each boundary can be tested on its own.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "polku/calendar.hpp"

namespace polku::benefits {

/// Unemployment benefits are paid for five days a week, Monday to Friday, public holidays
/// included (Act 1290/2002 ch. 6 s. 4).
[[nodiscard]] constexpr bool is_payment_day(Day d) noexcept {
  const int w = static_cast<int>(((static_cast<std::int64_t>(d) + 3) % 7 + 7) %
                                 7);  // 1970-01-01 was a Thursday
  return w < 5;
}

/// Payment days in [from, to), in closed form.
[[nodiscard]] constexpr std::int64_t payment_days_between(Day from, Day to) noexcept {
  if (to <= from) return 0;
  const std::int64_t days = static_cast<std::int64_t>(to) - from;
  std::int64_t count = days / 7 * 5;
  for (Day d = static_cast<Day>(from + days / 7 * 7); d < to; ++d)
    count += is_payment_day(d) ? 1 : 0;
  return count;
}

/// The day of the `n`-th payment day on or after `from` (n >= 1).
[[nodiscard]] constexpr Day nth_payment_day(Day from, std::int64_t n) noexcept {
  while (!is_payment_day(from)) ++from;
  const std::int64_t weeks = (n - 1) / 5;
  Day d = static_cast<Day>(from + weeks * 7);
  for (std::int64_t left = (n - 1) % 5; left > 0; --left) {
    ++d;
    while (!is_payment_day(d)) ++d;
  }
  return d;
}

/// Index of the band that paid day number `day_number` falls in, for bands starting at the given
/// day numbers (increasing); -1 before the first band.
[[nodiscard]] inline int band_of(const std::vector<double>& band_starts,
                                 std::int64_t day_number) noexcept {
  int band = -1;
  for (std::size_t k = 0; k < band_starts.size(); ++k)
    if (static_cast<double>(day_number) >= band_starts[k]) band = static_cast<int>(k);
  return band;
}

/// Earnings-related allowance after the step cuts (HE 13/2024): the whole allowance is cut to
/// `factor` of basic part + earnings part, but never below the basic allowance.
[[nodiscard]] inline double earnings_related_daily(double basic, double earnings_part,
                                                   double factor) noexcept {
  return std::max(basic, factor * (basic + earnings_part));
}

/// Euros as whole micro-euros: sums of many daily rates stay exact and independent of order.
[[nodiscard]] inline std::int64_t micro(double euros) noexcept { return std::llround(euros * 1e6); }

}  // namespace polku::benefits

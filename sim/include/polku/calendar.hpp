/// @file calendar.hpp
/// Dates as day numbers, months, and Finnish business days.
///
/// A `Day` is the number of days since 1970-01-01 (proleptic Gregorian), so agent state stores a
/// date in four bytes and date arithmetic is integer arithmetic. Business days exclude Saturdays,
/// Sundays and Finnish public holidays (and the de facto closed days Midsummer Eve and Christmas
/// Eve), which decides statutory deadlines such as "initial interview within 5 business days".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace polku {

using Day = std::int32_t;

/// A sentinel for "no date" in agent state.
inline constexpr Day kNoDay = INT32_MIN;

struct YearMonthDay {
  int year;
  unsigned month;  ///< 1..12
  unsigned day;    ///< 1..31
};

/// Day number of a civil date. Requires a valid date.
[[nodiscard]] Day day_from_ymd(int year, unsigned month, unsigned day) noexcept;
[[nodiscard]] YearMonthDay ymd_of(Day d) noexcept;

/// ISO 8601 "YYYY-MM-DD". Returns false (leaves `out` untouched) when the text is not a valid date.
[[nodiscard]] bool parse_iso_date(std::string_view text, Day& out) noexcept;
[[nodiscard]] std::string iso_date(Day d);

/// Month index counting from year 0: year*12 + (month-1). Used to bucket monthly indicators.
[[nodiscard]] int month_index(Day d) noexcept;
/// "YYYY-MM" for a month index.
[[nodiscard]] std::string month_label(int month_index);
[[nodiscard]] Day first_day_of_month(int month_index) noexcept;
[[nodiscard]] Day last_day_of_month(int month_index) noexcept;
[[nodiscard]] bool is_last_day_of_month(Day d) noexcept;

/// 0 = Monday … 6 = Sunday.
[[nodiscard]] int weekday(Day d) noexcept;

/// Finnish public holidays (Act 1988/1193 on holidays and Church calendar dates: New Year's Day,
/// Epiphany, Good Friday, Easter Monday, May Day, Ascension Day, Midsummer Eve and Day,
/// All Saints' Day, Independence Day, Christmas Eve, Christmas Day, St Stephen's Day).
/// Midsummer Eve and Christmas Eve are not statutory holidays but public offices are closed.
[[nodiscard]] bool is_finnish_holiday(Day d) noexcept;
[[nodiscard]] bool is_business_day(Day d) noexcept;

/// The day `n` business days after `from` (n >= 0); n = 0 gives `from` itself if it is a business
/// day, else the next business day.
[[nodiscard]] Day add_business_days(Day from, int n) noexcept;
/// Business days in the half-open range [from, to).
[[nodiscard]] int business_days_between(Day from, Day to) noexcept;

}  // namespace polku

#include "polku/calendar.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <vector>

namespace polku {

namespace {

namespace chr = std::chrono;

// Holidays in one year: at most 14 dates, fewer when two coincide (Ascension Day is May Day
// when Easter falls on 23 March, as in 2008).
struct YearHolidays {
  std::array<Day, 14> days{};
  int count = 0;
};

// Floor division, so negative month indices map to the right year.
constexpr int floor_div(int a, int b) noexcept {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

chr::sys_days to_sys(Day d) noexcept { return chr::sys_days{chr::days{d}}; }

// Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher algorithm).
Day easter_sunday(int year) noexcept {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return day_from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// The first day on or after `first` that falls on `wd` (0 = Monday).
Day next_weekday_on_or_after(Day first, int wd) noexcept {
  return first + (wd - weekday(first) + 7) % 7;
}

// Single source of truth for the holiday rules; sorted and without duplicates.
YearHolidays holidays_of(int year) noexcept {
  YearHolidays h;
  auto add = [&h](Day d) { h.days[static_cast<std::size_t>(h.count++)] = d; };
  const Day easter = easter_sunday(year);
  add(day_from_ymd(year, 1, 1));                                 // New Year's Day
  add(day_from_ymd(year, 1, 6));                                 // Epiphany
  add(easter - 2);                                               // Good Friday
  add(easter);                                                   // Easter Sunday
  add(easter + 1);                                               // Easter Monday
  add(day_from_ymd(year, 5, 1));                                 // May Day
  add(easter + 39);                                              // Ascension Day
  add(next_weekday_on_or_after(day_from_ymd(year, 6, 19), 4));   // Midsummer Eve (Friday)
  add(next_weekday_on_or_after(day_from_ymd(year, 6, 20), 5));   // Midsummer Day (Saturday)
  add(next_weekday_on_or_after(day_from_ymd(year, 10, 31), 5));  // All Saints' Day (Saturday)
  add(day_from_ymd(year, 12, 6));                                // Independence Day
  add(day_from_ymd(year, 12, 24));                               // Christmas Eve
  add(day_from_ymd(year, 12, 25));                               // Christmas Day
  add(day_from_ymd(year, 12, 26));                               // St Stephen's Day
  auto* end = h.days.data() + h.count;
  std::sort(h.days.data(), end);
  h.count = static_cast<int>(std::unique(h.days.data(), end) - h.days.data());
  return h;
}

// Monday..Friday in [from, to), from whole weeks plus the leftover days.
int weekdays_between(Day from, Day to) noexcept {
  const int span = to - from;
  int count = span / 7 * 5;
  const int start = weekday(from);
  for (int i = 0; i < span % 7; ++i) {
    if ((start + i) % 7 < 5) {
      ++count;
    }
  }
  return count;
}

}  // namespace

Day day_from_ymd(int year, unsigned month, unsigned day) noexcept {
  const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  return static_cast<Day>(chr::sys_days{ymd}.time_since_epoch().count());
}

YearMonthDay ymd_of(Day d) noexcept {
  const chr::year_month_day ymd{to_sys(d)};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

bool parse_iso_date(std::string_view text, Day& out) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  // Parse digits by hand: from_chars/strtol would accept signs or whitespace.
  auto number = [text](std::size_t pos, std::size_t len, int& value) {
    value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return false;
      }
      value = value * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0;
  int m = 0;
  int d = 0;
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) {
    return false;
  }
  const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                                chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return false;
  }
  out = static_cast<Day>(chr::sys_days{ymd}.time_since_epoch().count());
  return true;
}

std::string iso_date(Day d) {
  const YearMonthDay ymd = ymd_of(d);
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf.data();
}

int month_index(Day d) noexcept {
  const YearMonthDay ymd = ymd_of(d);
  return ymd.year * 12 + static_cast<int>(ymd.month) - 1;
}

std::string month_label(int m) {
  const int year = floor_div(m, 12);
  const int month = m - year * 12 + 1;
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d", year, month);
  return buf.data();
}

Day first_day_of_month(int m) noexcept {
  const int year = floor_div(m, 12);
  return day_from_ymd(year, static_cast<unsigned>(m - year * 12 + 1), 1);
}

Day last_day_of_month(int m) noexcept { return first_day_of_month(m + 1) - 1; }

bool is_last_day_of_month(Day d) noexcept { return ymd_of(d + 1).day == 1; }

int weekday(Day d) noexcept { return static_cast<int>(chr::weekday{to_sys(d)}.iso_encoding()) - 1; }

namespace {

// Holidays and business days of 1900-2199 as one byte a day, built once (thread-safe static
// initialisation): business-day arithmetic runs for every meeting and every service queue, and a
// look-up is cheaper than computing Easter and the weekday each time.
constexpr int kTableFirstYear = 1900;
constexpr int kTableLastYear = 2199;

struct DayTable {
  enum : std::uint8_t { kHoliday = 1, kBusinessDay = 2 };
  Day first = day_from_ymd(kTableFirstYear, 1, 1);
  Day last = day_from_ymd(kTableLastYear, 12, 31);
  std::vector<std::uint8_t> flags =
      std::vector<std::uint8_t>(static_cast<std::size_t>(last - first + 1), 0);

  DayTable() {
    for (Day d = first; d <= last; ++d)
      if (weekday(d) < 5) flags[index(d)] = kBusinessDay;
    // A holiday is no business day: assigning the flag clears the weekday's business bit.
    for (int year = kTableFirstYear; year <= kTableLastYear; ++year) {
      const YearHolidays h = holidays_of(year);
      for (int i = 0; i < h.count; ++i)
        flags[index(h.days[static_cast<std::size_t>(i)])] = kHoliday;
    }
  }
  [[nodiscard]] bool covers(Day d) const noexcept { return d >= first && d <= last; }
  [[nodiscard]] std::size_t index(Day d) const noexcept {
    return static_cast<std::size_t>(d - first);
  }
};

const DayTable& day_table() {
  static const DayTable table;
  return table;
}

}  // namespace

bool is_finnish_holiday(Day d) noexcept {
  const DayTable& table = day_table();
  if (table.covers(d)) return (table.flags[table.index(d)] & DayTable::kHoliday) != 0;
  const YearHolidays h = holidays_of(ymd_of(d).year);
  return std::binary_search(h.days.data(), h.days.data() + h.count, d);
}

bool is_business_day(Day d) noexcept {
  const DayTable& table = day_table();
  if (table.covers(d)) return (table.flags[table.index(d)] & DayTable::kBusinessDay) != 0;
  return weekday(d) < 5 && !is_finnish_holiday(d);
}

Day add_business_days(Day from, int n) noexcept {
  assert(n >= 0);
  if (n <= 0) {
    while (!is_business_day(from)) {
      ++from;
    }
    return from;
  }
  // Skip whole weeks while more than five business days remain. A jump of w weeks holds at most
  // 5w <= remaining-1 business days, so it never reaches the target; the walk below finishes.
  Day cur = from;
  int remaining = n;
  while (remaining > 5) {
    const int weeks = (remaining - 1) / 5;
    remaining -= business_days_between(cur + 1, cur + 1 + 7 * weeks);
    cur += 7 * weeks;
  }
  while (remaining > 0) {
    ++cur;
    if (is_business_day(cur)) {
      --remaining;
    }
  }
  return cur;
}

int business_days_between(Day from, Day to) noexcept {
  if (to <= from) {
    return 0;
  }
  int count = weekdays_between(from, to);
  // Only holidays on Monday..Friday were counted above; take those in range back out.
  const int last_year = ymd_of(to - 1).year;
  for (int year = ymd_of(from).year; year <= last_year; ++year) {
    const YearHolidays h = holidays_of(year);
    for (int i = 0; i < h.count; ++i) {
      const Day d = h.days[static_cast<std::size_t>(i)];
      if (d >= from && d < to && weekday(d) < 5) {
        --count;
      }
    }
  }
  return count;
}

}  // namespace polku

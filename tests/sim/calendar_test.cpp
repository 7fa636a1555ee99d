#include "polku/calendar.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "polku/params.hpp"

using namespace polku;

namespace {

Day ymd(int y, unsigned m, unsigned d) { return day_from_ymd(y, m, d); }

int naive_business_days_between(Day from, Day to) {
  int n = 0;
  for (Day d = from; d < to; ++d) {
    if (is_business_day(d)) ++n;
  }
  return n;
}

Day naive_add_business_days(Day from, int n) {
  Day d = from;
  if (n == 0) {
    while (!is_business_day(d)) ++d;
    return d;
  }
  while (n > 0) {
    ++d;
    if (is_business_day(d)) --n;
  }
  return d;
}

}  // namespace

TEST_CASE("day numbers and civil dates round trip", "[calendar]") {
  CHECK(ymd(1970, 1, 1) == 0);
  CHECK(ymd(1969, 12, 31) == -1);
  CHECK(ymd(2000, 1, 1) == 10957);
  CHECK(ymd(2024, 1, 1) == 19723);
  CHECK(ymd(2024, 2, 29) == 19723 + 31 + 28);
  CHECK(ymd(2000, 2, 29) == 10957 + 31 + 28);
  CHECK(ymd(1900, 1, 1) == -25567);

  // 1900 is not a leap year (divisible by 100, not 400); 2000 and 2024 are.
  CHECK(ymd(1900, 3, 1) - ymd(1900, 2, 28) == 1);
  CHECK(ymd(2000, 3, 1) - ymd(2000, 2, 28) == 2);
  CHECK(ymd(2024, 3, 1) - ymd(2024, 2, 28) == 2);

  for (Day d : {ymd(2024, 2, 29), ymd(2000, 2, 29), ymd(1900, 2, 28), ymd(1900, 3, 1), Day{0}}) {
    const YearMonthDay c = ymd_of(d);
    CHECK(ymd(c.year, c.month, c.day) == d);
  }
  const YearMonthDay leap = ymd_of(ymd(2024, 2, 29));
  CHECK(leap.year == 2024);
  CHECK(leap.month == 2u);
  CHECK(leap.day == 29u);

  // Every day over five centuries, including before 1970.
  Day prev = ymd(1799, 12, 31);
  for (Day d = ymd(1800, 1, 1); d <= ymd(2300, 12, 31); ++d) {
    const YearMonthDay c = ymd_of(d);
    REQUIRE(ymd(c.year, c.month, c.day) == d);
    REQUIRE(d - prev == 1);
    prev = d;
  }
}

TEST_CASE("weekday", "[calendar]") {
  CHECK(weekday(ymd(2025, 1, 1)) == 2);   // Wednesday
  CHECK(weekday(0) == 3);                 // 1970-01-01 was a Thursday
  CHECK(weekday(-1) == 2);                // 1969-12-31 Wednesday
  CHECK(weekday(ymd(2000, 1, 1)) == 5);   // Saturday
  CHECK(weekday(ymd(2024, 2, 29)) == 3);  // Thursday
  CHECK(weekday(ymd(2025, 6, 22)) == 6);  // Sunday
  CHECK(weekday(ymd(2025, 6, 23)) == 0);  // Monday
}

TEST_CASE("ISO date text", "[calendar]") {
  CHECK(iso_date(0) == "1970-01-01");
  CHECK(iso_date(ymd(2024, 2, 29)) == "2024-02-29");
  CHECK(iso_date(ymd(2025, 12, 6)) == "2025-12-06");

  Day d = 12345;
  REQUIRE(parse_iso_date("2024-02-29", d));
  CHECK(d == ymd(2024, 2, 29));
  REQUIRE(parse_iso_date("1970-01-01", d));
  CHECK(d == 0);
  REQUIRE(parse_iso_date("1899-12-31", d));
  CHECK(d == ymd(1899, 12, 31));

  for (const char* bad :
       {"2025-02-30",  "2023-02-29",  "1900-02-29", "2025-1-5",   "2025-01-5",  "2025-01-05x",
        " 2025-01-05", "2025-01-05 ", "2025/01/05", "20250105",   "",           "2025-13-01",
        "2025-00-10",  "2025-01-00",  "2025-01-32", "+025-01-05", "-025-01-05", "2025-+1-05",
        "2025-0a-05",  "25-01-05",    "02025-01-05"}) {
    Day out = 777;
    INFO("input: '" << bad << "'");
    CHECK_FALSE(parse_iso_date(bad, out));
    CHECK(out == 777);
  }
}

TEST_CASE("months", "[calendar]") {
  CHECK(month_index(ymd(2025, 1, 1)) == 2025 * 12);
  CHECK(month_index(ymd(2025, 12, 31)) == 2025 * 12 + 11);
  CHECK(month_index(0) == 1970 * 12);
  CHECK(month_label(2025 * 12) == "2025-01");
  CHECK(month_label(2025 * 12 + 11) == "2025-12");
  CHECK(month_label(month_index(ymd(2024, 2, 29))) == "2024-02");

  CHECK(first_day_of_month(2025 * 12) == ymd(2025, 1, 1));
  CHECK(last_day_of_month(2025 * 12) == ymd(2025, 1, 31));
  CHECK(last_day_of_month(2025 * 12 + 11) == ymd(2025, 12, 31));
  CHECK(last_day_of_month(2024 * 12 + 1) == ymd(2024, 2, 29));
  CHECK(last_day_of_month(2023 * 12 + 1) == ymd(2023, 2, 28));
  CHECK(last_day_of_month(2000 * 12 + 1) == ymd(2000, 2, 29));
  CHECK(last_day_of_month(1900 * 12 + 1) == ymd(1900, 2, 28));
  CHECK(first_day_of_month(2024 * 12 + 2) == ymd(2024, 3, 1));

  CHECK(is_last_day_of_month(ymd(2024, 2, 29)));
  CHECK_FALSE(is_last_day_of_month(ymd(2024, 2, 28)));
  CHECK(is_last_day_of_month(ymd(2023, 2, 28)));
  CHECK(is_last_day_of_month(ymd(1900, 2, 28)));
  CHECK(is_last_day_of_month(ymd(2025, 12, 31)));
  CHECK(is_last_day_of_month(ymd(2025, 4, 30)));
  CHECK_FALSE(is_last_day_of_month(ymd(2025, 5, 30)));

  // Month helpers agree with each other for every month over several centuries.
  for (int m = 1850 * 12; m < 2150 * 12; ++m) {
    const Day first = first_day_of_month(m);
    const Day last = last_day_of_month(m);
    REQUIRE(month_index(first) == m);
    REQUIRE(month_index(last) == m);
    REQUIRE(ymd_of(first).day == 1u);
    REQUIRE(is_last_day_of_month(last));
    REQUIRE_FALSE(is_last_day_of_month(first));
    REQUIRE(first_day_of_month(m + 1) == last + 1);
  }
}

TEST_CASE("Easter-dependent holidays", "[calendar]") {
  struct Case {
    int year;
    unsigned month;
    unsigned day;
  };
  for (const Case& c : {Case{2021, 4, 4}, Case{2022, 4, 17}, Case{2023, 4, 9}, Case{2024, 3, 31},
                        Case{2025, 4, 20}, Case{2026, 4, 5}}) {
    const Day easter = ymd(c.year, c.month, c.day);
    INFO("Easter " << iso_date(easter));
    CHECK(weekday(easter) == 6);
    CHECK(is_finnish_holiday(easter));
    CHECK(is_finnish_holiday(easter - 2));        // Good Friday
    CHECK(is_finnish_holiday(easter + 1));        // Easter Monday
    CHECK(is_finnish_holiday(easter + 39));       // Ascension Day
    CHECK_FALSE(is_finnish_holiday(easter - 3));  // Maundy Thursday is a working day
    CHECK_FALSE(is_finnish_holiday(easter + 2));
    CHECK_FALSE(is_business_day(easter - 2));
    CHECK_FALSE(is_business_day(easter + 1));
    CHECK(is_business_day(easter - 3));
    CHECK(is_business_day(easter + 2));
    // A week either side of Easter has no holiday: catches a computus off by a week.
    CHECK_FALSE(is_finnish_holiday(easter - 9));
    CHECK_FALSE(is_finnish_holiday(easter + 8));
  }
  CHECK(is_finnish_holiday(ymd(2025, 5, 29)));  // Ascension 2025, a Thursday
  CHECK(weekday(ymd(2025, 5, 29)) == 3);
  CHECK_FALSE(is_business_day(ymd(2025, 5, 29)));
  CHECK(is_business_day(ymd(2025, 5, 30)));
  // 2008: Easter on 23 March, so Ascension Day fell on May Day.
  CHECK(is_finnish_holiday(ymd(2008, 3, 21)));
  CHECK(is_finnish_holiday(ymd(2008, 5, 1)));
}

TEST_CASE("fixed and weekday-anchored holidays", "[calendar]") {
  for (int y : {2023, 2024, 2025, 2026}) {
    INFO("year " << y);
    for (unsigned md : {101u, 106u, 501u, 1206u, 1224u, 1225u, 1226u}) {
      CHECK(is_finnish_holiday(ymd(y, md / 100, md % 100)));
    }
    CHECK_FALSE(is_finnish_holiday(ymd(y, 1, 2)));
    CHECK_FALSE(is_finnish_holiday(ymd(y, 12, 23)));
    CHECK_FALSE(is_finnish_holiday(ymd(y, 12, 27)));
    CHECK_FALSE(is_finnish_holiday(ymd(y, 4, 30)));
  }
  // Midsummer Eve 2025 Friday 20 June, Midsummer Day Saturday 21 June.
  CHECK(weekday(ymd(2025, 6, 20)) == 4);
  CHECK(is_finnish_holiday(ymd(2025, 6, 20)));
  CHECK(is_finnish_holiday(ymd(2025, 6, 21)));
  CHECK_FALSE(is_finnish_holiday(ymd(2025, 6, 19)));
  CHECK_FALSE(is_finnish_holiday(ymd(2025, 6, 27)));
  CHECK_FALSE(is_business_day(ymd(2025, 6, 20)));
  CHECK(is_business_day(ymd(2025, 6, 19)));
  // Midsummer 2024: Eve Friday 21 June, Day Saturday 22 June.
  CHECK(is_finnish_holiday(ymd(2024, 6, 21)));
  CHECK(is_finnish_holiday(ymd(2024, 6, 22)));
  CHECK_FALSE(is_finnish_holiday(ymd(2024, 6, 28)));
  // All Saints' Day 2025 Saturday 1 November; 2024 Saturday 2 November.
  CHECK(weekday(ymd(2025, 11, 1)) == 5);
  CHECK(is_finnish_holiday(ymd(2025, 11, 1)));
  CHECK_FALSE(is_finnish_holiday(ymd(2025, 11, 8)));
  CHECK(is_finnish_holiday(ymd(2024, 11, 2)));
  CHECK_FALSE(is_finnish_holiday(ymd(2024, 10, 26)));

  // Independence Day 2024 was a Friday: a holiday on a weekday.
  CHECK_FALSE(is_business_day(ymd(2024, 12, 6)));
  CHECK(is_business_day(ymd(2024, 12, 5)));
  CHECK_FALSE(is_business_day(ymd(2025, 3, 15)));  // Saturday
  CHECK_FALSE(is_business_day(ymd(2025, 3, 16)));  // Sunday

  // Exactly 14 distinct holidays a year except when Ascension falls on May Day.
  int in_2025 = 0;
  for (Day d = ymd(2025, 1, 1); d <= ymd(2025, 12, 31); ++d) in_2025 += is_finnish_holiday(d);
  CHECK(in_2025 == 14);
  int in_2008 = 0;
  for (Day d = ymd(2008, 1, 1); d <= ymd(2008, 12, 31); ++d) in_2008 += is_finnish_holiday(d);
  CHECK(in_2008 == 13);
}

TEST_CASE("a business day is a weekday that is no holiday, inside the day table and beyond it",
          "[calendar]") {
  // The table covers 1900-2199; both sides of each edge and a century on either side. Against
  // business_days_between, which counts weekdays and takes out the year's holidays without it.
  const auto check = [](Day from, Day to) {
    for (Day d = from; d < to; ++d) {
      INFO(iso_date(d));
      REQUIRE(is_business_day(d) == (business_days_between(d, d + 1) == 1));
      REQUIRE(is_business_day(d) == (weekday(d) < 5 && !is_finnish_holiday(d)));
    }
  };
  check(ymd(1800, 1, 1), ymd(1800, 12, 31));
  check(ymd(1899, 12, 1), ymd(1900, 2, 1));
  check(ymd(2024, 1, 1), ymd(2026, 1, 1));
  check(ymd(2199, 12, 1), ymd(2200, 2, 1));
  check(ymd(2300, 1, 1), ymd(2300, 12, 31));
  // Holidays beyond the table come from the rules themselves.
  CHECK(is_finnish_holiday(ymd(1899, 12, 25)));
  CHECK_FALSE(is_finnish_holiday(ymd(1899, 12, 27)));
  CHECK(is_finnish_holiday(ymd(2200, 12, 6)));
  CHECK(is_finnish_holiday(ymd(2200, 12, 25)));
}

TEST_CASE("add_business_days", "[calendar]") {
  // Thursday 13 March 2025: Fri 14 is +1, Mon 17 is +2.
  CHECK(add_business_days(ymd(2025, 3, 13), 0) == ymd(2025, 3, 13));
  CHECK(add_business_days(ymd(2025, 3, 13), 1) == ymd(2025, 3, 14));
  CHECK(add_business_days(ymd(2025, 3, 13), 2) == ymd(2025, 3, 17));
  // From a Saturday: n = 0 and n = 1 both give Monday (the first business day after it).
  CHECK(add_business_days(ymd(2025, 3, 15), 0) == ymd(2025, 3, 17));
  CHECK(add_business_days(ymd(2025, 3, 15), 1) == ymd(2025, 3, 17));
  CHECK(add_business_days(ymd(2025, 3, 15), 2) == ymd(2025, 3, 18));
  // Friday 20 Dec 2024 + 5: Mon 23 (1); Tue 24, Wed 25, Thu 26 are holidays; Fri 27 (2);
  // Mon 30 (3); Tue 31 (4); Wed 1 Jan is a holiday; Thu 2 Jan 2025 (5).
  CHECK(weekday(ymd(2024, 12, 20)) == 4);
  CHECK(add_business_days(ymd(2024, 12, 20), 5) == ymd(2025, 1, 2));
  CHECK(add_business_days(ymd(2024, 12, 24), 0) == ymd(2024, 12, 27));
  // Thursday before Easter 2025 (17 April) + 1: Good Friday, weekend and Easter Monday skipped.
  CHECK(add_business_days(ymd(2025, 4, 17), 1) == ymd(2025, 4, 22));
  // 2025 has 251 business days (hand count in the business_days_between test), so from
  // 31 Dec 2024 the 251st business day is the last one of 2025, Wednesday 31 Dec.
  CHECK(add_business_days(ymd(2024, 12, 31), 251) == ymd(2025, 12, 31));

  std::mt19937 rng(20250101);
  std::uniform_int_distribution<Day> start(ymd(1950, 1, 1), ymd(2100, 1, 1));
  std::uniform_int_distribution<int> small(0, 40);
  std::uniform_int_distribution<int> large(0, 3000);
  for (int i = 0; i < 400; ++i) {
    const Day from = start(rng);
    const int n = i % 2 == 0 ? small(rng) : large(rng);
    INFO("from " << iso_date(from) << " n " << n);
    const Day got = add_business_days(from, n);
    REQUIRE(got == naive_add_business_days(from, n));
    if (n > 0) REQUIRE(business_days_between(from + 1, got + 1) == n);
  }
}

TEST_CASE("business_days_between", "[calendar]") {
  CHECK(business_days_between(ymd(2025, 3, 13), ymd(2025, 3, 13)) == 0);
  CHECK(business_days_between(ymd(2025, 3, 14), ymd(2025, 3, 13)) == 0);
  CHECK(business_days_between(ymd(2025, 3, 13), ymd(2025, 3, 14)) == 1);
  CHECK(business_days_between(ymd(2025, 3, 15), ymd(2025, 3, 17)) == 0);  // weekend only
  // December 2024: 22 weekdays (1 Dec is a Sunday) minus Fri 6, Tue 24, Wed 25, Thu 26.
  CHECK(business_days_between(ymd(2024, 12, 1), ymd(2025, 1, 1)) == 18);
  // 2025: 261 weekdays (52 weeks + Wed 1 Jan) minus 10 weekday holidays: 1.1, 6.1, 18.4, 21.4,
  // 1.5, 29.5, 20.6, 24.12, 25.12, 26.12 (Independence Day falls on a Saturday).
  CHECK(business_days_between(ymd(2025, 1, 1), ymd(2026, 1, 1)) == 251);

  // Property: matches a day-by-day count over random ranges, short and decades long.
  std::mt19937 rng(42);
  std::uniform_int_distribution<Day> start(ymd(1900, 1, 1), ymd(2150, 1, 1));
  std::uniform_int_distribution<int> short_len(-3, 60);
  std::uniform_int_distribution<int> long_len(0, 40 * 366);
  for (int i = 0; i < 300; ++i) {
    const Day from = start(rng);
    const Day to = from + (i % 3 == 0 ? short_len(rng) : long_len(rng));
    INFO("[" << iso_date(from) << ", " << iso_date(to) << ")");
    REQUIRE(business_days_between(from, to) == naive_business_days_between(from, to));
  }
  // Every start and end around a year boundary with holidays at both ends.
  for (Day from = ymd(2024, 12, 15); from < ymd(2025, 1, 10); ++from) {
    for (Day to = from - 1; to < ymd(2025, 1, 20); ++to) {
      REQUIRE(business_days_between(from, to) == naive_business_days_between(from, to));
    }
  }
}

TEST_CASE("ParamType names", "[params]") {
  CHECK(std::string(to_string(ParamType::boolean)) == "boolean");
  CHECK(std::string(to_string(ParamType::integer)) == "integer");
  CHECK(std::string(to_string(ParamType::real)) == "real");
  CHECK(std::string(to_string(ParamType::string)) == "string");
  CHECK(std::string(to_string(ParamType::date)) == "date");
  CHECK(std::string(to_string(ParamType::real_list)) == "real_list");
  CHECK(std::string(to_string(ParamType::per_municipality)) == "per_municipality");
}

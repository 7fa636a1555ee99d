// The event calendar: events come back on their day in the order they were scheduled, whether
// they waited in a month's bucket or a day's, and dropping some keeps the order of the rest.
#include "engine/event_calendar.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

using polku::Day;
using polku::EventCalendar;

namespace {

struct Tagged {
  std::uint32_t agent;
  std::uint32_t serial;  ///< scheduling order
  friend bool operator==(const Tagged&, const Tagged&) = default;
};

}  // namespace

TEST_CASE("dropping pending events keeps the rest in order, near and far", "[engine][calendar]") {
  const Day first = polku::day_from_ymd(2025, 1, 1);
  const Day last = polku::day_from_ymd(2026, 12, 31);
  EventCalendar<Tagged> calendar(first, last);
  // Enough events that days and months span many blocks; days from now to the end.
  std::mt19937 random(7);
  std::uniform_int_distribution<Day> on_day(first, last);
  std::map<Day, std::vector<Tagged>> scheduled;
  for (std::uint32_t serial = 0; serial < 40000; ++serial) {
    const Day day = serial % 50 == 0 ? first + 20 : on_day(random);  // one busy near day
    const Tagged e{serial % 7, serial};
    calendar.push(day, e);
    scheduled[day].push_back(e);
  }
  CHECK(calendar.pending() == 40000);

  // Drain the first ten days, then drop agent 3's events.
  const Day today = first + 9;
  std::size_t drained = 0;
  for (Day d = first; d <= today; ++d) {
    std::vector<Tagged> got;
    calendar.drain(
        d, [](const Tagged&) {}, [&](const Tagged& e) { got.push_back(e); });
    CHECK(got == scheduled[d]);
    drained += got.size();
  }
  const auto keep = [](const Tagged& e) { return e.agent != 3; };
  std::size_t expected = 0;
  for (auto& [day, events] : scheduled) {
    if (day <= today) continue;
    std::erase_if(events, [&](const Tagged& e) { return !keep(e); });
    expected += events.size();
  }
  CHECK(calendar.compact(today, keep) == expected);
  CHECK(calendar.pending() == expected);
  CHECK(expected < 40000 - drained);

  // Scheduling goes on after the drop; everything comes back on its day, in order.
  calendar.push(first + 20, {99, 40000});
  scheduled[first + 20].push_back({99, 40000});
  for (Day d = today + 1; d <= last; ++d) {
    std::vector<Tagged> got;
    calendar.drain(
        d, [](const Tagged&) {}, [&](const Tagged& e) { got.push_back(e); });
    INFO("day " << polku::iso_date(d));
    CHECK(got == scheduled[d]);
  }
  CHECK(calendar.pending() == 0);

  SECTION("dropping everything empties every bucket") {
    EventCalendar<Tagged> all(first, last);
    for (std::uint32_t serial = 0; serial < 1000; ++serial) all.push(on_day(random), {0, serial});
    CHECK(all.compact(first - 1, [](const Tagged&) { return false; }) == 0);
    std::size_t delivered = 0;
    for (Day d = first; d <= last; ++d)
      all.drain(
          d, [](const Tagged&) {}, [&](const Tagged&) { ++delivered; });
    CHECK(delivered == 0);
  }
}

TEST_CASE("a busy day announces each event a fixed number of places ahead, across blocks",
          "[engine][calendar]") {
  const Day day = polku::day_from_ymd(2025, 3, 3);
  EventCalendar<Tagged> calendar(day, day + 60);
  // Far more events than one block holds, so the look-ahead crosses block boundaries.
  std::vector<Tagged> scheduled;
  for (std::uint32_t serial = 0; serial < 1000; ++serial) {
    scheduled.push_back({serial % 13, serial});
    calendar.push(day, scheduled.back());
  }
  std::vector<Tagged> announced, visited;
  std::size_t announced_before_visit = 0;
  calendar.drain(
      day, [&](const Tagged& e) { announced.push_back(e); },
      [&](const Tagged& e) {
        visited.push_back(e);
        const auto it = std::find(announced.begin(), announced.end(), e);
        if (it != announced.end()) ++announced_before_visit;
      });
  REQUIRE(visited == scheduled);
  // Every event but the first few is announced once, in order, before its visit.
  REQUIRE(announced.size() < visited.size());
  const std::size_t distance = visited.size() - announced.size();
  CHECK(distance <= 64);
  CHECK(std::equal(announced.begin(), announced.end(), visited.begin() + distance));
  CHECK(announced_before_visit == announced.size());
}

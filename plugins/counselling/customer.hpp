/// @file customer.hpp
/// What the counselling module keeps of each job-seeker: one agent field, "counselling.customer",
/// so the daily queue reads a person's schedule in one memory access.
#pragma once

#include <cstdint>

#include "polku/calendar.hpp"

namespace polku::counselling {

struct Customer {
  Day next_meeting = kNoDay;  ///< next statutory meeting due
  Day plan_date = kNoDay;     ///< last employment plan update (kNoDay: none yet)
  std::uint32_t coach = 0;    ///< named counsellor (1-based within the team; 0 none)
  std::uint8_t need_group = 0;
};

}  // namespace polku::counselling

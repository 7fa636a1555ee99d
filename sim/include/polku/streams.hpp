/// @file streams.hpp
/// Every random stream id, declared in one place and checked unique at compile time.
///
/// A draw is identified by (subject, day, stream, draw index), never by thread or array slot, so
/// results do not depend on scheduling and two scenarios share draws (common random numbers).
/// Plugins built outside this repository use ids from `kExternalStreamBase` upwards.
#pragma once

#include <array>
#include <cstdint>

namespace polku {

enum class Stream : std::uint16_t {
  initial_stock = 1,      ///< elapsed spell length of the initial stock
  inflow_count = 2,       ///< number of arrivals per municipality and day
  arrival_attributes = 3, ///< attributes of a new arrival
  employment_exit = 4,    ///< time to exit to employment
};

inline constexpr std::uint16_t kExternalStreamBase = 0x8000;

namespace detail {
inline constexpr std::array kAllStreams = {Stream::initial_stock, Stream::inflow_count,
                                           Stream::arrival_attributes, Stream::employment_exit};
constexpr bool all_distinct_and_internal() {
  for (std::size_t i = 0; i < kAllStreams.size(); ++i) {
    if (static_cast<std::uint16_t>(kAllStreams[i]) >= kExternalStreamBase) return false;
    for (std::size_t j = i + 1; j < kAllStreams.size(); ++j)
      if (kAllStreams[i] == kAllStreams[j]) return false;
  }
  return true;
}
static_assert(all_distinct_and_internal(), "stream ids must be unique and below kExternalStreamBase");
}  // namespace detail

}  // namespace polku

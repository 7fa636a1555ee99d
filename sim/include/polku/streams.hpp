/// @file streams.hpp
/// Every random stream id, declared in one place and checked unique at compile time.
///
/// A draw is identified by (subject, day, stream, draw index), never by thread or array slot, so
/// results do not depend on scheduling and two scenarios share draws (common random numbers).
/// Streams used once per service kind are blocks of `kPerKindBlock` ids: `per_kind(base, kind)`.
/// Plugins built outside this repository use ids from `kExternalStreamBase` upwards.
#pragma once

#include <array>
#include <cstdint>

namespace polku {

enum class Stream : std::uint16_t {
  initial_stock = 1,       ///< elapsed spell length of the initial stock
  inflow_count = 2,        ///< number of arrivals per municipality and day
  arrival_attributes = 3,  ///< age, language, benefit, work ability, education of a newcomer
  employment_exit = 4,     ///< time to exit to open-market employment
  other_exit = 5,          ///< time to exits to education and out of the labour force
  mobility = 6,            ///< time and destination of a move between municipalities
  counselling = 7,         ///< meeting outcomes: placements, sanctions
  tym = 8,                 ///< multi-sector support: identification and outcomes
  benefit_history = 9,     ///< benefit days paid before the current spell
  temporary_layoff = 10,   ///< whether someone in the start-day stock is temporarily laid off
  employability = 11,      ///< the latent employability type drawn at registration
  parameter_draw = 12,     ///< a replication's draw of an uncertain parameter (by key path)
  // Blocks of kPerKindBlock ids, one id per service kind.
  service_referral = 0x100,        ///< time to a referral to the service
  service_duration = 0x110,        ///< length of a service period
  service_outcome = 0x120,         ///< what follows a service period
  service_initial = 0x130,         ///< state of those already in the service on the start day
  service_referral_check = 0x140,  ///< whether a candidate referral time is kept, and the next
  service_capacity_cut = 0x150,    ///< who keeps a place when capacity drops mid-period
};

inline constexpr std::uint16_t kPerKindBlock = 0x10;
inline constexpr std::uint16_t kExternalStreamBase = 0x8000;

/// The stream of a per-kind block for one service kind (0 < kind < kPerKindBlock).
[[nodiscard]] constexpr std::uint16_t per_kind(Stream base, std::uint8_t kind) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::uint16_t>(base) + kind);
}

namespace detail {
inline constexpr std::array kSingleStreams = {
    Stream::initial_stock,    Stream::inflow_count,  Stream::arrival_attributes,
    Stream::employment_exit,  Stream::other_exit,    Stream::mobility,
    Stream::counselling,      Stream::tym,           Stream::benefit_history,
    Stream::temporary_layoff, Stream::employability, Stream::parameter_draw};
inline constexpr std::array kBlockStreams = {
    Stream::service_referral, Stream::service_duration,       Stream::service_outcome,
    Stream::service_initial,  Stream::service_referral_check, Stream::service_capacity_cut};

constexpr std::uint16_t id(Stream s) { return static_cast<std::uint16_t>(s); }

constexpr bool streams_are_disjoint() {
  for (auto s : kSingleStreams)
    for (auto b : kBlockStreams)
      if (id(s) >= id(b) && id(s) < id(b) + kPerKindBlock) return false;
  for (std::size_t i = 0; i < kSingleStreams.size(); ++i)
    for (std::size_t j = i + 1; j < kSingleStreams.size(); ++j)
      if (kSingleStreams[i] == kSingleStreams[j]) return false;
  for (std::size_t i = 0; i < kBlockStreams.size(); ++i) {
    if (id(kBlockStreams[i]) + kPerKindBlock > kExternalStreamBase) return false;
    for (std::size_t j = i + 1; j < kBlockStreams.size(); ++j) {
      const auto a = id(kBlockStreams[i]), b = id(kBlockStreams[j]);
      if ((a < b ? b - a : a - b) < kPerKindBlock) return false;
    }
  }
  return true;
}
static_assert(streams_are_disjoint(), "stream ids must be unique, blocks must not overlap");
}  // namespace detail

}  // namespace polku

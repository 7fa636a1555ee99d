/// @file rng.hpp
/// Counter-based random numbers (Philox4x32-10 from Random123).
///
/// Key   = mix(scenario seed, replication): the same for every draw of a replication.
/// Counter = (subject low 32 bits, subject high 32 bits, day, stream << 16 | block).
/// A `RandomStream` yields the draws of one (subject, day, stream) in order; each Philox call gives
/// four 32-bit words. Nothing depends on which thread runs a replication or where an agent sits in
/// memory, so results are identical for any thread count and scenarios share draws per subject.
#pragma once

#include <Random123/philox.h>

#include <Random123/uniform.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

#include "polku/calendar.hpp"
#include "polku/streams.hpp"

namespace polku {

/// SplitMix64 finaliser: a bijective 64-bit mixer (Steele, Lea & Flood 2014).
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

using Philox = r123::Philox4x32;

/// The Philox key of one replication.
[[nodiscard]] inline Philox::key_type replication_key(std::uint64_t seed,
                                                      std::uint32_t replication) noexcept {
  const std::uint64_t k = mix64(seed ^ mix64(0x706f6c6b75ULL + replication));
  return Philox::key_type{{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)}};
}

/// Stable 64-bit identities of the things that draw random numbers.
namespace subject {
/// The `index`-th person of the initial stock of a municipality.
[[nodiscard]] constexpr std::uint64_t initial(std::uint16_t municipality,
                                              std::uint32_t index) noexcept {
  return (1ULL << 60) | (std::uint64_t{municipality} << 32) | index;
}
/// The `k`-th arrival in a municipality on a day.
[[nodiscard]] constexpr std::uint64_t arrival(Day day, std::uint16_t municipality,
                                              std::uint16_t k) noexcept {
  return (2ULL << 60) |
         ((static_cast<std::uint64_t>(static_cast<std::uint32_t>(day)) & 0xFFFFFFFULL) << 28) |
         (std::uint64_t{municipality & 0xFFFu} << 16) | k;
}
/// Draws that belong to a municipality as a whole (e.g. the number of arrivals).
[[nodiscard]] constexpr std::uint64_t municipality(std::uint16_t m) noexcept {
  return (3ULL << 60) | m;
}
/// The `index`-th person already in a service of `kind` in a municipality on the start day.
[[nodiscard]] constexpr std::uint64_t initial_in_service(std::uint8_t kind,
                                                         std::uint16_t municipality,
                                                         std::uint32_t index) noexcept {
  return (4ULL << 60) | (std::uint64_t{kind} << 48) | (std::uint64_t{municipality} << 32) | index;
}
}  // namespace subject

/// The draws of one (subject, day, stream). Satisfies UniformRandomBitGenerator, so Boost.Random
/// distributions can consume it.
class RandomStream {
 public:
  using result_type = std::uint32_t;

  RandomStream(const Philox::key_type& key, std::uint64_t subject, Day day, Stream stream) noexcept
      : RandomStream(key, subject, day, static_cast<std::uint16_t>(stream)) {}
  RandomStream(const Philox::key_type& key, std::uint64_t subject, Day day,
               std::uint16_t stream) noexcept
      : key_(key),
        counter_{{static_cast<std::uint32_t>(subject), static_cast<std::uint32_t>(subject >> 32),
                  static_cast<std::uint32_t>(day), std::uint32_t{stream} << 16}} {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  result_type operator()() noexcept {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  /// Uniform on (0, 1], 64 bits of entropy per value.
  double uniform() noexcept {
    const std::uint64_t hi = (*this)();
    const std::uint64_t lo = (*this)();
    return r123::u01<double>((hi << 32) | lo);
  }

  /// Exponential with rate 1.
  double exponential() noexcept { return -std::log(uniform()); }

  bool bernoulli(double p) noexcept { return uniform() <= p; }

 private:
  void refill() noexcept {
    block_ = Philox{}(counter_, key_);
    ++counter_[3];  // the low 16 bits count blocks; 65 536 blocks (262 144 words) per stream and
                    // day
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace polku

/// @file cache_line.hpp
/// The processor's cache line, by which the engine lays out and fetches ahead what it reads at
/// random: the person rows and the event calendar's blocks.
#pragma once

#include <cstddef>

namespace polku::engine {

/// Bytes in a cache line (x86-64 and most ARM64).
inline constexpr std::size_t kCacheLine = 64;

}  // namespace polku::engine

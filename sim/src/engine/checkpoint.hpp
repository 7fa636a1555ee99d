/// @file checkpoint.hpp
/// Checkpoint files: the full state of every replication at the end of a given day, so a run can
/// be resumed or forked (continued under changed parameters) from that day.
///
/// File layout: a fixed header, then the payload (a Boost binary archive of `Checkpoint`).
///
///     bytes  0..15  magic "POLKU-CHECKPOINT"
///     bytes 16..19  format version, little-endian uint32
///     bytes 20..27  payload size in bytes, little-endian uint64
///     bytes 28..31  CRC-32 (zlib) of the payload, little-endian uint32
///
/// The header is checked against the file's real size and the checksum before any byte of the
/// payload is interpreted, so a truncated, corrupted or foreign file is refused with a message
/// instead of being deserialised into nonsense.
#pragma once

#include <boost/serialization/split_member.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "polku/calendar.hpp"

namespace polku {

struct Checkpoint {
  std::string polku_version;
  std::string scenario_name;
  std::string
      fingerprint;  ///< what must match to restore: dates, municipalities, modules, replications
  Day day = 0;      ///< the last simulated day included in the state
  std::vector<std::string> replications;  ///< one Boost binary archive per replication

  template <class Archive>
  void save(Archive& ar, unsigned /*version*/) const {
    ar << polku_version << scenario_name << fingerprint << day << replications;
  }
  /// Reads what `save` wrote without trusting the lengths the file states (checkpoint.cpp).
  template <class Archive>
  void load(Archive& ar, unsigned version);
  BOOST_SERIALIZATION_SPLIT_MEMBER()
};

/// Refuses, before any simulation, a checkpoint path that cannot be written: a directory, a
/// missing or read-only folder, or an existing file that is not a Polku checkpoint (Polku never
/// overwrites a file it did not write). @throws InputError naming the file
void check_checkpoint_target(const std::filesystem::path& file);

/// Writes atomically (a `.partial` file beside it, renamed into place; removed on failure).
/// @throws InputError naming the file when it cannot be written (e.g. no space left on device)
void write_checkpoint(const std::filesystem::path& file, const Checkpoint& checkpoint);

/// @throws InputError naming the file when it is missing, a directory, truncated, corrupt (the
///         checksum does not match), of another format version, or not a Polku checkpoint
[[nodiscard]] Checkpoint read_checkpoint(const std::filesystem::path& file);

/// Whether `file` starts with the checkpoint magic (a file Polku wrote as a checkpoint).
[[nodiscard]] bool looks_like_checkpoint(const std::filesystem::path& file);

}  // namespace polku

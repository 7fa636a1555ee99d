/// @file checkpoint.hpp
/// Checkpoint files: the full state of every replication at the end of a given day, so a run can
/// be resumed or forked (continued under changed parameters) from that day.
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

/// Writes atomically (temporary name, then rename).
void write_checkpoint(const std::filesystem::path& file, const Checkpoint& checkpoint);
/// @throws InputError when the file is missing or is not a Polku checkpoint of a supported version
[[nodiscard]] Checkpoint read_checkpoint(const std::filesystem::path& file);

}  // namespace polku

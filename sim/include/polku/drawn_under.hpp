/// @file drawn_under.hpp
/// The parameters a module's pending draws were made under. A module that draws events ahead
/// from its parameters (an exit day, a referral day, months or years away) keeps here everything
/// those draws depend on. The values travel in the checkpoint with the draws; a run restored
/// under other values — a variant forked from another scenario's warm-up, a replication that
/// draws its own assumptions — redraws everyone on its first day, so its change acts on the
/// whole stock at once instead of waiting for each person's next change of status. The new
/// draw is of the hazard in force from that day (a duration-dependent one conditional on the
/// time already survived). What it costs: the redrawn times are fresh random numbers, not
/// paired with the restored run's, and the module has none of its redrawn events on that first
/// day itself (a draw is at least a day ahead).
///
/// Usage: build it from the parameters in the constructor; `save`/`load` it in the module's
/// own; declare `hook::begin_day` and there `if (drawn_under_.take_redraw())
/// sim.for_each_agent(...)`, skipping those whose draw of this status period has already come
/// (a module keeps that in a field of its own); stamp the redrawn kind's events with
/// `stamp(status_stamp(s))` and compare with the same.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace polku {

class DrawnUnder {
 public:
  DrawnUnder() = default;
  explicit DrawnUnder(std::vector<double> parameters) : parameters_(std::move(parameters)) {}

  template <class Archive>
  void save(Archive& ar) const {
    ar << parameters_ << generation_;
  }
  /// Reads what the restored draws were made under; other values than this run's mark a redraw.
  template <class Archive>
  void load(Archive& ar) {
    std::vector<double> saved;
    ar >> saved >> generation_;
    redraw_ = saved != parameters_;
  }

  /// True once, on the first call after a restore under other values; the earlier draws' stamps
  /// then no longer match.
  bool take_redraw() {
    if (!redraw_) return false;
    redraw_ = false;
    ++generation_;
    return true;
  }

  /// An event's status stamp mixed with the generation of the draws, so that both a change of
  /// status and a redraw make earlier events stale (a collision is a 1-in-65536 chance of one
  /// event kept at its earlier day). Generation 0, a run never redrawn, leaves it unchanged.
  [[nodiscard]] std::uint16_t stamp(std::uint16_t status_stamp) const {
    return static_cast<std::uint16_t>(status_stamp ^ ((generation_ * 40503u) & 0xFFFFu));
  }

 private:
  std::vector<double> parameters_;
  std::uint32_t generation_ = 0;  ///< how many times everyone was redrawn
  bool redraw_ = false;
};

}  // namespace polku

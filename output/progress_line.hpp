/// @file progress_line.hpp
/// A one-line progress display for long runs on a terminal: replications done, simulated days per
/// second and estimated time left, rewritten in place with "\r" at most every `interval` seconds.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace polku {

/// Where a run stands (mirrors the engine's `Progress`, so this header needs no engine).
struct ProgressState {
  std::uint32_t replications_done = 0;
  std::uint32_t replications = 0;
  std::uint64_t days_done = 0;  ///< simulated days summed over replications
  std::uint64_t days_total = 0;
  double elapsed_seconds = 0.0;
};

/// The text of one progress line, e.g.
/// "polku: tiny: 2/3 replications, 1 460/2 190 days, 52 000 days/s, about 3 s left".
[[nodiscard]] std::string progress_text(const std::string& label, const ProgressState& state);

/// Throttled progress on a terminal. Not thread-safe: the runner reports one at a time.
class ProgressLine {
 public:
  /// Writes nothing at all unless `enabled` (a terminal and not --quiet).
  ProgressLine(std::ostream& out, std::string label, bool enabled, double interval = 0.5);
  /// Finishes the line (see `finish`).
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// Shows `state` once `interval` seconds of its elapsed time have passed since the last shown
  /// state (or since the start), and the complete state if anything was shown before. Throttling
  /// uses `state.elapsed_seconds`, not a clock, so it is testable.
  void update(const ProgressState& state);
  /// Shows "polku: <label>: <text>" at once (e.g. which output file is being written).
  void show(const std::string& text);
  /// Clears the line if anything was shown, so later output starts on a clean line.
  void finish();

 private:
  std::ostream& out_;
  std::string label_;
  bool enabled_;
  double interval_;
  double last_shown_ = 0.0;
  std::size_t width_ = 0;  ///< length of the line shown, to blank out leftovers
};

}  // namespace polku

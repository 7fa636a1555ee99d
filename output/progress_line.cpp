#include "output/progress_line.hpp"

#include <cmath>
#include <cstdio>

namespace polku {

namespace {

/// "12 345" with plain spaces: progress goes to terminals of any locale.
std::string grouped(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  const std::string digits = buffer;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ' ';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

std::string progress_text(const std::string& label, const ProgressState& st) {
  std::string text = "polku: " + label + ": " + std::to_string(st.replications_done) + "/" +
                     std::to_string(st.replications) + " replications, " +
                     grouped(static_cast<double>(st.days_done)) + "/" +
                     grouped(static_cast<double>(st.days_total)) + " days";
  if (st.elapsed_seconds > 0.0 && st.days_done > 0) {
    const double rate = static_cast<double>(st.days_done) / st.elapsed_seconds;
    text += ", " + grouped(rate) + " days/s";
    if (st.days_done < st.days_total)
      text +=
          ", about " + duration(static_cast<double>(st.days_total - st.days_done) / rate) + " left";
  }
  return text;
}

ProgressLine::ProgressLine(std::ostream& out, std::string label, bool enabled, double interval)
    : out_(out), label_(std::move(label)), enabled_(enabled), interval_(interval) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(const ProgressState& state) {
  if (!enabled_) return;
  // Short runs show nothing; a shown line is brought to its final state.
  const bool complete = state.days_done >= state.days_total && width_ > 0;
  if (state.elapsed_seconds - last_shown_ < interval_ && !complete) return;
  last_shown_ = state.elapsed_seconds;
  std::string line = progress_text(label_, state);
  const std::size_t shown = line.size();
  if (shown < width_) line.append(width_ - shown, ' ');  // blank out a longer previous line
  width_ = shown;
  out_ << '\r' << line << std::flush;
}

void ProgressLine::show(const std::string& text) {
  if (!enabled_) return;
  std::string line = "polku: " + label_ + ": " + text;
  const std::size_t shown = line.size();
  if (shown < width_) line.append(width_ - shown, ' ');
  width_ = shown;
  out_ << '\r' << line << std::flush;
}

void ProgressLine::finish() {
  if (!enabled_ || width_ == 0) return;
  out_ << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  width_ = 0;
}

}  // namespace polku

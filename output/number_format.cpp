#include "output/number_format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace polku {

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NA";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "Inf" : "-Inf";
    return;
  }
  if (value == 0.0) {  // also -0.0
    out += '0';
    return;
  }
  // The shortest round-trip form of a finite double needs at most 24 characters
  // ("-2.2250738585072014e-308").
  std::array<char, 32> buffer;
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  // Cannot fail with this buffer size; fall back to something visible rather than nothing.
  if (ec != std::errc{}) {
    out += "NA";
    return;
  }
  out.append(buffer.data(), end);
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

}  // namespace polku

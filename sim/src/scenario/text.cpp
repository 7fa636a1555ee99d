#include "scenario/text.hpp"

#include <array>
#include <cstdio>

namespace polku {
namespace {

std::string hex_escape(unsigned char c) {
  std::array<char, 5> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "\\x%02X", static_cast<unsigned>(c));
  return buffer.data();
}

bool is_control(unsigned char c, bool multiline) {
  if (c == '\t') return false;
  if (c == '\n') return !multiline;
  return c < 0x20 || c == 0x7F;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(k) & 0x3Fu);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
  if (overlong || surrogate || code > 0x10FFFF) return 0;
  return length;
}

std::string text_problem(std::string_view s, std::size_t max_chars, bool multiline) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return "contains a NUL character at byte " + std::to_string(i + 1);
    if (is_control(c, multiline))
      return "contains the control character " + hex_escape(c) + " at byte " +
             std::to_string(i + 1);
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0)
      return "is not valid UTF-8 (byte " + std::to_string(i + 1) + " is " + hex_escape(c) + ")";
    i += n;
  }
  if (chars > max_chars)
    return "is " + std::to_string(chars) + " characters long; at most " +
           std::to_string(max_chars) + " are accepted";
  return "";
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = is_control(c, true) ? 0 : utf8_sequence_length(s, i);
    if (n == 0) {
      out += hex_escape(c);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace polku

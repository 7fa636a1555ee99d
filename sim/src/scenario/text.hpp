/// @file text.hpp
/// Text from users is checked where it enters (scenario values and keys) and made printable where
/// it leaves in messages, so names that pass validation are safe in every output: folder names,
/// CSV, XLSX sheets, HTML, SQLite and the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace polku {

/// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when the bytes there are not
/// valid UTF-8 (overlong forms, surrogates and code points above U+10FFFF are invalid).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

/// Why `s` is not acceptable as text, or "" when it is: invalid UTF-8, a NUL or another control
/// character (tab and, when `multiline`, newline excepted), or more than `max_chars` characters.
[[nodiscard]] std::string text_problem(std::string_view s, std::size_t max_chars, bool multiline);

/// `s` with control characters (but newline and tab) and invalid UTF-8 bytes written as \xNN, so
/// echoing user text cannot corrupt a terminal or a log.
[[nodiscard]] std::string printable(std::string_view s);

}  // namespace polku

/// @file number_format.hpp
/// Deterministic, locale-independent text for numbers in the output files.
#pragma once

#include <string>

namespace polku {

/// The shortest text that reads back as exactly the same double (std::to_chars), independent of
/// the C and C++ locales:
///   - integral values print without a fraction ("3", not "3.0"); very large or small magnitudes
///     may use exponent notation when it is shorter ("1e+20");
///   - NaN prints "NA", +infinity "Inf", -infinity "-Inf" (the spellings R reads as such);
///   - negative zero prints "0".
[[nodiscard]] std::string format_number(double value);

/// Appends `format_number(value)` to `out` without allocating a temporary string.
void append_number(std::string& out, double value);

}  // namespace polku

/// @file cli.hpp
/// The `polku` command line (design brief, "Command-line contract").
#pragma once

#include <ostream>

namespace polku {

/// Runs one command line. Returns the exit code: 0 success, 2 bad input or usage, 1 internal error.
/// Never throws; every message goes to `out` or `err`.
int run_cli(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

}  // namespace polku

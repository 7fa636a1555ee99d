/// @file commands.hpp
/// The commands of `polku`, one file each. Each parses its own arguments (without the command
/// name), returns the exit code and throws `InputError` or a Boost.Program_options error for bad
/// input, which `run_cli` reports.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace polku::cli {

int command_run(const std::vector<std::string>& args, const std::string& command_line,
                std::ostream& out, std::ostream& err);
int command_compare(const std::vector<std::string>& args, const std::string& command_line,
                    std::ostream& out, std::ostream& err);
int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_sensitivity(const std::vector<std::string>& args, const std::string& command_line,
                        std::ostream& out, std::ostream& err);
int command_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace polku::cli

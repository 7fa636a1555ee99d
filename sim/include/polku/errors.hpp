/// @file errors.hpp
/// The error types Polku raises. Each keeps where and what went wrong, so the command line can
/// report every problem at once with its place (file, line, column, key path) and exit with code 2
/// for bad input or 1 for an internal fault.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace polku {

/// Where a value came from: a file position, or a command-line override.
struct SourceLocation {
  std::string file;  ///< file path, or "--set" for command-line overrides
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown

  [[nodiscard]] std::string str() const {
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

/// One problem found in user input.
struct Problem {
  SourceLocation where;
  std::string key_path;  ///< dotted path such as "modules.inflow.daily_rate.Oulu"; may be empty
  std::string message;   ///< what was expected and what was found

  [[nodiscard]] std::string str() const {
    std::string out = where.str();
    if (!key_path.empty()) {
      if (!out.empty()) out += ": ";
      out += key_path;
    }
    if (!out.empty()) out += ": ";
    out += message;
    return out;
  }
};

/// Bad input: scenario files, overrides, data files, command-line usage. Exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Problem> problems)
      : std::runtime_error(join(problems)), problems_(std::move(problems)) {}
  /// One problem: where, the key path (may be empty) and what.
  explicit InputError(SourceLocation where, std::string key_path, std::string message)
      : InputError(single(std::move(where), std::move(key_path), std::move(message))) {}
  explicit InputError(const std::string& message) : InputError({}, {}, message) {}

  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  // Filled in place rather than from a braced list, which GCC 12 at -O3 wrongly warns may
  // destroy an uninitialised string.
  static std::vector<Problem> single(SourceLocation where, std::string key_path,
                                     std::string message) {
    std::vector<Problem> list(1);
    list.front().where = std::move(where);
    list.front().key_path = std::move(key_path);
    list.front().message = std::move(message);
    return list;
  }
  static std::string join(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
      if (!out.empty()) out += '\n';
      out += p.str();
    }
    return out;
  }
  std::vector<Problem> problems_;
};

/// A scenario that cannot be parsed or does not match the parameter schemas.
class ConfigError : public InputError {
 public:
  using InputError::InputError;
};

/// A plugin that cannot be found, loaded, or trusted (ABI mismatch). Bad input: exit code 2.
class PluginError : public InputError {
 public:
  using InputError::InputError;
};

/// The machine refused a file operation: no space left on device, no permission, a read-only
/// folder. Not a fault of Polku, so exit code 2, with the path and the system's reason.
class EnvironmentError : public InputError {
 public:
  using InputError::InputError;
};

/// A model that reached an inconsistent state while running: a bug, exit code 1.
class ModelError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace polku

// Temporary file names of their own for tests. CTest runs every test case as a process of its own,
// several at once (-j), so a fixed name under the temporary directory would be written, read and
// removed by several tests at the same time.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace polku::test {

/// A path under the system temporary directory that no other process, and no other call in this
/// one, is given: `<stem>-<process id>-<count><extension>`.
inline std::filesystem::path unique_temp_path(const std::string& stem,
                                              const std::string& extension) {
  static std::atomic<unsigned> count{0};
  return std::filesystem::temp_directory_path() /
         (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(count++) + extension);
}

}  // namespace polku::test

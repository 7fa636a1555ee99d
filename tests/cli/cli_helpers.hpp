// Running the polku command line in-process from tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace polku::test {

struct CliResult {
  int exit_code;
  std::string out;
  std::string err;
};

inline CliResult polku_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "polku");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

/// A fresh directory under the system temporary directory, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("polku-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
    return path_ / name;
  }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string scenario_path(const std::string& name) {
  return std::string(POLKU_TEST_SCENARIO_DIR) + "/" + name;
}

/// `polku run` of tests/scenarios/tiny.yaml into `dir / out`, quietly, with extra options; every
/// output file (indicators.csv too) unless `extra` chooses with --outputs.
inline CliResult run_tiny(const TempDir& dir, const std::string& out,
                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", scenario_path("tiny.yaml"), "--out", (dir / out).string(),
                                   "--quiet"};
  if (std::find(extra.begin(), extra.end(), "--outputs") == extra.end())
    args.insert(args.end(), {"--outputs", "all"});
  args.insert(args.end(), extra.begin(), extra.end());
  return polku_cli(args);
}

}  // namespace polku::test

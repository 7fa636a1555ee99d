#include "output/writer.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "polku/errors.hpp"

namespace polku {

namespace {

/// "cannot write FILE: No space left on device", from errno right after the failure.
EnvironmentError write_failure(const std::filesystem::path& file, int system_error) {
  return EnvironmentError("cannot write " + file.string() + ": " +
                          std::strerror(system_error != 0 ? system_error : EIO));
}

}  // namespace

void write_file(const std::filesystem::path& file,
                const std::function<void(std::ostream&)>& write) {
  errno = 0;
  std::ofstream f(file, std::ios::binary);
  if (!f) throw write_failure(file, errno);
  try {
    write(f);
  } catch (const std::runtime_error&) {
    if (f.good()) throw;  // not a stream failure
    throw write_failure(file, errno);
  }
  f.close();
  if (!f) throw write_failure(file, errno);
}

FileWriter::FileWriter(std::string file, Write<RunReport> run, Write<ComparisonReport> comparison,
                       Written written)
    : file_(std::move(file)),
      run_(std::move(run)),
      comparison_(std::move(comparison)),
      written_(written) {}

std::vector<std::string> FileWriter::run_files() const {
  return run_ ? std::vector<std::string>{file_} : std::vector<std::string>{};
}

std::vector<std::string> FileWriter::comparison_files() const {
  return comparison_ ? std::vector<std::string>{file_} : std::vector<std::string>{};
}

void FileWriter::write_run(const RunReport& run, const std::filesystem::path& dir,
                           const WriteOptions& options) const {
  if (run_) run_(dir / file_, run, options);
}

void FileWriter::write_comparison(const ComparisonReport& comparison,
                                  const std::filesystem::path& dir,
                                  const WriteOptions& options) const {
  if (comparison_) comparison_(dir / file_, comparison, options);
}

FileWriter::Write<RunReport> from_results(void (*write)(const RunResults&, std::ostream&)) {
  return through_stream<RunReport>([write](std::ostream& out, const RunReport& run,
                                           const WriteOptions&) { write(*run.results, out); });
}

}  // namespace polku

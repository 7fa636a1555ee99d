/// @file writer.hpp
/// One interface for every output format, and the registry that lists them.
///
/// A format is a `Writer`: it names the files it writes into the output folder of a run and of a
/// comparison, and writes them from the run's `RunReport` or the `ComparisonReport`. `polku run`
/// and `polku compare` write whatever `registered_writers()` lists, in its order, so a new format
/// is one file defining its writer plus its lines in `writer_registry.cpp`.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "output/labels.hpp"
#include "results/run_report.hpp"

namespace polku {

/// How the outputs are written, from the command line.
struct WriteOptions {
  Lang lang = Lang::fi;  ///< of the outputs for people (report.html)
  /// False when the runs go to a database of the user's (--db) rather than DIR/results.sqlite.
  bool database_in_folder = true;
};

/// An output format. Writers are stateless; each writes its files into the folder it is given and
/// throws on failure (`EnvironmentError` naming the file for a full disk or another write error).
class Writer {
 public:
  virtual ~Writer() = default;
  Writer() = default;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// The format's name, e.g. "indicators.csv" or "HTML report".
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// The files it may write into a run's output folder (none: it has nothing to say of a run).
  [[nodiscard]] virtual std::vector<std::string> run_files() const { return {}; }
  /// The files it may write into the top of a comparison's output folder.
  [[nodiscard]] virtual std::vector<std::string> comparison_files() const { return {}; }
  /// True for a format written only when `--outputs` names it (or `all`): the large files of
  /// every replication's values, which the database also holds.
  [[nodiscard]] virtual bool on_request() const { return false; }

  /// Writes its files of one run into `dir`.
  virtual void write_run(const RunReport& /*run*/, const std::filesystem::path& /*dir*/,
                         const WriteOptions& /*options*/) const {}
  /// Writes its files of a comparison into `dir` (the runs' own files are in dir/base and
  /// dir/variant, written by `write_run`).
  virtual void write_comparison(const ComparisonReport& /*comparison*/,
                                const std::filesystem::path& /*dir*/,
                                const WriteOptions& /*options*/) const {}
};

/// A format of one file, from a run, a comparison or both: the functions get the file's path in
/// the output folder (a missing function: nothing of that kind).
class FileWriter final : public Writer {
 public:
  template <class Report>
  using Write =
      std::function<void(const std::filesystem::path&, const Report&, const WriteOptions&)>;

  /// Whether the file is written unless `--outputs` leaves it out, or only when it names it.
  enum class Written { by_default, on_request };

  FileWriter(std::string file, Write<RunReport> run, Write<ComparisonReport> comparison = {},
             Written written = Written::by_default);

  [[nodiscard]] std::string_view name() const override { return file_; }
  [[nodiscard]] std::vector<std::string> run_files() const override;
  [[nodiscard]] std::vector<std::string> comparison_files() const override;
  [[nodiscard]] bool on_request() const override { return written_ == Written::on_request; }
  void write_run(const RunReport& run, const std::filesystem::path& dir,
                 const WriteOptions& options) const override;
  void write_comparison(const ComparisonReport& comparison, const std::filesystem::path& dir,
                        const WriteOptions& options) const override;

 private:
  std::string file_;
  Write<RunReport> run_;
  Write<ComparisonReport> comparison_;
  Written written_;
};

/// Every output format, in the order their files are written (writer_registry.cpp).
[[nodiscard]] const std::vector<const Writer*>& registered_writers();

/// Opens `file` for writing, calls `write` with the stream and closes it. A failure of the file
/// or the stream (a full disk) throws `EnvironmentError` "cannot write FILE: reason"; other
/// exceptions of `write` pass through.
void write_file(const std::filesystem::path& file, const std::function<void(std::ostream&)>& write);

/// A `FileWriter` function that writes the file through a stream with `write_file`.
template <class Report>
[[nodiscard]] FileWriter::Write<Report> through_stream(
    std::function<void(std::ostream&, const Report&, const WriteOptions&)> write) {
  return [write = std::move(write)](const std::filesystem::path& file, const Report& report,
                                    const WriteOptions& options) {
    write_file(file, [&](std::ostream& out) { write(out, report, options); });
  };
}

/// A `FileWriter` function for a run's file written from its results alone (the CSV files).
[[nodiscard]] FileWriter::Write<RunReport> from_results(void (*write)(const RunResults& results,
                                                                      std::ostream& out));

}  // namespace polku

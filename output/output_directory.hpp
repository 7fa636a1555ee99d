/// @file output_directory.hpp
/// All-or-nothing output: files are written into a staging directory next to the final one, and
/// only a successful run moves them into place (design.md, "Bad input": never partial output).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace polku {

/// A run's output directory, staged until `commit()`.
///
///     OutputDirectory dir(out_path);          // creates "<out_path>.partial-<pid>-<n>"
///     write files into dir.staging() ...
///     dir.commit();                           // "<out_path>" now holds exactly those files
///
/// If the object is destroyed without `commit()` (an exception, bad input found late), the staging
/// directory and everything in it is removed and an existing "<out_path>" is left untouched.
///
/// Polku never deletes what it did not write: an existing "<out_path>" is replaced only when it is
/// empty or recognisably an earlier Polku result (see `is_polku_result`); anything else is refused
/// before any work is done.
class OutputDirectory {
 public:
  /// Creates a fresh, empty staging directory beside `final_dir`, creating missing parent
  /// directories. The path is made absolute, so later changes of the working directory do not
  /// matter. Throws `InputError` (exit code 2) when `final_dir` is empty, exists but is not a
  /// directory, exists and is neither empty nor an earlier Polku result, is (or contains) the
  /// current working directory, or when the directories cannot be created (e.g. no permission).
  explicit OutputDirectory(const std::filesystem::path& final_dir);
  /// Removes the staging directory unless committed. Never throws.
  ~OutputDirectory();

  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;
  OutputDirectory(OutputDirectory&& other) noexcept;
  OutputDirectory& operator=(OutputDirectory&& other) noexcept;

  /// Where to write the outputs until `commit()`; empty after `commit()` or when moved from.
  [[nodiscard]] const std::filesystem::path& staging() const noexcept { return staging_; }
  /// The (absolute, normalised) final directory.
  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  [[nodiscard]] bool committed() const noexcept { return committed_; }

  /// Whether `path` would be inside the final directory, which a commit replaces (a database or
  /// checkpoint there would be deleted with the old results).
  [[nodiscard]] bool contains(const std::filesystem::path& path) const;

  /// Replaces the final directory (if any) with the staging directory. An existing final
  /// directory is first renamed aside, then the staging directory is renamed into place and only
  /// then is the old one deleted, so a failed commit leaves the previous outputs in place and
  /// readers never see a mixture. Throws `std::filesystem::filesystem_error` when a rename fails,
  /// `InputError` when the final path has meanwhile become something other than a directory or
  /// gained files Polku did not write, and `std::logic_error` when called twice or on a moved-from
  /// object.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

/// The names Polku writes at the top of an output directory, for a run or a comparison: the files
/// of every registered writer (writer.hpp) and the comparison's run folders.
[[nodiscard]] const std::vector<std::string>& polku_result_entries();

/// Why `dir` is not an earlier Polku result that may be replaced, or "" when it is one: it holds a
/// Polku `manifest.json` (a JSON object with `polku_version`) and nothing but names Polku writes
/// (`polku_result_entries`). An empty directory also qualifies: replacing it deletes nothing.
[[nodiscard]] std::string why_not_replaceable(const std::filesystem::path& dir);

/// Writes `bytes` to `path` via a temporary file in the same directory that is renamed over
/// `path` once completely written, so `path` never holds a partial file. Throws
/// `std::filesystem::filesystem_error` (the temporary file is removed) on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace polku

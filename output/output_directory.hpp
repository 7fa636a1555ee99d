/// @file output_directory.hpp
/// All-or-nothing output: files are written into a staging directory next to the final one, and
/// only a successful run moves them into place (design.md, "Bad input": never partial output).
#pragma once

#include <filesystem>
#include <string>

namespace polku {

/// A run's output directory, staged until `commit()`.
///
///     OutputDirectory dir(out_path);          // creates "<out_path>.partial-<pid>-<n>"
///     write files into dir.staging() ...
///     dir.commit();                           // "<out_path>" now holds exactly those files
///
/// If the object is destroyed without `commit()` (an exception, bad input found late), the staging
/// directory and everything in it is removed and an existing "<out_path>" is left untouched.
class OutputDirectory {
 public:
  /// Creates a fresh, empty staging directory beside `final_dir`, creating missing parent
  /// directories. The path is made absolute, so later changes of the working directory do not
  /// matter. Throws `InputError` (exit code 2) when `final_dir` is empty, exists but is not a
  /// directory, is (or contains) the current working directory, or when the directories cannot
  /// be created (e.g. no permission).
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

  /// Replaces the final directory (if any) with the staging directory. An existing final
  /// directory is first renamed aside, then the staging directory is renamed into place and only
  /// then is the old one deleted, so a failed commit leaves the previous outputs in place and
  /// readers never see a mixture. Throws `std::filesystem::filesystem_error` when a rename fails,
  /// `std::runtime_error` when the final path has meanwhile become something other than a
  /// directory, and `std::logic_error` when called twice or on a moved-from object.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

/// Writes `bytes` to `path` via a temporary file in the same directory that is renamed over
/// `path` once completely written, so `path` never holds a partial file. Throws
/// `std::filesystem::filesystem_error` (the temporary file is removed) on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace polku

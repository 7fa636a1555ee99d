#include "output/output_directory.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "output/writer.hpp"
#include "polku/errors.hpp"

#ifdef _WIN32
#include <process.h>
#else
#include <unistd.h>
#endif

namespace polku {

namespace fs = std::filesystem;

namespace {

long process_id() noexcept {
#ifdef _WIN32
  return static_cast<long>(_getpid());
#else
  return static_cast<long>(::getpid());
#endif
}

/// Distinguishes the temporary names made by one process.
std::atomic<unsigned long> name_counter{0};

/// "<name><tag>-<pid>-<n>" beside `path`, with n taken from the process-wide counter.
fs::path sibling_name(const fs::path& path, const char* tag) {
  return path.parent_path() / (path.filename().string() + tag + std::to_string(process_id()) + "-" +
                               std::to_string(name_counter.fetch_add(1)));
}

/// Whether `inner` is `outer` or lies inside it (both absolute and canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  return std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end()).first == outer.end();
}

void remove_quietly(const fs::path& path) noexcept {
  if (path.empty()) {
    return;
  }
  try {
    std::error_code ec;
    fs::remove_all(path, ec);
  } catch (...) {  // allocation failure inside remove_all: nothing sensible left to do
  }
}

/// A manifest larger than this is not one Polku wrote (a national run's is a few megabytes).
constexpr std::uintmax_t kMaxManifestBytes = 256u << 20;

bool is_polku_manifest(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec)) ||
      fs::file_size(file, ec) > kMaxManifestBytes || ec) {
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("polku_version") && json["polku_version"].is_string();
}

std::string shown_list(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 5; ++i) {
    text += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > 5) {
    text += " and " + std::to_string(names.size() - 5) + " more";
  }
  return text;
}

}  // namespace

const std::vector<std::string>& polku_result_entries() {
  static const std::vector<std::string> names = [] {
    // The comparison's run folders, and names of outputs Polku does not write today (compressed
    // indicators, budget, headline and sensitivity tables) whose folders are replaced all the same.
    std::vector<std::string> list = {"base",
                                     "variant",
                                     "indicators.csv.gz",
                                     "budget.csv",
                                     "headline.csv",
                                     "sensitivity.csv",
                                     "sensitivity.html",
                                     "sensitivity.xlsx",
                                     "parameter_draws.csv"};
    for (const Writer* writer : registered_writers())
      for (const auto& files : {writer->run_files(), writer->comparison_files()})
        for (const auto& file : files)
          if (std::find(list.begin(), list.end(), file) == list.end()) list.push_back(file);
    return list;
  }();
  return names;
}

std::string why_not_replaceable(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::string> foreign;
  bool has_manifest = false;
  bool empty = true;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    empty = false;
    const std::string name = entry.path().filename().string();
    const auto& known = polku_result_entries();
    if (name == "manifest.json") {
      has_manifest = is_polku_manifest(entry.path());
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      foreign.push_back(name);
    }
  }
  if (ec) {
    return "cannot list it: " + ec.message();
  }
  if (empty) {
    return "";
  }
  std::sort(foreign.begin(), foreign.end());
  if (!has_manifest) {
    return "it exists and is not an earlier Polku result (no Polku manifest.json); Polku replaces "
           "only its own result folders";
  }
  if (!foreign.empty()) {
    return "it holds files Polku did not write (" + shown_list(foreign) +
           "); Polku replaces only its own result folders";
  }
  return "";
}

OutputDirectory::OutputDirectory(const fs::path& final_dir) {
  if (final_dir.empty()) {
    throw InputError("output directory: the path is empty");
  }
  std::error_code ec;
  fs::path target = fs::absolute(final_dir, ec).lexically_normal();
  if (ec) {
    throw InputError("output directory " + final_dir.string() + ": " + ec.message());
  }
  if (!target.has_filename()) {
    target = target.parent_path();  // "runs/x/" -> "runs/x"
  }
  final_ = target;
  const std::string shown = final_.string();

  {
    std::error_code cwd_ec;
    std::error_code target_ec;
    fs::path cwd = fs::current_path(cwd_ec);
    if (!cwd_ec) {
      cwd = fs::weakly_canonical(cwd, cwd_ec);
    }
    const fs::path canonical_target = fs::weakly_canonical(final_, target_ec);
    if (!cwd_ec && !target_ec && is_within(cwd, canonical_target)) {
      throw InputError(
          "output directory " + shown +
          ": refusing to use it, since replacing it would delete the current directory");
    }
  }
  const auto existing = fs::symlink_status(final_, ec);
  if (fs::exists(existing) && !fs::is_directory(existing)) {
    throw InputError("output directory " + shown + ": exists and is not a directory");
  }
  if (fs::is_directory(existing)) {
    if (const std::string why = why_not_replaceable(final_); !why.empty()) {
      throw InputError("output directory " + shown + ": refusing to replace it: " + why +
                       ". Choose another --out");
    }
  }

  fs::create_directories(final_.parent_path(), ec);
  if (ec) {
    throw InputError("output directory " + shown + ": cannot create " +
                     final_.parent_path().string() + ": " + ec.message());
  }
  for (int attempt = 0; attempt < 1000; ++attempt) {
    fs::path candidate = sibling_name(final_, ".partial-");
    if (fs::create_directory(candidate, ec)) {
      staging_ = std::move(candidate);
      return;
    }
    if (ec) {
      throw InputError("output directory " + shown + ": cannot create " + candidate.string() +
                       ": " + ec.message());
    }
    // A leftover of an earlier process with the same id: try the next name.
  }
  throw InputError("output directory " + shown + ": cannot find a free staging directory name");
}

OutputDirectory::~OutputDirectory() {
  if (!committed_) {
    remove_quietly(staging_);
  }
}

OutputDirectory::OutputDirectory(OutputDirectory&& other) noexcept
    : final_(std::move(other.final_)),
      staging_(std::exchange(other.staging_, {})),
      committed_(other.committed_) {}

OutputDirectory& OutputDirectory::operator=(OutputDirectory&& other) noexcept {
  if (this != &other) {
    if (!committed_) {
      remove_quietly(staging_);
    }
    final_ = std::move(other.final_);
    staging_ = std::exchange(other.staging_, {});
    committed_ = other.committed_;
  }
  return *this;
}

void OutputDirectory::commit() {
  if (committed_) {
    throw std::logic_error("OutputDirectory::commit called twice");
  }
  if (staging_.empty()) {
    throw std::logic_error("OutputDirectory::commit on a moved-from object");
  }

  fs::path aside;  // the previous outputs while the new ones are moved into place
  std::error_code ec;
  if (fs::exists(fs::symlink_status(final_, ec))) {
    // Checked again: the folder may have changed while the simulation ran.
    if (!fs::is_directory(fs::symlink_status(final_, ec))) {
      throw InputError("output directory " + final_.string() + ": exists and is not a directory");
    }
    if (const std::string why = why_not_replaceable(final_); !why.empty()) {
      throw InputError("output directory " + final_.string() + ": refusing to replace it: " + why);
    }
    do {
      aside = sibling_name(final_, ".replaced-");
    } while (fs::exists(fs::symlink_status(aside, ec)));
    fs::rename(final_, aside);  // throws filesystem_error; nothing has changed yet
  }

  fs::rename(staging_, final_, ec);
  if (ec) {
    std::error_code restore_ec;
    if (!aside.empty()) {
      fs::rename(aside, final_, restore_ec);
    }
    throw fs::filesystem_error("cannot move outputs into place", staging_, final_, ec);
  }
  staging_.clear();
  committed_ = true;
  remove_quietly(aside);
}

bool OutputDirectory::contains(const fs::path& path) const {
  std::error_code ec;
  const fs::path canonical_final = fs::weakly_canonical(final_, ec);
  const fs::path candidate = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return !ec && is_within(candidate, canonical_final);
}

void write_file_atomically(const fs::path& path, const std::string& bytes) {
  const fs::path temporary = sibling_name(path, ".tmp-");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    if (out) {
      out.close();
    }
    if (!out) {
      remove_quietly(temporary);
      throw fs::filesystem_error("cannot write file", temporary,
                                 std::make_error_code(std::errc::io_error));
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    remove_quietly(temporary);
    throw fs::filesystem_error("cannot move file into place", temporary, path, ec);
  }
}

}  // namespace polku

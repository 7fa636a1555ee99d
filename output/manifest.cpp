#include "output/manifest.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "output/writer.hpp"

namespace polku {

namespace {

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};

/// Incremental SHA-256 over OpenSSL's EVP interface.
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("SHA-256: OpenSSL digest initialisation failed");
    }
  }

  void update(const void* data, std::size_t size) {
    if (size != 0 && EVP_DigestUpdate(context_.get(), data, size) != 1) {
      throw std::runtime_error("SHA-256: OpenSSL digest update failed");
    }
  }

  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest.data(), &length) != 1) {
      throw std::runtime_error("SHA-256: OpenSSL digest finalisation failed");
    }
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(std::size_t{2} * length);
    for (unsigned int i = 0; i < length; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 0x0f];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context_;
};

nlohmann::ordered_json number_or_null(double value) {
  if (!std::isfinite(value)) {
    return nullptr;
  }
  return value;
}

}  // namespace

void write_manifest(const Manifest& manifest, std::ostream& out) {
  nlohmann::ordered_json plugins = nlohmann::ordered_json::array();
  for (const auto& plugin : manifest.plugins) {
    plugins.push_back(nlohmann::ordered_json{
        {"name", plugin.name}, {"version", plugin.version}, {"file", plugin.file}});
  }

  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  json["polku_version"] = manifest.polku_version;
  json["git_revision"] = manifest.git_revision;
  json["created_utc"] = manifest.created_utc;
  json["command_line"] = manifest.command_line;
  json["scenario_name"] = manifest.scenario_name;
  json["scenario_file"] = manifest.scenario_file;
  json["scenario_sha256"] = manifest.scenario_sha256;
  json["resolved_sha256"] = manifest.resolved_sha256;
  json["seed"] = manifest.seed;
  json["replications"] = manifest.replications;
  json["threads"] = manifest.threads;
  json["restored_from"] = manifest.restored_from.empty()
                              ? nlohmann::ordered_json(nullptr)
                              : nlohmann::ordered_json(manifest.restored_from);
  json["wall_time_seconds"] = number_or_null(manifest.wall_time_seconds);
  json["simulated_agent_days"] = number_or_null(manifest.simulated_agent_days);
  json["plugins"] = std::move(plugins);
  json["parameters"] = nlohmann::ordered_json(manifest.parameters);
  json["law_values"] = manifest.law_values.is_null() ? nlohmann::ordered_json::array()
                                                     : nlohmann::ordered_json(manifest.law_values);
  json["indicators"] =
      manifest.indicators.is_null() ? nlohmann::ordered_json::array() : manifest.indicators;
  if (!manifest.uncertainty.is_null()) json["uncertainty"] = manifest.uncertainty;

  out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  out.flush();
  if (!out) {
    throw std::runtime_error("cannot write manifest.json: output stream failed");
  }
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw std::filesystem::filesystem_error("cannot hash a directory", path,
                                            std::make_error_code(std::errc::is_a_directory));
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::filesystem::filesystem_error(
        "cannot open file for hashing", path,
        std::error_code(errno != 0 ? errno : ENOENT, std::generic_category()));
  }
  Sha256 sha;
  std::vector<char> buffer(std::size_t{1} << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad() || !in.eof()) {
    throw std::filesystem::filesystem_error("cannot read file for hashing", path,
                                            std::make_error_code(std::errc::io_error));
  }
  return sha.hex();
}

const Writer& manifest_writer() {
  static const FileWriter writer(
      "manifest.json",
      through_stream<RunReport>([](std::ostream& out, const RunReport& run, const WriteOptions&) {
        out << run.manifest_json;
      }),
      through_stream<ComparisonReport>(
          [](std::ostream& out, const ComparisonReport& comparison, const WriteOptions&) {
            out << comparison.manifest_json;
          }));
  return writer;
}

}  // namespace polku

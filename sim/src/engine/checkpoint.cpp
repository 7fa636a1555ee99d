#include "engine/checkpoint.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "polku/errors.hpp"

BOOST_CLASS_VERSION(polku::Checkpoint, 1)

namespace polku {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "POLKU-CHECKPOINT";
constexpr std::uint32_t kFormatVersion = 2;
constexpr std::size_t kHeaderSize = 16 + 4 + 8 + 4;

[[noreturn]] void refuse(const fs::path& file, const std::string& why) {
  throw InputError({file.string()}, {}, "checkpoint " + why);
}

/// The bytes every Boost binary archive of this build starts with: its signature and the
/// signature's length. Boost reads that length before anything can be checked and allocates it,
/// so a payload that does not start with them is refused before Boost sees it.
const std::string& archive_signature() {
  static const std::string signature = [] {
    std::ostringstream out;
    { boost::archive::binary_oarchive empty(out); }
    const std::string header = out.str();
    const std::string_view name = boost::archive::BOOST_ARCHIVE_SIGNATURE();
    return header.substr(0, header.find(name) + name.size());
  }();
  return signature;
}

template <class T>
void put_le(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
  }
}

template <class T>
T get_le(std::string_view bytes) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    value |= static_cast<T>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  }
  return value;
}

std::uint32_t crc_of(std::string_view payload) {
  // zlib's crc32 takes a uInt length: feed large payloads in pieces.
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!payload.empty()) {
    const auto n =
        static_cast<uInt>(std::min<std::size_t>(payload.size(), std::numeric_limits<uInt>::max()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), n);
    payload.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

fs::path partial_of(const fs::path& file) {
  fs::path partial = file;
  partial += ".partial";
  return partial;
}

// The checksum catches accidental damage only. A file made on purpose can still state any length
// for a string or a list, and Boost's own loaders allocate what is stated before finding that the
// bytes are not there: gigabytes for a few bytes. So strings are read in pieces, and memory grows
// only with what the payload really holds.
constexpr std::size_t kPiece = std::size_t{1} << 20;

// A string as Boost writes it: its length, then its bytes.
void load_string(boost::archive::binary_iarchive& ar, std::string& s) {
  std::size_t size = 0;
  ar >> size;
  s.clear();
  while (s.size() < size) {
    const std::size_t at = s.size();
    s.resize(at + std::min(kPiece, size - at));
    ar.load_binary(s.data() + at, s.size() - at);
  }
}

// A std::vector<std::string> as Boost writes it, read with load_string. It has the class
// information of a vector (the same defaults of tracking and version), which Boost reads first;
// then come the count, an item version and the items.
struct StringList {
  std::vector<std::string>& list;

  void serialize(boost::archive::binary_iarchive& ar, unsigned /*version*/) {
    boost::serialization::collection_size_type count;
    ar >> count;
    if (boost::serialization::library_version_type(3) < ar.get_library_version()) {
      boost::serialization::item_version_type item_version(0);
      ar >> item_version;
    }
    list.clear();
    for (std::size_t i = 0; i < count; ++i) load_string(ar, list.emplace_back());
  }
};

}  // namespace

template <class Archive>
void Checkpoint::load(Archive& ar, unsigned /*version*/) {
  load_string(ar, polku_version);
  load_string(ar, scenario_name);
  load_string(ar, fingerprint);
  ar >> day;
  StringList states{replications};
  ar >> states;
}

bool looks_like_checkpoint(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<char, kMagic.size()> head{};
  in.read(head.data(), head.size());
  return in && std::string_view(head.data(), head.size()) == kMagic;
}

void check_checkpoint_target(const fs::path& file) {
  if (file.empty()) refuse(file, "file: the path is empty");
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (fs::is_directory(status)) refuse(file, "file: it is a directory");
  if (fs::exists(status)) {
    if (!fs::is_regular_file(status)) refuse(file, "file: exists and is not a regular file");
    if (!looks_like_checkpoint(file))
      refuse(file, "file: exists and is not a Polku checkpoint; Polku does not overwrite it");
  }
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) refuse(file, "file: folder " + dir.string() + " does not exist");
  // Creating the partial file is the one test that covers permissions, read-only mounts and quotas.
  const fs::path partial = partial_of(file);
  {
    std::ofstream probe(partial, std::ios::binary | std::ios::trunc);
    if (!probe) refuse(file, std::string("file cannot be written: ") + std::strerror(errno));
  }
  fs::remove(partial, ec);
}

void write_checkpoint(const fs::path& file, const Checkpoint& checkpoint) {
  std::string payload;
  {
    std::ostringstream out(std::ios::binary);
    {
      boost::archive::binary_oarchive ar(out);
      ar << checkpoint;
    }
    payload = std::move(out).str();
  }
  std::string header(kMagic);
  put_le<std::uint32_t>(header, kFormatVersion);
  put_le<std::uint64_t>(header, payload.size());
  put_le<std::uint32_t>(header, crc_of(payload));

  const fs::path partial = partial_of(file);
  auto fail = [&](const std::string& why) {
    std::error_code ec;
    fs::remove(partial, ec);
    refuse(file, "file cannot be written: " + why);
  };
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) fail(std::strerror(errno));
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
  out.close();
  if (!out) fail(errno != 0 ? std::strerror(errno) : "write error");
  std::error_code ec;
  fs::rename(partial, file, ec);
  if (ec) fail(ec.message());
}

Checkpoint read_checkpoint(const fs::path& file) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (!fs::exists(status)) refuse(file, "file cannot be opened: it does not exist");
  if (fs::is_directory(status)) refuse(file, "file cannot be read: it is a directory");
  if (!fs::is_regular_file(status)) refuse(file, "file cannot be read: it is not a regular file");
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) refuse(file, "file cannot be read: " + ec.message());
  if (size < kHeaderSize) refuse(file, "is not a Polku checkpoint (too short for its header)");

  std::ifstream in(file, std::ios::binary);
  if (!in) refuse(file, std::string("file cannot be opened: ") + std::strerror(errno));
  std::string header(kHeaderSize, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (!in || std::string_view(header).substr(0, kMagic.size()) != kMagic)
    refuse(file, "is not a Polku checkpoint");
  const std::string_view fields = std::string_view(header).substr(kMagic.size());
  const auto version = get_le<std::uint32_t>(fields);
  const auto payload_size = get_le<std::uint64_t>(fields.substr(4));
  const auto crc = get_le<std::uint32_t>(fields.substr(12));
  if (version != kFormatVersion)
    refuse(file, "has format version " + std::to_string(version) + "; this polku reads version " +
                     std::to_string(kFormatVersion));
  // The size comes from the header but is trusted only when it matches the file on disk.
  if (payload_size != size - kHeaderSize)
    refuse(file, "is truncated or has trailing bytes: its header announces " +
                     std::to_string(payload_size) + " bytes of state, the file holds " +
                     std::to_string(size - kHeaderSize));

  std::string payload(static_cast<std::size_t>(payload_size), '\0');
  in.read(payload.data(), static_cast<std::streamsize>(payload.size()));
  if (!in) refuse(file, "file cannot be read completely");
  if (crc_of(payload) != crc)
    refuse(file, "is corrupt: the checksum of its contents does not match");
  if (!payload.starts_with(archive_signature()))
    refuse(file, "cannot be decoded: its contents do not start as a saved state does");
  try {
    std::istringstream body(std::move(payload), std::ios::binary);
    boost::archive::binary_iarchive ar(body);
    Checkpoint checkpoint;
    ar >> checkpoint;
    return checkpoint;
  } catch (const boost::archive::archive_exception& e) {
    refuse(file, std::string("cannot be decoded: ") + e.what());
  } catch (const std::bad_alloc&) {
    refuse(file, "cannot be decoded: it announces more data than it holds");
  } catch (const std::length_error&) {
    refuse(file, "cannot be decoded: it announces more data than it holds");
  }
}

}  // namespace polku

#include "engine/checkpoint.hpp"

#include <algorithm>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/item_version_type.hpp>
#include <boost/serialization/library_version_type.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>
#include <fstream>
#include <string_view>

#include "polku/errors.hpp"

BOOST_CLASS_VERSION(polku::Checkpoint, 1)

namespace polku {
namespace {
// Written first so that any other file is recognised and refused with a clear message.
constexpr const char* kMagic = "polku-checkpoint";

// A damaged or foreign file can state any length for a string or a list, and Boost's own loaders
// allocate what is stated before finding that the bytes are not there: gigabytes for a few bad
// bytes. So strings are read in pieces, and memory grows only with what the file really holds.
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

// Boost reads the signature at the head of its archives the same way, so it is checked here before
// Boost reads the file.
bool starts_with_boost_signature(std::istream& in) {
  const std::string_view signature = boost::archive::BOOST_ARCHIVE_SIGNATURE();
  std::size_t size = 0;
  std::string text(signature.size(), '\0');
  const bool found =
      in.read(reinterpret_cast<char*>(&size), sizeof size) && size == signature.size() &&
      in.read(text.data(), static_cast<std::streamsize>(text.size())) && text == signature;
  in.clear();
  in.seekg(0);
  return found;
}

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

void write_checkpoint(const std::filesystem::path& file, const Checkpoint& checkpoint) {
  auto partial = file;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError("cannot write checkpoint file " + file.string());
    boost::archive::binary_oarchive ar(out);
    const std::string magic = kMagic;
    ar << magic << checkpoint;
    if (!out) throw InputError("cannot write checkpoint file " + file.string());
  }
  std::filesystem::rename(partial, file);
}

Checkpoint read_checkpoint(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError({file.string()}, {}, "cannot open checkpoint file");
  if (!starts_with_boost_signature(in))
    throw InputError({file.string()}, {}, "not a Polku checkpoint");
  try {
    boost::archive::binary_iarchive ar(in);
    std::string magic;
    load_string(ar, magic);
    if (magic != kMagic) throw InputError({file.string()}, {}, "not a Polku checkpoint");
    Checkpoint checkpoint;
    ar >> checkpoint;
    return checkpoint;
  } catch (const boost::archive::archive_exception& e) {
    throw InputError({file.string()}, {},
                     std::string("not a readable Polku checkpoint: ") + e.what());
  }
}

}  // namespace polku

#include "engine/checkpoint.hpp"

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>
#include <fstream>

#include "polku/errors.hpp"

BOOST_CLASS_VERSION(polku::Checkpoint, 1)

namespace polku {
namespace {
// Written first so that any other file is recognised and refused with a clear message.
constexpr const char* kMagic = "polku-checkpoint";
}  // namespace

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
  try {
    boost::archive::binary_iarchive ar(in);
    std::string magic;
    ar >> magic;
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

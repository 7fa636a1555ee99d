// Fuzz target: the checkpoint reader. The input is written to a file and read back with
// read_checkpoint, as `polku run --restore FILE` does. A file that is not a readable checkpoint
// must be refused with an InputError; any other exception, crash, leak, undefined behaviour,
// runaway allocation or hang is a finding.
//
// The file header's checksum would stop nearly every mutation before the payload is decoded, so
// an input starting with the byte 'P' is taken as a payload and given a header that fits (magic,
// version, size, CRC-32): that reaches the decoding behind the checksum, as a file made on purpose
// would. Any other input is written as it is.
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/checkpoint.hpp"
#include "polku/errors.hpp"

namespace {

// One file per fuzzing process, so parallel jobs do not share it; removed at exit.
const std::filesystem::path& scratch_file() {
  static const std::filesystem::path file = [] {
    auto path = std::filesystem::temp_directory_path() /
                ("polku-fuzz-checkpoint-" + std::to_string(::getpid()) + ".ckpt");
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove(scratch_file(), ec);
    });
    return path;
  }();
  return file;
}

}  // namespace

/// The checkpoint header (engine/checkpoint.hpp) for a payload, little-endian.
std::string header_for(const std::uint8_t* payload, std::size_t size) {
  std::string header = "POLKU-CHECKPOINT";
  const auto put = [&](std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) header.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  };
  put(2, 4);  // format version
  put(size, 8);
  put(crc32(crc32(0L, Z_NULL, 0), payload, static_cast<uInt>(size)), 4);
  return header;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    if (size > 0 && data[0] == 'P') {
      ++data, --size;
      out << header_for(data, size);
    }
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)polku::read_checkpoint(scratch_file());
  } catch (const polku::InputError&) {
    // refused with a message: what a damaged or foreign file should get
  }
  return 0;
}

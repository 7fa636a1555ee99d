// Fuzz target: the checkpoint reader. The input is written to a file and read back with
// read_checkpoint, as `polku run --restore FILE` does. A file that is not a readable checkpoint
// must be refused with an InputError; any other exception, crash, leak, undefined behaviour,
// runaway allocation or hang is a finding.
#include <unistd.h>

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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)polku::read_checkpoint(scratch_file());
  } catch (const polku::InputError&) {
    // refused with a message: what a damaged or foreign file should get
  }
  return 0;
}

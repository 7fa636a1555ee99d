// Checkpoint files: the round trip, and damaged or foreign files refused with an InputError
// without reserving the lengths they state (cases found by fuzz/checkpoint_fuzzer.cpp).
#include "engine/checkpoint.hpp"

#include <zlib.h>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "polku/errors.hpp"
#include "polku/restore.hpp"
#include "support/temp_path.hpp"

using polku::Checkpoint;
using polku::InputError;

namespace {

/// A checkpoint file removed at scope exit.
class CheckpointFile {
 public:
  CheckpointFile() : path_(polku::test::unique_temp_path("polku-checkpoint-test", ".ckpt")) {}
  ~CheckpointFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  CheckpointFile(const CheckpointFile&) = delete;
  CheckpointFile& operator=(const CheckpointFile&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string bytes() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void write(const std::string& bytes) const {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << bytes;
  }

 private:
  std::filesystem::path path_;
};

const Checkpoint kSaved{
    "0.1.0", "checkpoint-test", "the-fingerprint", 20000, {"state-a", "state-b"}};

/// The size of the file header before the payload (checkpoint.hpp) and where its CRC-32 is.
constexpr std::size_t kHeader = 32, kCrcAt = 28;

/// `bytes` with the 8 bytes before offset `at` (a length or a count, as Boost writes them)
/// replaced by `value`, and the header's checksum made to fit again: a file made on purpose,
/// which the checksum cannot catch.
std::string with_size_before(std::string bytes, std::size_t at, std::uint64_t value) {
  REQUIRE(at >= kHeader + sizeof value);
  std::memcpy(bytes.data() + at - sizeof value, &value, sizeof value);
  const auto crc = static_cast<std::uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data() + kHeader),
            static_cast<uInt>(bytes.size() - kHeader)));
  for (std::size_t i = 0; i < 4; ++i)
    bytes[kCrcAt + i] = static_cast<char>((crc >> (8 * i)) & 0xFFu);
  return bytes;
}

std::string refusal(const std::filesystem::path& file) {
  try {
    (void)polku::read_checkpoint(file);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError");
  return {};
}

}  // namespace

TEST_CASE("a checkpoint reads back as written", "[checkpoint]") {
  CheckpointFile file;
  polku::write_checkpoint(file.path(), kSaved);
  const Checkpoint read = polku::read_checkpoint(file.path());
  CHECK(read.polku_version == kSaved.polku_version);
  CHECK(read.scenario_name == kSaved.scenario_name);
  CHECK(read.fingerprint == kSaved.fingerprint);
  CHECK(read.day == kSaved.day);
  CHECK(read.replications == kSaved.replications);
}

TEST_CASE("damaged and foreign checkpoint files are refused with an InputError", "[checkpoint]") {
  CheckpointFile file;
  polku::write_checkpoint(file.path(), kSaved);
  const std::string good = file.bytes();
  constexpr std::uint64_t kHuge = std::uint64_t{1} << 40;  // a terabyte, or 2^40 list items

  SECTION("a file that is not a Boost archive, starting with a huge length") {
    file.write(std::string(8, '\xff') + "serialization::archive");
    CHECK_THAT(refusal(file.path()), Catch::Contains("not a Polku checkpoint"));
  }
  SECTION("an empty file") {
    file.write("");
    CHECK_THAT(refusal(file.path()), Catch::Contains("not a Polku checkpoint"));
  }
  SECTION("a string stating a huge length") {
    const auto at = good.find(kSaved.scenario_name);
    REQUIRE(at != std::string::npos);
    file.write(with_size_before(good, at, kHuge));
    CHECK_THAT(refusal(file.path()), Catch::Contains("cannot be decoded"));
  }
  SECTION("a payload whose archive signature states a huge length") {
    const auto at = good.find("serialization::archive");
    REQUIRE(at == kHeader + 8);
    file.write(with_size_before(good, at, 0x4548432d554b4c50));  // "PLKU-CHE", as a length
    CHECK_THAT(refusal(file.path()), Catch::Contains("do not start as a saved state does"));
  }
  SECTION("a list stating a huge count") {
    // After the fingerprint: the day (4 bytes), the list's class information (a tracking byte
    // and a 4-byte version), then the count of replication states (8 bytes).
    const auto at = good.find(kSaved.fingerprint);
    REQUIRE(at != std::string::npos);
    const auto count_end = at + kSaved.fingerprint.size() + 4 + 5 + 8;
    REQUIRE(good.compare(count_end - 8, 8, std::string("\x02\0\0\0\0\0\0\0", 8)) == 0);
    file.write(with_size_before(good, count_end, kHuge));
    CHECK_THAT(refusal(file.path()), Catch::Contains("cannot be decoded"));
  }
  SECTION("a file cut short") {
    file.write(good.substr(0, good.size() - 3));
    CHECK_THAT(refusal(file.path()), Catch::Contains("truncated"));
  }
  SECTION("a flipped byte in the payload") {
    std::string flipped = good;
    flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x10);
    file.write(flipped);
    CHECK_THAT(refusal(file.path()), Catch::Contains("checksum"));
  }
}

TEST_CASE("a module's restored counts must have the sizes this scenario gives them",
          "[checkpoint]") {
  const std::vector<std::vector<std::int64_t>> saved{{1, 2}, {3, 4}, {5, 6}};
  std::ostringstream out;
  {
    boost::archive::binary_oarchive ar(out);
    ar << saved;
  }
  const auto restore_into = [&](std::vector<std::vector<std::int64_t>> value) {
    std::istringstream in(out.str());
    boost::archive::binary_iarchive ar(in);
    polku::load_same_shape(ar, value, "test counts");
    return value;
  };
  CHECK(restore_into({{0, 0}, {0, 0}, {0, 0}}) == saved);
  CHECK_THROWS_WITH(restore_into({{0, 0}, {0, 0}}), Catch::Contains("test counts"));
  CHECK_THROWS_AS(restore_into({{0, 0}, {0}, {0, 0}}), InputError);  // an inner size differs
}

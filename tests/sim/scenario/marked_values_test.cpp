// Values a scenario marks "verify" in a comment are found with their key path and line.
#include "scenario/marked_values.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_path.hpp"

using namespace polku;

TEST_CASE("values marked verify are found with their key and line", "[scenario][caveats]") {
  const auto file = test::unique_temp_path("polku-marked", ".yaml");
  std::ofstream(file) << "# verify the whole file (a header is not a value)\n"
                         "modules:\n"
                         "  benefits:\n"
                         "    rates: [0.1, 0.2]   # the rest Verify\n"
                         "    amounts:\n"
                         "      2024-01-01: 37.21  # Kela; verify\n"
                         "      2025-01-01: 37.21  # Kela, confirmed\n"
                         "    name: \"# verify inside quotes is text\"\n";
  const ConfigNode root = load_yaml_file(file);
  const auto marks = find_marked_values(root, "verify");
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].key == "modules.benefits.rates");
  CHECK(marks[0].line == 4);
  CHECK(marks[0].note == "the rest Verify");
  CHECK(marks[1].key == "modules.benefits.amounts.2024-01-01");
  CHECK(marks[1].line == 6);
  std::filesystem::remove(file);
}

// Fuzz target: the scenario loader. YAML text is parsed into a located tree, validated against the
// built-in plugins' parameter schemas and their cross-parameter checks, and the resolved tree is
// rendered as the manifest's hash does. Bad input must end in an InputError (ConfigError); any
// other exception, crash, leak, undefined behaviour or hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.hpp"
#include "polku/errors.hpp"
#include "scenario/config_tree.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (polku::fuzz::builtin_plugins().size() == 0) {
    std::fprintf(stderr, "no plugins found: build the plugins first\n");
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const polku::ConfigNode root = polku::parse_yaml(text, "fuzz.yaml");
    (void)polku::to_yaml(root);
    const polku::Scenario scenario = polku::fuzz::builtin_plugins().validate(root, "fuzz.yaml");
    (void)polku::to_yaml(scenario.resolved);
  } catch (const polku::InputError&) {
    // a rejection with a message: what bad input should get
  }
  return 0;
}

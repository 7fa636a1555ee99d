// Fuzz target: `--set path=value` overrides. Each line of the input is one assignment, applied in
// turn to a small fixed scenario as repeated --set options are; the result is rendered and
// validated as `polku validate --set ...` would. Bad input must end in an InputError.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.hpp"
#include "polku/errors.hpp"
#include "scenario/config_tree.hpp"

namespace {

// Lists, maps, a per-municipality map and a dated schedule to address into.
constexpr std::string_view kBase = R"(name: fuzz
start: 2025-01-01
end: 2025-12-31
seed: 7
municipalities: [Alpha, Beta]
areas:
  Both: [Alpha, Beta]
modules:
  initial_stock:
    jobseekers: {Alpha: 80, Beta: 15}
  inflow:
    daily_rate: {Alpha: 4.0, default: 0.8}
    monthly_factors: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  employment_exit: {}
  jobseeker_stock:
)";

constexpr std::size_t kMaxAssignments = 8;

const polku::ConfigNode& base_tree() {
  static const polku::ConfigNode tree = polku::parse_yaml(kBase, "base.yaml");
  return tree;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (polku::fuzz::builtin_plugins().size() == 0) {
    std::fprintf(stderr, "no plugins found: build the plugins first\n");
    std::abort();
  }
  (void)base_tree();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  polku::ConfigNode tree = base_tree();
  try {
    for (std::size_t n = 0; n < kMaxAssignments && !rest.empty(); ++n) {
      const auto newline = rest.find('\n');
      polku::apply_override(tree, rest.substr(0, newline), n % 2 == 0 ? "--set" : "--seed");
      rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    }
    (void)polku::to_yaml(tree);
    const polku::Scenario scenario = polku::fuzz::builtin_plugins().validate(tree, "base.yaml");
    (void)polku::to_yaml(scenario.resolved);
  } catch (const polku::InputError&) {
    // a rejection with a message: what bad input should get
  }
  return 0;
}

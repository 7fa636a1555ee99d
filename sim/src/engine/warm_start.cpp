#include "engine/warm_start.hpp"

#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "scenario/config_tree.hpp"

namespace polku {

namespace {

/// 64-bit FNV-1a: a cache file name, not a security boundary (the checkpoint inside is checked
/// against the full fingerprint and the key when it is read).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::filesystem::path default_warm_cache_dir() {
  if (const char* dir = std::getenv("POLKU_CACHE_DIR"); dir != nullptr && *dir != '\0') {
    if (std::string_view(dir) == "off") return {};
    return dir;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return std::filesystem::path(xdg) / "polku";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return std::filesystem::path(home) / ".cache" / "polku";
  return {};
}

std::string warm_up_key(const Scenario& warm_scenario, Day until, std::string_view fingerprint) {
  std::string text = std::string("polku ") + POLKU_VERSION + "\n" + std::string(fingerprint) +
                     "\nuntil " + iso_date(until) + "\nfrom " + iso_date(warm_scenario.start) +
                     "\nseed " + std::to_string(warm_scenario.seed) + "\nreplications " +
                     std::to_string(warm_scenario.replications) + "\n" +
                     to_yaml(warm_scenario.resolved);
  std::ostringstream key;
  key << std::hex << std::setw(16) << std::setfill('0') << fnv1a(text);
  return key.str();
}

}  // namespace polku

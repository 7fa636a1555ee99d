// Plugins that claim another ABI version or other headers, to prove the host refuses them. Built
// twice: with POLKU_TEST_OTHER_HEADERS the fingerprint is that of other headers.
#include "polku/plugin.hpp"

namespace {
const polku::PluginDescriptor& descriptor() {
  static const polku::PluginDescriptor d{.name = POLKU_TEST_PLUGIN_NAME,
                                         .version = "0.0.0",
                                         .description = "test: a plugin the host must refuse"};
  return d;
}
}  // namespace

extern "C" __attribute__((visibility("default"))) const polku::PluginHeader* polku_plugin_entry() {
#ifdef POLKU_TEST_OTHER_HEADERS
  static const polku::PluginHeader header{polku::kPluginAbiVersion, "0123456789abcdef-other-headers",
                                          &descriptor()};
#else
  static const polku::PluginHeader header{polku::kPluginAbiVersion + 1, polku::kPluginApiFingerprint,
                                          &descriptor()};
#endif
  return &header;
}

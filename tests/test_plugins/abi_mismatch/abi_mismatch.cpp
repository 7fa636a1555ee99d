// A plugin that claims a different ABI version, to prove the host refuses it.
#include "polku/plugin.hpp"

namespace {
const polku::PluginDescriptor& descriptor() {
  static const polku::PluginDescriptor d{
      .name = "abi_mismatch", .version = "0.0.0", .description = "test: wrong ABI version"};
  return d;
}
}  // namespace

extern "C" __attribute__((visibility("default"))) const polku::PluginHeader* polku_plugin_entry() {
  static const polku::PluginHeader header{polku::kPluginAbiVersion + 1, sizeof(polku::PluginHeader),
                                          sizeof(polku::PluginDescriptor), sizeof(polku::JobSeeker),
                                          &descriptor()};
  return &header;
}

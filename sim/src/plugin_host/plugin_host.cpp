#include "plugin_host/plugin_host.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>

#include "polku/errors.hpp"

namespace polku {
namespace {

constexpr std::string_view kPrefix = "polku-";
constexpr std::string_view kSuffix = ".so";

std::string plugin_name_of(const std::filesystem::path& file) {
  const std::string f = file.filename().string();
  if (f.size() <= kPrefix.size() + kSuffix.size() || !f.starts_with(kPrefix) ||
      !f.ends_with(kSuffix))
    return {};
  return f.substr(kPrefix.size(), f.size() - kPrefix.size() - kSuffix.size());
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
}

}  // namespace

// dlopen/dlsym are used directly rather than through Boost.DLL so that dlerror()'s reason (a
// missing symbol, a wrong architecture) reaches the user instead of a generic error code.
// A library that passed the checks is never closed: things it made can outlive the host, such as
// an exception thrown by a module and caught after the run is torn down, whose type and destructor
// live in the library's code.
struct PluginHost::Library {
  struct Closer {
    void operator()(void* handle) const noexcept { dlclose(handle); }
  };
  void* handle = nullptr;  ///< open for the life of the process (see above)
  LoadedPlugin plugin;
};

PluginHost::PluginHost(std::vector<std::filesystem::path> search_path)
    : search_path_(std::move(search_path)) {}

PluginHost::~PluginHost() = default;

std::vector<std::filesystem::path> PluginHost::default_search_path(
    const std::vector<std::filesystem::path>& extra) {
  std::vector<std::filesystem::path> path = extra;
  if (const char* env = std::getenv("POLKU_PLUGIN_PATH"); env != nullptr) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      if (auto dir = rest.substr(0, colon); !dir.empty()) path.emplace_back(dir);
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  if (auto exe = executable_dir(); !exe.empty())
    path.push_back(exe.parent_path() / POLKU_PLUGIN_INSTALL_SUBDIR);
  path.emplace_back(POLKU_PLUGIN_BUILD_DIR);
  return path;
}

std::vector<std::string> PluginHost::available() const {
  std::set<std::string> names;
  for (const auto& dir : search_path_) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (auto name = plugin_name_of(entry.path()); !name.empty()) names.insert(name);
    }
  }
  return {names.begin(), names.end()};
}

bool PluginHost::has(const std::string& name) const { return !find(name).empty(); }

std::filesystem::path PluginHost::find(const std::string& name) const {
  for (const auto& dir : search_path_) {
    auto candidate = dir / (std::string(kPrefix) + name + std::string(kSuffix));
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return {};
}

const LoadedPlugin& PluginHost::load(const std::string& name) {
  if (auto it = loaded_.find(name); it != loaded_.end()) return it->second->plugin;

  const auto file = find(name);
  if (file.empty()) {
    std::string searched;
    for (const auto& dir : search_path_) searched += "\n  " + dir.string();
    throw PluginError("plugin '" + name + "' not found; searched:" + searched);
  }
  auto refuse = [&](const std::string& why) -> PluginError {
    return PluginError({{{file.string()}, {}, "cannot load plugin '" + name + "': " + why}});
  };

  dlerror();
  std::unique_ptr<void, Library::Closer> handle(dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!handle) throw refuse(dlerror());
  auto* entry =
      reinterpret_cast<const PluginHeader* (*)()>(dlsym(handle.get(), POLKU_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr)
    throw refuse("not a Polku plugin (no '" POLKU_PLUGIN_ENTRY_SYMBOL "' entry point)");

  const PluginHeader* header = entry();
  if (header == nullptr) throw refuse("its entry point returned nothing");
  // Read only the leading fields until the ABI version is known to match.
  if (header->abi_version != kPluginAbiVersion)
    throw refuse("built for plugin ABI version " + std::to_string(header->abi_version) +
                 ", but this polku uses version " + std::to_string(kPluginAbiVersion) +
                 "; rebuild the plugin against the installed polku headers");
  // The fingerprint covers every public header, so any difference in the interface is caught
  // here, not as a crash later.
  if (header->api_fingerprint == nullptr ||
      std::string_view(header->api_fingerprint) != kPluginApiFingerprint)
    throw refuse("built against other polku headers (API fingerprint " +
                 std::string(header->api_fingerprint != nullptr
                                 ? std::string_view(header->api_fingerprint).substr(0, 12)
                                 : std::string_view("none")) +
                 ", this polku has " + std::string(std::string_view(kPluginApiFingerprint).substr(0, 12)) +
                 "); rebuild it against the installed polku headers");
  const PluginDescriptor* d = header->descriptor;
  if (d == nullptr || d->create == nullptr) throw refuse("it declares no module factory");
  if (d->name != name)
    throw refuse("the library declares the name '" + d->name + "'; the file must be named polku-" +
                 d->name + ".so");

  auto lib = std::make_unique<Library>();
  lib->handle = handle.release();
  lib->plugin = {file, d};
  return loaded_.emplace(name, std::move(lib)).first->second->plugin;
}

}  // namespace polku

/// @file assets.hpp
/// The page's files (HTML, CSS, JavaScript), compiled into the program: the page fetches nothing
/// from elsewhere. Generated from sim/src/serve/assets/ by cmake/PolkuEmbedAssets.cmake.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace polku::serve {

struct Asset {
  std::string_view name;  ///< file name; "index.html" is served at "/"
  const char* data;
  std::size_t size;
  std::string_view type;  ///< Content-Type
};

[[nodiscard]] const std::vector<Asset>& assets();

}  // namespace polku::serve

# Generates polku/api_fingerprint.hpp: a SHA-256 of the public plugin headers, so a plugin built
# against other headers is refused by the loader, whatever changed (a field, a virtual function, a
# struct member) and whether or not anyone remembered to bump kPluginAbiVersion.
#
# Comments and whitespace are left out of the hash: documentation edits do not force plugins to be
# rebuilt. CMake re-runs this when a header changes (CMAKE_CONFIGURE_DEPENDS).

# The fingerprint of the headers under `include_dir`/polku, into `out_var`.
function(polku_api_fingerprint include_dir out_var)
  file(GLOB_RECURSE headers RELATIVE "${include_dir}" "${include_dir}/polku/*.hpp")
  list(REMOVE_ITEM headers "polku/api_fingerprint.hpp")
  list(SORT headers)
  set(all "")
  foreach(header IN LISTS headers)
    file(READ "${include_dir}/${header}" text)
    string(REGEX REPLACE "//[^\n]*" "" text "${text}")
    string(REGEX REPLACE "[ \t\r\n]+" " " text "${text}")
    string(APPEND all "${header}:${text}\n")
  endforeach()
  string(SHA256 fingerprint "${all}")
  set(${out_var} "${fingerprint}" PARENT_SCOPE)
endfunction()

function(polku_generate_api_fingerprint include_dir out_dir)
  polku_api_fingerprint("${include_dir}" fingerprint)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS "${include_dir}/polku/*.hpp")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${headers})
  file(CONFIGURE OUTPUT "${out_dir}/polku/api_fingerprint.hpp" CONTENT [[
/// @file api_fingerprint.hpp
/// Generated at build time from the public plugin headers (cmake/PolkuApiFingerprint.cmake).
#pragma once

namespace polku {
/// SHA-256 of the public headers without comments and whitespace. The loader refuses a plugin
/// built with a different value.
inline constexpr const char* kPluginApiFingerprint = "@fingerprint@";
}  // namespace polku
]] @ONLY)
endfunction()

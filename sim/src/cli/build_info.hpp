/// @file build_info.hpp
/// What the program was built from, for the manifests and `polku --version`.
#pragma once

namespace polku {

/// The git commit of the build (12 hex digits), with "-modified" when the source tree differed
/// from it, or "unknown" when built outside git. Stamped at build time, not at configure time.
[[nodiscard]] const char* git_revision();

}  // namespace polku

# Compiler flags for Polku's own targets, included before any target is defined so everything
# built here gets them. Third-party headers come in as system includes, so their warnings stay out;
# nothing third-party is built here.
#
#   POLKU_WERROR         warnings are errors (the CI build)
#   POLKU_SANITIZE       AddressSanitizer and UndefinedBehaviorSanitizer, stopping at the first
#                        error (scripts/sanitize.sh)
#   POLKU_BUILD_FUZZERS  clang only: AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's
#                        coverage instrumentation everywhere, and the fuzz targets in fuzz/
#                        (fuzz/run_fuzzers.sh)
#   POLKU_PROFILE        profile-guided optimisation (GCC): `generate` builds instrumented code
#                        that writes a profile into POLKU_PROFILE_DIR when it runs, `use` builds
#                        with that profile (scripts/setup.sh does both, see below)
add_compile_options(-Wall -Wextra)
# GCC 12 also counts members left out of a designated initializer as missing, and that is how
# plugins declare their parameters ({.name = ..., .doc = ...}, the rest keeping their defaults).
# Clang leaves designated initializers alone and still checks positional ones.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_compile_options(-Wno-missing-field-initializers)
endif()
if(POLKU_WERROR)
  add_compile_options(-Werror)
endif()

set(polku_sanitizers address,undefined)
if(POLKU_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "POLKU_BUILD_FUZZERS needs clang with libFuzzer, found "
                        "${CMAKE_CXX_COMPILER_ID}; configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  set(polku_sanitizers fuzzer-no-link,address,undefined)
endif()
if(POLKU_SANITIZE OR POLKU_BUILD_FUZZERS)
  add_compile_options(-fsanitize=${polku_sanitizers} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Profile-guided optimisation. The profile steers inlining, branch layout and which code is kept
# hot; it does not change what is computed (no floating-point flag differs), so results are
# byte-identical to a build without it. Profile files are named by each object's path below the
# build directory, so a tree that generates and a tree that uses one can differ. A function
# changed since the profile was taken is compiled as without one (hence no coverage-mismatch
# error); untrained code is optimised as usual (-fprofile-partial-training).
set(POLKU_PROFILE "off" CACHE STRING "Profile-guided optimisation: off, generate or use")
set_property(CACHE POLKU_PROFILE PROPERTY STRINGS off generate use)
set(POLKU_PROFILE_DIR "${CMAKE_BINARY_DIR}/profile" CACHE PATH "Where the profile is written and read")
if(NOT POLKU_PROFILE STREQUAL "off")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "POLKU_PROFILE needs GCC, found ${CMAKE_CXX_COMPILER_ID}")
  endif()
  set(polku_profile_place "-fprofile-dir=${POLKU_PROFILE_DIR}"
                          "-fprofile-prefix-path=${CMAKE_BINARY_DIR}")
  if(POLKU_PROFILE STREQUAL "generate")
    # One thread trains (the profile's counters are not atomic).
    add_compile_options(-fprofile-generate -fprofile-update=single ${polku_profile_place})
    add_link_options(-fprofile-generate)
  elseif(POLKU_PROFILE STREQUAL "use")
    add_compile_options(-fprofile-use -fprofile-partial-training ${polku_profile_place}
                        -Wno-missing-profile -Wno-coverage-mismatch)
  else()
    message(FATAL_ERROR "POLKU_PROFILE must be off, generate or use, not '${POLKU_PROFILE}'")
  endif()
endif()

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

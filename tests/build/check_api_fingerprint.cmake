# The API fingerprint changes with any change to the public headers' code, and only with that:
# a member added to a struct changes it, an edited comment does not.
# Usage: cmake -DSOURCE=<repository> -DWORK=<scratch folder> -P check_api_fingerprint.cmake
include("${SOURCE}/cmake/PolkuApiFingerprint.cmake")
file(REMOVE_RECURSE "${WORK}")
file(COPY "${SOURCE}/sim/include/polku" DESTINATION "${WORK}/include")
polku_api_fingerprint("${WORK}/include" original)

file(READ "${WORK}/include/polku/agent.hpp" agent)
string(REPLACE "/// Mean length of a year" "/// An edited comment: the mean length of a year" commented "${agent}")
file(WRITE "${WORK}/include/polku/agent.hpp" "${commented}")
polku_api_fingerprint("${WORK}/include" after_comment)
if(NOT after_comment STREQUAL original)
  message(FATAL_ERROR "a comment changed the API fingerprint")
endif()

string(REPLACE "  Status status = Status::vacant;" "  Status status = Status::vacant;\n  std::uint8_t added = 0;"
       changed "${agent}")
if(changed STREQUAL agent)
  message(FATAL_ERROR "the test could not change JobSeeker in agent.hpp")
endif()
file(WRITE "${WORK}/include/polku/agent.hpp" "${changed}")
polku_api_fingerprint("${WORK}/include" after_change)
if(after_change STREQUAL original)
  message(FATAL_ERROR "a new struct member left the API fingerprint unchanged")
endif()
message(STATUS "fingerprint ${original}: unchanged by a comment, changed by a struct member")

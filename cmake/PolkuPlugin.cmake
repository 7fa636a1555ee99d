# polku_add_plugin(<name> SOURCES <files>... [OUTPUT_DIRECTORY <dir>] [NO_INSTALL])
#
# Builds a policy module as the shared library `polku-<name>.so` that the plugin host loads at run
# time. Works in this repository and, after `find_package(polku)`, in a project of its own.
function(polku_add_plugin name)
  cmake_parse_arguments(arg "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  set(target polku-${name})
  add_library(${target} MODULE ${arg_SOURCES})
  if(TARGET polku_api)
    target_link_libraries(${target} PRIVATE polku_api)
  else()
    target_link_libraries(${target} PRIVATE polku::polku_api)
  endif()
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${target}
                        CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  elseif(DEFINED POLKU_PLUGIN_BUILD_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${POLKU_PLUGIN_BUILD_DIR}")
  endif()
  if(NOT arg_NO_INSTALL AND DEFINED POLKU_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${POLKU_PLUGIN_INSTALL_DIR})
  endif()
endfunction()

# ves_add_plugin(NAME SOURCES a.cpp ... [TESTS t.cpp ...] [LIBRARIES lib ...])
# Builds plugin NAME as a shared library in the build tree's plugins/ folder (where vhost looks)
# and, when TESTS are given and testing is on, a GoogleTest executable NAME_tests run by ctest.
# The plugin's src/ folder is on its include path; tests also see it.
function(ves_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;TESTS;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ves_add_plugin(${name}): SOURCES is empty")
  endif()
  string(REPLACE "-" "_" target "ves_plugin_${name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Vesalius::vesalius ${ARG_LIBRARIES})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  # VES_PLUGIN_NAME ("my-net") and VES_PLUGIN_ID ("my_net") let a copied plugin rename itself.
  string(REPLACE "-" "_" plugin_id "${name}")
  target_compile_definitions(${target} PRIVATE VES_PLUGIN_NAME="${name}" VES_PLUGIN_ID="${plugin_id}")
  if(COMMAND ves_enable_warnings)
    ves_enable_warnings(${target})
  endif()
  if(NOT VES_PLUGIN_OUTPUT_DIRECTORY)
    set(VES_PLUGIN_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/plugins)
  endif()
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "ves-${name}" PREFIX "lib"
    LIBRARY_OUTPUT_DIRECTORY ${VES_PLUGIN_OUTPUT_DIRECTORY}
    CXX_VISIBILITY_PRESET hidden)
  if(VES_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${VES_PLUGIN_INSTALL_DIR})
  endif()
  if(ARG_TESTS AND VES_BUILD_TESTS)
    # Tests compile the plugin's sources directly so they can test its maths without dlopen.
    add_executable(${target}_tests ${ARG_TESTS} ${ARG_SOURCES})
    target_link_libraries(${target}_tests PRIVATE Vesalius::vesalius ${ARG_LIBRARIES}
      GTest::gtest GTest::gtest_main)
    target_include_directories(${target}_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_definitions(${target}_tests PRIVATE
      VES_PLUGIN_NAME="${name}" VES_PLUGIN_ID="${plugin_id}"
      VES_TEST_PLUGIN_DIR="${VES_PLUGIN_OUTPUT_DIRECTORY}"
      VES_TEST_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
    if(VES_TEST_SUPPORT_DIR)
      # In the Vesalius tree: shared test helpers (real-data paths) are available.
      target_include_directories(${target}_tests PRIVATE ${VES_TEST_SUPPORT_DIR})
      target_compile_definitions(${target}_tests PRIVATE VES_REAL_DATA_DIR="${VES_REAL_DATA_DIR}")
    endif()
    if(COMMAND ves_enable_warnings)
      ves_enable_warnings(${target}_tests)
    endif()
    add_dependencies(${target}_tests ${target})
    # One label per test: gtest_discover_tests splits a label list into separate properties.
    # `ctest -L plugin` runs every plugin's tests, `ctest -L plugin-NAME` one plugin's.
    gtest_discover_tests(${target}_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "plugin-${name}")
  endif()
endfunction()

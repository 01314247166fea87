# cmake --install: the framework library, public headers, vhost, and a package config so
# out-of-tree plugins can find_package(Vesalius) and call ves_add_plugin().
include(CMakePackageConfigHelpers)
install(TARGETS vesalius EXPORT VesaliusTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY framework/include/ves DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT VesaliusTargets NAMESPACE Vesalius:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Vesalius)
configure_package_config_file(cmake/VesaliusConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/VesaliusConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Vesalius)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/VesaliusConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/VesaliusConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/VesaliusConfigVersion.cmake
  cmake/VesAddPlugin.cmake cmake/VesaliusWarnings.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Vesalius)

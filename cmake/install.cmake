# Install rules, a CMake package (find_package(amplink)) and a pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS amplink EXPORT amplinkTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/amp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT amplinkTargets NAMESPACE amplink:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/amplink)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/amplinkConfig.cmake.in
  ${PROJECT_BINARY_DIR}/amplinkConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/amplink)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/amplinkConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/amplinkConfig.cmake ${PROJECT_BINARY_DIR}/amplinkConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/amplink)
string(REPLACE ";" " -D" AMP_PC_DEFINES "-D${AMP_CONFIG_DEFINES}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/amplink.pc.in ${PROJECT_BINARY_DIR}/amplink.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/amplink.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

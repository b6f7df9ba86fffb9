# Install rules: the library (amplink::amplink), the POSIX port
# (amplink::posix), the generated configuration header, a CMake package with
# components, relocatable pkg-config files, the docs. The tools install
# themselves (apps/*/CMakeLists.txt, component "tools"); cmake/package.cmake
# turns the two components into Debian packages.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(AMP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/amplink)
# The POSIX port's headers keep their in-tree names under a folder of their own.
set(AMP_POSIX_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/amplink-posix)

add_library(amplink::amplink ALIAS amplink)

# Called by ports/posix/CMakeLists.txt once the port's library exists.
function(amp_install_posix_port target)
  add_library(amplink::posix ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME posix OUTPUT_NAME amplink-posix)
  target_include_directories(${target} PUBLIC $<INSTALL_INTERFACE:${AMP_POSIX_INCLUDEDIR}>)
  if(NOT AMP_INSTALL)
    return()
  endif()
  get_target_property(headers ${target} AMP_PUBLIC_HEADERS)
  install(TARGETS ${target} EXPORT amplinkPosixTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(FILES ${headers} DESTINATION ${AMP_POSIX_INCLUDEDIR} COMPONENT dev)
  install(EXPORT amplinkPosixTargets NAMESPACE amplink:: DESTINATION ${AMP_CMAKE_DIR}
          COMPONENT dev)
endfunction()

if(NOT AMP_INSTALL)
  return()
endif()
if(AMP_SANITIZE)
  # A sanitizer build links only with the sanitizer runtimes: never install one.
  install(CODE "message(FATAL_ERROR \"this is a sanitizer (test) build: install from the release preset (cmake --preset release && cmake --build --preset release && cmake --install build/release --prefix ...)\")")
endif()

install(TARGETS amplink EXPORT amplinkTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/amp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev)
get_target_property(AMP_CONFIG_BUILD_H amplink AMP_CONFIG_BUILD_H)
install(FILES ${AMP_CONFIG_BUILD_H} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/amp COMPONENT dev)
install(EXPORT amplinkTargets NAMESPACE amplink:: DESTINATION ${AMP_CMAKE_DIR} COMPONENT dev)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/amplinkConfig.cmake.in
  ${PROJECT_BINARY_DIR}/amplinkConfig.cmake
  INSTALL_DESTINATION ${AMP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/amplinkConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/amplinkConfig.cmake ${PROJECT_BINARY_DIR}/amplinkConfigVersion.cmake
        DESTINATION ${AMP_CMAKE_DIR} COMPONENT dev)

# pkg-config: prefix found from the .pc file's own place, so any prefix works.
file(RELATIVE_PATH AMP_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
string(REGEX REPLACE "/$" "" AMP_PC_TO_PREFIX "${AMP_PC_TO_PREFIX}")
foreach(pc amplink amplink-posix)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
          COMPONENT dev)
endforeach()

file(GLOB AMP_DOC_FILES ${PROJECT_SOURCE_DIR}/docs/*.md ${PROJECT_SOURCE_DIR}/docs/*.png)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
              ${PROJECT_SOURCE_DIR}/LICENSE ${AMP_DOC_FILES}
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT dev)


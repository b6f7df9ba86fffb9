# Debian packages (cpack -G DEB in the release tree):
#   libamplink-dev  the static libraries, headers, CMake package, pkg-config files, docs
#   amplink-tools   ampctl, amp-slave, amp-sim, amp-rsc-check and their man pages
# The version is the project's, which comes from AMP_VERSION_* in include/amp/amp.h.
set(CPACK_PACKAGE_NAME amplink)
set(CPACK_PACKAGE_VENDOR "amplink")
set(CPACK_PACKAGE_CONTACT "amplink developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL dev tools)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libamplink-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "amplink: RPMsg over virtio between the cores of an AMP SoC (development files)
 The static library libamplink.a, its POSIX port libamplink-posix.a, the
 headers (amp/config_build.h holds the configuration the library was built
 with), the CMake package (find_package(amplink)) and the pkg-config files
 amplink.pc and amplink-posix.pc, and the documentation.")
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME amplink-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION
    "amplink: host tools for RPMsg links between the cores of an AMP SoC
 ampctl (OACS shell), amp-slave (a slave core as a host process), amp-sim
 (both cores on the host: handshake, echo, reboots, soaks) and amp-rsc-check
 (checks a firmware image's remoteproc resource table), with man pages.")
include(CPack)

# The real OpenAMP peer for the interoperability tests (tests/interop.cmake,
# docs/interop.md): libmetal and open-amp built from their release archives,
# or from a user's own checkouts, as static libraries into the build tree, at
# configure time (a few seconds; no apps, tests or docs).
#
# Where the sources come from, first match wins:
#   AMP_OPENAMP_SRC + AMP_LIBMETAL_SRC   two source checkouts (cache or environment)
#   AMP_PEERS_DIR                        a folder with open-amp-*.tar.gz and libmetal-*.tar.gz
#                                        (cache or environment; default ../shared/peers
#                                        from the source root when that folder exists)
# With none of them the interop tests are registered but skip, saying why.
# With any of them a failed build is a configure error: CI, which has the peers
# folder, can never skip them silently.
#
# Sets AMP_OPENAMP_FOUND, AMP_OPENAMP_WHY (why not) and, when found, the
# imported target amp::openamp (open_amp + metal + their system libraries).
# Built without amplink's sanitizers: the peer is the thing under test only
# through its wire behaviour, and its own code is not ours to instrument.

set(AMP_OPENAMP_FOUND FALSE)
set(AMP_OPENAMP_WHY "")

function(amp_openamp_pick var env)
  if(NOT "${${var}}" STREQUAL "")
    return()
  endif()
  if(DEFINED ENV{${env}} AND NOT "$ENV{${env}}" STREQUAL "")
    set(${var} "$ENV{${env}}" CACHE PATH "" FORCE)
  endif()
endfunction()

set(AMP_OPENAMP_SRC "" CACHE PATH "Your open-amp source checkout for the interop tests")
set(AMP_LIBMETAL_SRC "" CACHE PATH "Your libmetal source checkout for the interop tests")
set(AMP_PEERS_DIR "" CACHE PATH "Folder with the open-amp and libmetal release archives")
# The bench preset measures the peer (bench/neutral_openamp.c): there it is built with -O2.
set(AMP_OPENAMP_C_FLAGS "-O1 -g" CACHE STRING "C flags for the OpenAMP peer's build")
amp_openamp_pick(AMP_OPENAMP_SRC AMP_OPENAMP_SRC)
amp_openamp_pick(AMP_LIBMETAL_SRC AMP_LIBMETAL_SRC)
amp_openamp_pick(AMP_PEERS_DIR AMP_PEERS_DIR)
if(AMP_PEERS_DIR STREQUAL "" AND EXISTS "${PROJECT_SOURCE_DIR}/../shared/peers")
  get_filename_component(_peers "${PROJECT_SOURCE_DIR}/../shared/peers" ABSOLUTE)
  set(AMP_PEERS_DIR "${_peers}" CACHE PATH "" FORCE)
endif()

set(_oa_root "${CMAKE_BINARY_DIR}/openamp-peer")
set(_oa_prefix "${_oa_root}/install")

# Run one step of the peer build; any failure is fatal (the peers were asked for).
function(amp_openamp_run what log)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_FILE "${log}" ERROR_FILE "${log}.err")
  if(NOT rc EQUAL 0)
    file(READ "${log}.err" err)
    message(FATAL_ERROR "interop peer: ${what} failed (${rc}); see ${log}[.err]\n${err}")
  endif()
endfunction()

function(amp_openamp_build name src extra)
  set(bld "${_oa_root}/build-${name}")
  file(REMOVE_RECURSE "${bld}")
  amp_openamp_run("configure ${name}" "${_oa_root}/${name}-configure.log"
    ${CMAKE_COMMAND} -S "${src}" -B "${bld}" -G "${CMAKE_GENERATOR}"
    -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER} -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS=${AMP_OPENAMP_C_FLAGS}"
    -DCMAKE_INSTALL_PREFIX=${_oa_prefix} -DCMAKE_POSITION_INDEPENDENT_CODE=ON
    -DWITH_SHARED_LIB=OFF -DWITH_STATIC_LIB=ON ${extra})
  amp_openamp_run("build ${name}" "${_oa_root}/${name}-build.log"
    ${CMAKE_COMMAND} --build "${bld}" -j 2)
  amp_openamp_run("install ${name}" "${_oa_root}/${name}-install.log"
    ${CMAKE_COMMAND} --install "${bld}")
endfunction()

# The two source trees: the user's checkouts, or the archives unpacked here.
set(_oa_src "")
set(_lm_src "")
set(_oa_key "")
if(NOT AMP_OPENAMP_SRC STREQUAL "" OR NOT AMP_LIBMETAL_SRC STREQUAL "")
  foreach(d AMP_OPENAMP_SRC AMP_LIBMETAL_SRC)
    if(NOT EXISTS "${${d}}/CMakeLists.txt")
      message(FATAL_ERROR "interop peer: ${d}='${${d}}' is not a source checkout "
                          "(set both AMP_OPENAMP_SRC and AMP_LIBMETAL_SRC)")
    endif()
  endforeach()
  set(_oa_src "${AMP_OPENAMP_SRC}")
  set(_lm_src "${AMP_LIBMETAL_SRC}")
  set(_oa_key "checkouts ${_oa_src} ${_lm_src}")
elseif(NOT AMP_PEERS_DIR STREQUAL "")
  file(GLOB _oa_tar "${AMP_PEERS_DIR}/open-amp-*.tar.gz")
  file(GLOB _lm_tar "${AMP_PEERS_DIR}/libmetal-*.tar.gz")
  list(LENGTH _oa_tar _n1)
  list(LENGTH _lm_tar _n2)
  if(NOT _n1 EQUAL 1 OR NOT _n2 EQUAL 1)
    message(FATAL_ERROR "interop peer: ${AMP_PEERS_DIR} must hold exactly one "
                        "open-amp-*.tar.gz and one libmetal-*.tar.gz")
  endif()
  file(SHA256 "${_oa_tar}" _h1)
  file(SHA256 "${_lm_tar}" _h2)
  set(_oa_key "archives ${_h1} ${_h2}")
else()
  string(CONCAT AMP_OPENAMP_WHY "no OpenAMP peer: set AMP_PEERS_DIR (release archives) or "
         "AMP_OPENAMP_SRC and AMP_LIBMETAL_SRC (checkouts); see docs/interop.md")
  message(STATUS "interop: ${AMP_OPENAMP_WHY}")
  return()
endif()

string(APPEND _oa_key " flags ${AMP_OPENAMP_C_FLAGS}")
# Build once per source: a stamp holds what the install was built from.
set(_stamp "${_oa_root}/built-from.txt")
set(_old "")
if(EXISTS "${_stamp}")
  file(READ "${_stamp}" _old)
endif()
if(NOT _old STREQUAL _oa_key OR NOT EXISTS "${_oa_prefix}/lib/libopen_amp.a")
  message(STATUS "interop: building the OpenAMP peer (${_oa_key})")
  string(TIMESTAMP _t0 "%s")
  file(REMOVE_RECURSE "${_oa_prefix}" "${_oa_root}/src")
  file(MAKE_DIRECTORY "${_oa_root}")
  if(_oa_src STREQUAL "")
    file(ARCHIVE_EXTRACT INPUT "${_oa_tar}" DESTINATION "${_oa_root}/src")
    file(ARCHIVE_EXTRACT INPUT "${_lm_tar}" DESTINATION "${_oa_root}/src")
    file(GLOB _oa_src LIST_DIRECTORIES true "${_oa_root}/src/open-amp*")
    file(GLOB _lm_src LIST_DIRECTORIES true "${_oa_root}/src/libmetal*")
  endif()
  amp_openamp_build(libmetal "${_lm_src}"
    "-DWITH_TESTS=OFF;-DWITH_EXAMPLES=OFF;-DWITH_DOC=OFF;-DWITH_DEFAULT_LOGGER=OFF")
  amp_openamp_build(open-amp "${_oa_src}"
    "-DWITH_APPS=OFF;-DWITH_PROXY=OFF;-DWITH_DOC=OFF;-DCMAKE_INCLUDE_PATH=${_oa_prefix}/include;-DCMAKE_LIBRARY_PATH=${_oa_prefix}/lib")
  string(TIMESTAMP _t1 "%s")
  math(EXPR _dt "${_t1} - ${_t0}")
  message(STATUS "interop: OpenAMP peer built in ${_dt} s into ${_oa_prefix}")
  file(WRITE "${_stamp}" "${_oa_key}")
endif()

foreach(f lib/libopen_amp.a lib/libmetal.a include/openamp/rpmsg_virtio.h include/metal/io.h)
  if(NOT EXISTS "${_oa_prefix}/${f}")
    message(FATAL_ERROR "interop peer: ${_oa_prefix}/${f} missing after the build")
  endif()
endforeach()

find_library(AMP_SYSFS_LIB sysfs)
if(NOT AMP_SYSFS_LIB)
  message(FATAL_ERROR "interop peer: libsysfs not found (Debian: libsysfs-dev, scripts/deps host)")
endif()
find_package(Threads REQUIRED)

add_library(amp_openamp_metal STATIC IMPORTED GLOBAL)
set_target_properties(amp_openamp_metal PROPERTIES IMPORTED_LOCATION "${_oa_prefix}/lib/libmetal.a")
add_library(amp_openamp_oa STATIC IMPORTED GLOBAL)
set_target_properties(amp_openamp_oa PROPERTIES IMPORTED_LOCATION "${_oa_prefix}/lib/libopen_amp.a")
add_library(amp::openamp INTERFACE IMPORTED GLOBAL)
target_include_directories(amp::openamp SYSTEM INTERFACE "${_oa_prefix}/include")
target_link_libraries(amp::openamp INTERFACE amp_openamp_oa amp_openamp_metal ${AMP_SYSFS_LIB}
                      Threads::Threads rt)
set(AMP_OPENAMP_FOUND TRUE)

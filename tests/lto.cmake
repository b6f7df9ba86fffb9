# The whole program at once (tests/lto_echo.c): the library's sources, the
# POSIX port and the echo built together with -O2 -flto and without the
# sanitizers, whose instrumentation hides what cross-file inlining does to
# an access the aliasing rules forbid. Firmware projects build with -flto;
# this keeps amplink correct there.
include(CheckIPOSupported)
check_ipo_supported(RESULT amp_lto_ok LANGUAGES C)
if(amp_lto_ok)
  file(GLOB AMP_LTO_POSIX_SOURCES ${PROJECT_SOURCE_DIR}/ports/posix/*.c)
  add_executable(lto_echo ${CMAKE_CURRENT_SOURCE_DIR}/lto_echo.c
                 ${CMAKE_CURRENT_SOURCE_DIR}/cache_echo.c ${AMP_LIB_SOURCES} ${AMP_LTO_POSIX_SOURCES})
  target_include_directories(lto_echo PRIVATE ${PROJECT_SOURCE_DIR}/include
                             ${PROJECT_SOURCE_DIR}/ports/posix/include ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(lto_echo PRIVATE _GNU_SOURCE AMP_CFG_TRACE=${AMP_CFG_TRACE}
                             AMP_CFG_VRING_NUM=${AMP_CFG_VRING_NUM} AMP_CFG_MAX_EPT=${AMP_CFG_MAX_EPT})
  # Replace (not add to) the directory's options: no sanitizers here.
  set_property(TARGET lto_echo PROPERTY COMPILE_OPTIONS ${AMP_WARNINGS} -O2 -flto)
  set_property(TARGET lto_echo PROPERTY LINK_OPTIONS -O2 -flto)
  add_test(NAME lto_echo COMMAND lto_echo)
else()
  message(STATUS "lto_echo: the compiler cannot do link-time optimisation; test left out")
endif()

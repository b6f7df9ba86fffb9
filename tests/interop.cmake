# Interoperability tests against the real OpenAMP (docs/interop.md), all named
# interop_* with the label "interop":   ctest --preset host -L interop
# The peer comes from cmake/openamp.cmake. Without one, every test is still
# registered and reports SKIPPED with the reason; with one (CI: ../shared/peers),
# a peer that does not build stops the configure, so nothing skips silently.
include(${PROJECT_SOURCE_DIR}/cmake/openamp.cmake)

# Each entry: <ctest name> <program> <case>. A program runs the cmocka case named.
set(AMP_INTEROP_TESTS
    interop_om_as_echo_1            test_interop_echo      om_as_echo_1
    interop_om_as_echo_16           test_interop_echo      om_as_echo_16
    interop_am_or_link_echo         test_interop_echo      am_or_link_echo
    interop_am_or_echo_1            test_interop_echo      am_or_echo_1
    interop_am_or_echo_16           test_interop_echo      am_or_echo_16
    interop_linux_master            test_interop_linux     linux_master
    interop_linux_restart_100       test_interop_linux     linux_restart_100
    interop_linux_model_openamp     test_interop_linux     linux_model_openamp
    interop_linux_no_ns             test_interop_linux     linux_no_ns
    interop_linux_table_entries     test_interop_linux     linux_table_entries
    interop_procs_am_or             test_interop_procs     procs_am_or
    interop_procs_om_as             test_interop_procs     procs_om_as
    interop_geometry_slave          test_interop_geometry  geometry_slave
    interop_geometry_master         test_interop_geometry  geometry_master
    interop_geometry_ring256        test_interop_ring256   geometry_ring256
    interop_endpoints_om_as         test_interop_ept       endpoints_om_as
    interop_endpoints_am_or         test_interop_ept       endpoints_am_or
    interop_reboot_slave            test_interop_reboot    reboot_slave
    interop_reboot_master           test_interop_reboot    reboot_master
    interop_reboot_master_quick     test_interop_reboot    reboot_master_quick)

set(_interop_dir ${CMAKE_CURRENT_SOURCE_DIR}/interop)
set(_programs "")
list(LENGTH AMP_INTEROP_TESTS _n)
math(EXPR _last "${_n} - 1")
foreach(i RANGE 0 ${_last} 3)
  math(EXPR j "${i} + 1")
  math(EXPR k "${i} + 2")
  list(GET AMP_INTEROP_TESTS ${i} name)
  list(GET AMP_INTEROP_TESTS ${j} prog)
  list(GET AMP_INTEROP_TESTS ${k} case)
  if(AMP_OPENAMP_FOUND)
    if(NOT prog IN_LIST _programs)
      list(APPEND _programs ${prog})
      add_executable(${prog} ${_interop_dir}/${prog}.c ${_interop_dir}/oa_peer.c
                             ${_interop_dir}/interop_util.c ${_interop_dir}/linux_master.c)
      target_include_directories(${prog} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${_interop_dir}
                                                 ${PROJECT_SOURCE_DIR}/ports/posix/include)
      target_compile_definitions(${prog} PRIVATE _GNU_SOURCE)
      target_compile_options(${prog} PRIVATE ${AMP_WARNINGS})
      if(prog STREQUAL "test_interop_ring256")
        # Ring size 256 needs a library built for it (AMP_CFG_VRING_NUM is compile time).
        add_library(amplink_ring256 STATIC ${AMP_LIB_SOURCES}
                    ${PROJECT_SOURCE_DIR}/ports/posix/posix_shm.c
                    ${PROJECT_SOURCE_DIR}/ports/posix/posix_port.c)
        target_include_directories(amplink_ring256 PUBLIC ${PROJECT_SOURCE_DIR}/include
                                                          ${PROJECT_SOURCE_DIR}/ports/posix/include)
        target_compile_definitions(amplink_ring256 PUBLIC AMP_CFG_TRACE=${AMP_CFG_TRACE}
                                   AMP_CFG_VRING_NUM=256 AMP_CFG_MAX_EPT=${AMP_CFG_MAX_EPT}
                                   AMP_CFG_SHM_SIZE=0x80000u PRIVATE _GNU_SOURCE)
        target_compile_options(amplink_ring256 PRIVATE ${AMP_WARNINGS})
        target_link_libraries(${prog} PRIVATE amplink_ring256 amp::openamp cmocka)
      else()
        target_link_libraries(${prog} PRIVATE amp_posix amplink amp::openamp cmocka)
      endif()
    endif()
    add_test(NAME ${name} COMMAND ${prog} ${case})
    set_tests_properties(${name} PROPERTIES LABELS interop TIMEOUT 120
                         ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")
  else()
    add_test(NAME ${name}
             COMMAND sh -c "echo \"SKIPPED ${name}: $1\"; exit 77" sh "${AMP_OPENAMP_WHY}")
    set_tests_properties(${name} PROPERTIES LABELS interop SKIP_RETURN_CODE 77)
  endif()
endforeach()

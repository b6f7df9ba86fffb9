# The lean profile (AMP_CFG_LEAN, docs/integration.md) on the host: the
# library built lean, with the POSIX port, running the tests of what a lean
# slave carries: the rings, the rpmsg wire format and layer, the link
# handshake with both reboots and every hostile-input case, the resource
# table. Both roles run in one process (lean changes only the slave's
# side). A test of something lean leaves out is compiled out of its lean
# program (#if !AMP_CFG_LEAN in the test file), never failed.
set(AMP_LEAN_TESTS test_vring test_rpmsg_wire test_rpmsg test_link test_rsc)
file(GLOB AMP_LEAN_POSIX_SOURCES ${PROJECT_SOURCE_DIR}/ports/posix/*.c)
# Cache maintenance stays on here (lean turns it off by default): the
# torn-read and cache tests inject through the port's cache hooks, which a
# build without it refuses; tests/cache_maint_off.c covers that build.
amp_add_library(amplink_lean AMP_CFG_LEAN=1 AMP_CFG_CACHE_MAINT=1)
foreach(t ${AMP_LEAN_TESTS})
  add_executable(lean_${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c ${AMP_LEAN_POSIX_SOURCES})
  target_include_directories(lean_${t} PRIVATE ${PROJECT_SOURCE_DIR}/ports/posix/include
                             ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(lean_${t} PRIVATE amplink_lean cmocka)
  target_compile_options(lean_${t} PRIVATE ${AMP_WARNINGS})
  target_compile_definitions(lean_${t} PRIVATE _GNU_SOURCE)
  add_test(NAME lean_${t} COMMAND lean_${t})
  set_tests_properties(lean_${t} PROPERTIES ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")
endforeach()

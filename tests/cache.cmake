# Stale-cache tests (docs/cache.md): test_cache_sim runs the lockstep echo
# with each role behind a simulated data cache. The cache_teeth_<site>
# programs show that test has teeth: each links a library built with
# AMP_TEST_DROP_INVALIDATE=<site> (one invalidate of the vring code,
# src/virtio/vring_ops.h, removed) and passes only if the echo then fails in stale-cache mode while
# still working without the simulation.
target_sources(test_cache_sim PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/cache_echo.c)

set(AMP_CACHE_TEETH_SITES 1 3 5 CACHE STRING "Invalidate sites of the vring code the teeth tests remove")
file(GLOB AMP_POSIX_PORT_SOURCES ${PROJECT_SOURCE_DIR}/ports/posix/*.c)
foreach(site ${AMP_CACHE_TEETH_SITES})
  amp_add_library(amplink_drop${site} AMP_TEST_DROP_INVALIDATE=${site})
  add_executable(cache_teeth_${site} ${CMAKE_CURRENT_SOURCE_DIR}/cache_teeth.c
                 ${CMAKE_CURRENT_SOURCE_DIR}/cache_echo.c ${AMP_POSIX_PORT_SOURCES})
  target_include_directories(cache_teeth_${site} PRIVATE ${PROJECT_SOURCE_DIR}/ports/posix/include)
  target_link_libraries(cache_teeth_${site} PRIVATE amplink_drop${site})
  target_compile_options(cache_teeth_${site} PRIVATE ${AMP_WARNINGS})
  target_compile_definitions(cache_teeth_${site} PRIVATE _GNU_SOURCE)
  add_test(NAME cache_teeth_${site} COMMAND cache_teeth_${site})
endforeach()

# The library with cache maintenance compiled out (AMP_CFG_CACHE_MAINT=0):
# a port with hooks must be refused, one without must work (cache_maint_off.c).
amp_add_library(amplink_nocache AMP_CFG_CACHE_MAINT=0)
add_executable(cache_maint_off ${CMAKE_CURRENT_SOURCE_DIR}/cache_maint_off.c
               ${CMAKE_CURRENT_SOURCE_DIR}/cache_echo.c ${AMP_POSIX_PORT_SOURCES})
target_include_directories(cache_maint_off PRIVATE ${PROJECT_SOURCE_DIR}/ports/posix/include)
target_link_libraries(cache_maint_off PRIVATE amplink_nocache)
target_compile_options(cache_maint_off PRIVATE ${AMP_WARNINGS})
target_compile_definitions(cache_maint_off PRIVATE _GNU_SOURCE)
add_test(NAME cache_maint_off COMMAND cache_maint_off)

# STM32H747 port drivers on the host: the driver sources from ports/stm32h747
# built with -DH7_IO_MODEL against the register model in h7_model.c, and
# linked into the tests that exercise them.
set(H7_PORT_DIR ${PROJECT_SOURCE_DIR}/ports/stm32h747)

add_library(amp_h7_model STATIC
  ${H7_PORT_DIR}/hsem.c
  ${H7_PORT_DIR}/mpu.c
  ${H7_PORT_DIR}/cache.c
  ${H7_PORT_DIR}/boot_sync.c
  ${CMAKE_CURRENT_SOURCE_DIR}/h7_model.c)
target_include_directories(amp_h7_model PUBLIC
  ${H7_PORT_DIR} ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include)
target_compile_definitions(amp_h7_model PUBLIC H7_IO_MODEL=1)
target_compile_options(amp_h7_model PRIVATE ${AMP_LIB_WARNINGS})

foreach(t test_hsem test_mpu test_h7_cache test_h7_boot test_h7_ipm)
  if(TARGET ${t})
    target_link_libraries(${t} PRIVATE amp_h7_model)
  endif()
endforeach()

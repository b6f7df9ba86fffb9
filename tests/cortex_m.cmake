# The Cortex-M SysTick clock (ports/common/cortex_m/clock.c) on the host,
# against the SysTick model in test_cm_clock.c (CM_IO_MODEL).
target_sources(test_cm_clock PRIVATE ${PROJECT_SOURCE_DIR}/ports/common/cortex_m/clock.c)
target_include_directories(test_cm_clock PRIVATE ${PROJECT_SOURCE_DIR}/ports/common/cortex_m)
target_compile_definitions(test_cm_clock PRIVATE CM_IO_MODEL=1)

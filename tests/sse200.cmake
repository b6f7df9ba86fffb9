# The SSE-200 MHU driver (ports/common/sse200, used by mps2-an521 and
# musca-b1) is tested on the host against a register model; the host
# library does not contain the firmware ports, so compile it in here.
target_sources(test_mhu PRIVATE ${PROJECT_SOURCE_DIR}/ports/common/sse200/mhu.c)
target_include_directories(test_mhu PRIVATE ${PROJECT_SOURCE_DIR}/ports/common/sse200)
# The barrier contract: the driver issues the port's doorbell barrier before
# the SET write (tests/mhu_barriers.h records when it runs).
target_compile_definitions(test_mhu PRIVATE
                           "AMP_PORT_BARRIERS=\"${CMAKE_CURRENT_SOURCE_DIR}/mhu_barriers.h\"")

# SPDX-License-Identifier: BSD-3-Clause
# Building and testing the firmware of a board port (docs/porting.md):
#
#   amp_memmap_value(<var> <memmap.h> <NAME>)   a number from a port's memmap.h
#   amp_fw_ldscripts(<template> <memmap dir>)   cpu0.ld and cpu1.ld from the template
#   amp_fw_add_image(<name> <cpu> sources... [LIBS libs...] [BOARD objects])  -> <name>.elf
#   amp_qemu_add_test(<name> <master> <slave> <expect> [REBOOT who:event:count])
#   amp_sse200_qemu_port(MACHINE <qemu -M> BOARD_NAME <name> TEST_PREFIX <prefix>
#                        SOURCES <board drivers...> [LEAN])
#
# The last one is a whole dual-core SSE-200 board on QEMU (mps2-an521,
# musca-b1): the library, the board objects (ports/common/armv8m, sse200 and
# the port's own), the bring-up and amplink images of both cores, and the
# seven system tests; with LEAN also the lean slave (AMP_CFG_LEAN), the
# master it answers and their three tests. The port folder holds memmap.h,
# board.h and the board's drivers; every value comes from one place
# (memmap.h, or the call).

include(${PROJECT_SOURCE_DIR}/apps/firmware/firmware.cmake)
set(AMP_COMMON_PORTS_DIR ${PROJECT_SOURCE_DIR}/ports/common)
# The barriers of every Cortex-M port (include/amp/port.h).
set(AMP_CORTEX_M_BARRIERS "AMP_PORT_BARRIERS=\"${AMP_COMMON_PORTS_DIR}/cortex_m/barriers.h\"")

function(amp_memmap_value var header name)
  file(STRINGS ${header} lines REGEX "^#define[ \t]+${name}[ \t]")
  if(NOT lines MATCHES "^#define[ \t]+${name}[ \t]+(0x[0-9A-Fa-f]+|[0-9]+)")
    message(FATAL_ERROR "${header}: no plain number for ${name}")
  endif()
  set(${var} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

function(amp_fw_ldscripts template memmap_dir)
  foreach(cpu 0 1)
    set(ld ${CMAKE_CURRENT_BINARY_DIR}/cpu${cpu}.ld)
    add_custom_command(OUTPUT ${ld}
      COMMAND ${CMAKE_C_COMPILER} -E -P -x c -undef -DIMAGE_CPU=${cpu}
              -I${memmap_dir} ${template} -o ${ld}
      DEPENDS ${template} ${memmap_dir}/memmap.h
      COMMENT "Linker script for CPU${cpu}")
  endforeach()
  add_custom_target(amp_fw_ldscripts DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/cpu0.ld
                                             ${CMAKE_CURRENT_BINARY_DIR}/cpu1.ld)
  set(AMP_FW_LD_DIR ${CMAKE_CURRENT_BINARY_DIR} CACHE INTERNAL "where cpu0.ld, cpu1.ld are")
endfunction()

function(amp_fw_add_image name cpu)
  cmake_parse_arguments(IMG "" "BOARD" "LIBS" ${ARGN})
  if(NOT IMG_BOARD)
    set(IMG_BOARD amp_fw_board)
  endif()
  set(ld ${AMP_FW_LD_DIR}/cpu${cpu}.ld)
  add_executable(${name} ${IMG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${ld})
  add_dependencies(${name} amp_fw_ldscripts)
  target_link_libraries(${name} PRIVATE ${IMG_BOARD} ${IMG_LIBS})
  target_compile_options(${name} PRIVATE ${AMP_LIB_WARNINGS})
  target_link_options(${name} PRIVATE -T${ld} -nostartfiles
                      -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${name}.map)
  add_custom_command(TARGET ${name} POST_BUILD
                     COMMAND ${CMAKE_SIZE} $<TARGET_FILE:${name}> VERBATIM)
endfunction()

# Needs AMP_QEMU_MACHINE, AMP_QEMU_PLAN_ADDR and AMP_QEMU_EXPECT_DIR set by the caller.
function(amp_qemu_add_test name master slave expect)
  cmake_parse_arguments(QT "" "REBOOT" "" ${ARGN})
  set(plan "")
  if(QT_REBOOT)
    set(plan --reboot ${QT_REBOOT})
  endif()
  add_test(NAME ${name}
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/qemu-test.sh --machine ${AMP_QEMU_MACHINE}
            --plan-addr ${AMP_QEMU_PLAN_ADDR} ${plan}
            $<TARGET_FILE:${master}> $<TARGET_FILE:${slave}>
            ${CMAKE_CURRENT_BINARY_DIR}/${name} ${AMP_QEMU_EXPECT_DIR}/${expect})
  set_tests_properties(${name} PROPERTIES TIMEOUT 30)
endfunction()

function(amp_sse200_qemu_port)
  cmake_parse_arguments(P "LEAN" "MACHINE;BOARD_NAME;TEST_PREFIX" "SOURCES" ${ARGN})
  set(port_dir ${CMAKE_CURRENT_SOURCE_DIR})
  set(v8m ${AMP_COMMON_PORTS_DIR}/armv8m)
  set(sse ${AMP_COMMON_PORTS_DIR}/sse200)

  # QEMU's SSE-200 CPU0 may have no FPU or DSP (mps2-an521): build both images
  # for the plain Armv8-M mainline profile. (gcc 12 rejects -mcpu=cortex-m33
  # together with -march=armv8-m.main; the feature modifiers say the same.)
  set(cpu_flags -mcpu=cortex-m33+nodsp+nofp -mfloat-abi=soft -mthumb)
  add_compile_options(${cpu_flags})
  add_link_options(${cpu_flags})
  # No data cache in front of the SSE-200 shared SRAM (node.c): no maintenance calls.
  amp_add_library(amplink_fw ${AMP_CORTEX_M_BARRIERS} AMP_CFG_CACHE_MAINT=0)

  # Board objects, linked as objects so the vector table is always in; the
  # lean slave's (AMP_CFG_LEAN) are built again against its own library.
  set(board_sources
    ${v8m}/startup.c ${v8m}/semihost.c ${AMP_COMMON_PORTS_DIR}/cortex_m/clock.c
    ${sse}/vectors.c ${sse}/cpus.c ${sse}/mhu.c ${sse}/node.c ${sse}/fw_board.c ${P_SOURCES})
  set(boards amp_fw_board)
  if(P_LEAN)
    # Built for the slave alone, as on the STM32H747 (the master's code is not compiled in).
    amp_add_library(amplink_fw_lean ${AMP_CORTEX_M_BARRIERS} AMP_CFG_LEAN=1
                    AMP_CFG_ROLE_ONLY=AMP_ROLE_SLAVE)
    list(APPEND boards amp_fw_board_lean)
  endif()
  foreach(b ${boards})
    add_library(${b} OBJECT ${board_sources})
    target_include_directories(${b} PUBLIC ${port_dir} ${sse} ${v8m}
                               ${AMP_COMMON_PORTS_DIR}/cortex_m ${AMP_FW_DIR}
                               ${PROJECT_SOURCE_DIR}/include)
    target_compile_definitions(${b} PRIVATE "AMP_BOARD_NAME=\"${P_BOARD_NAME}\"")
    target_compile_options(${b} PRIVATE ${AMP_LIB_WARNINGS})
  endforeach()
  target_sources(amp_fw_board PRIVATE ${AMP_FW_SOURCES} ${AMP_FW_APP_SOURCES})
  target_compile_definitions(amp_fw_board PUBLIC ${AMP_CONFIG_DEFINES})
  target_link_libraries(amp_fw_board PUBLIC amplink_fw)
  amp_fw_ldscripts(${v8m}/image.ld.S ${port_dir})

  # Port bring-up without amplink: CPU1 release, MHU both ways, soft reboot.
  amp_fw_add_image(bringup-master 0 ${AMP_FW_BRINGUP_MASTER})
  amp_fw_add_image(bringup-slave 1 ${AMP_FW_BRINGUP_SLAVE})
  # amplink firmware: the firmware application on both cores.
  amp_fw_add_image(amp-master 0 ${AMP_FW_MAIN_MASTER} LIBS amplink_fw)
  amp_fw_add_image(amp-slave 1 ${AMP_FW_MAIN_SLAVE} ${sse}/rsc.c LIBS amplink_fw)
  if(P_LEAN)
    # The lean slave (AMP_CFG_LEAN), and the master it answers: the full
    # library's link layer with an echo over one rpmsg endpoint (the lean
    # slave serves no sessions).
    target_link_libraries(amp_fw_board_lean PUBLIC amplink_fw_lean)
    amp_fw_add_image(amp-slave-lean 1 ${AMP_FW_LEAN_SOURCES} ${sse}/rsc.c
                     BOARD amp_fw_board_lean LIBS amplink_fw_lean)
    amp_fw_add_image(amp-master-link 0 ${AMP_FW_MAIN_MASTER_LINK} LIBS amplink_fw)
  endif()

  # The expected output, with this board's values in it.
  set(AMP_BOARD_NAME ${P_BOARD_NAME})
  set(AMP_QEMU_EXPECT_DIR ${CMAKE_CURRENT_BINARY_DIR}/expect)
  file(GLOB expect_files ${AMP_FW_EXPECT_DIR}/*.uart[01])
  foreach(f ${expect_files})
    get_filename_component(n ${f} NAME)
    configure_file(${f} ${AMP_QEMU_EXPECT_DIR}/${n} @ONLY)
  endforeach()
  set(AMP_QEMU_MACHINE ${P_MACHINE})
  amp_memmap_value(AMP_QEMU_PLAN_ADDR ${port_dir}/memmap.h BOARD_TESTPLAN_BASE)

  # The system tests (QEMU_TIMEOUT bounds each run to 20 s): bring-up;
  # handshake and echo; stream and OACS (the same run, checked separately);
  # one core rebooting itself in the middle of the traffic (the slave after
  # 40 echoes, the slave half-way through the stream, the master after 40
  # echoes), each run recovering and completing; the resource-table section.
  set(t ${P_TEST_PREFIX})
  amp_qemu_add_test(${t}_bringup bringup-master bringup-slave bringup)
  amp_qemu_add_test(${t}_echo amp-master amp-slave echo)
  amp_qemu_add_test(${t}_oacs_stream amp-master amp-slave oacs_stream)
  amp_qemu_add_test(${t}_slave_reboot amp-master amp-slave slave_reboot
                    REBOOT slave:echo:40)
  amp_qemu_add_test(${t}_slave_reboot_stream amp-master amp-slave slave_reboot_stream
                    REBOOT slave:stream:16384)
  amp_qemu_add_test(${t}_master_reboot amp-master amp-slave master_reboot
                    REBOOT master:echo:40)
  if(P_LEAN)
    # The lean slave: echo, then each core rebooting in the middle of it.
    amp_qemu_add_test(${t}_lean_echo amp-master-link amp-slave-lean lean_echo)
    amp_qemu_add_test(${t}_lean_slave_reboot amp-master-link amp-slave-lean lean_slave_reboot
                      REBOOT slave:echo:40)
    amp_qemu_add_test(${t}_lean_master_reboot amp-master-link amp-slave-lean
                      lean_master_reboot REBOOT master:echo:40)
  endif()
  add_test(NAME ${t}_rsc_section
           COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/check-rsc-section.sh ${CMAKE_OBJDUMP}
                   $<TARGET_FILE:amp-slave>)
endfunction()

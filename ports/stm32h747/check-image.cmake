# SPDX-License-Identifier: BSD-3-Clause
# cmake -DREADELF=... -DELF=... -DADDR=08000000 -P check-image.cmake
# The image's vector table (.isr_vector) starts at ADDR (hex, no 0x), and its
# first two words are an initial stack pointer in RAM and the address of
# Reset_Handler (a Thumb address inside the image's flash bank).
execute_process(COMMAND ${READELF} -S -W ${ELF} OUTPUT_VARIABLE sections RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${READELF} failed on ${ELF}")
endif()
if(NOT sections MATCHES "\\.isr_vector +PROGBITS +([0-9a-f]+) ")
  message(FATAL_ERROR "${ELF}: no .isr_vector section")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL ADDR)
  message(FATAL_ERROR "${ELF}: .isr_vector at 0x${CMAKE_MATCH_1}, want 0x${ADDR}")
endif()

# Hex dump words are bytes in file order: "781b0020" is 0x20001b78.
function(le_word bytes out)
  string(SUBSTRING ${bytes} 6 2 b3)
  string(SUBSTRING ${bytes} 4 2 b2)
  string(SUBSTRING ${bytes} 2 2 b1)
  string(SUBSTRING ${bytes} 0 2 b0)
  set(${out} "${b3}${b2}${b1}${b0}" PARENT_SCOPE)
endfunction()
execute_process(COMMAND ${READELF} -x .isr_vector ${ELF} OUTPUT_VARIABLE dump)
if(NOT dump MATCHES "0x${ADDR} ([0-9a-f]+) ([0-9a-f]+) ")
  message(FATAL_ERROR "${ELF}: cannot read the vector table")
endif()
le_word(${CMAKE_MATCH_1} sp)
le_word(${CMAKE_MATCH_2} reset)

execute_process(COMMAND ${READELF} -s -W ${ELF} OUTPUT_VARIABLE symbols)
if(NOT symbols MATCHES " ([0-9a-f]+) +[0-9]+ FUNC +GLOBAL +DEFAULT +[0-9]+ Reset_Handler\n")
  message(FATAL_ERROR "${ELF}: no Reset_Handler")
endif()
if(NOT reset STREQUAL CMAKE_MATCH_1)
  message(FATAL_ERROR "${ELF}: reset vector 0x${reset}, Reset_Handler is 0x${CMAKE_MATCH_1}")
endif()
math(EXPR lo "0x${ADDR}")
math(EXPR hi "0x${ADDR} + 0x100000")
math(EXPR pc "0x${reset}")
math(EXPR thumb "0x${reset} & 1")
if(pc LESS lo OR NOT pc LESS hi OR NOT thumb EQUAL 1)
  message(FATAL_ERROR "${ELF}: reset vector 0x${reset} is not Thumb code in its flash bank")
endif()
# Stack in DTCM (CM7) or D2 SRAM (CM4), 8-byte aligned.
math(EXPR sp_n "0x${sp}")
math(EXPR sp_align "0x${sp} & 7")
if(NOT sp_align EQUAL 0 OR NOT ((sp_n GREATER 0x20000000 AND sp_n LESS_EQUAL 0x20020000) OR
                                (sp_n GREATER 0x10000000 AND sp_n LESS_EQUAL 0x10048000)))
  message(FATAL_ERROR "${ELF}: initial stack pointer 0x${sp} is not in the core's RAM")
endif()
message(STATUS "${ELF}: vectors at 0x${ADDR}, SP 0x${sp}, reset 0x${reset} (Reset_Handler)")

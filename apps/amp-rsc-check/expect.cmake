# SPDX-License-Identifier: BSD-3-Clause
# cmake -DTOOL=amp-rsc-check [-DDUMP=file -DBASE=addr] -DELF=image -DEXPECT_RC=1 -DEXPECT_RE=regex
#       -P expect.cmake
# Runs the tool on one image (with --trace DUMP --base BASE if given) and
# checks both its exit status and its message.
set(args "")
if(DEFINED DUMP)
  set(args --trace ${DUMP} --base ${BASE})
endif()
execute_process(COMMAND ${TOOL} ${args} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc STREQUAL EXPECT_RC)
  message(FATAL_ERROR "exit status ${rc}, want ${EXPECT_RC}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT_RE}")
  message(FATAL_ERROR "message does not match \"${EXPECT_RE}\"")
endif()

# SPDX-License-Identifier: BSD-3-Clause
# The firmware application of the board ports (fw.h). A port includes this
# file and adds ${AMP_FW_SOURCES} to both of its images, with ${AMP_FW_DIR}
# on the include path.
set(AMP_FW_DIR ${CMAKE_CURRENT_LIST_DIR})
set(AMP_FW_SOURCES
    ${AMP_FW_DIR}/fw_line.c
    ${AMP_FW_DIR}/fw_master.c
    ${AMP_FW_DIR}/fw_echo.c
    ${AMP_FW_DIR}/fw_stream.c
    ${AMP_FW_DIR}/fw_oacs.c
    ${AMP_FW_DIR}/fw_slave.c)

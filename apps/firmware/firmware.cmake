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
# The images above the boards (fw_app.h): the amplink master and slave, and
# the bring-up pair. A port provides fw_board_open() (and, for the slave,
# fw_rsc_table) and links each with the services above.
set(AMP_FW_APP_SOURCES ${AMP_FW_DIR}/fw_plan.c)
set(AMP_FW_MAIN_MASTER ${AMP_FW_DIR}/main_master.c)
set(AMP_FW_MAIN_SLAVE ${AMP_FW_DIR}/main_slave.c)
# The lean slave (AMP_CFG_LEAN): the link layer and one echo endpoint, no
# sessions; the whole image above the board (no fw.h services).
set(AMP_FW_LEAN_SOURCES ${AMP_FW_DIR}/fw_line.c ${AMP_FW_DIR}/fw_plan.c
    ${AMP_FW_DIR}/main_slave_lean.c)
# Its master on QEMU: the link layer of the full library, echo on one endpoint.
set(AMP_FW_MAIN_MASTER_LINK ${AMP_FW_DIR}/main_master_link.c)
set(AMP_FW_BRINGUP_MASTER ${AMP_FW_DIR}/bringup_master.c)
set(AMP_FW_BRINGUP_SLAVE ${AMP_FW_DIR}/bringup_slave.c)
# The expected console output of the QEMU system tests, for any board:
# @AMP_BOARD_NAME@, @AMP_VRING0@ and @AMP_VRING1@ are the board's.
set(AMP_FW_EXPECT_DIR ${AMP_FW_DIR}/expect)

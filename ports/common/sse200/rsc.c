/* SPDX-License-Identifier: BSD-3-Clause */
/* The slave image's resource table (apps/firmware/fw_app.h), in the board's shared region. */
#include "fw_app.h"
#include "memmap.h"

/* The rpmsg vdev and the log as a Linux remoteproc master would read them from the slave's ELF. */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table_trace fw_rsc_table =
    AMP_RSC_TABLE_TRACE_INIT(
	BOARD_SHM_BASE + AMP_SHM_VRING0_OFF, BOARD_SHM_BASE + AMP_SHM_VRING1_OFF, AMP_CFG_VRING_NUM,
	AMP_CFG_VRING_ALIGN, (uint32_t)(uintptr_t)fw_trace_text, FW_TRACE_SIZE);

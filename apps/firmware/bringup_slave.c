/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port bring-up, slave side (no amplink): ring the master, wait for its
 * doorbell, reboot this core alone, check that RAM was re-initialised, ring
 * the master again. The boot counter in .noinit survives the soft reboot.
 */
#include "amp/shm.h"
#include "bringup.h"

#define DATA_INIT 0x600DDA7Au

static struct amp_port port;
static const struct fw_board *board;
static volatile uint32_t data_word = DATA_INIT;
static volatile uint32_t bss_word;

static __attribute__((noreturn)) void fail(const char *why)
{
	fw_say(board, "bringup: FAIL: ", why);
	fw_halt(board, FW_EXIT_FAIL);
}

int main(void)
{
	struct fw_line l;
	uint32_t boot;

	board = fw_board_open(FW_ROLE_SLAVE, &port);
	boot = fw_count_boot(board);
	fw_line_start(&l, "bringup: cpu1 slave up, boot ");
	fw_line_u32(&l, boot);
	fw_line_send(&l, board);
	if (data_word != DATA_INIT || bss_word != 0u)
		fail("RAM not re-initialised");

	amp_wr32(bringup_shm_word(&port), BRINGUP_WORD(boot));
	port.ops->notify(port.ctx);
	fw_say(board, "bringup: rang master", "");

	if (boot < BRINGUP_SLAVE_BOOTS) {
		if (!bringup_take(board, &port, BRINGUP_TIMEOUT_MS))
			fail("no doorbell from the master");
		fw_say(board, "bringup: doorbell from master", "");
		/* Dirty .data and .bss: the reboot must restore them. */
		data_word = 0u;
		bss_word = 1u;
		fw_say(board, "bringup: soft reboot", "");
		(void)board->soft_reboot(board->ctx);
		fail("soft reboot refused");
	}
	fw_say(board, "bringup: done", "");
	fw_halt(board, FW_EXIT_OK);
}

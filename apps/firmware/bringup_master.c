/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port bring-up, master side (no amplink): start the slave's core, take its
 * doorbell, ring back, then take the doorbell it rings after rebooting
 * itself. Each doorbell comes with a word in the shared region, checked
 * here. Stops with FW_EXIT_OK when all of it happened in time.
 */
#include "amp/errors.h"
#include "amp/shm.h"
#include "bringup.h"

static struct amp_port port;
static const struct fw_board *board;

static __attribute__((noreturn)) void fail(const char *why)
{
	fw_say(board, "bringup: FAIL: ", why);
	fw_halt(board, FW_EXIT_FAIL);
}

int main(void)
{
	volatile uint32_t *word;
	struct fw_line l;
	uint32_t boot;

	board = fw_board_open(FW_ROLE_MASTER, &port);
	word = bringup_shm_word(&port);
	fw_say(board, "bringup: cpu0 master up", "");
	amp_wr32(word, 0u);
	if (board->start_slave(board->ctx) != AMP_OK)
		fail("no slave image at the CPU1 vector table");
	fw_say(board, "bringup: cpu1 released", "");

	for (boot = 1u; boot <= BRINGUP_SLAVE_BOOTS; boot++) {
		if (!bringup_take(board, &port, BRINGUP_TIMEOUT_MS))
			fail("no doorbell from the slave");
		if (amp_rd32(word) != BRINGUP_WORD(boot))
			fail("wrong word in the shared region");
		fw_line_start(&l, "bringup: doorbell from slave boot ");
		fw_line_u32(&l, boot);
		fw_line_send(&l, board);
		if (boot == 1u) {
			port.ops->notify(port.ctx);
			fw_say(board, "bringup: rang slave", "");
		}
	}
	fw_say(board, "bringup: pass", "");
	fw_halt(board, FW_EXIT_OK);
}

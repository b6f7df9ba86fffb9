/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The amplink master image: start the slave's core, then run the firmware
 * application's master (fw.h: handshake, echo, stream, OACS), every m. step
 * traced on this core's console. Stops the run with FW_EXIT_OK when the
 * whole run passed.
 *
 * Test plan (fw_app.h): when it says so, the master reboots itself once in
 * the middle of the traffic; the next boot finds the slave running, runs the
 * application again from the start against the slave that kept running, and
 * its result is the result of the test.
 */
#include "fw_app.h"

#ifndef FW_ECHO_MESSAGES
#define FW_ECHO_MESSAGES 100u
#endif
#ifndef FW_STREAM_BYTES
#define FW_STREAM_BYTES 32768u
#endif
#define FW_STALL_MS 3000u

static struct amp amp;
static struct amp_port port;
static struct fw_master fw;
static const struct fw_board *board;

static const struct fw_master_config fw_config = {
    .echo_messages = FW_ECHO_MESSAGES,
    .stream_bytes = FW_STREAM_BYTES,
    .stall_ms = FW_STALL_MS,
};

static __attribute__((noreturn)) void fail(const char *why, int err)
{
	fw_say(board, "master: FAIL: ", why);
	if (err)
		fw_say(board, "master: error ", amp_strerror(err));
	fw_halt(board, FW_EXIT_FAIL);
}

static void reboot_if_planned(const struct fw_plan *plan, uint32_t boot)
{
	struct fw_progress progress;

	fw_master_progress(&fw, &progress);
	fw_plan_reboot_if_due(plan, board, FW_PLAN_MASTER, boot, &progress);
}

int main(void)
{
	struct fw_plan plan;
	uint32_t boot;
	int err;

	board = fw_board_open(FW_ROLE_MASTER, &port);
	boot = fw_plan_boot(&plan, board, "master");
	err = amp_init(&amp, AMP_ROLE_MASTER, &port);
	if (err)
		fail("amp_init", err);
	/* A cold boot starts the slave; after a soft reboot of ours it is already running. */
	err = fw_start_slave(board);
	if (err)
		fail("no slave image at the CPU1 vector table", err);
	fw_master_init(&fw, &amp, board, &fw_config);
	/* Without a stop(), the channel stays up once the run is over (for a debugger). */
	while (fw_master_result(&fw) == FW_RUNNING || !board->stop) {
		int work = amp_poll(&amp);

		if (work < 0)
			fail("amp_poll", work);
		work |= fw_master_step(&fw);
		reboot_if_planned(&plan, boot);
		if (board->after_round)
			board->after_round(board->ctx, &amp);
		if (!work)
			board->wait(board->ctx, FW_IDLE_WAIT_MS);
	}
	board->stop(board->ctx, fw_master_result(&fw) == FW_PASSED ? FW_EXIT_OK : FW_EXIT_FAIL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The amplink slave image: checks the port's resource table, the handshake
 * (every s. step is traced on this core's console), and the firmware
 * application's slave: the services "echo", "stream" and "oacs" (fw.h).
 *
 * Test plan (fw_app.h): when it says so, the slave reboots itself once in
 * the middle of the traffic, while the master keeps running.
 */
#include "fw_app.h"

static struct amp amp;
static struct amp_port port;
/* The slave's log, published by the resource table's trace entry (fw_app.h). */
char fw_trace_text[FW_TRACE_SIZE];
static struct fw_slave fw;
static const struct fw_board *board;

static __attribute__((noreturn)) void fail(const char *what, int err)
{
	fw_fail(board, "slave", what, err);
}

/* Our own table, checked by the same rules Linux remoteproc applies to it. */
static void check_rsc_table(void)
{
	struct amp_rsc_info info;
	/* unless the validator says */
	const char *why = "vrings or the trace buffer not where they belong";
	struct fw_line l;

	if (amp_rsc_validate(&fw_rsc_table, sizeof(fw_rsc_table), &info, &why) == AMP_OK &&
	    info.vring[0].da == port.shm_pa + AMP_SHM_VRING0_OFF &&
	    info.vring[1].da == port.shm_pa + AMP_SHM_VRING1_OFF && info.traces == 1 &&
	    info.trace_da == (uint32_t)(uintptr_t)fw_trace_text &&
	    info.trace_len == FW_TRACE_SIZE) {
		fw_line_start(&l, "rsc: resource table valid, vrings at ");
		fw_line_hex(&l, info.vring[0].da);
		fw_line_str(&l, " ");
		fw_line_hex(&l, info.vring[1].da);
		fw_line_send(&l, board);
		return;
	}
	fw_say(board, "rsc: resource table invalid: ", why);
}

static void poll_failed(int err)
{
	struct fw_line l;

	fw_line_start(&l, "slave: amp_poll: error ");
	fw_line_err(&l, err);
	fw_line_send(&l, board);
}

static void reboot_if_planned(const struct fw_plan *plan, uint32_t boot)
{
	struct fw_progress progress;

	fw_slave_progress(&fw, &progress);
	fw_plan_reboot_if_due(plan, board, FW_PLAN_SLAVE, boot, &progress);
}

int main(void)
{
	struct fw_plan plan;
	uint32_t boot;
	int err;

	board = fw_board_open(FW_ROLE_SLAVE, &port);
	fw_trace_start(fw_trace_text, FW_TRACE_SIZE);
	boot = fw_plan_boot(&plan, board, "slave");
	check_rsc_table();
	err = amp_init(&amp, AMP_ROLE_SLAVE, &port);
	if (err)
		fail("amp_init", err);
	err = fw_slave_init(&fw, &amp, board, board->name);
	if (err)
		fail("services", err);
	for (;;) {
		int work = amp_poll(&amp);

		if (work < 0)
			poll_failed(work);
		work = (work > 0) | fw_slave_step(&fw);
		reboot_if_planned(&plan, boot);
		if (board->after_round)
			board->after_round(board->ctx, &amp);
		if (!work)
			board->wait(board->ctx, FW_IDLE_WAIT_MS);
	}
}

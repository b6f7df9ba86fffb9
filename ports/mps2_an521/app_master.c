/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink master on CPU0: start CPU1, then run the firmware application's
 * master (apps/firmware/fw.h: handshake, echo, stream, OACS), every m. step
 * traced on UART0. Exits QEMU with 0 when the whole run passed.
 *
 * Test plan (app.h): when it says so, the master reboots itself once in the
 * middle of the traffic; the next boot finds CPU1 running, runs the
 * application again from the start against the slave that kept running,
 * and its result is the result of the test.
 */
#include "app.h"

#ifndef APP_ECHO_MESSAGES
#define APP_ECHO_MESSAGES 100u
#endif
#ifndef APP_STREAM_BYTES
#define APP_STREAM_BYTES 32768u
#endif
#define APP_STALL_MS 3000u

static struct amp amp;
static struct amp_port port;
static struct fw_master fw;

static const struct fw_master_config fw_config = {
    .echo_messages = APP_ECHO_MESSAGES,
    .stream_bytes = APP_STREAM_BYTES,
    .stall_ms = APP_STALL_MS,
};

static __attribute__((noreturn)) void fail(const char *why, int err)
{
	fw_say(&app_board, "master: FAIL: ", why);
	if (err)
		fw_say(&app_board, "master: error ", amp_strerror(err));
	mps2_stop(MPS2_EXIT_FAIL);
}

/* A cold boot starts CPU1; after a soft reboot of ours it is already running. */
static void start_slave(void)
{
	int err;

	if (mps2_cpu1_running()) {
		fw_say(&app_board, "master: cpu1 already running", "");
		return;
	}
	err = mps2_release_cpu1();
	if (err)
		fail("no slave image at the CPU1 vector table", err);
}

static void reboot_if_planned(const struct app_plan *plan, uint32_t boot)
{
	struct fw_progress progress;

	fw_master_progress(&fw, &progress);
	if (!app_plan_reboot_due(plan, APP_PLAN_MASTER, boot, &progress))
		return;
	fw_say(&app_board, "master: soft reboot (test plan)", "");
	(void)mps2_soft_reboot();
	fail("soft reboot refused", 0);
}

int main(void)
{
	uint32_t boot = app_count_boot();
	struct app_plan plan;
	int err;

	mps2_board_init(MPS2_CPU_MASTER);
	app_plan_read(&plan);
	app_plan_say(&plan, "master", boot);
	mps2_port_init(&port);
	err = amp_init(&amp, AMP_ROLE_MASTER, &port);
	if (err)
		fail("amp_init", err);
	start_slave();
	fw_master_init(&fw, &amp, &app_board, &fw_config);
	while (fw_master_result(&fw) == FW_RUNNING) {
		int work = amp_poll(&amp);

		if (work < 0)
			fail("amp_poll", work);
		work |= fw_master_step(&fw);
		reboot_if_planned(&plan, boot);
		if (!work)
			(void)mps2_wait(APP_IDLE_WAIT_MS);
	}
	mps2_stop(fw_master_result(&fw) == FW_PASSED ? MPS2_EXIT_OK : MPS2_EXIT_FAIL);
}

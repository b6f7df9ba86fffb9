/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink slave on CPU1: the resource table, the handshake (every s. step is
 * traced on UART1), and the firmware application's slave: the services
 * "echo", "stream" and "oacs" (apps/firmware/fw.h).
 *
 * Test plan (app.h): when it says so, the slave reboots itself once in the
 * middle of the traffic, while the master keeps running.
 */
#include "app.h"

#define APP_BOARD_NAME "mps2-an521"

/*
 * The rpmsg vdev as a Linux remoteproc master would read it from this ELF.
 * The vrings sit at fixed addresses of the shared region (include/amp/layout.h).
 */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table mps2_rsc_table =
    AMP_RSC_TABLE_INIT(MPS2_SHM_BASE + AMP_SHM_VRING0_OFF, MPS2_SHM_BASE + AMP_SHM_VRING1_OFF,
		       AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);

static struct amp amp;
static struct amp_port port;
static struct fw_slave fw;

static __attribute__((noreturn)) void fail(const char *what, int err)
{
	struct fw_line l;

	fw_line_start(&l, "slave: FAIL: ");
	fw_line_str(&l, what);
	fw_line_str(&l, ": ");
	fw_line_str(&l, amp_strerror(err));
	fw_line_send(&l, &app_board);
	mps2_stop(MPS2_EXIT_FAIL);
}

/* Our own table, checked by the same rules Linux remoteproc applies to it. */
static void check_rsc_table(void)
{
	struct amp_rsc_info info;
	const char *why = "vrings not where the layout puts them"; /* unless the validator says */
	struct fw_line l;

	if (amp_rsc_validate(&mps2_rsc_table, sizeof(mps2_rsc_table), &info, &why) == AMP_OK &&
	    info.vring[0].da == port.shm_pa + AMP_SHM_VRING0_OFF &&
	    info.vring[1].da == port.shm_pa + AMP_SHM_VRING1_OFF) {
		fw_line_start(&l, "rsc: resource table valid, vrings at ");
		fw_line_hex(&l, info.vring[0].da);
		fw_line_str(&l, " ");
		fw_line_hex(&l, info.vring[1].da);
		fw_line_send(&l, &app_board);
		return;
	}
	fw_say(&app_board, "rsc: resource table invalid: ", why);
}

static void reboot_if_planned(const struct app_plan *plan, uint32_t boot)
{
	struct fw_progress progress;

	fw_slave_progress(&fw, &progress);
	if (!app_plan_reboot_due(plan, APP_PLAN_SLAVE, boot, &progress))
		return;
	fw_say(&app_board, "slave: soft reboot (test plan)", "");
	fail("soft reboot", mps2_soft_reboot());
}

int main(void)
{
	uint32_t boot = app_count_boot();
	struct app_plan plan;
	int err;

	mps2_board_init(MPS2_CPU_SLAVE);
	app_plan_read(&plan);
	app_plan_say(&plan, "slave", boot);
	mps2_port_init(&port);
	check_rsc_table();
	err = amp_init(&amp, AMP_ROLE_SLAVE, &port);
	if (err)
		fail("amp_init", err);
	err = fw_slave_init(&fw, &amp, &app_board, APP_BOARD_NAME);
	if (err)
		fail("services", err);
	for (;;) {
		int work = amp_poll(&amp);

		if (work < 0)
			fw_say(&app_board, "slave: amp_poll: ", amp_strerror(work));
		work = (work > 0) | fw_slave_step(&fw);
		reboot_if_planned(&plan, boot);
		if (!work)
			(void)mps2_wait(APP_IDLE_WAIT_MS);
	}
}

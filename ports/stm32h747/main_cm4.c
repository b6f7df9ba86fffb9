/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-cm4.elf: the slave on the Cortex-M4. It carries the resource table a
 * Linux remoteproc master would read, waits (bounded) for the CM7 to finish
 * initialising the shared region on a cold boot, and runs the firmware
 * application's slave (apps/firmware/fw.h): the services "echo", "stream"
 * and "oacs".
 */
#include "amp/amp.h"
#include "amp/shm.h"
#include "h7_app.h"
#include "h7_board.h"
#include "h7_boot.h"
#include "h7_cpu.h"
#include "h7_port.h"
#include "h7_regs.h"

#define BOOT_SYNC_TIMEOUT_MS 1000u
#define BOOT_SYNC_MAX_POLLS  10000000u
#define BOARD_NAME	     "stm32h747"

/*
 * The rpmsg vdev, with the vrings where the master puts them in SRAM4
 * (include/amp/layout.h). The linker script keeps this section.
 */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table h7_rsc_table =
    AMP_RSC_TABLE_INIT(H7_SRAM4 + AMP_SHM_VRING0_OFF, H7_SRAM4 + AMP_SHM_VRING1_OFF,
		       AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);

static struct h7_port port;
static struct amp amp;
static struct fw_slave fw;

static uint32_t boot_now(void *ctx)
{
	(void)ctx;
	return h7_millis();
}

/* A slave-only reboot: the master's link block is valid and it is not re-initialising. */
static int master_up(void *ctx)
{
	const struct amp_port *p = ctx;
	/* The region is 64-byte aligned (linker script) and the block's offset a multiple of 64. */
	const volatile struct amp_link_block *b =
	    (const volatile struct amp_link_block *)(const volatile void *)(p->shm +
									    AMP_SHM_LINK_OFF);
	uint32_t e = amp_rd32(&b->master_epoch);

	return e != 0u && (e & 1u) == 0u && amp_link_block_check(b, p->shm_size) == AMP_OK;
}

static void boot_sync(void)
{
	static const char *const what[] = {"synced", "master already up", "timed out"};
	struct h7_boot_wait w = {
	    .sem = H7_SEM_BOOT,
	    .timeout_ms = BOOT_SYNC_TIMEOUT_MS,
	    .max_polls = BOOT_SYNC_MAX_POLLS,
	    .now_ms = boot_now,
	    .master_up = master_up,
	    .ctx = &port.port,
	};

	/*
	 * After a reset of the whole system both cores restart, but SRAM4 still
	 * holds the previous run's (valid) link block: only the release counts.
	 */
	if (h7_system_reset())
		w.master_up = NULL;
	h7_say("s: boot sync: ", what[h7_boot_slave_wait(&port.hsem, &w)]);
}

static void check_rsc_table(void)
{
	const char *why = "?";
	struct amp_rsc_info info;

	if (amp_rsc_validate(&h7_rsc_table, sizeof(h7_rsc_table), &info, &why) == AMP_OK &&
	    info.vring[0].da == port.port.shm_pa + AMP_SHM_VRING0_OFF &&
	    info.vring[1].da == port.port.shm_pa + AMP_SHM_VRING1_OFF)
		h7_say("s: resource table ", "ok");
	else
		h7_say("s: resource table BAD: ", why);
}

int main(void)
{
	int err;

	h7_board_clocks();
	err = h7_port_init(&port, H7_CORE_CM4);
	h7_trace_init();
	h7_systick_init();
	h7_console_init(&port.hsem, 0);
	if (err == AMP_OK) {
		boot_sync();
		h7_say("s: amplink ", "stm32h747 cm4 slave");
		check_rsc_table();
		err = amp_init(&amp, AMP_ROLE_SLAVE, &port.port);
	}
	if (err) {
		h7_say_i32("s: init failed: ", err);
		for (;;)
			h7_wfi();
	}
	err = fw_slave_init(&fw, &amp, &h7_app_board, BOARD_NAME);
	if (err)
		h7_say_i32("s: services failed: ", err);
	h7_port_irq_enable(&port);
	for (;;) {
		int work = amp_poll(&amp);

		work = (work > 0) | fw_slave_step(&fw);
		if (!work)
			h7_port_idle(&port);
	}
}

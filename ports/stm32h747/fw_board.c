/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The firmware application's board (apps/firmware/fw_app.h) on the
 * STM32H747, for either core (H7_IMAGE_CM7 or H7_IMAGE_CM4).
 *
 * CM7, the master: the power supply first, then its port; it holds the boot
 * semaphore while it initialises the shared SRAM4, maps SRAM4 in the MPU and
 * turns the caches on; after each round of the main loop it lets the slave
 * go once the region is initialised (or after BOOT_HOLD_MAX_MS). The CM4
 * starts by itself (option bytes), so there is no start_slave().
 * CM4, the slave: carries the resource table, and waits (bounded) for the
 * CM7 to finish initialising the shared region on a cold boot.
 * Both: lines go to the shared console with the core's prefix ("m: ",
 * "s: "); there is no stop(): the master keeps the channel up once its run
 * is over, and a core that cannot go on sleeps.
 */
#include "amp/amp.h"
#include "amp/shm.h"
#include "cm_cpu.h"
#include "fw_app.h"
#include "h7_board.h"
#include "h7_boot.h"
#include "h7_io.h"
#include "h7_port.h"
#include "h7_regs.h"

#ifndef AMP_BOARD_NAME
#error "AMP_BOARD_NAME: the port's CMakeLists.txt names the board"
#endif

static struct h7_port port;

static __attribute__((noreturn)) void fatal(const char *what, int err)
{
	struct h7_line l;

	h7_line_start(&l, what);
	h7_line_str(&l, " failed: ");
	h7_line_i32(&l, err);
	h7_line_send(&l);
	for (;;) {
		h7_dsb();
		cpu_wfi();
	}
}

#ifdef H7_IMAGE_CM7
#define LINE_PREFIX "m: "
#define IMAGE_ROLE  FW_ROLE_MASTER
/* Let the slave go even if the handshake stalls (no slave, say): it copes. */
#define BOOT_HOLD_MAX_MS 500u

static int boot_held;
static uint32_t boot_t0;

static void release_boot(void *ctx, const struct amp *amp)
{
	(void)ctx;
	if (boot_held &&
	    (amp->link.state >= AMP_LM_WAIT_NS || h7_millis() - boot_t0 >= BOOT_HOLD_MAX_MS)) {
		h7_boot_master_done(&port.hsem, H7_SEM_BOOT);
		boot_held = 0;
	}
}
#define AFTER_ROUND release_boot

static void open_core(void)
{
	/* The power supply configuration first (PWR_CR3, write-once after power-on). */
	int power = h7_power_init();
	int err;

	h7_board_clocks();
	err = h7_port_init(&port, H7_CORE_CM7);
	if (err)
		fatal("m: port init", err);
	boot_held = h7_boot_master_begin(&port.hsem, H7_SEM_BOOT) == AMP_OK;
	h7_trace_init();
	h7_systick_init();
	h7_console_init(&port.hsem, 1);
	h7_say("m: amplink ", "stm32h747 cm7 master");
	if (power)
		h7_say_i32("m: power supply not ready: ", power);
	err = h7_port_memory_init(&port);
	if (err < 0)
		fatal("m: mpu", err);
	/* docs/stm32h747.md, "Cache": why not write-through on every Cortex-M7. */
	h7_say("m: SRAM4 ", err ? "non-cacheable" : "write-through");
	boot_t0 = h7_millis();
}

#else /* H7_IMAGE_CM4 */
#define LINE_PREFIX "s: "
#define IMAGE_ROLE  FW_ROLE_SLAVE
#define AFTER_ROUND NULL

#define BOOT_SYNC_TIMEOUT_MS 1000u
#define BOOT_SYNC_MAX_POLLS  10000000u

/*
 * The rpmsg vdev, with the vrings where the master puts them in SRAM4
 * (include/amp/layout.h). The linker script keeps this section.
 */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table_trace fw_rsc_table =
    AMP_RSC_TABLE_TRACE_INIT(H7_SRAM4 + AMP_SHM_VRING0_OFF, H7_SRAM4 + AMP_SHM_VRING1_OFF,
			     AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN,
			     (uint32_t)(uintptr_t)fw_trace_text, FW_TRACE_SIZE);

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

static void open_core(void)
{
	int err;

	h7_board_clocks();
	err = h7_port_init(&port, H7_CORE_CM4);
	h7_trace_init();
	h7_systick_init();
	h7_console_init(&port.hsem, 0);
	if (err)
		fatal("s: init", err);
	boot_sync();
	h7_say("s: amplink ", "stm32h747 cm4 slave");
}
#endif

static void board_line(void *ctx, const char *text)
{
	struct h7_line l;

	(void)ctx;
	h7_line_start(&l, LINE_PREFIX);
	h7_line_str(&l, text);
	h7_line_send(&l);
}

static uint32_t board_now(void *ctx)
{
	(void)ctx;
	return h7_millis();
}

static void board_wait(void *ctx, uint32_t timeout_ms)
{
	(void)ctx;
	port.port.ops->wait(port.port.ctx, timeout_ms);
}

static const struct fw_board board = {
    .line = board_line,
    .now_ms = board_now,
    .ctx = NULL,
    .name = AMP_BOARD_NAME,
    .plan_addr = 0u, /* no test plan on hardware */
    .start_slave = NULL,
    .slave_running = NULL,
    .soft_reboot = NULL,
    .stop = NULL,
    .wait = board_wait,
    .after_round = AFTER_ROUND,
};

const struct fw_board *fw_board_open(enum fw_role role, struct amp_port *out)
{
	if (role != IMAGE_ROLE)
		fatal(LINE_PREFIX "image role", (int)role);
	open_core();
	h7_port_irq_enable(&port);
	*out = port.port;
	return &board;
}

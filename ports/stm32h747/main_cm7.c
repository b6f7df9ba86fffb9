/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-cm7.elf: the master on the Cortex-M7. It owns the console and the
 * shared SRAM4, holds the boot semaphore while it initialises the region,
 * and runs the firmware application's master (apps/firmware/fw.h: echo,
 * stream and OACS tests against the CM4), then keeps the channel up.
 */
#include "amp/amp.h"
#include "h7_app.h"
#include "h7_board.h"
#include "h7_boot.h"
#include "h7_cpu.h"
#include "h7_port.h"

#ifndef H7_ECHO_COUNT
#define H7_ECHO_COUNT 100u
#endif
#ifndef H7_STREAM_BYTES
#define H7_STREAM_BYTES 65536u
#endif
#define STALL_MS 3000u
/* Let the slave go even if the handshake stalls (no slave, say): it copes. */
#define BOOT_HOLD_MAX_MS 500u

static struct h7_port port;
static struct amp amp;
static struct fw_master fw;

static const struct fw_master_config fw_config = {
    .echo_messages = H7_ECHO_COUNT,
    .stream_bytes = H7_STREAM_BYTES,
    .stall_ms = STALL_MS,
};

static void fatal(const char *what, int err)
{
	struct h7_line l;

	h7_line_start(&l, "m: ");
	h7_line_str(&l, what);
	h7_line_str(&l, " failed: ");
	h7_line_i32(&l, err);
	h7_line_send(&l);
	for (;;)
		h7_wfi();
}

int main(void)
{
	/* The power supply configuration first (PWR_CR3, write-once after power-on). */
	int power = h7_power_init();
	int boot_held, err;
	uint32_t t0;

	h7_board_clocks();
	err = h7_port_init(&port, H7_CORE_CM7);
	if (err)
		fatal("port init", err);
	boot_held = h7_boot_master_begin(&port.hsem, H7_SEM_BOOT) == AMP_OK;
	h7_trace_init();
	h7_systick_init();
	h7_console_init(&port.hsem, 1);
	h7_say("m: amplink ", "stm32h747 cm7 master");
	if (power)
		h7_say_i32("m: power supply not ready: ", power);
	err = h7_port_memory_init();
	if (err)
		fatal("mpu", err);
	err = amp_init(&amp, AMP_ROLE_MASTER, &port.port);
	if (err)
		fatal("amp_init", err);
	fw_master_init(&fw, &amp, &h7_app_board, &fw_config);
	h7_port_irq_enable(&port);
	t0 = h7_millis();
	for (;;) {
		int work = amp_poll(&amp);

		if (boot_held &&
		    (amp.link.state >= AMP_LM_WAIT_NS || h7_millis() - t0 >= BOOT_HOLD_MAX_MS)) {
			h7_boot_master_done(&port.hsem, H7_SEM_BOOT);
			boot_held = 0;
		}
		/* Once the run is over (passed or failed), the channel stays up for a debugger. */
		work = (work > 0) | fw_master_step(&fw);
		if (!work)
			h7_port_idle(&port);
	}
}

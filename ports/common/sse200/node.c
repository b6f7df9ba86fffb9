/* SPDX-License-Identifier: BSD-3-Clause */
#include "node.h"

#include "amp/errors.h"
#include "amp/layout.h"
#include "board.h"
#include "clock.h"
#include "cpu.h"
#include "memmap.h"
#include "mhu.h"
#include "semihost.h"
#include "sse200.h"
#include "startup.h"
#include "wait.h"

#define DOORBELL_MHU SSE200_MHU0_BASE /* both directions: each CPU has its own status */
#define DOORBELL_IRQ SSE200_MHU0_IRQ
#define DOORBELL_CH  0u /* MHU channel (bit) of the amplink doorbell */

_Static_assert(AMP_SHM_LAYOUT_END <= BOARD_SHM_SIZE, "amplink layout fits the shared region");
_Static_assert(BOARD_SHM_SIZE <= AMP_CFG_SHM_SIZE, "shared region within AMP_CFG_SHM_SIZE");

/* A stuck transmitter costs a dropped character, never a hung core. */
#define CONSOLE_TX_SPIN 100000u

static struct sse200_mhu doorbell;
static uint32_t this_cpu;
static uint8_t console_open;

static void console_putc(char c)
{
	uint32_t spin = CONSOLE_TX_SPIN;

	while (board_console_tx_full() && spin)
		spin--;
	if (spin)
		board_console_tx((uint8_t)c);
}

void sse200_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

void sse200_put_u32(uint32_t v)
{
	char buf[11];
	uint32_t i = sizeof(buf) - 1u;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	sse200_puts(&buf[i]);
}

void sse200_put_hex(uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift;

	sse200_puts("0x");
	for (shift = 28; shift >= 0; shift -= 4)
		console_putc(digits[(v >> shift) & 0xFu]);
}

static void open_console(void)
{
	this_cpu = sse200_cpu_id();
	board_console_init(this_cpu & 1u);
	console_open = 1;
}

void sse200_stop(uint32_t code)
{
	cpu_irq_disable();
	cm_clock_stop();
	*cpu_reg(CPU_NVIC_ICER0) = 0xFFFFFFFFu;
	if (this_cpu == SSE200_CPU_MASTER)
		v8m_semihost_exit(code);
	/* The slave only stops: the master decides when the run ends. */
	for (;;)
		cpu_wfi();
}

void v8m_fatal(uint32_t exception)
{
	/* Also before sse200_board_init(): find out who we are and open the console. */
	if (!console_open)
		open_console();
	sse200_puts("fatal: exception ");
	sse200_put_u32(exception);
	sse200_puts(" cfsr ");
	sse200_put_hex(*cpu_reg(CPU_SCB_CFSR));
	sse200_puts("\n");
	sse200_stop(SSE200_EXIT_FAULT);
}

void sse200_mhu0_irq_handler(void)
{
	sse200_mhu_irq(&doorbell);
}

void sse200_board_init(uint32_t image_cpu)
{
	open_console();
	if (this_cpu != image_cpu) {
		sse200_puts("fatal: image for cpu");
		sse200_put_u32(image_cpu);
		sse200_puts(" runs on cpu");
		sse200_put_u32(this_cpu);
		sse200_puts("\n");
		sse200_stop(SSE200_EXIT_FAULT);
	}
	cm_clock_init(BOARD_SYSCLK_HZ);
	(void)sse200_mhu_init(&doorbell, (volatile void *)(uintptr_t)DOORBELL_MHU, this_cpu,
			      DOORBELL_CH);
	cpu_nvic_enable(DOORBELL_IRQ);
}

uint32_t sse200_now_ms(void)
{
	return cm_clock_now_ms();
}

void sse200_ring(void)
{
	sse200_mhu_ring(&doorbell);
}

int sse200_take(void)
{
	return sse200_mhu_take(&doorbell);
}

static int doorbell_pending(const void *ctx)
{
	return sse200_mhu_pending(ctx);
}

int sse200_wait(uint32_t timeout_ms)
{
	return v8m_wait(doorbell_pending, &doorbell, timeout_ms);
}

int sse200_start_slave(void)
{
	return sse200_release_cpu1(BOARD_CPU1_CODE_BASE, BOARD_CPU1_CODE_SIZE, BOARD_CPU1_RAM_BASE,
				   BOARD_CPU1_RAM_SIZE);
}

static void port_notify(void *ctx)
{
	(void)ctx;
	sse200_ring();
}

static int port_ipm_take(void *ctx)
{
	(void)ctx;
	return sse200_take();
}

static uint32_t port_now_ms(void *ctx)
{
	(void)ctx;
	return cm_clock_now_ms();
}

static void port_wait(void *ctx, uint32_t timeout_ms)
{
	(void)ctx;
	(void)sse200_wait(timeout_ms);
}

static void port_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	(void)ctx;
	sse200_puts(step);
	if (ept) {
		sse200_puts(" ept=");
		sse200_puts(ept);
		sse200_puts(" len=");
		sse200_put_u32(len);
	}
	sse200_puts("\n");
}

static const struct amp_port_ops port_ops = {
    .notify = port_notify,
    .ipm_take = port_ipm_take,
    .now_ms = port_now_ms,
    .cache_clean = NULL, /* no data cache in front of the shared SRAM */
    .cache_invalidate = NULL,
    .wait = port_wait,
    .trace = port_trace,
};

void sse200_port_init(struct amp_port *port)
{
	port->ops = &port_ops;
	port->ctx = NULL;
	port->shm = (volatile uint8_t *)(uintptr_t)BOARD_SHM_BASE;
	port->shm_size = BOARD_SHM_SIZE;
	port->shm_pa = BOARD_SHM_BASE;
}

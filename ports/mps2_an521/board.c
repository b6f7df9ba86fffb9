/* SPDX-License-Identifier: BSD-3-Clause */
#include "board.h"

#include "amp/errors.h"
#include "amp/layout.h"
#include "cpu.h"
#include "mhu.h"
#include "semihost.h"
#include "startup.h"
#include "uart.h"

#define CONSOLE_BAUD 115200u
#define DOORBELL_MHU MPS2_MHU0_BASE /* both directions: each CPU has its own status */
#define DOORBELL_IRQ MPS2_MHU0_IRQ
#define DOORBELL_CH  0u /* MHU channel (bit) of the amplink doorbell */

_Static_assert(AMP_SHM_LAYOUT_END <= MPS2_SHM_SIZE, "amplink layout fits the shared region");
_Static_assert(MPS2_SHM_SIZE <= AMP_CFG_SHM_SIZE, "shared region within AMP_CFG_SHM_SIZE");

static struct mps2_uart console;
static struct mps2_mhu doorbell;
static volatile uint32_t ticks_ms;
static uint32_t this_cpu;

uint32_t mps2_cpu_id(void)
{
	return *cpu_reg(MPS2_CPU_IDENTITY);
}

void mps2_puts(const char *s)
{
	mps2_uart_puts(&console, s);
}

void mps2_put_u32(uint32_t v)
{
	mps2_uart_put_u32(&console, v);
}

void mps2_put_hex(uint32_t v)
{
	mps2_uart_put_hex(&console, v);
}

static void stop_interrupts(void)
{
	cpu_irq_disable();
	*cpu_reg(CPU_SYST_CSR) = 0u;
	*cpu_reg(CPU_NVIC_ICER0) = 0xFFFFFFFFu;
}

void mps2_stop(uint32_t code)
{
	stop_interrupts();
	if (this_cpu == MPS2_CPU_MASTER)
		mps2_semihost_exit(code);
	/* The slave only stops: the master decides when the run ends. */
	for (;;)
		cpu_wfi();
}

void mps2_fatal(uint32_t exception)
{
	/* Also before mps2_board_init(): find out who we are and open the console. */
	this_cpu = mps2_cpu_id();
	if (!console.regs)
		mps2_uart_init(&console, MPS2_UART_BASE(this_cpu & 1u), MPS2_SYSCLK_HZ,
			       CONSOLE_BAUD);
	mps2_puts("fatal: exception ");
	mps2_put_u32(exception);
	mps2_puts(" cfsr ");
	mps2_put_hex(*cpu_reg(CPU_SCB_CFSR));
	mps2_puts("\n");
	mps2_stop(MPS2_EXIT_FAULT);
}

void mps2_systick_handler(void)
{
	ticks_ms++;
}

void mps2_mhu0_irq_handler(void)
{
	mps2_mhu_irq(&doorbell);
}

void mps2_board_init(uint32_t image_cpu)
{
	this_cpu = mps2_cpu_id();
	mps2_uart_init(&console, MPS2_UART_BASE(this_cpu & 1u), MPS2_SYSCLK_HZ, CONSOLE_BAUD);
	if (this_cpu != image_cpu) {
		mps2_puts("fatal: image for cpu");
		mps2_put_u32(image_cpu);
		mps2_puts(" runs on cpu");
		mps2_put_u32(this_cpu);
		mps2_puts("\n");
		mps2_stop(MPS2_EXIT_FAULT);
	}
	ticks_ms = 0u;
	*cpu_reg(CPU_SYST_RVR) = MPS2_SYSCLK_HZ / 1000u - 1u;
	*cpu_reg(CPU_SYST_CVR) = 0u;
	*cpu_reg(CPU_SYST_CSR) =
	    CPU_SYST_CSR_ENABLE | CPU_SYST_CSR_TICKINT | CPU_SYST_CSR_CLKSOURCE;
	(void)mps2_mhu_init(&doorbell, (volatile void *)(uintptr_t)DOORBELL_MHU, this_cpu,
			    DOORBELL_CH);
	cpu_nvic_enable(DOORBELL_IRQ);
}

uint32_t mps2_now_ms(void)
{
	return ticks_ms;
}

void mps2_ring(void)
{
	mps2_mhu_ring(&doorbell);
}

int mps2_take(void)
{
	return mps2_mhu_take(&doorbell);
}

int mps2_wait(uint32_t timeout_ms)
{
	uint32_t t0 = mps2_now_ms();

	for (;;) {
		int rang;

		cpu_irq_disable();
		rang = mps2_mhu_pending(&doorbell);
		if (rang || mps2_now_ms() - t0 >= timeout_ms) {
			cpu_irq_enable();
			return rang;
		}
		/* Wakes on any pending interrupt, also the SysTick tick, even with PRIMASK set. */
		cpu_wfi();
		cpu_irq_enable();
	}
}

static int in_window(uint32_t addr, uint32_t base, uint32_t size)
{
	return addr >= base && addr - base < size;
}

int mps2_release_cpu1(void)
{
	const volatile uint32_t *vt = (const volatile uint32_t *)(uintptr_t)MPS2_CPU1_CODE_BASE;
	uint32_t sp = vt[0];
	uint32_t pc = vt[1];

	/* Initial SP: 8-byte aligned, inside (or at the end of) CPU1's RAM. */
	if ((sp & 7u) || !in_window(sp - 1u, MPS2_CPU1_RAM_BASE, MPS2_CPU1_RAM_SIZE))
		return AMP_ENOENT;
	/* Reset vector: a Thumb address inside CPU1's code window. */
	if (!(pc & 1u) || !in_window(pc, MPS2_CPU1_CODE_BASE, MPS2_CPU1_CODE_SIZE))
		return AMP_ENOENT;
	*cpu_reg(MPS2_SYSCTL_INITSVTOR1) = MPS2_CPU1_CODE_BASE;
	cpu_dsb();
	*cpu_reg(MPS2_SYSCTL_CPUWAIT) &= ~MPS2_CPUWAIT_CPU1;
	return AMP_OK;
}

int mps2_cpu1_running(void)
{
	return (*cpu_reg(MPS2_SYSCTL_CPUWAIT) & MPS2_CPUWAIT_CPU1) == 0u;
}

static void port_notify(void *ctx)
{
	(void)ctx;
	mps2_ring();
}

static int port_ipm_take(void *ctx)
{
	(void)ctx;
	return mps2_take();
}

static uint32_t port_now_ms(void *ctx)
{
	(void)ctx;
	return mps2_now_ms();
}

static void port_wait(void *ctx, uint32_t timeout_ms)
{
	(void)ctx;
	(void)mps2_wait(timeout_ms);
}

static void port_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	(void)ctx;
	mps2_puts(step);
	if (ept) {
		mps2_puts(" ept=");
		mps2_puts(ept);
		mps2_puts(" len=");
		mps2_put_u32(len);
	}
	mps2_puts("\n");
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

void mps2_port_init(struct amp_port *port)
{
	port->ops = &port_ops;
	port->ctx = NULL;
	port->shm = (volatile uint8_t *)(uintptr_t)MPS2_SHM_BASE;
	port->shm_size = MPS2_SHM_SIZE;
	port->shm_pa = MPS2_SHM_BASE;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* struct amp_port for the STM32H747 cores (see h7_port.h). */
#include "h7_port.h"

#include "amp/errors.h"
#include "h7_board.h"
#include "h7_cache.h"
#include "cm_cpu.h"
#include "h7_io.h"
#include "h7_mpu.h"
#include "h7_regs.h"

static struct h7_port *active;

static void op_notify(void *ctx)
{
	struct h7_port *p = ctx;

	(void)h7_hsem_notify(&p->hsem);
}

static int op_ipm_take(void *ctx)
{
	struct h7_port *p = ctx;

	return h7_hsem_take(&p->hsem);
}

static uint32_t op_now_ms(void *ctx)
{
	(void)ctx;
	return h7_millis();
}

#if defined(H7_IMAGE_CM7) && !defined(H7_SHM_NONCACHEABLE)
static void op_cache_clean(void *ctx, const volatile void *addr, size_t len)
{
	(void)ctx;
	h7_dcache_clean((uintptr_t)addr, len);
}

static void op_cache_invalidate(void *ctx, const volatile void *addr, size_t len)
{
	(void)ctx;
	h7_dcache_invalidate((uintptr_t)addr, len);
}
#define OP_CACHE_CLEAN	    op_cache_clean
#define OP_CACHE_INVALIDATE op_cache_invalidate
#else
/* CM4: no data cache. CM7 with SRAM4 non-cacheable: nothing to maintain. */
#define OP_CACHE_CLEAN	    NULL
#define OP_CACHE_INVALIDATE NULL
#endif

static void op_wait(void *ctx, uint32_t timeout_ms)
{
	struct h7_port *p = ctx;
	uint32_t t0 = h7_millis();

	while (!h7_hsem_pending(&p->hsem) && h7_millis() - t0 < timeout_ms)
		h7_port_idle(p);
}

static void op_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	(void)ctx;
	h7_trace_step(step, ept, len);
}

static const struct amp_port_ops h7_ops = {
    .notify = op_notify,
    .ipm_take = op_ipm_take,
    .now_ms = op_now_ms,
    .cache_clean = OP_CACHE_CLEAN,
    .cache_invalidate = OP_CACHE_INVALIDATE,
    .wait = op_wait,
    .trace = op_trace,
};

#ifdef H7_IMAGE_CM7
/* The CM7 with SRAM4 non-cacheable (h7_port_memory_init()): nothing to maintain. */
static const struct amp_port_ops h7_ops_uncached = {
    .notify = op_notify,
    .ipm_take = op_ipm_take,
    .now_ms = op_now_ms,
    .cache_clean = NULL,
    .cache_invalidate = NULL,
    .wait = op_wait,
    .trace = op_trace,
};
#endif

int h7_port_init(struct h7_port *p, enum h7_core core)
{
	int err;

	if (!p)
		return AMP_EINVAL;
	p->core = core;
	if (core == H7_CORE_CM7)
		err = h7_hsem_init(&p->hsem, H7_HSEM_BASE, core, H7_SEM_KICK_M2S, H7_SEM_KICK_S2M);
	else
		err = h7_hsem_init(&p->hsem, H7_HSEM_BASE, core, H7_SEM_KICK_S2M, H7_SEM_KICK_M2S);
	if (err)
		return err;
	/* A reset between take and release would leave a semaphore locked under our ID. */
	h7_hsem_release_all(&p->hsem);
	p->port = (struct amp_port){
	    .ops = &h7_ops,
	    .ctx = p,
	    .shm = __amp_shm_start,
	    .shm_size = (uint32_t)((uintptr_t)__amp_shm_end - (uintptr_t)__amp_shm_start),
	    .shm_pa = (uint32_t)(uintptr_t)__amp_shm_start,
	};
	active = p;
	return AMP_OK;
}

void h7_hsem_isr(void)
{
	if (active)
		h7_hsem_irq(&active->hsem);
}

void h7_port_irq_enable(struct h7_port *p)
{
	uint32_t irq = p->core == H7_CORE_CM7 ? H7_IRQ_HSEM1 : H7_IRQ_HSEM2;

	h7_wr(H7_NVIC_ICPR(irq / 32u), H7_BIT(irq % 32u));
	h7_wr(H7_NVIC_ISER(irq / 32u), H7_BIT(irq % 32u));
}

void h7_port_idle(struct h7_port *p)
{
	/*
	 * Check and sleep with interrupts masked: a doorbell that arrives after
	 * the check still ends the WFI (a pending interrupt wakes the core even
	 * with PRIMASK set) and is handled right after the unmask.
	 */
	cpu_irq_disable();
	if (!h7_hsem_pending(&p->hsem)) {
		h7_dsb(); /* outstanding writes complete before the core sleeps */
		cpu_wfi();
	}
	cpu_irq_enable();
}

#ifdef H7_IMAGE_CM7
int h7_port_memory_init(struct h7_port *p)
{
#ifdef H7_SHM_NONCACHEABLE
	const int force_nc = 1;
#else
	const int force_nc = 0;
#endif
	int nc = h7_mpu_shm_setup((uint32_t)(uintptr_t)__amp_shm_start, H7_SRAM4_SIZE, force_nc);

	if (nc < 0)
		return nc;
	if (nc)
		p->port.ops = &h7_ops_uncached;
	h7_icache_enable();
	h7_dcache_enable();
	return nc;
}
#endif

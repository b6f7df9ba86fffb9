/* SPDX-License-Identifier: BSD-3-Clause */
/* Sleeping on a doorbell with a timeout, without losing a wake-up (firmware only). */
#ifndef V8M_WAIT_H
#define V8M_WAIT_H

#include <stdint.h>

#include "clock.h"
#include "cpu.h"

/*
 * Sleep until pending(ctx) is nonzero or timeout_ms has passed; returns the
 * last pending(ctx). The check and WFI run with PRIMASK set, so an interrupt
 * arriving between them still wakes WFI (also the SysTick tick), and is
 * taken when PRIMASK clears.
 */
static inline int v8m_wait(int (*pending)(const void *ctx), const void *ctx, uint32_t timeout_ms)
{
	uint32_t t0 = cm_clock_now_ms();

	for (;;) {
		int rang;

		cpu_irq_disable();
		rang = pending(ctx);
		if (rang || cm_clock_now_ms() - t0 >= timeout_ms) {
			cpu_irq_enable();
			return rang;
		}
		cpu_wfi();
		cpu_irq_enable();
	}
}

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Cortex-M instructions the firmware needs, the same on Armv7-M and
 * Armv8-M (firmware only, not used on the host).
 */
#ifndef CM_CPU_H
#define CM_CPU_H

#include <stdint.h>

static inline void cpu_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

static inline void cpu_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

/*
 * Sleep until an interrupt is pending, also one masked by PRIMASK (it wakes
 * the core, and is taken once PRIMASK clears).
 */
static inline void cpu_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* Exception number being handled; 0 in thread mode. */
static inline uint32_t cpu_ipsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* The handful of Cortex-M instructions the firmware needs (not used on the host). */
#ifndef H7_CPU_H
#define H7_CPU_H

#include <stdint.h>

static inline void h7_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

static inline void h7_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

/* Sleep until an interrupt is pending; with PRIMASK set it wakes but is not taken yet. */
static inline void h7_wfi(void)
{
	__asm__ volatile("dsb 0xf\n\twfi" ::: "memory");
}

static inline uint32_t h7_ipsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register access for the STM32H747 port. Every driver in this port touches
 * hardware only through h7_rd()/h7_wr() and the barrier helpers, so the host
 * tests can build the same driver sources with -DH7_IO_MODEL and provide
 * these functions themselves (a register model with the peripheral's
 * read/write side effects, plus a log of every access).
 */
#ifndef H7_IO_H
#define H7_IO_H

#include <stdint.h>

#ifdef H7_IO_MODEL

uint32_t h7_rd(uintptr_t addr);
void h7_wr(uintptr_t addr, uint32_t val);
void h7_dsb(void);
void h7_isb(void);
void h7_dmb(void);

#else

static inline uint32_t h7_rd(uintptr_t addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void h7_wr(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static inline void h7_dsb(void)
{
	__asm__ volatile("dsb 0xf" ::: "memory");
}

static inline void h7_isb(void)
{
	__asm__ volatile("isb 0xf" ::: "memory");
}

static inline void h7_dmb(void)
{
	__asm__ volatile("dmb 0xf" ::: "memory");
}

#endif

#endif

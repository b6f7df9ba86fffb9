/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A millisecond clock from SysTick on the processor clock, for any Cortex-M
 * core (Armv7-M, Armv8-M mainline). It runs by itself: every reader counts
 * the periods SysTick reports through COUNTFLAG, so the clock also advances
 * with interrupts masked or inside a handler, where the SysTick interrupt
 * cannot run. The interrupt only keeps it going while nobody reads it.
 *
 * Build with CM_IO_MODEL defined to supply cm_io_rd()/cm_io_wr() yourself
 * (tests/test_cm_clock.c runs it against a SysTick model).
 */
#ifndef CM_CLOCK_H
#define CM_CLOCK_H

#include <stdint.h>

#define CM_SYST_CSR	      0xE000E010u
#define CM_SYST_CSR_COUNTFLAG (1u << 16)

#ifdef CM_IO_MODEL
uint32_t cm_io_rd(uint32_t addr);
void cm_io_wr(uint32_t addr, uint32_t val);
#else
static inline uint32_t cm_io_rd(uint32_t addr)
{
	return *(const volatile uint32_t *)(uintptr_t)addr;
}

static inline void cm_io_wr(uint32_t addr, uint32_t val)
{
	*(volatile uint32_t *)(uintptr_t)addr = val;
}
#endif

/* Start SysTick at 1 kHz from a processor clock of cpu_hz; the count restarts at 0. */
void cm_clock_init(uint32_t cpu_hz);
/* The SysTick exception handler (the port's vector table points at it). */
void cm_clock_systick_isr(void);
/* Stop SysTick and its interrupt. */
void cm_clock_stop(void);

/* Periods counted so far: read it through cm_clock_now_ms(). */
extern volatile uint32_t cm_clock_ticks_ms;

/*
 * Count the period SysTick reports, if it reports one. Reading CSR clears
 * COUNTFLAG, so of all the readers (the interrupt handler, any caller of
 * cm_clock_now_ms()) exactly one sees each wrap and counts it. The count is
 * an atomic add (LDREX/STREX): a reader in thread mode and the handler may
 * both count, one period each, at the same time.
 */
static inline void cm_clock_count_period(void)
{
	if (cm_io_rd(CM_SYST_CSR) & CM_SYST_CSR_COUNTFLAG)
		(void)__atomic_fetch_add(&cm_clock_ticks_ms, 1u, __ATOMIC_RELAXED);
}

/*
 * Milliseconds since cm_clock_init(), wrapping at 2^32. Counts every period
 * that ended since the last reader (reader or interrupt) saw one, so a
 * caller that polls at least once a millisecond sees real time even with
 * interrupts masked; a longer gap without any reader loses whole periods.
 * Inline: the link layer reads the clock on every poll.
 */
static inline uint32_t cm_clock_now_ms(void)
{
	cm_clock_count_period();
	return cm_clock_ticks_ms;
}

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* A millisecond clock from SysTick on the processor clock (firmware only). */
#ifndef V8M_CLOCK_H
#define V8M_CLOCK_H

#include <stdint.h>

/* Start SysTick at 1 kHz from a processor clock of cpu_hz; the count restarts at 0. */
void v8m_clock_init(uint32_t cpu_hz);
/* SysTick interrupts since v8m_clock_init() (read it through v8m_now_ms()). */
extern volatile uint32_t v8m_ticks_ms;

/* Milliseconds since v8m_clock_init(), wrapping at 2^32. */
static inline uint32_t v8m_now_ms(void)
{
	return v8m_ticks_ms;
}
/* Stop SysTick and its interrupt. */
void v8m_clock_stop(void);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board support for the STM32H747I-DISCO, shared by the CM7 and CM4 images:
 * peripheral clocks, the power supply, the millisecond tick, the console on
 * USART1 (shared by both cores under an HSEM lock) and the trace ring.
 *
 * Clocks are left at their reset values: both cores and the buses run from
 * HSI at 64 MHz, which is also USART1's kernel clock (rcc_pclk2).
 */
#ifndef H7_BOARD_H
#define H7_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "h7_hsem.h"

#ifndef H7_CPU_HZ
#define H7_CPU_HZ 64000000u
#endif
#ifndef H7_CONSOLE_BAUD
#define H7_CONSOLE_BAUD 115200u
#endif
#ifndef H7_TRACE_SIZE
#define H7_TRACE_SIZE 4096u /* bytes, power of two */
#endif

/* HSEM semaphores this port uses. */
#define H7_SEM_BOOT	0u /* held by the CM7 while it initialises the shared region */
#define H7_SEM_CONSOLE	1u /* one core at a time on USART1 */
#define H7_SEM_KICK_M2S 2u /* doorbell CM7 -> CM4 */
#define H7_SEM_KICK_S2M 3u /* doorbell CM4 -> CM7 */

/* Enable the clocks this core needs (HSEM, GPIOA, USART1) in its own RCC view. */
void h7_board_clocks(void);

/*
 * CM7 only: write the power supply configuration (RM0399 section 7.4, PWR_CR3,
 * written once after power-on) and wait, bounded, for ACTVOSRDY. Returns 0 or
 * AMP_ETIMEDOUT.
 */
int h7_power_init(void);

/*
 * This core's reset flags (RCC_RSR, this core's copy), read and cleared on
 * the first call, the same value on every later one.
 */
uint32_t h7_reset_flags(void);
/* Was that a reset of the whole system (h7_reset_is_system(), h7_boot.h)? */
int h7_system_reset(void);

/* SysTick at 1 kHz (ports/common/cortex_m/clock.c: runs also with interrupts masked). */
void h7_systick_init(void);
uint32_t h7_millis(void);

/*
 * The console. The CM7 (owner) configures PA9/PA10 and USART1 at 115200 8N1;
 * the CM4 only writes, and only once USART1 is enabled. Every line goes out
 * whole under the console semaphore, and into the trace ring.
 */
void h7_console_init(const struct h7_hsem *hsem, int owner);

struct h7_line {
	uint32_t len;
	char buf[124];
};

void h7_line_start(struct h7_line *l, const char *s);
void h7_line_str(struct h7_line *l, const char *s);
void h7_line_u32(struct h7_line *l, uint32_t v);
void h7_line_i32(struct h7_line *l, int32_t v);
void h7_line_hex(struct h7_line *l, uint32_t v);
void h7_line_send(struct h7_line *l);
/* Convenience: one line made of two strings, or of a string and a number. */
void h7_say(const char *a, const char *b);
void h7_say_i32(const char *a, int32_t v);

/*
 * The trace ring, in RAM that startup code does not clear, so that a
 * debugger can read it, even after a reset of its core. Text lines, oldest
 * overwritten: the last bytes written end at buf.text[(head - 1) % size].
 */
struct h7_trace_ring {
	uint32_t magic; /* H7_TRACE_MAGIC: the fields below are meaningful */
	uint32_t size;	/* H7_TRACE_SIZE */
	uint32_t head;	/* bytes ever written (wraps at 2^32) */
	uint32_t boots; /* resets this ring survived */
	union {
		char text[H7_TRACE_SIZE];
		uint32_t words[H7_TRACE_SIZE / 4u]; /* for whole-word initialisation */
	} buf;
};

#define H7_TRACE_MAGIC 0x45434154u /* "TACE" */

extern struct h7_trace_ring h7_trace;

void h7_trace_init(void);
void h7_trace_write(const char *s, size_t n);
/* The port's trace hook: "step[ len]\n". */
void h7_trace_step(const char *step, const char *ept, uint32_t len);

#endif

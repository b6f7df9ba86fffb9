/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Vector table, reset path and soft reboot of one Armv8-M core (firmware
 * only). The table is split in two objects the linker script puts one after
 * the other: the architecture's part here (initial SP and exceptions 1..15,
 * section .vectors), the subsystem's interrupt lines after it (section
 * .vectors.irq, e.g. ports/common/sse200/vectors.c).
 */
#ifndef V8M_STARTUP_H
#define V8M_STARTUP_H

#include <stdint.h>

typedef void (*v8m_handler)(void);

struct v8m_vectors {
	const uint32_t *initial_sp;
	v8m_handler exc[15]; /* exc[i] is exception i + 1 */
};

_Static_assert(sizeof(struct v8m_vectors) == 4u * 16u, "vector table: 16 architectural words");

extern const struct v8m_vectors v8m_vectors;

/* Provided by the image. */
int main(void);

/* What an unused vector runs: v8m_fatal() with the exception number. */
void v8m_default_handler(void);
/* The board's report of an unexpected exception (its number; 0: main returned). */
__attribute__((noreturn)) void v8m_fatal(uint32_t exception);

/*
 * Reboot this core only: stop its interrupts and SysTick, then jump to its
 * own reset handler on a fresh stack, which re-initialises .data and .bss
 * (.noinit keeps its contents). The other core and all devices are not
 * touched. Call from thread mode; returns AMP_EPERM from an exception handler.
 */
int v8m_soft_reboot(void);

#endif

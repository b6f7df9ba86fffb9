/* SPDX-License-Identifier: BSD-3-Clause */
/* Vector table, reset path and soft reboot of one core (firmware only). */
#ifndef MPS2_STARTUP_H
#define MPS2_STARTUP_H

#include <stdint.h>

#include "mps2_an521.h"

typedef void (*mps2_handler)(void);

/* The Armv8-M vector table: initial SP, then exceptions 1..15, then the IRQs. */
struct mps2_vectors {
	const uint32_t *initial_sp;
	mps2_handler exc[15];
	mps2_handler irq[MPS2_NUM_IRQ];
};

_Static_assert(sizeof(struct mps2_vectors) == 4u * (16u + MPS2_NUM_IRQ), "vector table layout");

extern const struct mps2_vectors mps2_vectors;

/* Provided by the image (bring-up or amplink application). */
int main(void);

/* Handlers the board or the application may provide (default: fatal). */
void mps2_systick_handler(void);
void mps2_mhu0_irq_handler(void);
void mps2_mhu1_irq_handler(void);
/* The board's report of an unexpected exception (its number; 0: main returned). */
__attribute__((noreturn)) void mps2_fatal(uint32_t exception);

/*
 * Reboot this core only: stop its interrupts and SysTick, then jump to its
 * own reset handler on a fresh stack, which re-initialises .data and .bss
 * (.noinit keeps its contents). The other core and all devices are not
 * touched. Call from thread mode; returns AMP_EPERM from an exception handler.
 */
int mps2_soft_reboot(void);

#endif

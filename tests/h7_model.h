/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host register model for the STM32H747 port's drivers (built with
 * -DH7_IO_MODEL, see ports/stm32h747/h7_io.h).
 *
 * The HSEM block is a RAM struct laid out like the hardware; its address is
 * the base the tests hand to the driver. Accesses to it get the HSEM side
 * effects of RM0399 chapter 11: 1-step read lock through RLR, 2-step write
 * lock through R with read back, unlock only by the owner (COREID and
 * PROCID), a release sets the semaphore's status bit on both interrupt
 * lines, MISR = ISR & IER, ICR clears, CR clears by COREID with the KEYR
 * key. Which core makes an access is h7m.core (a COREID: 3 = CM7, 1 = CM4).
 *
 * Every other address is a plain register file (reads return the last value
 * written or preset). Every access and barrier is logged in order.
 */
#ifndef H7_MODEL_H
#define H7_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct h7_model_hsem {
	uint32_t r[32];	  /* 0x000: semaphore state */
	uint32_t rlr[32]; /* 0x080: read-lock view of the same state (not stored) */
	uint32_t c1[4];	  /* 0x100: C1IER, C1ICR, C1ISR, C1MISR */
	uint32_t c2[4];	  /* 0x110: C2IER, C2ICR, C2ISR, C2MISR */
	uint32_t res[8];
	uint32_t cr;   /* 0x140 */
	uint32_t keyr; /* 0x144 */
};

enum h7_model_kind {
	H7M_READ = 'R',
	H7M_WRITE = 'W',
	H7M_DSB = 'D',
	H7M_ISB = 'I',
	H7M_DMB = 'M',
};

struct h7_model_access {
	char kind;
	uint32_t core;
	uintptr_t addr;
	uint32_t val; /* value written, or value returned by a read */
};

#define H7_MODEL_LOG_MAX  8192u
#define H7_MODEL_REGS_MAX 64u

struct h7_model {
	uint32_t core;
	struct h7_model_hsem hsem;
	struct {
		uintptr_t addr;
		uint32_t val;
	} regs[H7_MODEL_REGS_MAX];
	uint32_t nregs;
	struct h7_model_access log[H7_MODEL_LOG_MAX];
	uint32_t nlog;
	uint32_t lost; /* accesses that did not fit in the log */
};

extern struct h7_model h7m;

void h7_model_reset(void);
uintptr_t h7_model_hsem_base(void);
/* Interrupt line n (1: Cortex-M7, 2: Cortex-M4) asserted? */
int h7_model_irq_line(unsigned n);
void h7_model_preset(uintptr_t addr, uint32_t val);
/* Last value written to (or preset at) a plain register, 0 if never touched. */
uint32_t h7_model_reg(uintptr_t addr);
/* Accesses of a kind (to addr, or to any address if addr is 0) logged so far. */
uint32_t h7_model_count(char kind, uintptr_t addr);
void h7_model_clear_log(void);

#endif

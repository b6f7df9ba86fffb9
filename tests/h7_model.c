/* SPDX-License-Identifier: BSD-3-Clause */
/* Host register model for the STM32H747 port (see h7_model.h). */
#include "h7_model.h"

#include <stddef.h>
#include <string.h>

#include "h7_io.h"
#include "h7_regs.h"

_Static_assert(offsetof(struct h7_model_hsem, rlr) == H7_HSEM_RLR(0), "model: RLR at 0x80");
_Static_assert(offsetof(struct h7_model_hsem, c1) == H7_HSEM_C1IER, "model: C1 block at 0x100");
_Static_assert(offsetof(struct h7_model_hsem, c2) == H7_HSEM_C2IER, "model: C2 block at 0x110");
_Static_assert(offsetof(struct h7_model_hsem, cr) == H7_HSEM_CR, "model: CR at 0x140");
_Static_assert(offsetof(struct h7_model_hsem, keyr) == H7_HSEM_KEYR, "model: KEYR at 0x144");

#define LOCK	   H7_HSEM_LOCK
#define OWNER_MASK (H7_HSEM_COREID_MASK | H7_HSEM_PROCID_MASK)
#define IER	   0u
#define ISR	   2u

struct h7_model h7m;

void h7_model_reset(void)
{
	memset(&h7m, 0, sizeof(h7m));
	h7m.core = H7_HSEM_COREID_CM7;
}

uintptr_t h7_model_hsem_base(void)
{
	return (uintptr_t)&h7m.hsem;
}

static void log_access(char kind, uintptr_t addr, uint32_t val)
{
	if (h7m.nlog >= H7_MODEL_LOG_MAX) {
		h7m.lost++;
		return;
	}
	h7m.log[h7m.nlog++] = (struct h7_model_access){kind, h7m.core, addr, val};
}

void h7_model_clear_log(void)
{
	h7m.nlog = 0;
	h7m.lost = 0;
}

uint32_t h7_model_count(char kind, uintptr_t addr)
{
	uint32_t i, n = 0;

	for (i = 0; i < h7m.nlog; i++)
		if (h7m.log[i].kind == kind && (!addr || h7m.log[i].addr == addr))
			n++;
	return n;
}

int h7_model_irq_line(unsigned n)
{
	const uint32_t *c = n == 1u ? h7m.hsem.c1 : h7m.hsem.c2;

	return (c[ISR] & c[IER]) != 0u;
}

static uint32_t *plain_reg(uintptr_t addr, int create)
{
	uint32_t i;

	for (i = 0; i < h7m.nregs; i++)
		if (h7m.regs[i].addr == addr)
			return &h7m.regs[i].val;
	if (!create || h7m.nregs >= H7_MODEL_REGS_MAX)
		return NULL;
	h7m.regs[h7m.nregs].addr = addr;
	h7m.regs[h7m.nregs].val = 0;
	return &h7m.regs[h7m.nregs++].val;
}

void h7_model_preset(uintptr_t addr, uint32_t val)
{
	uint32_t *r = plain_reg(addr, 1);

	if (r)
		*r = val;
}

uint32_t h7_model_reg(uintptr_t addr)
{
	const uint32_t *r = plain_reg(addr, 0);

	return r ? *r : 0u;
}

static int in_hsem(uintptr_t addr)
{
	uintptr_t base = h7_model_hsem_base();

	return addr >= base && addr < base + sizeof(h7m.hsem);
}

/* A semaphore became free: its status bit rises on both interrupt lines. */
static void released(uint32_t n)
{
	h7m.hsem.r[n] = 0;
	h7m.hsem.c1[ISR] |= 1u << n;
	h7m.hsem.c2[ISR] |= 1u << n;
}

static uint32_t *line_block(uint32_t off)
{
	return off < H7_HSEM_C2IER ? h7m.hsem.c1 : h7m.hsem.c2;
}

static uint32_t hsem_read(uint32_t off)
{
	if (off < H7_HSEM_RLR(0))
		return h7m.hsem.r[off / 4u];
	if (off < H7_HSEM_C1IER) {
		uint32_t n = (off - H7_HSEM_RLR(0)) / 4u;

		/* 1-step lock: a free semaphore is locked for the reader, PROCID 0. */
		if (!(h7m.hsem.r[n] & LOCK))
			h7m.hsem.r[n] = LOCK | (h7m.core << H7_HSEM_COREID_SHIFT);
		return h7m.hsem.r[n];
	}
	if (off < H7_HSEM_CR) {
		uint32_t *c = line_block(off);

		switch ((off & 0xFu) / 4u) {
		case 0:
			return c[IER];
		case 2:
			return c[ISR];
		case 3:
			return c[ISR] & c[IER];
		default:
			return 0; /* ICR reads as zero */
		}
	}
	return off == H7_HSEM_KEYR ? h7m.hsem.keyr : 0u;
}

static void hsem_write_sem(uint32_t n, uint32_t val)
{
	uint32_t coreid = (val & H7_HSEM_COREID_MASK) >> H7_HSEM_COREID_SHIFT;
	uint32_t cur = h7m.hsem.r[n];

	if (val & LOCK) {
		/* 2-step lock: only a free semaphore, only with the writer's own COREID. */
		if (!(cur & LOCK) && coreid == h7m.core)
			h7m.hsem.r[n] = LOCK | (val & OWNER_MASK);
		return;
	}
	/* Unlock: only the owner, COREID and PROCID both matching. */
	if ((cur & LOCK) && coreid == h7m.core && (cur & OWNER_MASK) == (val & OWNER_MASK))
		released(n);
}

static void hsem_write(uint32_t off, uint32_t val)
{
	uint32_t n;

	if (off < H7_HSEM_RLR(0)) {
		hsem_write_sem(off / 4u, val);
	} else if (off >= H7_HSEM_C1IER && off < H7_HSEM_CR) {
		uint32_t *c = line_block(off);
		uint32_t reg = (off & 0xFu) / 4u;

		if (reg == 0u)
			c[IER] = val;
		else if (reg == 1u)
			c[ISR] &= ~val;
	} else if (off == H7_HSEM_KEYR) {
		h7m.hsem.keyr = val & 0xFFFF0000u;
	} else if (off == H7_HSEM_CR && (val & 0xFFFF0000u) == h7m.hsem.keyr) {
		uint32_t coreid = (val & H7_HSEM_COREID_MASK) >> H7_HSEM_COREID_SHIFT;

		for (n = 0; n < 32u; n++)
			if ((h7m.hsem.r[n] & LOCK) && ((h7m.hsem.r[n] & H7_HSEM_COREID_MASK) >>
						       H7_HSEM_COREID_SHIFT) == coreid)
				released(n);
	}
}

uint32_t h7_rd(uintptr_t addr)
{
	uint32_t v;

	if (in_hsem(addr)) {
		v = hsem_read((uint32_t)(addr - h7_model_hsem_base()));
	} else {
		const uint32_t *r = plain_reg(addr, 0);

		v = r ? *r : 0u;
	}
	log_access(H7M_READ, addr, v);
	return v;
}

void h7_wr(uintptr_t addr, uint32_t val)
{
	log_access(H7M_WRITE, addr, val);
	if (in_hsem(addr)) {
		hsem_write((uint32_t)(addr - h7_model_hsem_base()), val);
	} else {
		uint32_t *r = plain_reg(addr, 1);

		if (r)
			*r = val;
	}
}

void h7_dsb(void)
{
	log_access(H7M_DSB, 0, 0);
}

void h7_isb(void)
{
	log_access(H7M_ISB, 0, 0);
}

void h7_dmb(void)
{
	log_access(H7M_DMB, 0, 0);
}

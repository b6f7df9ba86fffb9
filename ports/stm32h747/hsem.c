/* SPDX-License-Identifier: BSD-3-Clause */
/* HSEM inter-processor mailbox driver (RM0399 chapter 11). */
#include "h7_hsem.h"

#include <stddef.h>

#include "amp/errors.h"
#include "h7_io.h"
#include "h7_regs.h"

static uint32_t reg(const struct h7_hsem *h, uint32_t off)
{
	return h7_rd(h->base + off);
}

static void set_reg(const struct h7_hsem *h, uint32_t off, uint32_t val)
{
	h7_wr(h->base + off, val);
}

static uint32_t owner_word(const struct h7_hsem *h, uint32_t procid)
{
	return (h->coreid << H7_HSEM_COREID_SHIFT) | (procid & H7_HSEM_PROCID_MASK);
}

int h7_hsem_init(struct h7_hsem *h, uintptr_t base, enum h7_core self, uint32_t tx_sem,
		 uint32_t rx_sem)
{
	if (!h || !base || tx_sem >= H7_HSEM_COUNT || rx_sem >= H7_HSEM_COUNT || tx_sem == rx_sem ||
	    (self != H7_CORE_CM7 && self != H7_CORE_CM4))
		return AMP_EINVAL;
	h->base = base;
	h->coreid = self == H7_CORE_CM7 ? H7_HSEM_COREID_CM7 : H7_HSEM_COREID_CM4;
	h->line = self == H7_CORE_CM7 ? H7_HSEM_C1IER : H7_HSEM_C2IER;
	h->tx_sem = tx_sem;
	h->rx_mask = H7_BIT(rx_sem);
	atomic_store_explicit(&h->pending, 0u, memory_order_relaxed);
	h->stats = (struct h7_hsem_stats){0};
	/* Our line only: the peer's IER is the peer's business. */
	set_reg(h, h->line + H7_HSEM_IER, h->rx_mask);
	return AMP_OK;
}

int h7_hsem_lock(const struct h7_hsem *h, uint32_t sem, uint32_t procid)
{
	uint32_t mine = H7_HSEM_LOCK | owner_word(h, procid);

	if (sem >= H7_HSEM_COUNT)
		return AMP_EINVAL;
	/*
	 * 1-step: reading RLR locks a free semaphore for our COREID with PROCID 0
	 * and returns the owner either way. 2-step: write the owner, read back.
	 */
	if (procid == 0u)
		return reg(h, H7_HSEM_RLR(sem)) == mine ? AMP_OK : AMP_EBUSY;
	set_reg(h, H7_HSEM_R(sem), mine);
	return reg(h, H7_HSEM_R(sem)) == mine ? AMP_OK : AMP_EBUSY;
}

void h7_hsem_unlock(const struct h7_hsem *h, uint32_t sem, uint32_t procid)
{
	/* LOCK = 0 with our COREID and PROCID: ignored by HSEM unless we own it. */
	if (sem < H7_HSEM_COUNT)
		set_reg(h, H7_HSEM_R(sem), owner_word(h, procid));
}

uint32_t h7_hsem_state(const struct h7_hsem *h, uint32_t sem)
{
	return sem < H7_HSEM_COUNT ? reg(h, H7_HSEM_R(sem)) : 0u;
}

int h7_hsem_released(const struct h7_hsem *h, uint32_t sem)
{
	return sem < H7_HSEM_COUNT && (reg(h, h->line + H7_HSEM_ISR) & H7_BIT(sem)) != 0u;
}

void h7_hsem_clear_released(const struct h7_hsem *h, uint32_t sem)
{
	if (sem < H7_HSEM_COUNT)
		set_reg(h, h->line + H7_HSEM_ICR, H7_BIT(sem));
}

void h7_hsem_release_all(const struct h7_hsem *h)
{
	uint32_t key = reg(h, H7_HSEM_KEYR) & (0xFFFFu << H7_HSEM_KEY_SHIFT);

	set_reg(h, H7_HSEM_CR, key | (h->coreid << H7_HSEM_COREID_SHIFT));
}

int h7_hsem_notify(struct h7_hsem *h)
{
	/*
	 * The peer must see our shared-memory writes before the doorbell: they
	 * go to SRAM4 and the doorbell to HSEM, two different slaves, so only a
	 * DSB (not a DMB) guarantees the writes completed first.
	 */
	h7_dsb();
	if (h7_hsem_lock(h, h->tx_sem, 0u) != AMP_OK) {
		h->stats.kick_busy++;
		return AMP_EBUSY;
	}
	h7_hsem_unlock(h, h->tx_sem, 0u);
	h->stats.kicks++;
	return AMP_OK;
}

void h7_hsem_irq(struct h7_hsem *h)
{
	uint32_t st = reg(h, h->line + H7_HSEM_MISR);

	/* Clear whatever is pending on our line, or the interrupt stays asserted. */
	if (st)
		set_reg(h, h->line + H7_HSEM_ICR, st);
	h->stats.irqs++;
	if (st & h->rx_mask)
		atomic_store_explicit(&h->pending, 1u, memory_order_release);
}

int h7_hsem_pending(struct h7_hsem *h)
{
	return atomic_load_explicit(&h->pending, memory_order_acquire) != 0u ||
	       (reg(h, h->line + H7_HSEM_ISR) & h->rx_mask) != 0u;
}

int h7_hsem_take(struct h7_hsem *h)
{
	int rang = atomic_exchange_explicit(&h->pending, 0u, memory_order_acq_rel) != 0u;

	/* Polled use (interrupt masked or not wired): the raw status is the doorbell. */
	if (reg(h, h->line + H7_HSEM_ISR) & h->rx_mask) {
		set_reg(h, h->line + H7_HSEM_ICR, h->rx_mask);
		rang = 1;
	}
	if (rang) {
		h->stats.rings++;
		/* Shared data read after this point was written before the peer rang. */
		h7_dsb();
	}
	return rang;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HSEM as an inter-processor mailbox. One semaphore per direction: to ring
 * the peer, a core takes "its" semaphore (1-step read lock) and releases it
 * at once; the release sets the semaphore's status bit on both HSEM interrupt
 * lines, and the peer has that bit enabled in its own CnIER, so only the peer
 * gets the interrupt. The receiving side clears the bit in its CnICR.
 *
 * The register block base is a parameter (the host tests use a model).
 */
#ifndef H7_HSEM_H
#define H7_HSEM_H

#include <stdatomic.h>
#include <stdint.h>

enum h7_core {
	H7_CORE_CM7 = 0, /* CPU1, HSEM interrupt line 1 (C1 registers) */
	H7_CORE_CM4 = 1, /* CPU2, HSEM interrupt line 2 (C2 registers) */
};

struct h7_hsem_stats {
	uint32_t kicks;	    /* doorbells rung */
	uint32_t kick_busy; /* doorbell semaphore held by someone else: not rung */
	uint32_t irqs;	    /* interrupts taken */
	uint32_t rings;	    /* doorbells consumed by h7_hsem_take() */
};

struct h7_hsem {
	uintptr_t base;
	uint32_t coreid;     /* our AHB bus master ID as HSEM sees it */
	uint32_t line;	     /* offset of our interrupt line's IER/ICR/ISR/MISR block */
	uint32_t tx_sem;     /* we release it to ring the peer */
	uint32_t rx_mask;    /* the peer releases this one to ring us */
	atomic_uint pending; /* set by h7_hsem_irq(), consumed by h7_hsem_take() */
	struct h7_hsem_stats stats;
};

/*
 * Enable our interrupt for rx_sem (and nothing else). A status bit that is
 * already set is left alone: a doorbell rung before we booted is not lost.
 * Returns 0 or AMP_EINVAL.
 */
int h7_hsem_init(struct h7_hsem *h, uintptr_t base, enum h7_core self, uint32_t tx_sem,
		 uint32_t rx_sem);

/* Ring the peer. Returns 0, or AMP_EBUSY if another master holds tx_sem. */
int h7_hsem_notify(struct h7_hsem *h);

/* The port's ipm_take: 1 (and cleared) if the peer rang since the last call, else 0. */
int h7_hsem_take(struct h7_hsem *h);

/* Non-consuming check, for the check-then-sleep before WFI. */
int h7_hsem_pending(struct h7_hsem *h);

/* Interrupt handler body for our HSEM line: acknowledge and remember. */
void h7_hsem_irq(struct h7_hsem *h);

/*
 * Plain semaphores (boot sync, console lock). procid 0 uses the 1-step read
 * lock, any other procid the 2-step write lock. Both return 0 when we hold
 * the semaphore afterwards, AMP_EBUSY when someone else does.
 */
int h7_hsem_lock(const struct h7_hsem *h, uint32_t sem, uint32_t procid);
void h7_hsem_unlock(const struct h7_hsem *h, uint32_t sem, uint32_t procid);
/* The raw HSEM_Rx value (LOCK, COREID, PROCID); reading it never locks. */
uint32_t h7_hsem_state(const struct h7_hsem *h, uint32_t sem);
/* Status bit of sem on our interrupt line (set by every release), and clearing it. */
int h7_hsem_released(const struct h7_hsem *h, uint32_t sem);
void h7_hsem_clear_released(const struct h7_hsem *h, uint32_t sem);
/*
 * Release every semaphore still held under our COREID (a reset between take
 * and release leaves one locked). Uses HSEM_CR with the current HSEM_KEYR key.
 */
void h7_hsem_release_all(const struct h7_hsem *h);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
#include "mhu.h"

#include "amp/errors.h"
#include "amp/shm.h"

int sse200_mhu_init(struct sse200_mhu *m, volatile void *base, uint32_t self, uint32_t channel)
{
	if (!m || !base || self > 1u || channel >= SSE200_MHU_CHANNELS)
		return AMP_EINVAL;
	m->regs = (volatile struct sse200_mhu_regs *)base;
	m->self = self;
	m->mask = 1u << channel;
	m->pending = 0;
	/*
	 * A doorbell from before our (re)start carries no information we could
	 * lose: the link layer re-reads all shared state after init anyway.
	 */
	m->regs->cpu[self].clr = m->mask;
	return AMP_OK;
}

void sse200_mhu_ring(struct sse200_mhu *m)
{
	/*
	 * The peer must see our shared-memory writes before the doorbell: they
	 * go to SRAM and the doorbell to the MHU, two bus slaves, so they must
	 * have completed (DSB on Cortex-M), not only been ordered.
	 */
	amp_doorbell_mb();
	m->regs->cpu[m->self ^ 1u].set = m->mask;
}

/*
 * Clearing the register and setting `pending` may race with sse200_mhu_take()
 * only in one way: a doorbell that arrives between take's read and its reset
 * of `pending` is merged into the one take reports. That is a doorbell's
 * meaning (something changed; look at the shared state), and the caller
 * reads the shared state after take returns, so nothing is missed.
 */
static int drain(struct sse200_mhu *m)
{
	if (!(m->regs->cpu[m->self].stat & m->mask))
		return 0;
	m->regs->cpu[m->self].clr = m->mask;
	m->pending = 1;
	return 1;
}

void sse200_mhu_irq(struct sse200_mhu *m)
{
	(void)drain(m);
}

int sse200_mhu_take(struct sse200_mhu *m)
{
	/* Also works with the interrupt disabled (polling). */
	(void)drain(m);
	if (!m->pending)
		return 0;
	m->pending = 0;
	/* Shared-memory reads after this point see what the peer wrote before ringing. */
	amp_mb();
	return 1;
}

int sse200_mhu_pending(const struct sse200_mhu *m)
{
	return m->pending || (m->regs->cpu[m->self].stat & m->mask) != 0u;
}

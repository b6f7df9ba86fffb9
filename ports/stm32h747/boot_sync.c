/* SPDX-License-Identifier: BSD-3-Clause */
/* HSEM boot synchronisation (see h7_boot.h). */
#include "h7_boot.h"

#include "amp/errors.h"
#include "h7_regs.h"

int h7_boot_master_begin(const struct h7_hsem *h, uint32_t sem)
{
	if (!h || sem >= H7_HSEM_COUNT)
		return AMP_EINVAL;
	return h7_hsem_lock(h, sem, 0u);
}

void h7_boot_master_done(const struct h7_hsem *h, uint32_t sem)
{
	if (h && sem < H7_HSEM_COUNT)
		h7_hsem_unlock(h, sem, 0u);
}

static int held_by_master(const struct h7_hsem *h, uint32_t sem)
{
	uint32_t st = h7_hsem_state(h, sem);

	return (st & H7_HSEM_LOCK) &&
	       ((st & H7_HSEM_COREID_MASK) >> H7_HSEM_COREID_SHIFT) == H7_HSEM_COREID_CM7;
}

/*
 * RM0399, RCC_RSR: power-on, brown-out, the NRST pin, a system reset
 * requested by either core (SFT1RSTF, SFT2RSTF), either core's independent
 * watchdog, and an illegal low-power entry of either domain reset the whole
 * system. A window watchdog resets its own core or the whole system
 * (RCC_GCR WWxRSC); counted as a system reset either way: on the slave that
 * only means waiting (bounded) for the master's release instead of trusting
 * the link block. C1RSTF/C2RSTF and D1RSTF/D2RSTF alone: one core or domain.
 */
#define SYSTEM_RESET_FLAGS                                                                         \
	(H7_RCC_RSR_PORRSTF | H7_RCC_RSR_BORRSTF | H7_RCC_RSR_PINRSTF | H7_RCC_RSR_SFTRSTF |       \
	 H7_RCC_RSR_SFT2RSTF | H7_RCC_RSR_IWDG1RSTF | H7_RCC_RSR_IWDG2RSTF |                       \
	 H7_RCC_RSR_WWDG1RSTF | H7_RCC_RSR_WWDG2RSTF | H7_RCC_RSR_LPWR1RSTF |                      \
	 H7_RCC_RSR_LPWR2RSTF)

int h7_reset_is_system(uint32_t rsr)
{
	return (rsr & SYSTEM_RESET_FLAGS) != 0u;
}

enum h7_boot_result h7_boot_slave_wait(const struct h7_hsem *h, const struct h7_boot_wait *w)
{
	uint32_t t0, polls;

	if (!h || !w || !w->now_ms || w->sem >= H7_HSEM_COUNT)
		return H7_BOOT_TIMEOUT;
	t0 = w->now_ms(w->ctx);
	for (polls = 0; polls < w->max_polls; polls++) {
		/* The status bit survives until we clear it: a release we missed still counts. */
		if (h7_hsem_released(h, w->sem)) {
			h7_hsem_clear_released(h, w->sem);
			return H7_BOOT_SYNCED;
		}
		/* While the master holds the semaphore it is initialising: never "up" then. */
		if (!held_by_master(h, w->sem) && w->master_up && w->master_up(w->ctx))
			return H7_BOOT_MASTER_UP;
		if (w->now_ms(w->ctx) - t0 >= w->timeout_ms)
			break;
	}
	return H7_BOOT_TIMEOUT;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HSEM boot synchronisation for a cold boot where both cores start at once
 * (option bytes BCM4 and BCM7 set: a set bit lets that core boot, RM0399
 * option bytes; docs/stm32h747.md). Belt and braces only: the link
 * protocol never acts on a half-written or power-up-garbage shared region
 * anyway, this just keeps the slave from polling garbage while the master
 * initialises.
 *
 *   master: h7_boot_master_begin() first thing after reset (the semaphore is
 *           then held by COREID 3), h7_boot_master_done() once the shared
 *           region is initialised. The release sets the semaphore's status
 *           bit on the CM4's HSEM interrupt line.
 *   slave:  h7_boot_slave_wait(): returns when that status bit is set, or
 *           when the master is visibly running already (a slave-only
 *           reboot), or when the timeout runs out.
 */
#ifndef H7_BOOT_H
#define H7_BOOT_H

#include <stdint.h>

#include "h7_hsem.h"

enum h7_boot_result {
	H7_BOOT_SYNCED = 0,    /* saw the master release the boot semaphore */
	H7_BOOT_MASTER_UP = 1, /* the master was running already */
	H7_BOOT_TIMEOUT = 2,   /* neither in time: carry on, the link copes */
};

struct h7_boot_wait {
	uint32_t sem;
	uint32_t timeout_ms;
	uint32_t max_polls; /* a clock that does not run cannot hang us either */
	uint32_t (*now_ms)(void *ctx);
	/* Optional: nonzero if the master's shared state already looks valid. */
	int (*master_up)(void *ctx);
	void *ctx;
};

/* Returns 0 if we now hold the boot semaphore, AMP_EBUSY or AMP_EINVAL if not. */
int h7_boot_master_begin(const struct h7_hsem *h, uint32_t sem);
void h7_boot_master_done(const struct h7_hsem *h, uint32_t sem);

enum h7_boot_result h7_boot_slave_wait(const struct h7_hsem *h, const struct h7_boot_wait *w);

/*
 * Do these reset flags (RCC_RSR, a core's own copy) say the whole system was
 * reset, so that both cores restarted and SRAM4 holds a stale link block?
 */
int h7_reset_is_system(uint32_t rsr);

#endif

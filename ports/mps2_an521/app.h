/* SPDX-License-Identifier: BSD-3-Clause */
/* What the two amplink firmware images (app_master.c, app_slave.c) share. */
#ifndef MPS2_APP_H
#define MPS2_APP_H

#include "amp/amp.h"
#include "board.h"

/* Longest sleep between two amp_poll() calls when there is nothing to do. */
#define APP_IDLE_WAIT_MS 10u

/*
 * One round of the main loop: poll, and sleep on the doorbell (WFI) if the
 * poll found nothing to do. Returns amp_poll()'s result.
 */
static inline int app_poll_or_sleep(struct amp *amp)
{
	int work = amp_poll(amp);

	if (work == 0)
		(void)mps2_wait(APP_IDLE_WAIT_MS);
	return work;
}

#endif

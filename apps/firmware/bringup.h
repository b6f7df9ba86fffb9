/* SPDX-License-Identifier: BSD-3-Clause */
/* What the two bring-up images (bringup_master.c, bringup_slave.c) agree on. */
#ifndef FW_BRINGUP_H
#define FW_BRINGUP_H

#include <stdint.h>

#include "fw_app.h"

/* The slave boots twice: cold, then once through its soft reboot. */
#define BRINGUP_SLAVE_BOOTS 2u
#define BRINGUP_TIMEOUT_MS  2000u
/* The word the slave writes to the start of the shared region before each doorbell. */
#define BRINGUP_WORD(boot) (0xB0070000u | (uint32_t)(boot))

static inline volatile uint32_t *bringup_shm_word(const struct amp_port *port)
{
	return (volatile uint32_t *)(volatile void *)port->shm;
}

/* Take the peer's doorbell, sleeping on it for at most timeout_ms; 0 if it did not ring. */
static inline int bringup_take(const struct fw_board *b, const struct amp_port *port,
			       uint32_t timeout_ms)
{
	uint32_t t0 = b->now_ms(b->ctx);

	while (!port->ops->ipm_take(port->ctx)) {
		uint32_t spent = b->now_ms(b->ctx) - t0;

		if (spent >= timeout_ms)
			return 0;
		b->wait(b->ctx, timeout_ms - spent);
	}
	return 1;
}

#endif

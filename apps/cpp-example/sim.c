/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim.h"

#include "amp_lockstep.h"

static struct amp_lockstep ls;

int sim_init(uint64_t seed)
{
	return amp_lockstep_init(&ls, seed);
}

void sim_fini(void)
{
	amp_lockstep_fini(&ls);
}

const struct amp_port *sim_port(enum amp_role role)
{
	return &ls.port[role].port;
}

void sim_tick(void)
{
	/* The harness's own instances are never booted: a step only moves the clock. */
	(void)amp_lockstep_step(&ls, AMP_ROLE_MASTER);
}

uint32_t sim_now_ms(void)
{
	return ls.now_ms;
}

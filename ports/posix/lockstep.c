/* SPDX-License-Identifier: BSD-3-Clause */
/* The lockstep harness: both roles in one process under a seeded scheduler. */
#include <string.h>

#include "amp_lockstep.h"

int amp_lockstep_init(struct amp_lockstep *ls, uint64_t seed)
{
	int err, r;

	memset(ls, 0, sizeof(*ls));
	err = amp_posix_shm_anon(&ls->shm, AMP_CFG_SHM_SIZE);
	if (err)
		return err;
	ls->rng = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
	for (r = 0; r < 2; r++) {
		struct amp_posix_port *pp = &ls->port[r];

		amp_posix_port_init(pp, &ls->shm, (enum amp_role)r);
		pp->virtual_ms = &ls->now_ms;
		pp->t_origin = 0;
		pp->no_wait = 1;
	}
	return AMP_OK;
}

void amp_lockstep_fini(struct amp_lockstep *ls)
{
	if (ls->cache_sim) {
		amp_cache_sim_fini(&ls->cache[AMP_ROLE_MASTER]);
		amp_cache_sim_fini(&ls->cache[AMP_ROLE_SLAVE]);
	}
	amp_posix_shm_close(&ls->shm);
}

int amp_lockstep_use_cache_sim(struct amp_lockstep *ls, uint32_t flags)
{
	int r;

	for (r = 0; r < 2; r++) {
		int err = amp_cache_sim_init(&ls->cache[r], &ls->port[r].port, flags);

		if (err) {
			if (r)
				amp_cache_sim_fini(&ls->cache[0]);
			return err;
		}
	}
	ls->cache_sim = 1;
	return AMP_OK;
}

int amp_lockstep_boot(struct amp_lockstep *ls, enum amp_role role)
{
	const struct amp_port *port = &ls->port[role].port;

	if (ls->cache_sim) {
		amp_cache_sim_reset(&ls->cache[role]);
		port = &ls->cache[role].port;
	}
	ls->running[role] = 1;
	return amp_init(&ls->amp[role], role, port);
}

void amp_lockstep_halt(struct amp_lockstep *ls, enum amp_role role)
{
	ls->running[role] = 0;
}

uint32_t amp_lockstep_rand(struct amp_lockstep *ls)
{
	/* xorshift64* */
	ls->rng ^= ls->rng >> 12;
	ls->rng ^= ls->rng << 25;
	ls->rng ^= ls->rng >> 27;
	return (uint32_t)((ls->rng * 0x2545F4914F6CDD1Dull) >> 32);
}

enum amp_role amp_lockstep_pick(struct amp_lockstep *ls)
{
	if (ls->running[AMP_ROLE_MASTER] && ls->running[AMP_ROLE_SLAVE])
		return (enum amp_role)(amp_lockstep_rand(ls) & 1u);
	return ls->running[AMP_ROLE_SLAVE] ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
}

int amp_lockstep_step(struct amp_lockstep *ls, enum amp_role role)
{
	int ret = 0;

	if (ls->running[role])
		ret = amp_poll(&ls->amp[role]);
	ls->steps++;
	if (ls->steps % AMP_LOCKSTEP_STEPS_PER_MS == 0)
		ls->now_ms++;
	return ret;
}

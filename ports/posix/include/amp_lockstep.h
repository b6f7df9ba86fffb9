/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lockstep: both roles in one process, stepped by a seeded deterministic
 * scheduler. One step is one amp_poll() of one role. The clock is virtual and
 * advances with the steps, so a run depends only on the seed and on what the
 * caller does between steps: the basis of the trace test and of fault
 * injection (reboot either role at any step).
 */
#ifndef AMP_LOCKSTEP_H
#define AMP_LOCKSTEP_H

#include <stdint.h>

#include "amp/amp.h"
#include "amp_cache_sim.h"
#include "amp_posix.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_LOCKSTEP_STEPS_PER_MS 4u

struct amp_lockstep {
	struct amp_posix_shm shm;
	struct amp_posix_port port[2];
	struct amp amp[2];
	uint8_t running[2];
	uint32_t now_ms;
	uint64_t rng;
	uint64_t steps;
	/* Stale-cache mode (amp_lockstep_use_cache_sim): each role's own cache. */
	struct amp_cache_sim cache[2];
	uint8_t cache_sim;
};

int amp_lockstep_init(struct amp_lockstep *ls, uint64_t seed);
void amp_lockstep_fini(struct amp_lockstep *ls);
/*
 * Stale-cache mode: from the next boot on, each role sees the region through
 * its own simulated data cache (amp_cache_sim.h; flags AMP_CACHE_SIM_*), and
 * a boot resets that role's cache. Call after init.
 */
int amp_lockstep_use_cache_sim(struct amp_lockstep *ls, uint32_t flags);
/* Power up (or reboot) one role: its RAM state starts over, the region stays. */
int amp_lockstep_boot(struct amp_lockstep *ls, enum amp_role role);
/* Stop one role (powered down or hung): it is no longer scheduled. */
void amp_lockstep_halt(struct amp_lockstep *ls, enum amp_role role);
/* A seeded random number. */
uint32_t amp_lockstep_rand(struct amp_lockstep *ls);
/* A running role chosen at random (the master if both are stopped). */
enum amp_role amp_lockstep_pick(struct amp_lockstep *ls);
/* Poll one role once and advance the clock. Returns what amp_poll() returned. */
int amp_lockstep_step(struct amp_lockstep *ls, enum amp_role role);

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The echo scenario of the stale-cache tests: both roles in the lockstep
 * harness, a session "echo" that the master opens, messages of random length
 * and content sent one at a time and checked byte for byte when they come
 * back; optionally in stale-cache mode and with random reboots of either role.
 * Shared by test_cache_sim.c and the "teeth" programs (cache_teeth.c).
 */
#ifndef AMP_TEST_CACHE_ECHO_H
#define AMP_TEST_CACHE_ECHO_H

#include <stdint.h>

struct cache_echo_opts {
	uint64_t seed;
	uint32_t messages;
	int cache;	      /* run in stale-cache mode */
	uint32_t cache_flags; /* AMP_CACHE_SIM_* */
	uint32_t reboots;     /* reboots of a random role, spread over the run */
};

struct cache_echo_result {
	uint32_t sent;
	uint32_t received;
	uint32_t errors;	 /* a message that came back different, or unasked for */
	uint32_t reboots;	 /* reboots injected */
	uint32_t closes;	 /* times the master saw the echo session close */
	uint32_t invalidates[2]; /* cache operations seen (stale-cache mode) */
	uint32_t cleans[2];
	uint64_t steps;
	int done; /* every message came back */
};

/* 0 if the run could be set up (then see res), else an AMP_E* code. */
int cache_echo_run(const struct cache_echo_opts *o, struct cache_echo_result *res);

#endif

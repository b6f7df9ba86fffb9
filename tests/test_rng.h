/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tests' seeded random numbers (splitmix64). AMP_TEST_SEED in the
 * environment replaces the test's default seed; the seed is printed so a
 * failing run can be repeated.
 */
#ifndef AMP_TEST_RNG_H
#define AMP_TEST_RNG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;

static inline uint32_t rng(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static inline uint32_t rng_below(uint32_t n)
{
	return rng() % n;
}

static inline void seed_rng(uint64_t dflt)
{
	const char *env = getenv("AMP_TEST_SEED");

	rng_state = env ? strtoull(env, NULL, 0) : dflt;
	printf("# seed 0x%llx (set AMP_TEST_SEED to change)\n", (unsigned long long)rng_state);
}

#endif

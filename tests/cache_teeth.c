/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stale-cache test has teeth: this program is linked with a library
 * built with -DAMP_TEST_DROP_INVALIDATE=<site> (one invalidate of the vring
 * code, src/virtio/vring_ops.h, removed). It passes when the echo still works without
 * the cache simulation (the control: nothing else is broken) and fails in
 * stale-cache mode, as test_cache_sim would. See docs/cache.md.
 */
#include <stdio.h>

#include "cache_echo.h"

#define MESSAGES 200u

static int run(uint64_t seed, int cache, struct cache_echo_result *res)
{
	struct cache_echo_opts o = {seed, MESSAGES, cache, 0, 0};
	int pass;

	if (cache_echo_run(&o, res)) {
		fprintf(stderr, "cache_teeth: cannot set up the harness\n");
		return -1;
	}
	pass = res->done && !res->errors && !res->closes;

	printf("site %d, seed %llu, %s: received %u/%u errors %u session closes %u steps %llu -> "
	       "%s\n",
	       AMP_TEST_DROP_INVALIDATE, (unsigned long long)seed,
	       cache ? "stale cache" : "no cache", res->received, MESSAGES, res->errors,
	       res->closes, (unsigned long long)res->steps, pass ? "passes" : "FAILS");
	return pass;
}

int main(void)
{
	struct cache_echo_result res;
	uint64_t seed;
	int ok = 1;

	for (seed = 1; seed <= 2; seed++) {
		if (run(seed, 0, &res) != 1)
			ok = 0; /* the control must pass */
		if (run(seed, 1, &res) != 0)
			ok = 0; /* the stale-cache run must fail */
	}
	printf("%s\n", ok ? "teeth: the stale-cache echo caught the missing invalidate"
			  : "teeth: NOT shown");
	return ok ? 0 : 1;
}

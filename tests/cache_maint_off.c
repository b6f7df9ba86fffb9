/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A library built with AMP_CFG_CACHE_MAINT=0 (no cache maintenance compiled
 * in, include/amp/config.h): the echo with reboots of either role still works
 * on a port without cache hooks, and a port that has hooks is refused with
 * AMP_ENOTSUP instead of running with its maintenance silently skipped.
 */
#include <stdio.h>

#include "amp/config.h"
#include "amp/errors.h"
#include "cache_echo.h"

_Static_assert(AMP_CFG_CACHE_MAINT == 0, "link the library built without cache maintenance");

int main(void)
{
	struct cache_echo_opts plain = {1u, 200u, 0, 0u, 4u};
	struct cache_echo_opts cached = {1u, 200u, 1, 0u, 0u};
	struct cache_echo_result res;
	int err, ok = 1;

	err = cache_echo_run(&plain, &res);
	printf("no cache hooks: setup %d, received %u/%u errors %u reboots %u\n", err, res.received,
	       plain.messages, res.errors, res.reboots);
	if (err || !res.done || res.errors)
		ok = 0;
	err = cache_echo_run(&cached, &res);
	printf("cache hooks: setup %d (expected %d, AMP_ENOTSUP)\n", err, AMP_ENOTSUP);
	if (err != AMP_ENOTSUP)
		ok = 0;
	printf("%s\n", ok ? "cache_maint_off: passes" : "cache_maint_off: FAILS");
	return ok ? 0 : 1;
}

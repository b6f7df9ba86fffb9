/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The library, the POSIX port and the lockstep echo compiled as one program
 * (-O2 -flto, no sanitizers, tests/lto.cmake): with every file inlined into
 * every other, an access the C aliasing rules do not allow (C11 6.5p7) is
 * free to go wrong, and the echo with reboots of either role shows it. It
 * failed before the resource table copies in src/link/link_block.c went
 * through memcpy: the slave never attached.
 */
#include <stdio.h>

#include "cache_echo.h"

int main(void)
{
	struct cache_echo_opts o = {3u, 300u, 0, 0u, 4u};
	struct cache_echo_result res;
	int err = cache_echo_run(&o, &res);
	int ok = !err && res.done && !res.errors;

	printf("lto_echo: setup %d, received %u/%u errors %u reboots %u: %s\n", err, res.received,
	       o.messages, res.errors, res.reboots, ok ? "passes" : "FAILS");
	return ok ? 0 : 1;
}

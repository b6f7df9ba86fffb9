/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring size 256 (the largest a vring of rpmsg uses: Linux's 512 buffers),
 * with a library built for it (AMP_CFG_VRING_NUM=256, tests/interop.cmake),
 * in both roles against the real OpenAMP, alignment 4096 and 16, 512-byte
 * buffers, 2,000 echoes with 16 and then 256 in flight, every byte checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"

_Static_assert(AMP_CFG_VRING_NUM == 256, "this test needs the ring-256 library");

static struct iu_world w;

static void one(enum amp_role amp_role, uint32_t align)
{
	struct iu_geom g = {256u, align, 512u, 0u, amp_role == AMP_ROLE_MASTER};
	uint32_t window[] = {16u, 256u};
	char what[64];
	int i;

	iu_open_ready(&w, &g, amp_role);
	snprintf(what, sizeof(what), "%s ring 256 align %u",
		 amp_role == AMP_ROLE_MASTER ? "amplink master" : "amplink slave ", align);
	for (i = 0; i < 2; i++)
		iu_echo_checked(&w, 2000u, window[i], what);
	iu_world_close(&w);
}

static void geometry_ring256(void **state)
{
	(void)state;
	one(AMP_ROLE_SLAVE, 4096u);
	one(AMP_ROLE_SLAVE, 16u);
	one(AMP_ROLE_MASTER, 4096u);
	one(AMP_ROLE_MASTER, 16u);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(geometry_ring256),
	};

	return IU_MAIN(tests, 0x4713u);
}

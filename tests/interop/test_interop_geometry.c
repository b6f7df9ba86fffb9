/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Table geometries with the real OpenAMP, amplink on the full stack in each
 * role: ring sizes 8 and 16 (256 in test_interop_ring256.c, which needs a
 * library built for it), vring alignment 16 and 4096, buffers 256 and 512;
 * the table at offset 0 (port->rsc NULL) or elsewhere (port->rsc set).
 *   geometry_slave   OpenAMP master places the vrings (fixed da in the table)
 *   geometry_master  amplink master places them (the remote's table says ANY)
 * Each geometry: 500 echoes with the ring full in flight, every byte checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"

#define ECHOES 500u

static struct iu_world w;

static void one(enum amp_role amp_role, uint32_t num, uint32_t align, uint32_t buf, int n)
{
	struct iu_geom g = {num, align, buf, (n % 2) ? 0x800u : 0u, amp_role == AMP_ROLE_MASTER};
	char what[96];

	iu_open_ready(&w, &g, amp_role);
	/* what the table says now is what both sides use */
	assert_int_equal(w.rsc->vring[0].num, num);
	assert_int_equal(w.rsc->vring[1].align, align);
	assert_int_not_equal(w.rsc->vring[0].da, FW_RSC_U32_ADDR_ANY);
	assert_int_equal(w.rsc->vring[0].da % align, 0);
	snprintf(what, sizeof(what), "%s ring %3u align %4u buf %u table at 0x%x",
		 amp_role == AMP_ROLE_MASTER ? "amplink master" : "amplink slave ", num, align, buf,
		 g.rsc_off);
	iu_echo_checked(&w, ECHOES, num < 16u ? num : 16u, what);
	iu_world_close(&w);
}

static void all(enum amp_role amp_role)
{
	static const uint32_t nums[] = {8u, 16u}, aligns[] = {16u, 4096u}, bufs[] = {256u, 512u};
	int n = 0;
	size_t i, j, k;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			for (k = 0; k < 2; k++)
				one(amp_role, nums[i], aligns[j], bufs[k], n++);
}

static void geometry_slave(void **state)
{
	(void)state;
	all(AMP_ROLE_SLAVE);
}

static void geometry_master(void **state)
{
	(void)state;
	all(AMP_ROLE_MASTER);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(geometry_slave),
	    cmocka_unit_test(geometry_master),
	};

	return IU_MAIN(tests, 0x3713u);
}

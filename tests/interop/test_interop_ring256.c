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
#include "test_rng.h"

_Static_assert(AMP_CFG_VRING_NUM == 256, "this test needs the ring-256 library");

static struct iu_world w;

static void one(enum amp_role amp_role, uint32_t align)
{
	struct iu_geom g = {256u, align, 512u, 0u, amp_role == AMP_ROLE_MASTER};
	uint32_t window[] = {16u, 256u};
	int err = iu_world_open(&w, &g, amp_role), i;

	if (err == AMP_ENOTSUP)
		fail_msg("amp_init_config / AMP_PEER_PLAIN are not in this library yet (issue 13)");
	assert_int_equal(err, 0);
	if (!iu_until(&w, iu_echo_ready))
		iu_dump(&w);
	assert_true(iu_echo_ready(&w));
	for (i = 0; i < 2; i++) {
		iu_echo(&w, 2000u, window[i]);
		printf("# %s ring 256 align %u: %u echoes, %u bad, %u in flight\n",
		       amp_role == AMP_ROLE_MASTER ? "amplink master" : "amplink slave ", align,
		       w.run.next_recv, w.run.bad, w.run.max_in_flight_seen);
		assert_int_equal(w.run.bad, 0);
		assert_int_equal(w.run.next_recv, 2000u);
	}
	assert_int_equal(w.oa.last_err, 0);
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

	seed_rng(0x4713u);
	iu_salt = rng();
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

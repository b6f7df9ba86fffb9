/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Echoes between amplink and the real OpenAMP in one process, both roles,
 * 10,000 messages of random length 1..max, one and 16 in flight, every byte
 * checked (interop_util.c: iu_echo). The amplink side runs the full stack
 * (amp_init_config with a plain peer, amp_poll). am_or_link_echo is the
 * link layer alone in amplink's own layout, which needs no plain mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "amp/layout.h"
#include "interop_util.h"

#define ECHOES 10000u

static const struct iu_geom default_geom = {16u, 16u, 512u, 0u, 0};

static struct iu_world w;

static void echo_case(enum amp_role amp_role, uint32_t window)
{
	struct iu_geom g = default_geom;

	/* amplink master: the remote's image leaves the vrings to it */
	g.da_any = amp_role == AMP_ROLE_MASTER;
	iu_open_ready(&w, &g, amp_role);
	iu_echo_checked(&w, ECHOES, window,
			amp_role == AMP_ROLE_MASTER ? "amplink master" : "amplink slave");
	iu_world_close(&w);
}

static void om_as_echo_1(void **state)
{
	(void)state;
	echo_case(AMP_ROLE_SLAVE, 1u);
}

static void om_as_echo_16(void **state)
{
	(void)state;
	echo_case(AMP_ROLE_SLAVE, 16u);
}

static void am_or_echo_1(void **state)
{
	(void)state;
	echo_case(AMP_ROLE_MASTER, 1u);
}

static void am_or_echo_16(void **state)
{
	(void)state;
	echo_case(AMP_ROLE_MASTER, 16u);
}

/* --- the link layer alone, amplink's layout: what worked before the plain mode --- */

static struct amp_link mlink;
static struct iu_run lrun;

static int link_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)src;
	(void)priv;
	if (!iu_check_msg(data, (uint32_t)len, lrun.next_recv, lrun.max))
		lrun.bad++;
	lrun.next_recv++;
	return 0;
}

static int link_poll(void)
{
	int work = amp_link_poll(&mlink);

	return (work > 0 ? work : 0) + oa_peer_poll(&w.oa);
}

static void link_echo(uint32_t window)
{
	uint8_t buf[AMP_CFG_BUF_SIZE];
	uint32_t idle = 0;

	memset(&lrun, 0, sizeof(lrun));
	lrun.max = AMP_RPMSG_PAYLOAD_MAX;
	while (lrun.next_recv < ECHOES && idle < IU_IDLE_LIMIT) {
		int work = link_poll();

		if (lrun.next_send < ECHOES && lrun.next_send - lrun.next_recv < window) {
			uint32_t len = iu_make_msg(buf, lrun.max, lrun.next_send);

			if (amp_rpmsg_try_send(mlink.default_ept, buf, len) == AMP_OK) {
				lrun.next_send++;
				work++;
			}
		}
		idle = work ? 0 : idle + 1;
	}
	printf("# link layer: %u echoes, %u bad, window %u\n", lrun.next_recv, lrun.bad, window);
	assert_int_equal(lrun.bad, 0);
	assert_int_equal(lrun.next_recv, ECHOES);
}

static void am_or_link_echo(void **state)
{
	struct oa_config c;
	uint32_t idle = 0;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_int_equal(amp_posix_shm_anon(&w.shm, IU_SHM_SIZE), 0);
	amp_posix_shm_scramble(&w.shm, iu_salt);
	/* the remote's table at offset 0, in amplink's own layout (the master rewrites it) */
	w.rsc = (struct iu_rsc *)(void *)w.shm.region;
	iu_rsc_init(w.rsc, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
		    AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);
	memset(&c, 0, sizeof(c));
	c.role = OA_REMOTE;
	c.shm = &w.shm;
	c.shm_pa = AMP_POSIX_SHM_PA;
	c.rsc = (void *)w.shm.region;
	c.rsc_size = (uint32_t)sizeof(struct iu_rsc);
	assert_int_equal(oa_peer_init(&w.oa, &c), 0);
	assert_int_equal(oa_peer_auto_ept(&w.oa, AMP_LINK_DEFAULT_EPT, RPMSG_ADDR_ANY, OA_EPT_ECHO),
			 0);
	amp_posix_port_init(&w.pp, &w.shm, AMP_ROLE_MASTER);
	assert_int_equal(amp_link_init(&mlink, &w.pp.port, AMP_ROLE_MASTER), 0);
	amp_link_set_default_cb(&mlink, link_rx, NULL);
	while (!amp_link_is_ready(&mlink) && idle < IU_IDLE_LIMIT)
		idle = link_poll() ? 0 : idle + 1;
	assert_true(amp_link_is_ready(&mlink));
	link_echo(1u);
	link_echo(16u);
	assert_int_equal(w.oa.last_err, 0);
	oa_peer_fini(&w.oa);
	amp_posix_shm_close(&w.shm);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(om_as_echo_1),    cmocka_unit_test(om_as_echo_16),
	    cmocka_unit_test(am_or_echo_1),    cmocka_unit_test(am_or_echo_16),
	    cmocka_unit_test(am_or_link_echo),
	};

	return IU_MAIN(tests, 0x13u);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The link layer with a plain virtio peer (AMP_PEER_PLAIN, docs/interop.md),
 * both roles amplink, on the lockstep harness: the remote's resource table
 * at offset 0 of the region (vrings FW_RSC_ADDR_ANY, as a remote image
 * carries it), the master driving it the way virtio orders it, sessions on
 * only when the peer answers HELLO, and the remoteproc stop/start cycle.
 * The interop_* tests run the same against the real OpenAMP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "amp/shm.h"
#include "amp_test.h"
#include "link/link_internal.h"

#define M AMP_ROLE_MASTER
#define S AMP_ROLE_SLAVE

static struct amp_lockstep ls;
static struct amp_link bare; /* a plain slave without a session layer */
static int bare_slave;

struct rec {
	uint32_t count, len, seed_ok;
	uint8_t data[AMP_RPMSG_PAYLOAD_MAX];
};
static struct rec mrec, srec;

static volatile struct amp_rsc_table *table(void)
{
	return (volatile struct amp_rsc_table *)(volatile void *)ls.shm.region;
}

/* What a remote image carries and the master loads: vrings for the master to place. */
static void load_remote_table(void)
{
	struct amp_rsc_table t;

	amp_rsc_build(&t, AMP_RSC_ADDR_ANY, AMP_RSC_ADDR_ANY, AMP_CFG_VRING_NUM, 16u);
	memcpy((void *)(uintptr_t)ls.shm.region, &t, sizeof(t));
	/* fresh vrings: remoteproc hands out zeroed memory */
	memset((void *)(uintptr_t)(ls.shm.region + AMP_SHM_VRING0_OFF), 0,
	       ls.shm.size - AMP_SHM_VRING0_OFF);
}

static int boot_plain(enum amp_role r)
{
	struct amp_config cfg = {r, AMP_PEER_PLAIN, 0u};

	ls.running[r] = 1;
	if (r == S && bare_slave)
		return amp_link_init_config(&bare, &ls.port[r].port, &cfg);
	return amp_init_config(&ls.amp[r], &ls.port[r].port, &cfg);
}

static struct amp_link *link_of(enum amp_role r)
{
	return r == S && bare_slave ? &bare : &ls.amp[r].link;
}

static void step(enum amp_role r)
{
	if (r == S && bare_slave) {
		amp_link_poll(&bare);
		ls.steps++;
		if (ls.steps % AMP_LOCKSTEP_STEPS_PER_MS == 0)
			ls.now_ms++;
		return;
	}
	amp_lockstep_step(&ls, r);
}

static void run(uint32_t n)
{
	while (n--)
		step(amp_lockstep_pick(&ls));
}

static int run_until(int (*cond)(void), uint32_t max)
{
	while (max-- && !cond())
		step(amp_lockstep_pick(&ls));
	return cond();
}

static int both_sessions(void)
{
	return amp_mode(&ls.amp[M]) == AMP_MODE_SESSIONS &&
	       amp_mode(&ls.amp[S]) == AMP_MODE_SESSIONS;
}

static int both_links(void)
{
	return amp_link_is_ready(link_of(M)) && amp_link_is_ready(link_of(S));
}

static int rec_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct rec *r = priv;

	(void)src;
	r->count++;
	r->len = (uint32_t)len;
	memcpy(r->data, data, len);
	/* the slave echoes */
	if (r == &srec)
		assert_int_equal(amp_rpmsg_try_send(ept, data, len), AMP_OK);
	return 0;
}

static struct amp_ept *svc[2];

static void create_svc(enum amp_role r)
{
	assert_int_equal(amp_rpmsg_ept_create(&link_of(r)->rpmsg, &svc[r], "svc",
					      AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY, rec_cb,
					      r == M ? (void *)&mrec : (void *)&srec),
			 AMP_OK);
}

static int svc_bound(void)
{
	return amp_rpmsg_ept_is_bound(svc[M]);
}

/* n checked echoes of random lengths through the svc endpoints. */
static void echo(uint32_t n)
{
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	uint32_t i, j;

	for (i = 0; i < n; i++) {
		uint32_t len = 1u + amp_lockstep_rand(&ls) % AMP_RPMSG_PAYLOAD_MAX;
		uint32_t before = mrec.count;

		for (j = 0; j < len; j++)
			msg[j] = (uint8_t)(amp_lockstep_rand(&ls));
		assert_int_equal(amp_rpmsg_try_send(svc[M], msg, len), AMP_OK);
		for (j = 0; j < 2000u && mrec.count == before; j++)
			run(1);
		assert_int_equal(mrec.count, before + 1u);
		assert_int_equal(mrec.len, len);
		assert_memory_equal(mrec.data, msg, len);
	}
}

/* Both roles amplink with a plain peer, up (ready says when), an "svc" endpoint pair bound. */
static void start_with_svc(int (*ready)(void))
{
	assert_int_equal(boot_plain(M), AMP_OK);
	assert_int_equal(boot_plain(S), AMP_OK);
	create_svc(M);
	create_svc(S);
	assert_true(run_until(ready, 200000u));
	assert_true(run_until(svc_bound, 10000u));
}

static int setup(void **state)
{
	(void)state;
	memset(&mrec, 0, sizeof(mrec));
	memset(&srec, 0, sizeof(srec));
	memset(svc, 0, sizeof(svc));
	bare_slave = 0;
	if (amp_lockstep_init(&ls, 11))
		return -1;
	load_remote_table();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	amp_lockstep_fini(&ls);
	return 0;
}

/* Master drives the table: virtio's status order, features, vrings placed and written back. */
static void plain_handshake_and_sessions(void **state)
{
	volatile struct amp_rsc_table *t = table();

	(void)state;
	assert_int_equal(boot_plain(M), AMP_OK);
	assert_int_equal(boot_plain(S), AMP_OK);
	create_svc(M);
	create_svc(S);
	assert_true(run_until(both_sessions, 200000u));
	assert_int_equal(amp_rd8(&t->vdev.status), AMP_VIRTIO_S_ACKNOWLEDGE | AMP_VIRTIO_S_DRIVER |
						       AMP_VIRTIO_S_FEATURES_OK |
						       AMP_VIRTIO_S_DRIVER_OK);
	assert_int_equal(amp_rd32(&t->vdev.gfeatures), 1u << AMP_VIRTIO_RPMSG_F_NS);
	assert_int_not_equal(amp_rd32(&t->vdev.vring[0].da), AMP_RSC_ADDR_ANY);
	assert_int_not_equal(amp_rd32(&t->vdev.vring[1].da), AMP_RSC_ADDR_ANY);
	assert_int_equal(amp_rd32(&t->vdev.vring[0].align), 16u);
	assert_true(run_until(svc_bound, 10000u));
	echo(200);
	assert_int_equal(ls.amp[M].link.stats.reinits, 1);
}

/*
 * A plain peer that never speaks sessions (an OpenAMP remote): endpoints
 * work, nothing waits for HELLO, and its silence never re-initialises the
 * rings under it, however long.
 */
static void silent_peer_never_reinitialised(void **state)
{
	uint32_t periods = 20u, t0;

	(void)state;
	bare_slave = 1;
	start_with_svc(both_links);
	t0 = ls.now_ms;
	while (ls.now_ms - t0 < periods * AMP_CFG_HEARTBEAT_MS)
		run(64);
	assert_int_equal(amp_mode(&ls.amp[M]), AMP_MODE_PLAIN);
	assert_int_equal(ls.amp[M].link.stats.reinits, 1);
	assert_int_equal(ls.amp[M].sess.stats.peer_lost, 0);
	echo(50);
}

/*
 * Linux remoteproc's stop/start, 100 times: the image's table loaded again
 * (status 0, vrings FW_RSC_ADDR_ANY), fresh zeroed vrings, the master
 * through its states to DRIVER_OK. The slave reboots on even cycles (as a
 * stopped core does) and stays running on odd ones (it sees the status
 * reset); each time it comes up, announces again, and echoes.
 */
static void remoteproc_stop_start_cycles(void **state)
{
	uint32_t cycle;

	(void)state;
	start_with_svc(both_sessions);
	echo(5);
	for (cycle = 0; cycle < 100u; cycle++) {
		/* stop */
		amp_wr8(&table()->vdev.status, 0);
		if (cycle % 2u == 0) {
			ls.running[S] = 0;
		} else {
			uint32_t n;

			for (n = 0; n < 8u; n++)
				step(S);
			assert_false(amp_link_is_ready(link_of(S)));
		}
		/* start */
		load_remote_table();
		amp_link_restart(&ls.amp[M].link);
		if (cycle % 2u == 0) {
			assert_int_equal(boot_plain(S), AMP_OK);
			create_svc(S);
		}
		if (!run_until(both_sessions, 200000u))
			print_message(
			    "cycle %u: modes %d %d link states %d %d status %x dflt %x/%x\n", cycle,
			    amp_mode(&ls.amp[M]), amp_mode(&ls.amp[S]), ls.amp[M].link.state,
			    ls.amp[S].link.state, amp_rd8(&table()->vdev.status),
			    ls.amp[M].link.default_ept ? ls.amp[M].link.default_ept->dest : 0,
			    ls.amp[S].link.default_ept ? ls.amp[S].link.default_ept->dest : 0);
		assert_true(run_until(both_sessions, 200000u));
		assert_true(run_until(svc_bound, 10000u));
		echo(5);
	}
	assert_int_equal(ls.amp[M].link.stats.reinits, 101);
}

/* A slave reboot under a running plain master: it continues the rings (no master action). */
static void slave_reboot_continues_rings(void **state)
{
	(void)state;
	start_with_svc(both_sessions);
	echo(20);
	assert_int_equal(boot_plain(S), AMP_OK);
	create_svc(S);
	assert_true(run_until(both_links, 200000u));
	/* the new life announces svc at the same address: still bound */
	run(2000);
	echo(20);
	assert_int_equal(ls.amp[M].link.stats.reinits, 1);
}

static int bare_links_ready(void)
{
	return amp_link_is_ready(&ls.amp[M].link) && amp_link_is_ready(&bare);
}

/*
 * A master that restarts on fresh rings between two looks of the slave at
 * its status, before any message reached the slave: the status reads the
 * same and no ring index is out of range, but the slave's own used index is
 * gone from the ring. The slave attaches again and announces again.
 */
static void quick_master_restart_before_any_message(void **state)
{
	struct amp_config cfg = {M, AMP_PEER_PLAIN, 0u};
	uint32_t n;

	(void)state;
	bare_slave = 1;
	assert_int_equal(amp_link_init_config(&ls.amp[M].link, &ls.port[M].port, &cfg), AMP_OK);
	assert_int_equal(boot_plain(S), AMP_OK);
	create_svc(M);
	create_svc(S);
	for (n = 0; n < 100000u && !(bare_links_ready() && svc_bound()); n++) {
		amp_link_poll(&ls.amp[M].link);
		step(S);
	}
	assert_true(bare_links_ready() && svc_bound());
	/* stop and start while the slave is not looking */
	load_remote_table();
	amp_link_restart(&ls.amp[M].link);
	for (n = 0; n < 64u; n++)
		amp_link_poll(&ls.amp[M].link);
	assert_true(amp_link_is_ready(&ls.amp[M].link));
	assert_false(svc_bound());
	for (n = 0; n < 100000u && !svc_bound(); n++) {
		amp_link_poll(&ls.amp[M].link);
		step(S);
	}
	assert_true(svc_bound());
	assert_int_equal(bare.stats.peer_resets, 1);
}

/* A table the master cannot drive: FAILED in the status, halted until restarted. */
static void bad_geometry_fails_and_halts(void **state)
{
	(void)state;
	amp_wr32(&table()->vdev.vring[1].num, AMP_CFG_VRING_NUM * 2u);
	assert_int_equal(boot_plain(M), AMP_OK);
	run(2000);
	assert_true(amp_rd8(&table()->vdev.status) & AMP_VIRTIO_S_FAILED);
	assert_true(ls.amp[M].link.halted);
	assert_int_equal(amp_mode(&ls.amp[M]), AMP_MODE_DOWN);
}

static void config_checks(void **state)
{
	struct amp_link l;
	struct amp_config bad_peer = {M, (enum amp_peer)7, 0u}, bad_buf = {M, AMP_PEER_PLAIN, 18u},
			  big_buf = {M, AMP_PEER_PLAIN, AMP_CFG_BUF_SIZE + 4u};
	struct amp_port p = ls.port[M].port;
	uint32_t outside[32] __attribute__((aligned(4)));
	struct amp_config amplink = {M, AMP_PEER_AMPLINK, 0u};

	(void)state;
	assert_int_equal(amp_link_init_config(&l, &p, NULL), AMP_EINVAL);
	assert_int_equal(amp_link_init_config(&l, &p, &bad_peer), AMP_EINVAL);
	assert_int_equal(amp_link_init_config(&l, &p, &bad_buf), AMP_EINVAL);
	assert_int_equal(amp_link_init_config(&l, &p, &big_buf), AMP_EINVAL);
	/* only a plain peer's table may be elsewhere */
	p.rsc = outside;
	p.rsc_size = sizeof(outside);
	assert_int_equal(amp_link_init_config(&l, &p, &amplink), AMP_EINVAL);
	p.rsc = (uint8_t *)outside + 1;
	assert_int_equal(amp_link_init_config(&l, &p, &bad_buf), AMP_EINVAL);
	assert_int_equal(amp_mode(NULL), AMP_MODE_DOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(plain_handshake_and_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(silent_peer_never_reinitialised, setup, teardown),
	    cmocka_unit_test_setup_teardown(remoteproc_stop_start_cycles, setup, teardown),
	    cmocka_unit_test_setup_teardown(slave_reboot_continues_rings, setup, teardown),
	    cmocka_unit_test_setup_teardown(quick_master_restart_before_any_message, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(bad_geometry_fails_and_halts, setup, teardown),
	    cmocka_unit_test_setup_teardown(config_checks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

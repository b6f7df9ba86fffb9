/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg: the endpoint table on its own, then send/receive, zero copy and the
 * name service with both roles in the lockstep harness after the handshake.
 * The region has guard pages: a buffer the peer points outside it faults if
 * it is ever touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp_test.h"
#include "rpmsg/rpmsg_internal.h"

#define NUM    AMP_CFG_VRING_NUM
#define MAXLEN AMP_RPMSG_PAYLOAD_MAX
#define M      AMP_ROLE_MASTER
#define S      AMP_ROLE_SLAVE

/* ---- receive recorder ------------------------------------------------------ */

struct rx_rec {
	uint32_t count;
	uint32_t len;
	uint32_t src;
	uint8_t data[MAXLEN];
	int hold;
	int try_hold; /* call amp_rpmsg_hold_rx_buffer and keep its result in hold_err */
	int hold_err;
	uint32_t held;
	void *held_ptr[2 * NUM];
	uint32_t held_len[2 * NUM];
	uint32_t unbinds;
};

static struct rx_rec mrx, srx;

static int rec_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct rx_rec *rec = (struct rx_rec *)priv;

	rec->count++;
	rec->len = (uint32_t)len;
	rec->src = src;
	memcpy(rec->data, data, len);
	if (rec->try_hold)
		rec->hold_err = amp_rpmsg_hold_rx_buffer(ept, data);
	if (rec->hold && rec->held < 2 * NUM) {
		assert_int_equal(amp_rpmsg_hold_rx_buffer(ept, data), AMP_OK);
		rec->held_len[rec->held] = (uint32_t)len;
		rec->held_ptr[rec->held++] = data;
	}
	return 0;
}

static void rec_unbind(struct amp_ept *ept)
{
	((struct rx_rec *)ept->priv)->unbinds++;
}

static void fill(uint8_t *p, uint32_t len, uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 131u + i * 7u + 1u);
}

static void assert_filled(const uint8_t *p, uint32_t len, uint32_t seed)
{
	uint8_t want[MAXLEN];

	fill(want, len, seed);
	assert_memory_equal(p, want, len);
}

/* ---- the endpoint table, no rings ---------------------------------------- */

static struct amp_posix_shm tshm;
static struct amp_posix_port tport;
static struct amp_rpmsg tr;

static int table_setup(void **state)
{
	(void)state;
	if (amp_posix_shm_anon(&tshm, AMP_CFG_SHM_SIZE))
		return -1;
	amp_posix_port_init(&tport, &tshm, AMP_ROLE_MASTER);
	amp_rpmsg_init(&tr, &tport.port, AMP_ROLE_MASTER);
	memset(&mrx, 0, sizeof(mrx));
	return 0;
}

static int table_teardown(void **state)
{
	(void)state;
	amp_posix_shm_close(&tshm);
	return 0;
}

static struct amp_ept *create(uint32_t src, int expect)
{
	struct amp_ept *e = NULL;

	assert_int_equal(amp_rpmsg_ept_create(&tr, &e, "e", src, AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
			 expect);
	return expect == AMP_OK ? e : NULL;
}

/* Every live endpoint has its own address and is found by it. */
static void assert_table_consistent(void)
{
	int i, j;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		if (!tr.ept[i].in_use)
			continue;
		assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, tr.ept[i].addr), &tr.ept[i]);
		for (j = i + 1; j < AMP_CFG_MAX_EPT; j++)
			if (tr.ept[j].in_use)
				assert_int_not_equal(tr.ept[i].addr, tr.ept[j].addr);
	}
}

static void ept_create_any(void **state)
{
	struct amp_ept *e[AMP_CFG_MAX_EPT];
	int i;

	(void)state;
	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		e[i] = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
		assert_int_equal(e[i]->addr, AMP_RPMSG_RESERVED_ADDRS + (uint32_t)i);
		assert_int_equal(e[i]->dest, AMP_RPMSG_ADDR_ANY);
		assert_false(amp_rpmsg_ept_is_bound(e[i]));
		assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, e[i]->addr), e[i]);
		assert_ptr_equal(e[i]->rdev, &tr);
	}
	create(AMP_RPMSG_ADDR_ANY, AMP_ENOSPC);
	create(5000, AMP_ENOSPC);
	/* a freed slot is reused, with its address */
	amp_rpmsg_ept_destroy(e[3]);
	assert_null(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_RESERVED_ADDRS + 3u));
	e[3] = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	assert_int_equal(e[3]->addr, AMP_RPMSG_RESERVED_ADDRS + 3u);
	assert_table_consistent();
}

static void ept_create_explicit(void **state)
{
	struct amp_ept *a, *b, *c;

	(void)state;
	a = create(AMP_RPMSG_RESERVED_ADDRS + 1u, AMP_OK);
	assert_int_equal(a->addr, AMP_RPMSG_RESERVED_ADDRS + 1u);
	b = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	assert_int_equal(b->addr, AMP_RPMSG_RESERVED_ADDRS);
	c = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	assert_int_equal(c->addr, AMP_RPMSG_RESERVED_ADDRS + 2u);
	/* duplicates */
	create(AMP_RPMSG_RESERVED_ADDRS + 1u, AMP_EEXIST);
	create(AMP_RPMSG_RESERVED_ADDRS, AMP_EEXIST);
	/* the name service's own address is refused; other static ones below 1024 are legal */
	create(AMP_RPMSG_NS_ADDR, AMP_EINVAL);
	a = create(AMP_RPMSG_RESERVED_ADDRS - 1u, AMP_OK);
	assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_RESERVED_ADDRS - 1u), a);
	create(AMP_RPMSG_RESERVED_ADDRS - 1u, AMP_EEXIST);
	assert_int_equal(amp_rpmsg_ept_destroy(a), AMP_OK);
	/* far away from the slot range */
	a = create(0x12345678u, AMP_OK);
	assert_int_equal(a->addr, 0x12345678u);
	assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, 0x12345678u), a);
	create(0x12345678u, AMP_EEXIST);
	assert_null(amp_rpmsg_ept_lookup(&tr, 0x12345679u));
	assert_null(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_NS_ADDR));
	assert_null(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_ADDR_ANY));
	assert_table_consistent();
}

/*
 * An endpoint at an explicit address above the slot range takes a free slot;
 * a later explicit create at that slot's own address must not overwrite it.
 */
static void ept_explicit_address_of_a_taken_slot(void **state)
{
	struct amp_ept *high, *low, *any;

	(void)state;
	high = create(5000, AMP_OK);
	assert_ptr_equal(high, &tr.ept[0]);
	low = create(AMP_RPMSG_RESERVED_ADDRS, AMP_OK);
	assert_non_null(low);
	assert_int_equal(high->addr, 5000);
	assert_true(high->in_use);
	assert_ptr_not_equal(low, high);
	assert_int_equal(low->addr, AMP_RPMSG_RESERVED_ADDRS);
	assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, 5000), high);
	assert_ptr_equal(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_RESERVED_ADDRS), low);
	/* a free slot whose address is taken elsewhere is not handed out with it */
	amp_rpmsg_ept_destroy(high);
	any = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	assert_int_not_equal(any->addr, AMP_RPMSG_RESERVED_ADDRS);
	assert_table_consistent();
}

static void ept_names(void **state)
{
	static const char n31[] = "0123456789abcdef0123456789abcde";
	static const char n32[] = "0123456789abcdef0123456789abcdef";
	struct amp_ept *e = NULL, *f = NULL;

	(void)state;
	assert_int_equal(amp_rpmsg_ept_create(&tr, &e, n31, AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      rec_cb, NULL),
			 AMP_OK);
	assert_string_equal(e->name, n31);
	assert_ptr_equal(amp_rpmsg_ept_by_name(&tr, n31), e);
	/* 32 characters leave no room for the NUL */
	assert_int_equal(amp_rpmsg_ept_create(&tr, &f, n32, AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      rec_cb, NULL),
			 AMP_EINVAL);
	assert_null(f);
	/* unnamed endpoints are allowed but cannot be announced */
	assert_int_equal(amp_rpmsg_ept_create(&tr, &f, NULL, AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      rec_cb, NULL),
			 AMP_OK);
	assert_string_equal(f->name, "");
	assert_int_equal(amp_rpmsg_ept_announce(f), AMP_EINVAL);
	assert_null(amp_rpmsg_ept_by_name(&tr, "nope"));
	assert_null(amp_rpmsg_ept_by_name(&tr, NULL));
	assert_null(amp_rpmsg_ept_by_name(NULL, n31));
}

static void ept_bad_arguments(void **state)
{
	struct amp_ept *e = NULL;

	(void)state;
	assert_int_equal(amp_rpmsg_ept_create(NULL, &e, "x", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      rec_cb, NULL),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ept_create(&tr, NULL, "x", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, NULL),
			 AMP_EINVAL);
	assert_int_equal(
	    amp_rpmsg_ept_create(&tr, &e, "x", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY, NULL, NULL),
	    AMP_EINVAL);
	assert_null(e);
	assert_int_equal(amp_rpmsg_ept_announce(NULL), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ept_destroy(NULL), AMP_EINVAL);
}

static void ept_destroy(void **state)
{
	struct amp_ept *e;
	uint8_t b = 0;

	(void)state;
	e = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	assert_int_equal(amp_rpmsg_ept_destroy(e), AMP_OK);
	assert_false(e->in_use);
	assert_null(amp_rpmsg_ept_lookup(&tr, AMP_RPMSG_RESERVED_ADDRS));
	assert_null(amp_rpmsg_ept_by_name(&tr, "e"));
	/* twice is harmless (not in use any more); a destroyed endpoint cannot send */
	assert_int_equal(amp_rpmsg_ept_destroy(e), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_send(e, &b, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_sendto(e, 2000, &b, 1), AMP_EINVAL);
	assert_false(amp_rpmsg_ept_is_bound(e));
}

static void send_before_the_rings_are_up(void **state)
{
	struct amp_ept *e;
	uint32_t size = 0;
	int err = 0;
	uint8_t b = 0;

	(void)state;
	e = create(AMP_RPMSG_ADDR_ANY, AMP_OK);
	e->dest = 2000;
	assert_int_equal(amp_rpmsg_try_send(e, &b, 1), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_try_sendto(e, 2000, &b, 1), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_send_timeout(e, &b, 1, 0), AMP_ENOTREADY);
	assert_null(amp_rpmsg_get_tx_buffer(e, &size, &err));
	assert_int_equal(err, AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_process(&tr), 0);
	assert_int_equal(amp_rpmsg_rx_pending(&tr), 0);
	assert_int_equal(tr.stats.tx_msgs, 0);
}

/* ---- bad arguments ----------------------------------------------------------- */

static int never_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)src;
	(void)priv;
	fail();
	return 0;
}

static void never_bind(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv)
{
	(void)r;
	(void)name;
	(void)addr;
	(void)priv;
	fail();
}

/*
 * The calls that take an endpoint, with NULL and with one that is not in use
 * (zeroed, or destroyed): AMP_EINVAL, NULL or 0, and nothing sent.
 */
static void ept_calls_reject(struct amp_ept *e)
{
	uint32_t size = 0;
	int err = 0;
	uint8_t b = 0;

	assert_int_equal(amp_rpmsg_ept_announce(e), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ept_destroy(e), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ept_is_bound(e), 0);
	assert_int_equal(amp_rpmsg_try_send(e, &b, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_sendto(e, 2000, &b, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_send_prefixed(e, &b, 1, &b, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_send_timeout(e, &b, 1, 0), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_send(e, &b, 1), AMP_EINVAL);
	assert_null(amp_rpmsg_get_tx_buffer(e, &size, &err));
	assert_int_equal(err, AMP_EINVAL);
	assert_int_equal(size, 0);
	assert_null(amp_rpmsg_get_tx_buffer(e, &size, NULL));
	assert_int_equal(amp_rpmsg_send_nocopy(e, &b, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_hold_rx_buffer(e, &b), AMP_EINVAL);
}

/*
 * Every public call of rpmsg.h with each bad argument it checks: NULL
 * pointers, a zeroed (never initialised) device, a device of the wrong role,
 * the pool before the rings, a port without the hooks the rings need.
 */
static void test_rpmsg_rejects_bad_args(void **state)
{
	static struct amp_rpmsg zr, zero_copy, sr;
	static struct amp_port_ops no_notify, no_clock;
	struct amp_port hookless = tport.port;
	struct amp_ept zept, *e = NULL, *ok = NULL;
	int err = 0;
	uint8_t b = 0;

	(void)state;
	memset(&zr, 0, sizeof(zr));
	memset(&zero_copy, 0, sizeof(zero_copy));
	memset(&zept, 0, sizeof(zept));

	/* NULL device */
	amp_rpmsg_init(NULL, &tport.port, M);
	assert_int_equal(amp_rpmsg_master_setup_vrings(NULL, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_master_init_pool(NULL, AMP_SHM_POOL_OFF), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_slave_attach(NULL, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
						AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, NUM,
						AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	amp_rpmsg_detach(NULL);
	amp_rpmsg_set_ns_bind_cb(NULL, never_bind, NULL);
	assert_int_equal(amp_rpmsg_ept_create(NULL, &e, "x", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      never_cb, NULL),
			 AMP_EINVAL);
	assert_null(amp_rpmsg_ept_by_name(NULL, "x"));
	assert_int_equal(amp_rpmsg_release_tx_buffer(NULL, &b), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(NULL, &b), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_process(NULL), 0);
	amp_rpmsg_kick(NULL);
	amp_rpmsg_doorbell_rang(NULL);
	amp_rpmsg_doorbell_done(NULL);
	assert_int_equal(amp_rpmsg_rx_pending(NULL), 0);
	amp_rpmsg_set_rx_notify(NULL, 0);

	/* a zeroed device (no port): refused, never read through its NULL port */
	assert_int_equal(amp_rpmsg_master_setup_vrings(&zr, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_master_init_pool(&zr, AMP_SHM_POOL_OFF), AMP_EINVAL);
	zr.role = S;
	assert_int_equal(amp_rpmsg_slave_attach(&zr, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
						AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, NUM,
						AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	zr.role = M;
	assert_int_equal(amp_rpmsg_ept_create(&zr, &e, "x", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
					      never_cb, NULL),
			 AMP_EINVAL);
	assert_null(e);
	assert_null(amp_rpmsg_ept_by_name(&zr, ""));
	assert_int_equal(amp_rpmsg_release_tx_buffer(&zr, (void *)(uintptr_t)(tshm.region + 64)),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(&zr, (void *)(uintptr_t)(tshm.region + 64)),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_process(&zr), 0);
	assert_int_equal(amp_rpmsg_rx_pending(&zr), 0);
	amp_rpmsg_detach(&zr);
	amp_rpmsg_set_ns_bind_cb(&zr, never_bind, NULL);
	amp_rpmsg_kick(&zr);
	amp_rpmsg_doorbell_rang(&zr);
	amp_rpmsg_doorbell_done(&zr);
	amp_rpmsg_set_rx_notify(&zr, 0);
	assert_memory_equal(&zr, &zero_copy, sizeof(zr));

	/* endpoints: NULL, zeroed, destroyed */
	ept_calls_reject(NULL);
	ept_calls_reject(&zept);
	assert_int_equal(amp_rpmsg_ept_create(&tr, &ok, "ok", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
			 AMP_OK);
	assert_int_equal(
	    amp_rpmsg_ept_create(&tr, &e, "ok2", 2000, AMP_RPMSG_ADDR_ANY, rec_cb, &mrx), AMP_OK);
	assert_int_equal(amp_rpmsg_ept_destroy(e), AMP_OK);
	ept_calls_reject(e);
	/* a good endpoint, bad pointers */
	assert_null(amp_rpmsg_get_tx_buffer(ok, NULL, &err));
	assert_int_equal(err, AMP_EINVAL);
	assert_int_equal(amp_rpmsg_send_nocopy(ok, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_hold_rx_buffer(ok, NULL), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_tx_buffer(&tr, NULL), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(&tr, NULL), AMP_EINVAL);
	assert_null(amp_rpmsg_ept_by_name(&tr, NULL));
	/* the owner's endpoint: not the application's to destroy; it goes with the rings */
	ok->pinned = 1;
	assert_int_equal(amp_rpmsg_ept_destroy(ok), AMP_EPERM);
	assert_true(ok->in_use);
	assert_ptr_equal(amp_rpmsg_ept_by_name(&tr, "ok"), ok);
	amp_rpmsg_detach(&tr);
	assert_false(ok->in_use);
	assert_false(ok->pinned);

	/* wrong order and wrong role */
	assert_int_equal(amp_rpmsg_master_init_pool(&tr, AMP_SHM_POOL_OFF), AMP_EINVAL);
	assert_false(tr.up);
	assert_int_equal(amp_rpmsg_slave_attach(&tr, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
						AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, NUM,
						AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	assert_int_equal(tr.tx.num, 0);
	amp_rpmsg_init(&sr, &tport.port, S);
	assert_int_equal(amp_rpmsg_master_setup_vrings(&sr, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	assert_int_equal(amp_rpmsg_master_init_pool(&sr, AMP_SHM_POOL_OFF), AMP_EINVAL);
	assert_int_equal(sr.rx.num, 0);
	/* a port without the doorbell or the clock the rings need */
	no_notify = *tport.port.ops;
	no_notify.notify = NULL;
	no_clock = *tport.port.ops;
	no_clock.now_ms = NULL;
	hookless.ops = &no_notify;
	amp_rpmsg_init(&sr, &hookless, M);
	assert_int_equal(amp_rpmsg_master_setup_vrings(&sr, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	hookless.ops = &no_clock;
	amp_rpmsg_init(&sr, &hookless, S);
	assert_int_equal(amp_rpmsg_slave_attach(&sr, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
						AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, NUM,
						AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	/* before the rings are up a bounded send does not ask the (missing) clock */
	assert_int_equal(amp_rpmsg_ept_create(&sr, &e, "s", AMP_RPMSG_ADDR_ANY, 2000, rec_cb, &mrx),
			 AMP_OK);
	assert_int_equal(amp_rpmsg_send_timeout(e, &b, 1, 5), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_send(e, &b, 1), AMP_ENOTREADY);
	/* no region mapped: a pointer is not looked at as if it were in one */
	hookless.ops = tport.port.ops;
	hookless.shm = NULL;
	amp_rpmsg_init(&sr, &hookless, M);
	assert_int_equal(amp_rpmsg_release_tx_buffer(&sr, (void *)(uintptr_t)0x1000u), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(&sr, (void *)(uintptr_t)0x1000u), AMP_EINVAL);
	hookless.shm = tport.port.shm;
	hookless.ops = NULL;
	amp_rpmsg_init(&sr, &hookless, S);
	assert_int_equal(amp_rpmsg_slave_attach(&sr, AMP_POSIX_SHM_PA + AMP_SHM_VRING0_OFF,
						AMP_POSIX_SHM_PA + AMP_SHM_VRING1_OFF, NUM,
						AMP_CFG_VRING_ALIGN),
			 AMP_EINVAL);
	assert_int_equal(sr.tx.num, 0);
	/* and the same calls with a good device and port work */
	assert_int_equal(amp_rpmsg_master_setup_vrings(&tr, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_OK);
	/* the slave refuses buffers that are not 4-byte aligned: so does the pool */
	assert_int_equal(amp_rpmsg_master_init_pool(&tr, AMP_SHM_POOL_OFF + 2u), AMP_EINVAL);
	assert_false(tr.up);
	assert_int_equal(amp_rpmsg_master_init_pool(&tr, AMP_SHM_POOL_OFF), AMP_OK);
	assert_true(tr.up);
}

/* ---- both roles, after the handshake ---------------------------------------- */

/*
 * The link layer alone on the lockstep harness (no session layer above it):
 * the default endpoints are plain rpmsg endpoints the tests own.
 */
static struct test_pair pr;
static struct test_trace trace;

static struct amp_rpmsg *rdev(enum amp_role r)
{
	return &pr.link[r].rpmsg;
}

static struct amp_ept *dflt(enum amp_role r)
{
	return pr.link[r].default_ept;
}

static void poll_n(enum amp_role r, uint32_t n)
{
	test_pair_steps(&pr, r, n);
}

static void settle(void)
{
	poll_n(S, 4);
	poll_n(M, 4);
	poll_n(S, 4);
	poll_n(M, 4);
}

static int up_setup(void **state)
{
	(void)state;
	memset(&mrx, 0, sizeof(mrx));
	memset(&srx, 0, sizeof(srx));
	if (test_pair_init(&pr, 7))
		return -1;
	test_trace_attach(&pr.ls, &trace);
	if (!test_pair_handshake(&pr))
		return -1;
	amp_link_set_default_cb(&pr.link[M], rec_cb, &mrx);
	amp_link_set_default_cb(&pr.link[S], rec_cb, &srx);
	return 0;
}

static int up_teardown(void **state)
{
	(void)state;
	test_pair_fini(&pr);
	return 0;
}

/* The slave's default endpoint learns the master's address from its first message. */
static void slave_learns_dest(void)
{
	uint8_t b = 0x42;

	assert_int_equal(amp_rpmsg_try_send(dflt(S), &b, 1), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), &b, 1), AMP_OK);
	poll_n(S, 4);
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.src, dflt(M)->addr);
	assert_int_equal(dflt(S)->dest, dflt(M)->addr);
	poll_n(M, 4);
	srx.count = 0;
}

static void echo_both_ways(void **state)
{
	uint8_t msg[MAXLEN];
	uint32_t len;

	(void)state;
	slave_learns_dest();
	for (len = 0; len <= MAXLEN; len += 31) {
		fill(msg, len, len);
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, len), AMP_OK);
		settle();
		assert_int_equal(srx.len, len);
		assert_filled(srx.data, len, len);
		fill(msg, len, len + 1u);
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, len), AMP_OK);
		settle();
		assert_int_equal(mrx.len, len);
		assert_filled(mrx.data, len, len + 1u);
		assert_int_equal(mrx.src, dflt(S)->addr);
	}
	assert_int_equal(srx.count, mrx.count);
	assert_int_equal(rdev(M)->stats.bad_hdr + rdev(S)->stats.bad_hdr, 0);
	assert_int_equal(rdev(M)->stats.rx_dropped + rdev(S)->stats.rx_dropped, 0);
}

/*
 * A side that polls without sleeping turns its doorbells off: the peer's
 * messages then set no bell (and cost no doorbell) but arrive at the next
 * poll all the same; turned on again, the bell rings again. Both roles.
 */
static void rx_notify_off_and_on(void **state)
{
	uint8_t b = 0x5a;
	int to;

	(void)state;
	slave_learns_dest();
	for (to = M; to <= S; to++) {
		enum amp_role from = to == M ? S : M;
		struct rx_rec *rec = to == M ? &mrx : &srx;
		uint32_t kicks = rdev(from)->stats.kicks, count = rec->count;

		amp_rpmsg_set_rx_notify(rdev(to), 0);
		if (to == M)
			assert_true(amp_rd16(&rdev(M)->rx.avail->flags) &
				    AMP_VRING_AVAIL_F_NO_INTERRUPT);
		else
			assert_true(amp_rd16(&rdev(S)->rx.used->flags) &
				    AMP_VRING_USED_F_NO_NOTIFY);
		pr.ls.shm.mbox->bell[to] = 0;
		assert_int_equal(amp_rpmsg_try_send(dflt(from), &b, 1), AMP_OK);
		assert_int_equal(pr.ls.shm.mbox->bell[to], 0);
		assert_int_equal(rdev(from)->stats.kicks, kicks);
		poll_n(to, 2);
		assert_int_equal(rec->count, count + 1u);

		amp_rpmsg_set_rx_notify(rdev(to), 1);
		assert_int_equal(amp_rpmsg_try_send(dflt(from), &b, 1), AMP_OK);
		assert_int_equal(pr.ls.shm.mbox->bell[to], 1);
		assert_int_equal(rdev(from)->stats.kicks, kicks + 1u);
		poll_n(to, 2);
		assert_int_equal(rec->count, count + 2u);
		settle();
	}
}

static void send_too_long_is_refused(void **state)
{
	static uint8_t big[0x10000];
	const size_t lens[] = {MAXLEN + 1u, AMP_CFG_BUF_SIZE, 0xFFFFu, sizeof(big)};
	struct amp_rpmsg *m = rdev(M);
	uint32_t tx;
	uint16_t free_tx;
	size_t i;

	(void)state;
	slave_learns_dest();
	tx = m->stats.tx_msgs;
	free_tx = m->free_tx_count;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		assert_int_equal(amp_rpmsg_try_send(dflt(M), big, lens[i]), AMP_EMSGSIZE);
		assert_int_equal(amp_rpmsg_send(dflt(M), big, lens[i]), AMP_EMSGSIZE);
		assert_int_equal(amp_rpmsg_try_send(dflt(S), big, lens[i]), AMP_EMSGSIZE);
	}
	assert_int_equal(amp_rpmsg_try_send(dflt(M), big, SIZE_MAX), AMP_EMSGSIZE);
	/* no buffer taken, nothing sent, nothing truncated arrives */
	assert_int_equal(m->stats.tx_msgs, tx);
	assert_int_equal(m->free_tx_count, free_tx);
	settle();
	assert_int_equal(srx.count, 0);
	assert_int_equal(mrx.count, 0);
	/* the longest payload goes through whole */
	fill(big, MAXLEN, 9);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), big, MAXLEN), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.len, MAXLEN);
	assert_filled(srx.data, MAXLEN, 9);
	/* NULL data is only fine for an empty message */
	assert_int_equal(amp_rpmsg_try_send(dflt(M), NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), NULL, 0), AMP_OK);
	settle();
	assert_int_equal(srx.count, 2);
	assert_int_equal(srx.len, 0);
}

/* A prefix and the data as one message: both bytes in order, the same size rules as try_send. */
static void send_prefixed(void **state)
{
	static uint8_t big[MAXLEN + 1u];
	const uint8_t pre[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct amp_rpmsg *m = rdev(M);
	uint32_t tx;

	(void)state;
	slave_learns_dest();
	fill(big, MAXLEN, 5);
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), pre, sizeof(pre), big, 40), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.len, sizeof(pre) + 40u);
	assert_memory_equal(srx.data, pre, sizeof(pre));
	assert_filled(srx.data + sizeof(pre), 40, 5);
	/* exactly full, one byte over, and sizes whose sum wraps: refused whole */
	assert_int_equal(
	    amp_rpmsg_try_send_prefixed(dflt(S), pre, sizeof(pre), big, MAXLEN - sizeof(pre)),
	    AMP_OK);
	settle();
	assert_int_equal(mrx.len, MAXLEN);
	tx = m->stats.tx_msgs;
	assert_int_equal(
	    amp_rpmsg_try_send_prefixed(dflt(M), pre, sizeof(pre), big, MAXLEN - sizeof(pre) + 1u),
	    AMP_EMSGSIZE);
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), pre, SIZE_MAX, big, 2), AMP_EMSGSIZE);
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), pre, 2, big, SIZE_MAX - 1u),
			 AMP_EMSGSIZE);
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), NULL, 1, big, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), pre, 1, NULL, 1), AMP_EINVAL);
	assert_int_equal(m->stats.tx_msgs, tx);
	/* no prefix: a plain send */
	assert_int_equal(amp_rpmsg_try_send_prefixed(dflt(M), NULL, 0, big, 3), AMP_OK);
	settle();
	assert_int_equal(srx.len, 3);
	assert_filled(srx.data, 3, 5);
}

static void unbound_endpoint(void **state)
{
	struct amp_ept *e;
	uint8_t b = 7;

	(void)state;
	assert_int_equal(amp_rpmsg_ept_create(rdev(M), &e, "lonely", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
			 AMP_OK);
	assert_int_equal(amp_rpmsg_try_send(e, &b, 1), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_send_timeout(e, &b, 1, 5), AMP_ENOTREADY);
	assert_int_equal(amp_rpmsg_try_sendto(e, AMP_RPMSG_ADDR_ANY, &b, 1), AMP_ENOTREADY);
	/* an explicit destination works: the slave's default endpoint gets it */
	assert_int_equal(amp_rpmsg_try_sendto(e, dflt(S)->addr, &b, 1), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.src, e->addr);
	/* to an address nobody has: counted and dropped by the slave */
	assert_int_equal(amp_rpmsg_try_sendto(e, 4242, &b, 1), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(rdev(S)->stats.rx_dropped, 1);
}

static void master_runs_out_of_buffers(void **state)
{
	struct amp_rpmsg *m = rdev(M);
	uint8_t msg[64];
	uint32_t i, t0;

	(void)state;
	for (i = 0; i < NUM; i++) {
		fill(msg, sizeof(msg), i);
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	}
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(m->stats.no_buffer, 1);
	/* a bounded wait ends (the lockstep clock moves while it waits) */
	t0 = pr.ls.now_ms;
	assert_int_equal(amp_rpmsg_send_timeout(dflt(M), msg, sizeof(msg), 5), AMP_ETIMEDOUT);
	assert_true(pr.ls.now_ms - t0 >= 5);
	assert_int_equal(amp_rpmsg_send_timeout(dflt(M), msg, sizeof(msg), 0), AMP_ETIMEDOUT);
	/* the slave consumes them all: buffers come back */
	poll_n(S, 4);
	assert_int_equal(srx.count, NUM);
	assert_filled(srx.data, sizeof(msg), NUM - 1u);
	fill(msg, sizeof(msg), 99);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	poll_n(S, 4);
	assert_int_equal(srx.count, NUM + 1u);
	assert_filled(srx.data, sizeof(msg), 99);
}

static void slave_runs_out_of_buffers(void **state)
{
	struct amp_rpmsg *s = rdev(S);
	uint8_t msg[32];
	uint32_t i;

	(void)state;
	slave_learns_dest();
	for (i = 0; i < NUM; i++) {
		fill(msg, sizeof(msg), i);
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	}
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(s->stats.no_buffer, 1);
	assert_int_equal(amp_rpmsg_send_timeout(dflt(S), msg, sizeof(msg), 3), AMP_ETIMEDOUT);
	poll_n(M, 4);
	assert_int_equal(mrx.count, NUM);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	poll_n(M, 4);
	assert_int_equal(mrx.count, NUM + 1u);
	assert_int_equal(s->tx.stats.bad_addr + s->tx.stats.bad_len + s->tx.stats.bad_id, 0);
}

static void zero_copy_send(void **state)
{
	void *buf[NUM + 1];
	uint32_t size = 0, i;
	int err = 1;
	uint8_t junk_area[64] = {0};
	uint8_t *junk = junk_area + 32; /* room before it: see foreign_pointer_not_read */

	(void)state;
	buf[0] = amp_rpmsg_get_tx_buffer(dflt(M), &size, &err);
	assert_non_null(buf[0]);
	assert_int_equal(err, AMP_OK);
	assert_int_equal(size, MAXLEN);
	/* the buffer is in the pool, right after its header */
	assert_true((uint8_t *)buf[0] >= (uint8_t *)pr.ls.shm.region + AMP_SHM_POOL_OFF);
	assert_true((uint8_t *)buf[0] + MAXLEN <= (uint8_t *)pr.ls.shm.region + AMP_SHM_LAYOUT_END);
	fill(buf[0], MAXLEN, 5);
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), buf[0], MAXLEN), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.len, MAXLEN);
	assert_filled(srx.data, MAXLEN, 5);
	/* once sent it is no longer ours */
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), buf[0], 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), buf[0]), AMP_EINVAL);

	/* take every buffer, then one more */
	for (i = 0; i < NUM; i++) {
		buf[i] = amp_rpmsg_get_tx_buffer(dflt(M), &size, &err);
		assert_non_null(buf[i]);
	}
	assert_null(amp_rpmsg_get_tx_buffer(dflt(M), &size, &err));
	assert_int_equal(err, AMP_ENOBUFS);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), junk, 1), AMP_ENOBUFS);
	/* too long: refused, still held */
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), buf[1], MAXLEN + 1u), AMP_EMSGSIZE);
	/* not a buffer we handed out */
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), junk, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), (uint8_t *)buf[1] + 4, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), junk + 8), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), NULL), AMP_EINVAL);
	/* give one back unused: it can be taken again */
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), buf[1]), AMP_OK);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), buf[1]), AMP_EINVAL);
	buf[NUM] = amp_rpmsg_get_tx_buffer(dflt(M), &size, &err);
	assert_ptr_equal(buf[NUM], buf[1]);
	/* send the rest, each with its own content */
	for (i = 0; i < NUM; i++) {
		fill(buf[i], 100, 1000u + i);
		assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), buf[i], 100), AMP_OK);
		poll_n(S, 2);
		assert_int_equal(srx.count, 2u + i);
		assert_filled(srx.data, 100, 1000u + i);
	}
	assert_int_equal(rdev(M)->stats.bad_hdr + rdev(S)->stats.bad_hdr, 0);
}

#if !AMP_CFG_LEAN
static void zero_copy_send_slave(void **state)
{
	void *buf[NUM + 1];
	uint32_t size = 0, i;
	uint16_t used;
	int err = 1;

	(void)state;
	slave_learns_dest();
	for (i = 0; i < NUM; i++) {
		buf[i] = amp_rpmsg_get_tx_buffer(dflt(S), &size, &err);
		assert_non_null(buf[i]);
		assert_int_equal(size, MAXLEN);
	}
	assert_null(amp_rpmsg_get_tx_buffer(dflt(S), &size, &err));
	assert_int_equal(err, AMP_ENOBUFS);
	/*
	 * A device keeps an unused buffer for its next send: a used entry of
	 * length 0 would read as a message to an OpenAMP master.
	 */
	used = amp_rd16(&rdev(S)->tx.used->idx);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(S), buf[0]), AMP_OK);
	assert_int_equal(amp_rd16(&rdev(S)->tx.used->idx), used);
	poll_n(M, 4);
	assert_int_equal(mrx.count, 0);
	buf[NUM] = amp_rpmsg_get_tx_buffer(dflt(S), &size, &err);
	assert_non_null(buf[NUM]);
	for (i = 1; i <= NUM; i++) {
		fill(buf[i], 200, i);
		assert_int_equal(amp_rpmsg_send_nocopy(dflt(S), buf[i], 200), AMP_OK);
		poll_n(M, 2);
		assert_int_equal(mrx.count, i);
		assert_filled(mrx.data, 200, i);
	}
}
#else
/*
 * The lean slave has no zero copy (docs/integration.md): each call says so
 * (AMP_ENOTSUP) and lends nothing; the master's side keeps it.
 */
static void lean_slave_lends_no_buffer(void **state)
{
	uint8_t mine[32] = {0};
	uint32_t size = 7;
	int err = 1;

	(void)state;
	slave_learns_dest();
	assert_null(amp_rpmsg_get_tx_buffer(dflt(S), &size, &err));
	assert_int_equal(err, AMP_ENOTSUP);
	assert_int_equal(size, 7);
	assert_null(amp_rpmsg_get_tx_buffer(dflt(S), &size, NULL));
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(S), mine, 1), AMP_ENOTSUP);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(S), mine), AMP_ENOTSUP);
	assert_non_null(amp_rpmsg_get_tx_buffer(dflt(M), &size, &err));
	assert_int_equal(err, AMP_OK);
}
#endif

/*
 * The slave gives a consumed buffer back with its descriptor length as the
 * used length: an OpenAMP master reuses a returned buffer with that length
 * as its size (with 0 it sent its next message with len 65520).
 */
static void slave_used_len_is_descriptor_len(void **state)
{
	struct amp_rpmsg *s = rdev(S);
	uint8_t msg[10] = {1, 2, 3};
	uint16_t i, before = amp_rd16(&s->rx.used->idx);

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	poll_n(S, 4);
	assert_int_equal(srx.count, 3);
	assert_int_equal((uint16_t)(amp_rd16(&s->rx.used->idx) - before), 3);
	for (i = 0; i < 3; i++) {
		volatile struct amp_vring_used_elem *e = &s->rx.used->ring[(before + i) % NUM];
		uint32_t id = amp_rd32(&e->id);

		/* ours posts the message length, OpenAMP the whole buffer: echoed either way */
		assert_int_equal(amp_rd32(&e->len), amp_rd32(&s->rx.desc[id].len));
		assert_int_equal(amp_rd32(&e->len), AMP_RPMSG_HDR_SIZE + sizeof(msg));
	}
}

/* Shrink every receive buffer the master has posted to size bytes, as another master would. */
static void master_posts_buffers_of(uint32_t size)
{
	struct amp_rpmsg *m = rdev(M);
	uint16_t i;

	for (i = 0; i < NUM; i++)
		amp_wr32(&m->rx.desc[i].len, size);
}

/*
 * A master may post buffers smaller than ours (OpenAMP's are configurable,
 * 256 is common): the slave uses them, refuses only a message that does not
 * fit (AMP_EMSGSIZE, never truncated) and keeps that buffer for the next one.
 */
static void slave_uses_smaller_buffers(void **state)
{
	uint8_t msg[MAXLEN];
	uint32_t i, fit = 256u - AMP_RPMSG_HDR_SIZE;

	(void)state;
	slave_learns_dest();
	master_posts_buffers_of(256u);
	fill(msg, fit + 1u, 3);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, fit + 1u), AMP_EMSGSIZE);
	assert_int_equal(amp_rpmsg_payload_max(rdev(S)), fit);
	if (!AMP_CFG_LEAN) {
		uint32_t size = 0;
		int err = 1;
		void *zc = amp_rpmsg_get_tx_buffer(dflt(S), &size, &err);

		assert_non_null(zc);
		assert_int_equal(size, fit);
		assert_int_equal(amp_rpmsg_send_nocopy(dflt(S), zc, fit + 1u), AMP_EMSGSIZE);
		assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(S), zc), AMP_OK);
	}
	/* every one of the master's buffers still carries a message */
	for (i = 0; i < NUM; i++) {
		fill(msg, fit, 100u + i);
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, fit), AMP_OK);
		poll_n(M, 2);
		assert_int_equal(mrx.len, fit);
		assert_filled(mrx.data, fit, 100u + i);
	}
	assert_int_equal(mrx.count, NUM);
	assert_int_equal(rdev(S)->tx.stats.bad_len, 0);
	assert_int_equal(rdev(M)->stats.bad_hdr, 0);
}

/* Master: its own buffer size, set before the pool, within bounds. */
static void master_buf_size_bounds(void **state)
{
	(void)state;
	assert_int_equal(amp_rpmsg_master_set_buf_size(rdev(M), 256u), AMP_EINVAL); /* up */
	assert_int_equal(amp_rpmsg_master_set_buf_size(rdev(S), 256u), AMP_EINVAL); /* slave */
	assert_int_equal(amp_rpmsg_master_set_buf_size(NULL, 256u), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_payload_max(rdev(M)), MAXLEN);
	assert_int_equal(amp_rpmsg_payload_max(NULL), 0);
}

#if !AMP_CFG_LEAN
static void hold_and_release_rx_slave(void **state)
{
	struct amp_rpmsg *s = rdev(S);
	uint8_t msg[48];
	uint32_t i;

	(void)state;
	srx.hold = 1;
	for (i = 0; i < NUM; i++) {
		fill(msg, sizeof(msg), i);
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	}
	poll_n(S, 4);
	assert_int_equal(srx.held, NUM);
	/* held buffers are not returned: the master stays out of buffers */
	settle();
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_ENOBUFS);
	/* the data stays valid after the callback */
	for (i = 0; i < NUM; i++)
		assert_filled(srx.held_ptr[i], sizeof(msg), i);
	/* only inside a callback, only the buffer being delivered */
	assert_int_equal(amp_rpmsg_hold_rx_buffer(dflt(S), srx.held_ptr[0]), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(s, msg + 16), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(s, (uint8_t *)srx.held_ptr[0] + 1),
			 AMP_EINVAL);
	/* release one: the master can send one more */
	srx.hold = 0;
	assert_int_equal(amp_rpmsg_release_rx_buffer(s, srx.held_ptr[3]), AMP_OK);
	assert_int_equal(amp_rpmsg_release_rx_buffer(s, srx.held_ptr[3]), AMP_EINVAL);
	fill(msg, sizeof(msg), 77);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_ENOBUFS);
	poll_n(S, 4);
	assert_int_equal(srx.count, NUM + 1u);
	assert_filled(srx.data, sizeof(msg), 77);
	/* the others are still intact */
	for (i = 0; i < NUM; i++)
		if (i != 3)
			assert_filled(srx.held_ptr[i], sizeof(msg), i);
	for (i = 0; i < NUM; i++)
		if (i != 3)
			assert_int_equal(amp_rpmsg_release_rx_buffer(s, srx.held_ptr[i]), AMP_OK);
	settle();
	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	poll_n(S, 4);
	assert_int_equal(srx.count, 2u * NUM + 1u);
}
#else
/*
 * Nor does it hold a receive buffer past its callback: asked in the
 * callback (or outside it) it says AMP_ENOTSUP, and every buffer goes back,
 * so the master never runs out.
 */
static void lean_slave_holds_no_buffer(void **state)
{
	uint8_t msg[8] = {1, 2, 3}, mine[32] = {0};
	uint32_t i;

	(void)state;
	assert_int_equal(amp_rpmsg_hold_rx_buffer(dflt(S), mine), AMP_ENOTSUP);
	assert_int_equal(amp_rpmsg_release_rx_buffer(rdev(S), mine), AMP_ENOTSUP);
	srx.try_hold = 1;
	srx.hold_err = AMP_OK;
	for (i = 0; i < 2u * NUM; i++) {
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
		poll_n(S, 2);
		poll_n(M, 2);
	}
	assert_int_equal(srx.count, 2u * NUM);
	assert_int_equal(srx.hold_err, AMP_ENOTSUP);
}
#endif

static void hold_and_release_rx_master(void **state)
{
	struct amp_rpmsg *m = rdev(M);
	uint8_t msg[40];
	uint32_t i;

	(void)state;
	slave_learns_dest();
	mrx.hold = 1;
	for (i = 0; i < NUM; i++) {
		fill(msg, sizeof(msg), i);
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	}
	poll_n(M, 4);
	assert_int_equal(mrx.held, NUM);
	settle();
	/* the master re-posts nothing it holds */
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_ENOBUFS);
	mrx.hold = 0;
	for (i = 0; i < NUM; i++) {
		assert_filled(mrx.held_ptr[i], sizeof(msg), i);
		assert_int_equal(amp_rpmsg_release_rx_buffer(m, mrx.held_ptr[i]), AMP_OK);
	}
	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	poll_n(M, 4);
	assert_int_equal(mrx.count, 2u * NUM);
	assert_int_equal(m->rx.stats.bad_id + m->rx.stats.bad_idx + m->rx.stats.bad_len, 0);
}

/*
 * The link's default endpoint belongs to the link: destroying it would leave
 * link->default_ept dangling (and the slot free for the next endpoint). It is
 * refused on both roles and the channel goes on working.
 */
static void default_ept_cannot_be_destroyed(void **state)
{
	struct amp_ept *m = dflt(M), *s = dflt(S), *e;

	(void)state;
	assert_int_equal(amp_rpmsg_ept_destroy(m), AMP_EPERM);
	assert_int_equal(amp_rpmsg_ept_destroy(s), AMP_EPERM);
	assert_ptr_equal(dflt(M), m);
	assert_ptr_equal(dflt(S), s);
	assert_true(m->in_use && s->in_use);
	/* nothing went to the peer: no name-service DESTROY, no unbinding */
	settle();
	assert_true(amp_rpmsg_ept_is_bound(m));
	assert_true(amp_link_is_ready(&pr.link[M]) && amp_link_is_ready(&pr.link[S]));
	/* a new endpoint does not take the default's slot */
	assert_int_equal(amp_rpmsg_ept_create(rdev(M), &e, "other", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
			 AMP_OK);
	assert_ptr_not_equal(e, m);
	assert_int_equal(amp_rpmsg_ept_destroy(e), AMP_OK);
	/* the default channel still carries messages both ways */
	echo_both_ways(state);
	assert_int_equal(rdev(M)->stats.bad_ns + rdev(S)->stats.bad_ns, 0);
}

/* The same with the whole stack running: the session layer's control traffic rides on it. */
static struct {
	uint32_t got;
	uint8_t data[8];
} stack_rx;

static void stack_echo(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	assert_int_equal(amp_session_send(s, data, len), AMP_OK);
}

static void stack_got(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)s;
	(void)priv;
	assert_int_equal(len, sizeof(stack_rx.data));
	memcpy(stack_rx.data, data, len);
	stack_rx.got++;
}

static void default_ept_cannot_be_destroyed_in_full_stack(void **state)
{
	static const struct amp_session_ops echo_ops = {.data = stack_echo};
	static const struct amp_session_ops got_ops = {.data = stack_got};
	static const uint8_t msg[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	static struct amp_lockstep ls;
	struct amp_session *ms = NULL;
	struct amp_ept *d[2];
	uint32_t n;
	int r;

	(void)state;
	memset(&stack_rx, 0, sizeof(stack_rx));
	assert_int_equal(amp_lockstep_init(&ls, 11), AMP_OK);
	assert_true(test_handshake(&ls));
	for (r = M; r <= S; r++) {
		d[r] = ls.amp[r].link.default_ept;
		assert_non_null(d[r]);
		assert_int_equal(amp_rpmsg_ept_destroy(d[r]), AMP_EPERM);
		assert_ptr_equal(ls.amp[r].link.default_ept, d[r]);
		assert_true(d[r]->in_use);
	}
	/* sessions (opened over the default endpoint) still come up and carry data */
	assert_int_equal(amp_session_listen(amp_sessions(&ls.amp[S]), "echo", &echo_ops, NULL),
			 AMP_OK);
	assert_int_equal(amp_session_open(amp_sessions(&ls.amp[M]), "echo", &got_ops, NULL, &ms),
			 AMP_OK);
	for (n = 0; n < 20000u && !amp_session_is_established(ms); n++)
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
	assert_true(amp_session_is_established(ms));
	assert_int_equal(amp_session_send(ms, msg, sizeof(msg)), AMP_OK);
	for (n = 0; n < 20000u && !stack_rx.got; n++)
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
	assert_int_equal(stack_rx.got, 1);
	assert_memory_equal(stack_rx.data, msg, sizeof(msg));
	assert_true(amp_is_ready(&ls.amp[M]) && amp_is_ready(&ls.amp[S]));
	amp_lockstep_fini(&ls);
}

/* ---- name service ------------------------------------------------------------ */

static struct {
	uint32_t calls;
	char name[AMP_RPMSG_NAME_SIZE];
	uint32_t addr;
} nsb;

static void ns_bind_cb(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv)
{
	(void)r;
	(void)priv;
	nsb.calls++;
	snprintf(nsb.name, sizeof(nsb.name), "%s", name);
	nsb.addr = addr;
}

static void ns_bind_and_destroy(void **state)
{
	struct amp_ept *me, *se;
	uint8_t b = 1;

	(void)state;
	assert_int_equal(amp_rpmsg_ept_create(rdev(M), &me, "svc", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
			 AMP_OK);
	me->unbind = rec_unbind;
	assert_int_equal(amp_rpmsg_ept_create(rdev(S), &se, "svc", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &srx),
			 AMP_OK);
	assert_false(amp_rpmsg_ept_is_bound(me));
	assert_int_equal(amp_rpmsg_ept_announce(se), AMP_OK);
	if (AMP_CFG_TRACE)
		assert_int_not_equal(test_trace_find(&trace, 0, "s.register<ept=svc>"), -1);
	poll_n(M, 4);
	assert_true(amp_rpmsg_ept_is_bound(me));
	assert_int_equal(me->dest, se->addr);
	if (AMP_CFG_TRACE)
		assert_int_not_equal(test_trace_find(&trace, 0, "m.bind<ept=svc>"), -1);
	/* both ways on the new channel */
	assert_int_equal(amp_rpmsg_try_send(me, &b, 1), AMP_OK);
	settle();
	assert_int_equal(srx.count, 1);
	assert_int_equal(srx.src, me->addr);
	assert_int_equal(se->dest, me->addr);
	assert_int_equal(amp_rpmsg_try_send(se, &b, 1), AMP_OK);
	settle();
	assert_int_equal(mrx.count, 1);
	/* the slave destroys its side: the master's endpoint is unbound */
	amp_rpmsg_ept_destroy(se);
	poll_n(M, 4);
	if (AMP_CFG_LEAN) {
		/* The lean slave sends no DESTROY (docs/integration.md): still bound. */
		assert_true(amp_rpmsg_ept_is_bound(me));
		assert_int_equal(mrx.unbinds, 0);
		return;
	}
	assert_false(amp_rpmsg_ept_is_bound(me));
	assert_true(me->in_use);
	assert_int_equal(mrx.unbinds, 1);
	assert_int_equal(amp_rpmsg_try_send(me, &b, 1), AMP_ENOTREADY);
	/* the default channel is untouched */
	assert_true(amp_rpmsg_ept_is_bound(dflt(M)));
	assert_int_equal(rdev(M)->stats.bad_ns, 0);
}

static void ns_announce_nobody_waits_for(void **state)
{
	struct amp_ept *se;

	(void)state;
	memset(&nsb, 0, sizeof(nsb));
	amp_rpmsg_set_ns_bind_cb(rdev(M), ns_bind_cb, NULL);
	assert_int_equal(
	    amp_rpmsg_ept_create(rdev(S), &se, "dynamic", 5000, AMP_RPMSG_ADDR_ANY, rec_cb, &srx),
	    AMP_OK);
	assert_int_equal(amp_rpmsg_ept_announce(se), AMP_OK);
	poll_n(M, 4);
	assert_int_equal(nsb.calls, 1);
	assert_string_equal(nsb.name, "dynamic");
	assert_int_equal(nsb.addr, 5000);
	/* a DESTROY for something never bound is ignored */
	amp_rpmsg_ept_destroy(se);
	poll_n(M, 4);
	assert_int_equal(nsb.calls, 1);
	assert_int_equal(rdev(M)->stats.bad_ns, 0);
}

/*
 * A name the master announces: the full slave binds its endpoint of that
 * name; the lean slave binds nothing by name and drops the message.
 */
static void ns_from_the_master(void **state)
{
	struct amp_ept *me, *se;
	uint32_t dropped = rdev(S)->stats.rx_dropped;

	(void)state;
	assert_int_equal(
	    amp_rpmsg_ept_create(rdev(M), &me, "up", 3000, AMP_RPMSG_ADDR_ANY, rec_cb, &mrx),
	    AMP_OK);
	assert_int_equal(amp_rpmsg_ept_create(rdev(S), &se, "up", AMP_RPMSG_ADDR_ANY,
					      AMP_RPMSG_ADDR_ANY, rec_cb, &srx),
			 AMP_OK);
	assert_int_equal(amp_rpmsg_ept_announce(me), AMP_OK);
	poll_n(S, 4);
	if (AMP_CFG_LEAN) {
		assert_false(amp_rpmsg_ept_is_bound(se));
		assert_int_equal(rdev(S)->stats.rx_dropped, dropped + 1u);
	} else {
		assert_true(amp_rpmsg_ept_is_bound(se));
		assert_int_equal(se->dest, 3000);
	}
	assert_int_equal(rdev(S)->stats.bad_ns, 0);
	assert_true(amp_link_is_ready(&pr.link[S]));
}

static void ns_malformed(void **state)
{
	struct amp_rpmsg *s = rdev(S);
	uint8_t msg[48];

	(void)state;
	memset(msg, 0, sizeof(msg));
	amp_rpmsg_ns_encode(msg, "svc", 2000, AMP_RPMSG_NS_CREATE);
	/* too short, too long, bad flags, the name service's own address */
	assert_int_equal(amp_rpmsg_send_raw(s, 2000, AMP_RPMSG_NS_ADDR, msg, 39, NULL), AMP_OK);
	assert_int_equal(amp_rpmsg_send_raw(s, 2000, AMP_RPMSG_NS_ADDR, msg, 41, NULL), AMP_OK);
	amp_rpmsg_ns_encode(msg, "svc", 2000, 7);
	assert_int_equal(amp_rpmsg_send_raw(s, 2000, AMP_RPMSG_NS_ADDR, msg, 40, NULL), AMP_OK);
	amp_rpmsg_ns_encode(msg, "svc", AMP_RPMSG_NS_ADDR, AMP_RPMSG_NS_CREATE);
	assert_int_equal(amp_rpmsg_send_raw(s, 2000, AMP_RPMSG_NS_ADDR, msg, 40, NULL), AMP_OK);
	amp_rpmsg_kick(s);
	poll_n(M, 4);
	assert_int_equal(rdev(M)->stats.bad_ns, 4);
	assert_true(amp_link_is_ready(&pr.link[M]));
}

/* ---- a peer that breaks the protocol ------------------------------------------- */

/* The master points every receive descriptor at the guard page after the region. */
static void peer_descriptors_outside_region_never_touched(void **state)
{
	volatile struct amp_vring_desc *d =
	    (volatile struct amp_vring_desc *)(pr.ls.shm.region + AMP_SHM_VRING0_OFF);
	struct amp_rpmsg *s = rdev(S);
	uint8_t msg[8] = {0};
	uint32_t i, size;
	int err;

	(void)state;
	slave_learns_dest();
	for (i = 0; i < NUM; i++)
		amp_wr64(&d[i].addr, (uint64_t)AMP_POSIX_SHM_PA + pr.ls.shm.size + i * 8u);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(s->tx.stats.bad_addr, NUM);
	assert_null(amp_rpmsg_get_tx_buffer(dflt(S), &size, &err));
	assert_int_equal(err, AMP_CFG_LEAN ? AMP_ENOTSUP : AMP_ENOBUFS);
	/*
	 * and just inside the end, but one byte too long (after the master took
	 * the refused buffers back: re-posting them rewrites their descriptors)
	 */
	poll_n(M, 4);
	for (i = 0; i < NUM; i++)
		amp_wr64(&d[i].addr,
			 (uint64_t)AMP_POSIX_SHM_PA + pr.ls.shm.size - AMP_CFG_BUF_SIZE + 4u);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(s->tx.stats.bad_addr, 2u * NUM);
	/* the master got them all back empty and delivered nothing */
	poll_n(M, 4);
	assert_int_equal(mrx.count, 0);
	assert_int_equal(rdev(M)->stats.bad_hdr, 0);
}

static void peer_header_len_too_long(void **state)
{
	struct amp_rpmsg *m = rdev(M);
	volatile uint8_t *hdr = pr.ls.shm.region + AMP_SHM_POOL_OFF;
	uint8_t msg[20];
	uint32_t i;

	(void)state;
	/* as with a plain virtio peer: the message is dropped, the rings go on */
	m->strict = 0;
	slave_learns_dest();
	fill(msg, sizeof(msg), 3);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	/* find the buffer the slave filled: its header says len 20 */
	for (i = 0; i < NUM; i++, hdr += AMP_CFG_BUF_SIZE)
		if (hdr[12] == sizeof(msg) && hdr[16] == msg[0])
			break;
	assert_true(i < NUM);
	/* claims more than the used length: dropped, buffer recycled */
	hdr[12] = 21;
	poll_n(M, 4);
	assert_int_equal(mrx.count, 0);
	assert_int_equal(m->stats.bad_hdr, 1);
	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	poll_n(M, 4);
	assert_int_equal(mrx.count, NUM);
	/*
	 * an amplink peer (strict): the buffer is not what our slave wrote, so
	 * it may hold an old message: the rings are broken, the link starts again
	 */
	m->strict = 1;
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	for (i = 0, hdr = pr.ls.shm.region + AMP_SHM_POOL_OFF; i < NUM; i++)
		amp_wr8(hdr + i * AMP_CFG_BUF_SIZE + 12u, 0xFF);
	poll_n(M, 1);
	assert_int_equal(mrx.count, NUM);
	assert_int_equal(pr.link[M].stats.ring_errors, 1);
	assert_false(amp_link_is_ready(&pr.link[M]));
	assert_int_equal(test_pair_until_ready(&pr, 4000), 1);
}

static void peer_avail_index_out_of_range(void **state)
{
	volatile struct amp_vring_avail *avail =
	    (volatile struct amp_vring_avail *)(pr.ls.shm.region + AMP_SHM_VRING1_OFF +
						AMP_VRING_AVAIL_OFF(NUM));
	struct amp_rpmsg *s = rdev(S);
	uint16_t idx = amp_rd16(&avail->idx);

	(void)state;
	amp_wr16(&avail->idx, (uint16_t)(idx + NUM + 1u));
	assert_int_equal(amp_rpmsg_process(s), AMP_EPROTO);
	assert_int_equal(s->rx.stats.bad_idx, 1);
	assert_int_equal(srx.count, 0);
}

/*
 * A pointer that is not one of our buffers is refused without reading the
 * memory around it: the start of the region has the guard page right before
 * it, so a look at "its header" faults.
 */
static void foreign_pointer_not_read(void **state)
{
	void *p = (void *)(uintptr_t)pr.ls.shm.region;

	(void)state;
	assert_int_equal(amp_rpmsg_send_nocopy(dflt(M), p, 1), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), p), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(rdev(M), p), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_release_rx_buffer(rdev(S), p),
			 AMP_CFG_LEAN ? AMP_ENOTSUP : AMP_EINVAL);
}

/* ---- tighter checks (issue 14 item 9) ---------------------------------------- */

/* "Ring me when buffers come back" is asked only while out of buffers, both roles. */
static void tx_notify_off_once_buffers_return(void **state)
{
	uint8_t msg[16] = {0};
	uint32_t i;

	(void)state;
	slave_learns_dest();
	poll_n(M, 4);
	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(amp_rd16(&rdev(M)->tx.avail->flags) & AMP_VRING_AVAIL_F_NO_INTERRUPT, 0);
	poll_n(S, 4);
	assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	assert_int_equal(amp_rd16(&rdev(M)->tx.avail->flags) & AMP_VRING_AVAIL_F_NO_INTERRUPT,
			 AMP_VRING_AVAIL_F_NO_INTERRUPT);
	poll_n(S, 4);

	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_ENOBUFS);
	assert_int_equal(amp_rd16(&rdev(S)->tx.used->flags) & AMP_VRING_USED_F_NO_NOTIFY, 0);
	poll_n(M, 4);
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	assert_int_equal(amp_rd16(&rdev(S)->tx.used->flags) & AMP_VRING_USED_F_NO_NOTIFY,
			 AMP_VRING_USED_F_NO_NOTIFY);
}

static struct {
	uint32_t waits, spins;
	uint32_t clean_lo[64], clean_hi[64], cleans;
} spy;
static struct amp_port_ops spy_ops;

/* A wait that sleeps (1 ms of virtual time) unless the doorbell is pending. */
static void spy_wait(void *ctx, uint32_t timeout_ms)
{
	(void)ctx;
	spy.waits++;
	if (!pr.ls.shm.mbox->bell[M]) {
		pr.ls.now_ms++;
		return;
	}
	/* a pending doorbell ends the wait at once; give up on a spinning caller */
	if (++spy.spins > 1000u)
		pr.ls.now_ms += timeout_ms;
}

static void install_spy(enum amp_role r)
{
	memset(&spy, 0, sizeof(spy));
	spy_ops = *pr.ls.port[r].port.ops;
	spy_ops.wait = spy_wait;
	pr.ls.port[r].port.ops = &spy_ops;
}

/* Out of buffers with a doorbell nobody took: the send sleeps, it does not spin. */
static void send_wait_takes_the_doorbell(void **state)
{
	uint8_t msg[16] = {0};
	uint32_t i;

	(void)state;
	install_spy(M);
	for (i = 0; i < NUM; i++)
		assert_int_equal(amp_rpmsg_try_send(dflt(M), msg, sizeof(msg)), AMP_OK);
	pr.ls.shm.mbox->bell[M] = 1;
	assert_int_equal(amp_rpmsg_send_timeout(dflt(M), msg, sizeof(msg), 5), AMP_ETIMEDOUT);
	assert_true(spy.spins <= 1u);
	assert_true(spy.waits <= 6u);
}

static void spy_clean(void *ctx, const volatile void *addr, size_t len)
{
	(void)ctx;
	if (spy.cleans < 64u) {
		spy.clean_lo[spy.cleans] =
		    (uint32_t)((const volatile uint8_t *)addr - pr.ls.shm.region);
		spy.clean_hi[spy.cleans] = spy.clean_lo[spy.cleans] + (uint32_t)len;
	}
	spy.cleans++;
}

/* Was [off, off + len) written back by one clean since the spy was reset? */
static int spy_cleaned(uint32_t off, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < spy.cleans && i < 64u; i++)
		if (spy.clean_lo[i] <= off && spy.clean_hi[i] >= off + len)
			return 1;
	return 0;
}

/* The master has a write-back cache (a clean hook): set up before the handshake. */
static int cache_setup(void **state)
{
	(void)state;
	memset(&mrx, 0, sizeof(mrx));
	memset(&srx, 0, sizeof(srx));
	if (test_pair_init(&pr, 7))
		return -1;
	memset(&spy, 0, sizeof(spy));
	spy_ops = *pr.ls.port[M].port.ops;
	spy_ops.cache_clean = spy_clean;
	pr.ls.port[M].port.ops = &spy_ops;
	if (!test_pair_handshake(&pr))
		return -1;
	amp_link_set_default_cb(&pr.link[M], rec_cb, &mrx);
	amp_link_set_default_cb(&pr.link[S], rec_cb, &srx);
	return 0;
}

static uint32_t off_of(const void *payload)
{
	return (uint32_t)((const volatile uint8_t *)payload - pr.ls.shm.region) -
	       AMP_RPMSG_HDR_SIZE;
}

/* The id kept in a held buffer's header is written back at once. */
static void header_line_cleaned_on_hold_and_get(void **state)
{
	uint32_t size = 0;
	uint8_t msg[8] = {1};
	void *b;

	(void)state;
	spy.cleans = 0;
	b = amp_rpmsg_get_tx_buffer(dflt(M), &size, NULL);
	assert_non_null(b);
	assert_true(spy_cleaned(off_of(b), AMP_RPMSG_HDR_SIZE));
	assert_int_equal(amp_rpmsg_release_tx_buffer(rdev(M), b), AMP_OK);

	slave_learns_dest();
	mrx.hold = 1;
	assert_int_equal(amp_rpmsg_try_send(dflt(S), msg, sizeof(msg)), AMP_OK);
	spy.cleans = 0;
	poll_n(M, 4);
	assert_int_equal(mrx.held, 1);
	assert_true(spy_cleaned(off_of(mrx.held_ptr[0]), AMP_RPMSG_HDR_SIZE));
	assert_int_equal(amp_rpmsg_release_rx_buffer(rdev(M), mrx.held_ptr[0]), AMP_OK);
}

/* With cache hooks: rings aligned and master buffers sized on a cache line. */
static void cache_port_needs_line_sized_rings_and_pool(void **state)
{
	struct amp_port port = pr.ls.port[M].port;
	struct amp_vring vr;
	struct amp_rpmsg r;

	(void)state;
	spy_ops = *port.ops;
	spy_ops.cache_clean = spy_clean;
	port.ops = &spy_ops;
	assert_int_equal(amp_vring_attach(&vr, &port, AMP_SHM_VRING0_OFF, NUM, 16), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &port, AMP_SHM_VRING0_OFF, NUM, AMP_CFG_CACHE_LINE),
			 AMP_OK);
	amp_rpmsg_init(&r, &port, AMP_ROLE_MASTER);
	assert_int_equal(amp_rpmsg_master_set_buf_size(&r, AMP_CFG_CACHE_LINE + 16u), AMP_OK);
	assert_int_equal(amp_rpmsg_master_setup_vrings(&r, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						       NUM, AMP_CFG_VRING_ALIGN),
			 AMP_OK);
	assert_int_equal(amp_rpmsg_master_init_pool(&r, AMP_SHM_POOL_OFF), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_master_init_pool(&r, AMP_SHM_POOL_OFF + 16u), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_master_set_buf_size(&r, 2u * AMP_CFG_CACHE_LINE), AMP_OK);
	assert_int_equal(amp_rpmsg_master_init_pool(&r, AMP_SHM_POOL_OFF), AMP_OK);
}

int main(void)
{
#define TT(f) cmocka_unit_test_setup_teardown(f, table_setup, table_teardown)
#define TU(f) cmocka_unit_test_setup_teardown(f, up_setup, up_teardown)
/* What lean leaves out: the full test, or in the lean program the test that it is out. */
#if AMP_CFG_LEAN
#define TU_FULL_OR_LEAN(full, lean) TU(lean)
#else
#define TU_FULL_OR_LEAN(full, lean) TU(full)
#endif
	const struct CMUnitTest tests[] = {
	    TT(ept_create_any),
	    TT(ept_create_explicit),
	    TT(ept_explicit_address_of_a_taken_slot),
	    TT(ept_names),
	    TT(ept_bad_arguments),
	    TT(ept_destroy),
	    TT(send_before_the_rings_are_up),
	    TT(test_rpmsg_rejects_bad_args),
	    TU(echo_both_ways),
	    TU(rx_notify_off_and_on),
	    TU(send_too_long_is_refused),
	    TU(send_prefixed),
	    TU(unbound_endpoint),
	    TU(master_runs_out_of_buffers),
	    TU(slave_runs_out_of_buffers),
	    TU(zero_copy_send),
	    TU_FULL_OR_LEAN(zero_copy_send_slave, lean_slave_lends_no_buffer),
	    TU(slave_used_len_is_descriptor_len),
	    TU(slave_uses_smaller_buffers),
	    TU(master_buf_size_bounds),
	    TU_FULL_OR_LEAN(hold_and_release_rx_slave, lean_slave_holds_no_buffer),
	    TU(hold_and_release_rx_master),
	    TU(default_ept_cannot_be_destroyed),
	    cmocka_unit_test(default_ept_cannot_be_destroyed_in_full_stack),
	    TU(ns_bind_and_destroy),
	    TU(ns_announce_nobody_waits_for),
	    TU(ns_from_the_master),
	    TU(ns_malformed),
	    TU(peer_descriptors_outside_region_never_touched),
	    TU(peer_header_len_too_long),
	    TU(peer_avail_index_out_of_range),
	    TU(tx_notify_off_once_buffers_return),
	    TU(send_wait_takes_the_doorbell),
	    cmocka_unit_test_setup_teardown(header_line_cleaned_on_hold_and_get, cache_setup,
					    up_teardown),
	    TU(cache_port_needs_line_sized_rings_and_pool),
	    /* last: with the bug it still reads (and faults) before refusing */
	    TU(foreign_pointer_not_read),
	};
#undef TT
#undef TU
#undef TU_FULL_OR_LEAN

	return cmocka_run_group_tests(tests, NULL, NULL);
}

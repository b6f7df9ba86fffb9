/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Endpoints between amplink (full stack, plain peer) and the real OpenAMP:
 * several on each side, created from both sides, static addresses below
 * 1024, bound by name service or by fixed addresses, and name-service
 * DESTROY in both directions. Every message checked: bytes, source address.
 *   endpoints_om_as  OpenAMP master, amplink slave
 *   endpoints_am_or  amplink master, OpenAMP remote
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"

#define NEPT 6

static struct iu_world w;

/* amplink's side of a test endpoint: what it received last, and unbinds. */
struct aside {
	struct amp_ept *ept;
	uint32_t got, last_src, last_len, unbinds;
	uint8_t last[AMP_CFG_BUF_SIZE];
};
static struct aside as[NEPT];

static int a_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct aside *a = priv;

	(void)ept;
	a->got++;
	a->last_src = src;
	a->last_len = (uint32_t)len;
	memcpy(a->last, data, len);
	return 0;
}

static void a_unbind(struct amp_ept *ept)
{
	((struct aside *)ept->priv)->unbinds++;
}

static struct amp_ept *a_make(int i, const char *name, uint32_t src, uint32_t dst)
{
	struct amp_ept *e = NULL;

	assert_int_equal(amp_rpmsg_ept_create(amp_rpmsg(&w.amp), &e, name, src, dst, a_cb, &as[i]),
			 0);
	e->unbind = a_unbind;
	as[i].ept = e;
	return e;
}

static void poll_n(uint32_t n)
{
	while (n--)
		iu_poll(&w);
}

/* Poll until pred() (bounded); pred reads the statics. */
static int wait_for(int (*pred)(void))
{
	uint32_t idle = 0;

	while (!pred()) {
		if (iu_poll(&w))
			idle = 0;
		else if (++idle > IU_IDLE_LIMIT)
			return 0;
	}
	return 1;
}

static void open_world(enum amp_role amp_role)
{
	struct iu_geom g = {16u, 16u, 512u, 0u, amp_role == AMP_ROLE_MASTER};

	memset(as, 0, sizeof(as));
	assert_int_equal(iu_world_open(&w, &g, amp_role), 0);
}

/* amplink -> OpenAMP: a random message from a, received by o with a's address as source. */
static uint32_t seq;
static struct oa_ept *want_o;
static int o_has_msg(void)
{
	return want_o->q_count > 0 || want_o->rx_count > 0;
}

static void a_to_o(struct aside *a, struct oa_ept *o)
{
	uint8_t buf[AMP_CFG_BUF_SIZE];
	uint32_t len = iu_make_msg(buf, iu_payload_max(&w), seq);
	struct oa_msg m;

	o->rx_count = 0;
	assert_int_equal(amp_rpmsg_try_send(a->ept, buf, len), AMP_OK);
	want_o = o;
	assert_true(wait_for(o_has_msg));
	if (o->mode == OA_EPT_QUEUE) {
		assert_true(oa_ept_pop(o, &m));
		assert_true(iu_check_msg(m.data, m.len, seq, iu_payload_max(&w)));
		assert_int_equal(m.src, a->ept->addr);
	}
	seq++;
}

static struct aside *want_a;
static uint32_t want_got;
static int a_has_msg(void)
{
	return want_a->got > want_got;
}

/* OpenAMP -> amplink: a random message from o to a, checked byte for byte with its source. */
static void o_to_a(struct oa_ept *o, struct aside *a)
{
	uint8_t buf[AMP_CFG_BUF_SIZE];
	uint32_t len = iu_make_msg(buf, iu_payload_max(&w), seq);

	want_a = a;
	want_got = a->got;
	assert_int_equal(oa_ept_trysend(o, buf, len), (int)len);
	assert_true(wait_for(a_has_msg));
	assert_true(iu_check_msg(a->last, a->last_len, seq, iu_payload_max(&w)));
	assert_int_equal(a->last_src, o->ept.addr);
	seq++;
}

static const char *ns_name;
static int ns_known(void)
{
	return oa_peer_ns_addr(&w.oa, ns_name) != RPMSG_ADDR_ANY;
}

static uint32_t await_ns(const char *name)
{
	ns_name = name;
	if (!wait_for(ns_known))
		iu_dump(&w);
	return oa_peer_ns_addr(&w.oa, name);
}

static struct amp_ept *want_bound;
static int is_bound(void)
{
	return amp_rpmsg_ept_is_bound(want_bound);
}

static void await_bound(struct amp_ept *e)
{
	want_bound = e;
	if (!wait_for(is_bound))
		iu_dump(&w);
	assert_true(amp_rpmsg_ept_is_bound(e));
}

static int oa_destroyed_seen(void)
{
	return w.oa.ns_destroyed > 0;
}

static int a_unbound(void)
{
	return want_a->unbinds > 0;
}

static void endpoints_om_as(void **state)
{
	struct oa_ept *o[NEPT];
	uint32_t addr;

	(void)state;
	open_world(AMP_ROLE_SLAVE);
	/* amplink slave: two dynamic, one static below 1024, one waiting for the master's */
	a_make(0, "svc-a", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	a_make(1, "svc-b", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	a_make(2, "svc-s", 0x200u, AMP_RPMSG_ADDR_ANY);
	a_make(3, "m-new", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	assert_int_equal(await_ns("svc-a") >= 1024u, 1);
	assert_int_equal(await_ns("svc-b") >= 1024u, 1);
	assert_int_equal(await_ns("svc-s"), 0x200u);
	/* one more, created once the link is up: announced by the application */
	poll_n(100);
	a_make(4, "svc-late", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	assert_int_equal(amp_rpmsg_ept_announce(as[4].ept), AMP_OK);
	addr = await_ns("svc-late");
	assert_int_equal(addr, as[4].ept->addr);
	/* OpenAMP master's endpoints bound to them (one at a static address of its own) */
	o[0] = oa_peer_ept(&w.oa, "svc-a", RPMSG_ADDR_ANY, oa_peer_ns_addr(&w.oa, "svc-a"),
			   OA_EPT_QUEUE);
	o[1] = oa_peer_ept(&w.oa, "svc-b", RPMSG_ADDR_ANY, oa_peer_ns_addr(&w.oa, "svc-b"),
			   OA_EPT_QUEUE);
	o[2] = oa_peer_ept(&w.oa, "svc-s", 0x150u, 0x200u, OA_EPT_QUEUE);
	o[4] = oa_peer_ept(&w.oa, "svc-late", RPMSG_ADDR_ANY, addr, OA_EPT_QUEUE);
	/* created from the master's side: OpenAMP announces it, amplink's waiting one binds */
	o[3] = oa_peer_ept(&w.oa, "m-new", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, OA_EPT_QUEUE);
	assert_non_null(o[0]);
	assert_non_null(o[1]);
	assert_non_null(o[2]);
	assert_non_null(o[3]);
	assert_non_null(o[4]);
	await_bound(as[3].ept);
	assert_int_equal(as[3].ept->dest, o[3]->ept.addr);
	/* both directions on every pair: the slave answers to whoever wrote first */
	o_to_a(o[0], &as[0]);
	o_to_a(o[1], &as[1]);
	o_to_a(o[2], &as[2]);
	o_to_a(o[4], &as[4]);
	a_to_o(&as[0], o[0]);
	a_to_o(&as[1], o[1]);
	a_to_o(&as[2], o[2]);
	a_to_o(&as[3], o[3]);
	a_to_o(&as[4], o[4]);
	o_to_a(o[3], &as[3]);
	assert_int_equal(as[2].last_src, 0x150u);
	/* name-service DESTROY, slave -> master: OpenAMP unbinds its endpoint */
	assert_int_equal(amp_rpmsg_ept_destroy(as[1].ept), AMP_OK);
	assert_true(wait_for(oa_destroyed_seen));
	assert_int_equal(o[1]->unbound, 1);
	assert_int_equal(oa_peer_ns_addr(&w.oa, "svc-b"), RPMSG_ADDR_ANY);
	/* master -> slave: amplink's endpoint unbinds, and says so */
	oa_peer_ept_destroy(o[3]);
	want_a = &as[3];
	assert_true(wait_for(a_unbound));
	assert_false(amp_rpmsg_ept_is_bound(as[3].ept));
	/* the others still work */
	o_to_a(o[0], &as[0]);
	a_to_o(&as[2], o[2]);
	assert_int_equal(w.oa.last_err, 0);
	iu_world_close(&w);
}

static void endpoints_am_or(void **state)
{
	struct oa_ept *o[NEPT];
	uint32_t i;

	(void)state;
	open_world(AMP_ROLE_MASTER);
	/* the remote's endpoints (queue mode: the test reads them) */
	assert_int_equal(oa_peer_auto_ept(&w.oa, "svc-a", RPMSG_ADDR_ANY, OA_EPT_QUEUE), 0);
	assert_int_equal(oa_peer_auto_ept(&w.oa, "svc-b", RPMSG_ADDR_ANY, OA_EPT_QUEUE), 0);
	assert_int_equal(oa_peer_auto_ept(&w.oa, "svc-s", 0x300u, OA_EPT_QUEUE), 0);
	/* amplink master: waiting for their names, plus one at a fixed static pair */
	a_make(0, "svc-a", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	a_make(1, "svc-b", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	a_make(2, "svc-s", 0x180u, AMP_RPMSG_ADDR_ANY);
	for (i = 0; i < 3; i++)
		await_bound(as[i].ept);
	assert_int_equal(as[2].ept->dest, 0x300u);
	assert_int_equal(as[2].ept->addr, 0x180u);
	for (i = 0; i < 3; i++) {
		o[i] = oa_peer_ept_by_name(&w.oa, i == 0 ? "svc-a" : i == 1 ? "svc-b" : "svc-s");
		assert_non_null(o[i]);
		assert_int_equal(as[i].ept->dest, o[i]->ept.addr);
	}
	/* master first, then the remote answers to the address it learnt */
	for (i = 0; i < 3; i++) {
		a_to_o(&as[i], o[i]);
		o_to_a(o[i], &as[i]);
	}
	/* created from the master's side and announced: the remote binds its own to it */
	a_make(3, "m-new", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
	assert_int_equal(amp_rpmsg_ept_announce(as[3].ept), AMP_OK);
	assert_int_equal(await_ns("m-new"), as[3].ept->addr);
	o[3] = oa_peer_ept(&w.oa, "m-new", 0x2F0u, as[3].ept->addr, OA_EPT_QUEUE);
	assert_non_null(o[3]);
	o_to_a(o[3], &as[3]);
	assert_int_equal(as[3].last_src, 0x2F0u);
	/* a fixed pair below 1024 without name service */
	a_make(4, "fixed", 0x181u, 0x300u);
	a_to_o(&as[4], o[2]);
	/* DESTROY, remote -> master */
	want_a = &as[1];
	oa_peer_ept_destroy(o[1]);
	assert_true(wait_for(a_unbound));
	assert_false(amp_rpmsg_ept_is_bound(as[1].ept));
	/* DESTROY, master -> remote */
	assert_int_equal(amp_rpmsg_ept_destroy(as[3].ept), AMP_OK);
	assert_true(wait_for(oa_destroyed_seen));
	assert_int_equal(o[3]->unbound, 1);
	a_to_o(&as[0], o[0]);
	o_to_a(o[2], &as[2]);
	assert_int_equal(w.oa.last_err, 0);
	iu_world_close(&w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(endpoints_om_as),
	    cmocka_unit_test(endpoints_am_or),
	};

	return IU_MAIN(tests, 0x5713u);
}

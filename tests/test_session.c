/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sessions (SPEC sections 5 and 6) under the lockstep harness: the default
 * session's HELLO pair, every user-session transition (OPEN, OPEN_ACK /
 * OPEN_NAK, the probe pair, CLOSE, handshake timeouts), full tables, stale
 * and malformed control messages, the heartbeat verdict, and recovery from a
 * reboot of either core. Both roles run in this process on a virtual clock;
 * where the order of events matters the test steps each role by hand,
 * elsewhere a seeded scheduler picks: every run is the same run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp_test.h"

#define MASTER	       AMP_ROLE_MASTER
#define SLAVE	       AMP_ROLE_SLAVE
#define STEPS_PER_BEAT (AMP_CFG_HEARTBEAT_MS * AMP_LOCKSTEP_STEPS_PER_MS)
/* Enough for anything that should happen within a few heartbeat periods. */
#define SOON	 (20u * STEPS_PER_BEAT)
#define MAX_MSGS 8

/* What one application saw on its sessions. */
struct rec {
	int opened;
	int closed;
	enum amp_close_reason reason;
	struct amp_session *s;
	int data;
	size_t len[MAX_MSGS];
	uint8_t msg[MAX_MSGS][AMP_SESSION_PAYLOAD_MAX];
};

/* What one application saw of the default session. */
struct dflt {
	int ups;
	int downs;
	enum amp_close_reason reason;
};

static struct amp_lockstep ls;
static struct rec rec_m, rec_s, rec_m2, rec_s2;
static struct dflt dflt_m, dflt_s;

static void on_opened(struct amp_session *s, void *priv)
{
	struct rec *r = priv;

	r->opened++;
	r->s = s;
}

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct rec *r = priv;

	(void)s;
	if (r->data < MAX_MSGS) {
		r->len[r->data] = len;
		memcpy(r->msg[r->data], data, len);
	}
	r->data++;
}

static void on_closed(struct amp_session *s, enum amp_close_reason reason, void *priv)
{
	struct rec *r = priv;

	r->closed++;
	r->reason = reason;
	r->s = s;
}

static const struct amp_session_ops ops = {
    .opened = on_opened,
    .data = on_data,
    .closed = on_closed,
};

static void on_default(struct amp_sessions *m, int up, enum amp_close_reason reason, void *priv)
{
	struct dflt *d = priv;

	(void)m;
	if (up) {
		d->ups++;
		return;
	}
	d->downs++;
	d->reason = reason;
}

/* ---- harness ------------------------------------------------------------- */

static struct amp *amp_of(enum amp_role r)
{
	return &ls.amp[r];
}

static struct amp_sessions *mgr(enum amp_role r)
{
	return amp_sessions(&ls.amp[r]);
}

static enum amp_role other(enum amp_role r)
{
	return r == MASTER ? SLAVE : MASTER;
}

static int both_ready(void)
{
	return amp_is_ready(amp_of(MASTER)) && amp_is_ready(amp_of(SLAVE));
}

/* Seeded random schedule until cond holds (at most max steps); then assert it. */
#define RUN_UNTIL(cond, max)                                                                       \
	do {                                                                                       \
		uint32_t n_;                                                                       \
		for (n_ = 0; n_ < (max) && !(cond); n_++)                                          \
			amp_lockstep_step(&ls, amp_lockstep_pick(&ls));                            \
		assert_true(cond);                                                                 \
	} while (0)

/* One role alone until cond holds (at most max steps); then assert it. */
#define RUN_ALONE_UNTIL(role, cond, max)                                                           \
	do {                                                                                       \
		uint32_t n_;                                                                       \
		for (n_ = 0; n_ < (max) && !(cond); n_++)                                          \
			amp_lockstep_step(&ls, (role));                                            \
		assert_true(cond);                                                                 \
	} while (0)

static void run(uint32_t steps)
{
	while (steps--)
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
}

static void step(enum amp_role r, uint32_t n)
{
	while (n--)
		amp_lockstep_step(&ls, r);
}

/* Power one role up (or reboot it): its application registers again. */
static void boot(enum amp_role r)
{
	assert_int_equal(amp_lockstep_boot(&ls, r), AMP_OK);
	amp_sessions_on_default(mgr(r), on_default, r == MASTER ? &dflt_m : &dflt_s);
}

static void resume(enum amp_role r)
{
	ls.running[r] = 1; /* the hung core carries on where it stopped */
}

/* Cold start: the master until it waits for the slave, then both. */
static void cold_start(void)
{
	boot(MASTER);
	step(MASTER, 1000);
	boot(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
}

static int ept_in_use(enum amp_role r)
{
	const struct amp_rpmsg *rp = &ls.amp[r].link.rpmsg;
	int i, n = 0;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++)
		n += rp->ept[i].in_use;
	return n;
}

static int sessions_in_use(enum amp_role r)
{
	int i, n = 0;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		n += mgr(r)->s[i].state != AMP_SS_FREE;
	return n;
}

/* The first live session this role accepted (NULL if none). */
static struct amp_session *accepted(enum amp_role r)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		if (mgr(r)->s[i].state != AMP_SS_FREE && !mgr(r)->s[i].opener)
			return &mgr(r)->s[i];
	return NULL;
}

/* Open `name` from `opener` to a listener on the other side; both see opened. */
static struct amp_session *open_pair(enum amp_role opener, const char *name, struct rec *ro,
				     struct rec *ra)
{
	struct amp_session *s = NULL;
	int ro0 = ro->opened, ra0 = ra->opened;
	int err = amp_session_listen(mgr(other(opener)), name, &ops, ra);

	/* a listener outlives the sessions (and the peer's reboots) */
	assert_true(err == AMP_OK || err == AMP_EEXIST);
	assert_int_equal(amp_session_open(mgr(opener), name, &ops, ro, &s), AMP_OK);
	assert_non_null(s);
	RUN_UNTIL(ro->opened == ro0 + 1 && ra->opened == ra0 + 1, SOON);
	assert_ptr_equal(ro->s, s);
	assert_true(amp_session_is_established(s));
	assert_true(amp_session_is_established(ra->s));
	return s;
}

/* Send a control message from `from`'s default endpoint, as a peer could. */
static void inject_raw(enum amp_role from, const void *bytes, size_t len)
{
	assert_int_equal(amp_rpmsg_try_send(ls.amp[from].link.default_ept, bytes, len), AMP_OK);
}

static void inject(enum amp_role from, uint8_t type, uint16_t sid, uint32_t epoch, uint32_t arg,
		   const char *name)
{
	struct amp_ctl_msg m;
	uint8_t buf[AMP_CTL_MAX_SIZE];
	int n;

	memset(&m, 0, sizeof(m));
	m.hdr.type = type;
	m.hdr.sid = sid;
	m.hdr.epoch = epoch;
	m.hdr.arg = arg;
	m.hello.role = (uint8_t)from;
	m.hello.heartbeat_ms = AMP_CFG_HEARTBEAT_MS;
	m.hello.miss_limit = AMP_CFG_HEARTBEAT_MISS;
	if (name)
		strcpy(m.name, name);
	n = amp_ctl_encode(buf, sizeof(buf), &m);
	assert_true(n > 0);
	inject_raw(from, buf, (size_t)n);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t epoch_now(void)
{
	return amp_link_epoch(&ls.amp[MASTER].link);
}

static int setup(void **state)
{
	(void)state;
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	memset(&rec_m2, 0, sizeof(rec_m2));
	memset(&rec_s2, 0, sizeof(rec_s2));
	memset(&dflt_m, 0, sizeof(dflt_m));
	memset(&dflt_s, 0, sizeof(dflt_s));
	return amp_lockstep_init(&ls, 1);
}

static int teardown(void **state)
{
	(void)state;
	amp_lockstep_fini(&ls);
	return 0;
}

/* ---- the default session -------------------------------------------------- */

static void default_up_after_hello_pair(void **state)
{
	struct amp_sessions *m, *s;

	(void)state;
	boot(MASTER);
	step(MASTER, 1000); /* waits for the slave's announcement */
	boot(SLAVE);
	RUN_ALONE_UNTIL(SLAVE, amp_link_is_ready(&ls.amp[SLAVE].link), 1000u);
	step(SLAVE, 100);
	/* link up, but no HELLO from the master yet: not ready */
	assert_false(amp_is_ready(amp_of(SLAVE)));
	assert_int_equal(mgr(SLAVE)->dstate, AMP_DS_HELLO);

	/* the master binds the default endpoint and sends HELLO */
	RUN_ALONE_UNTIL(MASTER, amp_link_is_ready(&ls.amp[MASTER].link), 100u);
	step(MASTER, 100);
	assert_false(amp_is_ready(amp_of(MASTER)));
	assert_int_equal(mgr(MASTER)->dstate, AMP_DS_HELLO);

	/* the slave reads it and writes its own: up on the slave */
	step(SLAVE, 1);
	assert_true(amp_is_ready(amp_of(SLAVE)));
	assert_false(amp_is_ready(amp_of(MASTER)));
	assert_int_equal(dflt_s.ups, 1);
	/* the master reads the answer: up there too */
	step(MASTER, 1);
	assert_true(amp_is_ready(amp_of(MASTER)));
	assert_int_equal(dflt_m.ups, 1);

	m = mgr(MASTER);
	s = mgr(SLAVE);
	assert_int_equal(m->peer_hello.role, SLAVE);
	assert_int_equal(s->peer_hello.role, MASTER);
	assert_int_equal(m->peer_hello.heartbeat_ms, AMP_CFG_HEARTBEAT_MS);
	assert_int_equal(m->peer_hello.miss_limit, AMP_CFG_HEARTBEAT_MISS);
	assert_int_equal(m->peer_hello.max_sessions, AMP_CFG_MAX_SESSIONS);
	assert_int_equal(m->epoch, s->epoch);
	assert_int_equal(m->epoch, epoch_now());

	/* ten periods of heartbeats both ways, nothing else */
	run(10u * 2u * STEPS_PER_BEAT);
	assert_true(both_ready());
	assert_true(m->stats.heartbeats_sent >= 9u && s->stats.heartbeats_sent >= 9u);
	assert_true(m->stats.heartbeats_recv >= 9u && s->stats.heartbeats_recv >= 9u);
	assert_int_equal(m->stats.peer_lost + s->stats.peer_lost, 0);
	assert_int_equal(m->stats.bad_ctl + s->stats.bad_ctl, 0);
	assert_int_equal(m->stats.stale_ctl + s->stats.stale_ctl, 0);
	assert_int_equal(dflt_m.downs + dflt_s.downs, 0);
}

static void open_needs_a_name_and_ops(void **state)
{
	struct amp_session *s = NULL;
	char long_name[AMP_SESSION_NAME_SIZE + 1];

	(void)state;
	cold_start();
	memset(long_name, 'x', AMP_SESSION_NAME_SIZE);
	long_name[AMP_SESSION_NAME_SIZE] = '\0';
	assert_int_equal(amp_session_open(mgr(MASTER), "", &ops, NULL, &s), AMP_EINVAL);
	assert_int_equal(amp_session_open(mgr(MASTER), NULL, &ops, NULL, &s), AMP_EINVAL);
	assert_int_equal(amp_session_open(mgr(MASTER), long_name, &ops, NULL, &s), AMP_EINVAL);
	assert_int_equal(amp_session_open(mgr(MASTER), "a", NULL, NULL, &s), AMP_EINVAL);
	assert_int_equal(amp_session_listen(mgr(SLAVE), "", &ops, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_listen(mgr(SLAVE), long_name, &ops, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_listen(mgr(SLAVE), "a", NULL, NULL), AMP_EINVAL);
	assert_int_equal(sessions_in_use(MASTER), 0);
}

static void listen_table_full(void **state)
{
	char name[16];
	int i;

	(void)state;
	cold_start();
	for (i = 0; i < AMP_CFG_MAX_LISTEN; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		assert_int_equal(amp_session_listen(mgr(SLAVE), name, &ops, NULL), AMP_OK);
	}
	assert_int_equal(amp_session_listen(mgr(SLAVE), "l0", &ops, NULL), AMP_EEXIST);
	assert_int_equal(amp_session_listen(mgr(SLAVE), "one-more", &ops, NULL), AMP_ENOSPC);
}

/* ---- open: OPEN, OPEN_ACK, the probe pair ------------------------------- */

/*
 * Every step of an open by hand: OPEN, OPEN_ACK, the probe, the reply. Only
 * that read/write pair makes the session established, on each side.
 */
static void open_step_by_step(enum amp_role opener)
{
	enum amp_role acceptor = other(opener);
	struct rec *ro = opener == MASTER ? &rec_m : &rec_s;
	struct rec *ra = opener == MASTER ? &rec_s : &rec_m;
	struct amp_session *s = NULL, *a;
	uint8_t byte = 1;

	cold_start();
	assert_int_equal(ept_in_use(opener), 1);
	assert_int_equal(amp_session_listen(mgr(acceptor), "svc", &ops, ra), AMP_OK);
	assert_int_equal(amp_session_open(mgr(opener), "svc", &ops, ro, &s), AMP_OK);
	assert_int_equal(s->state, AMP_SS_OPENING);
	assert_int_equal(ept_in_use(opener), 2);
	assert_int_equal(amp_session_send(s, &byte, 1), AMP_ENOTREADY);

	step(opener, 1); /* OPEN goes out */
	step(acceptor, 1);
	a = accepted(acceptor);
	assert_non_null(a);
	assert_int_equal(a->state, AMP_SS_ACCEPTED);
	assert_int_equal(a->sid, s->sid);
	assert_int_equal(ept_in_use(acceptor), 2);
	assert_int_equal(amp_session_send(a, &byte, 1), AMP_ENOTREADY);

	/* the acceptor waits for the probe, however often it runs */
	step(acceptor, 40);
	assert_int_equal(a->state, AMP_SS_ACCEPTED);
	assert_int_equal(ra->opened, 0);

	step(opener, 1); /* OPEN_ACK read, probe written */
	assert_int_equal(s->state, AMP_SS_PROBING);
	assert_int_equal(s->peer_addr, a->ept->addr);
	assert_int_equal(amp_session_send(s, &byte, 1), AMP_ENOTREADY);
	assert_int_equal(ro->opened, 0);

	step(acceptor, 1); /* probe read, reply written */
	assert_int_equal(a->state, AMP_SS_ESTABLISHED);
	assert_int_equal(ra->opened, 1);
	assert_ptr_equal(ra->s, a);
	assert_int_equal(ro->opened, 0);

	step(opener, 1); /* reply read */
	assert_int_equal(s->state, AMP_SS_ESTABLISHED);
	assert_int_equal(ro->opened, 1);
	assert_ptr_equal(ro->s, s);
	assert_int_equal(amp_session_id(s), amp_session_id(a));
	assert_int_equal(amp_session_id(s) >> 16, epoch_now());

	/* probes are not data: neither application saw a message */
	assert_int_equal(ro->data + ra->data, 0);
	assert_int_equal(mgr(MASTER)->stats.bad_ctl + mgr(SLAVE)->stats.bad_ctl, 0);
	assert_int_equal(ro->closed + ra->closed, 0);
}

static void open_from_master(void **state)
{
	(void)state;
	open_step_by_step(MASTER);
}

static void open_from_slave(void **state)
{
	(void)state;
	open_step_by_step(SLAVE);
}

static void open_before_default_up_waits(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	boot(MASTER);
	step(MASTER, 1000);
	boot(SLAVE);
	assert_int_equal(amp_session_listen(mgr(MASTER), "early", &ops, &rec_m), AMP_OK);
	assert_int_equal(amp_session_open(mgr(SLAVE), "early", &ops, &rec_s, &s), AMP_OK);
	assert_int_equal(s->state, AMP_SS_WANT_OPEN);
	assert_int_equal(amp_session_send(s, "x", 1), AMP_ENOTREADY);
	RUN_UNTIL(rec_s.opened == 1 && rec_m.opened == 1, 100000u);
	assert_true(both_ready());
}

static void open_unknown_name_is_refused(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "nobody", &ops, &rec_m, &s), AMP_OK);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_ERROR);
	assert_int_equal(rec_m.opened, 0);
	assert_int_equal(rec_s.opened + rec_s.closed, 0);
	assert_int_equal(mgr(SLAVE)->stats.opens_refused, 1);
	assert_int_equal(amp_session_send(s, "x", 1), AMP_ECLOSED);
	/* the opener's endpoint is gone, the acceptor never made one */
	assert_int_equal(ept_in_use(MASTER), 1);
	assert_int_equal(ept_in_use(SLAVE), 1);
	assert_int_equal(sessions_in_use(MASTER) + sessions_in_use(SLAVE), 0);
	assert_true(both_ready());
}

/* ---- send and data -------------------------------------------------------- */

static void send_rules(void **state)
{
	static uint8_t big[AMP_SESSION_PAYLOAD_MAX + 1];
	struct amp_session *s;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	assert_int_equal(amp_session_send(s, big, 0), AMP_EINVAL);
	assert_int_equal(amp_session_send(s, NULL, 4), AMP_EINVAL);
	assert_int_equal(amp_session_send(NULL, big, 4), AMP_EINVAL);
	assert_int_equal(amp_session_send(s, big, sizeof(big)), AMP_EMSGSIZE);
	assert_int_equal(amp_session_send(s, big, AMP_SESSION_PAYLOAD_MAX), AMP_OK);
	RUN_UNTIL(rec_s.data == 1, SOON);
	assert_int_equal(rec_s.len[0], AMP_SESSION_PAYLOAD_MAX);

	assert_int_equal(amp_session_close(s), AMP_OK);
	assert_int_equal(amp_session_send(s, big, 4), AMP_ECLOSED);
	assert_int_equal(amp_session_close(s), AMP_EINVAL);
	RUN_UNTIL(rec_s.closed == 1, SOON);
	assert_int_equal(amp_session_send(rec_s.s, big, 4), AMP_ECLOSED);
}

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7u);
}

static void data_both_ways(void **state)
{
	static const size_t lens[] = {1, 100, AMP_SESSION_PAYLOAD_MAX, 2};
	static uint8_t buf[AMP_SESSION_PAYLOAD_MAX];
	struct amp_session *sm, *ss;
	size_t i;

	(void)state;
	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	ss = rec_s.s;
	for (i = 0; i < 4; i++) {
		fill(buf, lens[i], (uint8_t)i);
		assert_int_equal(amp_session_send(sm, buf, lens[i]), AMP_OK);
		fill(buf, lens[i], (uint8_t)(0x80u + i));
		assert_int_equal(amp_session_send(ss, buf, lens[i]), AMP_OK);
	}
	RUN_UNTIL(rec_m.data == 4 && rec_s.data == 4, SOON);
	for (i = 0; i < 4; i++) {
		assert_int_equal(rec_s.len[i], lens[i]);
		fill(buf, lens[i], (uint8_t)i);
		assert_memory_equal(rec_s.msg[i], buf, lens[i]);
		assert_int_equal(rec_m.len[i], lens[i]);
		fill(buf, lens[i], (uint8_t)(0x80u + i));
		assert_memory_equal(rec_m.msg[i], buf, lens[i]);
	}
	run(STEPS_PER_BEAT);
	assert_int_equal(rec_m.data + rec_s.data, 8);
}

/*
 * An application that sends as fast as buffers come back must not starve
 * the control messages queued for the same buffers: heartbeats keep going
 * out and neither side declares the other lost.
 */
static void full_speed_sender_keeps_heartbeats(void **state)
{
	static uint8_t buf[AMP_SESSION_PAYLOAD_MAX];
	struct amp_sessions *sm = mgr(MASTER), *ss = mgr(SLAVE);
	struct amp_session *s;
	uint32_t beats_m, beats_s, sent = 0, i;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	beats_m = sm->stats.heartbeats_recv;
	beats_s = ss->stats.heartbeats_recv;
	for (i = 0; i < 10u * STEPS_PER_BEAT; i++) {
		while (amp_session_send(s, buf, sizeof(buf)) == AMP_OK)
			sent++;
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
	}
	assert_true(sent > 100u);
	assert_int_equal(dflt_m.downs + dflt_s.downs, 0);
	assert_int_equal(rec_m.closed + rec_s.closed, 0);
	assert_true(sm->stats.heartbeats_recv >= beats_m + 5u);
	assert_true(ss->stats.heartbeats_recv >= beats_s + 5u);
}

/*
 * The acceptor's probe reply found no buffer: the acceptor must not let the
 * application send before that reply went out, or its first message reaches
 * an opener that is still probing and is dropped.
 */
static void acceptor_data_waits_for_probe_reply(void **state)
{
	struct amp_session *s = NULL;
	int n, err;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s), AMP_OK);
	step(MASTER, 1); /* OPEN */
	step(SLAVE, 1);	 /* OPEN_ACK */
	step(MASTER, 1); /* probe */
	assert_int_equal(s->state, AMP_SS_PROBING);
	/* the slave's transmit buffers are all in flight */
	for (n = 0; n < 2 * AMP_CFG_VRING_NUM; n++)
		if (amp_rpmsg_try_send(ls.amp[SLAVE].link.default_ept, "junk", 4) == AMP_ENOBUFS)
			break;
	assert_true(n < 2 * AMP_CFG_VRING_NUM);
	step(SLAVE, 1);	 /* reads the probe, cannot write the reply yet */
	step(MASTER, 1); /* reads the junk: the buffers come back */
	err = amp_session_send(rec_s.s ? rec_s.s : accepted(SLAVE), "first", 5);
	assert_true(err == AMP_OK || err == AMP_ENOTREADY);
	RUN_UNTIL(rec_m.opened == 1, SOON);
	if (err == AMP_ENOTREADY)
		assert_int_equal(amp_session_send(accepted(SLAVE), "first", 5), AMP_OK);
	RUN_UNTIL(rec_m.data == 1, SOON);
	assert_memory_equal(rec_m.msg[0], "first", 5);
}

/* ---- close ---------------------------------------------------------------- */

static void close_from(enum amp_role closer)
{
	struct rec *rc = closer == MASTER ? &rec_m : &rec_s;
	struct rec *rp = closer == MASTER ? &rec_s : &rec_m;
	struct amp_session *sm, *sc;
	uint64_t id;

	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	sc = closer == MASTER ? sm : rec_s.s;
	id = amp_session_id(sm);
	assert_int_equal(ept_in_use(MASTER), 2);
	assert_int_equal(ept_in_use(SLAVE), 2);

	assert_int_equal(amp_session_close(sc), AMP_OK);
	/* at once on the closer: LOCAL, endpoint slot free */
	assert_int_equal(rc->closed, 1);
	assert_int_equal(rc->reason, AMP_CLOSE_LOCAL);
	assert_int_equal(ept_in_use(closer), 1);
	assert_false(amp_session_is_established(sc));

	RUN_UNTIL(rp->closed == 1, SOON);
	assert_int_equal(rp->reason, AMP_CLOSE_PEER);
	assert_int_equal(ept_in_use(other(closer)), 1);
	assert_int_equal(sessions_in_use(MASTER) + sessions_in_use(SLAVE), 0);
	run(STEPS_PER_BEAT);
	assert_int_equal(rc->closed + rp->closed, 2);
	assert_int_equal(mgr(MASTER)->stats.bad_ctl + mgr(SLAVE)->stats.bad_ctl, 0);

	/* the name can be opened again, as a new session */
	memset(&rec_m2, 0, sizeof(rec_m2));
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m2, &sm), AMP_OK);
	RUN_UNTIL(rec_m2.opened == 1 && rec_s.opened == 2, SOON);
	assert_true(amp_session_id(sm) != id);
}

static void close_from_master(void **state)
{
	(void)state;
	close_from(MASTER);
}

static void close_from_slave(void **state)
{
	(void)state;
	close_from(SLAVE);
}

static void close_from_both_at_once(void **state)
{
	struct amp_session *sm;

	(void)state;
	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	assert_int_equal(amp_session_close(sm), AMP_OK);
	assert_int_equal(amp_session_close(rec_s.s), AMP_OK);
	run(4u * STEPS_PER_BEAT);
	assert_int_equal(rec_m.closed, 1);
	assert_int_equal(rec_m.reason, AMP_CLOSE_LOCAL);
	assert_int_equal(rec_s.closed, 1);
	assert_int_equal(rec_s.reason, AMP_CLOSE_LOCAL);
	assert_int_equal(ept_in_use(MASTER) + ept_in_use(SLAVE), 2);
	assert_true(both_ready());
}

static void close_while_opening(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s), AMP_OK);
	step(MASTER, 1); /* OPEN */
	step(SLAVE, 1);	 /* accepted */
	assert_int_equal(amp_session_close(s), AMP_OK);
	assert_int_equal(rec_m.reason, AMP_CLOSE_LOCAL);
	RUN_UNTIL(sessions_in_use(SLAVE) == 0, SOON);
	run(STEPS_PER_BEAT);
	assert_int_equal(rec_s.opened, 0);
	assert_int_equal(ept_in_use(MASTER) + ept_in_use(SLAVE), 2);
	assert_true(both_ready());
}

/* ---- full tables ----------------------------------------------------------- */

static void opener_table_full(void **state)
{
	struct amp_session *s[AMP_CFG_MAX_SESSIONS], *extra = NULL;
	int i;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s[i]), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &extra), AMP_ENOSPC);
	assert_null(extra);
	RUN_UNTIL(rec_m.opened == AMP_CFG_MAX_SESSIONS && rec_s.opened == AMP_CFG_MAX_SESSIONS,
		  SOON);
	assert_int_equal(ept_in_use(MASTER), 1 + AMP_CFG_MAX_SESSIONS);
	assert_int_equal(ept_in_use(SLAVE), 1 + AMP_CFG_MAX_SESSIONS);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &extra), AMP_ENOSPC);

	/* a free slot can be used again */
	assert_int_equal(amp_session_close(s[2]), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &extra), AMP_OK);
	RUN_UNTIL(rec_m.opened == AMP_CFG_MAX_SESSIONS + 1, SOON);
	assert_int_equal(rec_m.closed, 1);
}

static void acceptor_table_full(void **state)
{
	struct amp_session *s = NULL, *mine;
	int i;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	/* every slave slot taken by its own opens, not yet sent */
	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		assert_int_equal(amp_session_open(mgr(SLAVE), "elsewhere", &ops, &rec_s2, &mine),
				 AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s), AMP_OK);
	step(MASTER, 1); /* OPEN */
	step(SLAVE, 1);	 /* full: OPEN_NAK */
	assert_int_equal(mgr(SLAVE)->stats.opens_refused, 1);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_ERROR);
	assert_int_equal(rec_m.opened + rec_s.opened, 0);
	/* and the master refused the slave's opens of a name it does not know */
	RUN_UNTIL(rec_s2.closed == AMP_CFG_MAX_SESSIONS, SOON);
	assert_int_equal(rec_s2.reason, AMP_CLOSE_ERROR);
	assert_int_equal(mgr(MASTER)->stats.opens_refused, AMP_CFG_MAX_SESSIONS);
	assert_int_equal(ept_in_use(MASTER) + ept_in_use(SLAVE), 2);
	assert_true(both_ready());
}

/* ---- epochs: ids, stale and malformed control messages ------------------- */

static void session_ids_differ_across_epochs(void **state)
{
	struct amp_session *s;
	uint64_t id1, id2;

	(void)state;
	cold_start();
	s = open_pair(SLAVE, "svc", &rec_s, &rec_m);
	id1 = amp_session_id(s);
	assert_int_equal(id1 >> 16, epoch_now());

	boot(SLAVE); /* a new life: the same slot, the same generation */
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_RESET);
	RUN_UNTIL(both_ready(), 100000u);
	memset(&rec_s, 0, sizeof(rec_s));
	assert_int_equal(amp_session_open(mgr(SLAVE), "svc", &ops, &rec_s, &s), AMP_OK);
	RUN_UNTIL(rec_s.opened == 1 && rec_m.opened == 2, SOON);
	id2 = amp_session_id(s);
	assert_int_equal(id2 & 0xFFFFu, id1 & 0xFFFFu); /* same sid... */
	assert_true(id2 != id1);			/* ...but not the same session */
	assert_int_equal(id2 >> 16, epoch_now());
	assert_int_equal(amp_session_id(rec_m.s), id2);
}

static void stale_ctl_dropped(void **state)
{
	struct amp_sessions *s;
	struct amp_session *sm;
	uint32_t e, old, stale0, rx0;

	(void)state;
	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	s = mgr(SLAVE);
	e = epoch_now();
	old = e - 2u; /* the master's previous life */
	stale0 = s->stats.stale_ctl;
	rx0 = s->stats.heartbeats_recv;

	inject(MASTER, AMP_CTL_CLOSE, sm->sid, old, AMP_CLOSE_PEER, NULL);
	inject(MASTER, AMP_CTL_OPEN, 0x0042, old, sm->ept->addr, "svc");
	inject(MASTER, AMP_CTL_HEARTBEAT, 0, e + 2u, 77, NULL);
	inject(MASTER, AMP_CTL_HELLO, 0, old, 0, NULL);
	inject(MASTER, AMP_CTL_OPEN_NAK, sm->sid, 0, 5, NULL);
	step(SLAVE, 1);
	assert_int_equal(s->stats.stale_ctl, stale0 + 5u);
	assert_int_equal(s->stats.heartbeats_recv, rx0);
	assert_int_equal(s->stats.bad_ctl, 0);
	/* nothing happened: the session is still there, no new one */
	run(2u * STEPS_PER_BEAT);
	assert_int_equal(rec_s.closed, 0);
	assert_int_equal(sessions_in_use(SLAVE), 1);
	assert_int_equal(s->stats.opens_refused, 0);
	assert_true(amp_session_is_established(rec_s.s));

	/* and the other way */
	inject(SLAVE, AMP_CTL_CLOSE, sm->sid, old, AMP_CLOSE_PEER, NULL);
	step(MASTER, 1);
	assert_int_equal(mgr(MASTER)->stats.stale_ctl, 1);
	assert_int_equal(amp_session_send(sm, "ok", 2), AMP_OK);
	RUN_UNTIL(rec_s.data == 1, SOON);
	assert_int_equal(rec_m.closed, 0);
}

static void malformed_ctl_counted(void **state)
{
	static const uint8_t bad_version[12] = {2, AMP_CTL_HEARTBEAT};
	uint8_t unknown_type[12] = {AMP_CTL_VERSION, 9};
	uint8_t too_long[13] = {AMP_CTL_VERSION, AMP_CTL_HEARTBEAT};
	struct amp_sessions *s;
	struct amp_session *sm;
	uint32_t e;

	(void)state;
	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	s = mgr(SLAVE);
	e = epoch_now();
	put_le32(unknown_type + 4, e);
	put_le32(too_long + 4, e);

	inject_raw(MASTER, "", 0);
	inject_raw(MASTER, "short", 5);
	inject_raw(MASTER, bad_version, sizeof(bad_version));
	inject_raw(MASTER, unknown_type, sizeof(unknown_type));
	inject_raw(MASTER, too_long, sizeof(too_long));
	step(SLAVE, 1);
	assert_int_equal(s->stats.bad_ctl, 5);

	/* well formed, this epoch, but wrong here */
	inject(MASTER, AMP_CTL_HELLO, 0, e, 0, NULL);		 /* already up */
	inject(MASTER, AMP_CTL_OPEN_ACK, 0x0077, e, 1030, NULL); /* no such session */
	inject(MASTER, AMP_CTL_OPEN_NAK, 0x0077, e, 5, NULL);
	inject(MASTER, AMP_CTL_OPEN_NAK, sm->sid, e, 5, NULL);	     /* not ours to refuse */
	inject(MASTER, AMP_CTL_OPEN, 0x8001, e, 1030, "svc");	     /* the slave's sid space */
	inject(MASTER, AMP_CTL_OPEN, 0x0071, e, 5, "svc");	     /* reserved address */
	inject(MASTER, AMP_CTL_OPEN, 0x0072, e, 0xFFFFFFFFu, "svc"); /* no address */
	inject(MASTER, AMP_CTL_OPEN, sm->sid, e, 1030, "svc");	     /* sid in use */
	step(SLAVE, 1);
	assert_int_equal(s->stats.bad_ctl, 13);
	assert_int_equal(s->stats.stale_ctl, 0);
	assert_int_equal(s->stats.opens_refused, 0);

	/* nothing else changed */
	run(2u * STEPS_PER_BEAT);
	assert_true(both_ready());
	assert_int_equal(sessions_in_use(SLAVE), 1);
	assert_int_equal(rec_s.closed + rec_m.closed, 0);
	assert_int_equal(amp_session_send(rec_s.s, "ok", 2), AMP_OK);
	RUN_UNTIL(rec_m.data == 1, SOON);

	/* the master counts too */
	inject_raw(SLAVE, "short", 5);
	step(MASTER, 1);
	assert_int_equal(mgr(MASTER)->stats.bad_ctl, 1);
}

/* ---- heartbeat ------------------------------------------------------------- */

static void heartbeat_declares_silent_slave_lost(void **state)
{
	struct amp_sessions *m = mgr(MASTER);
	uint32_t t_halt, t_lost;

	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	open_pair(SLAVE, "b", &rec_s2, &rec_m2);
	run(3u * STEPS_PER_BEAT);

	amp_lockstep_halt(&ls, SLAVE);
	t_halt = ls.now_ms;
	RUN_ALONE_UNTIL(MASTER, !amp_is_ready(amp_of(MASTER)), 2u * STEPS_PER_BEAT * 4u);
	t_lost = ls.now_ms;
	/* the last word from the slave came at most a period before the halt */
	assert_true(t_lost - t_halt >= (AMP_CFG_HEARTBEAT_MISS - 1u) * AMP_CFG_HEARTBEAT_MS);
	assert_true(t_lost - t_halt <= AMP_CFG_HEARTBEAT_MISS * AMP_CFG_HEARTBEAT_MS + 1u);
	/* the verdict comes on the first poll at which the limit has passed */
	assert_true(t_lost - m->t_last_rx >= AMP_CFG_HEARTBEAT_MISS * AMP_CFG_HEARTBEAT_MS);
	assert_true(t_lost - m->t_last_rx <= AMP_CFG_HEARTBEAT_MISS * AMP_CFG_HEARTBEAT_MS + 1u);
	assert_int_equal(m->stats.peer_lost, 1);
	assert_true(m->stats.missed_heartbeats >= AMP_CFG_HEARTBEAT_MISS);
	assert_int_equal(dflt_m.downs, 1);
	assert_int_equal(dflt_m.reason, AMP_CLOSE_PEER_LOST);
	assert_int_equal(rec_m.closed, 1);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_LOST);
	assert_int_equal(rec_m2.closed, 1);
	assert_int_equal(rec_m2.reason, AMP_CLOSE_PEER_LOST);
	assert_int_equal(sessions_in_use(MASTER), 0);

	/* the master waits for the slave, and does not declare it lost again */
	step(MASTER, 10u * STEPS_PER_BEAT);
	assert_false(amp_is_ready(amp_of(MASTER)));
	assert_int_equal(m->stats.peer_lost, 1);
	assert_int_equal(ept_in_use(MASTER), 1); /* the default endpoint, waiting */

	/* the slave powers up again: channel and sessions come back */
	boot(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	assert_int_equal(m->stats.reconnects, 1);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	open_pair(MASTER, "a", &rec_m, &rec_s);
	assert_int_equal(amp_session_send(rec_s.s, "back", 4), AMP_OK);
	RUN_UNTIL(rec_m.data == 1, SOON);
}

/*
 * The heartbeat timers are looked at against one deadline, not on every
 * millisecond: over ten periods of beats both ways a core checks them about
 * twice a period (its beat and its early look after a message put the
 * silence verdict off), where a check per millisecond would be a hundred.
 */
static void heartbeat_checked_at_deadlines(void **state)
{
	struct amp_sessions *m = mgr(MASTER), *s = mgr(SLAVE);
	uint32_t checks_m, checks_s, beats_m, beats_s, t0, periods;

	(void)state;
	cold_start();
	run(2u * STEPS_PER_BEAT);
	checks_m = m->stats.timer_checks;
	checks_s = s->stats.timer_checks;
	beats_m = m->stats.heartbeats_sent;
	beats_s = s->stats.heartbeats_sent;
	t0 = ls.now_ms;
	run(10u * 2u * STEPS_PER_BEAT);
	periods = (ls.now_ms - t0) / AMP_CFG_HEARTBEAT_MS;
	assert_true(periods >= 10u);
	assert_in_range(m->stats.heartbeats_sent - beats_m, periods - 1u, periods + 1u);
	assert_in_range(s->stats.heartbeats_sent - beats_s, periods - 1u, periods + 1u);
	assert_in_range(m->stats.timer_checks - checks_m, periods - 1u, 3u * (periods + 1u));
	assert_in_range(s->stats.timer_checks - checks_s, periods - 1u, 3u * (periods + 1u));
	assert_true(both_ready());
}

static void heartbeat_declares_silent_master_lost(void **state)
{
	struct amp_sessions *s = mgr(SLAVE);

	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	amp_lockstep_halt(&ls, MASTER);
	RUN_ALONE_UNTIL(SLAVE, !amp_is_ready(amp_of(SLAVE)), 2u * STEPS_PER_BEAT * 4u);
	assert_int_equal(s->stats.peer_lost, 1);
	assert_int_equal(dflt_s.reason, AMP_CLOSE_PEER_LOST);
	assert_int_equal(rec_s.closed, 1);
	assert_int_equal(rec_s.reason, AMP_CLOSE_PEER_LOST);
	step(SLAVE, 10u * STEPS_PER_BEAT);
	assert_int_equal(s->stats.peer_lost, 1);

	boot(MASTER);
	RUN_UNTIL(both_ready(), 100000u);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	open_pair(SLAVE, "a", &rec_s, &rec_m);
}

/* A slave that hung (not rebooted) and carries on: it finds a new master epoch. */
static void hung_slave_resumes(void **state)
{
	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	amp_lockstep_halt(&ls, SLAVE);
	RUN_ALONE_UNTIL(MASTER, !amp_is_ready(amp_of(MASTER)), 2u * STEPS_PER_BEAT * 4u);
	step(MASTER, 2u * STEPS_PER_BEAT);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_LOST);

	resume(SLAVE);
	RUN_UNTIL(rec_s.closed == 1, SOON);
	assert_int_equal(rec_s.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(ept_in_use(SLAVE), 0);
	RUN_UNTIL(both_ready(), 100000u);
	memset(&rec_m, 0, sizeof(rec_m));
	open_pair(MASTER, "b", &rec_m, &rec_s2);
}

/*
 * A slave that hung and carries on may send on its old session before its
 * poll has looked at the master epoch. The master gave up waiting for its
 * acknowledgement and re-initialised the rings meanwhile.
 */
static void slave_hangs_then_resumes(void)
{
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	amp_lockstep_halt(&ls, SLAVE);
	RUN_ALONE_UNTIL(MASTER, !amp_is_ready(amp_of(MASTER)), 2u * STEPS_PER_BEAT * 4u);
	step(MASTER, 2u * STEPS_PER_BEAT);
	assert_int_equal(ls.amp[MASTER].link.state, AMP_LM_WAIT_NS);
	resume(SLAVE);
}

/* The stray send must not land in the master's fresh rings. */
static void hung_slave_stray_send_stays_off_the_rings(void **state)
{
	struct amp_rpmsg *rm = &ls.amp[MASTER].link.rpmsg;
	uint32_t rx0;
	int err;

	(void)state;
	slave_hangs_then_resumes();
	rx0 = rm->stats.rx_msgs;
	err = amp_session_send(rec_s.s, "stray", 5);
	step(MASTER, 8);
	assert_int_equal(rm->stats.rx_msgs, rx0);
	assert_int_not_equal(err, AMP_OK);
}

/* Whatever the stray send did, the channel comes back. */
static void hung_slave_stray_send_then_recovery(void **state)
{
	(void)state;
	slave_hangs_then_resumes();
	(void)amp_session_send(rec_s.s, "stray", 5);
	RUN_UNTIL(both_ready(), 100000u);
	memset(&rec_m, 0, sizeof(rec_m));
	open_pair(MASTER, "b", &rec_m, &rec_s2);
}

/*
 * The same with the master: the slave gave up on it (PEER_LOST) and went back
 * to the start of its handshake, asking for fresh rings. The master, when it
 * carries on, must see that at once, not after three more heartbeat periods
 * of sending into rings nobody reads.
 */
static void hung_master_resumes_and_sends(void **state)
{
	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	amp_lockstep_halt(&ls, MASTER);
	RUN_ALONE_UNTIL(SLAVE, rec_s.closed == 1, 2u * STEPS_PER_BEAT * 4u);
	assert_int_equal(rec_s.reason, AMP_CLOSE_PEER_LOST);
	step(SLAVE, 2u * STEPS_PER_BEAT);

	resume(MASTER);
	(void)amp_session_send(rec_m.s, "stray", 5);
	/* its first poll finds that the slave started over */
	step(MASTER, 1);
	assert_int_equal(rec_m.closed, 1);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_RESET);
	RUN_UNTIL(both_ready(), 100000u);
	assert_int_equal(ls.amp[SLAVE].link.rpmsg.stats.rx_dropped, 0);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	open_pair(SLAVE, "b", &rec_s, &rec_m);
	assert_int_equal(amp_session_send(rec_m.s, "ok", 2), AMP_OK);
	RUN_UNTIL(rec_s.data == 1, SOON);
}

/*
 * A slave that reboots while the master runs asks for fresh rings (the old
 * ones carry the master's indices, not its own): until the master gives it a
 * new epoch it keeps off them. Here the master does not get to run at all.
 */
static void rebooted_slave_waits_for_fresh_rings(void **state)
{
	struct amp_link *sl = &ls.amp[SLAVE].link;

	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	amp_lockstep_halt(&ls, MASTER);
	boot(SLAVE);
	step(SLAVE, 200);
	assert_int_equal(sl->state, AMP_LS_INIT_VDEV);
	assert_false(sl->rpmsg.up);
	resume(MASTER);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_RESET);
	RUN_UNTIL(both_ready(), 100000u);
}

/* ---- reboots -------------------------------------------------------------- */

static void master_reboot_resets_slave_sessions(void **state)
{
	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	open_pair(SLAVE, "b", &rec_s2, &rec_m2);

	boot(MASTER); /* its RAM starts over: the master application knows nothing */
	RUN_UNTIL(rec_s.closed == 1 && rec_s2.closed == 1, SOON);
	assert_int_equal(rec_s.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(rec_s2.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(dflt_s.downs, 1);
	assert_int_equal(dflt_s.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(sessions_in_use(SLAVE), 0);

	RUN_UNTIL(both_ready(), 100000u);
	assert_int_equal(mgr(SLAVE)->stats.reconnects, 1);
	assert_int_equal(ept_in_use(SLAVE), 1);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	memset(&rec_s2, 0, sizeof(rec_s2));
	open_pair(MASTER, "a", &rec_m, &rec_s);
	assert_int_equal(amp_session_listen(mgr(MASTER), "b", &ops, &rec_m2), AMP_OK);
	assert_int_equal(amp_session_open(mgr(SLAVE), "b", &ops, &rec_s2, NULL), AMP_OK);
	RUN_UNTIL(rec_s2.opened == 1, SOON);
	assert_int_equal(mgr(SLAVE)->stats.peer_lost, 0);
}

static void slave_reboot_resets_master_sessions(void **state)
{
	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	open_pair(SLAVE, "b", &rec_s2, &rec_m2);

	boot(SLAVE);
	RUN_UNTIL(rec_m.closed == 1 && rec_m2.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(rec_m2.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(dflt_m.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(sessions_in_use(MASTER), 0);

	RUN_UNTIL(both_ready(), 100000u);
	assert_int_equal(mgr(MASTER)->stats.reconnects, 1);
	assert_int_equal(ept_in_use(MASTER), 1);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	open_pair(MASTER, "a", &rec_m, &rec_s);
	assert_int_equal(mgr(MASTER)->stats.peer_lost, 0);
}

static void both_reboot_at_once(void **state)
{
	(void)state;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	open_pair(SLAVE, "b", &rec_s2, &rec_m2);
	boot(MASTER);
	boot(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	memset(&rec_m, 0, sizeof(rec_m));
	memset(&rec_s, 0, sizeof(rec_s));
	open_pair(MASTER, "a", &rec_m, &rec_s);
	open_pair(SLAVE, "b", &rec_s2, &rec_m2);
	assert_int_equal(amp_session_send(rec_s.s, "x", 1), AMP_OK);
	RUN_UNTIL(rec_m.data == 1, SOON);
}

static void power_up_garbage(void **state)
{
	uint32_t seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		amp_lockstep_fini(&ls);
		assert_int_equal(amp_lockstep_init(&ls, seed), AMP_OK);
		amp_posix_shm_scramble(&ls.shm, seed);
		memset(&rec_m, 0, sizeof(rec_m));
		memset(&rec_s, 0, sizeof(rec_s));
		cold_start();
		open_pair(SLAVE, "a", &rec_s, &rec_m);
		assert_int_equal(mgr(MASTER)->stats.bad_ctl + mgr(SLAVE)->stats.bad_ctl, 0);
	}
}

/* The millisecond clock wraps during the run: no verdict, no timeout comes early. */
static void clock_wrap(void **state)
{
	(void)state;
	ls.now_ms = 0xFFFFFFFFu - 2u * AMP_CFG_HEARTBEAT_MS;
	cold_start();
	open_pair(MASTER, "a", &rec_m, &rec_s);
	run(10u * STEPS_PER_BEAT);
	assert_true(ls.now_ms < 0x80000000u); /* wrapped */
	assert_true(both_ready());
	assert_int_equal(rec_m.closed + rec_s.closed, 0);
	assert_int_equal(mgr(MASTER)->stats.peer_lost + mgr(SLAVE)->stats.peer_lost, 0);
	amp_lockstep_halt(&ls, SLAVE);
	RUN_ALONE_UNTIL(MASTER, rec_m.closed == 1, 2u * STEPS_PER_BEAT * 4u);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_LOST);
}

/* The application opens again from its closed callback, as soon as it is told. */
static void reopen_rec_closed(struct amp_session *s, enum amp_close_reason reason, void *priv);

static const struct amp_session_ops reopen_ops = {
    .opened = on_opened,
    .data = on_data,
    .closed = reopen_rec_closed,
};

static void reopen_rec_closed(struct amp_session *s, enum amp_close_reason reason, void *priv)
{
	struct rec *r = priv;

	on_closed(s, reason, priv);
	if (r->closed == 1)
		assert_int_equal(amp_session_open(mgr(MASTER), "a", &reopen_ops, r, NULL), AMP_OK);
}

static void reopen_from_closed_callback(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "a", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "a", &reopen_ops, &rec_m, &s), AMP_OK);
	RUN_UNTIL(rec_m.opened == 1, SOON);
	boot(SLAVE);
	assert_int_equal(amp_session_listen(mgr(SLAVE), "a", &ops, &rec_s2), AMP_OK);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_RESET);
	assert_int_equal(sessions_in_use(MASTER), 1); /* the new one, waiting */
	RUN_UNTIL(rec_m.opened == 2 && rec_s2.opened == 1, 100000u);
	assert_int_equal(rec_m.closed, 1);
	assert_int_equal(amp_session_send(rec_m.s, "again", 5), AMP_OK);
	RUN_UNTIL(rec_s2.data == 1, SOON);
}

/* Closing from inside the session's own callbacks. */
static void close_in_opened(struct amp_session *s, void *priv)
{
	on_opened(s, priv);
	assert_int_equal(amp_session_close(s), AMP_OK);
}

static void close_in_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	on_data(s, data, len, priv);
	assert_int_equal(amp_session_close(s), AMP_OK);
	assert_int_equal(amp_session_send(s, "late", 4), AMP_ECLOSED);
}

static const struct amp_session_ops close_in_opened_ops = {
    .opened = close_in_opened,
    .data = on_data,
    .closed = on_closed,
};

static const struct amp_session_ops close_in_data_ops = {
    .opened = on_opened,
    .data = close_in_data,
    .closed = on_closed,
};

static void close_from_callbacks(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	/* the acceptor closes as soon as it is opened */
	assert_int_equal(amp_session_listen(mgr(SLAVE), "a", &close_in_opened_ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "a", &ops, &rec_m, &s), AMP_OK);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_s.closed, 1);
	assert_int_equal(rec_s.reason, AMP_CLOSE_LOCAL);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER);

	/* the acceptor closes on its first message */
	assert_int_equal(amp_session_listen(mgr(SLAVE), "b", &close_in_data_ops, &rec_s2), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "b", &ops, &rec_m2, &s), AMP_OK);
	RUN_UNTIL(rec_m2.opened == 1, SOON);
	assert_int_equal(amp_session_send(s, "one", 3), AMP_OK);
	assert_int_equal(amp_session_send(s, "two", 3), AMP_OK);
	RUN_UNTIL(rec_m2.closed == 1, SOON);
	assert_int_equal(rec_m2.reason, AMP_CLOSE_PEER);
	assert_int_equal(rec_s2.data, 1);
	assert_int_equal(rec_s2.reason, AMP_CLOSE_LOCAL);
	run(STEPS_PER_BEAT);
	assert_int_equal(ept_in_use(MASTER) + ept_in_use(SLAVE), 2);
	assert_true(both_ready());
}

/* ---- handshake timeouts ------------------------------------------------- */

/*
 * An OPEN to a peer that went silent right after it was queued: the peer is
 * declared lost (the handshake limit is the heartbeat verdict time, and the
 * verdict is taken first), so the session closes with PEER_LOST. An opener
 * whose peer lives but does not answer gets ERROR: see the tests below.
 */
static void open_to_halted_peer(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s), AMP_OK);
	amp_lockstep_halt(&ls, SLAVE);
	RUN_ALONE_UNTIL(MASTER, rec_m.closed == 1, 2u * STEPS_PER_BEAT * 4u);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER_LOST);
	assert_int_equal(rec_m.opened, 0);
	assert_int_equal(mgr(MASTER)->stats.peer_lost, 1);
	assert_int_equal(ept_in_use(MASTER), 0);
}

/* The OPEN is lost on the way (say the acceptor's queue overflowed); the peer lives. */
static void handshake_timeout_opening(void **state)
{
	struct amp_sessions *m = mgr(MASTER);
	struct amp_session *s = NULL;
	uint32_t t0;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	assert_int_equal(amp_session_open(m, "svc", &ops, &rec_m, &s), AMP_OK);
	assert_int_equal((uint8_t)(m->q_head - m->q_tail), 1); /* the OPEN alone */
	m->q_head--;
	t0 = ls.now_ms;
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_ERROR);
	assert_true(ls.now_ms - t0 >= AMP_CFG_HEARTBEAT_MISS * AMP_CFG_HEARTBEAT_MS);
	assert_int_equal(ept_in_use(MASTER), 1);
	assert_true(both_ready());
	assert_int_equal(m->stats.peer_lost, 0);
}

/* An OPEN_ACK the opener did not get from the acceptor: the probe goes nowhere. */
static void handshake_timeout_probing(void **state)
{
	struct amp_session *s = NULL;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_open(mgr(MASTER), "svc", &ops, &rec_m, &s), AMP_OK);
	inject(SLAVE, AMP_CTL_OPEN_ACK, s->sid, epoch_now(), 1024u + AMP_CFG_MAX_EPT - 1u, NULL);
	step(MASTER, 1);
	assert_int_equal(s->state, AMP_SS_PROBING);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_ERROR);
	assert_int_equal(rec_m.opened, 0);
	assert_int_equal(ept_in_use(MASTER), 1);
	assert_true(both_ready());
}

/* An OPEN whose opener never probes: the acceptor gives up. */
static void handshake_timeout_accepted(void **state)
{
	struct amp_session *a;

	(void)state;
	cold_start();
	assert_int_equal(amp_session_listen(mgr(SLAVE), "svc", &ops, &rec_s), AMP_OK);
	inject(MASTER, AMP_CTL_OPEN, 0x0055, epoch_now(), 1024u + AMP_CFG_MAX_EPT - 1u, "svc");
	step(SLAVE, 1);
	a = accepted(SLAVE);
	assert_non_null(a);
	assert_int_equal(a->state, AMP_SS_ACCEPTED);
	assert_int_equal(ept_in_use(SLAVE), 2);
	RUN_UNTIL(rec_s.closed == 1, SOON);
	assert_int_equal(rec_s.reason, AMP_CLOSE_ERROR);
	assert_int_equal(rec_s.opened, 0);
	assert_int_equal(ept_in_use(SLAVE), 1);
	assert_true(both_ready());
}

/* ---- argument checks (docs/security.md): every public call of session.h and amp.h ---- */

/* NULL and zeroed (never initialised) objects: refused, never dereferenced, left as they were. */
static void test_session_rejects_bad_args(void **state)
{
	static struct amp za;
	static struct amp_sessions zm, m2;
	static struct amp_link zl;
	static struct amp_session zs;
	struct amp_session *out = NULL;

	(void)state;
	memset(&za, 0, sizeof(za));
	memset(&zm, 0, sizeof(zm));
	memset(&zl, 0, sizeof(zl));
	memset(&zs, 0, sizeof(zs));

	/* amp.h */
	assert_int_equal(amp_init(NULL, MASTER, &ls.port[MASTER].port), AMP_EINVAL);
	assert_int_equal(amp_init(&za, (enum amp_role)2, &ls.port[MASTER].port), AMP_EINVAL);
	assert_int_equal(amp_init(&za, MASTER, NULL), AMP_EINVAL);
	assert_int_equal(amp_poll(NULL), AMP_EINVAL);
	assert_int_equal(amp_poll(&za), AMP_EINVAL);
	assert_int_equal(amp_is_ready(NULL), 0);
	assert_int_equal(amp_is_ready(&za), 0);
	assert_null(amp_sessions(NULL));
	assert_null(amp_rpmsg(NULL));
	assert_true(test_all_zero(&za, sizeof(za)));

	/* the manager: NULL */
	assert_int_equal(amp_sessions_init(NULL, &ls.amp[MASTER].link), AMP_EINVAL);
	assert_int_equal(amp_sessions_init(&m2, NULL), AMP_EINVAL);
	assert_int_equal(amp_sessions_poll(NULL), AMP_EINVAL);
	assert_int_equal(amp_sessions_default_up(NULL), 0);
	assert_int_equal(amp_sessions_set_heartbeat(NULL, 100, 3), AMP_EINVAL);
	amp_sessions_on_default(NULL, on_default, &dflt_m);
	assert_int_equal(amp_session_listen(NULL, "a", &ops, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_open(NULL, "a", &ops, NULL, &out), AMP_EINVAL);

	/* a link that was never initialised: its callbacks cannot be hooked */
	memset(&m2, 0x5A, sizeof(m2));
	assert_int_equal(amp_sessions_init(&m2, &zl), AMP_EINVAL);
	assert_int_equal(m2.dstate, 0x5A); /* untouched */
	assert_true(test_all_zero(&zl, sizeof(zl)));

	/* a zeroed manager */
	assert_int_equal(amp_sessions_poll(&zm), AMP_EINVAL);
	assert_int_equal(amp_sessions_default_up(&zm), 0);
	assert_int_equal(amp_sessions_set_heartbeat(&zm, 100, 3), AMP_EINVAL);
	amp_sessions_on_default(&zm, on_default, &dflt_m);
	assert_int_equal(amp_session_listen(&zm, "a", &ops, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_open(&zm, "a", &ops, NULL, &out), AMP_EINVAL);
	assert_null(out);
	assert_true(test_all_zero(&zm, sizeof(zm)));
	/* one on a link that was never initialised: the poll stops at the link */
	zm.link = &zl;
	assert_int_equal(amp_sessions_poll(&zm), AMP_EINVAL);
	zm.link = NULL;

	/* sessions: NULL, zeroed (never opened) */
	assert_int_equal(amp_session_send(NULL, "x", 1), AMP_EINVAL);
	assert_int_equal(amp_session_send(&zs, "x", 1), AMP_ECLOSED);
	assert_int_equal(amp_session_close(NULL), AMP_EINVAL);
	assert_int_equal(amp_session_close(&zs), AMP_EINVAL);
	assert_int_equal(amp_session_is_established(NULL), 0);
	assert_int_equal(amp_session_is_established(&zs), 0);
	assert_true(amp_session_id(NULL) == 0u);
	assert_true(test_all_zero(&zs, sizeof(zs)));
	assert_string_equal(amp_close_reason_name((enum amp_close_reason)0), "?");
	assert_string_equal(amp_close_reason_name((enum amp_close_reason)99), "?");

	/* a live manager: bad names, ops and heartbeat values */
	boot(MASTER);
	assert_int_equal(amp_session_listen(mgr(MASTER), NULL, &ops, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_listen(mgr(MASTER), "a", NULL, NULL), AMP_EINVAL);
	assert_int_equal(amp_session_open(mgr(MASTER), NULL, &ops, NULL, &out), AMP_EINVAL);
	assert_int_equal(amp_session_open(mgr(MASTER), "a", NULL, NULL, &out), AMP_EINVAL);
	assert_int_equal(amp_sessions_set_heartbeat(mgr(MASTER), 0, 3), AMP_EINVAL);
	assert_int_equal(amp_sessions_set_heartbeat(mgr(MASTER), 100, 0), AMP_EINVAL);
	assert_int_equal(sessions_in_use(MASTER), 0);
	/* out is optional */
	assert_int_equal(amp_session_open(mgr(MASTER), "a", &ops, NULL, NULL), AMP_OK);
	assert_int_equal(sessions_in_use(MASTER), 1);
}

/* The heartbeat goes to the peer in HELLO: it can change only before that. */
static void test_session_heartbeat_only_while_down(void **state)
{
	const uint16_t period = (uint16_t)(2u * AMP_CFG_HEARTBEAT_MS);

	(void)state;
	boot(MASTER);
	assert_int_equal(amp_sessions_set_heartbeat(mgr(MASTER), period, 7), AMP_OK);
	step(MASTER, 1000);
	boot(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	/* the slave heard the new values */
	assert_int_equal(mgr(SLAVE)->peer_hello.heartbeat_ms, period);
	assert_int_equal(mgr(SLAVE)->peer_hello.miss_limit, 7);
	assert_int_equal(amp_sessions_set_heartbeat(mgr(MASTER), 50, 3), AMP_EBUSY);
	assert_int_equal(amp_sessions_set_heartbeat(mgr(SLAVE), 50, 3), AMP_EBUSY);
	assert_int_equal(mgr(MASTER)->hb_period, period);
	assert_int_equal(mgr(SLAVE)->hb_period, AMP_CFG_HEARTBEAT_MS);
	/* on_default on a live manager does register */
	amp_sessions_on_default(mgr(MASTER), NULL, NULL);
	assert_null(mgr(MASTER)->on_default);
}

/* ---- messages lost, delivered twice, out of order, corrupted ------------- */

/*
 * The transport under the slave's end of a session, misbehaving: each data
 * message that reaches the endpoint is kept as it lay in the buffer, and
 * passed on at once (or held, with hold); the test then hands the session
 * layer a kept message again, later, or changed.
 */
#define WIRE_KEEP 4
static struct {
	amp_ept_cb real;
	struct amp_ept *ept;
	void *priv;
	int hold;
	uint32_t n;
	size_t len[WIRE_KEEP];
	uint8_t raw[WIRE_KEEP][AMP_RPMSG_PAYLOAD_MAX];
} wire;

static int wire_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	if (len && wire.n < WIRE_KEEP) {
		memcpy(wire.raw[wire.n], data, len);
		wire.len[wire.n++] = len;
	}
	if (len && wire.hold)
		return 0;
	return wire.real(ept, data, len, src, priv);
}

static void wire_attach(struct amp_session *s)
{
	memset(&wire, 0, sizeof(wire));
	wire.real = s->ept->cb;
	wire.ept = s->ept;
	wire.priv = s->ept->priv;
	s->ept->cb = wire_rx;
}

static void wire_deliver(uint32_t i)
{
	(void)wire.real(wire.ept, wire.raw[i], wire.len[i], 0, wire.priv);
}

/* The slave's session ended with ERROR and said so to the master. */
static void assert_closed_as_error(void)
{
	assert_int_equal(rec_s.closed, 1);
	assert_int_equal(rec_s.reason, AMP_CLOSE_ERROR);
	RUN_UNTIL(rec_m.closed == 1, SOON);
	assert_int_equal(rec_m.reason, AMP_CLOSE_PEER);
	assert_true(both_ready()); /* only that session: the channel stays up */
}

static void duplicated_message_closes_session(void **state)
{
	struct amp_session *s;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	wire_attach(rec_s.s);
	assert_int_equal(amp_session_send(s, "once", 4), AMP_OK);
	RUN_UNTIL(rec_s.data == 1, SOON);
	wire_deliver(0); /* the same message a second time */
	assert_int_equal(rec_s.data, 1);
	assert_int_equal(mgr(SLAVE)->stats.data_bad_seq, 1);
	assert_closed_as_error();
}

static void reordered_messages_close_session(void **state)
{
	struct amp_session *s;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	wire_attach(rec_s.s);
	wire.hold = 1;
	assert_int_equal(amp_session_send(s, "first", 5), AMP_OK);
	assert_int_equal(amp_session_send(s, "second", 6), AMP_OK);
	RUN_UNTIL(wire.n == 2, SOON);
	wire_deliver(1); /* the second before the first (or the first lost) */
	assert_int_equal(rec_s.data, 0);
	assert_int_equal(mgr(SLAVE)->stats.data_bad_seq, 1);
	assert_closed_as_error();
}

static void corrupted_message_with_crc_closes_session(void **state)
{
	struct amp_session *s;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	assert_int_equal(amp_session_set_crc(s, 1), AMP_OK);
	assert_int_equal(amp_session_set_crc(rec_s.s, 1), AMP_OK);
	wire_attach(rec_s.s);
	wire.hold = 1;
	assert_int_equal(amp_session_send(s, "intact", 6), AMP_OK);
	assert_int_equal(amp_session_send(s, "struck", 6), AMP_OK);
	RUN_UNTIL(wire.n == 2, SOON);
	wire_deliver(0);
	assert_int_equal(rec_s.data, 1);
	assert_memory_equal(rec_s.msg[0], "intact", 6);
	wire.raw[1][wire.len[1] - 1u] ^= 0x04u; /* a stray write into the buffer */
	wire_deliver(1);
	assert_int_equal(rec_s.data, 1);
	assert_int_equal(mgr(SLAVE)->stats.data_bad_crc, 1);
	assert_closed_as_error();
}

/* One side asks for CRCs, the other sends none: refused, not taken on trust. */
static void crc_required_but_missing_closes_session(void **state)
{
	struct amp_session *s;

	(void)state;
	cold_start();
	s = open_pair(MASTER, "svc", &rec_m, &rec_s);
	assert_int_equal(amp_session_set_crc(rec_s.s, 1), AMP_OK);
	assert_int_equal(amp_session_send(s, "plain", 5), AMP_OK);
	RUN_UNTIL(rec_s.closed == 1, SOON);
	assert_int_equal(rec_s.data, 0);
	assert_int_equal(mgr(SLAVE)->stats.data_bad_crc, 1);
	assert_closed_as_error();
	assert_int_equal(amp_session_set_crc(s, 1), AMP_EINVAL); /* closed */
	assert_int_equal(amp_session_set_crc(NULL, 1), AMP_EINVAL);
}

/* With CRC on both sides every size goes through, both ways. */
static void crc_on_both_sides_delivers(void **state)
{
	static uint8_t buf[AMP_SESSION_PAYLOAD_MAX];
	struct amp_session *sm;
	size_t i;

	(void)state;
	cold_start();
	sm = open_pair(MASTER, "svc", &rec_m, &rec_s);
	assert_int_equal(amp_session_set_crc(sm, 1), AMP_OK);
	assert_int_equal(amp_session_set_crc(rec_s.s, 1), AMP_OK);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7u);
	assert_int_equal(amp_session_send(sm, buf, sizeof(buf)), AMP_OK);
	assert_int_equal(amp_session_send(rec_s.s, buf, 1), AMP_OK);
	RUN_UNTIL(rec_s.data == 1 && rec_m.data == 1, SOON);
	assert_int_equal(rec_s.len[0], sizeof(buf));
	assert_memory_equal(rec_s.msg[0], buf, sizeof(buf));
	assert_int_equal(rec_m.len[0], 1);
	assert_int_equal(rec_m.closed + rec_s.closed, 0);
}

/* The data header codec alone (docs/protocol.md, "Session data"). */
static void data_header_codec(void **state)
{
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	size_t n;

	(void)state;
	n = amp_sess_data_encode(msg, 0x123456u, 0, "ab", 2);
	assert_int_equal(n, AMP_SESS_DATA_HDR_SIZE + 2u);
	assert_int_equal(msg[0], 0);
	assert_int_equal(msg[1], 0x56);
	assert_int_equal(msg[2], 0x34);
	assert_int_equal(msg[3], 0x12);
	assert_int_equal(msg[4] | msg[5] | msg[6] | msg[7], 0);
	assert_int_equal(amp_sess_data_check(msg, n, 0x123456u, 0), AMP_SESS_DATA_OK);
	assert_int_equal(amp_sess_data_check(msg, n, 0x123457u, 0), AMP_SESS_DATA_BAD_SEQ);
	assert_int_equal(amp_sess_data_check(msg, n, 0x123456u, 1), AMP_SESS_DATA_BAD_CRC);
	assert_int_equal(amp_sess_data_check(msg, AMP_SESS_DATA_HDR_SIZE, 0x123456u, 0),
			 AMP_SESS_DATA_BAD_HDR);
	msg[7] = 1; /* a CRC without the flag */
	assert_int_equal(amp_sess_data_check(msg, n, 0x123456u, 0), AMP_SESS_DATA_BAD_HDR);
	msg[7] = 0;
	msg[0] = 0x02; /* an unknown flag */
	assert_int_equal(amp_sess_data_check(msg, n, 0x123456u, 0), AMP_SESS_DATA_BAD_HDR);
	/* the sequence number counts mod 2^24 */
	n = amp_sess_data_encode(msg, 0x1000000u, 1, "xyz", 3);
	assert_int_equal(msg[0], AMP_SESS_DATA_F_CRC);
	assert_int_equal(amp_sess_data_check(msg, n, 0u, 1), AMP_SESS_DATA_OK);
	assert_int_equal(amp_sess_data_check(msg, n, 0u, 0), AMP_SESS_DATA_OK);
	msg[AMP_SESS_DATA_HDR_SIZE] ^= 0x80u;
	assert_int_equal(amp_sess_data_check(msg, n, 0u, 0), AMP_SESS_DATA_BAD_CRC);
	msg[AMP_SESS_DATA_HDR_SIZE] ^= 0x80u;
	msg[1] ^= 1u; /* the header is under the CRC too */
	assert_int_equal(amp_sess_data_check(msg, n, 1u, 1), AMP_SESS_DATA_BAD_CRC);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(default_up_after_hello_pair),
	    T(open_needs_a_name_and_ops),
	    T(listen_table_full),
	    T(open_from_master),
	    T(open_from_slave),
	    T(open_before_default_up_waits),
	    T(open_unknown_name_is_refused),
	    T(send_rules),
	    T(data_both_ways),
	    T(duplicated_message_closes_session),
	    T(reordered_messages_close_session),
	    T(corrupted_message_with_crc_closes_session),
	    T(crc_required_but_missing_closes_session),
	    T(crc_on_both_sides_delivers),
	    T(data_header_codec),
	    T(full_speed_sender_keeps_heartbeats),
	    T(acceptor_data_waits_for_probe_reply),
	    T(close_from_master),
	    T(close_from_slave),
	    T(close_from_both_at_once),
	    T(close_while_opening),
	    T(opener_table_full),
	    T(acceptor_table_full),
	    T(session_ids_differ_across_epochs),
	    T(stale_ctl_dropped),
	    T(malformed_ctl_counted),
	    T(heartbeat_declares_silent_slave_lost),
	    T(heartbeat_checked_at_deadlines),
	    T(heartbeat_declares_silent_master_lost),
	    T(hung_slave_resumes),
	    T(hung_slave_stray_send_stays_off_the_rings),
	    T(hung_slave_stray_send_then_recovery),
	    T(hung_master_resumes_and_sends),
	    T(rebooted_slave_waits_for_fresh_rings),
	    T(master_reboot_resets_slave_sessions),
	    T(slave_reboot_resets_master_sessions),
	    T(both_reboot_at_once),
	    T(power_up_garbage),
	    T(clock_wrap),
	    T(reopen_from_closed_callback),
	    T(close_from_callbacks),
	    T(open_to_halted_peer),
	    T(handshake_timeout_opening),
	    T(handshake_timeout_probing),
	    T(handshake_timeout_accepted),
	    T(test_session_rejects_bad_args),
	    T(test_session_heartbeat_only_while_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

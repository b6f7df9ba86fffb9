/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The default session: HELLO in both directions, heartbeats, the control
 * queue, and the dispatch of control messages. A peer that lets
 * AMP_CFG_HEARTBEAT_MISS periods pass without a word is declared lost: every
 * session closes with PEER_LOST and the link starts its handshake again,
 * which completes when the peer is back.
 */
#include <string.h>

#include "amp/amp.h"
#include "amp/errors.h"
#include "amp/trace.h"
#include "session_internal.h"
#include "../common/amp_attrs.h"

uint32_t amp_sess_now(const struct amp_sessions *m)
{
	const struct amp_port *p = m->link->port;

	return p->ops->now_ms(p->ctx);
}

void amp_sess_ctl_queue(struct amp_sessions *m, uint8_t type, uint16_t sid, uint32_t arg,
			const char *name)
{
	struct amp_ctl_msg msg;
	uint8_t slot;
	int n;

	if ((uint8_t)(m->q_head - m->q_tail) >= AMP_CTL_QUEUE) {
		m->stats.ctl_queue_full++;
		return;
	}
	memset(&msg, 0, sizeof(msg));
	msg.hdr.type = type;
	msg.hdr.sid = sid;
	msg.hdr.epoch = m->epoch;
	msg.hdr.arg = arg;
	if (type == AMP_CTL_HELLO) {
		msg.hello.role = (uint8_t)m->link->role;
		msg.hello.max_sessions = AMP_CFG_MAX_SESSIONS;
		msg.hello.heartbeat_ms = m->hb_period;
		msg.hello.miss_limit = m->hb_limit;
		msg.hello.lib_version = AMP_VERSION_NUMBER;
	}
	if (name)
		strncpy(msg.name, name, AMP_SESSION_NAME_SIZE - 1u);
	slot = (uint8_t)(m->q_head % AMP_CTL_QUEUE);
	n = amp_ctl_encode(m->q_msg[slot], AMP_CTL_MAX_SIZE, &msg);
	if (n <= 0)
		return;
	m->q_len[slot] = (uint8_t)n;
	m->q_head++;
}

/* Send what the queue holds, in order, until buffers run out. */
int amp_sess_ctl_flush(struct amp_sessions *m)
{
	struct amp_ept *ept = m->link->default_ept;
	int sent = 0;

	while (m->q_tail != m->q_head && ept) {
		uint8_t slot = (uint8_t)(m->q_tail % AMP_CTL_QUEUE);
		int err = amp_rpmsg_try_send(ept, m->q_msg[slot], m->q_len[slot]);

		if (err == AMP_ENOBUFS)
			break;
		m->q_tail++;
		sent = 1;
	}
	return sent;
}

static void default_up(struct amp_sessions *m)
{
	m->dstate = AMP_DS_UP;
	m->t_up = amp_sess_now(m);
	m->t_last_hb = m->t_up;
	if (m->ever_up)
		m->stats.reconnects++;
	m->ever_up = 1;
	if (m->on_default)
		m->on_default(m, 1, AMP_CLOSE_LOCAL, m->on_default_priv);
}

static void default_down(struct amp_sessions *m, enum amp_close_reason reason)
{
	if (m->dstate == AMP_DS_DOWN)
		return;
	m->dstate = AMP_DS_DOWN;
	m->hello_due = 0;
	m->q_head = m->q_tail = 0;
	m->hb_missed = 0;
	amp_sess_user_close_all(m, reason);
	if (m->on_default)
		m->on_default(m, 0, reason, m->on_default_priv);
}

static void on_hello(struct amp_sessions *m, const struct amp_ctl_msg *msg)
{
	if (m->dstate != AMP_DS_HELLO || msg->hello.role == (uint8_t)m->link->role) {
		m->stats.bad_ctl++;
		return;
	}
	m->peer_hello = msg->hello;
	/* The slave's HELLO answers the master's: that read/write pair opens the session. */
	if (!AMP_IS_MASTER(m->link->role))
		amp_sess_ctl_queue(m, AMP_CTL_HELLO, 0, 0, NULL);
	default_up(m);
}

static int ctl_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct amp_sessions *m = priv;
	struct amp_ctl_msg msg;

	(void)ept;
	(void)src;
	if (amp_ctl_decode(data, len, &msg)) {
		m->stats.bad_ctl++;
		return 0;
	}
	if (msg.hdr.epoch != m->epoch) {
		m->stats.stale_ctl++;
		return 0;
	}
	m->t_last_rx = amp_sess_now(m);
	m->hb_missed = 0;
	switch ((enum amp_ctl_type)msg.hdr.type) {
	case AMP_CTL_HELLO:
		on_hello(m, &msg);
		break;
	case AMP_CTL_HEARTBEAT:
		m->stats.heartbeats_recv++;
		amp_sess_ctl_queue(m, AMP_CTL_HEARTBEAT_ACK, 0, msg.hdr.arg, NULL);
		break;
	case AMP_CTL_HEARTBEAT_ACK:
		break;
	case AMP_CTL_OPEN:
	case AMP_CTL_OPEN_ACK:
	case AMP_CTL_OPEN_NAK:
	case AMP_CTL_CLOSE:
	case AMP_CTL_CLOSE_ACK:
		if (m->dstate == AMP_DS_UP)
			amp_sess_user_ctl(m, &msg);
		else
			m->stats.bad_ctl++;
		break;
	}
	return 0;
}

/*
 * The default session starts: the master says HELLO as soon as the peer's
 * "default" endpoint is bound (at once with an amplink peer; a plain peer
 * announces it, or never does when it does not speak sessions).
 */
static void await_hello(struct amp_sessions *m, uint32_t now)
{
	m->dstate = AMP_DS_HELLO;
	m->t_last_rx = now;
	m->hb_missed = 0;
	m->hello_due = AMP_IS_MASTER(m->link->role);
}

static void say_hello_when_bound(struct amp_sessions *m)
{
	if (!amp_rpmsg_ept_is_bound(m->link->default_ept))
		return;
	m->hello_due = 0;
	amp_sess_ctl_queue(m, AMP_CTL_HELLO, 0, 0, NULL);
}

static void link_event(struct amp_link *l, int up, int reason, void *priv)
{
	struct amp_sessions *m = priv;

	if (!up) {
		default_down(m, reason == AMP_LINK_DOWN_PEER_LOST ? AMP_CLOSE_PEER_LOST
								  : AMP_CLOSE_PEER_RESET);
		return;
	}
	m->epoch = amp_link_epoch(l);
	m->q_head = m->q_tail = 0;
	/* Control traffic stays out of the seed's trace. */
	if (l->default_ept)
		l->default_ept->quiet = 1;
	await_hello(m, amp_sess_now(m));
}

int amp_sessions_init(struct amp_sessions *m, struct amp_link *link)
{
	/* The link's callbacks are hooked here: it must be initialised first. */
	if (!m || !link || !link->port)
		return AMP_EINVAL;
	memset(m, 0, sizeof(*m));
	m->link = link;
	m->hb_period = AMP_CFG_HEARTBEAT_MS;
	m->hb_limit = AMP_CFG_HEARTBEAT_MISS;
	amp_link_set_event_cb(link, link_event, m);
	amp_link_set_default_cb(link, ctl_rx, m);
	return AMP_OK;
}

int amp_sessions_set_heartbeat(struct amp_sessions *m, uint16_t period_ms, uint8_t miss_limit)
{
	if (!m || !m->link || !period_ms || !miss_limit)
		return AMP_EINVAL;
	/* The HELLO carried the old values to the peer: too late to change them. */
	if (m->dstate != AMP_DS_DOWN)
		return AMP_EBUSY;
	m->hb_period = period_ms;
	m->hb_limit = miss_limit;
	m->t_wait = 0; /* the next wait was measured in the old period */
	return AMP_OK;
}

void amp_sessions_on_default(struct amp_sessions *m,
			     void (*cb)(struct amp_sessions *, int, enum amp_close_reason, void *),
			     void *priv)
{
	if (!m || !m->link)
		return;
	m->on_default = cb;
	m->on_default_priv = priv;
}

int amp_sessions_default_up(const struct amp_sessions *m)
{
	return m && m->dstate == AMP_DS_UP;
}

/*
 * Beats, and the verdict on a silent peer; then when to look again
 * (t_tick, t_wait): the next beat, or the next whole period of silence.
 * Anything that moves these later (a message, the session coming up) only
 * makes the next look early, and an early look changes nothing. Returns 1
 * if the peer was declared lost.
 */
static int heartbeat_tick(struct amp_sessions *m, uint32_t now)
{
	uint32_t silent, missed;

	m->t_tick = now;
	m->t_wait = m->hb_period;
	if (m->dstate == AMP_DS_DOWN)
		return 0;
	/* A plain peer need not speak sessions at all: its silence before HELLO is no verdict. */
	if (m->dstate == AMP_DS_HELLO && m->link->peer == AMP_PEER_PLAIN)
		return 0;
	if (m->dstate == AMP_DS_UP) {
		if (now - m->t_last_hb >= m->hb_period) {
			m->t_last_hb = now;
			m->stats.heartbeats_sent++;
			amp_sess_ctl_queue(m, AMP_CTL_HEARTBEAT, 0, ++m->hb_counter, NULL);
		}
		m->t_wait -= now - m->t_last_hb;
	}
	/* Whole periods of silence; no division on the common path (no period missed). */
	silent = now - m->t_last_rx;
	missed = silent < m->hb_period ? 0u : silent / m->hb_period;
	if (missed > m->hb_missed) {
		m->stats.missed_heartbeats += missed - m->hb_missed;
		m->hb_missed = (uint8_t)(missed > 255u ? 255u : missed);
	}
	if (missed < m->hb_limit) {
		/* Below hb_limit (a byte): no overflow. */
		uint32_t next_miss = (missed + 1u) * m->hb_period - silent;

		if (next_miss < m->t_wait)
			m->t_wait = next_miss;
		return 0;
	}
	m->stats.peer_lost++;
	AMP_TRACE(m->link->port, m->link->role, "peer_lost");
	default_down(m, AMP_CLOSE_PEER_LOST);
	if (m->link->peer == AMP_PEER_PLAIN) {
		/* Rings a plain peer cannot follow are never re-initialised: ask it again. */
		await_hello(m, now);
		return 1;
	}
	amp_link_restart(m->link);
	return 1;
}

/* What is due in this poll; out of line, so that a poll with nothing due stays small. */
static AMP_NOINLINE int sessions_due_work(struct amp_sessions *m, uint32_t now, int work)
{
	if (now - m->t_tick >= m->t_wait) {
		m->stats.timer_checks++;
		if (heartbeat_tick(m, now))
			return 1;
	}
	if (m->hello_due)
		say_hello_when_bound(m);
	if (m->dstate == AMP_DS_UP && m->unsettled)
		amp_sess_user_tick(m, now);
	if (m->dstate != AMP_DS_DOWN && m->q_tail != m->q_head)
		work += amp_sess_ctl_flush(m);
	return work;
}

/*
 * The link's poll, one clock read (after it: the timestamps its messages
 * took are not later than now), and the session layer's own work only when
 * a timer is due or something waits.
 */
int amp_sessions_poll(struct amp_sessions *m)
{
	uint32_t now;
	int work;

	if (!m || !m->link)
		return AMP_EINVAL;
	work = amp_link_poll(m->link);
	if (work < 0)
		return work; /* the link was never initialised */
	now = amp_sess_now(m);
	/* The two flags are bytes: one test for both (|), not two branches. */
	if (now - m->t_tick >= m->t_wait || (m->hello_due | m->unsettled) || m->q_tail != m->q_head)
		return sessions_due_work(m, now, work);
	return work;
}

const char *amp_close_reason_name(enum amp_close_reason r)
{
	switch (r) {
	case AMP_CLOSE_LOCAL:
		return "LOCAL";
	case AMP_CLOSE_PEER:
		return "PEER";
	case AMP_CLOSE_PEER_RESET:
		return "PEER_RESET";
	case AMP_CLOSE_PEER_LOST:
		return "PEER_LOST";
	case AMP_CLOSE_ERROR:
		return "ERROR";
	}
	return "?";
}

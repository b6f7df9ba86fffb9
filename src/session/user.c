/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * User sessions: OPEN / OPEN_ACK / OPEN_NAK on the default session, then the
 * probe pair on the session's own endpoint, CLOSE / CLOSE_ACK. Every session
 * owns exactly one endpoint; closing the session destroys it.
 */
#include <string.h>

#include "amp/errors.h"
#include "session_internal.h"

#define SID_ROLE_BIT  0x8000u
#define SID_GEN_SHIFT 8u
#define SID_GEN_MASK  0x7Fu
#define SID_SLOT_MASK 0xFFu

static uint16_t make_sid(const struct amp_sessions *m, const struct amp_session *s)
{
	uint16_t slot = (uint16_t)(s - m->s);

	return (uint16_t)((!AMP_IS_MASTER(m->link->role) ? SID_ROLE_BIT : 0u) |
			  ((s->gen & SID_GEN_MASK) << SID_GEN_SHIFT) | (slot & SID_SLOT_MASK));
}

static int name_len(const char *name)
{
	int n;

	if (!name)
		return -1;
	for (n = 0; n < (int)AMP_SESSION_NAME_SIZE; n++)
		if (!name[n])
			return n;
	return -1;
}

static struct amp_session *slot_alloc(struct amp_sessions *m)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		if (m->s[i].state == AMP_SS_FREE)
			return &m->s[i];
	return NULL;
}

static struct amp_session *find_sid(struct amp_sessions *m, uint16_t sid)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		if (m->s[i].state != AMP_SS_FREE && m->s[i].sid == sid)
			return &m->s[i];
	return NULL;
}

/* Free the slot and its endpoint, then tell the application. */
static void session_end(struct amp_session *s, enum amp_close_reason reason)
{
	const struct amp_session_ops *ops = s->ops;

	if (s->state == AMP_SS_FREE)
		return;
	s->state = AMP_SS_FREE;
	s->gen++;
	if (s->ept)
		amp_rpmsg_ept_destroy(s->ept);
	s->ept = NULL;
	if (ops && ops->closed)
		ops->closed(s, reason, s->priv);
}

static void established(struct amp_session *s)
{
	s->state = AMP_SS_ESTABLISHED;
	if (s->ops && s->ops->opened)
		s->ops->opened(s, s->priv);
}

/*
 * The zero-length probe (opener) or probe reply (acceptor), retried while
 * buffers lack. The acceptor is established only once its reply is written:
 * data it sent before the reply would reach an opener that is still probing.
 */
static void write_probe(struct amp_session *s)
{
	s->probe_due = amp_rpmsg_try_send(s->ept, NULL, 0) == AMP_ENOBUFS;
	if (s->probe_due)
		s->mgr->unsettled = 1;
	else if (s->state == AMP_SS_ACCEPTED && s->got_probe)
		established(s);
}

/*
 * A data message that is not the next one intact (lost, duplicated, out of
 * order, corrupted) is never delivered: it is counted, the peer is told and
 * the session ends with ERROR, since what follows it cannot be trusted either.
 */
static int data_ok(struct amp_session *s, const void *data, size_t len)
{
	struct amp_session_stats *st = &s->mgr->stats;

	switch (amp_sess_data_check(data, len, s->rx_seq, s->crc)) {
	case AMP_SESS_DATA_OK:
		return 1;
	case AMP_SESS_DATA_BAD_SEQ:
		st->data_bad_seq++;
		break;
	case AMP_SESS_DATA_BAD_CRC:
		st->data_bad_crc++;
		break;
	case AMP_SESS_DATA_BAD_HDR:
		st->data_bad_hdr++;
		break;
	}
	amp_sess_ctl_queue(s->mgr, AMP_CTL_CLOSE, s->sid, (uint32_t)AMP_CLOSE_ERROR, NULL);
	session_end(s, AMP_CLOSE_ERROR);
	return 0;
}

static int session_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct amp_session *s = priv;

	(void)ept;
	(void)src;
	if (len == 0) {
		if (s->state == AMP_SS_ACCEPTED && !s->got_probe) {
			/* The initial read; the reply is the initial write. */
			s->got_probe = 1;
			write_probe(s);
		} else if (s->state == AMP_SS_PROBING) {
			established(s);
		}
		return 0;
	}
	if (s->state != AMP_SS_ESTABLISHED) {
		s->mgr->stats.bad_ctl++;
		return 0;
	}
	if (!data_ok(s, data, len))
		return 0;
	s->rx_seq++;
	s->rx_bytes += (uint32_t)(len - AMP_SESS_DATA_HDR_SIZE);
	if (s->ops && s->ops->data)
		s->ops->data(s, (const uint8_t *)data + AMP_SESS_DATA_HDR_SIZE,
			     len - AMP_SESS_DATA_HDR_SIZE, s->priv);
	return 0;
}

static int make_ept(struct amp_session *s, uint32_t dst)
{
	return amp_rpmsg_ept_create(&s->mgr->link->rpmsg, &s->ept, s->name, AMP_RPMSG_ADDR_ANY, dst,
				    session_rx, s);
}

static void start_open(struct amp_sessions *m, struct amp_session *s)
{
	if (make_ept(s, AMP_RPMSG_ADDR_ANY)) {
		session_end(s, AMP_CLOSE_ERROR);
		return;
	}
	s->epoch = m->epoch;
	s->sid = make_sid(m, s);
	s->state = AMP_SS_OPENING;
	s->rx_bytes = s->tx_bytes = 0;
	s->rx_seq = s->tx_seq = 0;
	s->t0 = amp_sess_now(m);
	m->unsettled = 1;
	amp_sess_ctl_queue(m, AMP_CTL_OPEN, s->sid, s->ept->addr, s->name);
}

static const struct amp_listener *find_listener(struct amp_sessions *m, const char *name)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_LISTEN; i++)
		if (m->listen[i].ops && !strncmp(m->listen[i].name, name, AMP_SESSION_NAME_SIZE))
			return &m->listen[i];
	return NULL;
}

static void on_open(struct amp_sessions *m, const struct amp_ctl_msg *msg)
{
	const struct amp_listener *l = find_listener(m, msg->name);
	struct amp_session *s;
	uint16_t peer_bit = AMP_IS_MASTER(m->link->role) ? SID_ROLE_BIT : 0u;

	if ((msg->hdr.sid & SID_ROLE_BIT) != peer_bit || find_sid(m, msg->hdr.sid) ||
	    msg->hdr.arg < AMP_RPMSG_RESERVED_ADDRS || msg->hdr.arg == AMP_RPMSG_ADDR_ANY) {
		m->stats.bad_ctl++;
		return;
	}
	s = l ? slot_alloc(m) : NULL;
	if (!s) {
		m->stats.opens_refused++;
		amp_sess_ctl_queue(m, AMP_CTL_OPEN_NAK, msg->hdr.sid,
				   (uint32_t)(l ? -AMP_ENOSPC : -AMP_ENOENT), NULL);
		return;
	}
	memcpy(s->name, msg->name, AMP_SESSION_NAME_SIZE);
	s->mgr = m;
	s->ops = l->ops;
	s->priv = l->priv;
	s->opener = 0;
	s->probe_due = 0;
	s->got_probe = 0;
	s->crc = AMP_CFG_SESSION_CRC != 0;
	if (make_ept(s, msg->hdr.arg)) {
		m->stats.opens_refused++;
		amp_sess_ctl_queue(m, AMP_CTL_OPEN_NAK, msg->hdr.sid, (uint32_t)-AMP_ENOSPC, NULL);
		return;
	}
	s->sid = msg->hdr.sid;
	s->epoch = m->epoch;
	s->peer_addr = msg->hdr.arg;
	s->state = AMP_SS_ACCEPTED;
	s->rx_bytes = s->tx_bytes = 0;
	s->rx_seq = s->tx_seq = 0;
	s->t0 = amp_sess_now(m);
	m->unsettled = 1;
	amp_sess_ctl_queue(m, AMP_CTL_OPEN_ACK, s->sid, s->ept->addr, NULL);
}

static void on_open_ack(struct amp_sessions *m, struct amp_session *s, uint32_t addr)
{
	if (!s || s->state != AMP_SS_OPENING || addr < AMP_RPMSG_RESERVED_ADDRS ||
	    addr == AMP_RPMSG_ADDR_ANY) {
		m->stats.bad_ctl++;
		return;
	}
	s->ept->dest = addr;
	s->peer_addr = addr;
	s->state = AMP_SS_PROBING;
	s->t0 = amp_sess_now(m);
	m->unsettled = 1;
	write_probe(s);
}

void amp_sess_user_ctl(struct amp_sessions *m, const struct amp_ctl_msg *msg)
{
	struct amp_session *s;

	switch ((enum amp_ctl_type)msg->hdr.type) {
	case AMP_CTL_OPEN:
		on_open(m, msg);
		return;
	case AMP_CTL_OPEN_ACK:
		on_open_ack(m, find_sid(m, msg->hdr.sid), msg->hdr.arg);
		return;
	case AMP_CTL_OPEN_NAK:
		s = find_sid(m, msg->hdr.sid);
		if (s && s->opener && s->state == AMP_SS_OPENING)
			session_end(s, AMP_CLOSE_ERROR);
		else
			m->stats.bad_ctl++;
		return;
	case AMP_CTL_CLOSE:
		s = find_sid(m, msg->hdr.sid);
		amp_sess_ctl_queue(m, AMP_CTL_CLOSE_ACK, msg->hdr.sid, 0, NULL);
		if (s)
			session_end(s, AMP_CLOSE_PEER);
		return;
	case AMP_CTL_CLOSE_ACK:
	case AMP_CTL_HELLO:
	case AMP_CTL_HEARTBEAT:
	case AMP_CTL_HEARTBEAT_ACK:
		return;
	}
}

/* Handshakes that stall past the heartbeat verdict time end in ERROR. */
static int handshake_expired(const struct amp_sessions *m, const struct amp_session *s,
			     uint32_t now)
{
	return (s->state == AMP_SS_OPENING || s->state == AMP_SS_PROBING ||
		s->state == AMP_SS_ACCEPTED) &&
	       amp_sess_elapsed(now, s->t0) >= (uint32_t)m->hb_period * m->hb_limit;
}

static int settled(const struct amp_session *s)
{
	return s->state == AMP_SS_FREE || (s->state == AMP_SS_ESTABLISHED && !s->probe_due);
}

void amp_sess_user_tick(struct amp_sessions *m, uint32_t now)
{
	int i, unsettled = 0;

	/* The common case, every poll: nothing in a handshake, no probe owed. */
	if (!m->unsettled)
		return;
	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++) {
		struct amp_session *s = &m->s[i];

		if (s->state == AMP_SS_WANT_OPEN) {
			start_open(m, s);
		} else if (handshake_expired(m, s, now)) {
			amp_sess_ctl_queue(m, AMP_CTL_CLOSE, s->sid, (uint32_t)AMP_CLOSE_ERROR,
					   NULL);
			session_end(s, AMP_CLOSE_ERROR);
		} else if (s->probe_due) {
			write_probe(s);
		}
		unsettled |= !settled(s);
	}
	m->unsettled = (uint8_t)unsettled;
}

void amp_sess_user_close_all(struct amp_sessions *m, enum amp_close_reason reason)
{
	int i;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		session_end(&m->s[i], reason);
}

int amp_session_listen(struct amp_sessions *m, const char *name, const struct amp_session_ops *ops,
		       void *priv)
{
	int i, n = name_len(name);

	if (!m || !m->link || !ops || n <= 0)
		return AMP_EINVAL;
	if (find_listener(m, name))
		return AMP_EEXIST;
	for (i = 0; i < AMP_CFG_MAX_LISTEN; i++) {
		struct amp_listener *l = &m->listen[i];

		if (l->ops)
			continue;
		memset(l->name, 0, sizeof(l->name));
		memcpy(l->name, name, (size_t)n);
		l->ops = ops;
		l->priv = priv;
		return AMP_OK;
	}
	return AMP_ENOSPC;
}

int amp_session_open(struct amp_sessions *m, const char *name, const struct amp_session_ops *ops,
		     void *priv, struct amp_session **out)
{
	struct amp_session *s;
	int n = name_len(name);

	if (!m || !m->link || !ops || n <= 0)
		return AMP_EINVAL;
	s = slot_alloc(m);
	if (!s)
		return AMP_ENOSPC;
	memset(s->name, 0, sizeof(s->name));
	memcpy(s->name, name, (size_t)n);
	s->mgr = m;
	s->ops = ops;
	s->priv = priv;
	s->opener = 1;
	s->probe_due = 0;
	s->got_probe = 0;
	s->crc = AMP_CFG_SESSION_CRC != 0;
	s->ept = NULL;
	s->state = AMP_SS_WANT_OPEN;
	m->unsettled = 1;
	if (out)
		*out = s;
	if (m->dstate == AMP_DS_UP)
		start_open(m, s);
	return AMP_OK;
}

/* Header and payload copied straight into a transmit buffer (one copy, no buffer here). */
static int send_data(struct amp_session *s, const void *data, size_t len)
{
	uint8_t hdr[AMP_SESS_DATA_HDR_SIZE];

	amp_sess_data_header(hdr, s->tx_seq, s->crc, data, len);
	return amp_rpmsg_try_send_prefixed(s->ept, hdr, sizeof(hdr), data, len);
}

int amp_session_send(struct amp_session *s, const void *data, size_t len)
{
	int err;

	if (!s || (len && !data))
		return AMP_EINVAL;
	if (s->state != AMP_SS_ESTABLISHED)
		return s->state == AMP_SS_FREE ? AMP_ECLOSED : AMP_ENOTREADY;
	if (len == 0)
		return AMP_EINVAL; /* empty messages are the session's own probes */
	if (len > AMP_SESSION_PAYLOAD_MAX)
		return AMP_EMSGSIZE;
	/*
	 * Control first: queued control messages (a heartbeat waiting for a
	 * buffer) take the next free buffers. Else a sender at full speed
	 * starves them, and the peer declares us lost.
	 */
	if (s->mgr->q_tail != s->mgr->q_head) {
		(void)amp_sess_ctl_flush(s->mgr);
		if (s->mgr->q_tail != s->mgr->q_head)
			return AMP_ENOBUFS;
	}
	err = send_data(s, data, len);
	if (!err) {
		s->tx_seq++;
		s->tx_bytes += (uint32_t)len;
	}
	return err;
}

int amp_session_close(struct amp_session *s)
{
	if (!s || s->state == AMP_SS_FREE)
		return AMP_EINVAL;
	if (s->state != AMP_SS_WANT_OPEN && s->mgr->dstate == AMP_DS_UP)
		amp_sess_ctl_queue(s->mgr, AMP_CTL_CLOSE, s->sid, (uint32_t)AMP_CLOSE_PEER, NULL);
	session_end(s, AMP_CLOSE_LOCAL);
	return AMP_OK;
}

int amp_session_is_established(const struct amp_session *s)
{
	return s && s->state == AMP_SS_ESTABLISHED;
}

int amp_session_set_crc(struct amp_session *s, int on)
{
	if (!s || s->state == AMP_SS_FREE)
		return AMP_EINVAL;
	s->crc = on != 0;
	return AMP_OK;
}

uint64_t amp_session_id(const struct amp_session *s)
{
	return s ? ((uint64_t)s->epoch << 16) | s->sid : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control messages of the default session, and the messages of user
 * sessions, from a hostile peer. Both roles run the whole stack (link and
 * sessions) until the default session is up and a user session "echo" is
 * established; every run starts again from that snapshot. The first input
 * byte picks the role under test; the peer then sends it control messages
 * (raw bytes, or well-formed ones with input-chosen type, session id, epoch,
 * argument and name) and messages or probes to any of its endpoints, while
 * time passes, either side polls, and the application opens, closes and
 * writes sessions.
 *
 * Checked after every step: no endpoint outlives its session (each endpoint
 * but the default one belongs to a live session, and each live session's
 * endpoint is its own), session data handed to the application lies in the
 * region, and the control codec round-trips what it accepts.
 */
#include <stdio.h>
#include <string.h>

#include "amp/amp.h"
#include "amp/errors.h"
#include "amp/session.h"
#include "fuzz_common.h"

#define M AMP_ROLE_MASTER
#define S AMP_ROLE_SLAVE

enum op {
	OP_CTL_RAW,
	OP_CTL,
	OP_TO_EPT,
	OP_POLL,
	OP_POLL_PEER,
	OP_CLOCK,
	OP_OPEN,
	OP_CLOSE,
	OP_SEND,
	OP_COUNT,
};

static const char *const names[] = {"echo", "m", "oacs", "nobody",
				    "0123456789abcdef0123456789abcde"};

struct world {
	struct fz_port fp[2];
	struct amp amp[2];
	uint32_t now;
	uint32_t data_msgs[2];
};

static struct world sim;
static struct world snap_world;
static uint8_t snap_region[AMP_CFG_SHM_SIZE];

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	uint32_t *count = priv;

	FZ_ASSERT(len > 0 && len <= AMP_SESSION_PAYLOAD_MAX);
	FZ_ASSERT(fz_in_region(data, len));
	(*count)++;
	/* Echo, as an application would (it may find no buffer: fine). */
	(void)amp_session_send(s, data, len);
}

static const struct amp_session_ops ops = {
    .opened = NULL,
    .data = on_data,
    .closed = NULL,
};

static void check_sessions(struct amp *amp)
{
	struct amp_sessions *m = amp_sessions(amp);
	struct amp_rpmsg *r = amp_rpmsg(amp);
	int i, j;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++) {
		const struct amp_session *s = &m->s[i];

		if (s->state == AMP_SS_FREE || s->state == AMP_SS_WANT_OPEN)
			continue;
		FZ_ASSERT(s->ept && s->ept->in_use && s->ept->priv == s);
	}
	for (i = 0; i < AMP_CFG_MAX_EPT; i++) {
		const struct amp_ept *e = &r->ept[i];
		int owned = 0;

		if (!e->in_use || e == amp->link.default_ept)
			continue;
		for (j = 0; j < AMP_CFG_MAX_SESSIONS; j++)
			owned |= m->s[j].state != AMP_SS_FREE && m->s[j].ept == e;
		FZ_ASSERT(owned);
	}
}

static int both_ready(void)
{
	return amp_is_ready(&sim.amp[M]) && amp_is_ready(&sim.amp[S]);
}

static int echo_established(void)
{
	const struct amp_sessions *m = &sim.amp[M].sess;
	int i;

	for (i = 0; i < AMP_CFG_MAX_SESSIONS; i++)
		if (m->s[i].state == AMP_SS_ESTABLISHED)
			return 1;
	return 0;
}

static void setup_once(void)
{
	struct amp_session *s;
	int r, n, opened = 0;

	memset(&sim, 0, sizeof(sim));
	fz_region_fill(0x5A);
	for (r = 0; r < 2; r++) {
		fz_port_init(&sim.fp[r], (enum amp_role)r, &sim.now);
		if (amp_init(&sim.amp[r], (enum amp_role)r, &sim.fp[r].port))
			fz_fail(__FILE__, __LINE__, "amp_init");
		if (amp_session_listen(amp_sessions(&sim.amp[r]), r == S ? "echo" : "m", &ops,
				       &sim.data_msgs[r]))
			fz_fail(__FILE__, __LINE__, "listen");
	}
	fz_port_pair(&sim.fp[M], &sim.fp[S]);
	for (n = 0; n < 100000 && !(both_ready() && echo_established()); n++) {
		amp_poll(&sim.amp[n & 1 ? S : M]);
		sim.now += (n & 7) == 7;
		if (!opened && both_ready())
			opened = amp_session_open(amp_sessions(&sim.amp[M]), "echo", &ops,
						  &sim.data_msgs[M], &s) == AMP_OK;
	}
	if (!both_ready() || !echo_established())
		fz_fail(__FILE__, __LINE__, "sessions did not come up");
	snap_world = sim;
	memcpy(snap_region, (const void *)(uintptr_t)fz_region(), sizeof(snap_region));
}

static void restore(void)
{
	sim = snap_world;
	memcpy((void *)(uintptr_t)fz_region(), snap_region, sizeof(snap_region));
}

/* The codec alone: what it accepts encodes back to the same bytes' meaning. */
static void check_codec(const uint8_t *msg, size_t len)
{
	struct amp_ctl_msg a, b;
	uint8_t enc[AMP_CTL_MAX_SIZE];
	int n;

	if (amp_ctl_decode(msg, len, &a))
		return;
	n = amp_ctl_encode(enc, sizeof(enc), &a);
	FZ_ASSERT(n == (int)len);
	FZ_ASSERT(amp_ctl_decode(enc, (size_t)n, &b) == AMP_OK);
	FZ_ASSERT(!memcmp(&a.hdr, &b.hdr, sizeof(a.hdr)) && !strcmp(a.name, b.name));
}

/* The peer sends on its default endpoint (the receiver's control endpoint) or to dst. */
static void peer_send(struct amp *peer, uint32_t dst, const uint8_t *msg, size_t len)
{
	struct amp_ept *ept = peer->link.default_ept;

	if (!ept)
		return;
	if (dst == AMP_RPMSG_ADDR_ANY)
		(void)amp_rpmsg_try_send(ept, msg, len);
	else
		(void)amp_rpmsg_try_sendto(ept, dst, msg, len);
}

static void ctl_raw(struct amp *peer, struct fz_in *in)
{
	uint8_t msg[64];
	size_t len = fz_bytes(in, msg, fz_u8(in) % (sizeof(msg) + 1u));

	check_codec(msg, len);
	peer_send(peer, AMP_RPMSG_ADDR_ANY, msg, len);
}

static void ctl_made(struct amp *rx, struct amp *peer, struct fz_in *in)
{
	struct amp_ctl_msg m;
	uint8_t msg[AMP_CTL_MAX_SIZE], how = fz_u8(in);
	int n;

	memset(&m, 0, sizeof(m));
	m.hdr.type = (uint8_t)(1u + fz_u8(in) % 8u);
	m.hdr.sid = fz_u16(in);
	/* The right epoch mostly: stale ones are dropped before anything else. */
	m.hdr.epoch = amp_sessions(rx)->epoch + ((how & 3u) == 3u ? fz_u8(in) : 0u);
	m.hdr.arg = (how & 4u) ? fz_u32(in) : AMP_RPMSG_RESERVED_ADDRS + fz_u8(in) % 16u;
	m.hello.role = fz_u8(in) & 1u;
	m.hello.heartbeat_ms = fz_u16(in);
	m.hello.miss_limit = fz_u8(in);
	strcpy(m.name, names[fz_u8(in) % (sizeof(names) / sizeof(names[0]))]);
	n = amp_ctl_encode(msg, sizeof(msg), &m);
	if (n > 0)
		peer_send(peer, AMP_RPMSG_ADDR_ANY, msg, (size_t)n);
}

/*
 * Raw bytes to an endpoint, or (length byte's top bit) well-formed session
 * data: bit 0 with a CRC, bits 1..2 its number (sessions count from 0, so the
 * first ones are delivered), bits 3..6 the payload length - 1.
 */
static void to_ept(struct amp *peer, struct fz_in *in)
{
	uint8_t msg[64];
	uint32_t dst = AMP_RPMSG_RESERVED_ADDRS + fz_u8(in) % 16u;
	uint8_t how = fz_u8(in);
	size_t len;

	if (how & 0x80u) {
		uint8_t body[16];

		len = fz_bytes(in, body, 1u + (how >> 3 & 0x0Fu));
		if (len)
			peer_send(peer, dst, msg,
				  amp_sess_data_encode(msg, how >> 1 & 3u, how & 1u, body, len));
		return;
	}
	len = fz_bytes(in, msg, how % (sizeof(msg) + 1u));
	peer_send(peer, dst, msg, len); /* len 0: a probe */
}

static struct amp_session *pick_session(struct amp *amp, uint8_t pick)
{
	struct amp_session *s = &amp_sessions(amp)->s[pick % AMP_CFG_MAX_SESSIONS];

	return s->state == AMP_SS_FREE ? NULL : s;
}

static void run(enum amp_role role, struct fz_in *in)
{
	struct amp *rx = &sim.amp[role], *peer = &sim.amp[role == M ? S : M];

	while (in->n) {
		struct amp_session *s;
		uint8_t msg[AMP_RPMSG_PAYLOAD_MAX + 1u];
		size_t len;

		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_CTL_RAW:
			ctl_raw(peer, in);
			break;
		case OP_CTL:
			ctl_made(rx, peer, in);
			break;
		case OP_TO_EPT:
			to_ept(peer, in);
			break;
		case OP_POLL:
			FZ_ASSERT(amp_poll(rx) >= 0);
			break;
		case OP_POLL_PEER:
			(void)amp_poll(peer);
			break;
		case OP_CLOCK:
			sim.now += fz_u8(in);
			break;
		case OP_OPEN:
			(void)amp_session_open(
			    amp_sessions(rx), names[fz_u8(in) % (sizeof(names) / sizeof(names[0]))],
			    &ops, &sim.data_msgs[role], &s);
			break;
		case OP_CLOSE:
			s = pick_session(rx, fz_u8(in));
			if (s)
				(void)amp_session_close(s);
			break;
		case OP_SEND:
			s = pick_session(rx, fz_u8(in));
			len = fz_u16(in) % sizeof(msg);
			memset(msg, 0x42, len);
			if (s && len > AMP_SESSION_PAYLOAD_MAX)
				FZ_ASSERT(amp_session_send(s, msg, len) < 0);
			else if (s)
				(void)amp_session_send(s, msg, len);
			break;
		case OP_COUNT:
			break;
		}
		check_sessions(rx);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct fz_in in = {data, size};
	enum amp_role role;

	if (!ready) {
		setup_once();
		ready = 1;
	}
	restore();
	role = (fz_u8(&in) & 1u) ? M : S;
	run(role, &in);
	if (fz_verbose()) {
		const struct amp_session_stats *st = &sim.amp[role].sess.stats;

		fprintf(stderr,
			"ctl: %s default %u; bad %u stale %u refused %u lost %u data %u "
			"(refused: seq %u crc %u hdr %u)\n",
			role == M ? "master" : "slave", sim.amp[role].sess.dstate, st->bad_ctl,
			st->stale_ctl, st->opens_refused, st->peer_lost, sim.data_msgs[role],
			st->data_bad_seq, st->data_bad_crc, st->data_bad_hdr);
	}
	return 0;
}

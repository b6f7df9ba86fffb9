/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stream on a session: the session is the stream's transport.
 *
 * ss->session is the one session this stream belongs to: the opener's from
 * amp_sstream_open() on (so a failed open is reported too), the acceptor's
 * from the first session established. ss->open says the stream runs on it.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/stream.h"

static int session_send(void *ctx, const void *msg, size_t len)
{
	struct amp_session_stream *ss = ctx;
	int rc;

	if (!ss->session)
		return AMP_ECLOSED;
	rc = amp_session_send(ss->session, msg, len);
	/* Established but out of buffers: the stream keeps its bytes and retries. */
	return rc == AMP_ENOTREADY ? AMP_ENOBUFS : rc;
}

static void report(struct amp_session_stream *ss, int open, enum amp_close_reason why)
{
	if (ss->event)
		ss->event(ss, open, why, ss->priv);
}

static void on_opened(struct amp_session *s, void *priv)
{
	struct amp_session_stream *ss = priv;
	struct amp_stream_config cfg = ss->cfg;

	if (ss->open || (ss->session && ss->session != s)) {
		/* One session per stream: a second one is turned away. */
		amp_session_close(s);
		return;
	}
	ss->session = s;
	cfg.transport.send = session_send;
	cfg.transport.ctx = ss;
	cfg.transport.mtu = AMP_SESSION_PAYLOAD_MAX; /* a stream message is one session message */
	if (amp_stream_open(&ss->stream, &cfg) < 0) {
		amp_session_close(s); /* on_closed reports it */
		return;
	}
	ss->open = 1;
	report(ss, 1, AMP_CLOSE_LOCAL);
}

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct amp_session_stream *ss = priv;

	if (s == ss->session && ss->open && amp_stream_on_message(&ss->stream, data, len) < 0)
		amp_session_close(s); /* a peer that breaks the stream protocol loses the session */
}

/* cppcheck-suppress constParameter ; the signature is amp_session_ops::closed */
static void on_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct amp_session_stream *ss = priv;

	if (s != ss->session)
		return;
	ss->session = NULL;
	if (ss->open) {
		ss->open = 0;
		amp_stream_on_transport_down(&ss->stream);
		/* the failure shows at once, with the undelivered count taken now */
		(void)amp_stream_poll(&ss->stream);
	}
	report(ss, 0, why);
}

static const struct amp_session_ops sstream_ops = {
    .opened = on_opened,
    .data = on_data,
    .closed = on_closed,
};

/* The rings amp_stream_open() will accept: refused now rather than on every session. */
static int ring_ok(void *storage, uint32_t size)
{
	struct amp_comm_buffer probe;

	return size <= AMP_STREAM_RING_MAX && amp_comm_buffer_init(&probe, storage, size) == AMP_OK;
}

static int name_ok(const char *name)
{
	uint32_t n;

	if (!name)
		return 0;
	for (n = 0; n < AMP_SESSION_NAME_SIZE; n++)
		if (!name[n])
			return n > 0u;
	return 0;
}

/* Checks everything before ss is touched: a refused call leaves its stream readable. */
static int sstream_init(struct amp_session_stream *ss, const struct amp_sessions *m,
			const char *name, const struct amp_stream_config *cfg,
			amp_sstream_event_cb cb, void *priv)
{
	if (!ss || !m || !name_ok(name) || !cfg || !ring_ok(cfg->rx_storage, cfg->rx_size) ||
	    !ring_ok(cfg->tx_storage, cfg->tx_size) || ss->session)
		return AMP_EINVAL;
	memset(ss, 0, sizeof(*ss));
	ss->cfg = *cfg;
	ss->event = cb;
	ss->priv = priv;
	return AMP_OK;
}

int amp_sstream_open(struct amp_session_stream *ss, struct amp_sessions *m, const char *name,
		     const struct amp_stream_config *cfg, amp_sstream_event_cb cb, void *priv)
{
	struct amp_session *s = NULL;
	int err = sstream_init(ss, m, name, cfg, cb, priv);

	if (err)
		return err;
	err = amp_session_open(m, name, &sstream_ops, ss, &s);
	if (err)
		return err;
	/* Ended already (no endpoint left): no callback will come for it. */
	if (!s || s->state == AMP_SS_FREE)
		return AMP_ENOSPC;
	ss->session = s;
	return AMP_OK;
}

int amp_sstream_listen(struct amp_session_stream *ss, struct amp_sessions *m, const char *name,
		       const struct amp_stream_config *cfg, amp_sstream_event_cb cb, void *priv)
{
	int err = sstream_init(ss, m, name, cfg, cb, priv);

	if (err)
		return err;
	return amp_session_listen(m, name, &sstream_ops, ss);
}

struct amp_stream *amp_sstream_stream(struct amp_session_stream *ss)
{
	return ss && ss->open ? &ss->stream : NULL;
}

int amp_sstream_is_open(const struct amp_session_stream *ss)
{
	return ss && ss->open;
}

int amp_sstream_close(struct amp_session_stream *ss)
{
	if (!ss || !ss->session)
		return AMP_EINVAL;
	return amp_session_close(ss->session);
}

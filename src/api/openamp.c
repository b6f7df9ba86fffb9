/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The C facade (include/amp/openamp.h): instances and streams from static
 * pools behind opaque handles. A handle is valid only if it is one of the
 * pool entries (compared for equality, entry by entry) and in use, so a
 * stale or foreign pointer is refused, never dereferenced.
 */
#include <string.h>

#include "amp/amp.h"
#include "amp/openamp.h"
#include "amp/stream.h"

struct amp_openamp {
	struct amp amp;
	const struct amp_port *port;
	struct amp_stream_waiter waiter;
	amp_openamp_idle_fn idle;
	void *idle_ctx;
	uint8_t in_use;
};

struct amp_openamp_stream {
	struct amp_session_stream ss;
	struct amp_openamp *owner;
	uint8_t in_use;
	uint8_t listener;
	uint8_t why; /* enum amp_close_reason of the last close, 0 before */
	uint8_t rx[AMP_CFG_OPENAMP_RING];
	uint8_t tx[AMP_CFG_OPENAMP_RING];
};

static struct amp_openamp instances[AMP_CFG_OPENAMP_INSTANCES];
static struct amp_openamp_stream streams[AMP_CFG_OPENAMP_STREAMS];

static struct amp_openamp *instance_of(const amp_openamp_t *h)
{
	uint32_t i;

	for (i = 0; h && i < AMP_CFG_OPENAMP_INSTANCES; i++)
		if (h == &instances[i])
			return instances[i].in_use ? &instances[i] : NULL;
	return NULL;
}

static struct amp_openamp_stream *stream_of(const amp_openamp_stream_t *st)
{
	uint32_t i;

	for (i = 0; st && i < AMP_CFG_OPENAMP_STREAMS; i++)
		if (st == &streams[i])
			return streams[i].in_use ? &streams[i] : NULL;
	return NULL;
}

/* ---- instance ------------------------------------------------------------ */

static uint32_t waiter_now(void *ctx)
{
	const struct amp_openamp *in = ctx;

	return in->port->ops->now_ms(in->port->ctx);
}

/* One round of a bounded wait: make progress; if there was none, idle. */
static int waiter_poll(void *ctx, uint32_t max_ms)
{
	struct amp_openamp *in = ctx;

	if (amp_poll(&in->amp) > 0)
		return AMP_OK;
	if (in->idle)
		in->idle(in->idle_ctx, max_ms);
	else if (in->port->ops->wait)
		in->port->ops->wait(in->port->ctx, max_ms);
	return AMP_OK;
}

int amp_openamp_init(amp_openamp_t **out, enum amp_role role, const struct amp_port *port)
{
	struct amp_openamp *in = NULL;
	uint32_t i;
	int err;

	if (!out || (role != AMP_ROLE_MASTER && role != AMP_ROLE_SLAVE) || !port || !port->ops ||
	    !port->ops->now_ms)
		return AMP_EINVAL;
	for (i = 0; i < AMP_CFG_OPENAMP_INSTANCES && !in; i++)
		if (!instances[i].in_use)
			in = &instances[i];
	if (!in)
		return AMP_ENOSPC;
	memset(in, 0, sizeof(*in));
	err = amp_init(&in->amp, role, port);
	if (err)
		return err;
	in->port = port;
	in->waiter.now_ms = waiter_now;
	in->waiter.poll = waiter_poll;
	in->waiter.ctx = in;
	in->in_use = 1;
	*out = in;
	return AMP_OK;
}

static void stream_release(struct amp_openamp_stream *s)
{
	if (s->ss.session)
		(void)amp_sstream_close(&s->ss);
	memset(s, 0, sizeof(*s));
}

int amp_openamp_deinit(amp_openamp_t *h)
{
	struct amp_openamp *in = instance_of(h);
	uint32_t i;

	if (!in)
		return AMP_EINVAL;
	for (i = 0; i < AMP_CFG_OPENAMP_STREAMS; i++)
		if (streams[i].in_use && streams[i].owner == in)
			stream_release(&streams[i]);
	memset(in, 0, sizeof(*in));
	return AMP_OK;
}

int amp_openamp_poll(amp_openamp_t *h)
{
	struct amp_openamp *in = instance_of(h);
	uint32_t i;
	int work;

	if (!in)
		return AMP_EINVAL;
	work = amp_poll(&in->amp);
	/* Credit and data that could not go out earlier (no buffer then). */
	for (i = 0; i < AMP_CFG_OPENAMP_STREAMS; i++)
		if (streams[i].in_use && streams[i].owner == in && streams[i].ss.open)
			(void)amp_stream_poll(&streams[i].ss.stream);
	return work;
}

int amp_openamp_ready(const amp_openamp_t *h)
{
	const struct amp_openamp *in = instance_of(h);

	if (!in)
		return AMP_EINVAL;
	return amp_is_ready(&in->amp) ? 1 : 0;
}

int amp_openamp_set_idle(amp_openamp_t *h, amp_openamp_idle_fn fn, void *ctx)
{
	struct amp_openamp *in = instance_of(h);

	if (!in)
		return AMP_EINVAL;
	in->idle = fn;
	in->idle_ctx = ctx;
	return AMP_OK;
}

struct amp *amp_openamp_amp(amp_openamp_t *h)
{
	struct amp_openamp *in = instance_of(h);

	return in ? &in->amp : NULL;
}

/* ---- streams ------------------------------------------------------------- */

static void on_event(struct amp_session_stream *ss, int open, enum amp_close_reason why, void *priv)
{
	struct amp_openamp_stream *s = priv;

	(void)ss;
	if (!open)
		s->why = (uint8_t)why;
}

static int ring_size_ok(uint32_t n)
{
	return n == 0u || (n >= 2u && n <= AMP_CFG_OPENAMP_RING && (n & (n - 1u)) == 0u);
}

static int stream_start(amp_openamp_t *h, const char *name, uint32_t ring_size,
			amp_openamp_stream_t **out, int listen)
{
	struct amp_openamp *in = instance_of(h);
	struct amp_openamp_stream *s = NULL;
	struct amp_stream_config cfg;
	uint32_t i;
	int err;

	if (!in || !name || !out || !ring_size_ok(ring_size))
		return AMP_EINVAL;
	for (i = 0; i < AMP_CFG_OPENAMP_STREAMS && !s; i++)
		if (!streams[i].in_use)
			s = &streams[i];
	if (!s)
		return AMP_ENOSPC;
	memset(s, 0, sizeof(*s));
	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_storage = s->rx;
	cfg.tx_storage = s->tx;
	cfg.rx_size = cfg.tx_size = ring_size ? ring_size : AMP_CFG_OPENAMP_RING;
	cfg.waiter = &in->waiter;
	if (listen)
		err = amp_sstream_listen(&s->ss, amp_sessions(&in->amp), name, &cfg, on_event, s);
	else
		err = amp_sstream_open(&s->ss, amp_sessions(&in->amp), name, &cfg, on_event, s);
	if (err)
		return err; /* the slot stays free */
	s->owner = in;
	s->listener = (uint8_t)(listen != 0);
	s->in_use = 1;
	*out = s;
	return AMP_OK;
}

int amp_openamp_stream_open(amp_openamp_t *h, const char *name, uint32_t ring_size,
			    amp_openamp_stream_t **out)
{
	return stream_start(h, name, ring_size, out, 0);
}

int amp_openamp_stream_listen(amp_openamp_t *h, const char *name, uint32_t ring_size,
			      amp_openamp_stream_t **out)
{
	return stream_start(h, name, ring_size, out, 1);
}

int amp_openamp_stream_is_open(const amp_openamp_stream_t *st)
{
	const struct amp_openamp_stream *s = stream_of(st);

	if (!s)
		return AMP_EINVAL;
	return amp_sstream_is_open(&s->ss);
}

int amp_openamp_stream_close_reason(const amp_openamp_stream_t *st)
{
	const struct amp_openamp_stream *s = stream_of(st);

	return s ? (int)s->why : AMP_EINVAL;
}

/*
 * The stream of a valid handle that had a session: else NULL and *err says
 * why. buf_ok: the caller's buffer is good (not NULL, or NULL with length 0);
 * a bad one is AMP_EINVAL whatever the stream's state.
 */
static struct amp_stream *live_stream(const amp_openamp_stream_t *st, int buf_ok, int *err)
{
	struct amp_openamp_stream *s = stream_of(st);

	if (!s || !buf_ok) {
		*err = AMP_EINVAL;
		return NULL;
	}
	if (amp_stream_state(&s->ss.stream) == AMP_STREAM_IDLE) {
		*err = AMP_ENOTREADY;
		return NULL;
	}
	return &s->ss.stream;
}

int amp_openamp_stream_write(amp_openamp_stream_t *st, const void *data, size_t len)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, data || !len, &err);

	return s ? amp_stream_write(s, data, len) : err;
}

int amp_openamp_stream_read(amp_openamp_stream_t *st, void *buf, size_t len)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, buf || !len, &err);

	return s ? amp_stream_read(s, buf, len) : err;
}

int amp_openamp_stream_peek(amp_openamp_stream_t *st, void *buf, size_t len)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, buf || !len, &err);

	return s ? amp_stream_peek(s, buf, len) : err;
}

int amp_openamp_stream_flush(amp_openamp_stream_t *st)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, 1, &err);

	return s ? amp_stream_flush(s) : err;
}

int amp_openamp_stream_available(amp_openamp_stream_t *st)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, 1, &err);

	if (!s)
		return err == AMP_ENOTREADY ? 0 : err;
	return (int)amp_stream_available(s);
}

int amp_openamp_stream_write_space(amp_openamp_stream_t *st)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, 1, &err);

	if (!s)
		return err == AMP_ENOTREADY ? 0 : err;
	return (int)amp_stream_write_space(s);
}

int amp_openamp_stream_undelivered(const amp_openamp_stream_t *st)
{
	const struct amp_openamp_stream *s = stream_of(st);

	return s ? (int)amp_stream_undelivered(&s->ss.stream) : AMP_EINVAL;
}

int amp_openamp_stream_write_timeout(amp_openamp_stream_t *st, const void *data, size_t len,
				     uint32_t timeout_ms)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, data || !len, &err);

	return s ? amp_stream_write_timeout(s, data, len, timeout_ms) : err;
}

int amp_openamp_stream_read_timeout(amp_openamp_stream_t *st, void *buf, size_t len,
				    uint32_t timeout_ms)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, buf || !len, &err);

	return s ? amp_stream_read_timeout(s, buf, len, timeout_ms) : err;
}

int amp_openamp_stream_flush_timeout(amp_openamp_stream_t *st, uint32_t timeout_ms)
{
	int err = AMP_OK;
	struct amp_stream *s = live_stream(st, 1, &err);

	return s ? amp_stream_flush_timeout(s, timeout_ms) : err;
}

/* Close the session; an opened handle goes back to the pool, a listening one stays. */
static void stream_end(struct amp_openamp_stream *s)
{
	if (s->listener) {
		if (s->ss.session)
			(void)amp_sstream_close(&s->ss);
		return;
	}
	stream_release(s);
}

int amp_openamp_stream_close(amp_openamp_stream_t *st)
{
	struct amp_openamp_stream *s = stream_of(st);

	if (!s)
		return AMP_EINVAL;
	stream_end(s);
	return AMP_OK;
}

int amp_openamp_stream_close_timeout(amp_openamp_stream_t *st, uint32_t timeout_ms)
{
	struct amp_openamp_stream *s = stream_of(st);
	int rc;

	if (!s)
		return AMP_EINVAL;
	if (s->ss.open)
		rc = amp_stream_close_timeout(&s->ss.stream, timeout_ms);
	else
		rc = amp_stream_undelivered(&s->ss.stream) ? AMP_ECLOSED : AMP_OK;
	/* the wait may have seen the session close under it */
	if (rc == AMP_OK && amp_stream_undelivered(&s->ss.stream) != 0u)
		rc = AMP_ECLOSED;
	stream_end(s);
	return rc;
}

struct amp_stream *amp_openamp_stream_handle(amp_openamp_stream_t *st)
{
	struct amp_openamp_stream *s = stream_of(st);

	return s ? &s->ss.stream : NULL;
}

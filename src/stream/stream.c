/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream over a message transport with credit flow control (docs/streams.md).
 *
 * Counters that name stream offsets are the rings' own free-running
 * counters: rx.head = bytes received, rx.tail = bytes our application
 * consumed, tx.head = bytes our application wrote, tx.tail = bytes sent.
 * The grant we advertise is rx.tail + rx size: the peer may send up to the
 * free space of our receive ring and no more.
 *
 * Two contexts touch a stream. The receive context (amp_stream_on_message)
 * is the rx ring's producer and the only writer of s->in. The application
 * context is everything else; it is the only one that sends. Words one
 * context writes and the other reads are atomics, stored with release after
 * the data they publish and loaded with acquire.
 */
#include <limits.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/stream.h"
#include "../common/amp_le.h"

#define STREAM_RX_PEER_CLOSED 0x1u /* CLOSE received: every byte the peer sent is in rx */
#define STREAM_RX_BROKEN      0x2u /* bytes were lost (credit or sequence violation) */

/* A counter difference this large means "behind", not "ahead". */
#define HALF_RANGE 0x80000000u

void amp_stream_hdr_encode(uint8_t out[AMP_STREAM_HDR_SIZE], const struct amp_stream_hdr *h)
{
	if (!out || !h)
		return;
	out[0] = h->type;
	out[1] = h->flags;
	amp_le_put16(out + 2, h->len);
	amp_le_put32(out + 4, h->value);
}

int amp_stream_hdr_decode(const uint8_t *msg, size_t len, struct amp_stream_hdr *h)
{
	if (!msg || !h)
		return AMP_EINVAL;
	if (len < AMP_STREAM_HDR_SIZE)
		return AMP_EPROTO;
	h->type = msg[0];
	h->flags = msg[1];
	h->len = amp_le_get16(msg + 2);
	h->value = amp_le_get32(msg + 4);
	if (h->flags != 0u || (size_t)h->len != len - AMP_STREAM_HDR_SIZE)
		return AMP_EPROTO;
	return AMP_OK;
}

/* ---- receive context ---------------------------------------------------- */

static uint32_t load_acq(const AMP_ATOMIC_U32 *a)
{
	return atomic_load_explicit(a, memory_order_acquire);
}

/* Single writer: a load and a store, no read-modify-write instruction needed. */
static void rx_add(AMP_ATOMIC_U32 *a, uint32_t n)
{
	atomic_store_explicit(a, atomic_load_explicit(a, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

static void rx_set_flag(struct amp_stream *s, uint32_t flag)
{
	uint32_t f = atomic_load_explicit(&s->in.flags, memory_order_relaxed);

	/* release: the bytes received before this flag are visible with it */
	atomic_store_explicit(&s->in.flags, f | flag, memory_order_release);
}

static int rx_reject(struct amp_stream *s, AMP_ATOMIC_U32 *counter, uint32_t bytes)
{
	rx_add(counter, 1u);
	rx_add(&s->in.dropped, bytes);
	return AMP_EPROTO;
}

/* Bytes are gone for good: the stream cannot go on. */
static int rx_break(struct amp_stream *s, AMP_ATOMIC_U32 *counter, uint32_t bytes)
{
	rx_set_flag(s, STREAM_RX_BROKEN);
	return rx_reject(s, counter, bytes);
}

static int rx_data(struct amp_stream *s, const struct amp_stream_hdr *h, const uint8_t *payload)
{
	uint32_t head = amp_comm_buffer_total_written(&s->rx);
	uint32_t granted = load_acq(&s->granted);

	if (h->len == 0u || (load_acq(&s->in.flags) & STREAM_RX_PEER_CLOSED))
		return rx_reject(s, &s->in.proto_err, h->len);
	if (h->value != head)
		return rx_break(s, &s->in.proto_err, h->len);
	if (h->len > granted - head || h->len > amp_comm_buffer_free_space(&s->rx))
		return rx_break(s, &s->in.credit_err, h->len);
	(void)amp_comm_buffer_write(&s->rx, payload, h->len);
	return AMP_OK;
}

static int rx_credit(struct amp_stream *s, const struct amp_stream_hdr *h, const uint8_t *payload)
{
	uint32_t grant = h->value;
	uint32_t consumed;
	uint32_t written = amp_comm_buffer_total_written(&s->tx);

	if (h->len != AMP_STREAM_CREDIT_LEN)
		return rx_reject(s, &s->in.proto_err, 0);
	consumed = amp_le_get32(payload);
	/* Both counters only grow; the peer cannot consume what we never wrote. */
	if (grant - atomic_load_explicit(&s->in.peer_grant, memory_order_relaxed) >= HALF_RANGE ||
	    consumed - atomic_load_explicit(&s->in.peer_consumed, memory_order_relaxed) >=
		HALF_RANGE ||
	    written - consumed >= HALF_RANGE || grant - consumed > AMP_STREAM_RING_MAX)
		return rx_reject(s, &s->in.proto_err, 0);
	atomic_store_explicit(&s->in.peer_consumed, consumed, memory_order_release);
	atomic_store_explicit(&s->in.peer_grant, grant, memory_order_release);
	return AMP_OK;
}

static int rx_close(struct amp_stream *s, const struct amp_stream_hdr *h)
{
	if (h->len != 0u || (load_acq(&s->in.flags) & STREAM_RX_PEER_CLOSED))
		return rx_reject(s, &s->in.proto_err, 0);
	rx_set_flag(s, STREAM_RX_PEER_CLOSED);
	/* The transport keeps order: at CLOSE every byte the peer sent has arrived. */
	if (h->value != amp_comm_buffer_total_written(&s->rx))
		return rx_break(s, &s->in.proto_err, 0);
	return AMP_OK;
}

int amp_stream_on_message(struct amp_stream *s, const void *data, size_t len)
{
	const uint8_t *msg = data;
	struct amp_stream_hdr h;

	/* rx.data, not state: only open() stores it, so the receive context may read it */
	if (!s || !s->rx.data || !data)
		return AMP_EINVAL;
	rx_add(&s->in.msgs, 1u);
	if (amp_stream_hdr_decode(msg, len, &h) != AMP_OK)
		return rx_reject(s, &s->in.proto_err, 0);
	if (load_acq(&s->in.flags) & STREAM_RX_BROKEN) {
		rx_add(&s->in.dropped, h.type == AMP_STREAM_MSG_DATA ? h.len : 0u);
		return AMP_EPROTO;
	}
	switch (h.type) {
	case AMP_STREAM_MSG_DATA:
		return rx_data(s, &h, msg + AMP_STREAM_HDR_SIZE);
	case AMP_STREAM_MSG_CREDIT:
		return rx_credit(s, &h, msg + AMP_STREAM_HDR_SIZE);
	case AMP_STREAM_MSG_CLOSE:
		return rx_close(s, &h);
	default:
		return rx_reject(s, &s->in.proto_err, 0);
	}
}

void amp_stream_on_transport_down(struct amp_stream *s)
{
	if (s && s->rx.data)
		atomic_store_explicit(&s->link_down, 1u, memory_order_release);
}

/* ---- application context ------------------------------------------------ */

uint32_t amp_stream_undelivered(const struct amp_stream *s)
{
	uint32_t pending;

	if (!s || s->state == AMP_STREAM_IDLE)
		return 0;
	pending = amp_comm_buffer_total_written(&s->tx) - load_acq(&s->in.peer_consumed);
	return pending >= HALF_RANGE ? 0u : pending;
}

static void stream_fail(struct amp_stream *s, int err)
{
	s->state = AMP_STREAM_FAILED;
	s->fail_reason = err;
	s->tx_stats.undelivered = amp_stream_undelivered(s);
}

static void stream_check_failures(struct amp_stream *s)
{
	if (s->state == AMP_STREAM_FAILED || s->state == AMP_STREAM_IDLE)
		return;
	if (load_acq(&s->link_down))
		stream_fail(s, AMP_ECLOSED);
	else if (load_acq(&s->in.flags) & STREAM_RX_BROKEN)
		stream_fail(s, AMP_EPROTO);
}

static int stream_send(struct amp_stream *s, const uint8_t *msg, size_t len)
{
	int rc = s->tr.send(s->tr.ctx, msg, len);

	if (rc >= 0) {
		s->tx_stats.tx_msgs++;
		return AMP_OK;
	}
	if (rc == AMP_ENOBUFS) {
		s->tx_stats.tx_busy++;
		return rc;
	}
	stream_fail(s, rc);
	return rc;
}

/*
 * Grant the free space of the receive ring. To keep the reverse direction
 * quiet, a new grant goes out only once it moved by a quarter of the ring,
 * or at once after the peer closed (its close waits for our consumed count).
 */
static void stream_send_credit(struct amp_stream *s)
{
	uint32_t size = amp_comm_buffer_size(&s->rx);
	uint32_t consumed = amp_comm_buffer_total_read(&s->rx);
	uint32_t grant = consumed + size;
	uint32_t moved = grant - s->credit_sent;
	uint8_t msg[AMP_STREAM_HDR_SIZE + AMP_STREAM_CREDIT_LEN];
	struct amp_stream_hdr h = {AMP_STREAM_MSG_CREDIT, 0, AMP_STREAM_CREDIT_LEN, grant};

	if (moved == 0u)
		return;
	if (moved < size / 4u && !(load_acq(&s->in.flags) & STREAM_RX_PEER_CLOSED))
		return;
	/*
	 * Published before sending: the peer may answer with data before
	 * send() returns. A grant that then fails to go out only lets the
	 * check accept bytes that still fit the ring.
	 */
	atomic_store_explicit(&s->granted, grant, memory_order_release);
	amp_stream_hdr_encode(msg, &h);
	amp_le_put32(msg + AMP_STREAM_HDR_SIZE, consumed);
	if (stream_send(s, msg, sizeof(msg)) == AMP_OK)
		s->credit_sent = grant;
}

static uint32_t stream_window(const struct amp_stream *s)
{
	uint32_t window = load_acq(&s->in.peer_grant) - amp_comm_buffer_total_read(&s->tx);

	return window >= HALF_RANGE ? 0u : window;
}

/* Send as much of the transmit ring as credit and transport buffers allow. */
static void stream_pump(struct amp_stream *s)
{
	uint8_t msg[AMP_STREAM_MSG_MAX];
	uint32_t room = s->tr.mtu - AMP_STREAM_HDR_SIZE;
	struct amp_stream_hdr h = {AMP_STREAM_MSG_DATA, 0, 0, 0};

	while (s->state != AMP_STREAM_FAILED) {
		uint32_t n = amp_comm_buffer_available(&s->tx);
		uint32_t window = stream_window(s);

		n = n < window ? n : window;
		n = n < room ? n : room;
		if (n == 0u)
			return;
		h.len = (uint16_t)n;
		h.value = amp_comm_buffer_total_read(&s->tx);
		amp_stream_hdr_encode(msg, &h);
		(void)amp_comm_buffer_peek(&s->tx, 0, msg + AMP_STREAM_HDR_SIZE, n);
		if (stream_send(s, msg, AMP_STREAM_HDR_SIZE + n) != AMP_OK)
			return;
		(void)amp_comm_buffer_skip(&s->tx, n);
		s->tx_stats.tx_bytes += n;
	}
}

static void stream_send_close(struct amp_stream *s)
{
	uint8_t msg[AMP_STREAM_HDR_SIZE];
	struct amp_stream_hdr h = {AMP_STREAM_MSG_CLOSE, 0, 0, 0};

	if (amp_comm_buffer_available(&s->tx) != 0u)
		return;
	h.value = amp_comm_buffer_total_read(&s->tx);
	amp_stream_hdr_encode(msg, &h);
	if (stream_send(s, msg, sizeof(msg)) == AMP_OK)
		s->state = AMP_STREAM_CLOSED;
}

int amp_stream_poll(struct amp_stream *s)
{
	if (!s)
		return AMP_EINVAL;
	stream_check_failures(s);
	switch (s->state) {
	case AMP_STREAM_IDLE:
		return AMP_EINVAL;
	case AMP_STREAM_OPEN:
		stream_send_credit(s);
		stream_pump(s);
		break;
	case AMP_STREAM_CLOSING:
		stream_send_credit(s);
		stream_pump(s);
		stream_send_close(s);
		break;
	case AMP_STREAM_CLOSED:
		stream_send_credit(s);
		break;
	case AMP_STREAM_FAILED:
		break;
	}
	return s->state == AMP_STREAM_FAILED ? s->fail_reason : AMP_OK;
}

/* A ring comm_buffer accepts, and small enough for int counts. */
static int stream_ring_ok(void *storage, uint32_t size)
{
	struct amp_comm_buffer probe;

	return size <= AMP_STREAM_RING_MAX && amp_comm_buffer_init(&probe, storage, size) == AMP_OK;
}

int amp_stream_open(struct amp_stream *s, const struct amp_stream_config *cfg)
{
	uint32_t mtu;

	/* everything is checked before s is touched: a refused open leaves it as it was */
	if (!s || !cfg || !cfg->transport.send || !stream_ring_ok(cfg->rx_storage, cfg->rx_size) ||
	    !stream_ring_ok(cfg->tx_storage, cfg->tx_size))
		return AMP_EINVAL;
	mtu = cfg->transport.mtu ? cfg->transport.mtu : AMP_STREAM_MSG_MAX;
	if (mtu <= AMP_STREAM_HDR_SIZE || mtu > AMP_STREAM_MSG_MAX)
		return AMP_EINVAL;
	memset(s, 0, sizeof(*s));
	(void)amp_comm_buffer_init(&s->rx, cfg->rx_storage, cfg->rx_size);
	(void)amp_comm_buffer_init(&s->tx, cfg->tx_storage, cfg->tx_size);
	s->tr = cfg->transport;
	s->tr.mtu = mtu;
	s->waiter = cfg->waiter;
	atomic_init(&s->in.flags, 0u);
	atomic_init(&s->in.peer_grant, 0u);
	atomic_init(&s->in.peer_consumed, 0u);
	atomic_init(&s->in.msgs, 0u);
	atomic_init(&s->in.credit_err, 0u);
	atomic_init(&s->in.proto_err, 0u);
	atomic_init(&s->in.dropped, 0u);
	atomic_init(&s->granted, 0u);
	atomic_init(&s->link_down, 0u);
	s->state = AMP_STREAM_OPEN;
	return amp_stream_poll(s);
}

int amp_stream_write(struct amp_stream *s, const void *data, size_t len)
{
	int rc;
	size_t n;

	if (!data && len)
		return AMP_EINVAL;
	rc = amp_stream_poll(s);
	if (rc != AMP_OK)
		return rc;
	if (s->state != AMP_STREAM_OPEN)
		return AMP_ECLOSED;
	n = amp_comm_buffer_write(&s->tx, data, len);
	stream_pump(s);
	return (int)n;
}

/* What an empty receive ring means: nothing yet (0), end of stream, or failure. */
static int stream_rx_empty_result(const struct amp_stream *s, uint32_t flags)
{
	if (s->state == AMP_STREAM_FAILED)
		return s->fail_reason;
	return (flags & STREAM_RX_PEER_CLOSED) ? AMP_ECLOSED : 0;
}

static int stream_copy_out(struct amp_stream *s, void *buf, size_t len, int consume)
{
	uint32_t flags;
	size_t n;

	if (!s || s->state == AMP_STREAM_IDLE || (!buf && len))
		return AMP_EINVAL;
	(void)amp_stream_poll(s);
	/* acquire before reading: if the peer closed, all its bytes are in rx now */
	flags = load_acq(&s->in.flags);
	if (consume)
		n = amp_comm_buffer_read(&s->rx, buf, len);
	else
		n = amp_comm_buffer_peek(&s->rx, 0, buf, len);
	if (n == 0u)
		return len ? stream_rx_empty_result(s, flags) : 0;
	if (consume)
		(void)amp_stream_poll(s);
	return (int)n;
}

int amp_stream_read(struct amp_stream *s, void *buf, size_t len)
{
	return stream_copy_out(s, buf, len, 1);
}

int amp_stream_peek(struct amp_stream *s, void *buf, size_t len)
{
	return stream_copy_out(s, buf, len, 0);
}

int amp_stream_flush(struct amp_stream *s)
{
	int rc = amp_stream_poll(s);

	if (rc != AMP_OK)
		return rc;
	return amp_comm_buffer_available(&s->tx) == 0u ? AMP_OK : AMP_ENOBUFS;
}

uint32_t amp_stream_available(struct amp_stream *s)
{
	if (!s || s->state == AMP_STREAM_IDLE)
		return 0;
	(void)amp_stream_poll(s);
	return amp_comm_buffer_available(&s->rx);
}

uint32_t amp_stream_write_space(struct amp_stream *s)
{
	if (amp_stream_poll(s) != AMP_OK || s->state != AMP_STREAM_OPEN)
		return 0;
	return amp_comm_buffer_free_space(&s->tx);
}

int amp_stream_close(struct amp_stream *s)
{
	int rc;

	if (!s)
		return AMP_EINVAL;
	if (s->state == AMP_STREAM_OPEN)
		s->state = AMP_STREAM_CLOSING;
	rc = amp_stream_poll(s);
	if (rc != AMP_OK)
		return rc;
	return s->state == AMP_STREAM_CLOSED ? AMP_OK : AMP_ENOBUFS;
}

int amp_stream_at_eof(const struct amp_stream *s)
{
	return s && s->state != AMP_STREAM_IDLE &&
	       (load_acq(&s->in.flags) & STREAM_RX_PEER_CLOSED) &&
	       amp_comm_buffer_available(&s->rx) == 0u;
}

enum amp_stream_state amp_stream_state(const struct amp_stream *s)
{
	return s ? s->state : AMP_STREAM_IDLE;
}

void amp_stream_get_stats(const struct amp_stream *s, struct amp_stream_stats *out)
{
	if (!s || !out)
		return;
	*out = s->tx_stats;
	out->rx_bytes = amp_comm_buffer_total_written(&s->rx);
	out->rx_msgs = load_acq(&s->in.msgs);
	out->rx_credit_err = load_acq(&s->in.credit_err);
	out->rx_proto_err = load_acq(&s->in.proto_err);
	out->rx_dropped = load_acq(&s->in.dropped);
}

/* ---- bounded waits ------------------------------------------------------ */

/* One round of waiting: AMP_ETIMEDOUT once timeout_ms passed since start. */
static int stream_wait(const struct amp_stream *s, uint32_t start, uint32_t timeout_ms)
{
	const struct amp_stream_waiter *w = s->waiter;
	uint32_t elapsed = w->now_ms(w->ctx) - start;
	int rc;

	if (elapsed >= timeout_ms)
		return AMP_ETIMEDOUT;
	rc = w->poll(w->ctx, timeout_ms - elapsed);
	return rc < 0 ? rc : AMP_OK;
}

static int waiter_ok(const struct amp_stream *s)
{
	return s && s->waiter && s->waiter->now_ms && s->waiter->poll;
}

/* One bounded transfer: a write from src or a read into dst. */
struct stream_xfer {
	const uint8_t *src;
	uint8_t *dst;
	size_t len;
	uint8_t is_write;
};

static int stream_xfer_step(struct amp_stream *s, const struct stream_xfer *x, size_t done)
{
	if (x->is_write)
		return amp_stream_write(s, x->src + done, x->len - done);
	return amp_stream_read(s, x->dst + done, x->len - done);
}

static int stream_xfer_timeout(struct amp_stream *s, struct stream_xfer *x, uint32_t timeout_ms)
{
	uint32_t start;
	size_t done = 0;

	if (!waiter_ok(s))
		return AMP_EINVAL;
	if (x->len > (size_t)INT_MAX)
		x->len = (size_t)INT_MAX;
	start = s->waiter->now_ms(s->waiter->ctx);
	for (;;) {
		int rc = stream_xfer_step(s, x, done);

		if (rc < 0)
			return done ? (int)done : rc;
		done += (size_t)rc;
		if (done == x->len)
			return (int)done;
		rc = stream_wait(s, start, timeout_ms);
		if (rc < 0)
			return done ? (int)done : rc;
	}
}

int amp_stream_write_timeout(struct amp_stream *s, const void *data, size_t len,
			     uint32_t timeout_ms)
{
	struct stream_xfer x = {data, NULL, len, 1};

	if (!data && len)
		return AMP_EINVAL;
	return stream_xfer_timeout(s, &x, timeout_ms);
}

int amp_stream_read_timeout(struct amp_stream *s, void *buf, size_t len, uint32_t timeout_ms)
{
	struct stream_xfer x = {NULL, buf, len, 0};

	if (!buf && len)
		return AMP_EINVAL;
	return stream_xfer_timeout(s, &x, timeout_ms);
}

int amp_stream_flush_timeout(struct amp_stream *s, uint32_t timeout_ms)
{
	uint32_t start;

	if (!waiter_ok(s))
		return AMP_EINVAL;
	start = s->waiter->now_ms(s->waiter->ctx);
	for (;;) {
		int rc = amp_stream_flush(s);

		if (rc != AMP_ENOBUFS)
			return rc;
		rc = stream_wait(s, start, timeout_ms);
		if (rc < 0)
			return rc;
	}
}

int amp_stream_close_timeout(struct amp_stream *s, uint32_t timeout_ms)
{
	uint32_t start;

	if (!waiter_ok(s))
		return AMP_EINVAL;
	start = s->waiter->now_ms(s->waiter->ctx);
	for (;;) {
		int rc = amp_stream_close(s);

		if (rc == AMP_OK && amp_stream_undelivered(s) == 0u)
			return AMP_OK;
		if (rc != AMP_OK && rc != AMP_ENOBUFS)
			return rc;
		rc = stream_wait(s, start, timeout_ms);
		if (rc < 0)
			return rc;
	}
}

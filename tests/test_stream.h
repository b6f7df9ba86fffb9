/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helper: two streams joined by an in-memory message transport, one
 * process, no threads. Each direction is a bounded queue of messages (like
 * a vring with TEST_LINK_DEPTH buffers): a send into a full queue gets
 * AMP_ENOBUFS, nothing is dropped. Messages move only when the test says so
 * (test_link_deliver), which is how a test schedules the two sides.
 * A virtual clock backs the waiters used by the *_timeout calls.
 * Used by test_stream.c, test_oacs.c and test_openampstream.cpp.
 */
#ifndef AMP_TEST_STREAM_H
#define AMP_TEST_STREAM_H

#include <stdint.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/stream.h"

#define TEST_LINK_DEPTH 16u
#define TEST_LINK_RING	8192u

struct test_msgq {
	uint8_t msg[TEST_LINK_DEPTH][AMP_STREAM_MSG_MAX];
	uint16_t len[TEST_LINK_DEPTH];
	uint32_t head, tail;
	uint32_t sent, refused, too_long;
	int fail_with; /* nonzero: send() returns this */
};

struct test_link;
typedef void (*test_link_hook)(struct test_link *l, int side);

struct test_link_end {
	struct test_link *link;
	int side;
};

struct test_link {
	struct test_msgq q[2]; /* q[0]: a -> b, q[1]: b -> a */
	struct amp_stream s[2];
	uint8_t rx[2][TEST_LINK_RING];
	uint8_t tx[2][TEST_LINK_RING];
	struct test_link_end end[2];
	struct amp_stream_waiter waiter[2];
	uint32_t now;
	uint32_t polls;
	test_link_hook on_poll; /* runs in every waiter poll, e.g. the peer application */
};

static inline int test_msgq_send(void *ctx, const void *msg, size_t len)
{
	struct test_msgq *q = (struct test_msgq *)ctx;
	uint32_t slot;

	if (q->fail_with)
		return q->fail_with;
	if (len > AMP_STREAM_MSG_MAX) {
		q->too_long++;
		return AMP_EMSGSIZE;
	}
	if (q->head - q->tail == TEST_LINK_DEPTH) {
		q->refused++;
		return AMP_ENOBUFS;
	}
	slot = q->head % TEST_LINK_DEPTH;
	memcpy(q->msg[slot], msg, len);
	q->len[slot] = (uint16_t)len;
	q->head++;
	q->sent++;
	return AMP_OK;
}

static inline uint32_t test_msgq_pending(const struct test_msgq *q)
{
	return q->head - q->tail;
}

/* Deliver up to n messages travelling towards side `to`; returns how many moved. */
static inline uint32_t test_link_deliver(struct test_link *l, int to, uint32_t n)
{
	struct test_msgq *q = &l->q[to == 1 ? 0 : 1];
	uint32_t done = 0;

	while (done < n && q->tail != q->head) {
		uint32_t slot = q->tail % TEST_LINK_DEPTH;

		(void)amp_stream_on_message(&l->s[to], q->msg[slot], q->len[slot]);
		q->tail++;
		done++;
	}
	return done;
}

static inline void test_link_deliver_all(struct test_link *l)
{
	while (test_link_deliver(l, 0, TEST_LINK_DEPTH) + test_link_deliver(l, 1, TEST_LINK_DEPTH))
		;
}

static inline uint32_t test_link_now(void *ctx)
{
	return ((struct test_link_end *)ctx)->link->now;
}

/* One waiter round: both sides' messages move, the hook runs, 1 ms passes. */
static inline int test_link_poll(void *ctx, uint32_t max_ms)
{
	struct test_link_end *e = (struct test_link_end *)ctx;
	struct test_link *l = e->link;

	(void)max_ms;
	l->polls++;
	test_link_deliver_all(l);
	if (l->on_poll)
		l->on_poll(l, e->side);
	test_link_deliver_all(l);
	l->now++;
	return AMP_OK;
}

/* Open both streams with rings of rx_size / tx_size bytes (powers of two <= TEST_LINK_RING). */
static inline int test_link_open(struct test_link *l, uint32_t rx_size, uint32_t tx_size,
				 uint32_t mtu)
{
	int side;

	memset((void *)l, 0, sizeof(*l));
	l->now = 0xFFFFFF00u; /* the clock wraps during the tests */
	for (side = 0; side < 2; side++) {
		struct amp_stream_config cfg;
		int rc;

		l->end[side].link = l;
		l->end[side].side = side;
		l->waiter[side].now_ms = test_link_now;
		l->waiter[side].poll = test_link_poll;
		l->waiter[side].ctx = &l->end[side];
		memset(&cfg, 0, sizeof(cfg));
		cfg.transport.send = test_msgq_send;
		cfg.transport.ctx = &l->q[side];
		cfg.transport.mtu = mtu;
		cfg.rx_storage = l->rx[side];
		cfg.rx_size = rx_size;
		cfg.tx_storage = l->tx[side];
		cfg.tx_size = tx_size;
		cfg.waiter = &l->waiter[side];
		rc = amp_stream_open(&l->s[side], &cfg);
		if (rc != AMP_OK)
			return rc;
	}
	return AMP_OK;
}

/* Open both and exchange the initial credits. */
static inline int test_link_connect(struct test_link *l, uint32_t rx_size, uint32_t tx_size)
{
	int rc = test_link_open(l, rx_size, tx_size, 0);

	test_link_deliver_all(l);
	return rc;
}

#endif

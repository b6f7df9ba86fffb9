/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Streams: wire format, credit flow control, hostile messages, close, the
 * bounded waits, and 64 MiB each way at once under a seeded scheduler that
 * stalls the readers at random (SHA-256 of what arrived == what was sent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "amp/stream.h"
#include "test_stream.h"
#include "test_rng.h"

/* ---- SHA-256 (FIPS 180-4), small and slow is fine for a test ------------ */

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint64_t total;
	uint32_t fill;
};

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32u - n));
}

static void sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(c->h, iv, sizeof(iv));
	c->total = 0;
	c->fill = 0;
}

static void sha256_block(struct sha256 *c, const uint8_t *p)
{
	uint32_t w[64], v[8];
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       w[i - 7] + (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, c->h, sizeof(v));
	for (i = 0; i < 64; i++) {
		uint32_t t1, t2;

		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		c->h[i] += v[i];
}

static void sha256_update(struct sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->total += len;
	while (len) {
		size_t n = 64u - c->fill < len ? 64u - c->fill : len;
		memcpy(c->block + c->fill, p, n);
		c->fill += (uint32_t)n;
		p += n;
		len -= n;
		if (c->fill == 64u) {
			sha256_block(c, c->block);
			c->fill = 0;
		}
	}
}

static void sha256_final(struct sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->total * 8u;
	uint8_t pad[72] = {0x80};
	unsigned i, padlen = (c->fill < 56u ? 56u : 120u) - c->fill;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8u);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
	struct sha256 c;
	uint8_t d[32];
	unsigned i;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, d);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void test_sha256_known_answers(void **state)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* ---- helpers ------------------------------------------------------------ */

static struct test_link link_;

static struct amp_stream_stats stats_of(int side)
{
	struct amp_stream_stats st;

	amp_stream_get_stats(&link_.s[side], &st);
	return st;
}

/* Pop the oldest message travelling from side `from` without delivering it. */
static uint16_t pop_raw(int from, uint8_t *out)
{
	struct test_msgq *q = &link_.q[from];
	uint32_t slot;
	uint16_t len;

	assert_true(test_msgq_pending(q) > 0);
	slot = q->tail % TEST_LINK_DEPTH;
	len = q->len[slot];
	memcpy(out, q->msg[slot], len);
	q->tail++;
	return len;
}

static void make_msg(uint8_t *m, uint8_t type, uint16_t len, uint32_t value)
{
	struct amp_stream_hdr h = {type, 0, len, value};

	amp_stream_hdr_encode(m, &h);
}

static void make_credit(uint8_t m[12], uint32_t grant, uint32_t consumed)
{
	make_msg(m, AMP_STREAM_MSG_CREDIT, 4, grant);
	m[8] = (uint8_t)consumed;
	m[9] = (uint8_t)(consumed >> 8);
	m[10] = (uint8_t)(consumed >> 16);
	m[11] = (uint8_t)(consumed >> 24);
}

/* ---- wire format -------------------------------------------------------- */

static void test_header_bytes(void **state)
{
	static const uint8_t want[8] = {0x01, 0x00, 0xE8, 0x01, 0x78, 0x56, 0x34, 0x12};
	struct amp_stream_hdr h = {AMP_STREAM_MSG_DATA, 0, 488, 0x12345678u}, back;
	uint8_t msg[8 + 488] = {0};

	(void)state;
	assert_int_equal(AMP_STREAM_DATA_MAX, 488);
	amp_stream_hdr_encode(msg, &h);
	assert_memory_equal(msg, want, 8);
	assert_int_equal(amp_stream_hdr_decode(msg, sizeof(msg), &back), AMP_OK);
	assert_int_equal(back.type, AMP_STREAM_MSG_DATA);
	assert_int_equal(back.len, 488);
	assert_int_equal(back.value, 0x12345678u);
	/* the length must match the message exactly; flags must be zero; at least a header */
	assert_int_equal(amp_stream_hdr_decode(msg, sizeof(msg) - 1, &back), AMP_EPROTO);
	assert_int_equal(amp_stream_hdr_decode(msg, 7, &back), AMP_EPROTO);
	msg[1] = 0x80;
	assert_int_equal(amp_stream_hdr_decode(msg, sizeof(msg), &back), AMP_EPROTO);
}

static void test_open_sends_the_initial_credit(void **state)
{
	static const uint8_t want[12] = {2, 0, 4, 0, 0x00, 0x04, 0, 0, 0, 0, 0, 0};
	uint8_t m[AMP_STREAM_MSG_MAX];

	(void)state;
	assert_int_equal(test_link_open(&link_, 1024, 256, 0), AMP_OK);
	assert_int_equal(pop_raw(0, m), 12);
	assert_memory_equal(m, want, sizeof(want));
	assert_int_equal(amp_stream_state(&link_.s[0]), AMP_STREAM_OPEN);
}

static void test_open_rejects_bad_config(void **state)
{
	struct amp_stream s;
	struct amp_stream_config cfg;
	static uint8_t rx[64], tx[64];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.transport.send = test_msgq_send;
	cfg.transport.ctx = &link_.q[0];
	cfg.rx_storage = rx;
	cfg.rx_size = 48; /* not a power of two */
	cfg.tx_storage = tx;
	cfg.tx_size = 64;
	assert_int_equal(amp_stream_open(&s, &cfg), AMP_EINVAL);
	cfg.rx_size = 64;
	cfg.transport.mtu = AMP_STREAM_MSG_MAX + 1u;
	assert_int_equal(amp_stream_open(&s, &cfg), AMP_EINVAL);
	cfg.transport.mtu = AMP_STREAM_HDR_SIZE;
	assert_int_equal(amp_stream_open(&s, &cfg), AMP_EINVAL);
	cfg.transport.mtu = 0;
	cfg.transport.send = NULL;
	assert_int_equal(amp_stream_open(&s, &cfg), AMP_EINVAL);
	assert_int_equal(amp_stream_write(NULL, "x", 1), AMP_EINVAL);
	assert_int_equal(amp_stream_read(NULL, rx, 1), AMP_EINVAL);
}

/* Every call with NULL, a stream never opened, NULL buffers, bad rings, and after close. */
static void test_stream_rejects_bad_args(void **state)
{
	static struct amp_stream zeroed;
	static uint8_t rx[64], tx[64];
	struct amp_stream *a = &link_.s[0];
	struct amp_stream_hdr h = {AMP_STREAM_MSG_DATA, 0, 0, 7};
	struct amp_stream_stats st, untouched;
	struct amp_stream_config cfg;
	uint8_t m[12], buf[4] = {0};

	(void)state;
	/* header codec */
	memset(m, 0xEE, sizeof(m));
	amp_stream_hdr_encode(NULL, &h);
	amp_stream_hdr_encode(m, NULL);
	assert_int_equal(m[0], 0xEE);
	amp_stream_hdr_encode(m, &h);
	assert_int_equal(amp_stream_hdr_decode(NULL, 8, &h), AMP_EINVAL);
	assert_int_equal(amp_stream_hdr_decode(m, 8, NULL), AMP_EINVAL);

	/* open: NULLs and rings the stream cannot use */
	memset(&cfg, 0, sizeof(cfg));
	cfg.transport.send = test_msgq_send;
	cfg.rx_storage = rx;
	cfg.rx_size = sizeof(rx);
	cfg.tx_storage = tx;
	cfg.tx_size = sizeof(tx);
	assert_int_equal(amp_stream_open(NULL, &cfg), AMP_EINVAL);
	assert_int_equal(amp_stream_open(&zeroed, NULL), AMP_EINVAL);
	cfg.rx_storage = NULL;
	assert_int_equal(amp_stream_open(&zeroed, &cfg), AMP_EINVAL);
	cfg.rx_storage = rx;
	cfg.tx_storage = NULL;
	assert_int_equal(amp_stream_open(&zeroed, &cfg), AMP_EINVAL);
	cfg.tx_storage = tx;
	cfg.tx_size = 0;
	assert_int_equal(amp_stream_open(&zeroed, &cfg), AMP_EINVAL);
	cfg.tx_size = 2u * AMP_STREAM_RING_MAX; /* a ring comm_buffer takes, too big for a stream */
	assert_int_equal(amp_stream_open(&zeroed, &cfg), AMP_EINVAL);
	cfg.tx_size = sizeof(tx);
	cfg.rx_size = 2u * AMP_STREAM_RING_MAX;
	assert_int_equal(amp_stream_open(&zeroed, &cfg), AMP_EINVAL);
	assert_int_equal(amp_stream_state(&zeroed), AMP_STREAM_IDLE);

	/* a NULL stream */
	make_credit(m, 1024, 0);
	memset(&untouched, 0xAB, sizeof(untouched));
	st = untouched;
	assert_int_equal(amp_stream_on_message(NULL, m, sizeof(m)), AMP_EINVAL);
	amp_stream_on_transport_down(NULL);
	assert_int_equal(amp_stream_poll(NULL), AMP_EINVAL);
	assert_int_equal(amp_stream_write(NULL, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_read(NULL, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_peek(NULL, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_flush(NULL), AMP_EINVAL);
	assert_int_equal(amp_stream_available(NULL), 0);
	assert_int_equal(amp_stream_write_space(NULL), 0);
	assert_int_equal(amp_stream_write_timeout(NULL, buf, 1, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_read_timeout(NULL, buf, 1, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_flush_timeout(NULL, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_close(NULL), AMP_EINVAL);
	assert_int_equal(amp_stream_close_timeout(NULL, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_undelivered(NULL), 0);
	assert_int_equal(amp_stream_at_eof(NULL), 0);
	assert_int_equal(amp_stream_state(NULL), AMP_STREAM_IDLE);
	amp_stream_get_stats(NULL, &st);
	assert_memory_equal(&st, &untouched, sizeof(st));

	/* a zeroed stream, never opened: refused, and nothing in it changes */
	assert_int_equal(amp_stream_on_message(&zeroed, m, sizeof(m)), AMP_EINVAL);
	assert_int_equal(atomic_load(&zeroed.in.msgs), 0);
	assert_int_equal(atomic_load(&zeroed.in.peer_grant), 0);
	amp_stream_on_transport_down(&zeroed);
	assert_int_equal(atomic_load(&zeroed.link_down), 0);
	assert_int_equal(amp_stream_poll(&zeroed), AMP_EINVAL);
	assert_int_equal(amp_stream_write(&zeroed, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_read(&zeroed, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_peek(&zeroed, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_flush(&zeroed), AMP_EINVAL);
	assert_int_equal(amp_stream_available(&zeroed), 0);
	assert_int_equal(amp_stream_write_space(&zeroed), 0);
	assert_int_equal(amp_stream_write_timeout(&zeroed, buf, 1, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_read_timeout(&zeroed, buf, 1, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_flush_timeout(&zeroed, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_close(&zeroed), AMP_EINVAL);
	assert_int_equal(amp_stream_close_timeout(&zeroed, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_undelivered(&zeroed), 0);
	assert_int_equal(amp_stream_at_eof(&zeroed), 0);
	assert_int_equal(amp_stream_state(&zeroed), AMP_STREAM_IDLE);
	amp_stream_get_stats(&zeroed, NULL);

	/* an open stream: NULL buffers with a length are refused, nothing is counted */
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	assert_int_equal(amp_stream_on_message(a, NULL, sizeof(m)), AMP_EINVAL);
	assert_int_equal(stats_of(0).rx_msgs, 1); /* the peer's initial credit only */
	assert_int_equal(amp_stream_write(a, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_write(a, NULL, 0), 0);
	assert_int_equal(amp_stream_read(a, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_peek(a, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_write_timeout(a, NULL, 1, 10), AMP_EINVAL);
	assert_int_equal(amp_stream_read_timeout(a, NULL, 1, 10), AMP_EINVAL);
	amp_stream_get_stats(a, NULL);
	/* a refused open leaves the stream it was given as it was */
	cfg.rx_size = sizeof(rx);
	cfg.rx_storage = NULL;
	assert_int_equal(amp_stream_open(a, &cfg), AMP_EINVAL);
	assert_int_equal(amp_stream_state(a), AMP_STREAM_OPEN);
	/* peek with no room on a stream holding data copies nothing */
	assert_int_equal(amp_stream_write(&link_.s[1], "abc", 3), 3);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_peek(a, NULL, 0), 0);
	assert_int_equal(amp_stream_available(a), 3);

	/* after close: writing is over; a NULL buffer is still a bad argument */
	assert_int_equal(amp_stream_close(a), AMP_OK);
	assert_int_equal(amp_stream_write(a, buf, 1), AMP_ECLOSED);
	assert_int_equal(amp_stream_write(a, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_stream_write_space(a), 0);
}

/* ---- flow control ------------------------------------------------------- */

static void test_nothing_is_sent_before_credit(void **state)
{
	uint8_t m[AMP_STREAM_MSG_MAX];

	(void)state;
	assert_int_equal(test_link_open(&link_, 1024, 1024, 0), AMP_OK);
	(void)pop_raw(1, m); /* b's credit to a never arrives */
	assert_int_equal(amp_stream_write(&link_.s[0], "hello", 5), 5);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_ENOBUFS);
	assert_int_equal(test_msgq_pending(&link_.q[0]), 1); /* only a's own credit */
	make_credit(m, 3, 0);
	assert_int_equal(amp_stream_on_message(&link_.s[0], m, 12), AMP_OK);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_ENOBUFS);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_available(&link_.s[1]), 3);
	make_credit(m, 5, 0);
	assert_int_equal(amp_stream_on_message(&link_.s[0], m, 12), AMP_OK);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_OK);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_read(&link_.s[1], m, sizeof(m)), 5);
	assert_memory_equal(m, "hello", 5);
}

static void test_writes_are_split_at_the_mtu(void **state)
{
	static uint8_t data[1000];
	uint8_t m[AMP_STREAM_MSG_MAX];
	uint32_t i, off = 0;
	static const uint16_t want[] = {488, 488, 24};

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	assert_int_equal(test_link_connect(&link_, 4096, 4096), AMP_OK);
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 1000);
	for (i = 0; i < 3; i++) {
		uint16_t len = pop_raw(0, m);

		assert_int_equal(len, 8u + want[i]);
		assert_int_equal(m[0], AMP_STREAM_MSG_DATA);
		assert_int_equal(m[4] | m[5] << 8, off); /* stream offset */
		assert_memory_equal(m + 8, data + off, want[i]);
		off += want[i];
	}
	assert_int_equal(test_msgq_pending(&link_.q[0]), 0);

	/* a transport with a smaller mtu (a session header below us) */
	assert_int_equal(test_link_open(&link_, 4096, 4096, 100), AMP_OK);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_write(&link_.s[0], data, 200), 200);
	assert_int_equal(pop_raw(0, m), 100);
	assert_int_equal(pop_raw(0, m), 100);
	assert_int_equal(pop_raw(0, m), 8 + 16);
}

static void test_sender_never_exceeds_the_grant(void **state)
{
	static uint8_t data[3000];
	uint8_t m[AMP_STREAM_MSG_MAX];
	uint32_t got = 0;

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 4096), AMP_OK);
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 3000);
	while (test_msgq_pending(&link_.q[0]))
		got += pop_raw(0, m) - 8u;
	assert_int_equal(got, 1024); /* b's whole ring, no more */
	assert_int_equal(amp_comm_buffer_available(&link_.s[0].tx), 3000 - 1024);
}

static void test_credit_follows_the_reader(void **state)
{
	static uint8_t data[4096], out[4096];
	struct amp_stream_stats st;

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 4096), AMP_OK);
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 4096);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_available(&link_.s[1]), 1024);
	/* reading less than a quarter of the ring does not re-grant */
	assert_int_equal(amp_stream_read(&link_.s[1], out, 255), 255);
	assert_int_equal(test_msgq_pending(&link_.q[1]), 0);
	assert_int_equal(amp_stream_read(&link_.s[1], out, 1), 1);
	assert_int_equal(test_msgq_pending(&link_.q[1]), 1);
	test_link_deliver_all(&link_);
	(void)amp_stream_poll(&link_.s[0]);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_available(&link_.s[1]), 1024);
	st = stats_of(1);
	assert_int_equal(st.rx_bytes, 1280);
	assert_int_equal(st.rx_credit_err + st.rx_proto_err + st.rx_dropped, 0);
}

static void test_transport_busy_is_retried(void **state)
{
	static uint8_t data[8000], out[8000];
	uint32_t i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13u);
	assert_int_equal(test_link_connect(&link_, 8192, 8192), AMP_OK);
	/* 8000 bytes need 17 messages; the queue holds 16 */
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 8000);
	assert_int_equal(link_.q[0].refused, 1);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_ENOBUFS);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_OK);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_read(&link_.s[1], out, sizeof(out)), 8000);
	assert_memory_equal(out, data, sizeof(data));
	assert_true(stats_of(0).tx_busy >= 1);
}

static void test_peek_and_available(void **state)
{
	uint8_t out[8];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 64, 64), AMP_OK);
	assert_int_equal(amp_stream_peek(&link_.s[1], out, 1), 0);
	assert_int_equal(amp_stream_write(&link_.s[0], "abc", 3), 3);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_available(&link_.s[1]), 3);
	assert_int_equal(amp_stream_peek(&link_.s[1], out, 2), 2);
	assert_memory_equal(out, "ab", 2);
	assert_int_equal(amp_stream_available(&link_.s[1]), 3);
	assert_int_equal(amp_stream_read(&link_.s[1], out, 8), 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(amp_stream_available(&link_.s[1]), 0);
	assert_int_equal(amp_stream_write_space(&link_.s[0]), 64);
}

/* ---- hostile peer ------------------------------------------------------- */

static void test_data_beyond_credit_is_refused(void **state)
{
	uint8_t m[AMP_STREAM_MSG_MAX] = {0}, out[128];
	struct amp_stream_stats st;
	struct amp_stream *b = &link_.s[1];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 64, 64), AMP_OK);
	make_msg(m, AMP_STREAM_MSG_DATA, 60, 0);
	memset(m + 8, 'x', 60);
	assert_int_equal(amp_stream_on_message(b, m, 68), AMP_OK);
	/* 60 + 5 > 64 granted */
	make_msg(m, AMP_STREAM_MSG_DATA, 5, 60);
	assert_int_equal(amp_stream_on_message(b, m, 13), AMP_EPROTO);
	/* everything after is dropped too: bytes were lost, the stream cannot go on */
	make_msg(m, AMP_STREAM_MSG_DATA, 4, 60);
	assert_int_equal(amp_stream_on_message(b, m, 12), AMP_EPROTO);
	st = stats_of(1);
	assert_int_equal(st.rx_credit_err, 1);
	assert_int_equal(st.rx_bytes, 60);
	assert_int_equal(st.rx_dropped, 9);
	/* the good bytes before the error are still readable, then the error */
	assert_int_equal(amp_stream_read(b, out, sizeof(out)), 60);
	assert_int_equal(amp_stream_read(b, out, sizeof(out)), AMP_EPROTO);
	assert_int_equal(amp_stream_state(b), AMP_STREAM_FAILED);
	assert_int_equal(amp_stream_write(b, "x", 1), AMP_EPROTO);
}

static void test_malformed_messages_are_counted(void **state)
{
	uint8_t m[AMP_STREAM_MSG_MAX] = {0};
	struct amp_stream *b = &link_.s[1];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	assert_int_equal(amp_stream_on_message(b, m, 3), AMP_EPROTO); /* short */
	make_msg(m, AMP_STREAM_MSG_DATA, 10, 0);
	assert_int_equal(amp_stream_on_message(b, m, 12), AMP_EPROTO); /* len mismatch */
	make_msg(m, 0x7F, 0, 0);
	assert_int_equal(amp_stream_on_message(b, m, 8), AMP_EPROTO); /* unknown type */
	make_msg(m, AMP_STREAM_MSG_DATA, 0, 0);
	assert_int_equal(amp_stream_on_message(b, m, 8), AMP_EPROTO); /* empty data */
	make_msg(m, AMP_STREAM_MSG_CREDIT, 0, 100);
	assert_int_equal(amp_stream_on_message(b, m, 8), AMP_EPROTO); /* credit without body */
	make_credit(m, 100, 5);					      /* consumed > written */
	assert_int_equal(amp_stream_on_message(b, m, 12), AMP_EPROTO);
	make_msg(m, AMP_STREAM_MSG_CLOSE, 4, 0);
	assert_int_equal(amp_stream_on_message(b, m, 12), AMP_EPROTO); /* close with a body */
	assert_int_equal(stats_of(1).rx_proto_err, 7);
	assert_int_equal(stats_of(1).rx_credit_err, 0);
	/* none of that broke the stream */
	assert_int_equal(amp_stream_write(&link_.s[0], "ok", 2), 2);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_read(b, m, 10), 2);
}

static void test_backwards_credit_is_ignored(void **state)
{
	uint8_t m[16];
	static uint8_t data[2048];
	uint32_t sent = 0;

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 2048), AMP_OK);
	make_credit(m, 10, 0); /* b granted 1024; 10 is going backwards */
	assert_int_equal(amp_stream_on_message(&link_.s[0], m, 12), AMP_EPROTO);
	assert_int_equal(stats_of(0).rx_proto_err, 1);
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 2048);
	while (test_msgq_pending(&link_.q[0]))
		sent += pop_raw(0, data) - 8u;
	assert_int_equal(sent, 1024);
}

static void test_sequence_gap_breaks_the_stream(void **state)
{
	uint8_t m[32];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	make_msg(m, AMP_STREAM_MSG_DATA, 4, 8); /* first byte must be at offset 0 */
	assert_int_equal(amp_stream_on_message(&link_.s[1], m, 12), AMP_EPROTO);
	assert_int_equal(amp_stream_read(&link_.s[1], m, 4), AMP_EPROTO);
	assert_int_equal(stats_of(1).rx_dropped, 4);
}

/* ---- close and failure -------------------------------------------------- */

static int reader_on_; /* the hook reads side 1 while side 0 waits */
static uint32_t reader_got_;

static void read_peer_hook(struct test_link *l, int side)
{
	uint8_t buf[256];
	int n;

	if (!reader_on_)
		return;
	do {
		n = amp_stream_read(&l->s[!side], buf, sizeof(buf));
		if (n > 0)
			reader_got_ += (uint32_t)n;
	} while (n > 0);
}

static void test_close_delivers_everything(void **state)
{
	static uint8_t data[3000];
	uint8_t out[16];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 4096), AMP_OK);
	link_.on_poll = read_peer_hook;
	reader_on_ = 1;
	reader_got_ = 0;
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 3000);
	assert_int_equal(amp_stream_close_timeout(&link_.s[0], 1000), AMP_OK);
	assert_int_equal(amp_stream_undelivered(&link_.s[0]), 0);
	assert_int_equal(reader_got_, 3000);
	assert_int_equal(amp_stream_state(&link_.s[0]), AMP_STREAM_CLOSED);
	assert_int_equal(amp_stream_write(&link_.s[0], "x", 1), AMP_ECLOSED);
	/* b sees the end of the stream; a half-closed a still reads */
	assert_int_equal(amp_stream_read(&link_.s[1], out, 1), AMP_ECLOSED);
	assert_true(amp_stream_at_eof(&link_.s[1]));
	assert_int_equal(amp_stream_write(&link_.s[1], "back", 4), 4);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_read(&link_.s[0], out, sizeof(out)), 4);
	assert_int_equal(amp_stream_close(&link_.s[1]), AMP_OK);
	test_link_deliver_all(&link_);
	assert_int_equal(amp_stream_read(&link_.s[0], out, 1), AMP_ECLOSED);
	link_.on_poll = NULL;
}

static void test_close_reports_undelivered_bytes(void **state)
{
	static uint8_t data[3000];
	uint32_t polls;

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 4096), AMP_OK);
	reader_on_ = 0; /* b's application never reads */
	link_.on_poll = read_peer_hook;
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 3000);
	polls = link_.polls;
	assert_int_equal(amp_stream_close_timeout(&link_.s[0], 50), AMP_ETIMEDOUT);
	assert_int_equal(link_.polls - polls, 50);
	assert_int_equal(amp_stream_undelivered(&link_.s[0]), 3000);
	assert_int_equal(amp_stream_state(&link_.s[0]), AMP_STREAM_CLOSING);
	/* the reader wakes up: the close completes */
	reader_on_ = 1;
	reader_got_ = 0;
	assert_int_equal(amp_stream_close_timeout(&link_.s[0], 50), AMP_OK);
	assert_int_equal(reader_got_, 3000);
	link_.on_poll = NULL;
}

static void test_transport_down_reports_undelivered(void **state)
{
	static uint8_t data[2000];
	uint8_t out[2000];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 4096), AMP_OK);
	assert_int_equal(amp_stream_write(&link_.s[0], data, sizeof(data)), 2000);
	assert_int_equal(amp_stream_write(&link_.s[1], "bye", 3), 3);
	test_link_deliver_all(&link_);
	amp_stream_on_transport_down(&link_.s[0]);
	assert_int_equal(amp_stream_write(&link_.s[0], data, 1), AMP_ECLOSED);
	assert_int_equal(amp_stream_state(&link_.s[0]), AMP_STREAM_FAILED);
	assert_int_equal(stats_of(0).undelivered, 2000);
	assert_int_equal(amp_stream_undelivered(&link_.s[0]), 2000);
	/* bytes that did arrive are still readable */
	assert_int_equal(amp_stream_read(&link_.s[0], out, sizeof(out)), 3);
	assert_int_equal(amp_stream_read(&link_.s[0], out, sizeof(out)), AMP_ECLOSED);
}

static void test_transport_error_fails_the_stream(void **state)
{
	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	link_.q[0].fail_with = AMP_EIO;
	assert_int_equal(amp_stream_write(&link_.s[0], "abc", 3), 3);
	assert_int_equal(amp_stream_state(&link_.s[0]), AMP_STREAM_FAILED);
	assert_int_equal(amp_stream_flush(&link_.s[0]), AMP_EIO);
	assert_int_equal(amp_stream_write(&link_.s[0], "abc", 3), AMP_EIO);
	assert_int_equal(stats_of(0).undelivered, 3);
}

static void test_data_after_peer_close_is_refused(void **state)
{
	uint8_t m[16];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	make_msg(m, AMP_STREAM_MSG_CLOSE, 0, 0);
	assert_int_equal(amp_stream_on_message(&link_.s[1], m, 8), AMP_OK);
	assert_int_equal(amp_stream_on_message(&link_.s[1], m, 8), AMP_EPROTO);
	make_msg(m, AMP_STREAM_MSG_DATA, 1, 0);
	assert_int_equal(amp_stream_on_message(&link_.s[1], m, 9), AMP_EPROTO);
	assert_int_equal(amp_stream_read(&link_.s[1], m, 1), AMP_ECLOSED);
	assert_int_equal(stats_of(1).rx_proto_err, 2);
}

static void test_close_with_missing_bytes_fails(void **state)
{
	uint8_t m[16];

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	make_msg(m, AMP_STREAM_MSG_CLOSE, 0, 10); /* claims 10 bytes we never got */
	assert_int_equal(amp_stream_on_message(&link_.s[1], m, 8), AMP_EPROTO);
	assert_int_equal(stats_of(1).rx_proto_err, 1);
	assert_int_equal(amp_stream_read(&link_.s[1], m, 1), AMP_EPROTO);
}

/* ---- bounded waits ------------------------------------------------------ */

static void test_timeouts(void **state)
{
	static uint8_t data[6000];
	uint8_t out[16];
	uint32_t polls;

	(void)state;
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	link_.on_poll = NULL;
	polls = link_.polls;
	assert_int_equal(amp_stream_read_timeout(&link_.s[1], out, 4, 20), AMP_ETIMEDOUT);
	assert_int_equal(link_.polls - polls, 20);
	/* timeout 0: one attempt, no wait */
	assert_int_equal(amp_stream_read_timeout(&link_.s[1], out, 4, 0), AMP_ETIMEDOUT);
	assert_int_equal(link_.polls - polls, 20);
	/* partial: 2 of 4 bytes arrive */
	assert_int_equal(amp_stream_write(&link_.s[0], "ab", 2), 2);
	assert_int_equal(amp_stream_read_timeout(&link_.s[1], out, 4, 5), 2);
	/*
	 * write: a's ring (1024) + what is left of b's grant (1024 - the 2 bytes
	 * above; 2 consumed bytes are too few for a new grant) go, then it times out
	 */
	assert_int_equal(amp_stream_write_timeout(&link_.s[0], data, sizeof(data), 10), 2046);
	assert_int_equal(amp_stream_flush_timeout(&link_.s[0], 10), AMP_ETIMEDOUT);
	/* with a reader on the other side everything goes */
	link_.on_poll = read_peer_hook;
	reader_on_ = 1;
	reader_got_ = 0;
	assert_int_equal(amp_stream_flush_timeout(&link_.s[0], 10), AMP_OK);
	assert_int_equal(amp_stream_write_timeout(&link_.s[0], data, sizeof(data), 100), 6000);
	assert_int_equal(amp_stream_flush_timeout(&link_.s[0], 100), AMP_OK);
	link_.on_poll = NULL;
	/* no waiter: the timeout variants refuse */
	link_.s[0].waiter = NULL;
	assert_int_equal(amp_stream_read_timeout(&link_.s[0], out, 1, 10), AMP_EINVAL);
}

/* ---- 64 MiB each way at once ------------------------------------------- */

#define BIG_TOTAL (64u << 20)

struct big_side {
	uint64_t gen; /* what this side writes */
	uint8_t chunk[4096];
	uint32_t chunk_len, chunk_off;
	uint32_t written, received, stall;
	struct sha256 sent, recv;
};

static struct big_side big_[2];

static void big_fill(struct big_side *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++) {
		if ((i & 7u) == 0u) {
			b->gen ^= b->gen << 13;
			b->gen ^= b->gen >> 7;
			b->gen ^= b->gen << 17;
		}
		b->chunk[i] = (uint8_t)(b->gen >> (8u * (i & 7u)));
	}
	b->chunk_len = len;
	b->chunk_off = 0;
}

static void big_write(int side)
{
	struct big_side *b = &big_[side];
	uint32_t left = BIG_TOTAL - b->written - (b->chunk_len - b->chunk_off);
	int n;

	if (b->chunk_off == b->chunk_len) {
		if (left == 0u)
			return;
		big_fill(b, 1u + rng_below(left < sizeof(b->chunk) ? left : sizeof(b->chunk)));
	}
	n = amp_stream_write(&link_.s[side], b->chunk + b->chunk_off, b->chunk_len - b->chunk_off);
	assert_true(n >= 0);
	sha256_update(&b->sent, b->chunk + b->chunk_off, (size_t)n);
	b->chunk_off += (uint32_t)n;
	b->written += (uint32_t)n;
}

static void big_read(int side)
{
	static uint8_t buf[8192];
	struct big_side *b = &big_[side];
	int n;

	if (b->stall) {
		b->stall--;
		return;
	}
	if (rng_below(64) == 0u) {
		b->stall = rng_below(4000);
		return;
	}
	n = amp_stream_read(&link_.s[side], buf, 1u + rng_below(sizeof(buf)));
	assert_true(n >= 0);
	sha256_update(&b->recv, buf, (size_t)n);
	b->received += (uint32_t)n;
}

static int big_done(void)
{
	return big_[0].written == BIG_TOTAL && big_[1].written == BIG_TOTAL &&
	       big_[0].received == BIG_TOTAL && big_[1].received == BIG_TOTAL;
}

static void test_64mib_each_way_with_stalling_readers(void **state)
{
	uint8_t d_sent[2][32], d_recv[2][32];
	uint64_t steps = 0;
	int side;

	(void)state;
	seed_rng(0x5EED0001u);
	assert_int_equal(test_link_connect(&link_, 8192, 4096), AMP_OK);
	for (side = 0; side < 2; side++) {
		memset(&big_[side], 0, sizeof(big_[side]));
		big_[side].gen = 0x243F6A8885A308D3ull + (uint64_t)side;
		sha256_init(&big_[side].sent);
		sha256_init(&big_[side].recv);
	}
	while (!big_done()) {
		uint32_t r = rng();

		side = (int)(r & 1u);
		switch ((r >> 1) % 8u) {
		case 0:
		case 1:
			big_write(side);
			break;
		case 2:
		case 3:
		case 4:
			(void)test_link_deliver(&link_, side, 1u + ((r >> 8) % TEST_LINK_DEPTH));
			break;
		case 5:
		case 6:
			big_read(side);
			break;
		default:
			assert_int_equal(amp_stream_poll(&link_.s[side]), AMP_OK);
			break;
		}
		assert_true(++steps < 200000000ull);
	}
	test_link_deliver_all(&link_);
	for (side = 0; side < 2; side++)
		assert_int_equal(amp_stream_close(&link_.s[side]), AMP_OK);
	test_link_deliver_all(&link_);
	for (side = 0; side < 2; side++) {
		uint8_t b;

		assert_int_equal(amp_stream_read(&link_.s[side], &b, 1), AMP_ECLOSED);
		test_link_deliver_all(&link_);
	}
	for (side = 0; side < 2; side++) {
		struct amp_stream_stats st;

		assert_int_equal(amp_stream_undelivered(&link_.s[side]), 0);
		sha256_final(&big_[side].sent, d_sent[side]);
		sha256_final(&big_[side].recv, d_recv[side]);
		st = stats_of(side);
		assert_int_equal(st.tx_bytes, BIG_TOTAL);
		assert_int_equal(st.rx_bytes, BIG_TOTAL);
		assert_int_equal(st.rx_credit_err, 0);
		assert_int_equal(st.rx_proto_err, 0);
		assert_int_equal(st.rx_dropped, 0);
		assert_int_equal(link_.q[side].too_long, 0);
		printf("# side %d: %u msgs sent, %u refused (busy), %u rx msgs\n", side,
		       link_.q[side].sent, link_.q[side].refused, st.rx_msgs);
	}
	assert_memory_equal(d_sent[0], d_recv[1], 32);
	assert_memory_equal(d_sent[1], d_recv[0], 32);
	printf("# %llu scheduler steps\n", (unsigned long long)steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256_known_answers),
	    cmocka_unit_test(test_header_bytes),
	    cmocka_unit_test(test_open_sends_the_initial_credit),
	    cmocka_unit_test(test_open_rejects_bad_config),
	    cmocka_unit_test(test_stream_rejects_bad_args),
	    cmocka_unit_test(test_nothing_is_sent_before_credit),
	    cmocka_unit_test(test_writes_are_split_at_the_mtu),
	    cmocka_unit_test(test_sender_never_exceeds_the_grant),
	    cmocka_unit_test(test_credit_follows_the_reader),
	    cmocka_unit_test(test_transport_busy_is_retried),
	    cmocka_unit_test(test_peek_and_available),
	    cmocka_unit_test(test_data_beyond_credit_is_refused),
	    cmocka_unit_test(test_malformed_messages_are_counted),
	    cmocka_unit_test(test_backwards_credit_is_ignored),
	    cmocka_unit_test(test_sequence_gap_breaks_the_stream),
	    cmocka_unit_test(test_close_delivers_everything),
	    cmocka_unit_test(test_close_reports_undelivered_bytes),
	    cmocka_unit_test(test_transport_down_reports_undelivered),
	    cmocka_unit_test(test_transport_error_fails_the_stream),
	    cmocka_unit_test(test_data_after_peer_close_is_refused),
	    cmocka_unit_test(test_close_with_missing_bytes_fails),
	    cmocka_unit_test(test_timeouts),
	    cmocka_unit_test(test_64mib_each_way_with_stalling_readers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

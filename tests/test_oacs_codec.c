/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS codec: exact frame bytes, and a seeded stream of good frames mixed
 * with garbage, bit flips, truncated frames and oversize lengths, fed in
 * random splits: every good frame comes out, in order, and every bad
 * segment is counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/oacs.h"
#include "oacs_invariants.h"
#include "test_rng.h"

/* PING, seq 0x1234, payload "hi" (bytes computed independently with zlib.crc32). */
static const uint8_t ping_hi[] = {0xA5, 0xC3, 0x01, 0x00, 0x34, 0x12, 0x01, 0x00, 0x02,
				  0x00, 0x4E, 0x12, 0x68, 0x69, 0xEE, 0x9D, 0xE8, 0xBF};

static void test_encode_exact_bytes(void **state)
{
	struct amp_oacs_frame f = {AMP_OACS_REQUEST, 0x1234, AMP_OACS_CMD_PING, 2,
				   (const uint8_t *)"hi"};
	uint8_t out[AMP_OACS_FRAME_MAX];

	(void)state;
	assert_int_equal(amp_oacs_encode(out, sizeof(out), &f), sizeof(ping_hi));
	assert_memory_equal(out, ping_hi, sizeof(ping_hi));
	assert_int_equal(amp_crc32(0, "123456789", 9), 0xCBF43926u);
}

static void test_encode_refuses(void **state)
{
	static const uint8_t payload[AMP_OACS_PAYLOAD_MAX + 1] = {0};
	struct amp_oacs_frame f = {AMP_OACS_REQUEST, 1, 1, AMP_OACS_PAYLOAD_MAX + 1, payload};
	uint8_t out[AMP_OACS_FRAME_MAX + 8];

	(void)state;
	assert_int_equal(amp_oacs_encode(out, sizeof(out), &f), AMP_EMSGSIZE);
	f.len = 10;
	assert_int_equal(amp_oacs_encode(out, 12 + 10 + 3, &f), AMP_EMSGSIZE);
	assert_int_equal(amp_oacs_encode(out, 12 + 10 + 4, &f), 26);
	f.kind = 4;
	assert_int_equal(amp_oacs_encode(out, sizeof(out), &f), AMP_EINVAL);
	f.kind = 0;
	f.payload = NULL;
	assert_int_equal(amp_oacs_encode(out, sizeof(out), &f), AMP_EINVAL);
}

static void test_decode_byte_by_byte(void **state)
{
	struct amp_oacs_decoder d;
	struct amp_oacs_frame f;
	size_t i;

	(void)state;
	amp_oacs_decoder_init(&d);
	for (i = 0; i < sizeof(ping_hi) - 1; i++) {
		assert_int_equal(amp_oacs_decoder_push(&d, ping_hi + i, 1), 1);
		assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_NEED_MORE);
	}
	assert_int_equal(amp_oacs_decoder_push(&d, ping_hi + i, 1), 1);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_FRAME);
	assert_int_equal(f.kind, AMP_OACS_REQUEST);
	assert_int_equal(f.seq, 0x1234);
	assert_int_equal(f.cmd, AMP_OACS_CMD_PING);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.payload, "hi", 2);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_NEED_MORE);
	assert_int_equal(amp_oacs_decoder_errors(&d), 0);
	assert_int_equal(d.stats.frames, 1);
}

/* A header with a correct hdr_crc claiming len bytes of payload. */
static void fake_header(uint8_t *p, uint16_t len, uint16_t seq)
{
	uint16_t crc;

	p[0] = AMP_OACS_MAGIC0;
	p[1] = AMP_OACS_MAGIC1;
	p[2] = AMP_OACS_VERSION;
	p[3] = AMP_OACS_REQUEST;
	p[4] = (uint8_t)seq;
	p[5] = (uint8_t)(seq >> 8);
	p[6] = 0x01;
	p[7] = 0x00;
	p[8] = (uint8_t)len;
	p[9] = (uint8_t)(len >> 8);
	crc = (uint16_t)amp_crc32(0, p, 10);
	p[10] = (uint8_t)crc;
	p[11] = (uint8_t)(crc >> 8);
}

struct collected {
	uint32_t n;
	uint16_t seq[64];
};

static void collect(void *ctx, const struct amp_oacs_frame *f)
{
	struct collected *c = ctx;

	c->seq[c->n++] = f->seq;
}

static void test_bad_length_then_good_frame(void **state)
{
	struct amp_oacs_decoder d;
	struct amp_oacs_frame f;
	uint8_t buf[64];

	(void)state;
	amp_oacs_decoder_init(&d);
	fake_header(buf, AMP_OACS_PAYLOAD_MAX + 1, 77);
	memcpy(buf + 12, ping_hi, sizeof(ping_hi));
	assert_int_equal(amp_oacs_decoder_push(&d, buf, 12 + sizeof(ping_hi)), 30);
	/* the server gets to answer the refused request: its header was good */
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_BAD_FRAME);
	assert_int_equal(f.seq, 77);
	assert_int_equal(f.len, AMP_OACS_PAYLOAD_MAX + 1);
	assert_null(f.payload);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_FRAME);
	assert_int_equal(f.seq, 0x1234);
	assert_int_equal(d.stats.bad_len, 1);
	assert_int_equal(d.stats.skipped, 12);
	assert_int_equal(amp_oacs_decoder_errors(&d), 1);
}

static void test_bad_crc_then_good_frame(void **state)
{
	struct amp_oacs_decoder d;
	struct amp_oacs_frame f;
	uint8_t buf[64];

	(void)state;
	amp_oacs_decoder_init(&d);
	memcpy(buf, ping_hi, sizeof(ping_hi));
	buf[13] ^= 0x01; /* payload bit */
	memcpy(buf + sizeof(ping_hi), ping_hi, sizeof(ping_hi));
	(void)amp_oacs_decoder_push(&d, buf, 2 * sizeof(ping_hi));
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_BAD_FRAME);
	assert_int_equal(f.seq, 0x1234);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_FRAME);
	assert_memory_equal(f.payload, "hi", 2);
	assert_int_equal(d.stats.bad_crc, 1);
	assert_int_equal(amp_oacs_decoder_errors(&d), 1);
}

/* A false start whose claimed length covers good frames: they are found on the rescan. */
static void test_good_frames_inside_a_false_start(void **state)
{
	struct amp_oacs_decoder d;
	struct collected got = {0};
	uint8_t buf[256];
	size_t n = 0, i;

	(void)state;
	amp_oacs_decoder_init(&d);
	fake_header(buf, 100, 9);
	n = 12;
	for (i = 0; i < 3; i++) {
		memcpy(buf + n, ping_hi, sizeof(ping_hi));
		n += sizeof(ping_hi);
	}
	/* the three frames end before the false start's 116 bytes: nothing yet */
	assert_int_equal(amp_oacs_decode(&d, buf, n, collect, &got), 0);
	memset(buf + n, 0x5A, 116 - n);
	assert_int_equal(amp_oacs_decode(&d, buf + n, 116 - n, collect, &got), 3);
	assert_int_equal(d.stats.bad_crc, 1);
}

static void test_garbage_runs_are_counted(void **state)
{
	struct amp_oacs_decoder d;
	struct collected got = {0};
	static const uint8_t junk[] = {0x00, 0xA5, 0xA5, 0x11, 0xA5, 0xC3, 0x02};

	(void)state;
	amp_oacs_decoder_init(&d);
	(void)amp_oacs_decode(&d, junk, sizeof(junk), collect, &got);
	(void)amp_oacs_decode(&d, ping_hi, sizeof(ping_hi), collect, &got);
	(void)amp_oacs_decode(&d, junk, 4, collect, &got);
	(void)amp_oacs_decode(&d, ping_hi, sizeof(ping_hi), collect, &got);
	assert_int_equal(got.n, 2);
	/* "A5 C3 02 ..." is a candidate with version 2: a bad header, inside the first run */
	assert_int_equal(d.stats.garbage, 2);
	assert_int_equal(d.stats.bad_hdr, 1);
	assert_int_equal(d.stats.skipped, sizeof(junk) + 4);
}

static void test_push_takes_what_fits(void **state)
{
	static uint8_t zeros[2 * AMP_OACS_FRAME_MAX];
	struct amp_oacs_decoder d;
	struct amp_oacs_frame f;
	uint8_t *room;

	(void)state;
	amp_oacs_decoder_init(&d);
	zeros[0] = AMP_OACS_MAGIC0;
	zeros[1] = AMP_OACS_MAGIC1;
	assert_int_equal(amp_oacs_decoder_push(&d, zeros, sizeof(zeros)), AMP_OACS_FRAME_MAX);
	assert_int_equal(amp_oacs_decoder_space(&d, &room), 0);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_NEED_MORE);
	assert_int_equal(amp_oacs_decoder_space(&d, &room), AMP_OACS_FRAME_MAX);
	assert_int_equal(d.stats.skipped, AMP_OACS_FRAME_MAX);
}

static void test_drop_partial_releases_the_frames_behind(void **state)
{
	struct amp_oacs_decoder d;
	struct collected got = {0};
	uint8_t buf[64];

	(void)state;
	amp_oacs_decoder_init(&d);
	fake_header(buf, 200, 5); /* a sender that stopped after the header */
	memcpy(buf + 12, ping_hi, sizeof(ping_hi));
	assert_int_equal(amp_oacs_decode(&d, buf, 12 + sizeof(ping_hi), collect, &got), 0);
	amp_oacs_decoder_drop_partial(&d);
	assert_int_equal(amp_oacs_decode(&d, NULL, 0, collect, &got), 1);
	assert_int_equal(got.seq[0], 0x1234);
	assert_int_equal(d.stats.partial, 1);
	assert_int_equal(amp_oacs_decoder_errors(&d), 1);
	amp_oacs_decoder_drop_partial(&d); /* nothing pending: nothing counted */
	assert_int_equal(amp_oacs_decoder_errors(&d), 1);
}

static int no_bytes(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}

/* Every codec call with each bad argument; a decoder holding half a frame is not disturbed. */
static void test_oacs_codec_rejects_bad_args(void **state)
{
	struct amp_oacs_frame f = {AMP_OACS_REQUEST, 1, AMP_OACS_CMD_PING, 0, NULL};
	struct amp_oacs_io no_read = {NULL, NULL, NULL}, ok_io = {no_bytes, NULL, NULL};
	struct amp_oacs_decoder d;
	struct collected got = {0};
	struct amp_oacs_info info;
	struct amp_oacs_stats_info st;
	struct amp_oacs_session_info si;
	struct amp_oacs_sessions_page page;
	uint8_t out[AMP_OACS_FRAME_MAX], *room = out;
	uint8_t buf[AMP_OACS_SESSION_ENTRY_LEN];

	(void)state;
	/* encoder */
	assert_int_equal(amp_oacs_encode(NULL, sizeof(out), &f), AMP_EINVAL);
	assert_int_equal(amp_oacs_encode(out, sizeof(out), NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_encode_in_place(NULL, sizeof(out), 0, 1, 1, 0), AMP_EINVAL);
	assert_int_equal(amp_oacs_encode_in_place(out, sizeof(out), 4, 1, 1, 0), AMP_EINVAL);
	assert_int_equal(amp_oacs_encode_in_place(out, 15, 0, 1, 1, 0), AMP_EMSGSIZE);
	assert_int_equal(
	    amp_oacs_encode_in_place(out, sizeof(out), 0, 1, 1, AMP_OACS_PAYLOAD_MAX + 1u),
	    AMP_EMSGSIZE);
	assert_string_equal(amp_oacs_status_name(-1), "?");
	assert_string_equal(amp_oacs_status_name(AMP_OACS_ERR_INTERNAL + 1), "?");

	/* a NULL decoder */
	amp_oacs_decoder_init(NULL);
	assert_int_equal(amp_oacs_decoder_push(NULL, ping_hi, sizeof(ping_hi)), 0);
	assert_int_equal(amp_oacs_decoder_space(NULL, &room), 0);
	assert_null(room);
	amp_oacs_decoder_commit(NULL, 1);
	f.len = 0;
	assert_int_equal(amp_oacs_decoder_next(NULL, &f), AMP_EINVAL);
	amp_oacs_decoder_drop_partial(NULL);
	assert_int_equal(amp_oacs_decoder_errors(NULL), 0);
	assert_int_equal(amp_oacs_decoder_read(NULL, &ok_io), AMP_EINVAL);
	assert_int_equal(amp_oacs_decode(NULL, ping_hi, sizeof(ping_hi), collect, &got), 0);

	/* half a frame in the decoder: bad calls leave it, the rest completes it */
	amp_oacs_decoder_init(&d);
	assert_int_equal(amp_oacs_decoder_push(&d, ping_hi, 5), 5);
	assert_int_equal(amp_oacs_decoder_push(&d, NULL, 3), 0);
	assert_int_equal(amp_oacs_decoder_space(&d, NULL), 0);
	assert_int_equal(amp_oacs_decoder_read(&d, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_decoder_read(&d, &no_read), AMP_EINVAL);
	assert_int_equal(amp_oacs_decoder_read(&d, &ok_io), 0);
	assert_int_equal(amp_oacs_decode(&d, NULL, 3, collect, &got), 0);
	assert_int_equal(amp_oacs_decoder_push(&d, ping_hi + 5, sizeof(ping_hi) - 5u),
			 sizeof(ping_hi) - 5u);
	assert_int_equal(amp_oacs_decoder_next(&d, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_decoder_next(&d, &f), AMP_OACS_DEC_FRAME);
	assert_int_equal(f.seq, 0x1234);
	assert_int_equal(amp_oacs_decoder_errors(&d), 0);
	assert_int_equal(got.n, 0);
	assert_int_equal(oacs_check_invariants(NULL, 5), 0);

	/* payload encoders: NULL is a no-op */
	memset(buf, 0xEE, sizeof(buf));
	memset(&info, 0, sizeof(info));
	memset(&st, 0, sizeof(st));
	memset(&si, 0, sizeof(si));
	amp_oacs_info_encode(NULL, &info);
	amp_oacs_info_encode(buf, NULL);
	amp_oacs_stats_encode(NULL, &st);
	amp_oacs_stats_encode(buf, NULL);
	amp_oacs_session_encode(NULL, &si);
	amp_oacs_session_encode(buf, NULL);
	assert_int_equal(buf[0], 0xEE);
	assert_int_equal(buf[AMP_OACS_SESSION_ENTRY_LEN - 1u], 0xEE);

	/* payload decoders: NULL is AMP_EINVAL, a short payload AMP_EPROTO */
	assert_int_equal(amp_oacs_info_decode(NULL, AMP_OACS_INFO_LEN, &info), AMP_EINVAL);
	assert_int_equal(amp_oacs_info_decode(buf, AMP_OACS_INFO_LEN, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_info_decode(buf, AMP_OACS_INFO_LEN - 1u, &info), AMP_EPROTO);
	assert_int_equal(amp_oacs_stats_decode(NULL, AMP_OACS_STATS_LEN, &st), AMP_EINVAL);
	assert_int_equal(amp_oacs_stats_decode(buf, AMP_OACS_STATS_LEN, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_stats_decode(buf, AMP_OACS_STATS_LEN - 1u, &st), AMP_EPROTO);
	assert_int_equal(amp_oacs_session_decode(NULL, sizeof(buf), &si), AMP_EINVAL);
	assert_int_equal(amp_oacs_session_decode(buf, sizeof(buf), NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_session_decode(buf, sizeof(buf) - 1u, &si), AMP_EPROTO);
	assert_int_equal(amp_oacs_sessions_page_decode(NULL, sizeof(buf), &page), AMP_EINVAL);
	assert_int_equal(amp_oacs_sessions_page_decode(buf, sizeof(buf), NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_sessions_page_decode(buf, AMP_OACS_SESSIONS_HDR_LEN - 1u, &page),
			 AMP_EPROTO);
}

/* ---- the seeded mix ---------------------------------------------------- */

#define MIX_FRAMES 3000u
#define MIX_BUF	   ((MIX_FRAMES + 1u) * (AMP_OACS_FRAME_MAX + 320u))

struct mix_good {
	uint8_t kind;
	uint16_t seq, cmd, len;
	uint32_t payload_off;
	uint32_t bad_before; /* bad segments in the stream before this frame */
};

static uint8_t mix_stream[MIX_BUF];
static uint8_t mix_payloads[MIX_FRAMES * AMP_OACS_PAYLOAD_MAX];
static struct mix_good mix_good[MIX_FRAMES];

struct mix_check {
	struct amp_oacs_decoder d;
	uint32_t next;
	uint32_t errors_when_late; /* frames decoded before their bad segment was counted */
};

static void mix_on_frame(void *ctx, const struct amp_oacs_frame *f)
{
	struct mix_check *c = ctx;
	const struct mix_good *g = &mix_good[c->next];

	assert_true(c->next < MIX_FRAMES);
	assert_int_equal(f->kind, g->kind);
	assert_int_equal(f->seq, g->seq);
	assert_int_equal(f->cmd, g->cmd);
	assert_int_equal(f->len, g->len);
	assert_memory_equal(f->payload, mix_payloads + g->payload_off, g->len);
	if (amp_oacs_decoder_errors(&c->d) < g->bad_before)
		c->errors_when_late++;
	c->next++;
}

static uint32_t mix_encode_random(uint8_t *out, uint32_t i)
{
	struct mix_good *g = &mix_good[i];
	struct amp_oacs_frame f;
	uint32_t k;
	int n;

	g->kind = (uint8_t)rng_below(4);
	g->seq = (uint16_t)rng();
	g->cmd = (uint16_t)rng();
	g->len = (uint16_t)(rng_below(4) == 0 ? AMP_OACS_PAYLOAD_MAX : rng_below(40));
	g->payload_off = i * AMP_OACS_PAYLOAD_MAX;
	for (k = 0; k < g->len; k++) /* payloads full of magic bytes make false starts likely */
		mix_payloads[g->payload_off + k] =
		    rng_below(3) == 0 ? AMP_OACS_MAGIC0 : (uint8_t)rng();
	f.kind = g->kind;
	f.seq = g->seq;
	f.cmd = g->cmd;
	f.len = g->len;
	f.payload = mix_payloads + g->payload_off;
	n = amp_oacs_encode(out, AMP_OACS_FRAME_MAX, &f);
	assert_true(n > 0);
	return (uint32_t)n;
}

/* One bad segment: garbage, a bit-flipped frame, a truncated frame or an oversize length. */
static uint32_t mix_bad_segment(uint8_t *out)
{
	uint8_t tmp[AMP_OACS_FRAME_MAX];
	struct amp_oacs_frame f = {AMP_OACS_REQUEST, 1, 2, 0, NULL};
	uint32_t n, k;

	switch (rng_below(4)) {
	case 0:
		n = 1u + rng_below(300);
		for (k = 0; k < n; k++)
			out[k] = rng_below(8) == 0 ? AMP_OACS_MAGIC0 : (uint8_t)rng();
		return n;
	case 1:
		f.len = (uint16_t)rng_below(AMP_OACS_PAYLOAD_MAX + 1);
		for (k = 0; k < f.len; k++)
			tmp[k] = (uint8_t)rng();
		f.payload = tmp;
		n = (uint32_t)amp_oacs_encode(out, AMP_OACS_FRAME_MAX, &f);
		k = rng_below(n * 8u);
		out[k / 8u] ^= (uint8_t)(1u << (k % 8u));
		return n;
	case 2:
		f.len = (uint16_t)rng_below(AMP_OACS_PAYLOAD_MAX + 1);
		for (k = 0; k < f.len; k++)
			tmp[k] = (uint8_t)rng();
		f.payload = tmp;
		n = (uint32_t)amp_oacs_encode(out, AMP_OACS_FRAME_MAX, &f);
		return 1u + rng_below(n - 1u);
	default:
		fake_header(out, (uint16_t)(AMP_OACS_PAYLOAD_MAX + 1u + rng_below(1000)),
			    (uint16_t)rng());
		return AMP_OACS_HDR_SIZE;
	}
}

static void test_random_mix_in_random_splits(void **state)
{
	static struct mix_check c;
	uint32_t i, len = 0, bad = 0, off, n;

	(void)state;
	seed_rng(0x0AC5C0DEu);
	for (i = 0; i < MIX_FRAMES; i++) {
		/* at most one bad segment between good frames, so each is counted on its own */
		if (rng_below(2)) {
			len += mix_bad_segment(mix_stream + len);
			bad++;
		}
		mix_good[i].bad_before = bad;
		len += mix_encode_random(mix_stream + len, i);
	}
	/* a truncated frame just before the last good one would hold it back: pad the end */
	memset(mix_stream + len, 0, AMP_OACS_FRAME_MAX);
	len += AMP_OACS_FRAME_MAX;
	amp_oacs_decoder_init(&c.d);
	c.next = 0;
	c.errors_when_late = 0;
	for (off = 0; off < len; off += n) {
		n = rng_below(4) == 0 ? 1u : 1u + rng_below(700);
		n = n < len - off ? n : len - off;
		(void)amp_oacs_decode(&c.d, mix_stream + off, n, mix_on_frame, &c);
	}
	printf("# %u frames, %u bad segments, %u bytes; errors: garbage %u, hdr %u, len %u, "
	       "crc %u\n",
	       MIX_FRAMES, bad, len, c.d.stats.garbage, c.d.stats.bad_hdr, c.d.stats.bad_len,
	       c.d.stats.bad_crc);
	assert_int_equal(c.next, MIX_FRAMES);
	assert_int_equal(c.d.stats.frames, MIX_FRAMES);
	assert_int_equal(c.errors_when_late, 0);
	assert_true(amp_oacs_decoder_errors(&c.d) >= bad);
	/* the fuzz entry agrees on the same input */
	assert_int_equal(oacs_check_invariants(mix_stream, len), 0);
}

static void test_fuzz_entry_on_random_inputs(void **state)
{
	static uint8_t buf[4096];
	uint32_t i, k;

	(void)state;
	seed_rng(0xF0220001u);
	assert_int_equal(oacs_check_invariants(NULL, 0), 0);
	for (i = 0; i < 300; i++) {
		uint32_t n = rng_below(sizeof(buf));

		for (k = 0; k < n; k++)
			buf[k] = rng_below(6) == 0   ? AMP_OACS_MAGIC0
				 : rng_below(6) == 0 ? AMP_OACS_MAGIC1
						     : (uint8_t)rng();
		assert_int_equal(oacs_check_invariants(buf, n), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_encode_exact_bytes),
	    cmocka_unit_test(test_encode_refuses),
	    cmocka_unit_test(test_decode_byte_by_byte),
	    cmocka_unit_test(test_bad_length_then_good_frame),
	    cmocka_unit_test(test_bad_crc_then_good_frame),
	    cmocka_unit_test(test_good_frames_inside_a_false_start),
	    cmocka_unit_test(test_garbage_runs_are_counted),
	    cmocka_unit_test(test_push_takes_what_fits),
	    cmocka_unit_test(test_drop_partial_releases_the_frames_behind),
	    cmocka_unit_test(test_oacs_codec_rejects_bad_args),
	    cmocka_unit_test(test_random_mix_in_random_splits),
	    cmocka_unit_test(test_fuzz_entry_on_random_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

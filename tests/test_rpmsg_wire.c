/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg header and name-service codecs against golden little-endian byte
 * arrays (the layout of Linux virtio_rpmsg_bus struct rpmsg_hdr and
 * struct rpmsg_ns_msg), and everything a peer can get wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"

#define NS_LEN ((uint32_t)sizeof(struct amp_rpmsg_ns_msg))

/* ---- header ------------------------------------------------------------- */

static void hdr_encode_golden(void **state)
{
	/* clang-format off */
	static const uint8_t want[16] = {
		0x44, 0x33, 0x22, 0x11,  /* src */
		0x88, 0x77, 0x66, 0x55,  /* dst */
		0xCC, 0xBB, 0xAA, 0x99,  /* reserved */
		0xF0, 0x01,              /* len 496 */
		0xEE, 0xDD,              /* flags */
	};
	/* clang-format on */
	const struct amp_rpmsg_hdr h = {0x11223344u, 0x55667788u, 0x99AABBCCu, 0x01F0u, 0xDDEEu};
	uint8_t out[16];

	(void)state;
	memset(out, 0x5A, sizeof(out));
	amp_rpmsg_hdr_encode(out, &h);
	assert_memory_equal(out, want, sizeof(want));
}

static void hdr_encode_ns_announcement_golden(void **state)
{
	/* what a slave endpoint at 0x400 sends to the name service */
	/* clang-format off */
	static const uint8_t want[16] = {
		0x00, 0x04, 0x00, 0x00,  /* src 0x400 */
		0x35, 0x00, 0x00, 0x00,  /* dst 0x35 */
		0x00, 0x00, 0x00, 0x00,  /* reserved */
		0x28, 0x00,              /* len 40 */
		0x00, 0x00,              /* flags */
	};
	/* clang-format on */
	const struct amp_rpmsg_hdr h = {0x400u, AMP_RPMSG_NS_ADDR, 0, 40, 0};
	uint8_t out[16];

	(void)state;
	amp_rpmsg_hdr_encode(out, &h);
	assert_memory_equal(out, want, sizeof(want));
}

static void hdr_decode_golden(void **state)
{
	/* clang-format off */
	static const uint8_t in[16] = {
		0x01, 0x04, 0x00, 0x00,  /* src 0x401 */
		0x00, 0x04, 0x00, 0x00,  /* dst 0x400 */
		0x78, 0x56, 0x34, 0x12,  /* reserved */
		0x05, 0x00,              /* len 5 */
		0x01, 0x80,              /* flags */
	};
	/* clang-format on */
	struct amp_rpmsg_hdr h;

	(void)state;
	assert_int_equal(amp_rpmsg_hdr_decode(in, 16u + 5u, &h), AMP_OK);
	assert_int_equal(h.src, 0x401);
	assert_int_equal(h.dst, 0x400);
	assert_int_equal(h.reserved, 0x12345678u);
	assert_int_equal(h.len, 5);
	assert_int_equal(h.flags, 0x8001);
}

static void hdr_roundtrip(void **state)
{
	uint8_t buf[AMP_CFG_BUF_SIZE];
	struct amp_rpmsg_hdr in, out;
	uint32_t len;

	(void)state;
	for (len = 0; len <= AMP_RPMSG_PAYLOAD_MAX; len++) {
		in = (struct amp_rpmsg_hdr){1024u + len, 0xFFFFFFFEu - len, len * 3u, (uint16_t)len,
					    (uint16_t)(len ^ 0xA5u)};
		amp_rpmsg_hdr_encode(buf, &in);
		assert_int_equal(amp_rpmsg_hdr_decode(buf, AMP_CFG_BUF_SIZE, &out), AMP_OK);
		assert_memory_equal(&in, &out, sizeof(in));
		/* the buffer holds exactly header + payload */
		assert_int_equal(amp_rpmsg_hdr_decode(buf, AMP_RPMSG_HDR_SIZE + len, &out), AMP_OK);
	}
}

static void hdr_decode_bad_lengths(void **state)
{
	struct amp_rpmsg_hdr h = {1024, 1025, 0, 0, 0};
	uint8_t buf[AMP_CFG_BUF_SIZE * 2];

	(void)state;
	memset(buf, 0, sizeof(buf));
	amp_rpmsg_hdr_encode(buf, &h);
	/* shorter than the header */
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 0, &h), AMP_EPROTO);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 15, &h), AMP_EPROTO);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 16, &h), AMP_OK);

	/* len runs past what the buffer holds */
	h = (struct amp_rpmsg_hdr){1024, 1025, 0, 10, 0};
	amp_rpmsg_hdr_encode(buf, &h);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 16u + 9u, &h), AMP_EPROTO);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 16u + 10u, &h), AMP_OK);

	/* len beyond the payload of an rpmsg buffer, even if the peer claims more room */
	h = (struct amp_rpmsg_hdr){1024, 1025, 0, (uint16_t)(AMP_RPMSG_PAYLOAD_MAX + 1u), 0};
	amp_rpmsg_hdr_encode(buf, &h);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, sizeof(buf), &h), AMP_EPROTO);
	h = (struct amp_rpmsg_hdr){1024, 1025, 0, 0xFFFF, 0};
	amp_rpmsg_hdr_encode(buf, &h);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 0xFFFFFFFFu, &h), AMP_EPROTO);
	h = (struct amp_rpmsg_hdr){1024, 1025, 0, (uint16_t)AMP_RPMSG_PAYLOAD_MAX, 0};
	amp_rpmsg_hdr_encode(buf, &h);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, AMP_CFG_BUF_SIZE, &h), AMP_OK);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, AMP_CFG_BUF_SIZE - 1u, &h), AMP_EPROTO);
}

/* ---- name service ------------------------------------------------------- */

static void ns_encode_golden(void **state)
{
	/* clang-format off */
	static const uint8_t want[40] = {
		'r', 'p', 'm', 's', 'g', '-', 'o', 'p', 'e', 'n', 'a', 'm', 'p', '-', 'd', 'e',
		'm', 'o', '-', 'c', 'h', 'a', 'n', 'n', 'e', 'l',   0,   0,   0,   0,   0,   0,
		0x00, 0x04, 0x00, 0x00,  /* addr 0x400 */
		0x00, 0x00, 0x00, 0x00,  /* flags CREATE */
	};
	/* clang-format on */
	uint8_t out[40];

	(void)state;
	memset(out, 0x5A, sizeof(out));
	amp_rpmsg_ns_encode(out, "rpmsg-openamp-demo-channel", 0x400u, AMP_RPMSG_NS_CREATE);
	assert_memory_equal(out, want, sizeof(want));
}

static void ns_encode_destroy_golden(void **state)
{
	/* clang-format off */
	static const uint8_t want[40] = {
		'd', 'e', 'f', 'a', 'u', 'l', 't',   0,   0,   0,   0,   0,   0,   0,   0,   0,
		  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
		0x04, 0x03, 0x02, 0x01,  /* addr 0x01020304 */
		0x01, 0x00, 0x00, 0x00,  /* flags DESTROY */
	};
	/* clang-format on */
	uint8_t out[40];

	(void)state;
	memset(out, 0x5A, sizeof(out));
	amp_rpmsg_ns_encode(out, "default", 0x01020304u, AMP_RPMSG_NS_DESTROY);
	assert_memory_equal(out, want, sizeof(want));
}

static void ns_encode_long_name_is_cut_at_31(void **state)
{
	const char *name = "0123456789abcdef0123456789abcdefXYZ";
	uint8_t out[40];

	(void)state;
	amp_rpmsg_ns_encode(out, name, 1024u, 0);
	assert_memory_equal(out, name, 31);
	assert_int_equal(out[31], 0);
	assert_int_equal(out[32], 0x00);
	assert_int_equal(out[33], 0x04);
}

static void ns_decode_golden(void **state)
{
	/* clang-format off */
	static const uint8_t in[40] = {
		'e', 'c', 'h', 'o',   0, 'j', 'u', 'n', 'k',   0,   0,   0,   0,   0,   0,   0,
		  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
		0x01, 0x04, 0x00, 0x00,  /* addr 0x401 */
		0x01, 0x00, 0x00, 0x00,  /* flags DESTROY */
	};
	/* clang-format on */
	struct amp_rpmsg_ns_msg ns;

	(void)state;
	assert_int_equal(amp_rpmsg_ns_decode(in, sizeof(in), &ns), AMP_OK);
	assert_string_equal(ns.name, "echo");
	assert_int_equal(ns.addr, 0x401);
	assert_int_equal(ns.flags, AMP_RPMSG_NS_DESTROY);
}

static void ns_decode_name_fills_32_bytes(void **state)
{
	uint8_t in[40];
	struct amp_rpmsg_ns_msg ns;

	(void)state;
	/* Linux copies the name with strncpy(..., 32): no NUL when it is 32 long */
	memcpy(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 32);
	memcpy(in + 32, "\x00\x04\x00\x00\x00\x00\x00\x00", 8);
	assert_int_equal(amp_rpmsg_ns_decode(in, sizeof(in), &ns), AMP_OK);
	assert_int_equal(strlen(ns.name), 31);
	assert_memory_equal(ns.name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 32);
	assert_int_equal(ns.addr, 0x400);
	/* 31 characters and a NUL: unchanged */
	in[31] = 0;
	assert_int_equal(amp_rpmsg_ns_decode(in, sizeof(in), &ns), AMP_OK);
	assert_string_equal(ns.name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
}

static void ns_roundtrip(void **state)
{
	uint8_t buf[40];
	struct amp_rpmsg_ns_msg ns;

	(void)state;
	amp_rpmsg_ns_encode(buf, "x", 1024u, AMP_RPMSG_NS_CREATE);
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_OK);
	assert_string_equal(ns.name, "x");
	assert_int_equal(ns.addr, 1024);
	assert_int_equal(ns.flags, AMP_RPMSG_NS_CREATE);
	amp_rpmsg_ns_encode(buf, "0123456789abcdef0123456789abcde", 0xFFFFFFFEu,
			    AMP_RPMSG_NS_DESTROY);
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_OK);
	assert_string_equal(ns.name, "0123456789abcdef0123456789abcde");
	assert_int_equal(ns.addr, 0xFFFFFFFEu);
	assert_int_equal(ns.flags, AMP_RPMSG_NS_DESTROY);
}

static void ns_decode_bad_lengths(void **state)
{
	uint8_t buf[64];
	struct amp_rpmsg_ns_msg ns;
	uint32_t len;

	(void)state;
	memset(buf, 0, sizeof(buf));
	amp_rpmsg_ns_encode(buf, "default", 1024u, 0);
	for (len = 0; len < sizeof(buf); len++)
		assert_int_equal(amp_rpmsg_ns_decode(buf, len, &ns),
				 len == NS_LEN ? AMP_OK : AMP_EPROTO);
	assert_int_equal(amp_rpmsg_ns_decode(buf, 0xFFFFFFFFu, &ns), AMP_EPROTO);
}

static void ns_decode_bad_flags(void **state)
{
	const uint32_t bad[] = {2, 3, 0x100, 0x80000000u, 0xFFFFFFFFu};
	uint8_t buf[40];
	struct amp_rpmsg_ns_msg ns;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		amp_rpmsg_ns_encode(buf, "default", 1024u, bad[i]);
		assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_EPROTO);
	}
}

/* Static addresses below 1024 are legal (OpenAMP, Linux); the service's own and ANY are not. */
static void ns_decode_reserved_addresses(void **state)
{
	const uint32_t bad[] = {AMP_RPMSG_NS_ADDR, AMP_RPMSG_ADDR_ANY};
	const uint32_t good[] = {0, 1, 0x34, 0x36, 1023};
	uint8_t buf[40];
	struct amp_rpmsg_ns_msg ns;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		amp_rpmsg_ns_encode(buf, "default", bad[i], AMP_RPMSG_NS_CREATE);
		assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_EPROTO);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		amp_rpmsg_ns_encode(buf, "default", good[i], AMP_RPMSG_NS_CREATE);
		assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_OK);
		assert_int_equal(ns.addr, good[i]);
	}
	amp_rpmsg_ns_encode(buf, "default", 1024u, AMP_RPMSG_NS_CREATE);
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_OK);
}

static void ns_decode_empty_name(void **state)
{
	uint8_t buf[40];
	struct amp_rpmsg_ns_msg ns;

	(void)state;
	amp_rpmsg_ns_encode(buf, "", 1024u, AMP_RPMSG_NS_CREATE);
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_EPROTO);
	/* a NUL first and junk after it is still an empty name */
	memset(buf, 'z', 32);
	buf[0] = 0;
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, &ns), AMP_EPROTO);
}

/* ---- bad arguments ---------------------------------------------------------- */

/*
 * NULL pointers: the decoders say AMP_EINVAL (not AMP_EPROTO: the caller is
 * wrong, not the peer) and leave the output alone; the encoders write nothing.
 */
static void test_rpmsg_wire_rejects_bad_args(void **state)
{
	static const uint8_t untouched[NS_LEN] = {0xA5, 0xA5, 0xA5, 0xA5};
	struct amp_rpmsg_hdr h = {1024, 1025, 0, 0, 0}, h2 = {7, 7, 7, 7, 7};
	struct amp_rpmsg_ns_msg ns;
	uint8_t buf[NS_LEN], out[NS_LEN];

	(void)state;
	memset(buf, 0, sizeof(buf));
	amp_rpmsg_hdr_encode(buf, &h);
	assert_int_equal(amp_rpmsg_hdr_decode(NULL, 16, &h2), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_hdr_decode(NULL, 0, &h2), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_hdr_decode(buf, 16, NULL), AMP_EINVAL);
	assert_int_equal(h2.src, 7);
	assert_int_equal(h2.len, 7);

	amp_rpmsg_ns_encode(buf, "default", 1024u, AMP_RPMSG_NS_CREATE);
	memset(&ns, 0x5A, sizeof(ns));
	assert_int_equal(amp_rpmsg_ns_decode(NULL, NS_LEN, &ns), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ns_decode(NULL, 0, &ns), AMP_EINVAL);
	assert_int_equal(amp_rpmsg_ns_decode(buf, NS_LEN, NULL), AMP_EINVAL);
	assert_int_equal(ns.addr, 0x5A5A5A5Au);

	/* the encoders: nothing written, nothing read through NULL */
	memcpy(out, untouched, sizeof(out));
	amp_rpmsg_hdr_encode(out, NULL);
	amp_rpmsg_hdr_encode(NULL, &h);
	amp_rpmsg_ns_encode(out, NULL, 1024u, AMP_RPMSG_NS_CREATE);
	amp_rpmsg_ns_encode(NULL, "default", 1024u, AMP_RPMSG_NS_CREATE);
	assert_memory_equal(out, untouched, sizeof(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hdr_encode_golden),
	    cmocka_unit_test(hdr_encode_ns_announcement_golden),
	    cmocka_unit_test(hdr_decode_golden),
	    cmocka_unit_test(hdr_roundtrip),
	    cmocka_unit_test(hdr_decode_bad_lengths),
	    cmocka_unit_test(ns_encode_golden),
	    cmocka_unit_test(ns_encode_destroy_golden),
	    cmocka_unit_test(ns_encode_long_name_is_cut_at_31),
	    cmocka_unit_test(ns_decode_golden),
	    cmocka_unit_test(ns_decode_name_fills_32_bytes),
	    cmocka_unit_test(ns_roundtrip),
	    cmocka_unit_test(ns_decode_bad_lengths),
	    cmocka_unit_test(ns_decode_bad_flags),
	    cmocka_unit_test(ns_decode_reserved_addresses),
	    cmocka_unit_test(ns_decode_empty_name),
	    cmocka_unit_test(test_rpmsg_wire_rejects_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

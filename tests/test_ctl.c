/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The default session's control codec (SPEC section 6): every message type
 * against golden little-endian bytes, both ways, and everything a peer (or a
 * caller) can get wrong: lengths, version, type, HELLO fields, OPEN names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "amp/session.h"

#define HELLO_LEN (AMP_CTL_HDR_SIZE + sizeof(struct amp_ctl_hello))
#define OPEN_LEN  (AMP_CTL_HDR_SIZE + AMP_SESSION_NAME_SIZE)

/* The 12-byte header every test message starts with: sid 0x8102, epoch 0x0A0B0C0E. */
#define HDR_BYTES(type, a0, a1, a2, a3)                                                            \
	0x01, (type), 0x02, 0x81, 0x0E, 0x0C, 0x0B, 0x0A, (a0), (a1), (a2), (a3)

static struct amp_ctl_msg msg_of(uint8_t type, uint32_t arg)
{
	struct amp_ctl_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.version = AMP_CTL_VERSION;
	m.hdr.type = type;
	m.hdr.sid = 0x8102u;
	m.hdr.epoch = 0x0A0B0C0Eu;
	m.hdr.arg = arg;
	return m;
}

/* Encode m, compare with want, decode want, compare with m. */
static void check_both_ways(const struct amp_ctl_msg *m, const uint8_t *want, size_t len)
{
	uint8_t out[AMP_CTL_MAX_SIZE + 8];
	struct amp_ctl_msg back;

	memset(out, 0xA5, sizeof(out));
	assert_int_equal(amp_ctl_encode(out, sizeof(out), m), (int)len);
	assert_memory_equal(out, want, len);
	assert_int_equal(out[len], 0xA5); /* nothing written past the message */

	memset(&back, 0x5A, sizeof(back));
	assert_int_equal(amp_ctl_decode(want, len, &back), AMP_OK);
	assert_int_equal(back.hdr.version, AMP_CTL_VERSION);
	assert_int_equal(back.hdr.type, m->hdr.type);
	assert_int_equal(back.hdr.sid, m->hdr.sid);
	assert_int_equal(back.hdr.epoch, m->hdr.epoch);
	assert_int_equal(back.hdr.arg, m->hdr.arg);
	assert_memory_equal(&back.hello, &m->hello, sizeof(back.hello));
	assert_memory_equal(back.name, m->name, sizeof(back.name));
}

/* ---- every type, golden bytes ------------------------------------------- */

static void hello_golden(void **state)
{
	/* HELLO; role 1 (slave), max_sessions 6, heartbeat 300 ms, miss limit 3, reserved, 1.2.3 */
	static const uint8_t want[HELLO_LEN] = {
	    0x01, 0x01, 0x02, 0x81, 0x0E, 0x0C, 0x0B, 0x0A, 0x00, 0x00, 0x00, 0x00,
	    0x01, 0x06, 0x2C, 0x01, 0x03, 0x00, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
	};
	struct amp_ctl_msg m = msg_of(AMP_CTL_HELLO, 0);

	(void)state;
	m.hello.role = 1;
	m.hello.max_sessions = 6;
	m.hello.heartbeat_ms = 300;
	m.hello.miss_limit = 3;
	m.hello.lib_version = 0x010203u;
	check_both_ways(&m, want, sizeof(want));
}

static void hello_reserved_written_as_zero(void **state)
{
	struct amp_ctl_msg m = msg_of(AMP_CTL_HELLO, 0), back;
	uint8_t out[HELLO_LEN];

	(void)state;
	m.hello.heartbeat_ms = 100;
	m.hello.miss_limit = 3;
	memset(m.hello.reserved, 0xFF, sizeof(m.hello.reserved));
	m.hdr.version = 7; /* the encoder writes its own version */
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), (int)HELLO_LEN);
	assert_int_equal(out[0], AMP_CTL_VERSION);
	assert_int_equal(out[17], 0);
	assert_int_equal(out[18], 0);
	assert_int_equal(out[19], 0);
	/* and a peer's non-zero reserved bytes are accepted and not passed on */
	out[17] = 0x11;
	assert_int_equal(amp_ctl_decode(out, sizeof(out), &back), AMP_OK);
	assert_int_equal(back.hello.reserved[0], 0);
}

static void heartbeat_golden(void **state)
{
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_HEARTBEAT, 0x04, 0x03, 0x02, 0x01)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_HEARTBEAT, 0x01020304u);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

static void heartbeat_ack_golden(void **state)
{
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_HEARTBEAT_ACK, 0xFF, 0xFF, 0xFF, 0xFF)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_HEARTBEAT_ACK, 0xFFFFFFFFu);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

static void open_golden(void **state)
{
	/* OPEN, arg: endpoint 0x401, then "echo" NUL-padded to 32 bytes */
	static const uint8_t want[OPEN_LEN] = {
	    0x01, 0x04, 0x02, 0x81, 0x0E, 0x0C, 0x0B, 0x0A, 0x01, 0x04, 0x00,
	    0x00, 0x65, 0x63, 0x68, 0x6F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN, 0x401u);

	(void)state;
	strcpy(m.name, "echo");
	check_both_ways(&m, want, sizeof(want));
}

static void open_longest_name(void **state)
{
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN, 0x402u), back;
	uint8_t out[OPEN_LEN];

	(void)state;
	memset(m.name, 'n', AMP_SESSION_NAME_SIZE - 1u); /* 31 characters and the NUL */
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), (int)OPEN_LEN);
	assert_int_equal(out[OPEN_LEN - 2u], 'n');
	assert_int_equal(out[OPEN_LEN - 1u], 0);
	assert_int_equal(amp_ctl_decode(out, sizeof(out), &back), AMP_OK);
	assert_string_equal(back.name, m.name);
}

static void open_name_padding_is_zero(void **state)
{
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN, 0x402u);
	uint8_t out[OPEN_LEN];
	size_t i;

	(void)state;
	/* bytes after the NUL in the caller's buffer must not reach the wire */
	memset(m.name, 'X', sizeof(m.name));
	memcpy(m.name, "ab", 3);
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), (int)OPEN_LEN);
	assert_int_equal(out[AMP_CTL_HDR_SIZE], 'a');
	assert_int_equal(out[AMP_CTL_HDR_SIZE + 1u], 'b');
	for (i = AMP_CTL_HDR_SIZE + 2u; i < OPEN_LEN; i++)
		assert_int_equal(out[i], 0);
}

static void open_ack_golden(void **state)
{
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_OPEN_ACK, 0x07, 0x04, 0x00, 0x00)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN_ACK, 0x407u);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

static void open_nak_golden(void **state)
{
	/* arg: the refusal as a positive error number (ENOENT = 5) */
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_OPEN_NAK, 0x05, 0x00, 0x00, 0x00)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN_NAK, (uint32_t)-AMP_ENOENT);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

static void close_golden(void **state)
{
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_CLOSE, 0x02, 0x00, 0x00, 0x00)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_CLOSE, AMP_CLOSE_PEER);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

static void close_ack_golden(void **state)
{
	static const uint8_t want[] = {HDR_BYTES(AMP_CTL_CLOSE_ACK, 0x00, 0x00, 0x00, 0x00)};
	struct amp_ctl_msg m = msg_of(AMP_CTL_CLOSE_ACK, 0);

	(void)state;
	check_both_ways(&m, want, sizeof(want));
}

/* ---- decode: what a peer can get wrong ---------------------------------- */

static size_t encode_of(uint8_t type, uint8_t *out)
{
	struct amp_ctl_msg m = msg_of(type, 0x400u);
	int n;

	m.hello.role = 0;
	m.hello.heartbeat_ms = 100;
	m.hello.miss_limit = 3;
	strcpy(m.name, "svc");
	memset(out, 0, AMP_CTL_MAX_SIZE + 1u);
	n = amp_ctl_encode(out, AMP_CTL_MAX_SIZE + 1u, &m);
	assert_true(n > 0);
	return (size_t)n;
}

static void decode_exact_length_only(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	uint8_t type;

	(void)state;
	for (type = AMP_CTL_HELLO; type <= AMP_CTL_CLOSE_ACK; type++) {
		size_t len = encode_of(type, buf), l;

		buf[len] = 0; /* a harmless extra byte is still one too many */
		assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
		assert_int_equal(amp_ctl_decode(buf, len + 1u, &m), AMP_EPROTO);
		for (l = 0; l < len; l++)
			assert_int_equal(amp_ctl_decode(buf, l, &m), AMP_EPROTO);
	}
}

static void decode_bad_version(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	size_t len = encode_of(AMP_CTL_HEARTBEAT, buf);

	(void)state;
	buf[0] = 0;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	buf[0] = AMP_CTL_VERSION + 1u;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	buf[0] = 0xFF;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
}

static void decode_unknown_type(void **state)
{
	static const uint8_t types[] = {0, AMP_CTL_CLOSE_ACK + 1u, 0x80, 0xFF};
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	size_t i, len = encode_of(AMP_CTL_HEARTBEAT, buf);

	(void)state;
	for (i = 0; i < sizeof(types); i++) {
		buf[1] = types[i];
		assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
		/* whatever the length */
		assert_int_equal(amp_ctl_decode(buf, HELLO_LEN, &m), AMP_EPROTO);
	}
}

static void decode_hello_fields(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	size_t len = encode_of(AMP_CTL_HELLO, buf);
	uint8_t *b = buf + AMP_CTL_HDR_SIZE;

	(void)state;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
	b[0] = 1; /* slave */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
	b[0] = 2;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	b[0] = 0xFF;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	b[0] = 0;

	b[2] = b[3] = 0; /* heartbeat period 0 */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	b[3] = 1; /* 256 ms: the high byte counts */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
	assert_int_equal(m.hello.heartbeat_ms, 256);

	b[4] = 0; /* miss limit 0 */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	b[4] = 1;
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
}

static void decode_open_names(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	size_t len = encode_of(AMP_CTL_OPEN, buf);
	uint8_t *name = buf + AMP_CTL_HDR_SIZE;

	(void)state;
	name[0] = 0; /* empty */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	memset(name, 'z', AMP_SESSION_NAME_SIZE); /* 32 bytes, no NUL */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_EPROTO);
	name[AMP_SESSION_NAME_SIZE - 1u] = 0; /* 31 and the NUL */
	assert_int_equal(amp_ctl_decode(buf, len, &m), AMP_OK);
	assert_int_equal(strlen(m.name), AMP_SESSION_NAME_SIZE - 1u);
}

static void decode_null_arguments(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE + 1];
	struct amp_ctl_msg m;
	size_t len = encode_of(AMP_CTL_HEARTBEAT, buf);

	(void)state;
	assert_int_equal(amp_ctl_decode(NULL, len, &m), AMP_EINVAL);
	assert_int_equal(amp_ctl_decode(buf, len, NULL), AMP_EINVAL);
}

/* ---- encode: what a caller can get wrong -------------------------------- */

static void encode_unknown_type(void **state)
{
	uint8_t out[AMP_CTL_MAX_SIZE];
	struct amp_ctl_msg m = msg_of(0, 0);

	(void)state;
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), AMP_EINVAL);
	m.hdr.type = AMP_CTL_CLOSE_ACK + 1u;
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), AMP_EINVAL);
	m.hdr.type = 0xFF;
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), AMP_EINVAL);
}

static void encode_small_buffer(void **state)
{
	uint8_t out[AMP_CTL_MAX_SIZE];
	struct amp_ctl_msg m = msg_of(AMP_CTL_HELLO, 0);

	(void)state;
	m.hello.heartbeat_ms = 100;
	m.hello.miss_limit = 3;
	memset(out, 0xA5, sizeof(out));
	assert_int_equal(amp_ctl_encode(out, HELLO_LEN - 1u, &m), AMP_EMSGSIZE);
	assert_int_equal(out[0], 0xA5); /* refused before writing anything */
	assert_int_equal(amp_ctl_encode(out, HELLO_LEN, &m), (int)HELLO_LEN);

	m = msg_of(AMP_CTL_OPEN, 0x400u);
	strcpy(m.name, "svc");
	assert_int_equal(amp_ctl_encode(out, OPEN_LEN - 1u, &m), AMP_EMSGSIZE);
	assert_int_equal(amp_ctl_encode(out, OPEN_LEN, &m), (int)OPEN_LEN);

	m = msg_of(AMP_CTL_CLOSE, 0);
	assert_int_equal(amp_ctl_encode(out, AMP_CTL_HDR_SIZE - 1u, &m), AMP_EMSGSIZE);
	assert_int_equal(amp_ctl_encode(out, 0, &m), AMP_EMSGSIZE);
	assert_int_equal(amp_ctl_encode(out, AMP_CTL_HDR_SIZE, &m), (int)AMP_CTL_HDR_SIZE);
}

static void encode_bad_name(void **state)
{
	uint8_t out[AMP_CTL_MAX_SIZE];
	struct amp_ctl_msg m = msg_of(AMP_CTL_OPEN, 0x400u);

	(void)state;
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), AMP_EINVAL); /* empty */
	memset(m.name, 'q', sizeof(m.name));				    /* no NUL */
	assert_int_equal(amp_ctl_encode(out, sizeof(out), &m), AMP_EINVAL);
}

static void encode_null_arguments(void **state)
{
	uint8_t out[AMP_CTL_MAX_SIZE];
	struct amp_ctl_msg m = msg_of(AMP_CTL_CLOSE, 0);

	(void)state;
	assert_int_equal(amp_ctl_encode(NULL, sizeof(out), &m), AMP_EINVAL);
	assert_int_equal(amp_ctl_encode(out, sizeof(out), NULL), AMP_EINVAL);
}

/*
 * The NULL checks come before the length checks: a NULL buffer with a
 * length of 0 is AMP_EINVAL, not AMP_EMSGSIZE / AMP_EPROTO.
 */
static void test_ctl_rejects_bad_args(void **state)
{
	uint8_t buf[AMP_CTL_MAX_SIZE];
	struct amp_ctl_msg m = msg_of(AMP_CTL_CLOSE, 0);

	(void)state;
	assert_int_equal(amp_ctl_encode(NULL, 0, &m), AMP_EINVAL);
	assert_int_equal(amp_ctl_encode(buf, 0, NULL), AMP_EINVAL);
	assert_int_equal(amp_ctl_encode(NULL, 0, NULL), AMP_EINVAL);
	assert_int_equal(amp_ctl_decode(NULL, 0, &m), AMP_EINVAL);
	assert_int_equal(amp_ctl_decode(buf, 0, NULL), AMP_EINVAL);
	assert_int_equal(amp_ctl_decode(NULL, 0, NULL), AMP_EINVAL);
	/* the lengths themselves: documented codes */
	assert_int_equal(amp_ctl_encode(buf, 0, &m), AMP_EMSGSIZE);
	assert_int_equal(amp_ctl_decode(buf, 0, &m), AMP_EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hello_golden),
	    cmocka_unit_test(hello_reserved_written_as_zero),
	    cmocka_unit_test(heartbeat_golden),
	    cmocka_unit_test(heartbeat_ack_golden),
	    cmocka_unit_test(open_golden),
	    cmocka_unit_test(open_longest_name),
	    cmocka_unit_test(open_name_padding_is_zero),
	    cmocka_unit_test(open_ack_golden),
	    cmocka_unit_test(open_nak_golden),
	    cmocka_unit_test(close_golden),
	    cmocka_unit_test(close_ack_golden),
	    cmocka_unit_test(decode_exact_length_only),
	    cmocka_unit_test(decode_bad_version),
	    cmocka_unit_test(decode_unknown_type),
	    cmocka_unit_test(decode_hello_fields),
	    cmocka_unit_test(decode_open_names),
	    cmocka_unit_test(decode_null_arguments),
	    cmocka_unit_test(encode_unknown_type),
	    cmocka_unit_test(encode_small_buffer),
	    cmocka_unit_test(encode_bad_name),
	    cmocka_unit_test(encode_null_arguments),
	    cmocka_unit_test(test_ctl_rejects_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

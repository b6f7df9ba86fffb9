/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS server and client over two streams in one process (test_stream.h):
 * every built-in command, application commands, every error code, pipelined
 * requests under flow control, timeouts when the server stops answering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/oacs.h"
#include "test_stream.h"

#define CLIENT 0
#define SERVER 1

static struct test_link link_;
static struct amp_oacs_client client_;
static struct amp_oacs_server server_;
static int server_stopped_;

/* ---- what the server reports -------------------------------------------- */

#define N_SESSIONS 6u

static void fake_info(void *ctx, struct amp_oacs_info *out)
{
	(void)ctx;
	out->role = 1;
	out->lib_major = 0;
	out->lib_minor = 1;
	out->lib_patch = 2;
	out->rpmsg_buf_size = 512;
	out->rpmsg_payload_max = 496;
	out->vring_num = 16;
	out->max_endpoints = 8;
	out->uptime_ms = 123456;
	out->stream_rx_size = 1024;
	out->stream_tx_size = 2048;
	memcpy(out->board, "posix-sim", 9);
}

static void fake_stats(void *ctx, struct amp_oacs_stats_info *out)
{
	(void)ctx;
	out->tx_msgs = 10;
	out->rx_msgs = 11;
	out->tx_bytes = 1000;
	out->rx_bytes = 1100;
	out->drops = 1;
	out->crc_errors = 2;
	out->reconnects = 3;
	out->missed_heartbeats = 4;
}

static uint32_t fake_session_count(void *ctx)
{
	(void)ctx;
	return N_SESSIONS;
}

static int fake_session_at(void *ctx, uint32_t index, struct amp_oacs_session_info *out)
{
	(void)ctx;
	if (index >= N_SESSIONS)
		return AMP_ENOENT;
	out->id = 0x100u + index;
	out->local_addr = 1024u + index;
	out->remote_addr = 2048u + index;
	out->rx_bytes = index * 10u;
	out->tx_bytes = index * 20u;
	out->state = (uint8_t)(index % 3u);
	snprintf(out->name, sizeof(out->name), "session-%u", (unsigned)index);
	return AMP_OK;
}

static const struct amp_oacs_server_ops fake_ops = {fake_info, fake_stats, fake_session_count,
						    fake_session_at};

/* ---- application commands ----------------------------------------------- */

#define CMD_SUM	 (AMP_OACS_CMD_USER + 0) /* 1..8 bytes -> u8 sum */
#define CMD_FAIL (AMP_OACS_CMD_USER + 1) /* u8 which error to return */

static int cmd_sum(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp, size_t max)
{
	uint8_t sum = 0;
	uint16_t i;

	(void)ctx;
	(void)max;
	for (i = 0; i < req->len; i++)
		sum = (uint8_t)(sum + req->payload[i]);
	resp[0] = sum;
	return 1;
}

static int cmd_fail(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp, size_t max)
{
	(void)ctx;
	(void)resp;
	switch (req->payload[0]) {
	case 0:
		return AMP_EBUSY;
	case 1:
		return AMP_EPERM;
	case 2:
		return AMP_EIO;
	case 3:
		return AMP_ERANGE;
	default:
		return (int)max + 1; /* a handler bug: more than it may write */
	}
}

/* ---- harness -------------------------------------------------------------- */

struct reply {
	int calls;
	int status;
	uint16_t seq, cmd, len;
	uint8_t payload[AMP_OACS_PAYLOAD_MAX];
};

static void on_reply(void *ctx, int status, const struct amp_oacs_frame *f)
{
	struct reply *r = ctx;

	r->calls++;
	r->status = status;
	if (f) {
		r->seq = f->seq;
		r->cmd = f->cmd;
		r->len = f->len;
		memcpy(r->payload, f->payload, f->len);
	}
}

static void setup_link(uint32_t ring)
{
	struct amp_oacs_io io;
	static const struct amp_oacs_command sum = {CMD_SUM, 1, 8, cmd_sum, NULL};
	static const struct amp_oacs_command fail = {CMD_FAIL, 1, 1, cmd_fail, NULL};

	assert_int_equal(test_link_connect(&link_, ring, ring), AMP_OK);
	amp_oacs_io_stream(&io, &link_.s[CLIENT]);
	assert_int_equal(amp_oacs_client_init(&client_, &io), AMP_OK);
	amp_oacs_io_stream(&io, &link_.s[SERVER]);
	assert_int_equal(amp_oacs_server_init(&server_, &io, &fake_ops, NULL), AMP_OK);
	assert_int_equal(amp_oacs_server_register(&server_, &sum), AMP_OK);
	assert_int_equal(amp_oacs_server_register(&server_, &fail), AMP_OK);
	server_stopped_ = 0;
}

static int setup(void **state)
{
	(void)state;
	setup_link(1024);
	return 0;
}

/* One round: client, wire, server, wire; 1 ms passes. */
static void run(uint32_t rounds)
{
	while (rounds--) {
		assert_true(amp_oacs_client_poll(&client_, link_.now) >= 0);
		test_link_deliver_all(&link_);
		if (!server_stopped_)
			assert_true(amp_oacs_server_poll(&server_) >= 0);
		test_link_deliver_all(&link_);
		link_.now++;
	}
}

static void call(uint16_t cmd, const void *payload, uint16_t len, struct reply *r)
{
	memset(r, 0, sizeof(*r));
	assert_true(
	    amp_oacs_client_request(&client_, cmd, payload, len, link_.now, 100, on_reply, r) >= 0);
	run(5);
	assert_int_equal(r->calls, 1);
}

/* ---- built-in commands ---------------------------------------------------- */

static void test_ping_echoes(void **state)
{
	static uint8_t big[AMP_OACS_PAYLOAD_MAX];
	struct reply r;
	uint32_t i;

	(void)state;
	call(AMP_OACS_CMD_PING, "hello", 5, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(r.cmd, AMP_OACS_CMD_PING);
	assert_int_equal(r.len, 5);
	assert_memory_equal(r.payload, "hello", 5);
	call(AMP_OACS_CMD_PING, NULL, 0, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(r.len, 0);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7u);
	call(AMP_OACS_CMD_PING, big, sizeof(big), &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(r.len, sizeof(big));
	assert_memory_equal(r.payload, big, sizeof(big));
}

static void test_get_info(void **state)
{
	struct amp_oacs_info info;
	struct reply r;

	(void)state;
	call(AMP_OACS_CMD_GET_INFO, NULL, 0, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(r.len, AMP_OACS_INFO_LEN);
	assert_int_equal(amp_oacs_info_decode(r.payload, r.len, &info), AMP_OK);
	assert_int_equal(info.oacs_version, AMP_OACS_VERSION);
	assert_int_equal(info.oacs_payload_max, AMP_OACS_PAYLOAD_MAX);
	assert_int_equal(info.role, 1);
	assert_int_equal(info.lib_minor, 1);
	assert_int_equal(info.lib_patch, 2);
	assert_int_equal(info.rpmsg_buf_size, 512);
	assert_int_equal(info.rpmsg_payload_max, 496);
	assert_int_equal(info.vring_num, 16);
	assert_int_equal(info.max_endpoints, 8);
	assert_int_equal(info.uptime_ms, 123456);
	assert_int_equal(info.stream_rx_size, 1024);
	assert_int_equal(info.stream_tx_size, 2048);
	assert_memory_equal(info.board, "posix-sim\0\0\0\0\0\0\0", AMP_OACS_BOARD_LEN);
	assert_int_equal(amp_oacs_info_decode(r.payload, r.len - 1u, &info), AMP_EPROTO);
}

static void test_get_stats(void **state)
{
	struct amp_oacs_stats_info st;
	struct reply r;
	uint8_t junk[3] = {0x01, 0x02, 0x03};

	(void)state;
	call(AMP_OACS_CMD_PING, "x", 1, &r);
	/* a few garbage bytes on the wire count as one bad frame at the server */
	assert_int_equal(amp_stream_write(&link_.s[CLIENT], junk, sizeof(junk)), 3);
	call(AMP_OACS_CMD_GET_STATS, NULL, 0, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(amp_oacs_stats_decode(r.payload, r.len, &st), AMP_OK);
	assert_int_equal(st.tx_msgs, 10);
	assert_int_equal(st.rx_msgs, 11);
	assert_int_equal(st.tx_bytes, 1000);
	assert_int_equal(st.rx_bytes, 1100);
	assert_int_equal(st.drops, 1);
	assert_int_equal(st.crc_errors, 2);
	assert_int_equal(st.reconnects, 3);
	assert_int_equal(st.missed_heartbeats, 4);
	assert_int_equal(st.oacs_requests, 2); /* the PING and this one */
	assert_int_equal(st.oacs_errors, 0);
	assert_int_equal(st.oacs_bad_frames, 1);
}

static void test_list_sessions_in_pages(void **state)
{
	struct amp_oacs_sessions_page page;
	struct amp_oacs_session_info s;
	struct reply r;
	uint8_t first[2] = {4, 0};
	uint32_t i;

	(void)state;
	call(AMP_OACS_CMD_LIST_SESSIONS, NULL, 0, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(amp_oacs_sessions_page_decode(r.payload, r.len, &page), AMP_OK);
	assert_int_equal(page.total, N_SESSIONS);
	assert_int_equal(page.first, 0);
	assert_int_equal(page.count, AMP_OACS_SESSIONS_PER_PAGE);
	for (i = 0; i < page.count; i++) {
		assert_int_equal(
		    amp_oacs_session_decode(page.entries + i * page.entry_len, page.entry_len, &s),
		    AMP_OK);
		assert_int_equal(s.id, 0x100u + i);
		assert_int_equal(s.local_addr, 1024u + i);
		assert_int_equal(s.remote_addr, 2048u + i);
		assert_int_equal(s.tx_bytes, 20u * i);
		assert_int_equal(s.state, i % 3u);
	}
	call(AMP_OACS_CMD_LIST_SESSIONS, first, 2, &r);
	assert_int_equal(amp_oacs_sessions_page_decode(r.payload, r.len, &page), AMP_OK);
	assert_int_equal(page.first, 4);
	assert_int_equal(page.count, N_SESSIONS - 4u);
	assert_int_equal(amp_oacs_session_decode(page.entries + page.entry_len, page.entry_len, &s),
			 AMP_OK);
	assert_string_equal(s.name, "session-5");
	/* a page past the end is empty, not an error */
	first[0] = 200;
	call(AMP_OACS_CMD_LIST_SESSIONS, first, 2, &r);
	assert_int_equal(amp_oacs_sessions_page_decode(r.payload, r.len, &page), AMP_OK);
	assert_int_equal(page.count, 0);
	assert_int_equal(page.total, N_SESSIONS);
}

/* ---- application commands and errors -------------------------------------- */

static void test_user_command(void **state)
{
	struct reply r;

	(void)state;
	call(CMD_SUM, "\x01\x02\x03", 3, &r);
	assert_int_equal(r.status, AMP_OACS_OK);
	assert_int_equal(r.len, 1);
	assert_int_equal(r.payload[0], 6);
}

static void test_error_codes(void **state)
{
	static const struct {
		uint8_t which;
		int status;
	} cases[] = {
	    {0, AMP_OACS_ERR_BUSY},	  {1, AMP_OACS_ERR_NOT_ALLOWED}, {2, AMP_OACS_ERR_INTERNAL},
	    {3, AMP_OACS_ERR_BAD_LENGTH}, {4, AMP_OACS_ERR_INTERNAL},
	};
	struct reply r;
	size_t i;

	(void)state;
	call(0x7777, NULL, 0, &r);
	assert_int_equal(r.status, AMP_OACS_ERR_UNKNOWN_CMD);
	assert_int_equal(r.cmd, 0x7777);
	call(AMP_OACS_CMD_GET_INFO, "x", 1, &r); /* GET_INFO takes no payload */
	assert_int_equal(r.status, AMP_OACS_ERR_BAD_LENGTH);
	call(CMD_SUM, "123456789", 9, &r); /* registered with at most 8 */
	assert_int_equal(r.status, AMP_OACS_ERR_BAD_LENGTH);
	call(CMD_SUM, NULL, 0, &r); /* and at least 1 */
	assert_int_equal(r.status, AMP_OACS_ERR_BAD_LENGTH);
	call(AMP_OACS_CMD_LIST_SESSIONS, "x", 1, &r); /* empty or a u16 */
	assert_int_equal(r.status, AMP_OACS_ERR_BAD_LENGTH);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		call(CMD_FAIL, &cases[i].which, 1, &r);
		assert_int_equal(r.status, cases[i].status);
	}
	assert_int_equal(client_.stats.errors, 5 + 5);
	assert_int_equal(server_.stats.errors, 5 + 5);
	assert_string_equal(amp_oacs_status_name(AMP_OACS_ERR_NOT_ALLOWED), "NOT_ALLOWED");
}

static void test_registration_rules(void **state)
{
	struct amp_oacs_command c = {AMP_OACS_CMD_PING, 0, 4, cmd_sum, NULL};
	uint16_t id;

	(void)state;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_EEXIST);
	c.id = CMD_SUM;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_EEXIST);
	c.id = 0x500;
	c.min_len = 5;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_EINVAL);
	c.min_len = 0;
	c.max_len = AMP_OACS_PAYLOAD_MAX + 1;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_EINVAL);
	c.max_len = 4;
	c.handler = NULL;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_EINVAL);
	c.handler = cmd_sum;
	for (id = 0x500; server_.n_cmds < AMP_OACS_MAX_COMMANDS; id++) {
		c.id = id;
		assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_OK);
	}
	c.id = 0x600;
	assert_int_equal(amp_oacs_server_register(&server_, &c), AMP_ENOSPC);
}

/* Raw frames written by hand into the client's stream, answers read back raw. */
struct raw_answers {
	struct amp_oacs_frame f[4];
	uint16_t status[4];
	uint32_t n;
};

static void raw_collect(void *ctx, const struct amp_oacs_frame *f)
{
	struct raw_answers *a = ctx;

	a->f[a->n] = *f;
	a->status[a->n] = f->len >= 2 ? (uint16_t)(f->payload[0] | f->payload[1] << 8) : 0;
	a->n++;
}

static void raw_exchange(const uint8_t *bytes, size_t len, struct raw_answers *a)
{
	static struct amp_oacs_decoder d;
	uint8_t buf[256];
	int n;

	assert_int_equal(amp_stream_write(&link_.s[CLIENT], bytes, len), (int)len);
	test_link_deliver_all(&link_);
	(void)amp_oacs_server_poll(&server_);
	test_link_deliver_all(&link_);
	amp_oacs_decoder_init(&d);
	memset(a, 0, sizeof(*a));
	while ((n = amp_stream_read(&link_.s[CLIENT], buf, sizeof(buf))) > 0)
		(void)amp_oacs_decode(&d, buf, (size_t)n, raw_collect, a);
}

static void test_oversize_and_bad_crc_frames_are_answered(void **state)
{
	struct amp_oacs_frame f = {AMP_OACS_REQUEST, 0x4242, AMP_OACS_CMD_PING, 4,
				   (const uint8_t *)"ping"};
	struct raw_answers a;
	uint8_t frame[64];
	uint16_t crc;
	int n;

	(void)state;
	/* a header announcing more than AMP_OACS_PAYLOAD_MAX */
	n = amp_oacs_encode(frame, sizeof(frame), &f);
	frame[8] = (uint8_t)(AMP_OACS_PAYLOAD_MAX + 1u);
	frame[9] = (uint8_t)((AMP_OACS_PAYLOAD_MAX + 1u) >> 8);
	crc = (uint16_t)amp_crc32(0, frame, 10);
	frame[10] = (uint8_t)crc;
	frame[11] = (uint8_t)(crc >> 8);
	raw_exchange(frame, (size_t)n, &a);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.f[0].kind, AMP_OACS_ERROR);
	assert_int_equal(a.f[0].seq, 0x4242);
	assert_int_equal(a.status[0], AMP_OACS_ERR_BAD_LENGTH);

	/* a payload bit flipped: the header is still good, so the server can say BAD_CRC */
	f.seq = 0x4343;
	n = amp_oacs_encode(frame, sizeof(frame), &f);
	frame[13] ^= 0x20;
	raw_exchange(frame, (size_t)n, &a);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.f[0].seq, 0x4343);
	assert_int_equal(a.status[0], AMP_OACS_ERR_BAD_CRC);
	assert_int_equal(server_.dec.stats.bad_crc, 1);

	/* responses and events sent to the server are ignored */
	f.kind = AMP_OACS_RESPONSE;
	n = amp_oacs_encode(frame, sizeof(frame), &f);
	raw_exchange(frame, (size_t)n, &a);
	assert_int_equal(a.n, 0);
	assert_int_equal(server_.stats.ignored, 1);
}

/* ---- pipelining, flow control, timeouts ---------------------------------- */

static void test_pipelined_requests(void **state)
{
	static uint8_t payload[AMP_OACS_CLIENT_INFLIGHT][AMP_OACS_PAYLOAD_MAX];
	static struct reply r[AMP_OACS_CLIENT_INFLIGHT + 1];
	uint32_t i, k;

	(void)state;
	setup_link(4096); /* all eight requests fit the stream at once */
	memset(r, 0, sizeof(r));
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++) {
		for (k = 0; k < AMP_OACS_PAYLOAD_MAX; k++)
			payload[i][k] = (uint8_t)(i * 31u + k);
		assert_true(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, payload[i],
						    AMP_OACS_PAYLOAD_MAX, link_.now, 1000, on_reply,
						    &r[i]) >= 0);
	}
	assert_int_equal(amp_oacs_client_inflight(&client_), AMP_OACS_CLIENT_INFLIGHT);
	assert_int_equal(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, "x", 1, link_.now,
						 1000, on_reply, &r[AMP_OACS_CLIENT_INFLIGHT]),
			 AMP_ENOSPC);
	run(5);
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, AMP_OACS_OK);
		assert_int_equal(r[i].len, AMP_OACS_PAYLOAD_MAX);
		assert_memory_equal(r[i].payload, payload[i], AMP_OACS_PAYLOAD_MAX);
	}
	assert_int_equal(r[AMP_OACS_CLIENT_INFLIGHT].calls, 0);
	assert_int_equal(amp_oacs_client_inflight(&client_), 0);
	assert_int_equal(client_.stats.unmatched, 0);
}

/*
 * Small rings, a client that sends whenever it can and stops reading now and
 * then: the server's answers back up, it stops reading requests, the
 * client's requests back up in turn. Nothing is lost, nothing times out.
 */
#define FLOW_REQUESTS 64u

static void test_flow_control_holds_back_a_fast_client(void **state)
{
	static struct reply r[FLOW_REQUESTS];
	static uint8_t payload[AMP_OACS_PAYLOAD_MAX];
	uint32_t sent = 0, round, i, server_blocked = 0, client_blocked = 0;
	int rc;

	(void)state;
	setup_link(512);
	memset(r, 0, sizeof(r));
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i ^ 0x5Au);
	for (round = 0; round < 2000; round++) {
		while (sent < FLOW_REQUESTS) {
			payload[0] = (uint8_t)sent;
			rc = amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, payload,
						     AMP_OACS_PAYLOAD_MAX, link_.now, 1000,
						     on_reply, &r[sent]);
			if (rc < 0) {
				assert_true(rc == AMP_ENOBUFS || rc == AMP_ENOSPC);
				client_blocked += rc == AMP_ENOBUFS;
				break;
			}
			sent++;
		}
		if ((round / 5u) % 3u != 0u) /* the client stops reading 1 round in 3 */
			assert_true(amp_oacs_client_poll(&client_, link_.now) >= 0);
		test_link_deliver_all(&link_);
		assert_true(amp_oacs_server_poll(&server_) >= 0);
		server_blocked += server_.out_len != 0u;
		test_link_deliver_all(&link_);
		link_.now++;
	}
	for (i = 0; i < FLOW_REQUESTS; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, AMP_OACS_OK);
		assert_int_equal(r[i].payload[0], (uint8_t)i);
		assert_memory_equal(r[i].payload + 1, payload + 1, AMP_OACS_PAYLOAD_MAX - 1u);
	}
	printf("# server blocked on output in %u rounds, client in %u\n", server_blocked,
	       client_blocked);
	assert_true(server_blocked > 0);
	assert_true(client_blocked > 0);
	assert_int_equal(client_.stats.timeouts, 0);
	assert_int_equal(amp_oacs_decoder_errors(&server_.dec), 0);
	assert_int_equal(amp_oacs_decoder_errors(&client_.dec), 0);
}

static void test_timeout_when_the_server_stops(void **state)
{
	struct reply r1, r2, r3;

	(void)state;
	memset(&r1, 0, sizeof(r1));
	memset(&r2, 0, sizeof(r2));
	link_.now = 0xFFFFFFF0u; /* the deadlines wrap around 2^32 */
	server_stopped_ = 1;
	assert_true(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, "a", 1, link_.now, 20,
					    on_reply, &r1) >= 0);
	run(10);
	assert_true(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, "b", 1, link_.now, 20,
					    on_reply, &r2) >= 0);
	run(10);
	assert_int_equal(r1.calls, 0); /* 20 ms not over yet */
	run(1);
	assert_int_equal(r1.calls, 1);
	assert_int_equal(r1.status, AMP_ETIMEDOUT);
	assert_int_equal(r2.calls, 0);
	run(10);
	assert_int_equal(r2.calls, 1);
	assert_int_equal(r2.status, AMP_ETIMEDOUT);
	assert_int_equal(client_.stats.timeouts, 2);
	/* the server comes back: its late answers match nothing, a new request works */
	server_stopped_ = 0;
	run(3);
	assert_int_equal(client_.stats.unmatched, 2);
	call(AMP_OACS_CMD_PING, "c", 1, &r3);
	assert_int_equal(r3.status, AMP_OACS_OK);
	assert_int_equal(r1.calls + r2.calls, 2); /* every callback ran exactly once */
}

static void test_requests_end_when_the_stream_closes(void **state)
{
	struct reply r;

	(void)state;
	memset(&r, 0, sizeof(r));
	server_stopped_ = 1;
	assert_true(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, "a", 1, link_.now, 1000,
					    on_reply, &r) >= 0);
	run(2);
	amp_stream_on_transport_down(&link_.s[CLIENT]);
	assert_int_equal(amp_oacs_client_poll(&client_, link_.now), AMP_ECLOSED);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, AMP_ECLOSED);
	assert_int_equal(amp_oacs_client_inflight(&client_), 0);
}

static int events_seen_;
static uint16_t event_cmd_;

static void on_event(void *ctx, const struct amp_oacs_frame *f)
{
	(void)ctx;
	events_seen_++;
	event_cmd_ = f->cmd;
}

static void test_events_reach_the_client(void **state)
{
	(void)state;
	events_seen_ = 0;
	amp_oacs_client_set_event_cb(&client_, on_event, NULL);
	assert_int_equal(amp_oacs_server_send_event(&server_, 0x0900, "up", 2), AMP_OK);
	run(2);
	assert_int_equal(events_seen_, 1);
	assert_int_equal(event_cmd_, 0x0900);
	assert_int_equal(client_.stats.events, 1);
}

static void count_event(void *ctx, const struct amp_oacs_frame *f)
{
	(void)f;
	(*(int *)ctx)++;
}

/* Server, client and io with each bad argument: NULL, never initialised, out of range. */
static void test_oacs_rejects_bad_args(void **state)
{
	static struct amp_oacs_server zsrv;
	static struct amp_oacs_client zcli;
	static const uint8_t big[AMP_OACS_PAYLOAD_MAX + 1u] = {0};
	struct amp_oacs_command cmd = {AMP_OACS_CMD_USER + 5u, 1, 8, cmd_sum, NULL};
	struct amp_oacs_server srv;
	struct amp_oacs_client cli;
	struct amp_oacs_io io, half;
	struct reply r;
	int events = 0;

	(void)state;
	/* io on a stream */
	memset(&io, 0, sizeof(io));
	amp_oacs_io_stream(NULL, &link_.s[SERVER]);
	amp_oacs_io_stream(&io, NULL);
	assert_null(io.read);
	assert_null(io.write);
	amp_oacs_io_stream(&io, &link_.s[SERVER]);

	/* server */
	assert_int_equal(amp_oacs_server_init(NULL, &io, NULL, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_init(&srv, NULL, NULL, NULL), AMP_EINVAL);
	half = io;
	half.read = NULL;
	assert_int_equal(amp_oacs_server_init(&srv, &half, NULL, NULL), AMP_EINVAL);
	half = io;
	half.write = NULL;
	assert_int_equal(amp_oacs_server_init(&srv, &half, NULL, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_register(NULL, &cmd), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_register(&server_, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_register(&zsrv, &cmd), AMP_EINVAL);
	assert_int_equal(zsrv.n_cmds, 0);
	cmd.handler = NULL;
	assert_int_equal(amp_oacs_server_register(&server_, &cmd), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_poll(NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_poll(&zsrv), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_send_event(NULL, 1, "x", 1), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_send_event(&zsrv, 1, "x", 1), AMP_EINVAL);
	assert_int_equal(zsrv.stats.events, 0);
	assert_int_equal(amp_oacs_server_send_event(&server_, 1, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_oacs_server_send_event(&server_, 1, big, sizeof(big)), AMP_EMSGSIZE);
	assert_int_equal(server_.stats.events, 0);

	/* client */
	amp_oacs_io_stream(&io, &link_.s[CLIENT]);
	assert_int_equal(amp_oacs_client_init(NULL, &io), AMP_EINVAL);
	assert_int_equal(amp_oacs_client_init(&cli, NULL), AMP_EINVAL);
	half = io;
	half.read = NULL;
	assert_int_equal(amp_oacs_client_init(&cli, &half), AMP_EINVAL);
	half = io;
	half.write = NULL;
	assert_int_equal(amp_oacs_client_init(&cli, &half), AMP_EINVAL);
	amp_oacs_client_set_event_cb(NULL, count_event, &events);
	amp_oacs_client_set_event_cb(&zcli, count_event, &events);
	assert_null(zcli.on_event);
	assert_int_equal(amp_oacs_client_request(NULL, 1, NULL, 0, 0, 10, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_client_request(&zcli, 1, NULL, 0, 0, 10, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_client_request(&client_, 1, NULL, 1, 0, 10, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_client_request(&client_, 1, NULL, 0, 0, 10, NULL, &r),
			 AMP_EINVAL);
	assert_int_equal(
	    amp_oacs_client_request(&client_, 1, NULL, 0, 0, 0x80000000u, on_reply, &r),
	    AMP_EINVAL);
	assert_int_equal(
	    amp_oacs_client_request(&client_, 1, big, sizeof(big), 0, 10, on_reply, &r),
	    AMP_EMSGSIZE);
	assert_int_equal(amp_oacs_client_poll(NULL, 0), AMP_EINVAL);
	assert_int_equal(amp_oacs_client_poll(&zcli, 0), AMP_EINVAL);
	assert_int_equal(amp_oacs_client_inflight(NULL), 0);
	assert_int_equal(amp_oacs_client_inflight(&client_), 0);
	amp_oacs_client_abort(NULL, AMP_ECLOSED);

	/* abort needs a negative status: 0 would read as a reply that is not there */
	memset(&r, 0, sizeof(r));
	assert_true(amp_oacs_client_request(&client_, AMP_OACS_CMD_PING, NULL, 0, link_.now, 100,
					    on_reply, &r) >= 0);
	amp_oacs_client_abort(&client_, AMP_OK);
	amp_oacs_client_abort(&client_, 1);
	assert_int_equal(r.calls, 0);
	assert_int_equal(amp_oacs_client_inflight(&client_), 1);
	amp_oacs_client_abort(&client_, AMP_ECLOSED);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, AMP_ECLOSED);
	assert_int_equal(amp_oacs_client_inflight(&client_), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_ping_echoes, setup),
	    cmocka_unit_test_setup(test_get_info, setup),
	    cmocka_unit_test_setup(test_get_stats, setup),
	    cmocka_unit_test_setup(test_list_sessions_in_pages, setup),
	    cmocka_unit_test_setup(test_user_command, setup),
	    cmocka_unit_test_setup(test_error_codes, setup),
	    cmocka_unit_test_setup(test_registration_rules, setup),
	    cmocka_unit_test_setup(test_oversize_and_bad_crc_frames_are_answered, setup),
	    cmocka_unit_test_setup(test_pipelined_requests, setup),
	    cmocka_unit_test_setup(test_flow_control_holds_back_a_fast_client, setup),
	    cmocka_unit_test_setup(test_timeout_when_the_server_stops, setup),
	    cmocka_unit_test_setup(test_requests_end_when_the_stream_closes, setup),
	    cmocka_unit_test_setup(test_events_reach_the_client, setup),
	    cmocka_unit_test_setup(test_oacs_rejects_bad_args, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

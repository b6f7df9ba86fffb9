/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS on a real session under the lockstep harness: the slave runs
 * amp_oacs_service, the master amp_oacs_remote. Every built-in command, an
 * application command (registered before the first session, kept across
 * sessions), an unknown command, oversize payloads, pipelined requests,
 * timeouts while the slave is halted, and recovery after a reboot of either
 * core (requests end with AMP_ECLOSED, then work again once the session is
 * open again).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/crc.h"
#include "amp/oacs_service.h"
#include "amp_test.h"

#define MASTER	 AMP_ROLE_MASTER
#define SLAVE	 AMP_ROLE_SLAVE
#define BOARD	 "lockstep"
#define CMD_SUM	 (AMP_OACS_CMD_USER + 0u)
#define CMD_BUSY (AMP_OACS_CMD_USER + 1u)
#define CMD_DENY (AMP_OACS_CMD_USER + 2u)
#define SOON	 (20u * AMP_CFG_HEARTBEAT_MS * AMP_LOCKSTEP_STEPS_PER_MS)
#define TIMEOUT	 1000u /* ms: longer than any answer takes here */

struct reply {
	int done;
	int status;
	uint16_t seq;
	uint16_t cmd;
	uint16_t len;
	uint8_t payload[AMP_OACS_PAYLOAD_MAX];
};

static struct amp_lockstep ls;
static struct amp_oacs_service svc;
static struct amp_oacs_remote rc;

static void on_reply(void *ctx, int status, const struct amp_oacs_frame *f)
{
	struct reply *r = ctx;

	assert_int_equal(r->done, 0); /* exactly once */
	r->done = 1;
	r->status = status;
	if (!f)
		return;
	r->seq = f->seq;
	r->cmd = f->cmd;
	r->len = f->len;
	memcpy(r->payload, f->payload, f->len);
}

static void tick(void)
{
	enum amp_role r = amp_lockstep_pick(&ls);

	amp_lockstep_step(&ls, r);
	if (!ls.running[r])
		return;
	if (r == SLAVE)
		(void)amp_oacs_service_poll(&svc);
	else
		(void)amp_oacs_remote_poll(&rc);
}

#define RUN_UNTIL(cond, max)                                                                       \
	do {                                                                                       \
		uint32_t n_;                                                                       \
		for (n_ = 0; n_ < (max) && !(cond); n_++)                                          \
			tick();                                                                    \
		assert_true(cond);                                                                 \
	} while (0)

/* A handler: the sum of the payload bytes, as a u32 little-endian. */
static int cmd_sum(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp, size_t resp_max)
{
	uint32_t sum = 0;
	uint16_t i;

	(void)ctx;
	assert_true(resp_max >= 4u);
	for (i = 0; i < req->len; i++)
		sum += req->payload[i];
	resp[0] = (uint8_t)sum;
	resp[1] = (uint8_t)(sum >> 8);
	resp[2] = (uint8_t)(sum >> 16);
	resp[3] = (uint8_t)(sum >> 24);
	return 4;
}

static int cmd_fail(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp, size_t resp_max)
{
	(void)req;
	(void)resp;
	(void)resp_max;
	return *(const int *)ctx;
}

static const int busy = AMP_EBUSY, deny = AMP_EPERM;
static const struct amp_oacs_command sum_cmd = {CMD_SUM, 1, 16, cmd_sum, NULL};

static void register_commands(void)
{
	struct amp_oacs_command c = {CMD_BUSY, 0, 0, cmd_fail, (void *)(uintptr_t)&busy};

	assert_int_equal(amp_oacs_service_register(&svc, &sum_cmd), AMP_OK);
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_OK);
	c.id = CMD_DENY;
	c.ctx = (void *)(uintptr_t)&deny;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_OK);
}

/* (Re)boot one core: its RAM starts over; the slave starts its service again. */
static void boot(enum amp_role r)
{
	assert_int_equal(amp_lockstep_boot(&ls, r), AMP_OK);
	if (r == SLAVE) {
		memset(&svc, 0, sizeof(svc));
		assert_int_equal(amp_oacs_service_start(&svc, &ls.amp[SLAVE], BOARD), AMP_OK);
		register_commands();
	} else {
		memset(&rc, 0, sizeof(rc));
	}
}

static int both_ready(void)
{
	return amp_is_ready(&ls.amp[MASTER]) && amp_is_ready(&ls.amp[SLAVE]);
}

static void remote_connect(void)
{
	RUN_UNTIL(both_ready(), SOON);
	assert_int_equal(amp_oacs_remote_open(&rc, &ls.amp[MASTER]), AMP_OK);
	RUN_UNTIL(amp_oacs_remote_ready(&rc), SOON);
	assert_false(amp_oacs_remote_closed(&rc));
}

/* The scheduler's seed: AMP_TEST_SEED runs another one. */
static uint64_t test_seed(void)
{
	const char *env = getenv("AMP_TEST_SEED");

	return env ? strtoull(env, NULL, 0) : 3u;
}

static int setup(void **state)
{
	uint32_t i;

	(void)state;
	memset(&svc, 0, sizeof(svc));
	memset(&rc, 0, sizeof(rc));
	if (amp_lockstep_init(&ls, test_seed()) != AMP_OK)
		return -1;
	boot(MASTER);
	for (i = 0; i < 1000u; i++)
		amp_lockstep_step(&ls, MASTER);
	boot(SLAVE);
	remote_connect();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	amp_lockstep_fini(&ls);
	return 0;
}

static void request(uint16_t cmd, const void *payload, uint16_t len, uint32_t timeout_ms,
		    struct reply *r)
{
	memset(r, 0, sizeof(*r));
	assert_true(amp_oacs_remote_request(&rc, cmd, payload, len, timeout_ms, on_reply, r) >= 0);
}

/* One request, waited for; returns its status. */
static int call(uint16_t cmd, const void *payload, uint16_t len, struct reply *r)
{
	request(cmd, payload, len, TIMEOUT, r);
	RUN_UNTIL(r->done, SOON);
	if (r->status == AMP_OACS_OK)
		assert_int_equal(r->cmd, cmd);
	return r->status;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- built-in commands ---------------------------------------------------- */

static void ping(void **state)
{
	static const char hello[] = "hello";
	uint8_t big[AMP_OACS_PAYLOAD_MAX];
	struct reply r;
	uint32_t i;

	(void)state;
	assert_int_equal(call(AMP_OACS_CMD_PING, hello, 5, &r), AMP_OACS_OK);
	assert_int_equal(r.len, 5);
	assert_memory_equal(r.payload, hello, 5);

	assert_int_equal(call(AMP_OACS_CMD_PING, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(r.len, 0);

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7u + 1u);
	assert_int_equal(call(AMP_OACS_CMD_PING, big, sizeof(big), &r), AMP_OACS_OK);
	assert_int_equal(r.len, sizeof(big));
	assert_memory_equal(r.payload, big, sizeof(big));
}

static void get_info(void **state)
{
	struct amp_oacs_info info;
	struct reply r;

	(void)state;
	assert_int_equal(call(AMP_OACS_CMD_GET_INFO, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_info_decode(r.payload, r.len, &info), AMP_OK);
	assert_int_equal(info.role, AMP_ROLE_SLAVE);
	assert_int_equal(info.oacs_version, AMP_OACS_VERSION);
	assert_int_equal(info.oacs_payload_max, AMP_OACS_PAYLOAD_MAX);
	assert_int_equal(info.lib_major, AMP_VERSION_MAJOR);
	assert_int_equal(info.lib_minor, AMP_VERSION_MINOR);
	assert_int_equal(info.lib_patch, AMP_VERSION_PATCH);
	assert_int_equal(info.rpmsg_buf_size, AMP_CFG_BUF_SIZE);
	assert_int_equal(info.rpmsg_payload_max, AMP_RPMSG_PAYLOAD_MAX);
	assert_int_equal(info.vring_num, AMP_CFG_VRING_NUM);
	assert_int_equal(info.max_endpoints, AMP_CFG_MAX_EPT);
	assert_int_equal(info.stream_rx_size, AMP_OACS_STREAM_RING);
	assert_int_equal(info.stream_tx_size, AMP_OACS_STREAM_RING);
	assert_true(info.uptime_ms > 0u && info.uptime_ms <= ls.now_ms);
	assert_memory_equal(info.board, BOARD, sizeof(BOARD) - 1u);
	assert_int_equal(info.board[sizeof(BOARD) - 1u], '\0');
	/* GET_INFO takes no payload */
	assert_int_equal(call(AMP_OACS_CMD_GET_INFO, "x", 1, &r), AMP_OACS_ERR_BAD_LENGTH);
}

static void get_stats(void **state)
{
	struct amp_oacs_stats_info st;
	struct reply r;

	(void)state;
	assert_int_equal(call(AMP_OACS_CMD_PING, "a", 1, &r), AMP_OACS_OK);
	assert_int_equal(call(0x7777, NULL, 0, &r), AMP_OACS_ERR_UNKNOWN_CMD);
	assert_int_equal(call(AMP_OACS_CMD_GET_STATS, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_stats_decode(r.payload, r.len, &st), AMP_OK);
	assert_int_equal(st.oacs_requests, 3); /* this one included */
	assert_int_equal(st.oacs_errors, 1);
	assert_int_equal(st.oacs_bad_frames, 0);
	assert_int_equal(st.crc_errors, 0);
	assert_int_equal(st.drops, 0);
	assert_int_equal(st.reconnects, 0);
	/* the slave's rpmsg counters: HELLO, heartbeats, the session and these requests */
	assert_true(st.rx_msgs >= 4u && st.tx_msgs >= 4u);
	assert_true(st.rx_bytes > 0u && st.tx_bytes > 0u);
	assert_int_equal(st.rx_msgs, ls.amp[SLAVE].link.rpmsg.stats.rx_msgs);
}

/* Raw bytes on the client's stream, as a broken client would write them. */
static void write_raw(const void *bytes, size_t len)
{
	assert_int_equal(amp_stream_write(&rc.ss.stream, bytes, len), (int)len);
}

/* A PING frame whose frame CRC is wrong (header good): the server's decoder counts bad_crc. */
static void write_bad_crc_frame(void)
{
	const struct amp_oacs_frame f = {AMP_OACS_REQUEST, 0x7000u, AMP_OACS_CMD_PING, 2u,
					 (const uint8_t *)"hi"};
	uint8_t out[AMP_OACS_FRAME_MAX];
	int n = amp_oacs_encode(out, sizeof(out), &f);

	assert_true(n > 0);
	out[n - 1] ^= 0x5Au;
	write_raw(out, (size_t)n);
}

static struct amp_oacs_stats_info stats_now(void)
{
	struct amp_oacs_stats_info st;
	struct reply r;

	assert_int_equal(call(AMP_OACS_CMD_GET_STATS, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_stats_decode(r.payload, r.len, &st), AMP_OK);
	return st;
}

/* ampctl stats over several sessions: CRC errors, bad frames and requests are totals. */
static void stats_total_across_sessions(void **state)
{
	struct amp_oacs_stats_info first, later;
	struct reply r;

	(void)state;
	assert_int_equal(call(0x7777, NULL, 0, &r), AMP_OACS_ERR_UNKNOWN_CMD);
	write_raw("zzzz", 4);
	write_bad_crc_frame();
	assert_int_equal(call(AMP_OACS_CMD_PING, "a", 1, &r), AMP_OACS_OK);
	first = stats_now();
	assert_true(first.crc_errors >= 1u);
	assert_true(first.oacs_bad_frames >= 1u);
	assert_true(first.oacs_errors >= 1u);
	/* the slave closes the session; the master opens a new one */
	assert_int_equal(amp_sstream_close(&svc.ss), AMP_OK);
	RUN_UNTIL(amp_oacs_remote_closed(&rc), SOON);
	remote_connect();
	later = stats_now();
	assert_int_equal(later.crc_errors, first.crc_errors);
	assert_int_equal(later.oacs_bad_frames, first.oacs_bad_frames);
	assert_int_equal(later.oacs_errors, first.oacs_errors);
	assert_int_equal(later.oacs_requests, first.oacs_requests + 1u);
}

static void list_sessions(void **state)
{
	struct amp_oacs_sessions_page page;
	struct amp_oacs_session_info s;
	const struct amp_session *ms = rc.ss.session;
	uint8_t first[2] = {1, 0};
	struct reply r;

	(void)state;
	assert_int_equal(call(AMP_OACS_CMD_LIST_SESSIONS, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_sessions_page_decode(r.payload, r.len, &page), AMP_OK);
	assert_int_equal(page.total, 1);
	assert_int_equal(page.first, 0);
	assert_int_equal(page.count, 1);
	assert_int_equal(amp_oacs_session_decode(page.entries, page.entry_len, &s), AMP_OK);
	assert_string_equal(s.name, AMP_OACS_SESSION_NAME);
	assert_int_equal(s.state, AMP_SS_ESTABLISHED);
	/* the slave's view of the session is the master's, mirrored */
	assert_non_null(ms);
	assert_int_equal(s.local_addr, ms->peer_addr);
	assert_int_equal(s.remote_addr, ms->ept->addr);
	assert_int_equal(s.id & 0xFFFFu, ms->sid);
	assert_true(s.rx_bytes > 0u && s.tx_bytes > 0u);

	/* paging: nothing from index 1 on */
	assert_int_equal(call(AMP_OACS_CMD_LIST_SESSIONS, first, 2, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_sessions_page_decode(r.payload, r.len, &page), AMP_OK);
	assert_int_equal(page.total, 1);
	assert_int_equal(page.count, 0);
	/* the index is a u16, not one byte */
	assert_int_equal(call(AMP_OACS_CMD_LIST_SESSIONS, first, 1, &r), AMP_OACS_ERR_BAD_LENGTH);
}

/* ---- application commands, errors ----------------------------------------- */

static void application_commands(void **state)
{
	static const uint8_t nums[17] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 200, 1};
	struct amp_oacs_command c = sum_cmd;
	struct reply r;

	(void)state;
	assert_int_equal(call(CMD_SUM, nums, 3, &r), AMP_OACS_OK);
	assert_int_equal(r.len, 4);
	assert_int_equal(le32(r.payload), 6);
	assert_int_equal(call(CMD_SUM, nums, 16, &r), AMP_OACS_OK);
	assert_int_equal(le32(r.payload), 320);
	/* outside the command's length limits */
	assert_int_equal(call(CMD_SUM, NULL, 0, &r), AMP_OACS_ERR_BAD_LENGTH);
	assert_int_equal(call(CMD_SUM, nums, 17, &r), AMP_OACS_ERR_BAD_LENGTH);
	/* handler errors map to their statuses */
	assert_int_equal(call(CMD_BUSY, NULL, 0, &r), AMP_OACS_ERR_BUSY);
	assert_int_equal(call(CMD_DENY, NULL, 0, &r), AMP_OACS_ERR_NOT_ALLOWED);

	/* registration rules */
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_EEXIST);
	c.id = AMP_OACS_CMD_PING;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_EEXIST);
	c.id = 0x0200;
	c.handler = NULL;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_EINVAL);
	c.handler = cmd_sum;
	c.min_len = 5;
	c.max_len = 4;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_register(NULL, &c), AMP_EINVAL);
	/* registered during the session: answers at once */
	c = sum_cmd;
	c.id = 0x0200;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_OK);
	assert_int_equal(call(0x0200, nums, 2, &r), AMP_OACS_OK);
	assert_int_equal(le32(r.payload), 3);
	/* the table fills up */
	while (c.id < 0x0200 + AMP_OACS_MAX_COMMANDS - 4) {
		c.id++;
		assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_OK);
	}
	c.id++;
	assert_int_equal(amp_oacs_service_register(&svc, &c), AMP_ENOSPC);
}

static void unknown_command(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(call(0x7777, "abc", 3, &r), AMP_OACS_ERR_UNKNOWN_CMD);
	assert_int_equal(call(AMP_OACS_CMD_USER + 0x50u, NULL, 0, &r), AMP_OACS_ERR_UNKNOWN_CMD);
	assert_int_equal(r.cmd, AMP_OACS_CMD_USER + 0x50u); /* the error frame names it */
	assert_int_equal(r.len, AMP_OACS_ERROR_LEN);
	/* the session is fine afterwards */
	assert_int_equal(call(AMP_OACS_CMD_PING, "ok", 2, &r), AMP_OACS_OK);
}

/* A frame whose header announces more than AMP_OACS_PAYLOAD_MAX, as a peer could send. */
static size_t oversize_frame(uint8_t *out, uint16_t seq, size_t body)
{
	uint16_t len = AMP_OACS_PAYLOAD_MAX + 1u;
	uint16_t hcrc;

	out[0] = AMP_OACS_MAGIC0;
	out[1] = AMP_OACS_MAGIC1;
	out[2] = AMP_OACS_VERSION;
	out[3] = AMP_OACS_REQUEST;
	out[4] = (uint8_t)seq;
	out[5] = (uint8_t)(seq >> 8);
	out[6] = (uint8_t)AMP_OACS_CMD_PING;
	out[7] = (uint8_t)(AMP_OACS_CMD_PING >> 8);
	out[8] = (uint8_t)len;
	out[9] = (uint8_t)(len >> 8);
	hcrc = (uint16_t)amp_crc32(0, out, 10);
	out[10] = (uint8_t)hcrc;
	out[11] = (uint8_t)(hcrc >> 8);
	memset(out + AMP_OACS_HDR_SIZE, 0, body); /* what follows: no frame starts in it */
	return AMP_OACS_HDR_SIZE + body;
}

static void oversize_payload(void **state)
{
	uint8_t big[AMP_OACS_PAYLOAD_MAX + 1u];
	uint8_t raw[AMP_OACS_HDR_SIZE + 300u];
	uint32_t errors;
	size_t n;
	struct reply r;

	(void)state;
	/* the client refuses to send it */
	memset(big, 0x5A, sizeof(big));
	assert_int_equal(amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, big, sizeof(big), TIMEOUT,
						 on_reply, &r),
			 AMP_EMSGSIZE);
	/* a peer that sends it anyway gets BAD_LENGTH and the next request is answered */
	errors = svc.srv.stats.errors;
	n = oversize_frame(raw, 0xBEEF, 300u);
	assert_int_equal(amp_stream_write(&rc.ss.stream, raw, n), (int)n);
	assert_int_equal(call(AMP_OACS_CMD_PING, "next", 4, &r), AMP_OACS_OK);
	assert_memory_equal(r.payload, "next", 4);
	assert_int_equal(svc.srv.dec.stats.bad_len, 1);
	assert_int_equal(svc.srv.stats.errors, errors + 1u);
	/* its BAD_LENGTH answer reached the client, which had no such request */
	assert_int_equal(rc.client.stats.unmatched, 1);
}

/* Requests in flight at once (the client's whole table), answered in order, matched by seq. */
static void pipelined_requests(void **state)
{
	struct reply r[AMP_OACS_CLIENT_INFLIGHT], extra;
	uint8_t payload[AMP_OACS_CLIENT_INFLIGHT][64];
	int seq[AMP_OACS_CLIENT_INFLIGHT];
	uint32_t i;

	(void)state;
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++) {
		uint16_t cmd = i % 3u == 2u ? AMP_OACS_CMD_GET_INFO : AMP_OACS_CMD_PING;

		memset(&r[i], 0, sizeof(r[i]));
		memset(payload[i], (int)(0xA0u + i), sizeof(payload[i]));
		seq[i] = amp_oacs_remote_request(&rc, cmd, payload[i],
						 cmd == AMP_OACS_CMD_PING ? (uint16_t)(8u * i) : 0,
						 TIMEOUT, on_reply, &r[i]);
		assert_true(seq[i] >= 0);
	}
	assert_int_equal(amp_oacs_client_inflight(&rc.client), AMP_OACS_CLIENT_INFLIGHT);
	assert_int_equal(
	    amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 0, TIMEOUT, on_reply, &extra),
	    AMP_ENOSPC);
	RUN_UNTIL(amp_oacs_client_inflight(&rc.client) == 0u, SOON);
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++) {
		assert_true(r[i].done);
		assert_int_equal(r[i].status, AMP_OACS_OK);
		assert_int_equal(r[i].seq, (uint16_t)seq[i]);
		if (i % 3u == 2u) {
			assert_int_equal(r[i].cmd, AMP_OACS_CMD_GET_INFO);
			assert_int_equal(r[i].len, AMP_OACS_INFO_LEN);
		} else {
			assert_int_equal(r[i].len, 8u * i);
			assert_memory_equal(r[i].payload, payload[i], 8u * i);
		}
	}
	assert_int_equal(rc.client.stats.timeouts + rc.client.stats.unmatched, 0);
}

/* ---- a stopped slave, reboots --------------------------------------------- */

static void requests_fail_while_closed(void)
{
	struct reply r;

	assert_true(amp_oacs_remote_closed(&rc));
	assert_false(amp_oacs_remote_ready(&rc));
	assert_int_equal(
	    amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 0, TIMEOUT, on_reply, &r),
	    AMP_ECLOSED);
}

static void ping_works(void)
{
	struct reply r;

	assert_int_equal(call(AMP_OACS_CMD_PING, "again", 5, &r), AMP_OACS_OK);
	assert_memory_equal(r.payload, "again", 5);
	assert_int_equal(call(CMD_SUM, "\x01\x02", 2, &r), AMP_OACS_OK);
	assert_int_equal(le32(r.payload), 3);
}

static void timeout_when_slave_halted(void **state)
{
	struct reply quick, patient;
	uint32_t t0;

	(void)state;
	amp_lockstep_halt(&ls, SLAVE);
	t0 = ls.now_ms;
	request(AMP_OACS_CMD_PING, "q", 1, 50u, &quick);
	request(AMP_OACS_CMD_GET_INFO, NULL, 0, 60000u, &patient);
	RUN_UNTIL(quick.done, SOON);
	assert_int_equal(quick.status, AMP_ETIMEDOUT);
	assert_true(ls.now_ms - t0 >= 50u);
	assert_false(patient.done);
	assert_int_equal(rc.client.stats.timeouts, 1);
	/* the heartbeat verdict closes the session: what still waits ends with AMP_ECLOSED */
	RUN_UNTIL(patient.done, SOON);
	assert_int_equal(patient.status, AMP_ECLOSED);
	requests_fail_while_closed();

	/* the slave is reset and comes back: open again, and it answers */
	boot(SLAVE);
	remote_connect();
	ping_works();
}

static void slave_reboot_recovery(void **state)
{
	struct reply r;

	(void)state;
	ping_works();
	request(AMP_OACS_CMD_PING, "lost", 4, 60000u, &r);
	boot(SLAVE); /* before it read the request */
	RUN_UNTIL(r.done, SOON);
	assert_int_equal(r.status, AMP_ECLOSED);
	requests_fail_while_closed();
	/* the client may open again once the channel is back */
	remote_connect();
	ping_works();
	assert_int_equal(amp_oacs_remote_open(&rc, &ls.amp[MASTER]), AMP_EBUSY);
}

/* The master reboots: the slave's service takes the new master's session, commands kept. */
static void master_reboot_recovery(void **state)
{
	struct amp_oacs_stats_info st;
	struct reply r;

	(void)state;
	ping_works();
	boot(MASTER);
	remote_connect();
	ping_works();
	assert_int_equal(call(AMP_OACS_CMD_GET_STATS, NULL, 0, &r), AMP_OACS_OK);
	assert_int_equal(amp_oacs_stats_decode(r.payload, r.len, &st), AMP_OK);
	assert_true(st.reconnects >= 1u);
}

/* Closing the session from the slave's side ends requests in flight, and may be undone. */
static void closed_by_slave(void **state)
{
	struct reply r;

	(void)state;
	request(AMP_OACS_CMD_PING, "x", 1, 60000u, &r);
	assert_int_equal(amp_sstream_close(&svc.ss), AMP_OK);
	RUN_UNTIL(r.done, SOON);
	assert_int_equal(r.status, AMP_ECLOSED);
	requests_fail_while_closed();
	remote_connect();
	ping_works();
}

static void bad_arguments(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(amp_oacs_service_start(NULL, &ls.amp[SLAVE], BOARD), AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_open(NULL, &ls.amp[MASTER]), AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(NULL, AMP_OACS_CMD_PING, NULL, 0, 1, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 0, 1, NULL, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_service_poll(NULL), 0);
	assert_int_equal(amp_oacs_remote_poll(NULL), 0);
	assert_false(amp_oacs_remote_ready(NULL));
}

/* ---- argument checks (docs/security.md): every public call of oacs_service.h ---- */

static void test_oacs_service_rejects_bad_args(void **state)
{
	/* static: a listener keeps a pointer to its service */
	static struct amp za;
	static struct amp_oacs_service zsvc, svc2;
	static struct amp_oacs_remote zrc;
	static const uint8_t big[AMP_OACS_PAYLOAD_MAX + 1];
	struct amp_oacs_command c = {AMP_OACS_CMD_USER + 9u, 0, 0, cmd_fail, NULL};
	struct reply r;

	(void)state;
	memset(&za, 0, sizeof(za));
	memset(&zsvc, 0, sizeof(zsvc));
	memset(&zrc, 0, sizeof(zrc));

	/* service: NULL, an amp before amp_init(), a board name too long */
	assert_int_equal(amp_oacs_service_start(NULL, &ls.amp[MASTER], BOARD), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_start(&svc2, NULL, BOARD), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_start(&svc2, &ls.amp[MASTER], NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_start(&svc2, &za, BOARD), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_start(&svc2, &ls.amp[MASTER], "0123456789abcdefX"),
			 AMP_EINVAL);
	assert_true(test_all_zero(&za, sizeof(za)));
	assert_int_equal(amp_oacs_service_register(NULL, &c), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_register(&svc, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_register(&zsvc, &c), AMP_EINVAL);
	assert_int_equal(amp_oacs_service_poll(NULL), 0);
	assert_int_equal(amp_oacs_service_poll(&zsvc), 0);
	assert_true(test_all_zero(&zsvc, sizeof(zsvc)));

	/* a second service on the same amp: refused, the running one is not wiped */
	assert_int_equal(amp_oacs_service_start(&svc, &ls.amp[SLAVE], BOARD), AMP_EEXIST);
	assert_int_equal(svc.srv_up, 1);
	ping_works();
	/* the longest board name fits */
	assert_int_equal(amp_oacs_service_start(&svc2, &ls.amp[MASTER], "0123456789abcdef"),
			 AMP_OK);

	/* remote: NULL, an amp before amp_init(), one open already */
	assert_int_equal(amp_oacs_remote_open(NULL, &ls.amp[MASTER]), AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_open(&zrc, NULL), AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_open(&zrc, &za), AMP_EINVAL);
	assert_true(test_all_zero(&zrc, sizeof(zrc)));
	assert_int_equal(amp_oacs_remote_open(&rc, &ls.amp[MASTER]), AMP_EBUSY);
	assert_int_equal(amp_oacs_remote_ready(NULL), 0);
	assert_int_equal(amp_oacs_remote_ready(&zrc), 0);
	assert_int_equal(amp_oacs_remote_closed(NULL), 0);
	assert_int_equal(amp_oacs_remote_closed(&zrc), 0);
	assert_int_equal(amp_oacs_remote_poll(NULL), 0);
	assert_int_equal(amp_oacs_remote_poll(&zrc), 0);

	/* request: the argument errors come first, whatever the session's state */
	assert_int_equal(amp_oacs_remote_request(NULL, AMP_OACS_CMD_PING, NULL, 0, 1, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(&zrc, AMP_OACS_CMD_PING, NULL, 0, 1, NULL, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(&zrc, AMP_OACS_CMD_PING, NULL, 4, 1, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(&zrc, AMP_OACS_CMD_PING, NULL, 0, 1, on_reply, &r),
			 AMP_ENOTREADY);
	assert_int_equal(amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 0, 1, NULL, &r),
			 AMP_EINVAL);
	assert_int_equal(amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 4, 1, on_reply, &r),
			 AMP_EINVAL);
	assert_int_equal(
	    amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, big, sizeof(big), 1, on_reply, &r),
	    AMP_EMSGSIZE);
	assert_int_equal(
	    amp_oacs_remote_request(&rc, AMP_OACS_CMD_PING, NULL, 0, 0x80000000u, on_reply, &r),
	    AMP_EINVAL);
	assert_true(test_all_zero(&zrc, sizeof(zrc)));
	ping_works();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(ping),
	    T(get_info),
	    T(get_stats),
	    T(stats_total_across_sessions),
	    T(list_sessions),
	    T(application_commands),
	    T(unknown_command),
	    T(oversize_payload),
	    T(pipelined_requests),
	    T(timeout_when_slave_halted),
	    T(slave_reboot_recovery),
	    T(master_reboot_recovery),
	    T(closed_by_slave),
	    T(bad_arguments),
	    T(test_oacs_service_rejects_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

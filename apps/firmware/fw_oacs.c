/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master's OACS requests to the slave's server, one at a time: PING
 * with a payload (must come back unchanged), GET_INFO, GET_STATS and
 * LIST_SESSIONS (decoded and printed). A request cut off by the channel
 * going down is sent again on the next session.
 */
#include <string.h>

#include "fw_internal.h"

#define OACS_TIMEOUT_MS 1000u

struct oacs_request {
	uint16_t cmd;
	const char *name;
	/* Check and print the reply; 0, or the reason it is wrong. */
	const char *(*check)(struct fw_master *m);
};

static void ping_payload(uint8_t *p)
{
	uint32_t k;

	for (k = 0; k < FW_OACS_PING_LEN; k++)
		p[k] = (uint8_t)(0xA0u ^ (k * 7u));
}

static const char *check_ping(struct fw_master *m)
{
	uint8_t want[FW_OACS_PING_LEN];
	struct fw_line l;

	ping_payload(want);
	if (m->oacs.len != FW_OACS_PING_LEN || memcmp(m->oacs.reply, want, sizeof(want)) != 0)
		return "the payload did not come back unchanged";
	fw_line_start(&l, "oacs: PING ");
	fw_line_u32(&l, FW_OACS_PING_LEN);
	fw_line_str(&l, " bytes: ok");
	fw_line_send(&l, m->board);
	return NULL;
}

/* A fixed-size text field that need not be NUL-terminated. */
static void line_field(struct fw_line *l, const char *s, size_t size)
{
	char buf[AMP_OACS_SESSION_NAME_LEN + 1u];
	size_t n = size < AMP_OACS_SESSION_NAME_LEN ? size : AMP_OACS_SESSION_NAME_LEN;

	memcpy(buf, s, n);
	buf[n] = '\0';
	fw_line_str(l, buf);
}

static const char *check_info(struct fw_master *m)
{
	struct amp_oacs_info in;
	struct fw_line l;

	if (amp_oacs_info_decode(m->oacs.reply, m->oacs.len, &in) != AMP_OK)
		return "malformed reply";
	if (in.role != AMP_ROLE_SLAVE)
		return "the server is not the slave";
	fw_line_start(&l, "oacs: GET_INFO role=slave board=");
	line_field(&l, in.board, sizeof(in.board));
	fw_line_str(&l, " lib=");
	fw_line_u32(&l, in.lib_major);
	fw_line_str(&l, ".");
	fw_line_u32(&l, in.lib_minor);
	fw_line_str(&l, ".");
	fw_line_u32(&l, in.lib_patch);
	fw_line_str(&l, " oacs=");
	fw_line_u32(&l, in.oacs_version);
	fw_line_str(&l, " payload_max=");
	fw_line_u32(&l, in.oacs_payload_max);
	fw_line_send(&l, m->board);
	fw_line_start(&l, "oacs: GET_INFO rpmsg_buf=");
	fw_line_u32(&l, in.rpmsg_buf_size);
	fw_line_str(&l, " rpmsg_payload=");
	fw_line_u32(&l, in.rpmsg_payload_max);
	fw_line_str(&l, " vring_num=");
	fw_line_u32(&l, in.vring_num);
	fw_line_str(&l, " endpoints=");
	fw_line_u32(&l, in.max_endpoints);
	fw_line_str(&l, " stream=");
	fw_line_u32(&l, in.stream_rx_size);
	fw_line_str(&l, "/");
	fw_line_u32(&l, in.stream_tx_size);
	fw_line_send(&l, m->board);
	fw_line_start(&l, "oacs: GET_INFO uptime_ms=");
	fw_line_u32(&l, in.uptime_ms);
	fw_line_send(&l, m->board);
	return NULL;
}

static const char *check_stats(struct fw_master *m)
{
	struct amp_oacs_stats_info st;
	struct fw_line l;

	if (amp_oacs_stats_decode(m->oacs.reply, m->oacs.len, &st) != AMP_OK)
		return "malformed reply";
	/* What a healthy run must show, then the counters that depend on timing. */
	fw_line_start(&l, "oacs: GET_STATS drops=");
	fw_line_u32(&l, st.drops);
	fw_line_str(&l, " crc_errors=");
	fw_line_u32(&l, st.crc_errors);
	fw_line_str(&l, " reconnects=");
	fw_line_u32(&l, st.reconnects);
	fw_line_str(&l, " oacs_errors=");
	fw_line_u32(&l, st.oacs_errors);
	fw_line_str(&l, " bad_frames=");
	fw_line_u32(&l, st.oacs_bad_frames);
	fw_line_send(&l, m->board);
	fw_line_start(&l, "oacs: GET_STATS msgs tx=");
	fw_line_u32(&l, st.tx_msgs);
	fw_line_str(&l, " rx=");
	fw_line_u32(&l, st.rx_msgs);
	fw_line_str(&l, " bytes tx=");
	fw_line_u32(&l, st.tx_bytes);
	fw_line_str(&l, " rx=");
	fw_line_u32(&l, st.rx_bytes);
	fw_line_str(&l, " missed_heartbeats=");
	fw_line_u32(&l, st.missed_heartbeats);
	fw_line_str(&l, " requests=");
	fw_line_u32(&l, st.oacs_requests);
	fw_line_send(&l, m->board);
	return NULL;
}

static const char *state_name(uint8_t state)
{
	switch ((enum amp_session_state)state) {
	case AMP_SS_FREE:
		return "free";
	case AMP_SS_WANT_OPEN:
		return "want_open";
	case AMP_SS_OPENING:
		return "opening";
	case AMP_SS_PROBING:
		return "probing";
	case AMP_SS_ACCEPTED:
		return "accepted";
	case AMP_SS_ESTABLISHED:
		return "established";
	}
	return "?";
}

static void say_session(const struct fw_master *m, const struct amp_oacs_session_info *s)
{
	struct fw_line l;

	fw_line_start(&l, "oacs: session ");
	line_field(&l, s->name, sizeof(s->name));
	fw_line_str(&l, " ");
	fw_line_str(&l, state_name(s->state));
	fw_line_str(&l, " rx=");
	fw_line_u32(&l, s->rx_bytes);
	fw_line_str(&l, " tx=");
	fw_line_u32(&l, s->tx_bytes);
	fw_line_str(&l, " id=");
	fw_line_hex(&l, s->id);
	fw_line_str(&l, " addr=");
	fw_line_u32(&l, s->local_addr);
	fw_line_str(&l, "->");
	fw_line_u32(&l, s->remote_addr);
	fw_line_send(&l, m->board);
}

static const char *check_sessions(struct fw_master *m)
{
	struct amp_oacs_sessions_page page;
	struct amp_oacs_session_info s;
	struct fw_line l;
	uint32_t i;

	if (amp_oacs_sessions_page_decode(m->oacs.reply, m->oacs.len, &page) != AMP_OK)
		return "malformed reply";
	fw_line_start(&l, "oacs: LIST_SESSIONS total=");
	fw_line_u32(&l, page.total);
	fw_line_str(&l, " first=");
	fw_line_u32(&l, page.first);
	fw_line_str(&l, " count=");
	fw_line_u32(&l, page.count);
	fw_line_send(&l, m->board);
	for (i = 0; i < page.count; i++) {
		if (amp_oacs_session_decode(page.entries + i * page.entry_len, page.entry_len, &s))
			return "malformed session entry";
		say_session(m, &s);
	}
	/* Ours are echo, stream and oacs: all of them fit one page. */
	if (page.first != 0u || page.count != page.total || page.total < 3u)
		return "not every session listed";
	return NULL;
}

static const struct oacs_request requests[] = {
    {AMP_OACS_CMD_PING, "PING", check_ping},
    {AMP_OACS_CMD_GET_INFO, "GET_INFO", check_info},
    {AMP_OACS_CMD_GET_STATS, "GET_STATS", check_stats},
    {AMP_OACS_CMD_LIST_SESSIONS, "LIST_SESSIONS", check_sessions},
};

#define N_REQUESTS (sizeof(requests) / sizeof(requests[0]))

/* Runs from amp_oacs_remote_poll() (or when the session closes): keep the reply for the step. */
static void on_reply(void *ctx, int status, const struct amp_oacs_frame *reply)
{
	struct fw_oacs_client *o = &((struct fw_master *)ctx)->oacs;

	o->pending = 0;
	o->replied = 1;
	o->status = status;
	o->len = 0;
	if (reply && reply->len <= sizeof(o->reply)) {
		memcpy(o->reply, reply->payload, reply->len);
		o->len = reply->len;
	}
}

int fw_oacs_client_open(struct fw_master *m)
{
	return amp_oacs_remote_open(&m->oacs.remote, m->amp);
}

int fw_oacs_client_poll(struct fw_master *m)
{
	return amp_oacs_remote_poll(&m->oacs.remote);
}

static int send_request(struct fw_master *m, const struct oacs_request *r)
{
	uint8_t ping[FW_OACS_PING_LEN];

	if (r->cmd != AMP_OACS_CMD_PING)
		return amp_oacs_remote_request(&m->oacs.remote, r->cmd, NULL, 0, OACS_TIMEOUT_MS,
					       on_reply, m);
	ping_payload(ping);
	return amp_oacs_remote_request(&m->oacs.remote, r->cmd, ping, sizeof(ping), OACS_TIMEOUT_MS,
				       on_reply, m);
}

static enum fw_step handle_reply(struct fw_master *m, const struct oacs_request *r)
{
	struct fw_oacs_client *o = &m->oacs;
	const char *why;

	o->replied = 0;
	if (o->status == AMP_ECLOSED) {
		/* The channel went down with the request in flight: ask the next session. */
		fw_say(m->board, "oacs: request cut off by the session closing, again: ", r->name);
		return FW_STEP_WORK;
	}
	if (o->status < 0)
		why = amp_strerror(o->status);
	else if (o->status > 0)
		why = amp_oacs_status_name(o->status);
	else
		why = r->check(m);
	if (why) {
		fw_master_fail(m, r->name, why);
		return FW_STEP_IDLE;
	}
	o->step++;
	fw_master_progressed(m);
	return FW_STEP_WORK;
}

enum fw_step fw_oacs_client_step(struct fw_master *m)
{
	struct fw_oacs_client *o = &m->oacs;
	int rc;

	if (o->step >= N_REQUESTS) {
		fw_say(m->board, "oacs: pass", "");
		return FW_STEP_DONE;
	}
	if (o->replied)
		return handle_reply(m, &requests[o->step]);
	if (o->pending || !amp_oacs_remote_ready(&o->remote))
		return FW_STEP_IDLE;
	rc = send_request(m, &requests[o->step]);
	if (rc == AMP_ENOBUFS || rc == AMP_ENOSPC || rc == AMP_ENOTREADY)
		return FW_STEP_IDLE;
	if (rc < 0) {
		fw_master_fail(m, requests[o->step].name, amp_strerror(rc));
		return FW_STEP_IDLE;
	}
	o->pending = 1;
	return FW_STEP_WORK;
}

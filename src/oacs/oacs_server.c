/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS server: one request at a time is answered into s->out; while that
 * frame cannot be written out completely, nothing more is read, so a client
 * that pipelines faster than we can answer is held back by the stream's
 * flow control instead of by a queue here.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/oacs.h"
#include "../common/amp_le.h"

/* Requests answered and reads made per amp_oacs_server_poll call, at most. */
#define SERVER_BUDGET 8u

typedef int (*builtin_fn)(struct amp_oacs_server *srv, const struct amp_oacs_frame *req,
			  uint8_t *resp);

struct oacs_builtin {
	uint16_t id;
	uint16_t min_len;
	uint16_t max_len;
	builtin_fn fn;
};

static int cmd_ping(struct amp_oacs_server *srv, const struct amp_oacs_frame *req, uint8_t *resp)
{
	(void)srv;
	if (req->len)
		memcpy(resp, req->payload, req->len);
	return (int)req->len;
}

static int cmd_get_info(struct amp_oacs_server *srv, const struct amp_oacs_frame *req,
			uint8_t *resp)
{
	struct amp_oacs_info info;

	(void)req;
	memset(&info, 0, sizeof(info));
	if (srv->ops && srv->ops->get_info)
		srv->ops->get_info(srv->ops_ctx, &info);
	info.oacs_version = AMP_OACS_VERSION;
	info.oacs_payload_max = AMP_OACS_PAYLOAD_MAX;
	amp_oacs_info_encode(resp, &info);
	return AMP_OACS_INFO_LEN;
}

static int cmd_get_stats(struct amp_oacs_server *srv, const struct amp_oacs_frame *req,
			 uint8_t *resp)
{
	const struct amp_oacs_decoder_stats *d = &srv->dec.stats;
	struct amp_oacs_stats_info st;

	(void)req;
	memset(&st, 0, sizeof(st));
	if (srv->ops && srv->ops->get_stats)
		srv->ops->get_stats(srv->ops_ctx, &st);
	/* += : get_stats may have filled in what earlier servers counted */
	st.crc_errors += d->bad_crc;
	st.oacs_requests += srv->stats.requests;
	st.oacs_errors += srv->stats.errors;
	st.oacs_bad_frames += d->garbage + d->bad_hdr + d->bad_len;
	amp_oacs_stats_encode(resp, &st);
	return AMP_OACS_STATS_LEN;
}

static uint32_t session_count(const struct amp_oacs_server *srv)
{
	uint32_t n;

	if (!srv->ops || !srv->ops->session_count || !srv->ops->session_at)
		return 0;
	n = srv->ops->session_count(srv->ops_ctx);
	return n > 0xFFFFu ? 0xFFFFu : n;
}

/* Request: empty, or the u16 index of the first session wanted. */
static int cmd_list_sessions(struct amp_oacs_server *srv, const struct amp_oacs_frame *req,
			     uint8_t *resp)
{
	struct amp_oacs_session_info info;
	uint32_t total = session_count(srv);
	uint32_t first = req->len >= 2u ? amp_le_get16(req->payload) : 0u;
	uint32_t i, count = 0;

	if (req->len == 1u)
		return AMP_EMSGSIZE;
	for (i = first; i < total && count < AMP_OACS_SESSIONS_PER_PAGE; i++) {
		memset(&info, 0, sizeof(info));
		if (srv->ops->session_at(srv->ops_ctx, i, &info) != AMP_OK)
			break;
		amp_oacs_session_encode(
		    resp + AMP_OACS_SESSIONS_HDR_LEN + count * AMP_OACS_SESSION_ENTRY_LEN, &info);
		count++;
	}
	amp_le_put16(resp, (uint16_t)total);
	amp_le_put16(resp + 2, (uint16_t)first);
	resp[4] = (uint8_t)count;
	resp[5] = AMP_OACS_SESSION_ENTRY_LEN;
	amp_le_put16(resp + 6, 0);
	return (int)(AMP_OACS_SESSIONS_HDR_LEN + count * AMP_OACS_SESSION_ENTRY_LEN);
}

static const struct oacs_builtin builtins[] = {
    {AMP_OACS_CMD_PING, 0, AMP_OACS_PAYLOAD_MAX, cmd_ping},
    {AMP_OACS_CMD_GET_INFO, 0, 0, cmd_get_info},
    {AMP_OACS_CMD_GET_STATS, 0, 0, cmd_get_stats},
    {AMP_OACS_CMD_LIST_SESSIONS, 0, 2, cmd_list_sessions},
};

static const struct oacs_builtin *find_builtin(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (builtins[i].id == id)
			return &builtins[i];
	return NULL;
}

static const struct amp_oacs_command *find_command(const struct amp_oacs_server *srv, uint16_t id)
{
	uint32_t i;

	for (i = 0; i < srv->n_cmds; i++)
		if (srv->cmds[i].id == id)
			return &srv->cmds[i];
	return NULL;
}

int amp_oacs_server_init(struct amp_oacs_server *srv, const struct amp_oacs_io *io,
			 const struct amp_oacs_server_ops *ops, void *ops_ctx)
{
	if (!srv || !io || !io->read || !io->write)
		return AMP_EINVAL;
	memset(srv, 0, sizeof(*srv));
	amp_oacs_decoder_init(&srv->dec);
	srv->io = *io;
	srv->ops = ops;
	srv->ops_ctx = ops_ctx;
	return AMP_OK;
}

/* NULL, or never through amp_oacs_server_init (a zeroed server has no io). */
static int server_ready(const struct amp_oacs_server *srv)
{
	return srv && srv->io.read && srv->io.write;
}

int amp_oacs_server_register(struct amp_oacs_server *srv, const struct amp_oacs_command *cmd)
{
	if (!server_ready(srv) || !cmd || !cmd->handler || cmd->min_len > cmd->max_len ||
	    cmd->max_len > AMP_OACS_PAYLOAD_MAX)
		return AMP_EINVAL;
	if (find_builtin(cmd->id) || find_command(srv, cmd->id))
		return AMP_EEXIST;
	if (srv->n_cmds == AMP_OACS_MAX_COMMANDS)
		return AMP_ENOSPC;
	srv->cmds[srv->n_cmds++] = *cmd;
	return AMP_OK;
}

static void server_frame(struct amp_oacs_server *srv, uint8_t kind, uint16_t seq, uint16_t cmd,
			 uint16_t len)
{
	int n = amp_oacs_encode_in_place(srv->out, sizeof(srv->out), kind, seq, cmd, len);

	srv->out_len = n > 0 ? (uint32_t)n : 0u;
	srv->out_off = 0;
}

static void server_error(struct amp_oacs_server *srv, uint16_t seq, uint16_t cmd, uint16_t status)
{
	amp_le_put16(srv->out + AMP_OACS_HDR_SIZE, status);
	server_frame(srv, AMP_OACS_ERROR, seq, cmd, AMP_OACS_ERROR_LEN);
	srv->stats.errors++;
}

static uint16_t status_of(int err)
{
	switch (err) {
	case AMP_EBUSY:
		return AMP_OACS_ERR_BUSY;
	case AMP_EPERM:
		return AMP_OACS_ERR_NOT_ALLOWED;
	case AMP_EMSGSIZE:
	case AMP_ERANGE:
		return AMP_OACS_ERR_BAD_LENGTH;
	default:
		return AMP_OACS_ERR_INTERNAL;
	}
}

static void server_answer(struct amp_oacs_server *srv, const struct amp_oacs_frame *req)
{
	const struct oacs_builtin *b = find_builtin(req->cmd);
	const struct amp_oacs_command *c = b ? NULL : find_command(srv, req->cmd);
	uint8_t *resp = srv->out + AMP_OACS_HDR_SIZE;
	int rc;

	srv->stats.requests++;
	if (!b && !c) {
		server_error(srv, req->seq, req->cmd, AMP_OACS_ERR_UNKNOWN_CMD);
		return;
	}
	if (req->len < (b ? b->min_len : c->min_len) || req->len > (b ? b->max_len : c->max_len)) {
		server_error(srv, req->seq, req->cmd, AMP_OACS_ERR_BAD_LENGTH);
		return;
	}
	rc = b ? b->fn(srv, req, resp) : c->handler(c->ctx, req, resp, AMP_OACS_PAYLOAD_MAX);
	if (rc < 0)
		server_error(srv, req->seq, req->cmd, status_of(rc));
	else if (rc > (int)AMP_OACS_PAYLOAD_MAX)
		server_error(srv, req->seq, req->cmd, AMP_OACS_ERR_INTERNAL);
	else
		server_frame(srv, AMP_OACS_RESPONSE, req->seq, req->cmd, (uint16_t)rc);
}

/* Write out what is pending: 0 (maybe with bytes left) or an I/O error. */
static int server_flush(struct amp_oacs_server *srv)
{
	while (srv->out_off < srv->out_len) {
		int rc = srv->io.write(srv->io.ctx, srv->out + srv->out_off,
				       srv->out_len - srv->out_off);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return AMP_OK;
		srv->out_off += (uint32_t)rc;
	}
	srv->out_len = srv->out_off = 0;
	return AMP_OK;
}

/* One decoder result: 1 if it was answered, 0 otherwise. */
static int server_handle(struct amp_oacs_server *srv, int res, const struct amp_oacs_frame *f)
{
	if (f->kind != AMP_OACS_REQUEST) {
		srv->stats.ignored++;
		return 0;
	}
	if (res == AMP_OACS_DEC_FRAME) {
		server_answer(srv, f);
	} else {
		/* the header was good, so we know whom to tell */
		srv->stats.requests++;
		server_error(srv, f->seq, f->cmd,
			     f->len > AMP_OACS_PAYLOAD_MAX ? AMP_OACS_ERR_BAD_LENGTH
							   : AMP_OACS_ERR_BAD_CRC);
	}
	return 1;
}

int amp_oacs_server_poll(struct amp_oacs_server *srv)
{
	struct amp_oacs_frame f;
	uint32_t answered = 0, reads = 0;

	/* a zeroed server gets AMP_EINVAL from amp_oacs_decoder_read (no io.read) */
	if (!srv)
		return AMP_EINVAL;
	for (;;) {
		int rc = server_flush(srv);
		int res;

		if (rc < 0)
			return rc;
		if (srv->out_len || answered == SERVER_BUDGET)
			break;
		res = amp_oacs_decoder_next(&srv->dec, &f);
		if (res != AMP_OACS_DEC_NEED_MORE) {
			answered += (uint32_t)server_handle(srv, res, &f);
			continue;
		}
		if (reads++ == SERVER_BUDGET)
			break;
		rc = amp_oacs_decoder_read(&srv->dec, &srv->io);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
	}
	return (int)answered;
}

int amp_oacs_server_send_event(struct amp_oacs_server *srv, uint16_t cmd, const void *payload,
			       uint16_t len)
{
	int rc;

	if (!server_ready(srv) || (len && !payload))
		return AMP_EINVAL;
	if (len > AMP_OACS_PAYLOAD_MAX)
		return AMP_EMSGSIZE;
	rc = server_flush(srv);
	if (rc < 0)
		return rc;
	if (srv->out_len)
		return AMP_EBUSY;
	if (len)
		memcpy(srv->out + AMP_OACS_HDR_SIZE, payload, len);
	server_frame(srv, AMP_OACS_EVENT, srv->event_seq++, cmd, len);
	srv->stats.events++;
	return server_flush(srv);
}

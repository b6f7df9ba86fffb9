/* SPDX-License-Identifier: BSD-3-Clause */
/* OACS on a session stream: the server a slave runs, the client a master runs. */
#include <string.h>

#include "amp/errors.h"
#include "amp/oacs_service.h"

static uint32_t port_now(const struct amp *amp)
{
	const struct amp_port *p = amp->link.port;

	return p->ops->now_ms(p->ctx);
}

static void fill_info(void *ctx, struct amp_oacs_info *out)
{
	const struct amp_oacs_service *svc = ctx;
	size_t n = strlen(svc->board);

	out->role = (uint8_t)svc->amp->link.role;
	out->lib_major = AMP_VERSION_MAJOR;
	out->lib_minor = AMP_VERSION_MINOR;
	out->lib_patch = AMP_VERSION_PATCH;
	out->rpmsg_buf_size = AMP_CFG_BUF_SIZE;
	out->rpmsg_payload_max = (uint16_t)AMP_RPMSG_PAYLOAD_MAX;
	out->vring_num = AMP_CFG_VRING_NUM;
	out->max_endpoints = AMP_CFG_MAX_EPT;
	out->uptime_ms = port_now(svc->amp) - svc->t_start;
	out->stream_rx_size = sizeof(svc->rx);
	out->stream_tx_size = sizeof(svc->tx);
	memset(out->board, 0, sizeof(out->board));
	memcpy(out->board, svc->board, n < sizeof(out->board) ? n : sizeof(out->board));
}

static void fill_stats(void *ctx, struct amp_oacs_stats_info *out)
{
	const struct amp_oacs_service *svc = ctx;
	const struct amp_rpmsg_stats *r = &svc->amp->link.rpmsg.stats;
	const struct amp_session_stats *ss = &svc->amp->sess.stats;

	out->tx_msgs = r->tx_msgs;
	out->rx_msgs = r->rx_msgs;
	out->tx_bytes = r->tx_bytes;
	out->rx_bytes = r->rx_bytes;
	out->drops = r->rx_dropped + r->bad_hdr + r->bad_ns;
	out->crc_errors = svc->past_crc_errors;
	out->oacs_requests = svc->past_requests;
	out->oacs_errors = svc->past_errors;
	out->oacs_bad_frames = svc->past_bad_frames;
	out->reconnects = ss->reconnects;
	out->missed_heartbeats = ss->missed_heartbeats;
}

_Static_assert(AMP_OACS_SESSION_NAME_LEN == AMP_SESSION_NAME_SIZE,
	       "oacs: a session name is copied whole");

static const struct amp_session *nth_session(const struct amp_sessions *m, uint32_t index)
{
	uint32_t i;

	for (i = 0; i < (uint32_t)AMP_CFG_MAX_SESSIONS; i++)
		if (m->s[i].state != AMP_SS_FREE && index-- == 0)
			return &m->s[i];
	return NULL;
}

static uint32_t session_count(void *ctx)
{
	const struct amp_oacs_service *svc = ctx;
	uint32_t n = 0, i;

	for (i = 0; i < (uint32_t)AMP_CFG_MAX_SESSIONS; i++)
		n += svc->amp->sess.s[i].state != AMP_SS_FREE;
	return n;
}

static int session_at(void *ctx, uint32_t index, struct amp_oacs_session_info *out)
{
	const struct amp_oacs_service *svc = ctx;
	const struct amp_session *s = nth_session(&svc->amp->sess, index);

	if (!s)
		return AMP_ENOENT;
	out->id = (uint32_t)amp_session_id(s);
	out->local_addr = s->ept ? s->ept->addr : 0;
	out->remote_addr = s->peer_addr;
	out->rx_bytes = s->rx_bytes;
	out->tx_bytes = s->tx_bytes;
	out->state = s->state;
	memcpy(out->name, s->name, sizeof(out->name));
	return AMP_OK;
}

static const struct amp_oacs_server_ops service_ops = {
    .get_info = fill_info,
    .get_stats = fill_stats,
    .session_count = session_count,
    .session_at = session_at,
};

/* The server is initialised afresh for each session: keep what it counted. */
static void keep_server_counts(struct amp_oacs_service *svc)
{
	const struct amp_oacs_decoder_stats *d = &svc->srv.dec.stats;

	svc->past_requests += svc->srv.stats.requests;
	svc->past_errors += svc->srv.stats.errors;
	svc->past_bad_frames += d->garbage + d->bad_hdr + d->bad_len;
	svc->past_crc_errors += d->bad_crc;
}

static void service_event(struct amp_session_stream *ss, int open, enum amp_close_reason why,
			  void *priv)
{
	struct amp_oacs_service *svc = priv;
	uint32_t i;

	(void)why;
	(void)ss;
	if (svc->srv_up)
		keep_server_counts(svc);
	svc->srv_up = 0;
	if (!open)
		return;
	/* A fresh server per session: nothing half-parsed or half-sent carries over. */
	if (amp_oacs_server_init(&svc->srv, &svc->io, &service_ops, svc) != AMP_OK)
		return;
	for (i = 0; i < svc->n_cmds; i++)
		(void)amp_oacs_server_register(&svc->srv, &svc->cmds[i]);
	svc->srv_up = 1;
}

static struct amp_stream_config ring_config(uint8_t *rx, uint32_t rx_size, uint8_t *tx,
					    uint32_t tx_size)
{
	struct amp_stream_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_storage = rx;
	cfg.rx_size = rx_size;
	cfg.tx_storage = tx;
	cfg.tx_size = tx_size;
	return cfg;
}

/* An amp that went through amp_init(): its clock and its session manager are there. */
static int amp_initialised(const struct amp *amp)
{
	return amp->link.port && amp->sess.link;
}

/* At most AMP_OACS_BOARD_LEN characters (GET_INFO carries no more). */
static int board_ok(const char *board)
{
	uint32_t n;

	for (n = 0; n <= AMP_OACS_BOARD_LEN; n++)
		if (!board[n])
			return 1;
	return 0;
}

static int oacs_listener_exists(const struct amp_sessions *m)
{
	uint32_t i;

	for (i = 0; i < (uint32_t)AMP_CFG_MAX_LISTEN; i++)
		if (m->listen[i].ops &&
		    !strncmp(m->listen[i].name, AMP_OACS_SESSION_NAME, AMP_SESSION_NAME_SIZE))
			return 1;
	return 0;
}

int amp_oacs_service_start(struct amp_oacs_service *svc, struct amp *amp, const char *board)
{
	struct amp_stream_config cfg;

	if (!svc || !amp || !board || !amp_initialised(amp) || !board_ok(board))
		return AMP_EINVAL;
	/* Before the memset: a second start must not wipe the service already listening. */
	if (oacs_listener_exists(&amp->sess))
		return AMP_EEXIST;
	memset(svc, 0, sizeof(*svc));
	svc->amp = amp;
	svc->board = board;
	svc->t_start = port_now(amp);
	amp_oacs_io_stream(&svc->io, &svc->ss.stream);
	/* The server checks registrations even before the first session. */
	(void)amp_oacs_server_init(&svc->srv, &svc->io, &service_ops, svc);
	cfg = ring_config(svc->rx, sizeof(svc->rx), svc->tx, sizeof(svc->tx));
	return amp_sstream_listen(&svc->ss, amp_sessions(amp), AMP_OACS_SESSION_NAME, &cfg,
				  service_event, svc);
}

int amp_oacs_service_register(struct amp_oacs_service *svc, const struct amp_oacs_command *cmd)
{
	int err;

	if (!svc || !svc->amp)
		return AMP_EINVAL;
	err = amp_oacs_server_register(&svc->srv, cmd);
	if (err)
		return err;
	/* The server's table holds svc->cmds in the same order, then this one. */
	svc->n_cmds = svc->srv.n_cmds;
	svc->cmds[svc->n_cmds - 1u] = *cmd;
	return AMP_OK;
}

int amp_oacs_service_poll(struct amp_oacs_service *svc)
{
	int n;

	if (!svc || !svc->srv_up)
		return 0;
	amp_stream_poll(&svc->ss.stream);
	n = amp_oacs_server_poll(&svc->srv);
	amp_stream_poll(&svc->ss.stream);
	return n;
}

/* ---- client ---------------------------------------------------------------- */

static void remote_event(struct amp_session_stream *ss, int open, enum amp_close_reason why,
			 void *priv)
{
	struct amp_oacs_remote *rc = priv;

	(void)why;
	if (!open) {
		if (rc->client_up)
			amp_oacs_client_abort(&rc->client, AMP_ECLOSED);
		rc->client_up = 0;
		rc->closed = 1;
		return;
	}
	amp_oacs_io_stream(&rc->io, &ss->stream);
	rc->client_up = amp_oacs_client_init(&rc->client, &rc->io) == AMP_OK;
}

int amp_oacs_remote_open(struct amp_oacs_remote *rc, struct amp *amp)
{
	struct amp_stream_config cfg;

	if (!rc || !amp || !amp_initialised(amp))
		return AMP_EINVAL;
	if (rc->ss.session)
		return AMP_EBUSY;
	memset(rc, 0, sizeof(*rc));
	rc->amp = amp;
	cfg = ring_config(rc->rx, sizeof(rc->rx), rc->tx, sizeof(rc->tx));
	return amp_sstream_open(&rc->ss, amp_sessions(amp), AMP_OACS_SESSION_NAME, &cfg,
				remote_event, rc);
}

int amp_oacs_remote_ready(const struct amp_oacs_remote *rc)
{
	return rc && rc->client_up;
}

int amp_oacs_remote_closed(const struct amp_oacs_remote *rc)
{
	return rc && rc->closed;
}

int amp_oacs_remote_poll(struct amp_oacs_remote *rc)
{
	int n;

	if (!rc || !rc->client_up)
		return 0;
	amp_stream_poll(&rc->ss.stream);
	n = amp_oacs_client_poll(&rc->client, port_now(rc->amp));
	amp_stream_poll(&rc->ss.stream);
	return n;
}

int amp_oacs_remote_request(struct amp_oacs_remote *rc, uint16_t cmd, const void *payload,
			    uint16_t len, uint32_t timeout_ms, amp_oacs_reply_cb cb, void *ctx)
{
	/* The argument errors first, whatever the session's state. */
	if (!rc || !cb || (len && !payload))
		return AMP_EINVAL;
	if (!rc->client_up)
		return rc->closed ? AMP_ECLOSED : AMP_ENOTREADY;
	return amp_oacs_client_request(&rc->client, cmd, payload, len, port_now(rc->amp),
				       timeout_ms, cb, ctx);
}

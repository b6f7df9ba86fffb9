/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session "echo". Master: N messages, one at a time, each checked byte
 * for byte; a message whose echo was lost with the channel goes again on
 * the next session. Slave: every message goes straight back; one that finds
 * no free buffer waits in a one-message backlog.
 */
#include <string.h>

#include "fw_internal.h"

#define ECHO_NAME "echo"

/* ---- master ------------------------------------------------------------- */

uint32_t fw_echo_len(uint32_t i, uint32_t max)
{
	if (i == 0u)
		return 1u;
	if (i == 1u)
		return max;
	return 1u + (i * 97u) % max;
}

void fw_echo_fill(uint32_t i, uint8_t *buf, uint32_t len)
{
	uint32_t x = (i + 1u) * 2654435761u;
	uint32_t k;

	for (k = 0; k < len; k++) {
		x = x * 1664525u + 1013904223u;
		buf[k] = (uint8_t)(x >> 24);
	}
}

/* cppcheck-suppress constParameter ; the signature is amp_session_ops::data */
static void client_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct fw_master *m = priv;
	struct fw_echo_client *e = &m->echo;

	if (s != e->session || !e->outstanding || len != e->len || memcmp(data, e->msg, len) != 0) {
		e->bad = 1;
		return;
	}
	e->outstanding = 0;
	e->bytes += e->len;
	e->len = 0;
	e->next++;
	fw_master_progressed(m);
}

/* cppcheck-suppress constParameter ; the signature is amp_session_ops::closed */
static void client_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct fw_master *m = priv;
	struct fw_echo_client *e = &m->echo;

	if (s != e->session)
		return;
	e->session = NULL;
	/* The message in flight (if any) is sent again, as it is, on the next session. */
	e->outstanding = 0;
	fw_say_closed(m->board, ECHO_NAME, why);
	if (e->next < m->cfg.echo_messages) {
		struct fw_line l;

		fw_line_start(&l, "echo: ");
		fw_line_u32(&l, e->next);
		fw_line_str(&l, " checked so far; the next session goes on from there");
		fw_line_send(&l, m->board);
	}
}

static const struct amp_session_ops client_ops = {
    .opened = NULL,
    .data = client_rx,
    .closed = client_closed,
};

int fw_echo_client_open(struct fw_master *m)
{
	return amp_session_open(amp_sessions(m->amp), ECHO_NAME, &client_ops, m, &m->echo.session);
}

static enum fw_step echo_done(struct fw_master *m)
{
	struct fw_line l;

	fw_line_start(&l, "echo: ");
	fw_line_u32(&l, m->echo.next);
	fw_line_str(&l, "/");
	fw_line_u32(&l, m->cfg.echo_messages);
	fw_line_str(&l, " messages, ");
	fw_line_u32(&l, m->echo.bytes);
	fw_line_str(&l, " bytes, all checked");
	fw_line_send(&l, m->board);
	fw_say(m->board, "echo: pass", "");
	return FW_STEP_DONE;
}

enum fw_step fw_echo_client_step(struct fw_master *m)
{
	struct fw_echo_client *e = &m->echo;
	int err;

	if (e->bad) {
		fw_master_fail(m, "echo", "reply does not match the message");
		return FW_STEP_IDLE;
	}
	if (e->next >= m->cfg.echo_messages)
		return echo_done(m);
	if (e->outstanding || !amp_session_is_established(e->session))
		return FW_STEP_IDLE;
	if (!e->len) {
		e->len = fw_echo_len(e->next, AMP_SESSION_PAYLOAD_MAX);
		fw_echo_fill(e->next, e->msg, e->len);
	}
	err = amp_session_send(e->session, e->msg, e->len);
	if (err == AMP_ENOBUFS)
		return FW_STEP_IDLE;
	if (err) {
		fw_master_fail(m, "echo send", amp_strerror(err));
		return FW_STEP_IDLE;
	}
	e->outstanding = 1;
	return FW_STEP_WORK;
}

/* ---- slave -------------------------------------------------------------- */

static void server_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct fw_slave *sl = priv;
	struct fw_echo_server *e = &sl->echo;

	e->received++;
	if (!e->backlog_session && amp_session_send(s, data, len) == AMP_OK)
		return;
	if (e->backlog_session || len > sizeof(e->backlog)) {
		e->lost++;
		return;
	}
	memcpy(e->backlog, data, len);
	e->backlog_len = (uint32_t)len;
	e->backlog_session = s;
}

/* cppcheck-suppress constParameter ; the signature is amp_session_ops::closed */
static void server_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct fw_slave *sl = priv;

	/* An echo still waiting belongs to a session that is gone. */
	if (sl->echo.backlog_session == s)
		sl->echo.backlog_session = NULL;
	fw_say_closed(sl->board, ECHO_NAME, why);
}

static const struct amp_session_ops server_ops = {
    .opened = NULL,
    .data = server_rx,
    .closed = server_closed,
};

int fw_echo_server_init(struct fw_slave *s)
{
	return amp_session_listen(amp_sessions(s->amp), ECHO_NAME, &server_ops, s);
}

int fw_echo_server_step(struct fw_slave *s)
{
	struct fw_echo_server *e = &s->echo;
	int err;

	if (!e->backlog_session)
		return 0;
	err = amp_session_send(e->backlog_session, e->backlog, e->backlog_len);
	if (err == AMP_ENOBUFS)
		return 0;
	if (err)
		e->lost++;
	e->backlog_session = NULL;
	return 1;
}

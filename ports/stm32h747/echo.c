/* SPDX-License-Identifier: BSD-3-Clause */
/* The echo application of the STM32H747 images (see h7_echo.h). */
#include "h7_echo.h"

#include <string.h>

#include "h7_board.h"

static uint32_t next_rand(uint32_t *s)
{
	/* xorshift32: deterministic, so a failing run can be replayed. */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static const char *prefix(const struct h7_echo *e)
{
	return e->role == AMP_ROLE_MASTER ? "m: " : "s: ";
}

static void report(const struct h7_echo *e, const char *what)
{
	struct h7_line l;

	h7_line_start(&l, prefix(e));
	h7_line_str(&l, what);
	h7_line_str(&l, " sent=");
	h7_line_u32(&l, e->sent);
	h7_line_str(&l, " received=");
	h7_line_u32(&l, e->received);
	h7_line_str(&l, " errors=");
	h7_line_u32(&l, e->errors);
	h7_line_str(&l, " timeouts=");
	h7_line_u32(&l, e->timeouts);
	h7_line_str(&l, " lost=");
	h7_line_u32(&l, e->lost);
	h7_line_send(&l);
}

static void master_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct h7_echo *e = priv;

	(void)s;
	if (!e->outstanding || len != e->len || memcmp(data, e->data, len) != 0)
		e->errors++;
	else
		e->received++;
	e->outstanding = 0;
	e->len = 0;
}

static void master_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct h7_echo *e = priv;
	struct h7_line l;

	(void)s;
	e->session = NULL;
	e->outstanding = 0;
	h7_line_start(&l, "m: echo session closed: ");
	h7_line_str(&l, amp_close_reason_name(why));
	h7_line_send(&l);
}

static void slave_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct h7_echo *e = priv;

	e->received++;
	if (!e->backlog && amp_session_send(s, data, len) == AMP_OK) {
		e->sent++;
		return;
	}
	if (e->backlog || len > sizeof(e->data)) {
		e->lost++;
		return;
	}
	memcpy(e->data, data, len);
	e->len = (uint32_t)len;
	e->backlog = 1;
	e->session = s;
}

/* cppcheck-suppress constParameter ; the signature is fixed by struct amp_session_ops */
static void slave_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct h7_echo *e = priv;

	(void)why;
	if (e->session == s) {
		e->session = NULL;
		e->backlog = 0;
	}
}

static const struct amp_session_ops master_ops = {
    .opened = NULL,
    .data = master_rx,
    .closed = master_closed,
};

static const struct amp_session_ops slave_ops = {
    .opened = NULL,
    .data = slave_rx,
    .closed = slave_closed,
};

void h7_echo_init(struct h7_echo *e, struct amp *amp, enum amp_role role, uint32_t target)
{
	memset(e, 0, sizeof(*e));
	e->amp = amp;
	e->role = role;
	e->target = target;
	e->rng = 0x12345678u;
	if (role == AMP_ROLE_SLAVE)
		(void)amp_session_listen(amp_sessions(amp), "echo", &slave_ops, e);
}

static int link_watch(struct h7_echo *e)
{
	uint8_t ready = (uint8_t)(amp_is_ready(e->amp) != 0);

	if (ready == e->was_ready)
		return ready;
	e->was_ready = ready;
	report(e, ready ? "link up:" : "link down:");
	/* Whatever was in flight went down with the link. */
	e->outstanding = 0;
	e->backlog = 0;
	return ready;
}

static int master_open(struct h7_echo *e)
{
	int err;

	if (e->session)
		return 0;
	err = amp_session_open(amp_sessions(e->amp), "echo", &master_ops, e, &e->session);
	if (err) {
		e->session = NULL;
		e->errors++;
		return 0;
	}
	e->opens++;
	return 1;
}

static int master_step(struct h7_echo *e)
{
	int err;

	if (e->sent >= e->target) {
		if (!e->outstanding && !e->reported) {
			e->reported = 1;
			report(e, e->received == e->target ? "echo done, all ok:"
							   : "echo done, FAILED:");
		}
		if (!e->outstanding)
			return 0;
	}
	if (!e->session)
		return master_open(e);
	if (!amp_session_is_established(e->session))
		return 0;
	if (e->outstanding) {
		if (h7_millis() - e->sent_at < H7_ECHO_TIMEOUT_MS)
			return 0;
		e->timeouts++;
		e->outstanding = 0;
		e->len = 0;
	}
	if (e->sent >= e->target)
		return 0;
	if (!e->len) {
		uint32_t i;

		e->len = 1u + next_rand(&e->rng) % AMP_RPMSG_PAYLOAD_MAX;
		for (i = 0; i < e->len; i++)
			e->data[i] = (uint8_t)next_rand(&e->rng);
	}
	err = amp_session_send(e->session, e->data, e->len);
	if (err == AMP_ENOBUFS || err == AMP_ENOTREADY)
		return 0;
	if (err) {
		e->errors++;
		e->len = 0;
		return 0;
	}
	e->sent++;
	e->outstanding = 1;
	e->sent_at = h7_millis();
	return 1;
}

static int slave_step(struct h7_echo *e)
{
	int work = 0;

	if (e->backlog && e->session && amp_session_send(e->session, e->data, e->len) == AMP_OK) {
		e->backlog = 0;
		e->sent++;
		work = 1;
	}
	if (e->sent - e->last_report >= 100u) {
		e->last_report = e->sent;
		report(e, "echo:");
	}
	return work;
}

int h7_echo_step(struct h7_echo *e)
{
	if (!link_watch(e))
		return 0;
	return e->role == AMP_ROLE_MASTER ? master_step(e) : slave_step(e);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master's run: the phases in order (fw.h), the sessions opened for
 * each life of the channel, and a watchdog that fails the run when a phase
 * stops making progress.
 */
#include <string.h>

#include "fw_internal.h"

static const char *const phase_names[] = {"link", "echo", "stream", "oacs", "done"};

uint32_t fw_now(const struct fw_board *b)
{
	return b->now_ms(b->ctx);
}

void fw_master_progressed(struct fw_master *m)
{
	m->t_progress = fw_now(m->board);
}

void fw_master_fail(struct fw_master *m, const char *what, const char *why)
{
	struct fw_line l;

	if (m->result != FW_RUNNING)
		return;
	m->result = FW_FAILED;
	fw_line_start(&l, "master: FAIL: ");
	fw_line_str(&l, what);
	if (why) {
		fw_line_str(&l, ": ");
		fw_line_str(&l, why);
	}
	fw_line_send(&l, m->board);
}

/* The session layer's word on the default session: up, or down and why. */
static void on_default(struct amp_sessions *sm, int up, enum amp_close_reason why, void *priv)
{
	struct fw_master *m = priv;

	(void)sm;
	m->link_up = (uint8_t)(up != 0);
	/* Going down (and coming back) is recovery at work, not a stall. */
	fw_master_progressed(m);
	if (up) {
		fw_say(m->board, "link: up", "");
		return;
	}
	/* Every session closed with the channel: open them again when it is back. */
	m->sessions_opened = 0;
	fw_say(m->board, "link: down: ", amp_close_reason_name(why));
}

static void open_sessions(struct fw_master *m)
{
	int err = fw_echo_client_open(m);

	if (!err)
		err = fw_stream_client_open(m);
	if (!err)
		err = fw_oacs_client_open(m);
	m->sessions_opened = 1;
	if (err)
		fw_master_fail(m, "open sessions", amp_strerror(err));
}

static void say_count(const struct fw_master *m, const char *a, uint32_t n, const char *b)
{
	struct fw_line l;

	fw_line_start(&l, a);
	fw_line_u32(&l, n);
	fw_line_str(&l, b);
	fw_line_send(&l, m->board);
}

static void say_link_stats(const struct fw_master *m)
{
	const struct amp_link_stats *ls = &m->amp->link.stats;
	struct fw_line l;

	fw_line_start(&l, "link: reinits=");
	fw_line_u32(&l, ls->reinits);
	fw_line_str(&l, " peer_resets=");
	fw_line_u32(&l, ls->peer_resets);
	fw_line_str(&l, " reconnects=");
	fw_line_u32(&l, m->amp->sess.stats.reconnects);
	fw_line_str(&l, " ack_timeouts=");
	fw_line_u32(&l, ls->ack_timeouts);
	fw_line_send(&l, m->board);
}

static void enter_phase(struct fw_master *m, enum fw_phase phase)
{
	m->phase = phase;
	fw_master_progressed(m);
	switch (phase) {
	case FW_PHASE_LINK:
		break;
	case FW_PHASE_ECHO:
		say_count(m, "echo: ", m->cfg.echo_messages, " messages");
		break;
	case FW_PHASE_STREAM:
		say_count(m, "stream: ", m->cfg.stream_bytes, " bytes");
		break;
	case FW_PHASE_OACS:
		fw_say(m->board, "oacs: PING, GET_INFO, GET_STATS, LIST_SESSIONS", "");
		break;
	case FW_PHASE_DONE:
		say_link_stats(m);
		fw_say(m->board, "master: pass", "");
		m->result = FW_PASSED;
		break;
	}
}

/* The current phase's step; moves on when it is complete. */
static int run_phase(struct fw_master *m)
{
	enum fw_step st = FW_STEP_IDLE;

	switch (m->phase) {
	case FW_PHASE_LINK:
		st = m->link_up ? FW_STEP_DONE : FW_STEP_IDLE;
		break;
	case FW_PHASE_ECHO:
		st = fw_echo_client_step(m);
		break;
	case FW_PHASE_STREAM:
		st = fw_stream_client_step(m);
		break;
	case FW_PHASE_OACS:
		st = fw_oacs_client_step(m);
		break;
	case FW_PHASE_DONE:
		return 0;
	}
	if (st == FW_STEP_DONE && m->result == FW_RUNNING) {
		enter_phase(m, (enum fw_phase)(m->phase + 1));
		return 1;
	}
	return st == FW_STEP_WORK;
}

void fw_master_init(struct fw_master *m, struct amp *amp, const struct fw_board *board,
		    const struct fw_master_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->amp = amp;
	m->board = board;
	m->cfg = *cfg;
	m->phase = FW_PHASE_LINK;
	m->result = FW_RUNNING;
	m->t_progress = fw_now(board);
	amp_sessions_on_default(amp_sessions(amp), on_default, m);
}

int fw_master_step(struct fw_master *m)
{
	int work = 0;

	if (m->result != FW_RUNNING)
		return 0;
	if (m->link_up && !m->sessions_opened) {
		open_sessions(m);
		work = 1;
	}
	if (fw_oacs_client_poll(m) > 0)
		work = 1;
	work |= run_phase(m);
	if (m->result == FW_RUNNING && fw_now(m->board) - m->t_progress >= m->cfg.stall_ms)
		fw_master_fail(m, "no progress in phase", phase_names[m->phase]);
	return work;
}

enum fw_result fw_master_result(const struct fw_master *m)
{
	return m->result;
}

void fw_master_progress(const struct fw_master *m, struct fw_progress *out)
{
	out->echo_messages = m->echo.next;
	out->stream_bytes = m->stream.checked;
	out->oacs_replies = m->oacs.step;
}

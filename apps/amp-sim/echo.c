/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The echo application, on a session named "echo": the master opens it and
 * sends messages of pseudo-random length (1..496) and content, one at a time;
 * the slave accepts it and sends each message back; the master checks every
 * byte.
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

static void say_closed(int verbose, const char *who, enum amp_close_reason why)
{
	if (verbose)
		printf("       app: %s: session \"echo\" closed (%s)\n", who,
		       amp_close_reason_name(why));
}

static uint32_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

void sim_echo_master_init(struct sim_echo_master *m, uint64_t seed, uint32_t messages)
{
	int verbose = m->verbose;

	memset(m, 0, sizeof(*m));
	m->verbose = verbose;
	m->rng = seed * 0x9E3779B97F4A7C15ull + 1u;
	m->target = messages;
}

static void master_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct sim_echo_master *m = priv;

	(void)s;
	if (!m->outstanding) {
		m->errors++;
		return;
	}
	if (len != m->expect_len || memcmp(data, m->expect, len) != 0)
		m->errors++;
	m->received++;
	m->bytes += len;
	m->outstanding = 0;
	m->expect_len = 0;
}

/* The signature is struct amp_session_ops::closed's. */
// cppcheck-suppress constParameter
static void master_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct sim_echo_master *m = priv;

	if (s)
		say_closed(m->verbose, "master", why);
	/* The message in flight died with the session: send it again on the next one. */
	m->session = NULL;
	if (m->outstanding) {
		m->outstanding = 0;
		m->sent--;
	}
}

void sim_echo_master_crashed(struct sim_echo_master *m)
{
	master_closed(NULL, AMP_CLOSE_LOCAL, m);
}

static const struct amp_session_ops master_ops = {
    .opened = NULL,
    .data = master_rx,
    .closed = master_closed,
};

void sim_echo_master_attach(struct sim_echo_master *m, struct amp *amp)
{
	m->session = NULL;
	(void)amp;
}

int sim_echo_master_tick(struct sim_echo_master *m, struct amp *amp)
{
	int err;

	if (!amp_is_ready(amp))
		return 0;
	if (!m->session) {
		amp_session_open(amp_sessions(amp), "echo", &master_ops, m, &m->session);
		return 1;
	}
	if (m->outstanding || m->sent >= m->target || !amp_session_is_established(m->session))
		return 0;
	if (!m->expect_len) {
		uint32_t i;

		m->expect_len = (uint16_t)(1u + next_rand(&m->rng) % AMP_SESSION_PAYLOAD_MAX);
		for (i = 0; i < m->expect_len; i++)
			m->expect[i] = (uint8_t)next_rand(&m->rng);
	}
	err = amp_session_send(m->session, m->expect, m->expect_len);
	if (err == AMP_ENOBUFS || err == AMP_ENOTREADY)
		return 0;
	if (err) {
		m->errors++;
		return 0;
	}
	m->sent++;
	m->outstanding = 1;
	return 1;
}

int sim_echo_master_done(const struct sim_echo_master *m)
{
	return m->received >= m->target;
}

void sim_echo_slave_init(struct sim_echo_slave *s)
{
	int verbose = s->verbose;

	memset(s, 0, sizeof(*s));
	s->verbose = verbose;
}

static void slave_rx(struct amp_session *ss, const void *data, size_t len, void *priv)
{
	struct sim_echo_slave *s = priv;
	uint32_t slot;

	if (s->head - s->tail >= SIM_ECHO_QUEUE) {
		s->overflows++;
		return;
	}
	slot = s->head % SIM_ECHO_QUEUE;
	memcpy(s->data[slot], data, len);
	s->len[slot] = (uint16_t)len;
	s->head++;
	/* Echo at once (the seed's s.recv, s.send order) unless older ones wait. */
	s->session = ss;
	if (s->head - s->tail == 1u && amp_session_send(ss, s->data[slot], len) == AMP_OK)
		s->tail++;
}

static void slave_closed(struct amp_session *ss, enum amp_close_reason why, void *priv)
{
	struct sim_echo_slave *s = priv;

	(void)ss;
	say_closed(s->verbose, "slave", why);
	/* What was not echoed yet belongs to a session that is gone. */
	s->session = NULL;
	s->tail = s->head;
}

static void slave_opened(struct amp_session *ss, void *priv)
{
	struct sim_echo_slave *s = priv;

	s->session = ss;
}

static const struct amp_session_ops slave_ops = {
    .opened = slave_opened,
    .data = slave_rx,
    .closed = slave_closed,
};

void sim_echo_slave_attach(struct sim_echo_slave *s, struct amp *amp)
{
	amp_session_listen(amp_sessions(amp), "echo", &slave_ops, s);
}

int sim_echo_slave_tick(struct sim_echo_slave *s, struct amp *amp)
{
	int sent = 0;

	(void)amp;
	while (s->session && s->tail != s->head) {
		uint32_t slot = s->tail % SIM_ECHO_QUEUE;

		if (amp_session_send(s->session, s->data[slot], s->len[slot]) != AMP_OK)
			break;
		s->tail++;
		sent = 1;
	}
	return sent;
}

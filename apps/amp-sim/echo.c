/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The echo application: the master sends messages of pseudo-random length
 * (1..496) and content, one at a time; the slave sends each back; the master
 * checks every byte.
 */
#include <string.h>

#include "sim.h"

static uint32_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

void sim_echo_master_init(struct sim_echo_master *m, uint64_t seed, uint32_t messages)
{
	memset(m, 0, sizeof(*m));
	m->rng = seed * 0x9E3779B97F4A7C15ull + 1u;
	m->target = messages;
}

static int master_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_echo_master *m = priv;

	(void)ept;
	(void)src;
	if (!m->outstanding) {
		m->errors++;
		return 0;
	}
	if (len != m->expect_len || memcmp(data, m->expect, len) != 0)
		m->errors++;
	m->received++;
	m->bytes += len;
	m->outstanding = 0;
	m->expect_len = 0;
	return 0;
}

void sim_echo_master_attach(struct sim_echo_master *m, struct amp *amp)
{
	amp_link_set_default_cb(&amp->link, master_rx, m);
}

int sim_echo_master_tick(struct sim_echo_master *m, struct amp *amp)
{
	uint32_t i;
	int err;

	if (m->outstanding || m->sent >= m->target || !amp_is_ready(amp))
		return 0;
	if (!m->expect_len) {
		m->expect_len = (uint16_t)(1u + next_rand(&m->rng) % AMP_RPMSG_PAYLOAD_MAX);
		for (i = 0; i < m->expect_len; i++)
			m->expect[i] = (uint8_t)next_rand(&m->rng);
	}
	err = amp_rpmsg_try_send(amp_default_ept(amp), m->expect, m->expect_len);
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
	memset(s, 0, sizeof(*s));
}

static int slave_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_echo_slave *s = priv;
	uint32_t slot;

	(void)ept;
	(void)src;
	if (s->head - s->tail >= SIM_ECHO_QUEUE) {
		s->overflows++;
		return 0;
	}
	slot = s->head % SIM_ECHO_QUEUE;
	memcpy(s->data[slot], data, len);
	s->len[slot] = (uint16_t)len;
	s->head++;
	/* Echo at once (the seed's s.recv, s.send order) unless older ones wait. */
	if (s->head - s->tail == 1u && amp_rpmsg_try_send(ept, s->data[slot], len) == AMP_OK)
		s->tail++;
	return 0;
}

void sim_echo_slave_attach(struct sim_echo_slave *s, struct amp *amp)
{
	amp_link_set_default_cb(&amp->link, slave_rx, s);
}

int sim_echo_slave_tick(struct sim_echo_slave *s, struct amp *amp)
{
	struct amp_ept *ept = amp_default_ept(amp);
	int sent = 0;

	while (ept && s->tail != s->head) {
		uint32_t slot = s->tail % SIM_ECHO_QUEUE;

		if (amp_rpmsg_try_send(ept, s->data[slot], s->len[slot]) != AMP_OK)
			break;
		s->tail++;
		sent = 1;
	}
	return sent;
}

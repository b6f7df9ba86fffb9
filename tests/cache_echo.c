/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "amp_lockstep.h"
#include "cache_echo.h"

/* Give up when no message came back for this many steps (50 virtual seconds). */
#define STALL_STEPS 200000u
#define BOOT_STEPS  64u

struct master_app {
	struct amp_session *session;
	uint64_t rng;
	uint8_t expect[AMP_SESSION_PAYLOAD_MAX];
	uint16_t expect_len; /* 0: no message prepared */
	uint8_t outstanding;
	struct cache_echo_result *res;
};

struct slave_app {
	struct amp_session *session;
	uint8_t data[AMP_SESSION_PAYLOAD_MAX];
	uint16_t len;
	uint8_t pending; /* a message waits to be echoed */
};

static uint32_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

static void master_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct master_app *m = priv;

	(void)s;
	if (!m->outstanding || len != m->expect_len || memcmp(data, m->expect, len) != 0) {
		m->res->errors++;
		return;
	}
	m->res->received++;
	m->outstanding = 0;
	m->expect_len = 0;
}

static void master_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct master_app *m = priv;

	(void)s;
	(void)why;
	m->res->closes++;
	/* The message in flight died with the session: it goes again on the next one. */
	m->session = NULL;
	m->outstanding = 0;
}

static const struct amp_session_ops master_ops = {
    .opened = NULL,
    .data = master_data,
    .closed = master_closed,
};

static void master_tick(struct master_app *m, struct amp *amp, uint32_t target)
{
	if (!amp_is_ready(amp))
		return;
	if (!m->session) {
		(void)amp_session_open(amp_sessions(amp), "echo", &master_ops, m, &m->session);
		return;
	}
	if (m->outstanding || m->res->received >= target || !amp_session_is_established(m->session))
		return;
	if (!m->expect_len) {
		uint32_t i;

		m->expect_len = (uint16_t)(1u + next_rand(&m->rng) % AMP_SESSION_PAYLOAD_MAX);
		for (i = 0; i < m->expect_len; i++)
			m->expect[i] = (uint8_t)next_rand(&m->rng);
	}
	if (amp_session_send(m->session, m->expect, m->expect_len) == AMP_OK) {
		m->outstanding = 1;
		m->res->sent++;
	}
}

static void slave_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct slave_app *a = priv;

	a->session = s;
	memcpy(a->data, data, len);
	a->len = (uint16_t)len;
	a->pending = amp_session_send(s, a->data, a->len) != AMP_OK;
}

static void slave_opened(struct amp_session *s, void *priv)
{
	struct slave_app *a = priv;

	a->session = s;
	a->pending = 0;
}

static void slave_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct slave_app *a = priv;

	(void)s;
	(void)why;
	a->session = NULL;
	a->pending = 0;
}

static const struct amp_session_ops slave_ops = {
    .opened = slave_opened,
    .data = slave_data,
    .closed = slave_closed,
};

static void slave_tick(struct slave_app *a)
{
	if (a->pending && a->session && amp_session_send(a->session, a->data, a->len) == AMP_OK)
		a->pending = 0;
}

/* (Re)boot a role, with its application starting over too. */
static int boot(struct amp_lockstep *ls, enum amp_role role, struct master_app *m,
		struct slave_app *s)
{
	int err = amp_lockstep_boot(ls, role);

	if (err)
		return err;
	if (role == AMP_ROLE_MASTER) {
		m->session = NULL;
		m->outstanding = 0;
		return AMP_OK;
	}
	memset(s, 0, sizeof(*s));
	return amp_session_listen(amp_sessions(&ls->amp[AMP_ROLE_SLAVE]), "echo", &slave_ops, s);
}

static void step(struct amp_lockstep *ls, enum amp_role r, struct master_app *m,
		 struct slave_app *s, uint32_t target)
{
	amp_lockstep_step(ls, r);
	if (r == AMP_ROLE_MASTER)
		master_tick(m, &ls->amp[AMP_ROLE_MASTER], target);
	else
		slave_tick(s);
}

static int run(struct amp_lockstep *ls, const struct cache_echo_opts *o,
	       struct cache_echo_result *res)
{
	static struct master_app m;
	static struct slave_app s;
	enum amp_role first = (o->seed & 1u) ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
	uint32_t every = o->reboots ? o->messages / (o->reboots + 1u) : 0, last = 0, n;
	uint64_t progress_at = 0;
	int err;

	memset(&m, 0, sizeof(m));
	m.rng = o->seed * 0x9E3779B97F4A7C15ull + 1u;
	m.res = res;
	/* Power-up garbage, then one role runs alone for a while before the other boots. */
	amp_posix_shm_scramble(&ls->shm, (uint32_t)o->seed);
	err = boot(ls, first, &m, &s);
	for (n = 0; !err && n < BOOT_STEPS; n++)
		step(ls, first, &m, &s, o->messages);
	if (!err)
		err = boot(ls, first == AMP_ROLE_MASTER ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER, &m, &s);
	if (err)
		return err;
	while (res->received < o->messages && ls->steps - progress_at < STALL_STEPS) {
		if (res->received != last) {
			last = res->received;
			progress_at = ls->steps;
			if (every && res->reboots < o->reboots && last % every == 0) {
				res->reboots++;
				err = boot(ls, (enum amp_role)(amp_lockstep_rand(ls) & 1u), &m, &s);
				if (err)
					return err;
			}
		}
		step(ls, amp_lockstep_pick(ls), &m, &s, o->messages);
	}
	res->done = res->received >= o->messages;
	res->steps = ls->steps;
	return AMP_OK;
}

int cache_echo_run(const struct cache_echo_opts *o, struct cache_echo_result *res)
{
	static struct amp_lockstep ls;
	int err, r;

	memset(res, 0, sizeof(*res));
	err = amp_lockstep_init(&ls, o->seed);
	if (err)
		return err;
	if (o->cache)
		err = amp_lockstep_use_cache_sim(&ls, o->cache_flags);
	if (!err)
		err = run(&ls, o, res);
	for (r = 0; r < 2 && o->cache; r++) {
		res->invalidates[r] = ls.cache[r].stats.invalidates;
		res->cleans[r] = ls.cache[r].stats.cleans;
	}
	amp_lockstep_fini(&ls);
	return err;
}

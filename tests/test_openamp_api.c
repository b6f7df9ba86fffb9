/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The C facade (amp/openamp.h): argument and handle checks, pool exhaustion,
 * and data through a stream between two facade instances, one per role, on
 * the lockstep harness's shared memory and virtual clock (the facade owns
 * its struct amp, so this test polls the instances itself; the harness only
 * supplies the ports and the clock).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/openamp.h"
#include "amp/stream.h"
#include "amp_lockstep.h"

#define MASTER AMP_ROLE_MASTER
#define SLAVE  AMP_ROLE_SLAVE
#define NAME   "api"
#define SOON   (20u * AMP_CFG_HEARTBEAT_MS * AMP_LOCKSTEP_STEPS_PER_MS)

static struct amp_lockstep ls;
static amp_openamp_t *h[2];
static amp_openamp_stream_t *st[2];
/* the slave's application: echo what arrives */
static int slave_echo;
static uint32_t echoed;

static const struct amp_port *port_of(enum amp_role r)
{
	return &ls.port[r].port;
}

/* The slave's application round: echo what fits back. */
static void slave_app(void)
{
	uint8_t buf[256];
	int space, n;

	if (!slave_echo || !st[SLAVE] || amp_openamp_stream_is_open(st[SLAVE]) <= 0)
		return;
	space = amp_openamp_stream_write_space(st[SLAVE]);
	if (space <= 0)
		return;
	n = amp_openamp_stream_read(st[SLAVE], buf,
				    (size_t)space < sizeof(buf) ? (size_t)space : sizeof(buf));
	if (n > 0) {
		assert_int_equal(amp_openamp_stream_write(st[SLAVE], buf, (size_t)n), n);
		echoed += (uint32_t)n;
	}
}

/* One step of one core: its instance polls, its application runs, the clock moves. */
static void step(enum amp_role r)
{
	if (h[r])
		(void)amp_openamp_poll(h[r]);
	if (r == SLAVE)
		slave_app();
	/* the harness's own instances never booted: this only advances the clock */
	(void)amp_lockstep_step(&ls, r);
}

static void tick(void)
{
	step((enum amp_role)(amp_lockstep_rand(&ls) & 1u));
}

#define RUN_UNTIL(cond, max)                                                                       \
	do {                                                                                       \
		uint32_t n_;                                                                       \
		for (n_ = 0; n_ < (max) && !(cond); n_++)                                          \
			tick();                                                                    \
		assert_true(cond);                                                                 \
	} while (0)

/* The master's bounded waits let the slave run. */
static void master_idle(void *ctx, uint32_t max_ms)
{
	(void)ctx;
	(void)max_ms;
	step(SLAVE);
	step(MASTER);
}

static int both_ready(void)
{
	return amp_openamp_ready(h[MASTER]) == 1 && amp_openamp_ready(h[SLAVE]) == 1;
}

static void start(enum amp_role r)
{
	assert_int_equal(amp_openamp_init(&h[r], r, port_of(r)), AMP_OK);
	assert_non_null(h[r]);
}

static void connect(void)
{
	if (!st[SLAVE])
		assert_int_equal(amp_openamp_stream_listen(h[SLAVE], NAME, 0, &st[SLAVE]), AMP_OK);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 0, &st[MASTER]), AMP_OK);
	RUN_UNTIL(amp_openamp_stream_is_open(st[MASTER]) == 1 &&
		      amp_openamp_stream_is_open(st[SLAVE]) == 1,
		  SOON);
}

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)((i * 131u) ^ (i >> 7));
}

/* The scheduler's seed: AMP_TEST_SEED runs another one. */
static uint64_t test_seed(void)
{
	const char *env = getenv("AMP_TEST_SEED");

	return env ? strtoull(env, NULL, 0) : 11u;
}

static int setup(void **state)
{
	(void)state;
	memset(h, 0, sizeof(h));
	memset(st, 0, sizeof(st));
	slave_echo = 0;
	echoed = 0;
	return amp_lockstep_init(&ls, test_seed());
}

static int teardown(void **state)
{
	(void)state;
	(void)amp_openamp_deinit(h[MASTER]);
	(void)amp_openamp_deinit(h[SLAVE]);
	amp_lockstep_fini(&ls);
	return 0;
}

/* ---- argument and handle checks ---------------------------------------- */

/* Every call taking an instance or stream handle refuses these (NULL or not ours). */
static void handles_refused(amp_openamp_t *bad, amp_openamp_stream_t *bad_st)
{
	amp_openamp_stream_t *s = NULL;
	uint8_t buf[4];

	assert_int_equal(amp_openamp_poll(bad), AMP_EINVAL);
	assert_int_equal(amp_openamp_ready(bad), AMP_EINVAL);
	assert_int_equal(amp_openamp_deinit(bad), AMP_EINVAL);
	assert_int_equal(amp_openamp_set_idle(bad, NULL, NULL), AMP_EINVAL);
	assert_null(amp_openamp_amp(bad));
	assert_int_equal(amp_openamp_stream_open(bad, NAME, 0, &s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_listen(bad, NAME, 0, &s), AMP_EINVAL);
	assert_null(s);
	assert_int_equal(amp_openamp_stream_is_open(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_close_reason(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_write(bad_st, "x", 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_read(bad_st, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_peek(bad_st, buf, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_flush(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_available(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_write_space(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_undelivered(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_write_timeout(bad_st, "x", 1, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_read_timeout(bad_st, buf, 1, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_flush_timeout(bad_st, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_close(bad_st), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_close_timeout(bad_st, 1), AMP_EINVAL);
	assert_null(amp_openamp_stream_handle(bad_st));
}

static void bad_arguments(void **state)
{
	static const struct amp_port_ops no_clock = {0};
	struct amp_port p = *port_of(MASTER);
	amp_openamp_t *x = NULL;
	amp_openamp_stream_t *s = NULL;
	uint8_t buf[4];
	int foreign = 0;
	amp_openamp_t *bogus = (amp_openamp_t *)(void *)&foreign;
	amp_openamp_stream_t *bogus_st = (amp_openamp_stream_t *)(void *)&foreign;

	(void)state;
	assert_int_equal(amp_openamp_init(NULL, MASTER, port_of(MASTER)), AMP_EINVAL);
	assert_int_equal(amp_openamp_init(&x, (enum amp_role)7, port_of(MASTER)), AMP_EINVAL);
	assert_int_equal(amp_openamp_init(&x, MASTER, NULL), AMP_EINVAL);
	p.ops = &no_clock;
	assert_int_equal(amp_openamp_init(&x, MASTER, &p), AMP_EINVAL);
	assert_null(x);

	/* handles that are not ours: refused, never dereferenced */
	handles_refused(bogus, bogus_st);

	/* bad stream arguments on a good instance */
	start(MASTER);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NULL, 0, &s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], "", 0, &s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 0, NULL), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 3, &s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 2u * AMP_CFG_OPENAMP_RING, &s),
			 AMP_EINVAL);
	assert_null(s);
	assert_non_null(amp_openamp_amp(h[MASTER]));

	/* a stream before its session: nothing to read or write yet */
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 256, &s), AMP_OK);
	assert_int_equal(amp_openamp_stream_is_open(s), 0);
	assert_int_equal(amp_openamp_stream_close_reason(s), 0);
	assert_int_equal(amp_openamp_stream_write(s, "x", 1), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_read(s, buf, 1), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_write_timeout(s, "x", 1, 10), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_available(s), 0);
	assert_int_equal(amp_openamp_stream_write_space(s), 0);
	assert_int_equal(amp_openamp_stream_undelivered(s), 0);
	assert_non_null(amp_openamp_stream_handle(s));

	/* released handles are refused */
	assert_int_equal(amp_openamp_stream_close(s), AMP_OK);
	assert_int_equal(amp_openamp_stream_close(s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_is_open(s), AMP_EINVAL);
	assert_int_equal(amp_openamp_deinit(h[MASTER]), AMP_OK);
	assert_int_equal(amp_openamp_poll(h[MASTER]), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 0, &s), AMP_EINVAL);
	h[MASTER] = NULL;
}

/*
 * NULL buffers with a length are AMP_EINVAL whatever the stream's state
 * (here: before its session, where a good buffer gets AMP_ENOTREADY), and
 * NULL instance handles everywhere bad_arguments uses foreign ones.
 */
static void test_openamp_api_rejects_bad_args(void **state)
{
	amp_openamp_stream_t *s = NULL;
	uint8_t buf[4];

	(void)state;
	handles_refused(NULL, NULL);

	start(MASTER);
	assert_int_equal(amp_openamp_stream_listen(h[MASTER], NULL, 0, &s), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_listen(h[MASTER], NAME, 0, NULL), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_listen(h[MASTER], NAME, 5, &s), AMP_EINVAL);
	assert_null(s);
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 0, &s), AMP_OK);
	assert_int_equal(amp_openamp_stream_write(s, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_read(s, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_peek(s, NULL, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_write_timeout(s, NULL, 1, 1), AMP_EINVAL);
	assert_int_equal(amp_openamp_stream_read_timeout(s, NULL, 1, 1), AMP_EINVAL);
	/* no bytes, no buffer needed: the state decides */
	assert_int_equal(amp_openamp_stream_write(s, NULL, 0), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_read(s, NULL, 0), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_peek(s, buf, 1), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_read_timeout(s, buf, 1, 1), AMP_ENOTREADY);
	assert_int_equal(amp_openamp_stream_close(s), AMP_OK);
}

static void pools_run_out(void **state)
{
	amp_openamp_t *inst[AMP_CFG_OPENAMP_INSTANCES + 1];
	amp_openamp_stream_t *s[AMP_CFG_OPENAMP_STREAMS + 1];
	uint32_t i;

	(void)state;
	for (i = 0; i < AMP_CFG_OPENAMP_INSTANCES; i++)
		assert_int_equal(amp_openamp_init(&inst[i], MASTER, port_of(MASTER)), AMP_OK);
	assert_int_equal(amp_openamp_init(&inst[i], MASTER, port_of(MASTER)), AMP_ENOSPC);

	/* streams: one pool for every instance */
	for (i = 0; i < AMP_CFG_OPENAMP_STREAMS; i++) {
		char name[8] = "s0";

		name[1] = (char)('0' + i);
		assert_int_equal(
		    amp_openamp_stream_listen(inst[i % AMP_CFG_OPENAMP_INSTANCES], name, 0, &s[i]),
		    AMP_OK);
	}
	assert_int_equal(amp_openamp_stream_open(inst[0], "more", 0, &s[i]), AMP_ENOSPC);
	/* deinit gives the instance's streams back */
	assert_int_equal(amp_openamp_deinit(inst[0]), AMP_OK);
	assert_int_equal(amp_openamp_stream_open(inst[1 % AMP_CFG_OPENAMP_INSTANCES], "more", 0,
						 &s[AMP_CFG_OPENAMP_STREAMS]),
			 AMP_CFG_OPENAMP_INSTANCES > 1 ? AMP_OK : AMP_EINVAL);
	/* and the instance itself */
	assert_int_equal(amp_openamp_init(&inst[0], SLAVE, port_of(SLAVE)), AMP_OK);
	for (i = 0; i < AMP_CFG_OPENAMP_INSTANCES; i++)
		assert_int_equal(amp_openamp_deinit(inst[i]), AMP_OK);
	for (i = 0; i <= AMP_CFG_OPENAMP_STREAMS; i++)
		assert_int_equal(amp_openamp_stream_is_open(s[i]), AMP_EINVAL);
}

/* ---- data ------------------------------------------------------------------ */

static void data_through(void **state)
{
	static uint8_t out[32u * 1024u], in[32u * 1024u];
	uint32_t sent = 0, got = 0, i;
	uint8_t b = 0;

	(void)state;
	start(MASTER);
	start(SLAVE);
	assert_int_equal(amp_openamp_ready(h[MASTER]), 0);
	RUN_UNTIL(both_ready(), 100000u);
	connect();
	for (i = 0; i < sizeof(out); i++)
		out[i] = pattern(i);
	/* master to slave, non-blocking on both sides, the slave reading slowly */
	while (got < sizeof(out)) {
		int n;

		if (sent < sizeof(out)) {
			n = amp_openamp_stream_write(st[MASTER], out + sent, sizeof(out) - sent);
			assert_true(n >= 0);
			sent += (uint32_t)n;
		}
		tick();
		if (amp_lockstep_rand(&ls) % 4u)
			continue;
		if (amp_openamp_stream_available(st[SLAVE]) > 0) {
			assert_int_equal(amp_openamp_stream_peek(st[SLAVE], &b, 1), 1);
			assert_int_equal(b, out[got]);
		}
		n = amp_openamp_stream_read(st[SLAVE], in + got, 100);
		assert_true(n >= 0);
		got += (uint32_t)n;
	}
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(amp_openamp_stream_flush(st[MASTER]), AMP_OK);
	/* confirmed in steps of a quarter ring (exact once the writer closes) */
	RUN_UNTIL(amp_openamp_stream_undelivered(st[MASTER]) < (int)AMP_CFG_OPENAMP_RING / 4, SOON);

	/* the other way */
	assert_int_equal(amp_openamp_stream_write(st[SLAVE], "pong", 4), 4);
	RUN_UNTIL(amp_openamp_stream_available(st[MASTER]) == 4, SOON);
	assert_int_equal(amp_openamp_stream_read(st[MASTER], in, sizeof(in)), 4);
	assert_memory_equal(in, "pong", 4);
}

static void bounded_waits(void **state)
{
	static uint8_t out[8192], in[8192];
	uint32_t t0, i;

	(void)state;
	start(MASTER);
	start(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	connect();
	for (i = 0; i < sizeof(out); i++)
		out[i] = pattern(i + 5u);
	assert_int_equal(amp_openamp_set_idle(h[MASTER], master_idle, NULL), AMP_OK);
	/* nothing comes back yet: the wait ends on the clock */
	t0 = ls.now_ms;
	assert_int_equal(amp_openamp_stream_read_timeout(st[MASTER], in, 1, 20), AMP_ETIMEDOUT);
	assert_true(ls.now_ms - t0 >= 20u);
	/* the slave echoes: a write and a read that each wait for the peer */
	slave_echo = 1;
	for (i = 0; i < sizeof(out); i += 1024u) {
		assert_int_equal(amp_openamp_stream_write_timeout(st[MASTER], out + i, 1024, 5000),
				 1024);
		assert_int_equal(amp_openamp_stream_read_timeout(st[MASTER], in + i, 1024, 5000),
				 1024);
	}
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(amp_openamp_stream_flush_timeout(st[MASTER], 5000), AMP_OK);
	/* a graceful close: every byte read by the slave; the slave keeps listening */
	assert_int_equal(amp_openamp_stream_close_timeout(st[MASTER], 5000), AMP_OK);
	assert_int_equal(amp_openamp_stream_is_open(st[MASTER]), AMP_EINVAL);
	RUN_UNTIL(amp_openamp_stream_is_open(st[SLAVE]) == 0, SOON);
	assert_int_equal(amp_openamp_stream_close_reason(st[SLAVE]), AMP_CLOSE_PEER);
	assert_int_equal(amp_openamp_stream_read(st[SLAVE], in, 1), AMP_ECLOSED);
	assert_int_equal(echoed, sizeof(out));
	/* and takes the next session */
	assert_int_equal(amp_openamp_set_idle(h[MASTER], NULL, NULL), AMP_OK);
	connect();
	assert_int_equal(amp_openamp_stream_write(st[MASTER], out, 10), 10);
	RUN_UNTIL(amp_openamp_stream_available(st[MASTER]) == 10, SOON);
}

static void second_session_turned_away(void **state)
{
	amp_openamp_stream_t *again = NULL;

	(void)state;
	start(MASTER);
	start(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	connect();
	assert_int_equal(amp_openamp_stream_open(h[MASTER], NAME, 0, &again), AMP_OK);
	RUN_UNTIL(amp_openamp_stream_close_reason(again) == AMP_CLOSE_PEER, SOON);
	assert_int_equal(amp_openamp_stream_is_open(again), 0);
	assert_int_equal(amp_openamp_stream_close(again), AMP_OK);
	assert_int_equal(amp_openamp_stream_is_open(st[MASTER]), 1);
	assert_int_equal(amp_openamp_stream_is_open(st[SLAVE]), 1);
	/* a refused open (nobody listens) is reported too */
	assert_int_equal(amp_openamp_stream_open(h[MASTER], "nobody", 0, &again), AMP_OK);
	RUN_UNTIL(amp_openamp_stream_close_reason(again) == AMP_CLOSE_ERROR, SOON);
	assert_int_equal(amp_openamp_stream_close(again), AMP_OK);
}

/* The slave's program restarts (its instance starts over): the master's stream is told. */
static void peer_restart(void **state)
{
	uint8_t buf[64];

	(void)state;
	start(MASTER);
	start(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
	connect();
	assert_int_equal(amp_openamp_stream_write(st[MASTER], "lost?", 5), 5);
	assert_int_equal(amp_openamp_deinit(h[SLAVE]), AMP_OK);
	st[SLAVE] = NULL;
	start(SLAVE);
	RUN_UNTIL(amp_openamp_stream_is_open(st[MASTER]) == 0, SOON);
	assert_int_equal(amp_openamp_stream_close_reason(st[MASTER]), AMP_CLOSE_PEER_RESET);
	assert_int_equal(amp_openamp_stream_read(st[MASTER], buf, sizeof(buf)), AMP_ECLOSED);
	assert_int_equal(amp_openamp_stream_write(st[MASTER], "x", 1), AMP_ECLOSED);
	assert_int_equal(amp_openamp_stream_undelivered(st[MASTER]), 5);
	assert_int_equal(amp_openamp_stream_close_timeout(st[MASTER], 10), AMP_ECLOSED);
	RUN_UNTIL(both_ready(), SOON);
	connect();
	assert_int_equal(amp_openamp_stream_write(st[MASTER], "again", 5), 5);
	RUN_UNTIL(amp_openamp_stream_available(st[SLAVE]) == 5, SOON);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(bad_arguments),
	    T(pools_run_out),
	    T(data_through),
	    T(bounded_waits),
	    T(second_session_turned_away),
	    T(peer_restart),
	    T(test_openamp_api_rejects_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

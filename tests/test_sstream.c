/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stream on a real session (amp_sstream_*) between master and slave under
 * the lockstep harness: megabytes both ways with readers that stall at
 * random (every byte checked against its position), flow control seen from
 * the writer, the close from either side, a reboot or a halt of either core
 * (the close is reported and written bytes are either read by the peer or
 * counted by amp_stream_undelivered()), reopening afterwards, a second
 * session of a listened name turned away, the timeout variants. One seeded
 * schedule: every run is the same run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/stream.h"
#include "amp_lockstep.h"

#define MASTER AMP_ROLE_MASTER
#define SLAVE  AMP_ROLE_SLAVE
#define NAME   "pipe"
#define RING   1024u
/* Bytes each way in the bulk test. */
#define BULK  (4u * 1024u * 1024u)
#define CHUNK 1500u
/* Generous bounds in scheduler steps (one amp_poll of one role each). */
#define SOON (20u * AMP_CFG_HEARTBEAT_MS * AMP_LOCKSTEP_STEPS_PER_MS)
#define LONG 20000000u

/* One core's application: a stream on a session, and the traffic it moves. */
struct app {
	struct amp_session_stream ss;
	uint8_t rx[RING];
	uint8_t tx[RING];
	int opens;
	int closes;
	enum amp_close_reason why;
	uint32_t want;	/* bytes to write on this stream */
	uint32_t wrote; /* bytes write() accepted */
	uint32_t got;	/* bytes read (each one checked) */
	uint32_t bad;	/* bytes read that were not the expected ones */
	uint32_t stall; /* application rounds left without reading */
	uint32_t zero_writes, short_writes;
	uint8_t reading; /* reads when not stalled */
	uint8_t stalls;	 /* stalls at random */
};

static struct amp_lockstep ls;
static struct app app[2];
static struct app extra; /* a second stream on the master */
static struct amp_stream_waiter waiter;

static enum amp_role other(enum amp_role r)
{
	return r == MASTER ? SLAVE : MASTER;
}

static struct amp_sessions *mgr(enum amp_role r)
{
	return amp_sessions(&ls.amp[r]);
}

/* The byte at stream offset off of what `writer` sends. */
static uint8_t pattern(enum amp_role writer, uint32_t off)
{
	uint32_t x = off * 0x9E3779B1u + (writer == MASTER ? 0x2545F491u : 0x7F4A7C15u);

	x ^= x >> 15;
	x *= 0x85EBCA6Bu;
	x ^= x >> 13;
	return (uint8_t)(x >> 24);
}

static uint32_t rnd(uint32_t n)
{
	return amp_lockstep_rand(&ls) % n;
}

static enum amp_role role_of(const struct app *a)
{
	return a == &app[SLAVE] ? SLAVE : MASTER;
}

static void write_some(struct app *a, struct amp_stream *s)
{
	uint8_t buf[CHUNK];
	uint32_t n = 1u + rnd(CHUNK), i;
	int rc;

	if (n > a->want - a->wrote)
		n = a->want - a->wrote;
	for (i = 0; i < n; i++)
		buf[i] = pattern(role_of(a), a->wrote + i);
	rc = amp_stream_write(s, buf, n);
	assert_true(rc >= 0 && (uint32_t)rc <= n);
	if (rc == 0)
		a->zero_writes++;
	else if ((uint32_t)rc < n)
		a->short_writes++;
	a->wrote += (uint32_t)rc;
}

/* Read up to max bytes and check each; returns what read() returned. */
static int read_some(struct app *a, struct amp_stream *s, uint32_t max)
{
	uint8_t buf[RING];
	int rc, i;

	rc = amp_stream_read(s, buf, max < sizeof(buf) ? max : sizeof(buf));
	for (i = 0; i < rc; i++)
		a->bad += buf[i] != pattern(other(role_of(a)), a->got + (uint32_t)i);
	if (rc > 0)
		a->got += (uint32_t)rc;
	return rc;
}

/* One round of one core's application. */
static void app_run(struct app *a)
{
	struct amp_stream *s = &a->ss.stream;

	if (!amp_sstream_is_open(&a->ss))
		return;
	if (a->wrote < a->want)
		write_some(a, s);
	if (a->stall) {
		a->stall--;
		(void)amp_stream_poll(s);
	} else if (a->reading) {
		(void)read_some(a, s, 1u + rnd(RING));
	} else {
		(void)amp_stream_poll(s);
	}
	if (a->stalls && !a->stall && rnd(256) == 0)
		a->stall = rnd(512);
}

/* The scheduler: a seeded random core polls, then its application runs. */
static void tick(void)
{
	enum amp_role r = amp_lockstep_pick(&ls);

	amp_lockstep_step(&ls, r);
	if (ls.running[r]) {
		app_run(&app[r]);
		if (r == MASTER)
			app_run(&extra);
	}
}

#define RUN_UNTIL(cond, max)                                                                       \
	do {                                                                                       \
		uint32_t n_;                                                                       \
		for (n_ = 0; n_ < (max) && !(cond); n_++)                                          \
			tick();                                                                    \
		assert_true(cond);                                                                 \
	} while (0)

static void run(uint32_t n)
{
	while (n--)
		tick();
}

static uint32_t waiter_now(void *ctx)
{
	(void)ctx;
	return ls.now_ms;
}

/* A bounded wait lets the cores (and the peer's application) run. */
static int waiter_poll(void *ctx, uint32_t max_ms)
{
	(void)ctx;
	(void)max_ms;
	tick();
	return AMP_OK;
}

static void on_event(struct amp_session_stream *ss, int open, enum amp_close_reason why, void *priv)
{
	struct app *a = priv;

	assert_ptr_equal(&a->ss, ss);
	if (open) {
		a->opens++;
		return;
	}
	a->closes++;
	a->why = why;
}

static struct amp_stream_config ring_cfg(struct app *a)
{
	struct amp_stream_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_storage = a->rx;
	cfg.rx_size = RING;
	cfg.tx_storage = a->tx;
	cfg.tx_size = RING;
	cfg.waiter = &waiter;
	return cfg;
}

/* A new stream on the same app: its counters start over. */
static void app_reset_traffic(struct app *a)
{
	a->want = a->wrote = a->got = a->bad = a->stall = 0;
	a->zero_writes = a->short_writes = 0;
}

static void app_listen(enum amp_role r)
{
	struct amp_stream_config cfg = ring_cfg(&app[r]);

	assert_int_equal(amp_sstream_listen(&app[r].ss, mgr(r), NAME, &cfg, on_event, &app[r]),
			 AMP_OK);
}

static void app_open(struct app *a, enum amp_role r)
{
	struct amp_stream_config cfg = ring_cfg(a);

	app_reset_traffic(a);
	assert_int_equal(amp_sstream_open(&a->ss, mgr(r), NAME, &cfg, on_event, a), AMP_OK);
}

/* Power up or reboot one core: its RAM, the application's included, starts over. */
static void boot(enum amp_role r)
{
	memset(&app[r], 0, sizeof(app[r]));
	if (r == MASTER)
		memset(&extra, 0, sizeof(extra));
	assert_int_equal(amp_lockstep_boot(&ls, r), AMP_OK);
}

static int both_ready(void)
{
	return amp_is_ready(&ls.amp[MASTER]) && amp_is_ready(&ls.amp[SLAVE]);
}

static void cold_start(void)
{
	uint32_t i;

	boot(MASTER);
	for (i = 0; i < 1000u; i++)
		amp_lockstep_step(&ls, MASTER);
	boot(SLAVE);
	RUN_UNTIL(both_ready(), 100000u);
}

static int both_open(void)
{
	return amp_sstream_is_open(&app[MASTER].ss) && amp_sstream_is_open(&app[SLAVE].ss);
}

/* The opener opens NAME, the other core listens (unless it already does). */
static void connect(enum amp_role opener, int listen)
{
	int opens_o = app[opener].opens, opens_a = app[other(opener)].opens;

	if (listen)
		app_listen(other(opener));
	app_reset_traffic(&app[other(opener)]);
	app_open(&app[opener], opener);
	RUN_UNTIL(both_open(), SOON);
	assert_int_equal(app[opener].opens, opens_o + 1);
	assert_int_equal(app[other(opener)].opens, opens_a + 1);
	assert_non_null(amp_sstream_stream(&app[MASTER].ss));
	assert_non_null(amp_sstream_stream(&app[SLAVE].ss));
}

static void traffic(uint32_t bytes, int stalls)
{
	int r;

	for (r = 0; r < 2; r++) {
		app[r].want = app[r].wrote + bytes;
		app[r].reading = 1;
		app[r].stalls = (uint8_t)stalls;
	}
}

static int traffic_done(void)
{
	return app[MASTER].got == app[SLAVE].want && app[SLAVE].got == app[MASTER].want;
}

static void assert_clean_stream(struct amp_stream *s)
{
	struct amp_stream_stats st;

	amp_stream_get_stats(s, &st);
	assert_int_equal(st.rx_credit_err, 0);
	assert_int_equal(st.rx_proto_err, 0);
	assert_int_equal(st.rx_dropped, 0);
}

/* After a close: read what is left (each byte checked) until the end is reported. */
static void drain(struct app *a)
{
	struct amp_stream *s = &a->ss.stream;
	int rc, rounds = 0;

	assert_null(amp_sstream_stream(&a->ss));
	do {
		rc = read_some(a, s, RING);
		assert_true(++rounds < 100);
	} while (rc > 0);
	assert_int_equal(rc, AMP_ECLOSED);
	assert_int_equal(a->bad, 0);
}

/*
 * Written bytes after an abrupt close: the reader never read more than was
 * written, and whatever the writer does not count as undelivered was read.
 */
static void assert_accounted(const struct app *w, uint32_t reader_got)
{
	uint32_t undelivered = amp_stream_undelivered(&w->ss.stream);

	assert_true(reader_got <= w->wrote);
	assert_true(undelivered <= w->wrote);
	assert_true(w->wrote - undelivered <= reader_got);
}

/* ---- tests -------------------------------------------------------------- */

/* The scheduler's seed: AMP_TEST_SEED runs another one. */
static uint64_t test_seed(void)
{
	const char *env = getenv("AMP_TEST_SEED");

	return env ? strtoull(env, NULL, 0) : 7u;
}

static int setup(void **state)
{
	(void)state;
	memset(app, 0, sizeof(app));
	memset(&extra, 0, sizeof(extra));
	waiter.now_ms = waiter_now;
	waiter.poll = waiter_poll;
	waiter.ctx = NULL;
	if (amp_lockstep_init(&ls, test_seed()) != AMP_OK)
		return -1;
	cold_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	amp_lockstep_fini(&ls);
	return 0;
}

static void bad_arguments(void **state)
{
	struct amp_stream_config cfg = ring_cfg(&app[MASTER]);

	(void)state;
	assert_int_equal(amp_sstream_open(NULL, mgr(MASTER), NAME, &cfg, NULL, NULL), AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&app[MASTER].ss, mgr(MASTER), NAME, NULL, NULL, NULL),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&app[MASTER].ss, mgr(MASTER), "", &cfg, NULL, NULL),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(NULL, mgr(SLAVE), NAME, &cfg, NULL, NULL), AMP_EINVAL);
	assert_int_equal(amp_sstream_close(NULL), AMP_EINVAL);
	assert_int_equal(amp_sstream_close(&app[MASTER].ss), AMP_EINVAL); /* no session */
	assert_null(amp_sstream_stream(NULL));
	assert_null(amp_sstream_stream(&app[MASTER].ss)); /* never opened */
	assert_false(amp_sstream_is_open(NULL));

	/* a second open on a stream whose session is pending is refused */
	app_listen(SLAVE);
	app_open(&app[MASTER], MASTER);
	assert_int_equal(amp_sstream_open(&app[MASTER].ss, mgr(MASTER), NAME, &cfg, NULL, NULL),
			 AMP_EINVAL);
	RUN_UNTIL(both_open(), SOON);
}

/* Every call with each bad argument; a refused open leaves the closed stream readable. */
static void test_sstream_rejects_bad_args(void **state)
{
	static struct amp_session_stream zeroed;
	static const char long_name[] = "a-name-longer-than-the-32-byte-session-name-field";
	struct app *a = &app[MASTER];
	struct amp_stream_config cfg = ring_cfg(a), bad;
	struct amp_stream *s = &a->ss.stream;

	(void)state;
	assert_int_equal(amp_sstream_open(NULL, mgr(MASTER), NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&a->ss, NULL, NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), NULL, &cfg, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), NAME, NULL, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(NULL, mgr(SLAVE), NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, NULL, NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(SLAVE), NULL, &cfg, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(SLAVE), "", &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(SLAVE), long_name, &cfg, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(SLAVE), NAME, NULL, on_event, a),
			 AMP_EINVAL);
	/* rings the stream would refuse are refused now, not at every session */
	bad = cfg;
	bad.rx_storage = NULL;
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(SLAVE), NAME, &bad, on_event, a),
			 AMP_EINVAL);
	bad = cfg;
	bad.tx_size = 48;
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), NAME, &bad, on_event, a),
			 AMP_EINVAL);
	bad = cfg;
	bad.rx_size = 2u * AMP_STREAM_RING_MAX;
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), NAME, &bad, on_event, a),
			 AMP_EINVAL);
	/* none of these opened a session or registered a listener */
	assert_int_equal(a->closes, 0);
	run(SOON);
	assert_int_equal(a->opens + a->closes, 0);
	assert_int_equal(
	    amp_sstream_listen(&app[SLAVE].ss, mgr(SLAVE), NAME, &cfg, on_event, &app[SLAVE]),
	    AMP_OK);

	/* NULL and never opened */
	assert_null(amp_sstream_stream(NULL));
	assert_null(amp_sstream_stream(&zeroed));
	assert_false(amp_sstream_is_open(NULL));
	assert_false(amp_sstream_is_open(&zeroed));
	assert_int_equal(amp_sstream_close(NULL), AMP_EINVAL);
	assert_int_equal(amp_sstream_close(&zeroed), AMP_EINVAL);

	/* closed: a second close is refused, a refused open keeps what the stream holds */
	connect(MASTER, 0);
	assert_int_equal(amp_sstream_close(&a->ss), AMP_OK);
	assert_int_equal(amp_sstream_close(&a->ss), AMP_EINVAL);
	assert_null(amp_sstream_stream(&a->ss));
	assert_int_equal(amp_stream_state(s), AMP_STREAM_FAILED);
	assert_int_equal(amp_sstream_open(&a->ss, NULL, NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), "", &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_open(&a->ss, mgr(MASTER), long_name, &cfg, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, NULL, NAME, &cfg, on_event, a), AMP_EINVAL);
	assert_int_equal(amp_sstream_listen(&a->ss, mgr(MASTER), NULL, &cfg, on_event, a),
			 AMP_EINVAL);
	assert_int_equal(amp_stream_state(s), AMP_STREAM_FAILED);
}

/* Megabytes both ways at once, both readers stalling at random. */
static void bulk_both_ways_with_stalls(void **state)
{
	struct amp_stream *m, *s;
	int r;

	(void)state;
	connect(MASTER, 1);
	traffic(BULK, 1);
	RUN_UNTIL(traffic_done(), LONG);
	print_message("bulk: %llu steps, %u ms virtual\n", (unsigned long long)ls.steps, ls.now_ms);
	for (r = 0; r < 2; r++) {
		struct app *a = &app[r];

		assert_int_equal(a->bad, 0);
		assert_int_equal(a->wrote, BULK);
		assert_int_equal(a->got, BULK);
		/* flow control reached the writer: full rings, partial writes */
		assert_true(a->zero_writes > 0);
		assert_true(a->short_writes > 0);
		assert_clean_stream(&a->ss.stream);
	}
	assert_true(both_ready());

	/* Graceful end: each closes its writing half, both see the end, nothing undelivered. */
	m = amp_sstream_stream(&app[MASTER].ss);
	s = amp_sstream_stream(&app[SLAVE].ss);
	(void)amp_stream_close(m);
	(void)amp_stream_close(s);
	RUN_UNTIL(amp_stream_close(m) == AMP_OK && amp_stream_close(s) == AMP_OK &&
		      amp_stream_at_eof(m) && amp_stream_at_eof(s) &&
		      amp_stream_undelivered(m) == 0 && amp_stream_undelivered(s) == 0,
		  SOON);
	assert_int_equal(amp_stream_write(m, "x", 1), AMP_ECLOSED);
	assert_int_equal(amp_stream_read(s, app[SLAVE].rx, 1), AMP_ECLOSED);

	/* then the session goes: LOCAL here, PEER there, nothing left undelivered */
	assert_int_equal(amp_sstream_close(&app[MASTER].ss), AMP_OK);
	assert_int_equal(app[MASTER].closes, 1);
	assert_int_equal(app[MASTER].why, AMP_CLOSE_LOCAL);
	RUN_UNTIL(app[SLAVE].closes == 1, SOON);
	assert_int_equal(app[SLAVE].why, AMP_CLOSE_PEER);
	assert_int_equal(amp_stream_undelivered(m), 0);
	assert_int_equal(amp_stream_undelivered(s), 0);
	assert_int_equal(amp_stream_state(m), AMP_STREAM_FAILED);
}

/* The slave opens, the master listens. */
static void slave_opens(void **state)
{
	(void)state;
	connect(SLAVE, 1);
	traffic(64u * 1024u, 1);
	RUN_UNTIL(traffic_done(), LONG);
	assert_int_equal(app[MASTER].bad + app[SLAVE].bad, 0);
	assert_clean_stream(&app[MASTER].ss.stream);
	assert_clean_stream(&app[SLAVE].ss.stream);
}

/*
 * A slow reader: nobody reads, both writers fill what credit allows and
 * then get 0; not a byte is lost, and all of it arrives once reading starts.
 */
static void slow_reader_holds_writer_back(void **state)
{
	struct amp_stream_stats st;
	uint32_t wrote;
	uint8_t b = 0;

	(void)state;
	connect(MASTER, 1);
	app[MASTER].want = 256u * 1024u;
	run(SOON);
	/* the slave's receive ring and the master's transmit ring: that far and no further */
	wrote = app[MASTER].wrote;
	assert_int_equal(wrote, 2u * RING);
	assert_true(app[MASTER].zero_writes > 100u);
	assert_int_equal(amp_stream_write_space(&app[MASTER].ss.stream), 0);
	assert_int_equal(amp_stream_flush(&app[MASTER].ss.stream), AMP_ENOBUFS);
	assert_int_equal(amp_stream_available(&app[SLAVE].ss.stream), RING);
	amp_stream_get_stats(&app[MASTER].ss.stream, &st);
	assert_int_equal(st.tx_bytes, RING);

	/* a peek takes nothing */
	assert_int_equal(amp_stream_peek(&app[SLAVE].ss.stream, &b, 1), 1);
	assert_int_equal(b, pattern(MASTER, 0));
	assert_int_equal(amp_stream_available(&app[SLAVE].ss.stream), RING);
	app[SLAVE].reading = 1;
	app[SLAVE].stalls = 1;
	RUN_UNTIL(app[SLAVE].got == app[MASTER].want, LONG);
	assert_int_equal(app[SLAVE].bad, 0);
	assert_clean_stream(&app[SLAVE].ss.stream);
	assert_int_equal(amp_stream_flush(&app[MASTER].ss.stream), AMP_OK);
}

/* An abrupt close from `closer` while both directions are backed up. */
static void close_abruptly_from(enum amp_role closer)
{
	enum amp_role peer = other(closer);
	int r;

	connect(MASTER, 1);
	traffic(1024u * 1024u, 1); /* more than either side moves before the close */
	RUN_UNTIL(app[MASTER].got > 8192u && app[SLAVE].got > 8192u, LONG);
	/* stop reading: bytes pile up in the rings and in flight, until both writers get 0 */
	app[MASTER].reading = app[SLAVE].reading = 0;
	app[MASTER].zero_writes = app[SLAVE].zero_writes = 0;
	RUN_UNTIL(app[MASTER].zero_writes > 0 && app[SLAVE].zero_writes > 0, SOON);
	run(rnd(200));

	assert_int_equal(amp_sstream_close(&app[closer].ss), AMP_OK);
	assert_int_equal(app[closer].closes, 1);
	assert_int_equal(app[closer].why, AMP_CLOSE_LOCAL);
	assert_false(amp_sstream_is_open(&app[closer].ss));
	RUN_UNTIL(app[peer].closes == 1, SOON);
	assert_int_equal(app[peer].why, AMP_CLOSE_PEER);
	assert_int_equal(amp_sstream_close(&app[closer].ss), AMP_EINVAL);

	for (r = 0; r < 2; r++) {
		struct amp_stream *s = &app[r].ss.stream;

		assert_int_equal(amp_stream_state(s), AMP_STREAM_FAILED);
		assert_int_equal(amp_stream_write(s, "x", 1), AMP_ECLOSED);
		assert_int_equal(amp_stream_flush(s), AMP_ECLOSED);
		/* what arrived stays readable, then the end is reported */
		drain(&app[r]);
		assert_true(amp_stream_undelivered(s) > 0);
	}
	assert_accounted(&app[MASTER], app[SLAVE].got);
	assert_accounted(&app[SLAVE], app[MASTER].got);

	/* the same streams open again */
	connect(MASTER, 0);
	traffic(32u * 1024u, 1);
	RUN_UNTIL(traffic_done(), LONG);
	assert_int_equal(app[MASTER].bad + app[SLAVE].bad, 0);
}

static void close_from_master(void **state)
{
	(void)state;
	close_abruptly_from(MASTER);
}

static void close_from_slave(void **state)
{
	(void)state;
	close_abruptly_from(SLAVE);
}

/*
 * `victim` reboots in the middle of the traffic: the survivor is told
 * (PEER_RESET), its written bytes are accounted for against what the victim
 * had read, and once the channel is back the stream opens again.
 */
static void reboot_during_traffic(enum amp_role victim)
{
	enum amp_role survivor = other(victim);
	uint32_t victim_got;

	connect(MASTER, 1);
	traffic(1024u * 1024u, 1);
	RUN_UNTIL(app[MASTER].got > 40000u && app[SLAVE].got > 40000u, LONG);
	run(rnd(500));
	victim_got = app[victim].got;
	assert_int_equal(app[victim].bad, 0);

	boot(victim);
	RUN_UNTIL(app[survivor].closes == 1, SOON);
	assert_int_equal(app[survivor].why, AMP_CLOSE_PEER_RESET);
	assert_int_equal(app[survivor].opens, 1);
	drain(&app[survivor]);
	assert_accounted(&app[survivor], victim_got);

	/* back up: the rebooted slave listens again; the master (old or new) opens again */
	RUN_UNTIL(both_ready(), SOON);
	connect(MASTER, victim == SLAVE);
	traffic(64u * 1024u, 1);
	RUN_UNTIL(traffic_done(), LONG);
	assert_int_equal(app[MASTER].bad + app[SLAVE].bad, 0);
	assert_clean_stream(&app[MASTER].ss.stream);
	assert_clean_stream(&app[SLAVE].ss.stream);
}

static void master_reboot(void **state)
{
	(void)state;
	reboot_during_traffic(MASTER);
}

static void slave_reboot(void **state)
{
	(void)state;
	reboot_during_traffic(SLAVE);
}

/* A halted (hung) slave: the master's heartbeat verdict closes the stream with PEER_LOST. */
static void halted_slave_is_lost(void **state)
{
	(void)state;
	connect(MASTER, 1);
	traffic(1024u * 1024u, 0);
	RUN_UNTIL(app[MASTER].got > 20000u, LONG);
	amp_lockstep_halt(&ls, SLAVE);
	RUN_UNTIL(app[MASTER].closes == 1, SOON);
	assert_int_equal(app[MASTER].why, AMP_CLOSE_PEER_LOST);
	drain(&app[MASTER]);
	assert_accounted(&app[MASTER], app[SLAVE].got);

	boot(SLAVE);
	RUN_UNTIL(both_ready(), SOON);
	connect(MASTER, 1);
	traffic(16u * 1024u, 0);
	RUN_UNTIL(traffic_done(), LONG);
	assert_int_equal(app[MASTER].bad + app[SLAVE].bad, 0);
}

/* The opener of a name nobody listens for is told: closed, ERROR, never opened. */
static void open_refused_is_reported(void **state)
{
	(void)state;
	app_open(&app[MASTER], MASTER);
	RUN_UNTIL(app[MASTER].closes == 1, SOON);
	assert_int_equal(app[MASTER].why, AMP_CLOSE_ERROR);
	assert_int_equal(app[MASTER].opens, 0);
	assert_null(amp_sstream_stream(&app[MASTER].ss));
	/* and may try again */
	connect(MASTER, 1);
}

/* A second session of the listened name, while one is open, is turned away. */
static void second_open_turned_away(void **state)
{
	struct amp_stream_config cfg = ring_cfg(&extra);
	struct app other_listener;

	(void)state;
	connect(MASTER, 1);
	assert_int_equal(amp_sstream_open(&extra.ss, mgr(MASTER), NAME, &cfg, on_event, &extra),
			 AMP_OK);
	RUN_UNTIL(extra.closes == 1, SOON);
	assert_int_equal(extra.why, AMP_CLOSE_PEER);
	assert_false(amp_sstream_is_open(&extra.ss));
	/* the first one is untouched and still carries data */
	assert_int_equal(app[SLAVE].opens, 1);
	assert_int_equal(app[SLAVE].closes, 0);
	assert_true(both_open());
	traffic(16u * 1024u, 1);
	RUN_UNTIL(traffic_done(), LONG);
	assert_int_equal(app[MASTER].bad + app[SLAVE].bad, 0);

	/* a second listener for the name is refused */
	memset(&other_listener, 0, sizeof(other_listener));
	cfg = ring_cfg(&other_listener);
	assert_int_equal(amp_sstream_listen(&other_listener.ss, mgr(SLAVE), NAME, &cfg, on_event,
					    &other_listener),
			 AMP_EEXIST);
}

/* The bounded waits, with the waiter running the cores and the peer application. */
static void timeout_variants(void **state)
{
	static uint8_t big[64u * 1024u];
	struct amp_stream *m;
	uint8_t buf[100];
	uint32_t t0, i;
	int rc;

	(void)state;
	connect(MASTER, 1);
	m = amp_sstream_stream(&app[MASTER].ss);
	app[SLAVE].reading = 1;
	for (i = 0; i < sizeof(big); i++)
		big[i] = pattern(MASTER, i);
	assert_int_equal(amp_stream_write_timeout(m, big, sizeof(big), 60000u), (int)sizeof(big));
	assert_int_equal(amp_stream_flush_timeout(m, 60000u), AMP_OK);
	app[MASTER].wrote = sizeof(big);
	/* nothing comes: the read times out, on the virtual clock */
	t0 = ls.now_ms;
	assert_int_equal(amp_stream_read_timeout(m, buf, sizeof(buf), 50u), AMP_ETIMEDOUT);
	assert_true(ls.now_ms - t0 >= 50u);
	/* the slave writes 100 bytes: the master's bounded read gets them all */
	app[SLAVE].want = sizeof(buf);
	rc = amp_stream_read_timeout(m, buf, sizeof(buf), 60000u);
	assert_int_equal(rc, (int)sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], pattern(SLAVE, i));
	/* every byte consumed by the slave's application: a clean close */
	assert_int_equal(amp_stream_close_timeout(m, 60000u), AMP_OK);
	assert_int_equal(amp_stream_undelivered(m), 0);
	assert_int_equal(app[SLAVE].got, sizeof(big));
	assert_int_equal(app[SLAVE].bad, 0);
	/* the session drops under a bounded read: it ends with the close */
	assert_int_equal(amp_sstream_close(&app[SLAVE].ss), AMP_OK);
	assert_int_equal(amp_stream_read_timeout(m, buf, sizeof(buf), 60000u), AMP_ECLOSED);
	assert_int_equal(app[MASTER].why, AMP_CLOSE_PEER);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(bad_arguments),
	    T(test_sstream_rejects_bad_args),
	    T(bulk_both_ways_with_stalls),
	    T(slave_opens),
	    T(slow_reader_holds_writer_back),
	    T(close_from_master),
	    T(close_from_slave),
	    T(master_reboot),
	    T(slave_reboot),
	    T(halted_slave_is_lost),
	    T(open_refused_is_reported),
	    T(second_open_turned_away),
	    T(timeout_variants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault injection in lockstep.
 *
 * --soak --reboots N: reboot the master or the slave (chosen at random) at a
 * random step, N times: mid-handshake, mid-session-open and mid-transfer,
 * while three sessions carry checked traffic both ways.
 *
 * --exhaustive: for handshake + session open + one echo, reboot each role at
 * every step index in turn; every case must recover and complete the echo.
 */
#include <stdio.h>
#include <string.h>

#include "amp_lockstep.h"
#include "sim.h"
#include "soak.h"

#define HB_MS ((uint32_t)AMP_CFG_HEARTBEAT_MS)
/* A recovery that has not finished after this long is a deadlock. */
#define DEADLOCK_MS (20u * HB_MS)
#define DRAIN_MS    (5u * HB_MS)

struct soak_run {
	struct amp_lockstep ls;
	struct soak_side side[2];
	struct soak_book *book;
	uint64_t seed;
	uint32_t reboots, deadlocks;
	uint32_t max_recovery_ms;
	int recovering;
	uint32_t t_reboot;
};

static int both_ready(struct soak_run *r)
{
	return soak_side_ready(&r->side[0]) && soak_side_ready(&r->side[1]);
}

static void boot(struct soak_run *r, enum amp_role role)
{
	amp_lockstep_boot(&r->ls, role);
	soak_side_start(&r->side[role], r->book, &r->ls.amp[role], role,
			r->seed ^ ((uint64_t)r->reboots << 8) ^ role);
}

static void step(struct soak_run *r)
{
	enum amp_role role = amp_lockstep_pick(&r->ls);

	amp_lockstep_step(&r->ls, role);
	soak_side_tick(&r->side[role]);
}

/* Steps until the next reboot: short ones land in the handshake or a session open. */
static uint32_t next_interval(struct soak_run *r)
{
	uint32_t x = amp_lockstep_rand(&r->ls), bucket = x % 10u;

	x = amp_lockstep_rand(&r->ls);
	if (bucket < 4u)
		return 1u + x % 80u;
	if (bucket < 7u)
		return 80u + x % (HB_MS * AMP_LOCKSTEP_STEPS_PER_MS);
	return 400u + x % (8u * HB_MS * AMP_LOCKSTEP_STEPS_PER_MS);
}

static void note_recovery(struct soak_run *r, uint32_t ms)
{
	if (ms > r->max_recovery_ms)
		r->max_recovery_ms = ms;
}

static void watch_recovery(struct soak_run *r)
{
	uint32_t elapsed;

	if (!r->recovering)
		return;
	elapsed = r->ls.now_ms - r->t_reboot;
	if (both_ready(r)) {
		note_recovery(r, elapsed);
		r->recovering = 0;
	} else if (elapsed > DEADLOCK_MS) {
		r->deadlocks++;
		note_recovery(r, elapsed);
		r->recovering = 0;
		fprintf(
		    stderr,
		    "soak: no recovery %u ms after reboot %u (master state %u, slave state %u)\n",
		    elapsed, r->reboots, r->ls.amp[0].link.state, r->ls.amp[1].link.state);
	}
}

static void inject(struct soak_run *r)
{
	enum amp_role role = (enum amp_role)(amp_lockstep_rand(&r->ls) & 1u);

	/* Interrupted before it finished: count it only if it was already too slow. */
	if (r->recovering && r->ls.now_ms - r->t_reboot > 3u * HB_MS)
		note_recovery(r, r->ls.now_ms - r->t_reboot);
	soak_side_crashed(&r->side[role]);
	r->reboots++;
	boot(r, role);
	r->recovering = 1;
	r->t_reboot = r->ls.now_ms;
}

/* Stop sending, let everything in flight arrive, then count. */
static void drain(struct soak_run *r)
{
	uint32_t until;

	until = r->ls.now_ms + DEADLOCK_MS;
	while (!both_ready(r) && r->ls.now_ms < until)
		step(r);
	watch_recovery(r);
	if (r->recovering) {
		r->deadlocks++;
		r->recovering = 0;
	}
	r->side[0].quiet = r->side[1].quiet = 1;
	until = r->ls.now_ms + DRAIN_MS;
	while (r->ls.now_ms < until)
		step(r);
	soak_book_settle(r->book);
}

int sim_run_soak(const struct sim_opts *o)
{
	static struct soak_run r;
	uint64_t next;
	int bad;

	memset(&r, 0, sizeof(r));
	r.seed = o->seed;
	r.book = soak_book_create();
	if (!r.book || amp_lockstep_init(&r.ls, o->seed)) {
		fprintf(stderr, "amp-sim: cannot set up the soak\n");
		return 2;
	}
	/* Power-up garbage in the region, and both cores booting at once. */
	amp_posix_shm_scramble(&r.ls.shm, (uint32_t)o->seed);
	boot(&r, AMP_ROLE_MASTER);
	boot(&r, AMP_ROLE_SLAVE);
	r.recovering = 1;
	next = r.ls.steps + next_interval(&r);
	while (r.reboots < o->reboots) {
		step(&r);
		watch_recovery(&r);
		if (r.ls.steps >= next) {
			inject(&r);
			next = r.ls.steps + next_interval(&r);
		}
	}
	drain(&r);
	bad = r.deadlocks || r.book->lost || r.book->duplicated || r.book->reordered ||
	      r.book->corrupted || r.max_recovery_ms > 3u * HB_MS;
	printf("soak: reboots=%u deadlocks=%u lost=%u duplicated=%u reordered=%u corrupted=%u "
	       "max_recovery_beats=%.2f\n",
	       r.reboots, r.deadlocks, r.book->lost, r.book->duplicated, r.book->reordered,
	       r.book->corrupted, (double)r.max_recovery_ms / HB_MS);
	printf("soak: messages=%llu bytes=%llu steps=%llu virtual_ms=%u\n",
	       (unsigned long long)r.book->messages, (unsigned long long)r.book->bytes,
	       (unsigned long long)r.ls.steps, r.ls.now_ms);
	amp_lockstep_fini(&r.ls);
	return bad ? 1 : 0;
}

/* ---- exhaustive ------------------------------------------------------------ */

struct echo_run {
	struct amp_lockstep ls;
	struct sim_echo_master em;
	struct sim_echo_slave es;
};

static void echo_boot(struct echo_run *e, enum amp_role role)
{
	amp_lockstep_boot(&e->ls, role);
	if (role == AMP_ROLE_MASTER) {
		sim_echo_master_init(&e->em, 1, 1);
		sim_echo_master_attach(&e->em, &e->ls.amp[role]);
	} else {
		sim_echo_slave_init(&e->es);
		sim_echo_slave_attach(&e->es, &e->ls.amp[role]);
	}
}

static void echo_step(struct echo_run *e)
{
	enum amp_role role = amp_lockstep_pick(&e->ls);

	amp_lockstep_step(&e->ls, role);
	if (role == AMP_ROLE_MASTER)
		sim_echo_master_tick(&e->em, &e->ls.amp[role]);
	else
		sim_echo_slave_tick(&e->es, &e->ls.amp[role]);
}

/*
 * One case: run, reboot `role` at step `at` (never if at is ~0), then run
 * until the echo completed. Returns the steps it took, or 0 on a deadlock.
 */
static uint64_t echo_case(uint64_t seed, int role, uint64_t at)
{
	static struct echo_run e;
	uint64_t budget = (uint64_t)DEADLOCK_MS * AMP_LOCKSTEP_STEPS_PER_MS * 2u;
	uint64_t limit = at == ~0ull ? budget : at + budget;
	uint64_t done = 0;

	memset(&e, 0, sizeof(e));
	if (amp_lockstep_init(&e.ls, seed))
		return 0;
	echo_boot(&e, AMP_ROLE_MASTER);
	echo_boot(&e, AMP_ROLE_SLAVE);
	while (e.ls.steps < limit) {
		if (e.ls.steps == at)
			echo_boot(&e, (enum amp_role)role);
		echo_step(&e);
		if ((at == ~0ull || e.ls.steps > at) && sim_echo_master_done(&e.em) &&
		    !e.em.errors) {
			done = e.ls.steps;
			break;
		}
	}
	amp_lockstep_fini(&e.ls);
	return done;
}

int sim_run_exhaustive(const struct sim_opts *o)
{
	uint64_t ref = echo_case(o->seed, 0, ~0ull), at, cases = 0, failed = 0;
	int role;

	if (!ref) {
		fprintf(stderr, "exhaustive: the reference run did not complete\n");
		return 1;
	}
	for (role = 0; role < 2; role++) {
		for (at = 0; at < ref; at++) {
			cases++;
			if (!echo_case(o->seed, role, at)) {
				failed++;
				fprintf(stderr,
					"exhaustive: no recovery after a %s reboot at step %llu\n",
					role ? "slave" : "master", (unsigned long long)at);
			}
		}
	}
	printf("exhaustive: steps=%llu cases=%llu recovered=%llu failed=%llu\n",
	       (unsigned long long)ref, (unsigned long long)cases,
	       (unsigned long long)(cases - failed), (unsigned long long)failed);
	return failed ? 1 : 0;
}

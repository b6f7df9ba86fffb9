/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hostile-peer soak in lockstep: --lockstep --soak --scribble ROUNDS.
 *
 * Three sessions carry checked traffic both ways (soak.c: sequence number and
 * crc in every payload) while, in each round, a scribbler (a third party,
 * seeded like the scheduler) writes random bytes over the live region for
 * SCRIBBLE_MS: half of them over the resource table, the link block and both
 * vrings (descriptors, avail and used rings), half over the buffer pool. Then
 * it stops; the senders pause for PAUSE_MS so that what was in flight lands,
 * and counting starts afresh on the sessions still open. For CLEAN_MS after
 * that the channel must be back (within 3 heartbeat periods of the stop) and
 * carry traffic with nothing lost, corrupted, duplicated or reordered.
 *
 * While it scribbles, payloads it hit arrive corrupted unless the sessions
 * carry a CRC (rpmsg has no wire checksum; the soak's own crc finds them):
 * counted and printed, not failures. A message that vanished (missing when
 * the senders pause) must be reported to the application by the close of its
 * session, which the sequence numbers bring at the session's next message: a
 * missing message on a session that never closed ("silently_lost") is a
 * failure, and so is a stale or duplicated delivery at any time, and
 * anything else once it stopped.
 */
#include <stdio.h>
#include <string.h>

#include "amp/layout.h"
#include "amp_lockstep.h"
#include "sim.h"
#include "soak.h"

#define HB_MS	     ((uint32_t)AMP_CFG_HEARTBEAT_MS)
#define SCRIBBLE_MS  (5u * HB_MS)
#define PAUSE_MS     HB_MS
#define CLEAN_MS     (20u * HB_MS)
#define RECOVERY_MAX (4u * HB_MS)

struct counts {
	uint32_t corrupted, duplicated, reordered, lost;
};

struct scribble_run {
	struct amp_lockstep ls;
	struct soak_side side[2];
	struct soak_book *book;
	uint32_t rounds, writes, deadlocks, max_recovery_ms, link_downs;
	uint32_t last_down; /* the last time either side was not ready */
	struct counts during, after;
	struct counts mark; /* the book's counters when this phase began */
};

static void step(struct scribble_run *r)
{
	enum amp_role role = amp_lockstep_pick(&r->ls);

	amp_lockstep_step(&r->ls, role);
	soak_side_tick(&r->side[role]);
}

static int both_ready(const struct scribble_run *r)
{
	return soak_side_ready(&r->side[0]) && soak_side_ready(&r->side[1]);
}

/* One random byte: half in the control structures, half in the pool. */
static void scribble(struct scribble_run *r)
{
	uint32_t x = amp_lockstep_rand(&r->ls), off;

	if (x & 1u)
		off = (x >> 1) % AMP_SHM_POOL_OFF;
	else
		off = AMP_SHM_POOL_OFF + (x >> 1) % AMP_SHM_POOL_SIZE;
	r->ls.shm.region[off] = (uint8_t)amp_lockstep_rand(&r->ls);
	r->writes++;
}

static void run_for(struct scribble_run *r, uint32_t ms, int scribbling)
{
	uint32_t until = r->ls.now_ms + ms;

	while (r->ls.now_ms < until) {
		step(r);
		if (!both_ready(r))
			r->last_down = r->ls.now_ms;
		/* about one write per millisecond */
		if (scribbling && amp_lockstep_rand(&r->ls) % AMP_LOCKSTEP_STEPS_PER_MS == 0u)
			scribble(r);
	}
}

/* Add what the book counted since the mark to c; lost: what resync finds. */
static void close_phase(struct scribble_run *r, struct counts *c)
{
	struct soak_book *b = r->book;

	r->side[0].quiet = r->side[1].quiet = 1;
	run_for(r, PAUSE_MS, 0);
	c->corrupted += b->corrupted - r->mark.corrupted;
	c->duplicated += b->duplicated - r->mark.duplicated;
	c->reordered += b->reordered - r->mark.reordered;
	c->lost += soak_side_resync(&r->side[0]) + soak_side_resync(&r->side[1]);
	r->mark = (struct counts){b->corrupted, b->duplicated, b->reordered, 0};
	r->side[0].quiet = r->side[1].quiet = 0;
}

/* After the scribbler stopped: back in time, then clean traffic. */
static void clean_phase(struct scribble_run *r, uint32_t t_stop)
{
	uint32_t until = r->ls.now_ms + CLEAN_MS;
	int was_ready = both_ready(r);

	while (r->ls.now_ms < until) {
		step(r);
		if (!both_ready(r)) {
			r->last_down = r->ls.now_ms;
			/* it was back, and went down again with nobody scribbling */
			if (was_ready)
				r->link_downs++;
		}
		was_ready = both_ready(r);
	}
	if (!both_ready(r)) {
		r->deadlocks++;
		fprintf(stderr, "scribble: not back %u ms after round %u (master %u, slave %u)\n",
			r->ls.now_ms - t_stop, r->rounds, r->ls.amp[0].link.state,
			r->ls.amp[1].link.state);
	}
	if (r->last_down > t_stop && r->last_down - t_stop > r->max_recovery_ms)
		r->max_recovery_ms = r->last_down - t_stop;
}

static int setup(struct scribble_run *r, uint64_t seed)
{
	int role;

	memset(r, 0, sizeof(*r));
	r->book = soak_book_create();
	if (!r->book || amp_lockstep_init(&r->ls, seed))
		return -1;
	for (role = 0; role < 2; role++) {
		amp_lockstep_boot(&r->ls, (enum amp_role)role);
		soak_side_start(&r->side[role], r->book, &r->ls.amp[role], (enum amp_role)role,
				seed ^ (uint64_t)role);
	}
	run_for(r, CLEAN_MS, 0);
	return both_ready(r) ? 0 : -1;
}

int sim_run_scribble(const struct sim_opts *o)
{
	static struct scribble_run r;
	uint32_t i;
	int bad;

	if (setup(&r, o->seed)) {
		fprintf(stderr, "amp-sim: the scribble soak did not start\n");
		return 2;
	}
	close_phase(&r, &r.after);
	for (i = 0; i < o->scribble; i++) {
		uint32_t t_stop;

		r.rounds++;
		run_for(&r, SCRIBBLE_MS, 1);
		t_stop = r.ls.now_ms;
		close_phase(&r, &r.during);
		clean_phase(&r, t_stop);
		close_phase(&r, &r.after);
		if (o->trace)
			printf("round %u: after lost=%u corrupted=%u duplicated=%u reordered=%u "
			       "during dup=%u\n",
			       r.rounds, r.after.lost, r.after.corrupted, r.after.duplicated,
			       r.after.reordered, r.during.duplicated);
	}
	soak_book_settle(r.book);
	bad = r.deadlocks || r.after.corrupted || r.after.duplicated || r.after.reordered ||
	      r.after.lost || r.book->lost || r.during.duplicated || soak_book_unreported(r.book) ||
	      r.max_recovery_ms > RECOVERY_MAX;
	printf("scribble: rounds=%u writes=%u deadlocks=%u max_recovery_beats=%.2f "
	       "downs_after_stop=%u\n",
	       r.rounds, r.writes, r.deadlocks, (double)r.max_recovery_ms / HB_MS, r.link_downs);
	printf("scribble: after lost=%u corrupted=%u duplicated=%u reordered=%u\n",
	       r.after.lost + r.book->lost, r.after.corrupted, r.after.duplicated,
	       r.after.reordered);
	printf("scribble: during corrupted=%u missing_at_pause=%u silently_lost=%u reordered=%u "
	       "duplicated=%u\n",
	       r.during.corrupted, r.during.lost, soak_book_unreported(r.book), r.during.reordered,
	       r.during.duplicated);
	printf("scribble: messages=%llu ring_errors=%u/%u republished=%u peer_resets=%u/%u "
	       "virtual_ms=%u\n",
	       (unsigned long long)r.book->messages, r.ls.amp[0].link.stats.ring_errors,
	       r.ls.amp[1].link.stats.ring_errors, r.ls.amp[0].link.stats.republished,
	       r.ls.amp[0].link.stats.peer_resets, r.ls.amp[1].link.stats.peer_resets, r.ls.now_ms);
	printf("scribble: sessions closed on bad_seq=%u/%u bad_crc=%u/%u bad_hdr=%u/%u\n",
	       r.ls.amp[0].sess.stats.data_bad_seq, r.ls.amp[1].sess.stats.data_bad_seq,
	       r.ls.amp[0].sess.stats.data_bad_crc, r.ls.amp[1].sess.stats.data_bad_crc,
	       r.ls.amp[0].sess.stats.data_bad_hdr, r.ls.amp[1].sess.stats.data_bad_hdr);
	amp_lockstep_fini(&r.ls);
	return bad ? 1 : 0;
}

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

#include "amp_lockstep.h"
#include "scribble.h"
#include "sim.h"

#define PAUSE_MS SCRIBBLE_HB_MS

struct scribble_run {
	struct amp_lockstep ls;
	struct soak_side side[2];
	struct soak_book *book;
	struct scribble_tally t;
	uint32_t last_down; /* the last time either side was not ready */
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

static void scribble(struct scribble_run *r)
{
	uint32_t off = scribble_offset(amp_lockstep_rand(&r->ls));

	r->ls.shm.region[off] = (uint8_t)amp_lockstep_rand(&r->ls);
	r->t.writes++;
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

/* The senders pause so that what was in flight lands; what is missing then is lost. */
static void close_phase(struct scribble_run *r, struct scribble_counts *c)
{
	uint32_t lost;

	r->side[0].quiet = r->side[1].quiet = 1;
	run_for(r, PAUSE_MS, 0);
	lost = soak_side_resync(&r->side[0]) + soak_side_resync(&r->side[1]);
	scribble_count_phase(&r->t, r->book, c, lost);
	r->side[0].quiet = r->side[1].quiet = 0;
}

/* After the scribbler stopped: back in time, then clean traffic. */
static void clean_phase(struct scribble_run *r, uint32_t t_stop)
{
	uint32_t until = r->ls.now_ms + SCRIBBLE_CLEAN_MS;
	int was_ready = both_ready(r);

	while (r->ls.now_ms < until) {
		step(r);
		if (!both_ready(r)) {
			r->last_down = r->ls.now_ms;
			/* it was back, and went down again with nobody scribbling */
			if (was_ready)
				r->t.link_downs++;
		}
		was_ready = both_ready(r);
	}
	if (!both_ready(r)) {
		r->t.deadlocks++;
		fprintf(stderr, "scribble: not back %u ms after round %u (master %u, slave %u)\n",
			r->ls.now_ms - t_stop, r->t.rounds, r->ls.amp[0].link.state,
			r->ls.amp[1].link.state);
	}
	if (r->last_down > t_stop && r->last_down - t_stop > r->t.max_recovery_ms)
		r->t.max_recovery_ms = r->last_down - t_stop;
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
	run_for(r, SCRIBBLE_CLEAN_MS, 0);
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
	close_phase(&r, &r.t.after);
	for (i = 0; i < o->scribble; i++) {
		uint32_t t_stop;

		r.t.rounds++;
		run_for(&r, SCRIBBLE_MS, 1);
		t_stop = r.ls.now_ms;
		close_phase(&r, &r.t.during);
		clean_phase(&r, t_stop);
		close_phase(&r, &r.t.after);
		if (o->trace)
			printf("round %u: after lost=%u corrupted=%u duplicated=%u reordered=%u "
			       "during dup=%u\n",
			       r.t.rounds, r.t.after.lost, r.t.after.corrupted,
			       r.t.after.duplicated, r.t.after.reordered, r.t.during.duplicated);
	}
	bad = scribble_report(&r.t, r.book);
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

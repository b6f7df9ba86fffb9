/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hostile-peer soak with three processes: --scribble-procs ROUNDS.
 *
 * Master and slave run as two processes over one POSIX shared-memory object
 * (procs.c), carrying checked soak traffic on three sessions (soak.c:
 * sequence number and crc in every payload, a book both processes share).
 * In each round a third process maps the same object by name and writes
 * random bytes over it for SCRIBBLE_MS, about one a millisecond: half over
 * the resource table, the link block and both vrings (descriptors, avail and
 * used rings), half over the buffer pool. It exits; the senders pause so
 * that what was in flight lands, and counting starts afresh on the sessions
 * still open (each side resyncs its own). For SCRIBBLE_CLEAN_MS after that
 * the channel must be back (both sides ready within SCRIBBLE_RECOVERY_MAX
 * of the stop) and carry traffic with nothing lost, corrupted, duplicated
 * or reordered. The verdict is the lockstep form's (scribble.c).
 *
 * Real processes on a loaded machine: the figures vary from run to run,
 * and a side descheduled for several heartbeat periods is a real loss of
 * the peer (reported, not a failure of the soak unless it stays down).
 */
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procs.h"
#include "scribble.h"
#include "sim.h"

/* Real time: a longer pause than in lockstep, for what a busy machine delays. */
#define PAUSE_MS	  (3u * SCRIBBLE_HB_MS)
#define START_LIMIT_MS	  10000u
#define RESYNC_LIMIT_MS	  5000u
#define WRITE_INTERVAL_MS 1u

struct procs_run {
	char name[64];
	struct amp_posix_shm shm;
	struct soak_book *book;
	uint32_t *writes; /* shared with the scribbler */
	pid_t pid[2];
	struct scribble_tally t;
	uint64_t seed;
	uint32_t last_down;    /* the last time either side was not ready */
	uint32_t downs_during; /* times the channel went down while scribbled on */
	int was_ready;
};

static int both_ready(const struct procs_run *r)
{
	return r->book->ready[0] && r->book->ready[1];
}

/* One millisecond's look at the sides; returns 1 if the channel just went down. */
static int watch_1ms(struct procs_run *r)
{
	int ready = both_ready(r), went_down = r->was_ready && !ready;

	if (!ready)
		r->last_down = amp_posix_now_ms();
	r->was_ready = ready;
	procs_sleep_ms(1);
	return went_down;
}

static void watch(struct procs_run *r, uint32_t ms)
{
	uint32_t start = amp_posix_now_ms();

	while (amp_posix_now_ms() - start < ms)
		watch_1ms(r);
}

/* A side that exited by itself crashed (or failed to start). */
static void check_sides(struct procs_run *r)
{
	int role, st;

	for (role = 0; role < 2; role++) {
		if (r->pid[role] <= 0 || waitpid(r->pid[role], &st, WNOHANG) != r->pid[role])
			continue;
		r->t.crashes++;
		fprintf(stderr, "scribble-procs: the %s exited (status 0x%x) in round %u\n",
			role ? "slave" : "master", (unsigned)st, r->t.rounds);
		soak_book_unlock_dead(r->book, (uint32_t)r->pid[role]);
		r->pid[role] = 0;
	}
}

/* The third process: map the object by name, write random bytes for SCRIBBLE_MS. */
static int scribbler_main(const char *name, uint64_t seed, uint32_t *writes)
{
	struct amp_posix_shm shm;
	uint32_t start;

	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	start = amp_posix_now_ms();
	while (amp_posix_now_ms() - start < SCRIBBLE_MS) {
		uint32_t off = scribble_offset(procs_rand(&seed));

		shm.region[off] = (uint8_t)procs_rand(&seed);
		__atomic_fetch_add(writes, 1u, __ATOMIC_RELAXED);
		procs_sleep_ms(WRITE_INTERVAL_MS);
	}
	amp_posix_shm_close(&shm);
	return 0;
}

static int scribble_round(struct procs_run *r)
{
	uint64_t seed = r->seed * 0x9E3779B97F4A7C15ull + r->t.rounds;
	pid_t pid;
	int st = 0;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(scribbler_main(r->name, seed | 1u, r->writes));
	if (pid < 0) {
		fprintf(stderr, "scribble-procs: cannot start the scribbler\n");
		return -1;
	}
	while (waitpid(pid, &st, WNOHANG) == 0)
		r->downs_during += (uint32_t)watch_1ms(r);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "scribble-procs: the scribbler failed (status 0x%x)\n",
			(unsigned)st);
		return -1;
	}
	r->t.writes = *r->writes;
	return 0;
}

/*
 * The senders pause so that what was in flight lands; what is missing then is
 * lost. They go on afterwards unless this was the last phase (what they sent
 * after it would still be in flight when they are stopped).
 */
static int close_phase(struct procs_run *r, struct scribble_counts *c, int last)
{
	uint32_t lost;

	__atomic_store_n(&r->book->quiet, 1u, __ATOMIC_SEQ_CST);
	watch(r, PAUSE_MS);
	lost = procs_resync(r->book, RESYNC_LIMIT_MS);
	if (!last)
		__atomic_store_n(&r->book->quiet, 0u, __ATOMIC_SEQ_CST);
	if (lost == UINT32_MAX) {
		fprintf(stderr, "scribble-procs: a side did not resync in round %u\n", r->t.rounds);
		return -1;
	}
	scribble_count_phase(&r->t, r->book, c, lost);
	return 0;
}

/* After the scribbler stopped: back in time, then clean traffic. */
static void clean_phase(struct procs_run *r, uint32_t t_stop)
{
	uint32_t start = amp_posix_now_ms();

	while (amp_posix_now_ms() - start < SCRIBBLE_CLEAN_MS)
		/* it was back, and went down again with nobody scribbling */
		r->t.link_downs += (uint32_t)watch_1ms(r);
	check_sides(r);
	if (!both_ready(r)) {
		r->t.deadlocks++;
		fprintf(stderr, "scribble-procs: not back %u ms after round %u\n",
			amp_posix_now_ms() - t_stop, r->t.rounds);
	}
	if (r->last_down > t_stop && r->last_down - t_stop > r->t.max_recovery_ms)
		r->t.max_recovery_ms = r->last_down - t_stop;
}

static int setup(struct procs_run *r, uint64_t seed)
{
	r->seed = seed;
	snprintf(r->name, sizeof(r->name), "/amplink-scribble-%d", (int)getpid());
	r->book = soak_book_create();
	r->writes = mmap(NULL, sizeof(*r->writes), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!r->book || r->writes == MAP_FAILED ||
	    amp_posix_shm_create(&r->shm, r->name, AMP_CFG_SHM_SIZE))
		return -1;
	*r->writes = 0;
	amp_posix_shm_scramble(&r->shm, (uint32_t)seed);
	r->pid[0] = procs_start_side(r->name, AMP_ROLE_MASTER, r->book, seed);
	r->pid[1] = procs_start_side(r->name, AMP_ROLE_SLAVE, r->book, seed + 1u);
	if (procs_wait_ready(r->book, START_LIMIT_MS) > START_LIMIT_MS)
		return -1;
	r->was_ready = 1;
	return 0;
}

static void teardown(struct procs_run *r)
{
	int role;

	for (role = 0; role < 2; role++)
		if (r->pid[role] > 0) {
			kill(r->pid[role], SIGTERM);
			waitpid(r->pid[role], NULL, 0);
		}
	amp_posix_shm_close(&r->shm);
	amp_posix_shm_unlink(r->name);
}

int sim_run_scribble_procs(const struct sim_opts *o)
{
	static struct procs_run r;
	uint32_t i, t0 = amp_posix_now_ms();
	int bad = 0;

	if (setup(&r, o->seed) || close_phase(&r, &r.t.after, 0)) {
		fprintf(stderr, "amp-sim: the three-process scribble soak did not start\n");
		teardown(&r);
		return 2;
	}
	for (i = 0; i < o->scribble && !bad; i++) {
		uint32_t t_stop;

		r.t.rounds++;
		if (scribble_round(&r)) {
			bad = 1;
			break;
		}
		t_stop = amp_posix_now_ms();
		r.last_down = 0;
		check_sides(&r);
		bad = r.t.crashes || close_phase(&r, &r.t.during, 0);
		if (bad)
			break;
		clean_phase(&r, t_stop);
		bad = r.t.crashes || close_phase(&r, &r.t.after, i + 1u == o->scribble);
	}
	teardown(&r);
	bad |= scribble_report(&r.t, r.book);
	printf("scribble: messages=%llu processes=3 downs_while_scribbling=%u elapsed_ms=%u\n",
	       (unsigned long long)r.book->messages, r.downs_during, amp_posix_now_ms() - t0);
	return bad ? 1 : 0;
}

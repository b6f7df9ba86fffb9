/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-sim --kill-soak N: master and slave as two processes carrying soak
 * traffic; N times, kill -9 one of them (chosen at random) at a random
 * moment, start it again, and time the recovery. Ends with the soak line.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "soak.h"

#define HB_MS		  ((uint32_t)AMP_CFG_HEARTBEAT_MS)
#define IDLE_WAIT_MS	  5u
#define RECOVERY_LIMIT_MS 10000u
#define DRAIN_MS	  500u

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void sleep_ms(uint32_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};

	nanosleep(&ts, NULL);
}

static int side_main(const char *name, enum amp_role role, struct soak_book *book, uint64_t seed)
{
	static struct soak_side sd;
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	static struct amp amp;

	signal(SIGTERM, on_term);
	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	amp_posix_port_init(&pp, &shm, role);
	amp_init(&amp, role, &pp.port);
	soak_side_start(&sd, book, &amp, role, seed);
	while (!stop_requested) {
		int work = amp_poll(&amp);

		sd.quiet = (int)book->quiet;
		work += soak_side_tick(&sd);
		book->ready[role] = (uint32_t)soak_side_ready(&sd);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	book->ready[role] = 0;
	amp_posix_shm_close(&shm);
	return 0;
}

static pid_t start_side(const char *name, enum amp_role role, struct soak_book *book, uint64_t seed)
{
	pid_t pid;

	book->ready[role] = 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(side_main(name, role, book, seed));
	return pid;
}

/* Milliseconds until both sides are ready, or RECOVERY_LIMIT_MS + 1. */
static uint32_t wait_ready(struct soak_book *book)
{
	uint32_t start = amp_posix_now_ms();

	for (;;) {
		uint32_t t = amp_posix_now_ms() - start;

		if (book->ready[0] && book->ready[1])
			return t;
		if (t > RECOVERY_LIMIT_MS)
			return t;
		sleep_ms(1);
	}
}

static uint32_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

int sim_run_kill_soak(const struct sim_opts *o)
{
	struct soak_book *book = soak_book_create();
	struct amp_posix_shm shm;
	uint32_t deadlocks = 0, max_ms, kills;
	uint64_t rng = o->seed * 0x9E3779B97F4A7C15ull + 3u;
	pid_t pid[2];
	char name[64];
	int r, bad;

	snprintf(name, sizeof(name), "/amplink-kill-%d", (int)getpid());
	if (!book || amp_posix_shm_create(&shm, name, AMP_CFG_SHM_SIZE)) {
		fprintf(stderr, "amp-sim: cannot set up the kill soak\n");
		return 2;
	}
	amp_posix_shm_scramble(&shm, (uint32_t)o->seed);
	pid[0] = start_side(name, AMP_ROLE_MASTER, book, o->seed);
	pid[1] = start_side(name, AMP_ROLE_SLAVE, book, o->seed + 1u);
	max_ms = wait_ready(book);
	if (max_ms > RECOVERY_LIMIT_MS)
		deadlocks++;
	max_ms = 0;
	for (kills = 0; kills < o->kill_soak; kills++) {
		uint32_t x = rnd(&rng), t;

		/* Sometimes mid-handshake, mostly mid-transfer. */
		sleep_ms(x % 10u < 3u ? x % 5u : 20u + x % 250u);
		r = (int)(rnd(&rng) & 1u);
		kill(pid[r], SIGKILL);
		waitpid(pid[r], NULL, 0);
		soak_book_unlock_dead(book, (uint32_t)pid[r]);
		pid[r] =
		    start_side(name, (enum amp_role)r, book, o->seed + kills * 2u + (uint32_t)r);
		t = wait_ready(book);
		if (t > RECOVERY_LIMIT_MS) {
			deadlocks++;
			fprintf(stderr, "kill-soak: no recovery %u ms after kill %u\n", t, kills);
		}
		if (t > max_ms)
			max_ms = t;
	}
	book->quiet = 1;
	sleep_ms(DRAIN_MS);
	for (r = 0; r < 2; r++) {
		kill(pid[r], SIGTERM);
		waitpid(pid[r], NULL, 0);
	}
	soak_book_settle(book);
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(name);
	bad = deadlocks || book->lost || book->duplicated || book->reordered || book->corrupted ||
	      max_ms > 3u * HB_MS;
	printf("soak: reboots=%u deadlocks=%u lost=%u duplicated=%u reordered=%u corrupted=%u "
	       "max_recovery_beats=%.2f\n",
	       kills, deadlocks, book->lost, book->duplicated, book->reordered, book->corrupted,
	       (double)max_ms / HB_MS);
	printf("soak: messages=%llu bytes=%llu\n", (unsigned long long)book->messages,
	       (unsigned long long)book->bytes);
	return bad ? 1 : 0;
}

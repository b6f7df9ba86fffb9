/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-sim --kill-soak N: master and slave as two processes carrying soak
 * traffic; N times, kill -9 one of them (chosen at random) at a random
 * moment, start it again, and time the recovery. Ends with the soak line.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procs.h"
#include "sim.h"

#define HB_MS		  ((uint32_t)AMP_CFG_HEARTBEAT_MS)
#define RECOVERY_LIMIT_MS 10000u
#define DRAIN_MS	  500u

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
	pid[0] = procs_start_side(name, AMP_ROLE_MASTER, book, o->seed);
	pid[1] = procs_start_side(name, AMP_ROLE_SLAVE, book, o->seed + 1u);
	max_ms = procs_wait_ready(book, RECOVERY_LIMIT_MS);
	if (max_ms > RECOVERY_LIMIT_MS)
		deadlocks++;
	max_ms = 0;
	for (kills = 0; kills < o->kill_soak; kills++) {
		uint32_t x = procs_rand(&rng), t;

		/* Sometimes mid-handshake, mostly mid-transfer. */
		procs_sleep_ms(x % 10u < 3u ? x % 5u : 20u + x % 250u);
		r = (int)(procs_rand(&rng) & 1u);
		kill(pid[r], SIGKILL);
		waitpid(pid[r], NULL, 0);
		soak_book_unlock_dead(book, (uint32_t)pid[r]);
		pid[r] = procs_start_side(name, (enum amp_role)r, book,
					  o->seed + kills * 2u + (uint32_t)r);
		t = procs_wait_ready(book, RECOVERY_LIMIT_MS);
		if (t > RECOVERY_LIMIT_MS) {
			deadlocks++;
			fprintf(stderr, "kill-soak: no recovery %u ms after kill %u\n", t, kills);
		}
		if (t > max_ms)
			max_ms = t;
	}
	book->quiet = 1;
	procs_sleep_ms(DRAIN_MS);
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

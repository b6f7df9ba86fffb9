/* SPDX-License-Identifier: BSD-3-Clause */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "amp_posix.h"
#include "procs.h"

#define IDLE_WAIT_MS 5u

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint32_t load(const uint32_t *p)
{
	return atomic_load((const _Atomic uint32_t *)(const void *)p);
}

static void store(uint32_t *p, uint32_t v)
{
	atomic_store((_Atomic uint32_t *)(void *)p, v);
}

void procs_sleep_ms(uint32_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};

	nanosleep(&ts, NULL);
}

uint32_t procs_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

/* A resync the parent asked for (procs_resync()), done once we are quiet. */
static void answer_resync(struct soak_side *sd, struct soak_book *book, enum amp_role role)
{
	uint32_t req = load(&book->resync_req);

	if (req == load(&book->resync_done[role]) || !sd->quiet)
		return;
	atomic_fetch_add((_Atomic uint32_t *)(void *)&book->resync_lost, soak_side_resync(sd));
	store(&book->resync_done[role], req);
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
	store(&book->resync_done[role], load(&book->resync_req));
	while (!stop_requested) {
		int work = amp_poll(&amp);

		sd.quiet = (int)load(&book->quiet);
		work += soak_side_tick(&sd);
		store(&book->ready[role], (uint32_t)soak_side_ready(&sd));
		answer_resync(&sd, book, role);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	store(&book->ready[role], 0);
	amp_posix_shm_close(&shm);
	return 0;
}

pid_t procs_start_side(const char *name, enum amp_role role, struct soak_book *book, uint64_t seed)
{
	pid_t pid;

	store(&book->ready[role], 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(side_main(name, role, book, seed));
	return pid;
}

uint32_t procs_wait_ready(struct soak_book *book, uint32_t limit_ms)
{
	uint32_t start = amp_posix_now_ms();

	for (;;) {
		uint32_t t = amp_posix_now_ms() - start;

		if ((load(&book->ready[0]) && load(&book->ready[1])) || t > limit_ms)
			return t;
		procs_sleep_ms(1);
	}
}

uint32_t procs_resync(struct soak_book *book, uint32_t limit_ms)
{
	uint32_t start = amp_posix_now_ms(), req;

	store(&book->resync_lost, 0);
	req = (uint32_t)atomic_fetch_add((_Atomic uint32_t *)(void *)&book->resync_req, 1u) + 1u;
	while (load(&book->resync_done[0]) != req || load(&book->resync_done[1]) != req) {
		if (amp_posix_now_ms() - start > limit_ms)
			return UINT32_MAX;
		procs_sleep_ms(1);
	}
	return load(&book->resync_lost);
}

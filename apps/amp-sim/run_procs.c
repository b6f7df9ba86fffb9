/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-sim (default): master and slave as two processes over a POSIX
 * shared-memory object, futex doorbells between them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#define IDLE_WAIT_MS 10u

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double host_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup_port(struct amp_posix_port *pp, struct amp_posix_shm *shm, enum amp_role role,
		       const struct sim_opts *o, struct sim_events *evs)
{
	amp_posix_port_init(pp, shm, role);
	pp->trace_out = o->trace ? stdout : NULL;
	if (evs) {
		pp->trace_hook = sim_events_hook;
		pp->trace_arg = evs;
	}
}

static int slave_main(const char *name, const struct sim_opts *o, struct sim_events *evs)
{
	static struct sim_echo_slave es;
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp amp;

	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	setup_port(&pp, &shm, AMP_ROLE_SLAVE, o, evs);
	amp_init(&amp, AMP_ROLE_SLAVE, &pp.port);
	sim_echo_slave_init(&es);
	sim_echo_slave_attach(&es, &amp);
	while (!stop_requested) {
		int work = amp_poll(&amp);

		work += sim_echo_slave_tick(&es, &amp);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	amp_posix_shm_close(&shm);
	return 0;
}

static int master_main(const char *name, const struct sim_opts *o, struct sim_events *evs)
{
	static struct sim_echo_master em;
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp amp;
	double t0 = 0, deadline = host_seconds() + o->timeout_s, dt;
	int ok;

	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	setup_port(&pp, &shm, AMP_ROLE_MASTER, o, evs);
	amp_init(&amp, AMP_ROLE_MASTER, &pp.port);
	sim_echo_master_init(&em, o->seed, o->messages);
	sim_echo_master_attach(&em, &amp);
	while (!sim_echo_master_done(&em) && host_seconds() < deadline) {
		int work = amp_poll(&amp);

		if (t0 == 0 && amp_is_ready(&amp))
			t0 = host_seconds();
		work += sim_echo_master_tick(&em, &amp);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	dt = t0 > 0 ? host_seconds() - t0 : 0;
	ok = sim_echo_master_done(&em) && !em.errors;
	printf("echo: messages=%u bytes=%llu errors=%u round_trips_per_s=%.0f%s\n", em.received,
	       (unsigned long long)em.bytes, em.errors + (em.target - em.received),
	       dt > 0 ? em.received / dt : 0.0, ok ? "" : " (incomplete: timed out)");
	fflush(stdout);
	amp_posix_shm_close(&shm);
	return ok ? 0 : 1;
}

static pid_t spawn(int (*fn)(const char *, const struct sim_opts *, struct sim_events *),
		   const char *name, const struct sim_opts *o, struct sim_events *evs)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, on_term);
		_exit(fn(name, o, evs));
	}
	return pid;
}

int sim_run_processes(const struct sim_opts *o)
{
	struct sim_events *evs = o->msc ? sim_events_create() : NULL;
	struct amp_posix_shm shm;
	char name[64];
	pid_t master, slave;
	int status = 0;

	snprintf(name, sizeof(name), "/amplink-sim-%d", (int)getpid());
	/* The region starts as power-up garbage: nothing may act on it. */
	if (amp_posix_shm_create(&shm, name, AMP_CFG_SHM_SIZE)) {
		fprintf(stderr, "amp-sim: cannot create shared memory %s\n", name);
		return 2;
	}
	amp_posix_shm_scramble(&shm, (uint32_t)o->seed);
	fflush(stdout);
	if (o->slave_first) {
		slave = spawn(slave_main, name, o, evs);
		master = spawn(master_main, name, o, evs);
	} else {
		master = spawn(master_main, name, o, evs);
		slave = spawn(slave_main, name, o, evs);
	}
	if (master < 0 || slave < 0) {
		fprintf(stderr, "amp-sim: fork failed\n");
		return 2;
	}
	waitpid(master, &status, 0);
	kill(slave, SIGTERM);
	waitpid(slave, NULL, 0);
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(name);
	if (o->msc && sim_msc_finish(evs, o->msc))
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

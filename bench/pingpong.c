/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-bench-pp MODE SIZE SECONDS: round trips per second between two
 * processes (master and slave, one CPU each when there are two), over the
 * POSIX port's shared region and doorbells.
 *
 *   floor-doorbell  the bare doorbell ping-pong: master rings, slave wakes
 *                   and rings back; the port's own notify / ipm_take / wait,
 *                   no amplink (SIZE is ignored);
 *   floor-flag      the bare shared-memory ping-pong: a counter per direction
 *                   on its own cache line, both sides spinning (SIZE ignored);
 *   doorbell        amplink: the master sends SIZE bytes on a session, the
 *                   slave echoes them; a side with nothing to do sleeps on the
 *                   doorbell (the port's wait);
 *   busypoll        the same, but nobody ever sleeps: both sides call
 *                   amp_poll() in a loop, and each tells the peer not to ring
 *                   (amp_rpmsg_set_rx_notify(.., 0));
 *   adaptive        doorbell, with the POSIX port's adaptive wait: watch the
 *                   bell for ADAPTIVE_SPIN_US before sleeping (not a figure of
 *                   bench/run; there to try the option).
 *
 * Prints one line: "pp: MODE SIZE round_trips=N seconds=S rate=R".
 */
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "amp_posix.h"
#include "bench_util.h"

#define SETUP_TIMEOUT_S	 10.0
#define WAIT_MS		 100u
#define SPIN_CHECK	 4096u /* spins between two looks at the clock or the stop flag */
#define ADAPTIVE_SPIN_US 50u

enum mode {
	FLOOR_DOORBELL,
	FLOOR_FLAG,
	DOORBELL,
	BUSYPOLL,
	ADAPTIVE,
};

static const char *const mode_names[] = {"floor-doorbell", "floor-flag", "doorbell", "busypoll",
					 "adaptive"};

struct opts {
	enum mode mode;
	uint32_t size;
	double seconds;
};

/* The flag floor's two counters, each on its own cache line of the region. */
static _Atomic uint32_t *flag_word(struct amp_posix_shm *shm, enum amp_role to)
{
	return (_Atomic uint32_t *)(void *)(shm->region + (to == AMP_ROLE_SLAVE ? 0u : 128u));
}

/* ---- measurement loop, shared by every mode (master side) --------------- */

struct meter {
	double t_start, t_end, warm_end;
	uint64_t count, counted_from;
};

static void meter_start(struct meter *m, double seconds)
{
	double now = bench_seconds();

	memset(m, 0, sizeof(*m));
	/* A tenth of the time (at least 50 ms) warms caches, branch predictors, the scheduler. */
	m->warm_end = now + (seconds / 10 > 0.05 ? seconds / 10 : 0.05);
	m->t_end = m->warm_end + seconds;
}

/* Count one round trip; returns 1 when the run is over. Looks at the clock sparingly. */
static int meter_tick(struct meter *m)
{
	double now;

	m->count++;
	if (m->count & 63u)
		return 0;
	now = bench_seconds();
	if (!m->t_start && now >= m->warm_end) {
		m->t_start = now;
		m->counted_from = m->count;
	}
	if (now < m->t_end)
		return 0;
	m->t_end = now;
	return 1;
}

static void meter_print(const struct meter *m, const struct opts *o)
{
	double dt = m->t_end - m->t_start;
	uint64_t n = m->count - m->counted_from;

	printf("pp: %s %u round_trips=%llu seconds=%.3f rate=%.0f\n", mode_names[o->mode], o->size,
	       (unsigned long long)n, dt, dt > 0 ? (double)n / dt : 0.0);
	fflush(stdout);
}

/* ---- floors ------------------------------------------------------------- */

/* Bounded: a missing peer ends the run instead of hanging it. */
static int doorbell_wait(struct amp_posix_port *pp, double deadline)
{
	const struct amp_port_ops *ops = pp->port.ops;

	while (!ops->ipm_take(pp->port.ctx)) {
		if (bench_stop_requested || bench_seconds() > deadline)
			return -1;
		ops->wait(pp->port.ctx, WAIT_MS);
	}
	return 0;
}

static int floor_doorbell(struct amp_posix_shm *shm, enum amp_role role, const struct opts *o)
{
	struct amp_posix_port pp;
	struct meter m;
	double deadline = bench_seconds() + SETUP_TIMEOUT_S + 2 * o->seconds;

	amp_posix_port_init(&pp, shm, role);
	if (role == AMP_ROLE_SLAVE) {
		while (doorbell_wait(&pp, deadline) == 0)
			pp.port.ops->notify(pp.port.ctx);
		return 0;
	}
	meter_start(&m, o->seconds);
	do {
		pp.port.ops->notify(pp.port.ctx);
		if (doorbell_wait(&pp, deadline))
			return 1;
	} while (!meter_tick(&m));
	meter_print(&m, o);
	return 0;
}

static int flag_wait(_Atomic uint32_t *w, uint32_t want, double deadline)
{
	uint32_t spins = 0;

	while (atomic_load_explicit(w, memory_order_acquire) != want) {
		if (++spins % SPIN_CHECK == 0 &&
		    (bench_stop_requested || bench_seconds() > deadline))
			return -1;
	}
	return 0;
}

static int floor_flag(struct amp_posix_shm *shm, enum amp_role role, const struct opts *o)
{
	_Atomic uint32_t *ping = flag_word(shm, AMP_ROLE_SLAVE);
	_Atomic uint32_t *pong = flag_word(shm, AMP_ROLE_MASTER);
	double deadline = bench_seconds() + SETUP_TIMEOUT_S + 2 * o->seconds;
	uint32_t seq = 0;
	struct meter m;

	if (role == AMP_ROLE_SLAVE) {
		while (flag_wait(ping, seq + 1u, deadline) == 0)
			atomic_store_explicit(pong, ++seq, memory_order_release);
		return 0;
	}
	meter_start(&m, o->seconds);
	do {
		atomic_store_explicit(ping, ++seq, memory_order_release);
		if (flag_wait(pong, seq, deadline))
			return 1;
	} while (!meter_tick(&m));
	meter_print(&m, o);
	return 0;
}

/* ---- amplink ------------------------------------------------------------ */

/* Poll once; a side with nothing to do sleeps on the doorbell unless busy-polling. */
static int poll_once(struct amp *amp, const struct amp_posix_port *pp, enum mode mode)
{
	int work = amp_poll(amp);

	if (!work && mode != BUSYPOLL)
		pp->port.ops->wait(pp->port.ctx, WAIT_MS);
	return work;
}

static int amplink_run(struct amp_posix_shm *shm, enum amp_role role, const struct opts *o)
{
	static uint8_t msg[AMP_SESSION_PAYLOAD_MAX];
	static struct amp amp;
	struct bench_side side;
	struct amp_posix_port pp;
	struct meter m;
	double deadline = bench_seconds() + SETUP_TIMEOUT_S;
	uint32_t i;

	memset(&side, 0, sizeof(side));
	amp_posix_port_init(&pp, shm, role);
	if (o->mode == ADAPTIVE)
		pp.spin_us = ADAPTIVE_SPIN_US;
	if (amp_init(&amp, role, &pp.port))
		return 1;
	if (role == AMP_ROLE_SLAVE) {
		if (bench_side_start(&side, &amp, role, 1))
			return 1;
		side.expect_len = o->size;
		while (!bench_stop_requested) {
			if (o->mode == BUSYPOLL && amp_is_ready(&amp))
				amp_rpmsg_set_rx_notify(amp_rpmsg(&amp), 0);
			poll_once(&amp, &pp, o->mode);
		}
		return side.errors ? 1 : 0;
	}
	while (!amp_is_ready(&amp) || !bench_side_ready(&side)) {
		if (bench_seconds() > deadline) {
			fprintf(stderr, "amp-bench-pp: no session within %.0f s\n",
				SETUP_TIMEOUT_S);
			return 1;
		}
		if (amp_is_ready(&amp) && !side.amp && bench_side_start(&side, &amp, role, 0))
			return 1;
		poll_once(&amp, &pp, DOORBELL);
	}
	if (o->mode == BUSYPOLL)
		amp_rpmsg_set_rx_notify(amp_rpmsg(&amp), 0);
	for (i = 0; i < o->size; i++)
		msg[i] = (uint8_t)(i * 13u + 5u);
	side.expect_len = o->size;
	deadline = bench_seconds() + 2 * o->seconds + SETUP_TIMEOUT_S;
	meter_start(&m, o->seconds);
	do {
		uint32_t want = side.received + 1u, polls = 0;
		int err;

		/* No free buffer yet (the peer returns them in batches): poll and retry. */
		while ((err = amp_session_send(side.session, msg, o->size)) == AMP_ENOBUFS) {
			if (bench_seconds() > deadline)
				break;
			poll_once(&amp, &pp, o->mode);
		}
		if (err) {
			fprintf(stderr, "amp-bench-pp: send: %s\n", amp_strerror(err));
			return 1;
		}
		while (side.received != want) {
			/* Busy-polling, the clock costs more than a poll: look at it sparingly. */
			if ((o->mode != BUSYPOLL || ++polls % SPIN_CHECK == 0) &&
			    (!bench_side_ready(&side) || bench_seconds() > deadline)) {
				fprintf(stderr, "amp-bench-pp: echo lost\n");
				return 1;
			}
			poll_once(&amp, &pp, o->mode);
		}
	} while (!meter_tick(&m));
	if (side.errors) {
		fprintf(stderr, "amp-bench-pp: %u errors\n", side.errors);
		return 1;
	}
	meter_print(&m, o);
	return 0;
}

static int run_role(struct amp_posix_shm *shm, enum amp_role role, const struct opts *o)
{
	bench_pin_to_cpu(role == AMP_ROLE_MASTER ? 0 : 1);
	switch (o->mode) {
	case FLOOR_DOORBELL:
		return floor_doorbell(shm, role, o);
	case FLOOR_FLAG:
		return floor_flag(shm, role, o);
	case DOORBELL:
	case BUSYPOLL:
	case ADAPTIVE:
		return amplink_run(shm, role, o);
	}
	return 2;
}

static pid_t spawn(const char *name, enum amp_role role, const struct opts *o)
{
	struct amp_posix_shm shm;
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	bench_stop_on_sigterm();
	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		_exit(2);
	_exit(run_role(&shm, role, o));
}

static int parse(int argc, char **argv, struct opts *o)
{
	unsigned i;

	if (argc != 4)
		return -1;
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(argv[1], mode_names[i]))
			break;
	if (i == sizeof(mode_names) / sizeof(mode_names[0]))
		return -1;
	o->mode = (enum mode)i;
	o->size = (uint32_t)bench_arg_u64(argv[2], 1, AMP_SESSION_PAYLOAD_MAX);
	o->seconds = (double)bench_arg_u64(argv[3], 1, 3600000) / 1000.0;
	return 0;
}

int main(int argc, char **argv)
{
	struct amp_posix_shm shm;
	struct opts o;
	char name[64];
	pid_t master, slave;
	int status = 0;

	if (parse(argc, argv, &o)) {
		fprintf(stderr, "usage: amp-bench-pp floor-doorbell|floor-flag|doorbell|busypoll|"
				"adaptive SIZE MILLISECONDS\n");
		return 2;
	}
	snprintf(name, sizeof(name), "/amp-bench-pp-%d", (int)getpid());
	if (amp_posix_shm_create(&shm, name, AMP_CFG_SHM_SIZE)) {
		fprintf(stderr, "amp-bench-pp: cannot create %s\n", name);
		return 2;
	}
	fflush(stdout);
	slave = spawn(name, AMP_ROLE_SLAVE, &o);
	master = spawn(name, AMP_ROLE_MASTER, &o);
	if (master > 0)
		waitpid(master, &status, 0);
	if (slave > 0) {
		kill(slave, SIGTERM);
		waitpid(slave, NULL, 0);
	}
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(name);
	return master > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

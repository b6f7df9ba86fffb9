/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink and the real OpenAMP as two processes over a named POSIX shared
 * region, each with its own mapping (different addresses: every pointer
 * crosses as a bus address), the real doorbell path (the POSIX port's futex
 * bells: OpenAMP's notify rings them, an idle side sleeps on its own), and
 * 10,000 echoes with one, then 16 in flight, every byte checked.
 *   procs_am_or  amplink master (parent), OpenAMP remote (child)
 *   procs_om_as  OpenAMP master (child), amplink slave (parent)
 * The master side sends and checks; the child's exit status is its verdict.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "interop_util.h"

#define ECHOES	10000u
#define WAIT_MS 5u
/* idle waits of WAIT_MS before a side gives up: 20 s without any progress */
#define IDLE_WAITS 4000u
#define DONE_OFF   (IU_SHM_SIZE - 64u)

static const struct iu_geom geom = {16u, 16u, 512u, 0u, 1};
static struct iu_world w;
static struct amp_posix_port waiter; /* sleeps on this process's doorbell */
static char shm_name[64];
static pid_t child = -1; /* the OpenAMP process, until reaped */

static void wait_bell(struct iu_world *wd)
{
	(void)wd;
	waiter.port.ops->wait(waiter.port.ctx, WAIT_MS);
}

static volatile uint32_t *done_flag(struct amp_posix_shm *shm)
{
	return (volatile uint32_t *)(volatile void *)(shm->region + DONE_OFF);
}

static int child_done(struct iu_world *wd)
{
	return *done_flag(&wd->shm) != 0;
}

/* The OpenAMP side: child process. Exit 0 when its part went right. */
static int run_openamp(enum amp_role amp_role)
{
	struct amp_posix_shm shm;
	enum amp_role own = amp_role == AMP_ROLE_MASTER ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
	uint32_t good;

	if (amp_posix_shm_open(&shm, shm_name, IU_SHM_SIZE))
		return 10;
	amp_posix_port_init(&waiter, &shm, own);
	if (iu_world_oa(&w, &shm, &geom, amp_role))
		return 11;
	w.idle = wait_bell;
	w.idle_limit = IDLE_WAITS;
	if (amp_role == AMP_ROLE_MASTER) {
		/* remote: echo until the master says it is done */
		if (!iu_until(&w, child_done))
			return 12;
		return w.oa.last_err ? 13 : 0;
	}
	/* master: send, check, then tell the slave it may stop */
	if (!iu_until(&w, iu_oa_echo_ready))
		return 14;
	good = iu_echo(&w, ECHOES, 1u);
	printf("# child: OpenAMP master, window 1: %u good, %u bad\n", good, w.run.bad);
	if (w.run.bad || w.run.next_recv != ECHOES)
		return 15;
	good = iu_echo(&w, ECHOES, 16u);
	printf("# child: OpenAMP master, window 16: %u good, %u bad, max in flight %u\n", good,
	       w.run.bad, w.run.max_in_flight_seen);
	if (w.run.bad || w.run.next_recv != ECHOES || w.run.max_in_flight_seen != 16u)
		return 16;
	*done_flag(&shm) = 1;
	amp_posix_ring(&shm, amp_role);
	return w.oa.last_err ? 17 : 0;
}

static pid_t start_child(enum amp_role amp_role)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(run_openamp(amp_role));
	return pid;
}

static int child_status(pid_t pid)
{
	int st = 0;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void procs_case(enum amp_role amp_role)
{
	struct amp_posix_shm shm;
	pid_t pid;
	int err, st;

	snprintf(shm_name, sizeof(shm_name), "/amp-interop-%d", (int)getpid());
	assert_int_equal(amp_posix_shm_create(&shm, shm_name, IU_SHM_SIZE), 0);
	amp_posix_shm_scramble(&shm, iu_salt);
	*done_flag(&shm) = 0;
	/* the remote's image (its table) is in place before either side runs */
	memset(&w, 0, sizeof(w));
	w.shm = shm;
	w.g = geom;
	iu_image_table(&w);
	err = iu_world_amp(&w, &shm, &geom, amp_role);
	assert_int_equal(err, 0);
	amp_posix_port_init(&waiter, &shm, amp_role);
	w.idle = wait_bell;
	w.idle_limit = IDLE_WAITS;
	pid = start_child(amp_role);
	assert_true(pid > 0);
	child = pid;
	if (amp_role == AMP_ROLE_MASTER) {
		uint32_t good;

		assert_true(iu_until(&w, iu_amp_echo_ready));
		good = iu_echo(&w, ECHOES, 1u);
		assert_int_equal(w.run.bad, 0);
		assert_int_equal(good, ECHOES);
		good = iu_echo(&w, ECHOES, 16u);
		printf("# parent: amplink master, window 16: %u good, max in flight %u\n", good,
		       w.run.max_in_flight_seen);
		assert_int_equal(w.run.bad, 0);
		assert_int_equal(good, ECHOES);
		*done_flag(&shm) = 1;
		amp_posix_ring(&shm, AMP_ROLE_SLAVE);
	} else {
		/* the slave echoes until the OpenAMP master is done */
		if (!iu_until(&w, child_done))
			kill(pid, SIGKILL);
		assert_int_equal(w.q.overflow, 0);
	}
	st = child_status(pid);
	child = -1;
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(shm_name);
	assert_int_equal(st, 0);
}

static void procs_am_or(void **state)
{
	(void)state;
	procs_case(AMP_ROLE_MASTER);
}

static void procs_om_as(void **state)
{
	(void)state;
	procs_case(AMP_ROLE_SLAVE);
}

/* A failed check leaves the child waiting for us: end it (ours, by its pid) and the region. */
static int reap_child(void **state)
{
	(void)state;
	if (child > 0) {
		kill(child, SIGKILL);
		child_status(child);
		child = -1;
	}
	amp_posix_shm_unlink(shm_name);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(procs_am_or, reap_child),
	    cmocka_unit_test_teardown(procs_om_as, reap_child),
	};

	return IU_MAIN(tests, 0x2713u);
}

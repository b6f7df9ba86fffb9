/* SPDX-License-Identifier: BSD-3-Clause */
/* The port hooks for a host process: futex doorbells, monotonic clock, trace. */
#include <linux/futex.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "amp_posix.h"

static _Atomic uint32_t *bell_of(struct amp_posix_shm *shm, enum amp_role role)
{
	return (_Atomic uint32_t *)(void *)&shm->mbox->bell[role];
}

static _Atomic uint32_t *sleeping_of(struct amp_posix_shm *shm, enum amp_role role)
{
	return (_Atomic uint32_t *)(void *)&shm->mbox->sleeping[role];
}

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

static uint32_t ms_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

uint32_t amp_posix_now_ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}

/*
 * The library reads the clock on every poll (heartbeats, timeouts). The
 * coarse clock (a few milliseconds of resolution) is plenty for periods of
 * 50 ms and more, and costs a fraction of the precise one.
 */
static uint32_t coarse_now_ms(void)
{
	return ms_of(CLOCK_MONOTONIC_COARSE);
}

/* A mapping (its mailbox is there) and a role that indexes the mailbox. */
static int shm_role_ok(const struct amp_posix_shm *shm, enum amp_role role)
{
	return shm && shm->mbox && (role == AMP_ROLE_MASTER || role == AMP_ROLE_SLAVE);
}

void amp_posix_ring(struct amp_posix_shm *shm, enum amp_role role)
{
	_Atomic uint32_t *bell;

	if (!shm_role_ok(shm, role))
		return;
	bell = bell_of(shm, role);
	/*
	 * Like a mailbox SET register: a second ring before the take coalesces.
	 * The exchange is a full barrier: it orders our bell store before the
	 * load of sleeping (Dekker with posix_wait), so a sleeper is never missed.
	 */
	if (atomic_exchange(bell, 1u) == 0u && atomic_load(sleeping_of(shm, role)))
		futex((void *)bell, FUTEX_WAKE, 1, NULL);
}

static struct amp_posix_port *pp_of(void *ctx)
{
	return (struct amp_posix_port *)ctx;
}

static enum amp_role peer_of(enum amp_role role)
{
	return role == AMP_ROLE_MASTER ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
}

static void posix_notify(void *ctx)
{
	struct amp_posix_port *pp = pp_of(ctx);

	amp_posix_ring(pp->shm, peer_of(pp->role));
}

static int posix_ipm_take(void *ctx)
{
	struct amp_posix_port *pp = pp_of(ctx);
	_Atomic uint32_t *bell = bell_of(pp->shm, pp->role);

	/* Look before the exchange: a poll that finds nothing leaves the line shared. */
	if (!atomic_load_explicit(bell, memory_order_relaxed))
		return 0;
	return atomic_exchange(bell, 0u) != 0u;
}

static uint32_t posix_now_ms(void *ctx)
{
	struct amp_posix_port *pp = pp_of(ctx);

	return pp->virtual_ms ? *pp->virtual_ms : coarse_now_ms();
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The adaptive part of wait(): 1 if the bell rang within spin_us. */
static int spin_for_bell(const struct amp_posix_port *pp, _Atomic uint32_t *bell)
{
	int64_t end = now_ns() + (int64_t)pp->spin_us * 1000;
	uint32_t n = 0;

	for (;;) {
		if (atomic_load_explicit(bell, memory_order_relaxed))
			return 1;
		/* The clock only every 64 looks: reading it costs more than a look. */
		if (++n % 64u == 0 && now_ns() >= end)
			return 0;
	}
}

static void posix_wait(void *ctx, uint32_t timeout_ms)
{
	struct amp_posix_port *pp = pp_of(ctx);
	struct timespec ts = {(time_t)(timeout_ms / 1000u), (long)(timeout_ms % 1000u) * 1000000L};
	_Atomic uint32_t *bell = bell_of(pp->shm, pp->role);
	_Atomic uint32_t *sleeping = sleeping_of(pp->shm, pp->role);

	if (pp->no_wait) {
		if (pp->virtual_ms)
			(*pp->virtual_ms)++;
		return;
	}
	if (pp->spin_us && spin_for_bell(pp, bell))
		return;
	/*
	 * Say we sleep, then look at the bell (seq_cst store and load: the other
	 * half of the Dekker in amp_posix_ring). The futex sleeps only while the
	 * bell is 0, so a ring between the look and the sleep returns at once.
	 */
	atomic_store(sleeping, 1u);
	if (!atomic_load(bell))
		futex((void *)bell, FUTEX_WAIT, 0u, &ts);
	atomic_store(sleeping, 0u);
}

static void posix_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	struct amp_posix_port *pp = pp_of(ctx);
	uint32_t now;

	if (pp->trace_hook)
		pp->trace_hook(pp->trace_arg, pp->role, step, ept, len);
	if (!pp->trace_out)
		return;
	/* The precise clock, the one t_origin was read from. */
	now = pp->virtual_ms ? *pp->virtual_ms : amp_posix_now_ms();
	if (ept)
		fprintf(pp->trace_out, "%6u %s ept=%s len=%u\n", now - pp->t_origin, step, ept,
			len);
	else
		fprintf(pp->trace_out, "%6u %s\n", now - pp->t_origin, step);
	fflush(pp->trace_out);
}

static const struct amp_port_ops posix_ops = {
    .notify = posix_notify,
    .ipm_take = posix_ipm_take,
    .now_ms = posix_now_ms,
    .cache_clean = NULL,
    .cache_invalidate = NULL,
    .wait = posix_wait,
    .trace = posix_trace,
};

void amp_posix_port_init(struct amp_posix_port *pp, struct amp_posix_shm *shm, enum amp_role role)
{
	if (!pp)
		return;
	memset(pp, 0, sizeof(*pp));
	/* A zeroed port has no ops: amp_init() refuses it with AMP_EINVAL. */
	if (!shm_role_ok(shm, role))
		return;
	pp->shm = shm;
	pp->role = role;
	pp->port.ops = &posix_ops;
	pp->port.ctx = pp;
	pp->port.shm = shm->region;
	pp->port.shm_size = shm->size;
	pp->port.shm_pa = AMP_POSIX_SHM_PA;
	pp->t_origin = amp_posix_now_ms();
}

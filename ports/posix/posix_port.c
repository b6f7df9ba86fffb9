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

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

uint32_t amp_posix_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

void amp_posix_ring(struct amp_posix_shm *shm, enum amp_role role)
{
	_Atomic uint32_t *bell = bell_of(shm, role);

	/* Like a mailbox SET register: a second ring before the take coalesces. */
	if (atomic_exchange(bell, 1u) == 0u)
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

	return atomic_exchange(bell_of(pp->shm, pp->role), 0u) != 0u;
}

static uint32_t posix_now_ms(void *ctx)
{
	struct amp_posix_port *pp = pp_of(ctx);

	return pp->virtual_ms ? *pp->virtual_ms : amp_posix_now_ms();
}

static void posix_wait(void *ctx, uint32_t timeout_ms)
{
	struct amp_posix_port *pp = pp_of(ctx);
	struct timespec ts = {(time_t)(timeout_ms / 1000u), (long)(timeout_ms % 1000u) * 1000000L};

	if (pp->no_wait) {
		if (pp->virtual_ms)
			(*pp->virtual_ms)++;
		return;
	}
	/* Sleeps only while the bell is 0; a ring in between returns at once. */
	futex((void *)bell_of(pp->shm, pp->role), FUTEX_WAIT, 0u, &ts);
}

static void posix_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	struct amp_posix_port *pp = pp_of(ctx);

	if (pp->trace_hook)
		pp->trace_hook(pp->trace_arg, pp->role, step, ept, len);
	if (!pp->trace_out)
		return;
	if (ept)
		fprintf(pp->trace_out, "%6u %s ept=%s len=%u\n", posix_now_ms(ctx) - pp->t_origin,
			step, ept, len);
	else
		fprintf(pp->trace_out, "%6u %s\n", posix_now_ms(ctx) - pp->t_origin, step);
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
	memset(pp, 0, sizeof(*pp));
	pp->shm = shm;
	pp->role = role;
	pp->port.ops = &posix_ops;
	pp->port.ctx = pp;
	pp->port.shm = shm->region;
	pp->port.shm_size = shm->size;
	pp->port.shm_pa = AMP_POSIX_SHM_PA;
	pp->t_origin = amp_posix_now_ms();
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Stale-cache simulation for host tests: see amp_cache_sim.h and docs/cache.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "amp/errors.h"
#include "amp_cache_sim.h"

static struct amp_cache_sim *cs_of(void *ctx)
{
	return (struct amp_cache_sim *)ctx;
}

static uint8_t *memory(const struct amp_cache_sim *cs)
{
	/* The region is plain memory to the simulator: it copies whole lines. */
	return (uint8_t *)(uintptr_t)cs->mem->shm;
}

/*
 * The offset of [p, p + n) in the view. A range outside the view is a bug in
 * the library (maintenance on memory it does not share): stop the test.
 */
static uint32_t view_offset(const struct amp_cache_sim *cs, const volatile void *p, size_t n,
			    const char *op)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)cs->view;

	if (a < base || a - base > cs->port.shm_size || n > cs->port.shm_size - (a - base)) {
		fprintf(stderr, "cache_sim: %s of %zu bytes at %p is outside the region\n", op, n,
			(const void *)p);
		abort();
	}
	return (uint32_t)(a - base);
}

static void line_span(const struct amp_cache_sim *cs, uint32_t off, size_t n, uint32_t *first,
		      uint32_t *end)
{
	uint32_t last = off + (uint32_t)n;

	*first = off & ~(AMP_CACHE_SIM_LINE - 1u);
	*end = (last + AMP_CACHE_SIM_LINE - 1u) & ~(AMP_CACHE_SIM_LINE - 1u);
	if (*end > cs->port.shm_size)
		*end = cs->port.shm_size;
}

static void sim_clean(void *ctx, const volatile void *p, size_t n)
{
	struct amp_cache_sim *cs = cs_of(ctx);
	uint32_t off = view_offset(cs, p, n, "clean"), end = off + (uint32_t)n;

	cs->stats.cleans++;
	if (!n)
		return;
	if (cs->flags & AMP_CACHE_SIM_CLEAN_LINES)
		line_span(cs, off, n, &off, &end);
	memcpy(memory(cs) + off, cs->view + off, end - off);
	cs->stats.bytes_cleaned += end - off;
	if (cs->mem->ops->cache_clean)
		cs->mem->ops->cache_clean(cs->mem->ctx, cs->mem->shm + off, end - off);
}

static void sim_invalidate(void *ctx, const volatile void *p, size_t n)
{
	struct amp_cache_sim *cs = cs_of(ctx);
	uint32_t off = view_offset(cs, p, n, "invalidate"), first, end;

	cs->stats.invalidates++;
	if (!n)
		return;
	line_span(cs, off, n, &first, &end);
	if (cs->mem->ops->cache_invalidate)
		cs->mem->ops->cache_invalidate(cs->mem->ctx, cs->mem->shm + first, end - first);
	memcpy(cs->view + first, memory(cs) + first, end - first);
	cs->stats.lines_loaded += (end - first + AMP_CACHE_SIM_LINE - 1u) / AMP_CACHE_SIM_LINE;
}

/* Everything else is the port underneath's business. */
static void fwd_notify(void *ctx)
{
	const struct amp_port *m = cs_of(ctx)->mem;

	m->ops->notify(m->ctx);
}

static int fwd_ipm_take(void *ctx)
{
	const struct amp_port *m = cs_of(ctx)->mem;

	return m->ops->ipm_take(m->ctx);
}

static uint32_t fwd_now_ms(void *ctx)
{
	const struct amp_port *m = cs_of(ctx)->mem;

	return m->ops->now_ms(m->ctx);
}

static void fwd_wait(void *ctx, uint32_t timeout_ms)
{
	const struct amp_port *m = cs_of(ctx)->mem;

	m->ops->wait(m->ctx, timeout_ms);
}

static void fwd_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	const struct amp_port *m = cs_of(ctx)->mem;

	m->ops->trace(m->ctx, step, ept, len);
}

int amp_cache_sim_init(struct amp_cache_sim *cs, const struct amp_port *mem, uint32_t flags)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), vlen;
	uint8_t *base;

	if (!cs || !mem || !mem->ops || !mem->shm || !mem->shm_size)
		return AMP_EINVAL;
	memset(cs, 0, sizeof(*cs));
	vlen = ((size_t)mem->shm_size + pg - 1u) / pg * pg;
	base = mmap(NULL, vlen + 2u * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return AMP_EIO;
	if (mprotect(base + pg, vlen, PROT_READ | PROT_WRITE)) {
		munmap(base, vlen + 2u * pg);
		return AMP_EIO;
	}
	cs->map_base = base;
	cs->map_len = vlen + 2u * pg;
	cs->view = base + pg;
	cs->mem = mem;
	cs->flags = flags;
	cs->ops = (struct amp_port_ops){
	    .notify = mem->ops->notify ? fwd_notify : NULL,
	    .ipm_take = mem->ops->ipm_take ? fwd_ipm_take : NULL,
	    .now_ms = mem->ops->now_ms ? fwd_now_ms : NULL,
	    .cache_clean = sim_clean,
	    .cache_invalidate = sim_invalidate,
	    .wait = mem->ops->wait ? fwd_wait : NULL,
	    .trace = mem->ops->trace ? fwd_trace : NULL,
	};
	cs->port = *mem;
	cs->port.ops = &cs->ops;
	cs->port.ctx = cs;
	cs->port.shm = cs->view;
	amp_cache_sim_reset(cs);
	return AMP_OK;
}

void amp_cache_sim_fini(struct amp_cache_sim *cs)
{
	if (cs && cs->map_base)
		munmap(cs->map_base, cs->map_len);
	if (cs)
		memset(cs, 0, sizeof(*cs));
}

void amp_cache_sim_reset(struct amp_cache_sim *cs)
{
	memcpy(cs->view, memory(cs), cs->port.shm_size);
}

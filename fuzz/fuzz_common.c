/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amp/config.h"
#include "amp_posix.h"
#include "fuzz_common.h"

uint8_t fz_u8(struct fz_in *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = in->p[0];
	in->p++;
	in->n--;
	return v;
}

uint16_t fz_u16(struct fz_in *in)
{
	uint16_t lo = fz_u8(in);

	return (uint16_t)(lo | (uint16_t)(fz_u8(in) << 8));
}

uint32_t fz_u32(struct fz_in *in)
{
	uint32_t lo = fz_u16(in);

	return lo | ((uint32_t)fz_u16(in) << 16);
}

size_t fz_bytes(struct fz_in *in, void *out, size_t len)
{
	if (len > in->n)
		len = in->n;
	memcpy(out, in->p, len);
	in->p += len;
	in->n -= len;
	return len;
}

void fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}

int fz_verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("AMP_FUZZ_VERBOSE") != NULL;
	return v;
}

static struct amp_posix_shm shm;

volatile uint8_t *fz_region(void)
{
	if (!shm.region && amp_posix_shm_anon(&shm, AMP_CFG_SHM_SIZE))
		fz_fail(__FILE__, __LINE__, "cannot map the region");
	return shm.region;
}

uint32_t fz_region_size(void)
{
	return AMP_CFG_SHM_SIZE;
}

void fz_region_fill(uint8_t v)
{
	memset((void *)(uintptr_t)fz_region(), v, fz_region_size());
}

int fz_in_region(const volatile void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)fz_region();

	return a >= base && a - base <= fz_region_size() && n <= fz_region_size() - (a - base);
}

static struct fz_port *fp_of(void *ctx)
{
	return (struct fz_port *)ctx;
}

static void fz_notify(void *ctx)
{
	struct fz_port *fp = fp_of(ctx);

	fp->notifies++;
	if (fp->peer)
		fp->peer->bell = 1;
}

static int fz_ipm_take(void *ctx)
{
	struct fz_port *fp = fp_of(ctx);
	int rang = fp->bell;

	fp->bell = 0;
	return rang;
}

static uint32_t fz_now_ms(void *ctx)
{
	return *fp_of(ctx)->now;
}

static void check_cache_range(struct fz_port *fp, const volatile void *p, size_t n)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)fz_region();

	FZ_ASSERT(fz_in_region(p, n));
	if (fp->forbid_len)
		FZ_ASSERT(off + n <= fp->forbid_off || off >= fp->forbid_off + fp->forbid_len);
}

static void fz_clean(void *ctx, const volatile void *p, size_t n)
{
	check_cache_range(fp_of(ctx), p, n);
}

static void fz_invalidate(void *ctx, const volatile void *p, size_t n)
{
	check_cache_range(fp_of(ctx), p, n);
}

static void fz_wait(void *ctx, uint32_t timeout_ms)
{
	(void)timeout_ms;
	(*fp_of(ctx)->now)++;
}

/* Trace strings may carry names the peer chose: read them to the end. */
static void fz_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	volatile size_t n = strlen(step);

	(void)ctx;
	(void)len;
	if (ept)
		n += strlen(ept);
	(void)n;
}

static const struct amp_port_ops fz_ops = {
    .notify = fz_notify,
    .ipm_take = fz_ipm_take,
    .now_ms = fz_now_ms,
    .cache_clean = fz_clean,
    .cache_invalidate = fz_invalidate,
    .wait = fz_wait,
    .trace = fz_trace,
};

void fz_port_init(struct fz_port *fp, enum amp_role role, uint32_t *now)
{
	memset(fp, 0, sizeof(*fp));
	fp->role = role;
	fp->now = now;
	fp->port.ops = &fz_ops;
	fp->port.ctx = fp;
	fp->port.shm = fz_region();
	fp->port.shm_size = fz_region_size();
	fp->port.shm_pa = FZ_SHM_PA;
}

void fz_port_pair(struct fz_port *a, struct fz_port *b)
{
	a->peer = b;
	b->peer = a;
}

void fz_write_bulk(struct fz_in *in, volatile uint8_t *area, uint32_t size)
{
	uint32_t off = fz_u16(in) % size;
	uint8_t tmp[256];
	size_t n = fz_bytes(in, tmp, fz_u8(in));

	if (n > size - off)
		n = size - off;
	memcpy((void *)(uintptr_t)(area + off), tmp, n);
}

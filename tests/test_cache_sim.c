/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stale-cache simulation (ports/posix/cache_sim.c) and the stack running
 * on it: the lockstep echo over a session, with each role seeing the region
 * through its own simulated data cache, must deliver every byte, across
 * reboots too. docs/cache.md describes the model and how cache_teeth shows
 * that this test fails when one invalidate is missing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp_cache_sim.h"
#include "amp_posix.h"
#include "cache_echo.h"

#define ECHO_MESSAGES 2000u

struct sim_fixture {
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp_cache_sim cs;
	uint8_t *mem;
	volatile uint8_t *view;
};

static struct sim_fixture fx;

static void sim_setup(uint32_t flags)
{
	assert_int_equal(amp_posix_shm_anon(&fx.shm, 4096), 0);
	amp_posix_port_init(&fx.pp, &fx.shm, AMP_ROLE_MASTER);
	memset((void *)(uintptr_t)fx.shm.region, 0x11, 4096);
	assert_int_equal(amp_cache_sim_init(&fx.cs, &fx.pp.port, flags), 0);
	fx.mem = (uint8_t *)(uintptr_t)fx.shm.region;
	fx.view = fx.cs.port.shm;
	assert_ptr_not_equal(fx.view, fx.shm.region);
}

static void sim_teardown(void)
{
	amp_cache_sim_fini(&fx.cs);
	amp_posix_shm_close(&fx.shm);
}

static void invalidate(size_t off, size_t n)
{
	fx.cs.port.ops->cache_invalidate(fx.cs.port.ctx, fx.view + off, n);
}

static void clean(size_t off, size_t n)
{
	fx.cs.port.ops->cache_clean(fx.cs.port.ctx, fx.view + off, n);
}

/* The peer's write is invisible until an invalidate, which reloads whole lines. */
static void test_read_is_stale_until_invalidate(void **state)
{
	(void)state;
	sim_setup(0);
	assert_int_equal(fx.view[100], 0x11);
	fx.mem[100] = 0x22;
	fx.mem[95] = 0x33;  /* the line before (64..95) */
	fx.mem[128] = 0x44; /* next line */
	assert_int_equal(fx.view[100], 0x11);
	invalidate(100, 1);
	assert_int_equal(fx.view[100], 0x22);
	assert_int_equal(fx.view[95], 0x11);  /* line 64..95 not touched */
	assert_int_equal(fx.view[128], 0x11); /* line 128..159 not touched */
	invalidate(90, 10);		      /* 90..99 spans lines 64..95 and 96..127 */
	assert_int_equal(fx.view[95], 0x33);
	assert_int_equal(fx.cs.stats.lines_loaded, 3u);
	sim_teardown();
}

/* Our write reaches memory only when a clean covers it: exactly those bytes by default. */
static void test_write_reaches_memory_on_clean(void **state)
{
	(void)state;
	sim_setup(0);
	fx.view[10] = 0x55;
	fx.view[11] = 0x66;
	assert_int_equal(fx.mem[10], 0x11);
	fx.mem[12] = 0x77; /* the peer, in the same line */
	clean(10, 1);
	assert_int_equal(fx.mem[10], 0x55);
	assert_int_equal(fx.mem[11], 0x11);
	assert_int_equal(fx.mem[12], 0x77);
	sim_teardown();
}

/* The write-back model writes the whole line back, stale bytes included. */
static void test_clean_lines_writes_whole_line(void **state)
{
	(void)state;
	sim_setup(AMP_CACHE_SIM_CLEAN_LINES);
	fx.view[10] = 0x55;
	fx.mem[12] = 0x77; /* the peer's write, lost under a whole-line write-back */
	clean(10, 1);
	assert_int_equal(fx.mem[10], 0x55);
	assert_int_equal(fx.mem[12], 0x11);
	assert_int_equal(fx.mem[40], 0x11);
	sim_teardown();
}

/* An invalidate drops what we wrote and did not clean; a reset reloads everything. */
static void test_invalidate_drops_and_reset_reloads(void **state)
{
	(void)state;
	sim_setup(0);
	fx.view[200] = 0x99;
	invalidate(200, 1);
	assert_int_equal(fx.view[200], 0x11);
	memset(fx.mem, 0xAB, 4096);
	assert_int_equal(fx.view[4095], 0x11);
	amp_cache_sim_reset(&fx.cs);
	assert_int_equal(fx.view[0], 0xAB);
	assert_int_equal(fx.view[4095], 0xAB);
	sim_teardown();
}

static void echo(uint64_t seed, uint32_t messages, int cache, uint32_t flags, uint32_t reboots)
{
	struct cache_echo_opts o = {seed, messages, cache, flags, reboots};
	struct cache_echo_result res;

	assert_int_equal(cache_echo_run(&o, &res), 0);
	print_message("seed %llu: sent %u received %u errors %u reboots %u closes %u steps %llu "
		      "invalidates %u/%u cleans %u/%u\n",
		      (unsigned long long)seed, res.sent, res.received, res.errors, res.reboots,
		      res.closes, (unsigned long long)res.steps, res.invalidates[0],
		      res.invalidates[1], res.cleans[0], res.cleans[1]);
	assert_int_equal(res.errors, 0);
	assert_true(res.done);
	assert_int_equal(res.reboots, reboots);
	/* Without reboots the session never drops (a stale read would cost heartbeats). */
	if (!reboots)
		assert_int_equal(res.closes, 0);
	if (cache) {
		assert_true(res.invalidates[0] > messages && res.invalidates[1] > messages);
		assert_true(res.cleans[0] > messages && res.cleans[1] > messages);
	}
}

static void test_echo_plain(void **state)
{
	(void)state;
	echo(1, ECHO_MESSAGES, 0, 0, 0);
}

static void test_echo_stale_cache(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++)
		echo(seed, ECHO_MESSAGES, 1, 0, 0);
}

static void test_echo_stale_cache_reboots(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 11; seed <= 13; seed++)
		echo(seed, ECHO_MESSAGES, 1, 0, 10);
}

/* Stricter than the hardware (write-through): a clean writes back whole lines. */
static void test_echo_write_back_cache(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 21; seed <= 22; seed++)
		echo(seed, ECHO_MESSAGES, 1, AMP_CACHE_SIM_CLEAN_LINES, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_is_stale_until_invalidate),
	    cmocka_unit_test(test_write_reaches_memory_on_clean),
	    cmocka_unit_test(test_clean_lines_writes_whole_line),
	    cmocka_unit_test(test_invalidate_drops_and_reset_reloads),
	    cmocka_unit_test(test_echo_plain),
	    cmocka_unit_test(test_echo_stale_cache),
	    cmocka_unit_test(test_echo_stale_cache_reboots),
	    cmocka_unit_test(test_echo_write_back_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

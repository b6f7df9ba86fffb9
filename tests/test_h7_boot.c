/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * STM32H747 HSEM boot synchronisation against the HSEM register model. The
 * clock is a fake that advances one millisecond per reading and lets the
 * test schedule the master's moves at given times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "h7_boot.h"
#include "h7_model.h"
#include "h7_regs.h"

#define SEM_BOOT 0u

static struct h7_hsem m7, m4;

struct scenario {
	uint32_t now;
	uint32_t tick;		    /* ms per clock reading (0: a stopped clock) */
	uint32_t master_lock_at;    /* UINT32_MAX: never */
	uint32_t master_release_at; /* UINT32_MAX: never */
	int master_up;
	uint32_t up_calls;
};

static struct scenario sc;

static uint32_t fake_now(void *ctx)
{
	struct scenario *s = ctx;
	uint32_t saved = h7m.core;

	s->now += s->tick;
	/* The master runs "in between" the slave's polls. */
	h7m.core = H7_HSEM_COREID_CM7;
	if (s->now >= s->master_lock_at) {
		s->master_lock_at = UINT32_MAX;
		assert_int_equal(h7_boot_master_begin(&m7, SEM_BOOT), 0);
	}
	if (s->now >= s->master_release_at) {
		s->master_release_at = UINT32_MAX;
		h7_boot_master_done(&m7, SEM_BOOT);
	}
	h7m.core = saved;
	return s->now;
}

static int fake_master_up(void *ctx)
{
	struct scenario *s = ctx;

	s->up_calls++;
	return s->master_up;
}

static const struct h7_boot_wait wait_cfg = {
    .sem = SEM_BOOT,
    .timeout_ms = 100,
    .max_polls = 100000,
    .now_ms = fake_now,
    .master_up = fake_master_up,
    .ctx = &sc,
};

static int setup(void **state)
{
	(void)state;
	h7_model_reset();
	h7m.core = H7_HSEM_COREID_CM7;
	assert_int_equal(h7_hsem_init(&m7, h7_model_hsem_base(), H7_CORE_CM7, 2, 3), 0);
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_hsem_init(&m4, h7_model_hsem_base(), H7_CORE_CM4, 3, 2), 0);
	sc = (struct scenario){
	    .tick = 1, .master_lock_at = UINT32_MAX, .master_release_at = UINT32_MAX};
	return 0;
}

/* Cold boot, master first: it holds the semaphore, the slave waits for the release. */
static void test_master_first(void **state)
{
	(void)state;
	h7m.core = H7_HSEM_COREID_CM7;
	assert_int_equal(h7_boot_master_begin(&m7, SEM_BOOT), 0);
	sc.master_release_at = 20;
	sc.master_up = 1; /* even a valid-looking region does not count while it is held */
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_SYNCED);
	assert_true(sc.now >= 20 && sc.now < 25);
	assert_false(h7_hsem_released(&m4, SEM_BOOT)); /* consumed */
}

/* Cold boot, slave first: the semaphore is free and nothing valid is there yet. */
static void test_slave_first(void **state)
{
	(void)state;
	sc.master_lock_at = 10;
	sc.master_release_at = 30;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_SYNCED);
	assert_true(sc.now >= 30 && sc.now < 35);
}

/* The master locked and released between two polls: the status bit remembers. */
static void test_release_between_polls(void **state)
{
	(void)state;
	h7m.core = H7_HSEM_COREID_CM7;
	assert_int_equal(h7_boot_master_begin(&m7, SEM_BOOT), 0);
	h7_boot_master_done(&m7, SEM_BOOT);
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_SYNCED);
	assert_int_equal(sc.now, 1);
}

/* Slave-only reboot: the master released long ago and the bit was consumed. */
static void test_master_already_up(void **state)
{
	(void)state;
	sc.master_up = 1;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_MASTER_UP);
	assert_int_equal(sc.up_calls, 1);
}

static void test_no_master(void **state)
{
	(void)state;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_TIMEOUT);
	assert_int_equal(sc.now, 101);
}

/* A master that locked and never releases (hung) does not hang the slave. */
static void test_master_never_releases(void **state)
{
	(void)state;
	sc.master_lock_at = 1;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &wait_cfg), H7_BOOT_TIMEOUT);
}

static void test_stopped_clock(void **state)
{
	struct h7_boot_wait w = wait_cfg;

	(void)state;
	sc.tick = 0;
	w.max_polls = 50;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &w), H7_BOOT_TIMEOUT);
	assert_int_equal(sc.up_calls, 50);
}

static void test_no_master_up_hook(void **state)
{
	struct h7_boot_wait w = wait_cfg;

	(void)state;
	w.master_up = NULL;
	sc.master_lock_at = 5;
	sc.master_release_at = 6;
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_boot_slave_wait(&m4, &w), H7_BOOT_SYNCED);
}

/* RM0399 RCC_RSR: every flag of a reset of the whole system counts, whichever core caused it. */
static void test_reset_flags_of_a_system_reset(void **state)
{
	static const uint32_t system[] = {
	    H7_RCC_RSR_PORRSTF,	  H7_RCC_RSR_BORRSTF,	H7_RCC_RSR_PINRSTF,   H7_RCC_RSR_SFTRSTF,
	    H7_RCC_RSR_SFT2RSTF,  H7_RCC_RSR_IWDG1RSTF, H7_RCC_RSR_IWDG2RSTF, H7_RCC_RSR_WWDG1RSTF,
	    H7_RCC_RSR_WWDG2RSTF, H7_RCC_RSR_LPWR1RSTF, H7_RCC_RSR_LPWR2RSTF,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(system) / sizeof(system[0]); i++) {
		assert_true(h7_reset_is_system(system[i]));
		assert_true(h7_reset_is_system(system[i] | H7_RCC_RSR_C2RSTF));
	}
	/* One core, or one domain, reset alone: the other core kept running. */
	assert_false(h7_reset_is_system(0u));
	assert_false(h7_reset_is_system(H7_RCC_RSR_C1RSTF));
	assert_false(h7_reset_is_system(H7_RCC_RSR_C2RSTF));
	assert_false(h7_reset_is_system(H7_RCC_RSR_D1RSTF | H7_RCC_RSR_C1RSTF));
	assert_false(h7_reset_is_system(H7_RCC_RSR_D2RSTF | H7_RCC_RSR_C2RSTF));
	assert_false(h7_reset_is_system(H7_RCC_RSR_RMVF));
}

static void test_bad_arguments(void **state)
{
	struct h7_boot_wait w = wait_cfg;

	(void)state;
	assert_int_equal(h7_boot_slave_wait(NULL, &w), H7_BOOT_TIMEOUT);
	assert_int_equal(h7_boot_slave_wait(&m4, NULL), H7_BOOT_TIMEOUT);
	w.sem = 32;
	assert_int_equal(h7_boot_slave_wait(&m4, &w), H7_BOOT_TIMEOUT);
	w = wait_cfg;
	w.now_ms = NULL;
	assert_int_equal(h7_boot_slave_wait(&m4, &w), H7_BOOT_TIMEOUT);
	assert_int_equal(h7_boot_master_begin(NULL, 0), AMP_EINVAL);
	assert_int_equal(h7_boot_master_begin(&m7, 32), AMP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_master_first, setup),
	    cmocka_unit_test_setup(test_slave_first, setup),
	    cmocka_unit_test_setup(test_release_between_polls, setup),
	    cmocka_unit_test_setup(test_master_already_up, setup),
	    cmocka_unit_test_setup(test_no_master, setup),
	    cmocka_unit_test_setup(test_master_never_releases, setup),
	    cmocka_unit_test_setup(test_stopped_clock, setup),
	    cmocka_unit_test_setup(test_no_master_up_hook, setup),
	    cmocka_unit_test_setup(test_reset_flags_of_a_system_reset, setup),
	    cmocka_unit_test_setup(test_bad_arguments, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

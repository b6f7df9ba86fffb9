/* SPDX-License-Identifier: BSD-3-Clause */
/* STM32H747 HSEM mailbox driver against the HSEM register model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "h7_hsem.h"
#include "h7_model.h"
#include "h7_regs.h"

#define SEM_M2S 2u /* CM7 rings the CM4 */
#define SEM_S2M 3u /* CM4 rings the CM7 */

#define LINE_CM7 1u
#define LINE_CM4 2u

static struct h7_hsem m7, m4;

static void as_cm7(void)
{
	h7m.core = H7_HSEM_COREID_CM7;
}

static void as_cm4(void)
{
	h7m.core = H7_HSEM_COREID_CM4;
}

static uintptr_t hsem(uint32_t off)
{
	return h7_model_hsem_base() + off;
}

static int setup(void **state)
{
	(void)state;
	h7_model_reset();
	as_cm7();
	assert_int_equal(h7_hsem_init(&m7, h7_model_hsem_base(), H7_CORE_CM7, SEM_M2S, SEM_S2M), 0);
	as_cm4();
	assert_int_equal(h7_hsem_init(&m4, h7_model_hsem_base(), H7_CORE_CM4, SEM_S2M, SEM_M2S), 0);
	h7_model_clear_log();
	return 0;
}

static void test_init_enables_only_own_line(void **state)
{
	(void)state;
	assert_int_equal(h7m.hsem.c1[0], 1u << SEM_S2M);
	assert_int_equal(h7m.hsem.c2[0], 1u << SEM_M2S);
}

static void test_init_keeps_pending_doorbell(void **state)
{
	(void)state;
	h7_model_reset();
	as_cm7();
	assert_int_equal(h7_hsem_init(&m7, h7_model_hsem_base(), H7_CORE_CM7, SEM_M2S, SEM_S2M), 0);
	assert_int_equal(h7_hsem_notify(&m7), 0); /* rung before the CM4 was up */
	as_cm4();
	assert_int_equal(h7_hsem_init(&m4, h7_model_hsem_base(), H7_CORE_CM4, SEM_S2M, SEM_M2S), 0);
	assert_true(h7_model_irq_line(LINE_CM4));
	assert_int_equal(h7_hsem_take(&m4), 1);
}

static void test_init_rejects_bad_arguments(void **state)
{
	struct h7_hsem h;

	(void)state;
	assert_int_equal(h7_hsem_init(NULL, 1, H7_CORE_CM7, 0, 1), AMP_EINVAL);
	assert_int_equal(h7_hsem_init(&h, 0, H7_CORE_CM7, 0, 1), AMP_EINVAL);
	assert_int_equal(h7_hsem_init(&h, 1, H7_CORE_CM7, 32, 1), AMP_EINVAL);
	assert_int_equal(h7_hsem_init(&h, 1, H7_CORE_CM7, 0, 32), AMP_EINVAL);
	assert_int_equal(h7_hsem_init(&h, 1, H7_CORE_CM7, 4, 4), AMP_EINVAL);
	assert_int_equal(h7_hsem_init(&h, 1, (enum h7_core)7, 0, 1), AMP_EINVAL);
}

/* The exact bus sequence of one doorbell: DSB, 1-step lock, release with our COREID. */
static void test_notify_register_sequence(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	assert_int_equal(h7m.nlog, 3);
	assert_int_equal(h7m.log[0].kind, H7M_DSB);
	assert_int_equal(h7m.log[1].kind, H7M_READ);
	assert_int_equal(h7m.log[1].addr, hsem(H7_HSEM_RLR(SEM_M2S)));
	assert_int_equal(h7m.log[1].val, H7_HSEM_LOCK | (3u << 8));
	assert_int_equal(h7m.log[2].kind, H7M_WRITE);
	assert_int_equal(h7m.log[2].addr, hsem(H7_HSEM_R(SEM_M2S)));
	assert_int_equal(h7m.log[2].val, 3u << 8); /* LOCK = 0, COREID 3, PROCID 0 */
	assert_int_equal(h7m.hsem.r[SEM_M2S], 0);  /* free again */
	assert_int_equal(m7.stats.kicks, 1);
}

static void test_notify_interrupts_only_the_peer(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	assert_true(h7_model_irq_line(LINE_CM4));
	assert_false(h7_model_irq_line(LINE_CM7));
	as_cm4();
	assert_int_equal(h7_hsem_notify(&m4), 0);
	assert_true(h7_model_irq_line(LINE_CM7));
}

static void test_take_polled(void **state)
{
	(void)state;
	as_cm4();
	assert_int_equal(h7_hsem_take(&m4), 0);
	assert_false(h7_hsem_pending(&m4));
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	as_cm4();
	assert_true(h7_hsem_pending(&m4));
	assert_true(h7_hsem_pending(&m4)); /* pending does not consume */
	assert_int_equal(h7_hsem_take(&m4), 1);
	assert_false(h7_model_irq_line(LINE_CM4)); /* cleared through C2ICR */
	assert_int_equal(h7_model_count(H7M_WRITE, hsem(H7_HSEM_C2ICR)), 1);
	assert_int_equal(h7_model_count(H7M_WRITE, hsem(H7_HSEM_C1ICR)), 0);
	assert_int_equal(h7_hsem_take(&m4), 0);
	assert_int_equal(m4.stats.rings, 1);
}

static void test_irq_then_take(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	as_cm4();
	assert_true(h7_model_irq_line(LINE_CM4));
	h7_hsem_irq(&m4);
	assert_false(h7_model_irq_line(LINE_CM4)); /* the handler deasserts the line */
	assert_int_equal(m4.stats.irqs, 1);
	assert_true(h7_hsem_pending(&m4));
	assert_int_equal(h7_hsem_take(&m4), 1);
	assert_int_equal(h7_hsem_take(&m4), 0);
}

static void test_doorbells_coalesce(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	assert_int_equal(h7_hsem_notify(&m7), 0);
	as_cm4();
	h7_hsem_irq(&m4);
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0); /* after the IRQ, before the take */
	as_cm4();
	assert_int_equal(h7_hsem_take(&m4), 1);
	assert_int_equal(h7_hsem_take(&m4), 0);
}

static void test_spurious_irq_is_acknowledged(void **state)
{
	(void)state;
	/* Another semaphore enabled on the CM4 line by someone else: still cleared. */
	h7m.hsem.c2[0] |= 1u << 9;
	h7m.hsem.c2[2] |= 1u << 9;
	as_cm4();
	h7_hsem_irq(&m4);
	assert_false(h7_model_irq_line(LINE_CM4));
	assert_int_equal(h7_hsem_take(&m4), 0);
}

static void test_notify_busy_when_other_core_holds_it(void **state)
{
	(void)state;
	h7m.hsem.r[SEM_M2S] = H7_HSEM_LOCK | (1u << 8) | 7u; /* CM4, PROCID 7 */
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), AMP_EBUSY);
	assert_int_equal(h7m.hsem.r[SEM_M2S], H7_HSEM_LOCK | (1u << 8) | 7u);
	assert_int_equal(h7_model_count(H7M_WRITE, hsem(H7_HSEM_R(SEM_M2S))), 0);
	assert_int_equal(m7.stats.kick_busy, 1);
	assert_false(h7_model_irq_line(LINE_CM4));
}

/* A reset between take and release leaves the semaphore locked under our COREID. */
static void test_notify_after_reset_mid_kick(void **state)
{
	(void)state;
	h7m.hsem.r[SEM_M2S] = H7_HSEM_LOCK | (3u << 8);
	as_cm7();
	assert_int_equal(h7_hsem_notify(&m7), 0);
	assert_int_equal(h7m.hsem.r[SEM_M2S], 0);
	assert_true(h7_model_irq_line(LINE_CM4));
}

static void test_two_step_lock(void **state)
{
	(void)state;
	as_cm4();
	assert_int_equal(h7_hsem_lock(&m4, 5, 0x42), 0);
	assert_int_equal(h7m.hsem.r[5], H7_HSEM_LOCK | (1u << 8) | 0x42u);
	assert_int_equal(h7_hsem_lock(&m4, 5, 0x43), AMP_EBUSY); /* same core, other process */
	as_cm7();
	assert_int_equal(h7_hsem_lock(&m7, 5, 0), AMP_EBUSY);
	assert_int_equal(h7_hsem_lock(&m7, 5, 0x42), AMP_EBUSY);
	h7_hsem_unlock(&m7, 5, 0x42); /* not the owner: ignored */
	assert_int_equal(h7m.hsem.r[5], H7_HSEM_LOCK | (1u << 8) | 0x42u);
	as_cm4();
	h7_hsem_unlock(&m4, 5, 0x41); /* wrong PROCID: ignored */
	assert_true(h7m.hsem.r[5] & H7_HSEM_LOCK);
	h7_hsem_unlock(&m4, 5, 0x42);
	assert_int_equal(h7m.hsem.r[5], 0);
	assert_true(h7_hsem_released(&m4, 5));
	h7_hsem_clear_released(&m4, 5);
	assert_false(h7_hsem_released(&m4, 5));
	as_cm7();
	assert_true(h7_hsem_released(&m7, 5)); /* the other line keeps its own bit */
}

static void test_one_step_lock(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_lock(&m7, 0, 0), 0);
	assert_int_equal(h7_hsem_state(&m7, 0), H7_HSEM_LOCK | (3u << 8));
	as_cm4();
	assert_int_equal(h7_hsem_lock(&m4, 0, 0), AMP_EBUSY);
	assert_int_equal(h7_hsem_state(&m4, 0), H7_HSEM_LOCK | (3u << 8));
	assert_int_equal(h7_hsem_lock(&m4, 32, 0), AMP_EINVAL);
}

static void test_release_all_only_our_core(void **state)
{
	(void)state;
	as_cm7();
	assert_int_equal(h7_hsem_lock(&m7, 0, 0), 0);
	assert_int_equal(h7_hsem_lock(&m7, SEM_M2S, 0), 0);
	as_cm4();
	assert_int_equal(h7_hsem_lock(&m4, 1, 0), 0);
	h7m.hsem.keyr = 0x12340000u;
	as_cm7();
	h7_hsem_release_all(&m7);
	assert_int_equal(h7m.log[h7m.nlog - 1].val, 0x12340000u | (3u << 8));
	assert_int_equal(h7m.hsem.r[0], 0);
	assert_int_equal(h7m.hsem.r[SEM_M2S], 0);
	assert_true(h7m.hsem.r[1] & H7_HSEM_LOCK);
}

static void test_ping_pong(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		as_cm7();
		assert_int_equal(h7_hsem_notify(&m7), 0);
		as_cm4();
		if (i & 1)
			h7_hsem_irq(&m4);
		assert_int_equal(h7_hsem_take(&m4), 1);
		assert_int_equal(h7_hsem_notify(&m4), 0);
		as_cm7();
		if (!(i & 1))
			h7_hsem_irq(&m7);
		assert_int_equal(h7_hsem_take(&m7), 1);
		assert_int_equal(h7_hsem_take(&m7), 0);
	}
	assert_int_equal(m7.stats.kicks, 100);
	assert_int_equal(m4.stats.rings, 100);
	assert_int_equal(m7.stats.rings, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_init_enables_only_own_line, setup),
	    cmocka_unit_test_setup(test_init_keeps_pending_doorbell, setup),
	    cmocka_unit_test_setup(test_init_rejects_bad_arguments, setup),
	    cmocka_unit_test_setup(test_notify_register_sequence, setup),
	    cmocka_unit_test_setup(test_notify_interrupts_only_the_peer, setup),
	    cmocka_unit_test_setup(test_take_polled, setup),
	    cmocka_unit_test_setup(test_irq_then_take, setup),
	    cmocka_unit_test_setup(test_doorbells_coalesce, setup),
	    cmocka_unit_test_setup(test_spurious_irq_is_acknowledged, setup),
	    cmocka_unit_test_setup(test_notify_busy_when_other_core_holds_it, setup),
	    cmocka_unit_test_setup(test_notify_after_reset_mid_kick, setup),
	    cmocka_unit_test_setup(test_two_step_lock, setup),
	    cmocka_unit_test_setup(test_one_step_lock, setup),
	    cmocka_unit_test_setup(test_release_all_only_our_core, setup),
	    cmocka_unit_test_setup(test_ping_pong, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

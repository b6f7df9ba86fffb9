/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SSE-200 MHU doorbell driver (ports/common/sse200/mhu.c) against a
 * register model: a struct sse200_mhu_regs in RAM, plus a hook that does what
 * the hardware does with the write-only registers (SET ORs into STAT, CLR
 * clears STAT bits; bits 0..3 exist). The driver never reads back a register
 * it wrote in the same call, so applying the hook after each call is exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "mhu.h"
#include "mhu_barriers.h"

#define MHU_IMPL_BITS 0xFu

static struct sse200_mhu_regs regs;
static unsigned doorbell_barriers;
static uint32_t set_at_barrier;

/* The port's doorbell barrier (tests/mhu_barriers.h): what the SET registers held when it ran. */
void mhu_test_doorbell_barrier(void)
{
	doorbell_barriers++;
	set_at_barrier = regs.cpu[0].set | regs.cpu[1].set;
	atomic_thread_fence(memory_order_seq_cst);
}

/* The hardware's side of a register write: settle SET/CLR into STAT. */
static void mhu_model_apply(void)
{
	unsigned cpu;

	for (cpu = 0; cpu < 2u; cpu++) {
		regs.cpu[cpu].stat |= regs.cpu[cpu].set & MHU_IMPL_BITS;
		regs.cpu[cpu].stat &= ~(regs.cpu[cpu].clr & MHU_IMPL_BITS);
		regs.cpu[cpu].set = 0u;
		regs.cpu[cpu].clr = 0u;
	}
}

static int setup(void **state)
{
	(void)state;
	memset(&regs, 0, sizeof(regs));
	return 0;
}

static void init_pair(struct sse200_mhu *m0, struct sse200_mhu *m1, uint32_t channel)
{
	assert_int_equal(sse200_mhu_init(m0, &regs, 0u, channel), AMP_OK);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_init(m1, &regs, 1u, channel), AMP_OK);
	mhu_model_apply();
}

static void test_init_rejects_bad_arguments(void **state)
{
	struct sse200_mhu m;

	(void)state;
	assert_int_equal(sse200_mhu_init(NULL, &regs, 0u, 0u), AMP_EINVAL);
	assert_int_equal(sse200_mhu_init(&m, NULL, 0u, 0u), AMP_EINVAL);
	assert_int_equal(sse200_mhu_init(&m, &regs, 2u, 0u), AMP_EINVAL);
	assert_int_equal(sse200_mhu_init(&m, &regs, 0u, SSE200_MHU_CHANNELS), AMP_EINVAL);
	mhu_model_apply();
	assert_int_equal(regs.cpu[0].stat, 0u);
	assert_int_equal(regs.cpu[1].stat, 0u);
}

static void test_init_drops_only_our_stale_doorbell(void **state)
{
	struct sse200_mhu m;

	(void)state;
	regs.cpu[1].stat = 0x5u; /* channel 0 (ours) and channel 2 (someone else's) */
	regs.cpu[0].stat = 0x1u; /* the peer's pending doorbell */
	assert_int_equal(sse200_mhu_init(&m, &regs, 1u, 0u), AMP_OK);
	mhu_model_apply();
	assert_int_equal(regs.cpu[1].stat, 0x4u);
	assert_int_equal(regs.cpu[0].stat, 0x1u);
	assert_int_equal(sse200_mhu_take(&m), 0);
}

static void test_ring_sets_the_peer_bit_only(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	sse200_mhu_ring(&m0);
	assert_int_equal(regs.cpu[1].set, 0x1u);
	assert_int_equal(regs.cpu[0].set, 0u);
	assert_int_equal(regs.cpu[0].clr, 0u);
	assert_int_equal(regs.cpu[1].clr, 0u);
	mhu_model_apply();
	assert_int_equal(regs.cpu[1].stat, 0x1u);
	assert_int_equal(regs.cpu[0].stat, 0u);
}

static void test_ring_completes_writes_before_the_doorbell(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	doorbell_barriers = 0u;
	set_at_barrier = 0xFFFFFFFFu;
	sse200_mhu_ring(&m0);
	assert_int_equal(doorbell_barriers, 1u);
	assert_int_equal(set_at_barrier, 0u); /* the barrier ran before the SET write */
	assert_int_equal(regs.cpu[1].set, 1u);
}

static void test_channel_selects_the_bit(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 3u);
	sse200_mhu_ring(&m1);
	assert_int_equal(regs.cpu[0].set, 0x8u);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m0), 1);
	mhu_model_apply();
	assert_int_equal(regs.cpu[0].stat, 0u);
}

static void test_take_reports_once_and_clears(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	assert_int_equal(sse200_mhu_take(&m1), 0);
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m1), 1);
	assert_int_equal(regs.cpu[1].clr, 0x1u);
	mhu_model_apply();
	assert_int_equal(regs.cpu[1].stat, 0u);
	assert_int_equal(sse200_mhu_take(&m1), 0);
	/* Our own doorbell is not the peer's. */
	assert_int_equal(sse200_mhu_take(&m0), 0);
}

static void test_rings_before_a_take_merge(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m1), 1);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m1), 0);
}

static void test_irq_moves_the_doorbell_to_pending(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	sse200_mhu_ring(&m1);
	mhu_model_apply();
	sse200_mhu_irq(&m0);
	mhu_model_apply();
	/* The level interrupt is gone, the doorbell is not. */
	assert_int_equal(regs.cpu[0].stat, 0u);
	assert_int_equal(sse200_mhu_pending(&m0), 1);
	assert_int_equal(sse200_mhu_take(&m0), 1);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_pending(&m0), 0);
	assert_int_equal(sse200_mhu_take(&m0), 0);
}

static void test_irq_without_doorbell_does_nothing(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	regs.cpu[0].stat = 0x2u; /* another channel's interrupt */
	sse200_mhu_irq(&m0);
	assert_int_equal(regs.cpu[0].clr, 0u);
	mhu_model_apply();
	assert_int_equal(regs.cpu[0].stat, 0x2u);
	assert_int_equal(sse200_mhu_pending(&m0), 0);
	assert_int_equal(sse200_mhu_take(&m0), 0);
}

static void test_ring_during_pending_is_kept(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	sse200_mhu_irq(&m1); /* first doorbell: now in pending */
	mhu_model_apply();
	sse200_mhu_ring(&m0); /* second one: in the register */
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m1), 1); /* both, merged */
	mhu_model_apply();
	assert_int_equal(regs.cpu[1].stat, 0u);
	assert_int_equal(sse200_mhu_take(&m1), 0);
	/* A ring after the take is a new doorbell. */
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_take(&m1), 1);
}

static void test_pending_does_not_take(void **state)
{
	struct sse200_mhu m0, m1;

	(void)state;
	init_pair(&m0, &m1, 0u);
	assert_int_equal(sse200_mhu_pending(&m1), 0);
	sse200_mhu_ring(&m0);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_pending(&m1), 1);
	assert_int_equal(sse200_mhu_pending(&m1), 1);
	assert_int_equal(regs.cpu[1].clr, 0u);
	assert_int_equal(sse200_mhu_take(&m1), 1);
	mhu_model_apply();
	assert_int_equal(sse200_mhu_pending(&m1), 0);
}

static void test_ping_pong(void **state)
{
	struct sse200_mhu m0, m1;
	int i;

	(void)state;
	init_pair(&m0, &m1, 1u);
	for (i = 0; i < 8; i++) {
		sse200_mhu_ring(&m0);
		mhu_model_apply();
		assert_int_equal(sse200_mhu_take(&m0), 0);
		assert_int_equal(sse200_mhu_take(&m1), 1);
		mhu_model_apply();
		sse200_mhu_ring(&m1);
		mhu_model_apply();
		assert_int_equal(sse200_mhu_take(&m1), 0);
		assert_int_equal(sse200_mhu_take(&m0), 1);
		mhu_model_apply();
	}
	assert_int_equal(regs.cpu[0].stat, 0u);
	assert_int_equal(regs.cpu[1].stat, 0u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_init_rejects_bad_arguments, setup),
	    cmocka_unit_test_setup(test_init_drops_only_our_stale_doorbell, setup),
	    cmocka_unit_test_setup(test_ring_sets_the_peer_bit_only, setup),
	    cmocka_unit_test_setup(test_ring_completes_writes_before_the_doorbell, setup),
	    cmocka_unit_test_setup(test_channel_selects_the_bit, setup),
	    cmocka_unit_test_setup(test_take_reports_once_and_clears, setup),
	    cmocka_unit_test_setup(test_rings_before_a_take_merge, setup),
	    cmocka_unit_test_setup(test_irq_moves_the_doorbell_to_pending, setup),
	    cmocka_unit_test_setup(test_irq_without_doorbell_does_nothing, setup),
	    cmocka_unit_test_setup(test_ring_during_pending_is_kept, setup),
	    cmocka_unit_test_setup(test_pending_does_not_take, setup),
	    cmocka_unit_test_setup(test_ping_pong, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

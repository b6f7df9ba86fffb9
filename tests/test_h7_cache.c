/* SPDX-License-Identifier: BSD-3-Clause */
/* Cortex-M7 D-cache maintenance of the STM32H747 port, against the register log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "h7_cache.h"
#include "h7_model.h"
#include "h7_regs.h"

static int setup(void **state)
{
	(void)state;
	h7_model_reset();
	return 0;
}

static void test_span(void **state)
{
	struct h7_cache_span s;

	(void)state;
	s = h7_cache_span(0x38000000u, 0);
	assert_int_equal(s.lines, 0);
	s = h7_cache_span(0x38000000u, 1);
	assert_int_equal(s.first, 0x38000000u);
	assert_int_equal(s.lines, 1);
	s = h7_cache_span(0x38000000u, 32);
	assert_int_equal(s.lines, 1);
	s = h7_cache_span(0x38000000u, 33);
	assert_int_equal(s.lines, 2);
	s = h7_cache_span(0x3800001Fu, 2); /* straddles a line boundary */
	assert_int_equal(s.first, 0x38000000u);
	assert_int_equal(s.lines, 2);
	s = h7_cache_span(0x38000104u, 4); /* one 32-bit word */
	assert_int_equal(s.first, 0x38000100u);
	assert_int_equal(s.lines, 1);
	s = h7_cache_span(0x38000000u, 0x10000u); /* the whole region */
	assert_int_equal(s.lines, 2048);
	s = h7_cache_span(UINTPTR_MAX - 40u, 1000u); /* clamped, no wrap */
	assert_int_equal(s.lines, 2);
}

static void test_clean_lines_then_dsb(void **state)
{
	(void)state;
	h7_dcache_clean(0x38000410u, 40); /* 0x410..0x437: lines 0x400 and 0x420 */
	assert_int_equal(h7m.nlog, 3);
	assert_int_equal(h7m.log[0].kind, H7M_WRITE);
	assert_int_equal(h7m.log[0].addr, H7_SCB_DCCMVAC);
	assert_int_equal(h7m.log[0].val, 0x38000400u);
	assert_int_equal(h7m.log[1].addr, H7_SCB_DCCMVAC);
	assert_int_equal(h7m.log[1].val, 0x38000420u);
	assert_int_equal(h7m.log[2].kind, H7M_DSB);
}

static void test_invalidate_whole_lines(void **state)
{
	(void)state;
	h7_dcache_invalidate(0x38000400u, 64);
	assert_int_equal(h7m.nlog, 5);
	assert_int_equal(h7m.log[0].kind, H7M_DSB);
	assert_int_equal(h7m.log[1].addr, H7_SCB_DCIMVAC);
	assert_int_equal(h7m.log[1].val, 0x38000400u);
	assert_int_equal(h7m.log[2].addr, H7_SCB_DCIMVAC);
	assert_int_equal(h7m.log[2].val, 0x38000420u);
	assert_int_equal(h7m.log[3].kind, H7M_DSB);
	assert_int_equal(h7m.log[4].kind, H7M_ISB);
	assert_int_equal(h7_model_count(H7M_WRITE, H7_SCB_DCCIMVAC), 0);
}

/* Lines only partly in the range are cleaned and invalidated, never just dropped. */
static void test_invalidate_partial_lines(void **state)
{
	(void)state;
	h7_dcache_invalidate(0x38000410u, 80); /* 0x410..0x45F */
	assert_int_equal(h7m.nlog, 6);
	assert_int_equal(h7m.log[1].addr, H7_SCB_DCCIMVAC);
	assert_int_equal(h7m.log[1].val, 0x38000400u);
	assert_int_equal(h7m.log[2].addr, H7_SCB_DCIMVAC);
	assert_int_equal(h7m.log[2].val, 0x38000420u);
	assert_int_equal(h7m.log[3].addr, H7_SCB_DCIMVAC);
	assert_int_equal(h7m.log[3].val, 0x38000440u);
	h7_model_clear_log();
	h7_dcache_invalidate(0x38000100u, 4); /* one word */
	assert_int_equal(h7m.log[1].addr, H7_SCB_DCCIMVAC);
	assert_int_equal(h7m.log[1].val, 0x38000100u);
	assert_int_equal(h7_model_count(H7M_WRITE, 0), 1);
}

static void test_empty_range_does_nothing(void **state)
{
	(void)state;
	h7_dcache_invalidate(0x38000000u, 0);
	assert_int_equal(h7m.nlog, 0);
}

/* STM32H747 CM7: 16 KiB, 4 ways, 32-byte lines -> 128 sets. */
#define CCSIDR_H747 ((127u << 13) | (3u << 3) | 1u)

static void test_dcache_enable(void **state)
{
	uint32_t i, first = 0, last = 0, n = 0;

	(void)state;
	h7_model_preset(H7_SCB_CCSIDR, CCSIDR_H747);
	h7_model_preset(H7_SCB_CCR, 0x200u); /* STKALIGN */
	h7_dcache_enable();
	for (i = 0; i < h7m.nlog; i++) {
		if (h7m.log[i].kind != H7M_WRITE || h7m.log[i].addr != H7_SCB_DCISW)
			continue;
		if (!n++)
			first = i;
		last = i;
	}
	assert_int_equal(n, 512);
	assert_int_equal(h7m.log[first].val, 0);
	assert_int_equal(h7m.log[last].val, (3u << 30) | (127u << 5));
	assert_int_equal(h7_model_reg(H7_SCB_CCR), 0x200u | H7_SCB_CCR_DC);
	/* Invalidate everything before turning the cache on. */
	for (i = last + 1; i < h7m.nlog; i++)
		if (h7m.log[i].kind == H7M_WRITE && h7m.log[i].addr == H7_SCB_CCR)
			break;
	assert_true(i < h7m.nlog);
	assert_int_equal(h7m.log[i - 2].kind, H7M_DSB);
	/* Already on: nothing more happens. */
	h7_model_clear_log();
	h7_dcache_enable();
	assert_int_equal(h7_model_count(H7M_WRITE, 0), 0);
}

static void test_icache_enable(void **state)
{
	(void)state;
	h7_icache_enable();
	assert_int_equal(h7_model_count(H7M_WRITE, H7_SCB_ICIALLU), 1);
	assert_int_equal(h7_model_reg(H7_SCB_CCR), H7_SCB_CCR_IC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_span, setup),
	    cmocka_unit_test_setup(test_clean_lines_then_dsb, setup),
	    cmocka_unit_test_setup(test_invalidate_whole_lines, setup),
	    cmocka_unit_test_setup(test_invalidate_partial_lines, setup),
	    cmocka_unit_test_setup(test_empty_range_does_nothing, setup),
	    cmocka_unit_test_setup(test_dcache_enable, setup),
	    cmocka_unit_test_setup(test_icache_enable, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

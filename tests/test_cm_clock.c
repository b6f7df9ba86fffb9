/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Cortex-M SysTick clock (ports/common/cortex_m/clock.c) against a
 * SysTick model: CSR, RVR, CVR as the architecture defines them, COUNTFLAG
 * set when the counter wraps and cleared by a read of CSR or a write of CVR.
 * The model's "interrupt" is a flag the test delivers (or not: masked) by
 * calling the handler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "clock.h"

#define SYST_CSR	   0xE000E010u
#define SYST_RVR	   0xE000E014u
#define SYST_CVR	   0xE000E018u
#define SYST_CSR_COUNTFLAG (1u << 16)

static uint32_t csr, rvr;
static int irq_pending;

uint32_t cm_io_rd(uint32_t addr)
{
	uint32_t v;

	switch (addr) {
	case SYST_CSR:
		v = csr;
		csr &= ~SYST_CSR_COUNTFLAG;
		return v;
	case SYST_RVR:
		return rvr;
	default:
		fail_msg("read of %08x", addr);
	}
	return 0;
}

void cm_io_wr(uint32_t addr, uint32_t val)
{
	switch (addr) {
	case SYST_CSR:
		csr = (csr & SYST_CSR_COUNTFLAG) | (val & 7u);
		break;
	case SYST_RVR:
		rvr = val;
		break;
	case SYST_CVR:
		csr &= ~SYST_CSR_COUNTFLAG;
		break;
	default:
		fail_msg("write of %08x", addr);
	}
}

/* One SysTick period passes: the counter wraps, the interrupt becomes pending. */
static void period(void)
{
	if (csr & 1u) {
		csr |= SYST_CSR_COUNTFLAG;
		irq_pending = 1;
	}
}

static void deliver_irq(void)
{
	if (irq_pending) {
		irq_pending = 0;
		cm_clock_systick_isr();
	}
}

static int setup(void **state)
{
	(void)state;
	csr = SYST_CSR_COUNTFLAG; /* left over from before */
	rvr = 0u;
	irq_pending = 0;
	cm_clock_init(64000000u);
	return 0;
}

static void test_init_programs_one_millisecond(void **state)
{
	(void)state;
	assert_int_equal(rvr, 63999u);
	assert_int_equal(csr, 7u); /* enabled, interrupt, processor clock; stale COUNTFLAG gone */
	assert_int_equal(cm_clock_now_ms(), 0u);
}

static void test_interrupt_keeps_it_going(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < 5u; i++) {
		period();
		deliver_irq();
	}
	assert_int_equal(cm_clock_now_ms(), 5u);
}

/* Issue 14 item 4: a wait with interrupts masked (or in a handler) must time out. */
static void test_runs_with_interrupts_masked(void **state)
{
	uint32_t t0, polls = 0;

	(void)state;
	t0 = cm_clock_now_ms();
	while (cm_clock_now_ms() - t0 < 10u && polls < 1000u) {
		period(); /* time passes, the interrupt stays pending */
		polls++;
	}
	assert_int_equal(cm_clock_now_ms() - t0, 10u);
	assert_true(polls <= 11u);
}

static void test_each_period_counts_once(void **state)
{
	(void)state;
	period();
	assert_int_equal(cm_clock_now_ms(), 1u); /* the reader saw it first */
	deliver_irq();				 /* the handler finds nothing new */
	assert_int_equal(cm_clock_now_ms(), 1u);
	period();
	deliver_irq(); /* the handler first */
	assert_int_equal(cm_clock_now_ms(), 2u);
	assert_int_equal(cm_clock_now_ms(), 2u);
}

static void test_stop(void **state)
{
	(void)state;
	cm_clock_stop();
	assert_int_equal(csr & 7u, 0u);
	period();
	assert_int_equal(cm_clock_now_ms(), 0u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_init_programs_one_millisecond, setup),
	    cmocka_unit_test_setup(test_interrupt_keeps_it_going, setup),
	    cmocka_unit_test_setup(test_runs_with_interrupts_masked, setup),
	    cmocka_unit_test_setup(test_each_period_counts_once, setup),
	    cmocka_unit_test_setup(test_stop, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

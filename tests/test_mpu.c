/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cortex-M7 MPU region encoding. Expected values are worked out by hand from
 * the Armv7-M ARM (DDI 0403) MPU_RBAR / MPU_RASR layouts:
 *
 *   RBAR = ADDR[31:5] | VALID(4) | REGION[3:0]
 *   RASR = XN(28) | AP[26:24] | TEX[21:19] | S(18) | C(17) | B(16) |
 *          SRD[15:8] | SIZE[5:1] | ENABLE(0),  region size = 2^(SIZE+1)
 *
 * SRAM4 (RM0399: 0x38000000, 64 KiB), region 0, full access, execute never:
 *   RBAR = 0x38000000 | 0x10 | 0                          = 0x38000010
 *   SIZE = log2(65536) - 1 = 15 -> 15 << 1               = 0x0000001E
 *   write-through, TEX=000 C=1 B=0 S=0:
 *     0x10000000 | 0x03000000 | 0x00020000 | 0x1E | 1    = 0x1302001F
 *   non-cacheable, TEX=001 C=0 B=0 S=1:
 *     0x10000000 | 0x03000000 | 0x00080000 | 0x00040000 | 0x1E | 1 = 0x130C001F
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "h7_model.h"
#include "h7_mpu.h"
#include "h7_regs.h"

static struct h7_mpu_region shm(int noncacheable)
{
	struct h7_mpu_region r;

	h7_mpu_shm_region(&r, 0, H7_SRAM4, H7_SRAM4_SIZE, noncacheable);
	return r;
}

static void test_sram4_write_through(void **state)
{
	struct h7_mpu_region r = shm(0);
	uint32_t rbar = 0, rasr = 0;

	(void)state;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), 0);
	assert_int_equal(rbar, 0x38000010u);
	assert_int_equal(rasr, 0x1302001Fu);
}

static void test_sram4_noncacheable(void **state)
{
	struct h7_mpu_region r = shm(1);
	uint32_t rbar = 0, rasr = 0;

	(void)state;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), 0);
	assert_int_equal(rbar, 0x38000010u);
	assert_int_equal(rasr, 0x130C001Fu);
}

/* Every field lands in its own bits. */
static void test_fields(void **state)
{
	struct h7_mpu_region r = {
	    .number = 15,
	    .base = 0x24000000u,
	    .size = 512u * 1024u, /* AXI SRAM */
	    .tex = 1,
	    .c = 1,
	    .b = 1,
	    .s = 0,
	    .ap = H7_MPU_AP_PRIV_RO,
	    .xn = 0,
	    .srd = 0x81,
	};
	uint32_t rbar = 0, rasr = 0;

	(void)state;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), 0);
	assert_int_equal(rbar, 0x2400001Fu);
	/* SIZE = 18: 0x24; SRD 0x81 << 8; B, C; TEX 1 << 19; AP 5 << 24 */
	assert_int_equal(rasr, 0x05000000u | 0x00080000u | 0x00030000u | 0x8100u | 0x24u | 1u);
}

static void test_smallest_and_largest(void **state)
{
	struct h7_mpu_region r = {.number = 1, .base = 0x20000020u, .size = 32u, .ap = 3};
	uint32_t rbar = 0, rasr = 0;

	(void)state;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), 0);
	assert_int_equal(rbar, 0x20000031u);
	assert_int_equal(rasr, 0x03000000u | (4u << 1) | 1u);
	r = (struct h7_mpu_region){.number = 2, .base = 0x80000000u, .size = 0x80000000u};
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), 0);
	assert_int_equal(rbar, 0x80000012u);
	assert_int_equal(rasr, (30u << 1) | 1u);
}

static void test_rejects_what_the_mpu_cannot_express(void **state)
{
	const struct h7_mpu_region good = shm(0);
	struct h7_mpu_region r;
	uint32_t rbar = 0xAAAAAAAAu, rasr = 0x55555555u;

	(void)state;
	r = good;
	r.base = 0x38008000u; /* not aligned to 64 KiB */
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.size = 48u * 1024u; /* not a power of two */
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.size = 16u; /* below 32 bytes */
	r.base = 0x38000000u;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.size = 0;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.number = 16;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.ap = 4; /* reserved encoding */
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.tex = 8;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = good;
	r.c = 2;
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	r = (struct h7_mpu_region){.base = 0x20000000u, .size = 128u, .srd = 1}; /* no subregions */
	assert_int_equal(h7_mpu_encode(&r, &rbar, &rasr), AMP_EINVAL);
	assert_int_equal(h7_mpu_encode(NULL, &rbar, &rasr), AMP_EINVAL);
	assert_int_equal(h7_mpu_encode(&good, NULL, &rasr), AMP_EINVAL);
	assert_int_equal(rbar, 0xAAAAAAAAu); /* untouched on error */
	assert_int_equal(rasr, 0x55555555u);
}

/* Disable, program, enable with PRIVDEFENA, then DSB + ISB. */
static void test_configure_sequence(void **state)
{
	const struct h7_mpu_region r = shm(0);
	const struct h7_mpu_access_expect {
		char kind;
		uintptr_t addr;
		uint32_t val;
	} want[] = {
	    {H7M_DMB, 0, 0},
	    {H7M_WRITE, H7_MPU_CTRL, 0},
	    {H7M_WRITE, H7_MPU_RBAR, 0x38000010u},
	    {H7M_WRITE, H7_MPU_RASR, 0x1302001Fu},
	    {H7M_WRITE, H7_MPU_CTRL, H7_MPU_CTRL_ENABLE | H7_MPU_CTRL_PRIVDEFENA},
	    {H7M_DSB, 0, 0},
	    {H7M_ISB, 0, 0},
	};
	size_t i;

	(void)state;
	h7_model_reset();
	assert_int_equal(h7_mpu_configure(&r, 1), 0);
	assert_int_equal(h7m.nlog, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(h7m.log[i].kind, want[i].kind);
		assert_int_equal(h7m.log[i].addr, want[i].addr);
		assert_int_equal(h7m.log[i].val, want[i].val);
	}
}

/* Arm erratum 1259864: write-through only on a Cortex-M7 from r1p2 on. */
static void test_write_through_by_revision(void **state)
{
	(void)state;
	assert_false(h7_cm7_write_through_safe(0x410FC270u)); /* r0p0 */
	assert_false(h7_cm7_write_through_safe(0x410FC271u)); /* r0p1 */
	assert_false(h7_cm7_write_through_safe(0x410FC272u)); /* r0p2 */
	assert_false(h7_cm7_write_through_safe(0x411FC270u)); /* r1p0 */
	assert_false(h7_cm7_write_through_safe(0x411FC271u)); /* r1p1: STM32H747 */
	assert_true(h7_cm7_write_through_safe(0x411FC272u));  /* r1p2: fixed */
	assert_true(h7_cm7_write_through_safe(0x412FC270u));  /* a later variant */
	assert_false(h7_cm7_write_through_safe(0x410FC241u)); /* a Cortex-M4 */
}

/* What h7_mpu_shm_setup() wrote to MPU_RASR for SRAM4, with CPUID preset. */
static uint32_t shm_rasr_for(uint32_t cpuid, int force_noncacheable, int want_nc)
{
	uint32_t i, rasr = 0;

	h7_model_reset();
	h7_model_preset(H7_SCB_CPUID, cpuid);
	assert_int_equal(h7_mpu_shm_setup(H7_SRAM4, H7_SRAM4_SIZE, force_noncacheable), want_nc);
	assert_int_equal(h7_model_count(H7M_READ, H7_SCB_CPUID), 1u);
	for (i = 0; i < h7m.nlog; i++)
		if (h7m.log[i].kind == H7M_WRITE && h7m.log[i].addr == H7_MPU_RASR)
			rasr = h7m.log[i].val;
	return rasr;
}

static void test_shm_setup_per_revision(void **state)
{
	const struct h7_mpu_region wt = shm(0), nc = shm(1);
	uint32_t rbar, rasr_wt, rasr_nc;

	(void)state;
	assert_int_equal(h7_mpu_encode(&wt, &rbar, &rasr_wt), 0);
	assert_int_equal(h7_mpu_encode(&nc, &rbar, &rasr_nc), 0);
	assert_int_equal(shm_rasr_for(0x411FC271u, 0, 1), rasr_nc); /* r1p1: non-cacheable */
	assert_int_equal(shm_rasr_for(0x410FC271u, 0, 1), rasr_nc); /* r0p1 */
	assert_int_equal(shm_rasr_for(0x411FC272u, 0, 0), rasr_wt); /* r1p2: write-through */
	assert_int_equal(shm_rasr_for(0x411FC272u, 1, 1), rasr_nc); /* forced by the build */
}

static void test_configure_bad_region_touches_nothing(void **state)
{
	struct h7_mpu_region r[2] = {shm(0), shm(1)};

	(void)state;
	r[1].base = 0x38000100u;
	h7_model_reset();
	assert_int_equal(h7_mpu_configure(r, 2), AMP_EINVAL);
	assert_int_equal(h7_mpu_configure(r, 0), AMP_EINVAL);
	assert_int_equal(h7_mpu_configure(r, 17), AMP_EINVAL);
	assert_int_equal(h7m.nlog, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sram4_write_through),
	    cmocka_unit_test(test_sram4_noncacheable),
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_smallest_and_largest),
	    cmocka_unit_test(test_rejects_what_the_mpu_cannot_express),
	    cmocka_unit_test(test_configure_sequence),
	    cmocka_unit_test(test_configure_bad_region_touches_nothing),
	    cmocka_unit_test(test_write_through_by_revision),
	    cmocka_unit_test(test_shm_setup_per_revision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

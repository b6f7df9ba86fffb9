/* SPDX-License-Identifier: BSD-3-Clause */
/* Armv7-M PMSAv7 MPU: DDI 0403 section B3.5. */
#include "h7_mpu.h"

#include <stddef.h>

#include "amp/errors.h"
#include "h7_io.h"
#include "h7_regs.h"

/* MPU_RBAR */
#define RBAR_VALID  H7_BIT(4)
#define RBAR_REGION 0xFu
/* MPU_RASR */
#define RASR_ENABLE	H7_BIT(0)
#define RASR_SIZE_SHIFT 1u
#define RASR_SRD_SHIFT	8u
#define RASR_B		H7_BIT(16)
#define RASR_C		H7_BIT(17)
#define RASR_S		H7_BIT(18)
#define RASR_TEX_SHIFT	19u
#define RASR_AP_SHIFT	24u
#define RASR_XN		H7_BIT(28)

#define MPU_REGIONS_MAX	 16u
#define MPU_MIN_SIZE_LOG 5u /* 32 bytes */
#define MPU_SRD_MIN_LOG	 8u /* subregions need 256 bytes or more */

static uint32_t log2_exact(uint32_t v)
{
	uint32_t n = 0;

	while (v > 1u) {
		v >>= 1;
		n++;
	}
	return n;
}

static int region_ok(const struct h7_mpu_region *r)
{
	if (r->number >= MPU_REGIONS_MAX || r->size == 0u || (r->size & (r->size - 1u)) ||
	    r->size < (1u << MPU_MIN_SIZE_LOG) || (r->base & (r->size - 1u)))
		return 0;
	if (r->tex > 7u || r->c > 1u || r->b > 1u || r->s > 1u || r->xn > 1u)
		return 0;
	if (r->ap > 7u || r->ap == 4u)
		return 0;
	return r->srd == 0u || r->size >= (1u << MPU_SRD_MIN_LOG);
}

int h7_mpu_encode(const struct h7_mpu_region *r, uint32_t *rbar, uint32_t *rasr)
{
	uint32_t v;

	if (!r || !rbar || !rasr || !region_ok(r))
		return AMP_EINVAL;
	*rbar = r->base | RBAR_VALID | (r->number & RBAR_REGION);
	/* Region size is 2^(SIZE+1) bytes. */
	v = ((log2_exact(r->size) - 1u) << RASR_SIZE_SHIFT) | RASR_ENABLE;
	v |= (uint32_t)r->srd << RASR_SRD_SHIFT;
	v |= r->b ? RASR_B : 0u;
	v |= r->c ? RASR_C : 0u;
	v |= r->s ? RASR_S : 0u;
	v |= (uint32_t)r->tex << RASR_TEX_SHIFT;
	v |= (uint32_t)r->ap << RASR_AP_SHIFT;
	v |= r->xn ? RASR_XN : 0u;
	*rasr = v;
	return AMP_OK;
}

int h7_mpu_configure(const struct h7_mpu_region *regions, uint32_t count)
{
	uint32_t rbar[MPU_REGIONS_MAX], rasr[MPU_REGIONS_MAX];
	uint32_t i;

	if (!regions || count == 0u || count > MPU_REGIONS_MAX)
		return AMP_EINVAL;
	for (i = 0; i < count; i++)
		if (h7_mpu_encode(&regions[i], &rbar[i], &rasr[i]) != AMP_OK)
			return AMP_EINVAL;
	/* Outstanding accesses complete under the old attributes. */
	h7_dmb();
	h7_wr(H7_MPU_CTRL, 0u);
	for (i = 0; i < count; i++) {
		h7_wr(H7_MPU_RBAR, rbar[i]);
		h7_wr(H7_MPU_RASR, rasr[i]);
	}
	h7_wr(H7_MPU_CTRL, H7_MPU_CTRL_ENABLE | H7_MPU_CTRL_PRIVDEFENA);
	/* The new map applies to the very next access and instruction fetch. */
	h7_dsb();
	h7_isb();
	return AMP_OK;
}

/* SCB CPUID (Armv7-M ARM B3.2.3): the Cortex-M7 is PARTNO 0xC27, rVARIANTpREVISION. */
#define CPUID_PARTNO(v)	  (((v) >> 4) & 0xFFFu)
#define CPUID_VARIANT(v)  (((v) >> 20) & 0xFu)
#define CPUID_REVISION(v) ((v)&0xFu)
#define PARTNO_CORTEX_M7  0xC27u

int h7_cm7_write_through_safe(uint32_t cpuid)
{
	uint32_t variant = CPUID_VARIANT(cpuid), revision = CPUID_REVISION(cpuid);

	if (CPUID_PARTNO(cpuid) != PARTNO_CORTEX_M7)
		return 0;
	/*
	 * Erratum 1259864 (Arm SDEN-1068427): present in r0p1..r1p1, fixed in
	 * r1p2; r0p0, which the notice does not cover, is taken as affected too.
	 */
	return variant > 1u || (variant == 1u && revision >= 2u);
}

int h7_mpu_shm_setup(uint32_t base, uint32_t size, int force_noncacheable)
{
	int safe = h7_cm7_write_through_safe(h7_rd(H7_SCB_CPUID));
	int nc = force_noncacheable || !safe;
	struct h7_mpu_region r;

	h7_mpu_shm_region(&r, 0, base, size, nc);
	if (h7_mpu_configure(&r, 1) != AMP_OK)
		return AMP_EINVAL;
	return nc;
}

void h7_mpu_shm_region(struct h7_mpu_region *r, uint32_t number, uint32_t base, uint32_t size,
		       int noncacheable)
{
	*r = (struct h7_mpu_region){
	    .number = number,
	    .base = base,
	    .size = size,
	    .ap = H7_MPU_AP_FULL,
	    .xn = 1,
	};
	if (noncacheable) {
		r->tex = 1;
		r->s = 1;
	} else {
		r->c = 1;
	}
}

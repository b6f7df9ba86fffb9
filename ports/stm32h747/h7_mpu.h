/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cortex-M7 MPU (Armv7-M PMSAv7) region encoding and programming, and the
 * attributes this port uses for the shared SRAM4 region.
 */
#ifndef H7_MPU_H
#define H7_MPU_H

#include <stdint.h>

/* AP field values (DDI 0403 table B3-15). 0b100 is reserved. */
enum h7_mpu_ap {
	H7_MPU_AP_NONE = 0,    /* no access */
	H7_MPU_AP_PRIV_RW = 1, /* privileged read/write, unprivileged none */
	H7_MPU_AP_PRIV_RW_U_RO = 2,
	H7_MPU_AP_FULL = 3, /* read/write for everyone */
	H7_MPU_AP_PRIV_RO = 5,
	H7_MPU_AP_RO = 6,
};

struct h7_mpu_region {
	uint32_t number; /* 0..15 */
	uint32_t base;	 /* aligned to size */
	uint32_t size;	 /* power of two, 32 bytes .. 2 GiB */
	uint8_t tex;	 /* 0..7 */
	uint8_t c;	 /* cacheable */
	uint8_t b;	 /* bufferable */
	uint8_t s;	 /* shareable */
	uint8_t ap;	 /* enum h7_mpu_ap */
	uint8_t xn;	 /* execute never */
	uint8_t srd;	 /* subregion disable mask; only for regions of 256 bytes or more */
};

/*
 * Pure: the MPU_RBAR (with VALID and REGION, so no separate RNR write is
 * needed) and MPU_RASR (with ENABLE) values for a region.
 * Returns 0, or AMP_EINVAL for a region the MPU cannot express.
 */
int h7_mpu_encode(const struct h7_mpu_region *r, uint32_t *rbar, uint32_t *rasr);

/*
 * Disable the MPU, program the regions, enable it with the default memory
 * map as background for privileged code (PRIVDEFENA), with the barriers the
 * architecture asks for. Returns 0, or AMP_EINVAL (MPU left as it was).
 */
int h7_mpu_configure(const struct h7_mpu_region *regions, uint32_t count);

/*
 * The shared region's attributes. Write-through (the seed's choice: Normal,
 * TEX=0 C=1 B=0, no write allocate) is cached for reads, so a read of data
 * the peer wrote needs an invalidate first; our writes reach SRAM4 directly.
 * Non-shareable on purpose: the Cortex-M7 treats Shareable cacheable memory
 * as non-cacheable (CACR.SIWT=0), which would silently defeat the choice.
 * The non-cacheable variant is Normal, TEX=1 C=0 B=0, shareable.
 * Both are execute-never and full access.
 */
void h7_mpu_shm_region(struct h7_mpu_region *r, uint32_t number, uint32_t base, uint32_t size,
		       int noncacheable);

/*
 * Pure: may this core map the shared region write-through? Not on a
 * Cortex-M7 before r1p2 (Arm erratum 1259864, "Data corruption in a sequence
 * of Write-Through stores and loads", Category A, present in r0p1..r1p1:
 * Arm SDEN-1068427; the STM32H7's core reads as r1p1, see
 * docs/stm32h747.md for ST's errata sheets), nor on anything that is not a
 * Cortex-M7 (cpuid: the SCB CPUID register).
 */
int h7_cm7_write_through_safe(uint32_t cpuid);

/*
 * The CM7's shared-region mapping, chosen at run time: read CPUID, map
 * [base, base + size) write-through where that is safe and not
 * force_noncacheable, else non-cacheable, as MPU region 0. Returns 0
 * (write-through), 1 (non-cacheable) or AMP_EINVAL.
 */
int h7_mpu_shm_setup(uint32_t base, uint32_t size, int force_noncacheable);

#endif

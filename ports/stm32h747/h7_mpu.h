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

#endif

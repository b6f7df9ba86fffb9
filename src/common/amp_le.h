/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Little-endian fields of every wire format: any alignment, any host. On a
 * little-endian host a field is a memcpy, one access (gcc -Os does not merge
 * the byte accesses of the portable form into one); elsewhere byte by byte.
 */
#ifndef AMP_LE_H
#define AMP_LE_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define AMP_LE_HOST 1
#else
#define AMP_LE_HOST 0
#endif

static inline void amp_le_put16(uint8_t *p, uint16_t v)
{
	if (AMP_LE_HOST) {
		memcpy(p, &v, sizeof(v));
		return;
	}
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void amp_le_put32(uint8_t *p, uint32_t v)
{
	if (AMP_LE_HOST) {
		memcpy(p, &v, sizeof(v));
		return;
	}
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint16_t amp_le_get16(const uint8_t *p)
{
	uint16_t v;

	if (AMP_LE_HOST) {
		memcpy(&v, p, sizeof(v));
		return v;
	}
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t amp_le_get32(const uint8_t *p)
{
	uint32_t v;

	if (AMP_LE_HOST) {
		memcpy(&v, p, sizeof(v));
		return v;
	}
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
#include "amp/config.h"
#include "amp/crc.h"

#if AMP_CFG_LEAN
/*
 * The lean profile (size first): no table, one bit a step. Its only CRC is
 * the link block's 28 bytes, read while attaching.
 */
#define CRC32_STEPS_PER_BYTE 8
static uint32_t crc32_step(uint32_t crc)
{
	return (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
}
#else
/* A nibble table: 64 bytes of flash instead of 1 KiB, two lookups per byte. */
#define CRC32_STEPS_PER_BYTE 2
static const uint32_t crc32_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

static uint32_t crc32_step(uint32_t crc)
{
	return (crc >> 4) ^ crc32_nibble[crc & 15u];
}
#endif

uint32_t amp_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = (const uint8_t *)data;
	int i;

	if (!p)
		return crc;
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (i = 0; i < CRC32_STEPS_PER_BYTE; i++)
			crc = crc32_step(crc);
	}
	return ~crc;
}

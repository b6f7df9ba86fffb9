/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef AMP_CRC_H
#define AMP_CRC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). Start with crc = 0 and
 * feed the previous result to continue: amp_crc32(0, "123456789", 9) == 0xCBF43926.
 * NULL data is no data: crc comes back unchanged.
 */
uint32_t amp_crc32(uint32_t crc, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cortex-M7 L1 cache maintenance through the memory-mapped Armv7-M cache
 * maintenance registers. Address-range operations work on whole 32-byte
 * lines: the range is widened to line boundaries.
 */
#ifndef H7_CACHE_H
#define H7_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* First line address and line count covering [addr, addr + len). Pure. */
struct h7_cache_span {
	uintptr_t first;
	uint32_t lines;
};
struct h7_cache_span h7_cache_span(uintptr_t addr, size_t len);

/* Write our cached writes back to memory (DCCMVAC per line), then DSB. */
void h7_dcache_clean(uintptr_t addr, size_t len);

/*
 * Drop our cached copy so the next read fetches what the peer wrote
 * (DCIMVAC per line, then DSB and ISB). A line only partly inside the range
 * is cleaned and invalidated instead (DCCIMVAC), so that with a write-back
 * mapping our own dirty bytes next to the range are not thrown away. With
 * the write-through mapping this port uses no line is ever dirty.
 */
void h7_dcache_invalidate(uintptr_t addr, size_t len);

/* Invalidate the whole data cache by set/way and enable it (reset state: off). */
void h7_dcache_enable(void);
void h7_icache_enable(void);

#endif

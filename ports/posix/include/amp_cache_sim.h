/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stale-cache simulation: one core's view of the shared region through a
 * simulated data cache, for host tests (docs/cache.md).
 *
 * The library gets a port whose shm is a private copy of the region (the
 * "view", what the core's cache holds); the region itself (the shm of the
 * port underneath) plays main memory. Then:
 *   - a read is served from the view: it sees what the memory held when the
 *     line was last loaded, however long ago;
 *   - cache_invalidate(addr, len) reloads every 32-byte line the range
 *     touches from memory (and drops anything written there and not cleaned);
 *   - a write lands in the view only; it reaches memory when
 *     cache_clean(addr, len) covers it: exactly the bytes of the range, or
 *     the whole lines with AMP_CACHE_SIM_CLEAN_LINES (a write-back cache,
 *     which also writes back the stale bytes it holds next to ours);
 *   - a reset (amp_cache_sim_reset: the core boots) loads every line.
 * So a read of peer data without an invalidate first, or a publication
 * without a clean, makes the peer or us see old data.
 */
#ifndef AMP_CACHE_SIM_H
#define AMP_CACHE_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "amp/port.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_CACHE_SIM_LINE 32u

/* Flags for amp_cache_sim_init. */
#define AMP_CACHE_SIM_CLEAN_LINES 1u /* clean writes back whole lines (write-back model) */

struct amp_cache_sim_stats {
	uint32_t cleans;
	uint32_t invalidates;
	uint32_t lines_loaded;	/* lines reloaded by invalidates */
	uint32_t bytes_cleaned; /* bytes written to memory by cleans */
};

struct amp_cache_sim {
	struct amp_port port;	    /* give this one to amp_init(): its shm is the view */
	struct amp_port_ops ops;    /* the port underneath's, with the cache hooks replaced */
	const struct amp_port *mem; /* the port underneath: its shm is the memory */
	uint8_t *view;
	void *map_base; /* the view's mapping, guard pages included */
	size_t map_len;
	uint32_t flags;
	struct amp_cache_sim_stats stats;
};

/*
 * Put a simulated cache in front of mem (which must outlive it). The view is
 * mapped between inaccessible guard pages and starts as a copy of memory.
 */
int amp_cache_sim_init(struct amp_cache_sim *cs, const struct amp_port *mem, uint32_t flags);
void amp_cache_sim_fini(struct amp_cache_sim *cs);
/* The core resets: every line is reloaded from memory. */
void amp_cache_sim_reset(struct amp_cache_sim *cs);

#ifdef __cplusplus
}
#endif
#endif

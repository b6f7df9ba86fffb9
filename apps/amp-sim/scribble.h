/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hostile-peer soak's parts that its two forms share: --lockstep --soak
 * --scribble (run_scribble.c, one process, virtual time) and --scribble-procs
 * (run_scribble_procs.c, master, slave and scribbler as three processes).
 */
#ifndef AMP_SIM_SCRIBBLE_H
#define AMP_SIM_SCRIBBLE_H

#include <stdint.h>

#include "soak.h"

#define SCRIBBLE_HB_MS	      ((uint32_t)AMP_CFG_HEARTBEAT_MS)
#define SCRIBBLE_MS	      (5u * SCRIBBLE_HB_MS)  /* one burst of writes */
#define SCRIBBLE_CLEAN_MS     (20u * SCRIBBLE_HB_MS) /* clean traffic after it */
#define SCRIBBLE_RECOVERY_MAX (4u * SCRIBBLE_HB_MS)  /* back within this of the stop */

struct scribble_counts {
	uint32_t corrupted, duplicated, reordered, lost;
};

struct scribble_tally {
	uint32_t rounds, writes, deadlocks, max_recovery_ms, link_downs;
	uint32_t crashes; /* a side process that died (three-process form) */
	struct scribble_counts during, after;
	struct scribble_counts mark; /* the book's counters when this phase began */
};

/* Where the random x writes: half in the control structures, half in the pool. */
uint32_t scribble_offset(uint32_t x);
/* Add what the book counted since the mark to c, and lost; the mark moves on. */
void scribble_count_phase(struct scribble_tally *t, const struct soak_book *b,
			  struct scribble_counts *c, uint32_t lost);
/* Settle the book, print the verdict lines; 1 if the soak failed. */
int scribble_report(struct scribble_tally *t, struct soak_book *b);

#endif

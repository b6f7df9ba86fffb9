/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "amp/layout.h"
#include "scribble.h"

uint32_t scribble_offset(uint32_t x)
{
	if (x & 1u)
		return (x >> 1) % AMP_SHM_POOL_OFF;
	return AMP_SHM_POOL_OFF + (x >> 1) % AMP_SHM_POOL_SIZE;
}

void scribble_count_phase(struct scribble_tally *t, const struct soak_book *b,
			  struct scribble_counts *c, uint32_t lost)
{
	c->corrupted += b->corrupted - t->mark.corrupted;
	c->duplicated += b->duplicated - t->mark.duplicated;
	c->reordered += b->reordered - t->mark.reordered;
	c->lost += lost;
	t->mark = (struct scribble_counts){b->corrupted, b->duplicated, b->reordered, 0};
}

/*
 * While it scribbles, a payload it hit arrives corrupted (no session CRC) and
 * may arrive out of order: counted, not failures. Failures: a stale or
 * duplicated delivery at any time, a message missing on a session that never
 * closed (lost without a word to the application), anything wrong once it
 * stopped, a channel not back in time, a side that died.
 */
int scribble_report(struct scribble_tally *t, struct soak_book *b)
{
	uint32_t unreported;

	soak_book_settle(b);
	unreported = soak_book_unreported(b);
	printf("scribble: rounds=%u writes=%u deadlocks=%u max_recovery_beats=%.2f "
	       "downs_after_stop=%u crashes=%u\n",
	       t->rounds, t->writes, t->deadlocks, (double)t->max_recovery_ms / SCRIBBLE_HB_MS,
	       t->link_downs, t->crashes);
	printf("scribble: after lost=%u corrupted=%u duplicated=%u reordered=%u\n",
	       t->after.lost + b->lost, t->after.corrupted, t->after.duplicated,
	       t->after.reordered);
	printf("scribble: during corrupted=%u missing_at_pause=%u silently_lost=%u reordered=%u "
	       "duplicated=%u\n",
	       t->during.corrupted, t->during.lost, unreported, t->during.reordered,
	       t->during.duplicated);
	return t->deadlocks || t->crashes || t->after.corrupted || t->after.duplicated ||
	       t->after.reordered || t->after.lost || b->lost || t->during.duplicated ||
	       unreported || t->max_recovery_ms > SCRIBBLE_RECOVERY_MAX;
}

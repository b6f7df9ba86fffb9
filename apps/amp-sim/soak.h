/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Soak traffic: several sessions carry sequence-numbered, checksummed
 * messages both ways while either core reboots. A book (in memory both
 * processes of a two-process run share) accounts for every message whose
 * send succeeded: arrived once and in order, or its session reported closed.
 */
#ifndef AMP_SIM_SOAK_H
#define AMP_SIM_SOAK_H

#include <stdint.h>

#include "amp/amp.h"

#define SOAK_SESSIONS  3
#define SOAK_BOOK_SIZE 256u

struct soak_inst {
	uint64_t key;	  /* amp_session_id(): epoch << 16 | sid, the same on both sides */
	uint32_t sent[2]; /* by sender role */
	uint32_t got[2];
	uint32_t next[2]; /* next expected sequence number */
	uint32_t owed[2]; /* missing at a resync, and no close has told the application yet */
	uint32_t used;
	uint32_t closed;
	uint32_t age;
};

struct soak_book {
	uint32_t lock;		 /* spin lock shared between processes: the holder's pid (or 1) */
	uint32_t ready[2];	 /* two-process runs: each side says whether it is ready */
	uint32_t quiet;		 /* two-process runs: stop sending */
	uint32_t resync_req;	 /* two-process runs: resync round asked for (procs.c) */
	uint32_t resync_done[2]; /* the round each side has done */
	uint32_t resync_lost;	 /* what they found missing */
	uint32_t clock;
	uint32_t lost, duplicated, reordered, corrupted;
	uint64_t messages, bytes;
	struct soak_inst inst[SOAK_BOOK_SIZE];
};

struct soak_chan {
	struct amp_session *s;
	uint32_t seq;
	uint8_t opener;
};

struct soak_side {
	struct soak_book *book;
	struct amp *amp;
	enum amp_role role;
	uint64_t rng;
	int quiet; /* stop sending (drain before the final count) */
	struct soak_chan ch[SOAK_SESSIONS];
};

struct soak_book *soak_book_create(void);
/* (Re)start one side's application after its core booted. */
void soak_side_start(struct soak_side *sd, struct soak_book *book, struct amp *amp,
		     enum amp_role role, uint64_t seed);
/* The core rebooted: everything its sessions had is gone (counts as closed). */
void soak_side_crashed(struct soak_side *sd);
/* Open, re-open and send; returns 1 if it did something. */
int soak_side_tick(struct soak_side *sd);
/* Default session up and every soak session established. */
int soak_side_ready(const struct soak_side *sd);
/* A process killed while holding the book's lock must not wedge the other. */
void soak_book_unlock_dead(struct soak_book *b, uint32_t pid);
/*
 * Start counting afresh on this side's live sessions (the sender stopped and
 * what was in flight has landed): returns the messages it sent on them that
 * never arrived although the session stayed open (lost without a word), and
 * expects each one's next message from now on.
 */
uint32_t soak_side_resync(struct soak_side *sd);
/* Messages found missing at a resync on sessions that never closed since: lost unreported. */
uint32_t soak_book_unreported(struct soak_book *b);
/* Count what never arrived on sessions that never closed. */
void soak_book_settle(struct soak_book *b);

#endif

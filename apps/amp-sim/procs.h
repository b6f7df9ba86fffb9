/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The soak sides as processes (--kill-soak, --scribble-procs): master and
 * slave each in a forked process over one POSIX shared-memory object,
 * carrying soak traffic (soak.c) and accounting in a book both share.
 */
#ifndef AMP_SIM_PROCS_H
#define AMP_SIM_PROCS_H

#include <stdint.h>
#include <sys/types.h>

#include "soak.h"

/* Fork a side that opens the object name; it runs until SIGTERM. */
pid_t procs_start_side(const char *name, enum amp_role role, struct soak_book *book, uint64_t seed);
/* Milliseconds until both sides are ready, or the first value above limit_ms. */
uint32_t procs_wait_ready(struct soak_book *book, uint32_t limit_ms);
/*
 * Both sides stopped sending (book->quiet) and what was in flight landed:
 * each side starts counting afresh (soak_side_resync()). Returns what they
 * found missing on sessions still open, or UINT32_MAX if a side did not
 * answer within limit_ms.
 */
uint32_t procs_resync(struct soak_book *book, uint32_t limit_ms);
void procs_sleep_ms(uint32_t ms);
uint32_t procs_rand(uint64_t *s);

#endif

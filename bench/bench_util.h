/* SPDX-License-Identifier: BSD-3-Clause */
/* What the benchmark programs share: a session pair brought up, argument parsing, clocks. */
#ifndef AMP_BENCH_UTIL_H
#define AMP_BENCH_UTIL_H

#include <signal.h>
#include <stdint.h>

#include "amp/amp.h"

#define BENCH_SESSION "bench"

/* One side's session, and what arrived on it. */
struct bench_side {
	struct amp *amp;
	struct amp_session *session;
	uint8_t echo;	   /* send every message back */
	uint32_t received; /* messages */
	uint64_t bytes;
	uint32_t errors; /* echo refused, wrong length */
	uint32_t expect_len;
};

/* Master: open BENCH_SESSION; slave: accept it. */
int bench_side_start(struct bench_side *b, struct amp *amp, enum amp_role role, int echo);
int bench_side_ready(const struct bench_side *b);

/* Parse a decimal number in [min, max] or exit with a message. */
uint64_t bench_arg_u64(const char *s, uint64_t min, uint64_t max);
double bench_seconds(void);
/* Set by SIGTERM once bench_stop_on_sigterm() installed the handler. */
extern volatile sig_atomic_t bench_stop_requested;
void bench_stop_on_sigterm(void);
/* Run on this CPU (only when there are two or more). */
void bench_pin_to_cpu(int cpu);

#endif

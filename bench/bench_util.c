/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct bench_side *b = priv;

	b->received++;
	b->bytes += len;
	if (b->expect_len && len != b->expect_len)
		b->errors++;
	if (b->echo && amp_session_send(s, data, len) != AMP_OK)
		b->errors++;
}

static void on_opened(struct amp_session *s, void *priv)
{
	struct bench_side *b = priv;

	b->session = s;
}

static void on_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct bench_side *b = priv;

	(void)s;
	(void)why;
	b->session = NULL;
	b->errors++;
}

static const struct amp_session_ops bench_ops = {
    .opened = on_opened,
    .data = on_data,
    .closed = on_closed,
};

int bench_side_start(struct bench_side *b, struct amp *amp, enum amp_role role, int echo)
{
	b->amp = amp;
	b->echo = (uint8_t)echo;
	if (role == AMP_ROLE_SLAVE)
		return amp_session_listen(amp_sessions(amp), BENCH_SESSION, &bench_ops, b);
	return amp_session_open(amp_sessions(amp), BENCH_SESSION, &bench_ops, b, &b->session);
}

int bench_side_ready(const struct bench_side *b)
{
	return b->session && amp_session_is_established(b->session);
}

uint64_t bench_arg_u64(const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "bench: bad number '%s' (%llu..%llu)\n", s, (unsigned long long)min,
			(unsigned long long)max);
		exit(2);
	}
	return v;
}

double bench_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

volatile sig_atomic_t bench_stop_requested;

static void on_term(int sig)
{
	(void)sig;
	bench_stop_requested = 1;
}

void bench_stop_on_sigterm(void)
{
	signal(SIGTERM, on_term);
}

void bench_pin_to_cpu(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	(void)sched_setaffinity(0, sizeof(set), &set);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the host unit tests: a trace recorder for the POSIX
 * port's trace hook and drivers for the lockstep harness. Everything is
 * deterministic: a run depends only on the seed.
 */
#ifndef AMP_TEST_H
#define AMP_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "amp_lockstep.h"

#define TEST_TRACE_MAX 512u
#define TEST_STEP_LEN  64u

/* 1 if the n bytes at p are all 0: a refused call must leave a zeroed object as it was. */
static inline int test_all_zero(const void *p, size_t n)
{
	const uint8_t *b = (const uint8_t *)p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

struct test_trace {
	uint32_t count;
	uint32_t overflow;
	uint8_t role[TEST_TRACE_MAX];
	char step[TEST_TRACE_MAX][TEST_STEP_LEN];
	char ept[TEST_TRACE_MAX][AMP_RPMSG_NAME_SIZE];
	uint32_t len[TEST_TRACE_MAX];
};

static inline void test_trace_hook(void *arg, enum amp_role role, const char *step, const char *ept,
				   uint32_t len)
{
	struct test_trace *t = (struct test_trace *)arg;
	uint32_t i = t->count;

	if (i >= TEST_TRACE_MAX) {
		t->overflow++;
		return;
	}
	t->role[i] = (uint8_t)role;
	snprintf(t->step[i], TEST_STEP_LEN, "%s", step);
	snprintf(t->ept[i], AMP_RPMSG_NAME_SIZE, "%s", ept ? ept : "");
	t->len[i] = len;
	t->count++;
}

static inline void test_trace_attach(struct amp_lockstep *ls, struct test_trace *t)
{
	int r;

	memset(t, 0, sizeof(*t));
	for (r = 0; r < 2; r++) {
		ls->port[r].trace_hook = test_trace_hook;
		ls->port[r].trace_arg = t;
	}
}

/* Index of the first occurrence of step at or after from, or -1. */
static inline int test_trace_find(const struct test_trace *t, uint32_t from, const char *step)
{
	uint32_t i;

	for (i = from; i < t->count; i++)
		if (!strcmp(t->step[i], step))
			return (int)i;
	return -1;
}

static inline void test_trace_print(const struct test_trace *t)
{
	uint32_t i;

	for (i = 0; i < t->count; i++)
		printf("#   %2u %s %s\n", i, t->step[i], t->ept[i]);
}

/* Poll one role alone until it has been idle for 8 polls (at most max polls). */
static inline uint32_t test_run_alone(struct amp_lockstep *ls, enum amp_role role, uint32_t max)
{
	uint32_t n, idle = 0;

	for (n = 0; n < max && idle < 8u; n++)
		idle = amp_lockstep_step(ls, role) > 0 ? 0u : idle + 1u;
	return n;
}

/* Random schedule until both roles are ready. Returns 1 on success. */
static inline int test_run_until_ready(struct amp_lockstep *ls, uint32_t max_steps)
{
	uint32_t n;

	for (n = 0; n < max_steps; n++) {
		if (amp_is_ready(&ls->amp[AMP_ROLE_MASTER]) &&
		    amp_is_ready(&ls->amp[AMP_ROLE_SLAVE]))
			return 1;
		amp_lockstep_step(ls, amp_lockstep_pick(ls));
	}
	return 0;
}

/* Random schedule for n steps (both roles, whichever are running). */
static inline void test_run_random(struct amp_lockstep *ls, uint32_t n)
{
	while (n--)
		amp_lockstep_step(ls, amp_lockstep_pick(ls));
}

/* Cold start of the whole stack as amp-sim does it: master first until it waits, then the slave. */
static inline int test_handshake(struct amp_lockstep *ls)
{
	if (amp_lockstep_boot(ls, AMP_ROLE_MASTER))
		return 0;
	test_run_alone(ls, AMP_ROLE_MASTER, 10000u);
	if (amp_lockstep_boot(ls, AMP_ROLE_SLAVE))
		return 0;
	return test_run_until_ready(ls, 100000u);
}

/*
 * The link layer alone (no sessions above it) on the lockstep harness's
 * region, ports, virtual clock and seeded scheduler: what the rpmsg and
 * link tests drive, so that no control traffic of a higher layer shares
 * the rings with them. One step is one amp_link_poll() of one role.
 */
struct test_pair {
	struct amp_lockstep ls;
	struct amp_link link[2];
	uint8_t running[2];
};

static inline int test_pair_init(struct test_pair *p, uint64_t seed)
{
	memset(p->link, 0, sizeof(p->link));
	memset(p->running, 0, sizeof(p->running));
	return amp_lockstep_init(&p->ls, seed);
}

static inline void test_pair_fini(struct test_pair *p)
{
	amp_lockstep_fini(&p->ls);
}

/* Power up (or reboot) one role: its RAM state starts over, the region stays. */
static inline int test_pair_boot(struct test_pair *p, enum amp_role role)
{
	p->running[role] = 1;
	return amp_link_init(&p->link[role], &p->ls.port[role].port, role);
}

static inline int test_pair_step(struct test_pair *p, enum amp_role role)
{
	int ret = 0;

	if (p->running[role])
		ret = amp_link_poll(&p->link[role]);
	p->ls.steps++;
	if (p->ls.steps % AMP_LOCKSTEP_STEPS_PER_MS == 0)
		p->ls.now_ms++;
	return ret;
}

static inline void test_pair_steps(struct test_pair *p, enum amp_role role, uint32_t n)
{
	while (n--)
		test_pair_step(p, role);
}

static inline enum amp_role test_pair_pick(struct test_pair *p)
{
	if (p->running[AMP_ROLE_MASTER] && p->running[AMP_ROLE_SLAVE])
		return (enum amp_role)(amp_lockstep_rand(&p->ls) & 1u);
	return p->running[AMP_ROLE_SLAVE] ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
}

static inline void test_pair_random(struct test_pair *p, uint32_t n)
{
	while (n--)
		test_pair_step(p, test_pair_pick(p));
}

static inline int test_pair_ready(const struct test_pair *p)
{
	return amp_link_is_ready(&p->link[AMP_ROLE_MASTER]) &&
	       amp_link_is_ready(&p->link[AMP_ROLE_SLAVE]);
}

/* Poll one role alone until it has been idle for 8 polls (at most max polls). */
static inline uint32_t test_pair_alone(struct test_pair *p, enum amp_role role, uint32_t max)
{
	uint32_t n, idle = 0;

	for (n = 0; n < max && idle < 8u; n++)
		idle = test_pair_step(p, role) > 0 ? 0u : idle + 1u;
	return n;
}

/* Random schedule until both links are ready. Returns 1 on success. */
static inline int test_pair_until_ready(struct test_pair *p, uint32_t max_steps)
{
	uint32_t n;

	for (n = 0; n < max_steps && !test_pair_ready(p); n++)
		test_pair_step(p, test_pair_pick(p));
	return test_pair_ready(p);
}

/* Cold start: master first until it waits for the slave, then the slave. */
static inline int test_pair_handshake(struct test_pair *p)
{
	if (test_pair_boot(p, AMP_ROLE_MASTER))
		return 0;
	test_pair_alone(p, AMP_ROLE_MASTER, 10000u);
	if (test_pair_boot(p, AMP_ROLE_SLAVE))
		return 0;
	return test_pair_until_ready(p, 100000u);
}

#endif

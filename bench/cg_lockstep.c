/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-bench-cg: the repeatable figure. Both roles in one process (the
 * lockstep harness), a session between them, then N messages driven in a
 * fixed order with no idle polls:
 *
 *   rt16       master sends 16 B, slave polls (receives, echoes), master polls
 *              (receives): one round trip, both sides;
 *   oneway496  master sends 496 B (488 B of payload and the session's
 *              8-byte header), slave polls (receives): one message.
 *   rt16crc, oneway496crc: the same with the per-message CRC on the session
 *              (amp_session_set_crc() on both sides).
 *
 * Run it under `valgrind --tool=callgrind` with two values of N: the
 * difference of the total instruction counts divided by the difference of N
 * is the cost of one message, setup and teardown cancelled out (bench/run
 * does that). The virtual clock does not move while messages flow, so no
 * heartbeat falls into the counted part (they come every 100 ms of real time).
 */
#include <stdio.h>
#include <string.h>

#include "amp_lockstep.h"
#include "bench_util.h"

#define WARMUP_MESSAGES	 64u
#define SETUP_STEP_LIMIT 200000u

enum kind {
	RT16,
	ONEWAY496,
};

static struct amp_lockstep ls;
static struct bench_side side[2];

static int bring_up(void)
{
	uint32_t n;

	if (amp_lockstep_init(&ls, 1) || amp_lockstep_boot(&ls, AMP_ROLE_MASTER) ||
	    amp_lockstep_boot(&ls, AMP_ROLE_SLAVE))
		return -1;
	if (bench_side_start(&side[AMP_ROLE_SLAVE], &ls.amp[AMP_ROLE_SLAVE], AMP_ROLE_SLAVE, 0))
		return -1;
	for (n = 0; n < SETUP_STEP_LIMIT; n++) {
		enum amp_role r = (enum amp_role)(n & 1u);

		amp_lockstep_step(&ls, r);
		if (!amp_is_ready(&ls.amp[AMP_ROLE_MASTER]) ||
		    !amp_is_ready(&ls.amp[AMP_ROLE_SLAVE]))
			continue;
		if (!side[AMP_ROLE_MASTER].amp &&
		    bench_side_start(&side[AMP_ROLE_MASTER], &ls.amp[AMP_ROLE_MASTER],
				     AMP_ROLE_MASTER, 0))
			return -1;
		if (side[AMP_ROLE_MASTER].amp && bench_side_ready(&side[AMP_ROLE_MASTER]) &&
		    bench_side_ready(&side[AMP_ROLE_SLAVE]))
			return 0;
	}
	return -1;
}

/* One message (and for RT16 its echo); amp_poll directly: the clock stands still. */
static int one(enum kind k, const uint8_t *msg)
{
	struct bench_side *m = &side[AMP_ROLE_MASTER];
	uint32_t got = m->received;

	if (k == RT16) {
		if (amp_session_send(m->session, msg, 16) != AMP_OK)
			return -1;
		amp_poll(&ls.amp[AMP_ROLE_SLAVE]);
		amp_poll(&ls.amp[AMP_ROLE_MASTER]);
		return m->received == got + 1u ? 0 : -1;
	}
	if (amp_session_send(m->session, msg, AMP_SESSION_PAYLOAD_MAX) != AMP_OK)
		return -1;
	amp_poll(&ls.amp[AMP_ROLE_SLAVE]);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t msg[AMP_SESSION_PAYLOAD_MAX];
	enum kind k;
	uint32_t n, i;
	int crc;

	if (argc != 3 || (strcmp(argv[1], "rt16") && strcmp(argv[1], "oneway496") &&
			  strcmp(argv[1], "rt16crc") && strcmp(argv[1], "oneway496crc"))) {
		fprintf(stderr,
			"usage: amp-bench-cg rt16|oneway496|rt16crc|oneway496crc MESSAGES\n");
		return 2;
	}
	k = strncmp(argv[1], "rt16", 4) ? ONEWAY496 : RT16;
	crc = strstr(argv[1], "crc") != NULL;
	n = (uint32_t)bench_arg_u64(argv[2], 0, 100000000u);
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7u + 1u);
	side[AMP_ROLE_SLAVE].echo = k == RT16;
	if (bring_up()) {
		fprintf(stderr, "amp-bench-cg: the session did not come up\n");
		return 1;
	}
	if (amp_session_set_crc(side[AMP_ROLE_MASTER].session, crc) ||
	    amp_session_set_crc(side[AMP_ROLE_SLAVE].session, crc))
		return 1;
	side[AMP_ROLE_SLAVE].echo = k == RT16;
	side[AMP_ROLE_SLAVE].expect_len = k == RT16 ? 16u : AMP_SESSION_PAYLOAD_MAX;
	for (i = 0; i < WARMUP_MESSAGES + n; i++) {
		if (one(k, msg)) {
			fprintf(stderr, "amp-bench-cg: message %u failed\n", i);
			return 1;
		}
	}
	if (side[AMP_ROLE_SLAVE].errors || side[AMP_ROLE_SLAVE].received != WARMUP_MESSAGES + n) {
		fprintf(stderr, "amp-bench-cg: slave saw %u messages, %u errors\n",
			side[AMP_ROLE_SLAVE].received, side[AMP_ROLE_SLAVE].errors);
		return 1;
	}
	printf("cg: %s messages=%u ok\n", argv[1], n);
	amp_lockstep_fini(&ls);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-bench-neutral / amp-bench-neutral-oa: the driver of the neutral
 * ping-pong (neutral.h), the same for both libraries.
 *
 *   rt16       the master's endpoint sends 16 bytes; the loop delivers
 *              notifications (the slave's callback echoes them with the
 *              library's send, the master's counts the echo) until none
 *              is flagged: one round trip;
 *   oneway496  the master sends 496 bytes (a 512-byte buffer less the
 *              rpmsg header); the loop delivers until none is flagged;
 *   idle       each core wakes with nothing pending (the back end's idle
 *              hook): the per-wake cost is the count over 2N.
 *
 * Run it under `valgrind --tool=callgrind` with two values of N: the
 * difference of the totals over the difference of N is the cost of one
 * message, setup cancelled out (bench/run does that). So the count holds the
 * send, both callbacks, every notification and its delivery, and the loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neutral.h"

#define WARMUP	  (2u * NB_RING)
#define MAX_SPINS 64u

volatile uint32_t nb_bell[2];
struct nb_rx nb_rx[2];
int nb_echo;

int nb_received(int core, uint32_t len)
{
	nb_rx[core].messages++;
	if (len != nb_rx[core].expect_len)
		nb_rx[core].errors++;
	return core == NB_SLAVE && nb_echo;
}

/* Deliver flagged notifications until none is left; a library that keeps ringing fails. */
static int deliver_all(void)
{
	uint32_t n;

	for (n = 0; n < MAX_SPINS; n++) {
		if (!nb_bell[NB_MASTER] && !nb_bell[NB_SLAVE])
			return 0;
		if (nb_bell[NB_SLAVE])
			nb_backend.deliver(NB_SLAVE);
		if (nb_bell[NB_MASTER])
			nb_backend.deliver(NB_MASTER);
	}
	return -1;
}

static int one(const uint8_t *msg, uint32_t len)
{
	uint32_t want_s = nb_rx[NB_SLAVE].messages + 1u;
	uint32_t want_m = nb_rx[NB_MASTER].messages + (nb_echo ? 1u : 0u);

	if (nb_backend.send(msg, len) || deliver_all())
		return -1;
	return nb_rx[NB_SLAVE].messages == want_s && nb_rx[NB_MASTER].messages == want_m ? 0 : -1;
}

/* n wakes of each core with nothing pending; a wake that finds work fails. */
static int run_idle(uint32_t n)
{
	uint32_t seen = nb_rx[NB_MASTER].messages + nb_rx[NB_SLAVE].messages;
	uint32_t i;

	for (i = 0; i < n; i++) {
		nb_backend.idle(NB_SLAVE);
		nb_backend.idle(NB_MASTER);
	}
	if (nb_bell[NB_MASTER] || nb_bell[NB_SLAVE] ||
	    nb_rx[NB_MASTER].messages + nb_rx[NB_SLAVE].messages != seen) {
		fprintf(stderr, "neutral: %s: an idle wake found work\n", nb_backend.name);
		return 1;
	}
	printf("neutral: %s idle wakes=%u ok\n", nb_backend.name, n);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t msg[NB_BUF];
	uint32_t len, n, i;
	char *end;

	if (argc != 3 ||
	    (strcmp(argv[1], "rt16") && strcmp(argv[1], "oneway496") && strcmp(argv[1], "idle"))) {
		fprintf(stderr, "usage: %s rt16|oneway496|idle COUNT\n", argv[0]);
		return 2;
	}
	n = (uint32_t)strtoul(argv[2], &end, 10);
	if (*end || n > 100000000u) {
		fprintf(stderr, "%s: bad message count '%s'\n", argv[0], argv[2]);
		return 2;
	}
	nb_echo = !strcmp(argv[1], "rt16");
	len = nb_echo ? 16u : NB_BUF - 16u;
	for (i = 0; i < len; i++)
		msg[i] = (uint8_t)(i * 7u + 1u);
	if (nb_backend.setup() || deliver_all()) {
		fprintf(stderr, "%s: %s did not come up\n", argv[0], nb_backend.name);
		return 1;
	}
	if (!strcmp(argv[1], "idle"))
		return run_idle(n);
	nb_rx[NB_SLAVE].expect_len = len;
	nb_rx[NB_MASTER].expect_len = len;
	for (i = 0; i < WARMUP + n; i++) {
		if (one(msg, len)) {
			fprintf(stderr, "%s: %s: message %u failed\n", argv[0], nb_backend.name, i);
			return 1;
		}
	}
	if (nb_rx[NB_SLAVE].errors || nb_rx[NB_MASTER].errors) {
		fprintf(stderr, "%s: %s: %u/%u bad messages\n", argv[0], nb_backend.name,
			nb_rx[NB_SLAVE].errors, nb_rx[NB_MASTER].errors);
		return 1;
	}
	printf("neutral: %s %s messages=%u ok\n", nb_backend.name, argv[1], n);
	return 0;
}

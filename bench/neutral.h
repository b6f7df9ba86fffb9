/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The neutral ping-pong (docs/performance.md, "Neutral figures"): one
 * driver, one back end per library. Both roles run in this process; each
 * back end brings its two cores up through the library's public API, with
 * 256-entry rings, 512-byte buffers and one endpoint a side bound by name
 * service. A notification only sets the peer's flag (nb_bell); the driver's
 * loop delivers flagged notifications until none is left.
 */
#ifndef AMP_BENCH_NEUTRAL_H
#define AMP_BENCH_NEUTRAL_H

#include <stdint.h>

#define NB_MASTER   0
#define NB_SLAVE    1
#define NB_RING	    256u
#define NB_BUF	    512u
#define NB_EPT_NAME "bench"

/* Set by a library's notify hook for the core it rings; cleared by its delivery. */
extern volatile uint32_t nb_bell[2];

/* What each core's receive callback saw; the slave echoes when nb_echo is set. */
struct nb_rx {
	uint32_t messages;
	uint32_t errors; /* wrong length, or an echo the library refused */
	uint32_t expect_len;
};
extern struct nb_rx nb_rx[2];
extern int nb_echo;

struct nb_backend {
	const char *name;
	/* Both cores up, endpoints created and bound by name service; 0 or -1. */
	int (*setup)(void);
	/* The master's endpoint sends len bytes of msg (the library's blocking send). */
	int (*send)(const uint8_t *msg, uint32_t len);
	/* Deliver the notification flagged for core (NB_MASTER/NB_SLAVE). */
	void (*deliver)(int core);
	/*
	 * What the core runs when it wakes with nothing flagged and nothing on
	 * its rings: amplink's amp_poll(), OpenAMP's handling of a notification
	 * on each vring that brought nothing.
	 */
	void (*idle)(int core);
};

/* The back end linked in (neutral_amplink.c or neutral_openamp.c). */
extern const struct nb_backend nb_backend;

/* A receive callback's bookkeeping: 1 if the slave should echo the message. */
int nb_received(int core, uint32_t len);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The echo application of both images. Once the channel is up (default
 * session established) the master opens the slave's "echo" session and sends
 * `target` messages of pseudo-random length (1..496) and content, one at a
 * time, and checks every byte that comes back; the slave listens for "echo"
 * and sends each message back. If the channel goes down (either core
 * rebooted), the master opens the session again once it is back.
 */
#ifndef H7_ECHO_H
#define H7_ECHO_H

#include <stdint.h>

#include "amp/amp.h"

#ifndef H7_ECHO_TIMEOUT_MS
#define H7_ECHO_TIMEOUT_MS 1000u
#endif

struct h7_echo {
	struct amp *amp;
	struct amp_session *session; /* master: the open (or opening) echo session */
	enum amp_role role;
	uint8_t was_ready;
	uint8_t outstanding; /* master: a message is on its way */
	uint8_t reported;    /* master: summary printed */
	uint8_t backlog;     /* slave: an echo waits for a free buffer */
	uint32_t target, sent, received, errors, timeouts, lost, opens;
	uint32_t rng;
	uint32_t sent_at;
	uint32_t last_report; /* slave: sent count at the last progress line */
	uint32_t len;
	uint8_t data[AMP_RPMSG_PAYLOAD_MAX];
};

void h7_echo_init(struct h7_echo *e, struct amp *amp, enum amp_role role, uint32_t target);
/* One round: link up/down reports, the next send, timeouts. Returns > 0 if it did work. */
int h7_echo_step(struct h7_echo *e);

#endif

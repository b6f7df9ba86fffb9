/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the session layer's files; not part of the public API. */
#ifndef AMP_SESSION_INTERNAL_H
#define AMP_SESSION_INTERNAL_H

#include "amp/session.h"

uint32_t amp_sess_now(const struct amp_sessions *m);

/*
 * Milliseconds from then to now, 0 if then is later: a poll reads the clock
 * once, before the link moves messages, and a message of that poll may carry
 * a timestamp taken after it.
 */
static inline uint32_t amp_sess_elapsed(uint32_t now, uint32_t then)
{
	return now - then < 0x80000000u ? now - then : 0u;
}
/* Queue a control message for the peer (sent in order as buffers allow). */
void amp_sess_ctl_queue(struct amp_sessions *m, uint8_t type, uint16_t sid, uint32_t arg,
			const char *name);
/* Send what the control queue holds until buffers run out; 1 if anything went. */
int amp_sess_ctl_flush(struct amp_sessions *m);

/* user.c */
void amp_sess_user_ctl(struct amp_sessions *m, const struct amp_ctl_msg *msg);
/* Timeouts and retries of session handshakes; cheap when every session is settled. */
void amp_sess_user_tick(struct amp_sessions *m, uint32_t now);
void amp_sess_user_close_all(struct amp_sessions *m, enum amp_close_reason reason);

#endif

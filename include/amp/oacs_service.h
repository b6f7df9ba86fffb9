/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS on a core: the server side listens for the session "oacs", runs a
 * stream on it and answers OACS requests from it, with the built-in commands
 * filled from this core's amplink statistics. The client side (a master, or
 * a host tool) opens the session and sends requests.
 */
#ifndef AMP_OACS_SERVICE_H
#define AMP_OACS_SERVICE_H

#include <stdint.h>

#include "amp/amp.h"
#include "amp/oacs.h"
#include "amp/stream.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_OACS_SESSION_NAME "oacs"
#ifndef AMP_OACS_STREAM_RING
#define AMP_OACS_STREAM_RING 1024u
#endif

struct amp_oacs_service {
	struct amp *amp;
	const char *board;
	uint32_t t_start;
	struct amp_session_stream ss;
	struct amp_oacs_io io;
	struct amp_oacs_server srv;
	/* application commands, registered again on each new session */
	struct amp_oacs_command cmds[AMP_OACS_MAX_COMMANDS];
	uint32_t n_cmds;
	uint8_t srv_up;
	/* what the servers of earlier sessions counted: GET_STATS reports totals */
	uint32_t past_requests, past_errors, past_bad_frames, past_crc_errors;
	uint8_t rx[AMP_OACS_STREAM_RING];
	uint8_t tx[AMP_OACS_STREAM_RING];
};

/*
 * Listen for "oacs" sessions on amp (after amp_init()); board names this core
 * in GET_INFO (<= 16 chars, must outlive svc). AMP_EEXIST: amp has an "oacs"
 * service already (svc is left as it was).
 */
int amp_oacs_service_start(struct amp_oacs_service *svc, struct amp *amp, const char *board);
/*
 * Register an application command, before or during a session; it stays for
 * every later session. AMP_EEXIST (id taken, built-ins included), AMP_ENOSPC,
 * AMP_EINVAL.
 */
int amp_oacs_service_register(struct amp_oacs_service *svc, const struct amp_oacs_command *cmd);
/* Answer what arrived; call after amp_poll(). Returns requests answered (0: svc NULL or idle). */
int amp_oacs_service_poll(struct amp_oacs_service *svc);

struct amp_oacs_remote {
	struct amp *amp;
	struct amp_session_stream ss;
	struct amp_oacs_io io;
	struct amp_oacs_client client;
	uint8_t client_up;
	uint8_t closed; /* the session closed (or never came up): open again */
	uint8_t rx[AMP_OACS_STREAM_RING];
	uint8_t tx[AMP_OACS_STREAM_RING];
};

/*
 * Open the peer's "oacs" session (rc zeroed, or its last session closed:
 * AMP_EBUSY while one is open or opening); amp_oacs_remote_ready() says when
 * requests may go. When the session closes (peer reset, peer lost, closed)
 * every request in flight ends with AMP_ECLOSED and new ones are refused
 * with AMP_ECLOSED until the application opens again.
 */
int amp_oacs_remote_open(struct amp_oacs_remote *rc, struct amp *amp);
int amp_oacs_remote_ready(const struct amp_oacs_remote *rc);
/* The session closed, or the open failed: amp_oacs_remote_open() again. */
int amp_oacs_remote_closed(const struct amp_oacs_remote *rc);
/* Drive the client (timeouts use the port's clock). Returns callbacks run, or < 0. */
int amp_oacs_remote_poll(struct amp_oacs_remote *rc);
/*
 * Send a request; cb runs exactly once (from amp_oacs_remote_poll or amp_poll).
 * Returns the sequence number, AMP_ENOTREADY while the session opens,
 * AMP_ECLOSED after it closed, or amp_oacs_client_request's errors.
 */
int amp_oacs_remote_request(struct amp_oacs_remote *rc, uint16_t cmd, const void *payload,
			    uint16_t len, uint32_t timeout_ms, amp_oacs_reply_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif

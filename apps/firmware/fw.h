/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The firmware application both board ports run (mps2-an521 on QEMU,
 * STM32H747): the master tests the channel, the slave serves it.
 *
 * Master, in phases, once the channel is up:
 *   echo    N messages of varying length and content on the session "echo",
 *           one at a time, each compared byte for byte with what comes back
 *   stream  a stream on the session "stream": N bytes of a known pattern
 *           written, echoed back by the slave, checked at every offset, then
 *           both halves closed (the slave prints the CRC-32 of what it got)
 *   oacs    PING (with a payload), GET_INFO, GET_STATS and LIST_SESSIONS to
 *           the slave's OACS server, each reply checked and printed
 * The three sessions are opened as soon as the channel is up and again each
 * time it comes back after a reboot of either core; a phase interrupted by
 * the channel going down resumes where it can (echo: the message in flight;
 * stream: from the start; oacs: the request in flight).
 *
 * Slave: echoes the session "echo", echoes the stream of the session
 * "stream", and runs the OACS service (include/amp/oacs_service.h).
 *
 * Everything is static (the caller allocates the structures) and nothing
 * blocks: the board's main loop calls amp_poll() and then fw_*_step(), and
 * sleeps when neither did any work. Output goes through the board one line
 * at a time.
 */
#ifndef FW_H
#define FW_H

#include <stdint.h>

#include "amp/amp.h"
#include "amp/oacs_service.h"
#include "amp/stream.h"

/* Exit codes a board's stop() reports (QEMU: the semihosting exit code). */
enum fw_exit {
	FW_EXIT_OK = 0,
	FW_EXIT_FAIL = 1,  /* a check failed */
	FW_EXIT_FAULT = 3, /* an unexpected exception */
};

/*
 * What a board gives the application. line and now_ms are all the services
 * (fw_master_*, fw_slave_*) use; the main loops and the bring-up
 * (fw_app.h) use the rest, which a board whose own main loops drive the
 * services may leave NULL.
 */
struct fw_board {
	void (*line)(void *ctx, const char *text); /* print one line (no newline in text) */
	uint32_t (*now_ms)(void *ctx);
	void *ctx;
	const char *name;    /* what GET_INFO reports (<= 16 chars) */
	uintptr_t plan_addr; /* where a QEMU test puts its test plan (fw_app.h); 0: none */
	/*
	 * Master: release the slave's core at its image; AMP_OK or a negative
	 * AMP_E* code. NULL: the slave's core starts by itself (STM32H747).
	 */
	int (*start_slave)(void *ctx);
	/* Master: the slave's core is already running (released before our soft reboot). */
	int (*slave_running)(void *ctx);
	/* Reboot this core alone (RAM re-initialised, .noinit kept); returns only if refused. */
	int (*soft_reboot)(void *ctx);
	/*
	 * Stop this core for good: the master ends the run with code, the slave
	 * halts. NULL: the master keeps the channel up once its run is over, and
	 * a core that cannot go on sleeps in wait() for good.
	 */
	__attribute__((noreturn)) void (*stop)(void *ctx, enum fw_exit code);
	/* Sleep until the doorbell rings or timeout_ms passes. */
	void (*wait)(void *ctx, uint32_t timeout_ms);
	/* Optional: the board's own work after each round of a main loop. */
	void (*after_round)(void *ctx, const struct amp *amp);
};

/* ---- output ------------------------------------------------------------- */

#define FW_LINE_MAX 100u

/* A line being built: too long a line is cut, never overflowed. */
struct fw_line {
	uint32_t len;
	char buf[FW_LINE_MAX + 1u];
};

void fw_line_start(struct fw_line *l, const char *s);
void fw_line_str(struct fw_line *l, const char *s);
void fw_line_u32(struct fw_line *l, uint32_t v);
void fw_line_hex(struct fw_line *l, uint32_t v);
/* An AMP_E* code as a number ("-5"): the slave does without amp_strerror()'s table. */
void fw_line_err(struct fw_line *l, int err);
void fw_line_send(struct fw_line *l, const struct fw_board *b);
/* From now on every line sent is also appended to text (a trace buffer, include/amp/rsc.h). */
void fw_trace_start(char *text, uint32_t size);
/* One line made of two strings. */
void fw_say(const struct fw_board *b, const char *a, const char *c);

/* ---- master ------------------------------------------------------------- */

#define FW_STREAM_RING	 2048u /* bytes, each direction, both sides */
#define FW_OACS_PING_LEN 64u

enum fw_phase {
	FW_PHASE_LINK = 0, /* waiting for the channel */
	FW_PHASE_ECHO,
	FW_PHASE_STREAM,
	FW_PHASE_OACS,
	FW_PHASE_DONE,
};

enum fw_result {
	FW_RUNNING = 0,
	FW_PASSED,
	FW_FAILED,
};

struct fw_master_config {
	uint32_t echo_messages;
	uint32_t stream_bytes;
	uint32_t stall_ms; /* the run fails when a phase makes no progress this long */
};

/* How far the traffic got (also the slave's view, for the reboot triggers of the tests). */
struct fw_progress {
	uint32_t echo_messages; /* master: echoes checked; slave: messages received */
	uint32_t stream_bytes;	/* master: bytes checked; slave: bytes received (all sessions) */
	uint32_t oacs_replies;	/* master: replies checked */
};

struct fw_echo_client {
	struct amp_session *session; /* NULL when closed */
	uint32_t next;		     /* the message in flight, or the next to send */
	uint32_t len;		     /* its length; 0: not prepared yet */
	uint32_t bytes;		     /* bytes echoed and checked */
	uint8_t outstanding;
	uint8_t bad; /* a reply that does not match */
	uint8_t msg[AMP_SESSION_PAYLOAD_MAX];
};

struct fw_stream_client {
	struct amp_session_stream ss;
	uint32_t written; /* pattern bytes accepted by the stream */
	uint32_t checked; /* echoed bytes compared with the pattern */
	uint32_t crc;	  /* CRC-32 of the bytes checked */
	uint32_t restarts;
	uint8_t closed; /* our half closed */
	uint8_t done;
	uint8_t bad;
	uint8_t rx[FW_STREAM_RING];
	uint8_t tx[FW_STREAM_RING];
};

struct fw_oacs_client {
	struct amp_oacs_remote remote;
	uint32_t step;	 /* index of the request in flight or next */
	uint8_t pending; /* sent, no reply yet */
	uint8_t replied; /* the reply below waits to be checked */
	int status;	 /* of the reply: 0, an enum amp_oacs_status, or < 0 */
	uint16_t len;
	uint8_t reply[AMP_OACS_PAYLOAD_MAX];
};

struct fw_master {
	struct amp *amp;
	const struct fw_board *board;
	struct fw_master_config cfg;
	enum fw_phase phase;
	enum fw_result result;
	uint8_t link_up;	 /* the default session is up (told by the session layer) */
	uint8_t sessions_opened; /* opened for this life of the channel */
	uint32_t t_progress;
	struct fw_echo_client echo;
	struct fw_stream_client stream;
	struct fw_oacs_client oacs;
};

/* Echo message i: length 1, then max, then spread over 1..max. */
uint32_t fw_echo_len(uint32_t i, uint32_t max);
/* Its content depends on i, so a stale or duplicated echo does not compare equal. */
void fw_echo_fill(uint32_t i, uint8_t *buf, uint32_t len);

void fw_master_init(struct fw_master *m, struct amp *amp, const struct fw_board *board,
		    const struct fw_master_config *cfg);
/* One round (after amp_poll()): returns > 0 if it did work. */
int fw_master_step(struct fw_master *m);
enum fw_result fw_master_result(const struct fw_master *m);
void fw_master_progress(const struct fw_master *m, struct fw_progress *out);

/* ---- slave -------------------------------------------------------------- */

struct fw_echo_server {
	struct amp_session *backlog_session; /* an echo waiting for a free buffer */
	uint32_t backlog_len;
	uint32_t received;
	uint32_t lost; /* arrived while the backlog was full */
	uint8_t backlog[AMP_SESSION_PAYLOAD_MAX];
};

struct fw_stream_server {
	struct amp_session_stream ss;
	uint32_t bytes; /* this session */
	uint32_t crc;	/* this session */
	uint32_t total; /* every session */
	uint8_t eof;
	uint8_t closed;
	uint8_t rx[FW_STREAM_RING];
	uint8_t tx[FW_STREAM_RING];
};

struct fw_slave {
	struct amp *amp;
	const struct fw_board *board;
	struct fw_echo_server echo;
	struct fw_stream_server stream;
	struct amp_oacs_service oacs;
};

/* Listen for "echo", "stream" and "oacs"; board_name is what GET_INFO reports (<= 16 chars). */
int fw_slave_init(struct fw_slave *s, struct amp *amp, const struct fw_board *board,
		  const char *board_name);
int fw_slave_step(struct fw_slave *s);
void fw_slave_progress(const struct fw_slave *s, struct fw_progress *out);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream: a reliable byte stream over a message transport (an rpmsg endpoint
 * today, a session later) with credit flow control. The receiver grants the
 * free space of its receive comm_buffer; the sender never sends more than it
 * was granted, so a slow reader slows the writer and no byte is dropped.
 * Wire format: docs/streams.md.
 *
 * Contexts: amp_stream_on_message() (and amp_stream_on_transport_down()) may
 * run in the IPM interrupt or the thread that runs amp_poll(); they never
 * send. Every other function belongs to one application context, which does
 * all the sending. Nothing blocks: the *_timeout variants loop on the
 * caller's waiter (its poll function drives the transport and may sleep).
 *
 * Storage for both rings is supplied by the caller (no heap).
 */
#ifndef AMP_STREAM_H
#define AMP_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "amp/comm_buffer.h"
#include "amp/rpmsg.h"
#include "amp/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- wire format (little-endian) ---------------------------------------- */

#define AMP_STREAM_HDR_SIZE 8u
/* Largest stream message, header included: one rpmsg payload. */
#define AMP_STREAM_MSG_MAX AMP_RPMSG_PAYLOAD_MAX
/* Largest DATA payload on a transport carrying AMP_STREAM_MSG_MAX. */
#define AMP_STREAM_DATA_MAX   (AMP_STREAM_MSG_MAX - AMP_STREAM_HDR_SIZE)
#define AMP_STREAM_CREDIT_LEN 4u

enum amp_stream_msg_type {
	AMP_STREAM_MSG_DATA = 1,   /* value = stream offset of the first payload byte */
	AMP_STREAM_MSG_CREDIT = 2, /* value = cumulative grant; payload = u32 bytes consumed */
	AMP_STREAM_MSG_CLOSE = 3,  /* value = final offset (total bytes sent); no payload */
};

struct amp_stream_hdr {
	uint8_t type;	/* enum amp_stream_msg_type */
	uint8_t flags;	/* 0; anything else is a protocol error */
	uint16_t len;	/* payload bytes after the header (= message length - 8) */
	uint32_t value; /* meaning depends on type, see above */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_stream_hdr) == AMP_STREAM_HDR_SIZE, "stream: header is 8 bytes");
_Static_assert(offsetof(struct amp_stream_hdr, flags) == 1, "stream: flags at 1");
_Static_assert(offsetof(struct amp_stream_hdr, len) == 2, "stream: len at 2");
_Static_assert(offsetof(struct amp_stream_hdr, value) == 4, "stream: value at 4");
_Static_assert(AMP_STREAM_MSG_MAX <= 0xFFFFu + AMP_STREAM_HDR_SIZE, "stream: len is 16 bits");
#endif

/* NULL out or h: no-op. */
void amp_stream_hdr_encode(uint8_t out[AMP_STREAM_HDR_SIZE], const struct amp_stream_hdr *h);
/*
 * Decodes and checks the header against the message length (type not
 * checked): AMP_EPROTO when they disagree, AMP_EINVAL for NULL msg or h.
 */
int amp_stream_hdr_decode(const uint8_t *msg, size_t len, struct amp_stream_hdr *h);

/* ---- the transport below and the waiter the timeout variants use ------- */

struct amp_stream_transport {
	/*
	 * Send one message (len <= mtu). Returns 0 (or any count >= 0) when sent, AMP_ENOBUFS when
	 * no buffer is free right now (the stream tries again later), any other negative AMP_E*
	 * when the transport is gone (the stream fails).
	 */
	int (*send)(void *ctx, const void *msg, size_t len);
	void *ctx;
	/* Largest message the transport carries, header included; 0 = AMP_STREAM_MSG_MAX. */
	uint32_t mtu;
};

struct amp_stream_waiter {
	/* Milliseconds, wrapping at 2^32 (the port's now_ms). */
	uint32_t (*now_ms)(void *ctx);
	/*
	 * Make progress for up to max_ms: drive the transport (amp_poll()) and,
	 * if there is nothing to do, sleep (the port's wait). A negative return
	 * ends the wait with that error.
	 */
	int (*poll)(void *ctx, uint32_t max_ms);
	void *ctx;
};

/* ---- the stream --------------------------------------------------------- */

/* Largest ring: a read or write count must fit an int. */
#define AMP_STREAM_RING_MAX 0x40000000u

enum amp_stream_state {
	AMP_STREAM_IDLE = 0, /* not open */
	AMP_STREAM_OPEN,     /* reading and writing */
	AMP_STREAM_CLOSING,  /* close requested: the transmit ring drains, then CLOSE goes out */
	AMP_STREAM_CLOSED, /* CLOSE sent: writing is over, reading goes on until the peer closes */
	AMP_STREAM_FAILED, /* transport gone or protocol error: nothing more is sent */
};

struct amp_stream_stats {
	uint32_t tx_bytes;	/* payload bytes sent in DATA messages */
	uint32_t tx_msgs;	/* messages sent (all types) */
	uint32_t tx_busy;	/* sends the transport refused with AMP_ENOBUFS (retried) */
	uint32_t rx_bytes;	/* payload bytes accepted into the receive ring */
	uint32_t rx_msgs;	/* messages handed to amp_stream_on_message */
	uint32_t rx_credit_err; /* DATA beyond the credit we granted: dropped, stream failed */
	uint32_t rx_proto_err;	/* other malformed or out-of-sequence messages */
	uint32_t rx_dropped;	/* payload bytes not accepted (after or because of an error) */
	uint32_t undelivered;	/* bytes the application wrote that the peer never consumed,
				   counted when the stream failed */
};

struct amp_stream_config {
	struct amp_stream_transport transport;
	void *rx_storage; /* receive ring: power of two, 2..AMP_STREAM_RING_MAX bytes */
	uint32_t rx_size;
	void *tx_storage; /* transmit ring: same rules */
	uint32_t tx_size;
	const struct amp_stream_waiter *waiter; /* needed by the *_timeout variants only */
};

/* Written by amp_stream_on_message only (receive context). */
struct amp_stream_rx_state {
	AMP_ATOMIC_U32 flags;	      /* STREAM_RX_* bits, see stream.c */
	AMP_ATOMIC_U32 peer_grant;    /* cumulative bytes the peer lets us send */
	AMP_ATOMIC_U32 peer_consumed; /* cumulative bytes the peer's application has read */
	AMP_ATOMIC_U32 msgs;
	AMP_ATOMIC_U32 credit_err;
	AMP_ATOMIC_U32 proto_err;
	AMP_ATOMIC_U32 dropped;
};

struct amp_stream {
	struct amp_stream_transport tr;
	const struct amp_stream_waiter *waiter;
	struct amp_comm_buffer rx; /* producer: on_message; consumer: the application */
	struct amp_comm_buffer tx; /* producer: write; consumer: the pump (both application) */
	struct amp_stream_rx_state in;
	AMP_ATOMIC_U32 granted;	  /* cumulative grant we advertised (stored before sending it) */
	AMP_ATOMIC_U32 link_down; /* set by amp_stream_on_transport_down */
	enum amp_stream_state state;
	int fail_reason;		  /* AMP_E* that put the stream in FAILED */
	uint32_t credit_sent;		  /* the last grant that went out */
	struct amp_stream_stats tx_stats; /* application context's counters */
};

/*
 * Open: attach the rings and send the initial CREDIT (if the transport has
 * no buffer now, a later call sends it). Data can flow once each side has
 * received the other's CREDIT. Returns 0, AMP_EINVAL, or the transport's
 * error (the stream is then FAILED).
 */
int amp_stream_open(struct amp_stream *s, const struct amp_stream_config *cfg);

/*
 * Receive side: the owner calls it for every message that arrives. 0 or
 * AMP_EPROTO; AMP_EINVAL (nothing counted) for NULL data or a stream never opened.
 */
int amp_stream_on_message(struct amp_stream *s, const void *data, size_t len);
/*
 * The transport (session, endpoint) went away: the stream fails with
 * AMP_ECLOSED. NULL or never opened s: no-op.
 */
void amp_stream_on_transport_down(struct amp_stream *s);

/*
 * Send what can be sent (credit, data, close). Returns 0, or the AMP_E* the
 * stream failed with. Every function below calls it.
 */
int amp_stream_poll(struct amp_stream *s);

/*
 * Non-blocking. write: bytes accepted into the transmit ring (0 when full),
 * AMP_ECLOSED after close, the failure code after a failure. read / peek:
 * bytes copied (0 = nothing yet); once the ring is empty, AMP_ECLOSED after
 * the peer closed, the failure code after a failure. flush: 0 when every
 * written byte went to the transport, AMP_ENOBUFS while some wait for credit
 * or buffers.
 */
int amp_stream_write(struct amp_stream *s, const void *data, size_t len);
int amp_stream_read(struct amp_stream *s, void *buf, size_t len);
int amp_stream_peek(struct amp_stream *s, void *buf, size_t len);
int amp_stream_flush(struct amp_stream *s);
/* Bytes readable now. */
uint32_t amp_stream_available(struct amp_stream *s);
/* Bytes write() accepts now. */
uint32_t amp_stream_write_space(struct amp_stream *s);

/*
 * Bounded waits (needs cfg.waiter). write_timeout / read_timeout move up to
 * len bytes and return how many moved when done, at the end of the stream or
 * at the timeout; AMP_ETIMEDOUT when nothing moved in time, an error code when
 * nothing moved because of it. flush_timeout: 0 or AMP_ETIMEDOUT.
 */
int amp_stream_write_timeout(struct amp_stream *s, const void *data, size_t len,
			     uint32_t timeout_ms);
int amp_stream_read_timeout(struct amp_stream *s, void *buf, size_t len, uint32_t timeout_ms);
int amp_stream_flush_timeout(struct amp_stream *s, uint32_t timeout_ms);

/*
 * Close the writing half: no more writes; bytes already written still go out,
 * then CLOSE. Reading goes on until the peer closes too. Returns 0 once
 * CLOSE went out, AMP_ENOBUFS while bytes still wait (amp_stream_poll or a
 * later close finishes it), the failure code if the stream failed.
 */
int amp_stream_close(struct amp_stream *s);
/*
 * Close and wait until the peer's application consumed every byte written:
 * 0 when all were delivered, AMP_ETIMEDOUT (or the failure code) otherwise;
 * amp_stream_undelivered() then says how many were not.
 */
int amp_stream_close_timeout(struct amp_stream *s, uint32_t timeout_ms);
/* Bytes written by the application that the peer's application has not consumed (yet). */
uint32_t amp_stream_undelivered(const struct amp_stream *s);
/* The peer closed its writing half and every byte it sent has been read. */
int amp_stream_at_eof(const struct amp_stream *s);

/* NULL s: AMP_STREAM_IDLE. */
enum amp_stream_state amp_stream_state(const struct amp_stream *s);
/* NULL s or out: no-op (out is left as it was). */
void amp_stream_get_stats(const struct amp_stream *s, struct amp_stream_stats *out);

/* ---- a stream on a session ---------------------------------------------- */

struct amp_session_stream;
/* open = 1: the session is established and the stream open; 0: closed (why says how). */
typedef void (*amp_sstream_event_cb)(struct amp_session_stream *ss, int open,
				     enum amp_close_reason why, void *priv);

/*
 * A stream that rides a session: opened when the session is established
 * (after its probe pair), failed with AMP_ECLOSED when the session closes
 * (the event callback reports it with the session's close reason); bytes
 * already received stay readable, and amp_stream_undelivered() counts the
 * written bytes the peer's application did not confirm. An opener whose
 * session never comes up gets the close event too. One session at a time: a
 * second session of a listened-for name is closed as soon as it is
 * established (its opener sees it open, then closed with AMP_CLOSE_PEER).
 */
struct amp_session_stream {
	struct amp_stream stream;
	struct amp_session *session;
	struct amp_stream_config cfg; /* rings and waiter; the transport is the session */
	amp_sstream_event_cb event;
	void *priv;
	uint8_t open;
};

/*
 * The opener's side: open session `name` on the peer and a stream on it.
 * AMP_EINVAL while ss still has a session (close it first).
 */
int amp_sstream_open(struct amp_session_stream *ss, struct amp_sessions *m, const char *name,
		     const struct amp_stream_config *cfg, amp_sstream_event_cb cb, void *priv);
/* The acceptor's side: a stream on each session the peer opens as `name`. */
int amp_sstream_listen(struct amp_session_stream *ss, struct amp_sessions *m, const char *name,
		       const struct amp_stream_config *cfg, amp_sstream_event_cb cb, void *priv);
/*
 * The stream while a session carries it; NULL otherwise. After the close,
 * ss->stream still holds what arrived (amp_stream_read() until AMP_ECLOSED)
 * and amp_stream_undelivered(&ss->stream) counts what the peer did not confirm.
 */
struct amp_stream *amp_sstream_stream(struct amp_session_stream *ss);
/* A session carries the stream now. */
int amp_sstream_is_open(const struct amp_session_stream *ss);
/* Close the session under the stream (the stream's bytes in flight are reported undelivered). */
int amp_sstream_close(struct amp_session_stream *ss);

#ifdef __cplusplus
}
#endif
#endif

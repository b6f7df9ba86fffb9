/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sessions (SPEC section 6). The default session is the endpoint pair
 * announced as "default": once the link is up the master sends HELLO, the
 * slave answers HELLO, and that read/write pair establishes it. It then
 * carries heartbeats and the OPEN/CLOSE of every other session.
 *
 * A user session: the opener sends OPEN (name, its endpoint) on the default
 * session; the acceptor creates an endpoint and answers OPEN_ACK (or
 * OPEN_NAK); the opener writes a probe (an empty message) on the session's
 * own endpoint, the acceptor reads it and writes the reply: that initial
 * read/write pair establishes the session on both sides. Every control
 * message carries the channel epoch, so one from an earlier life of either
 * core is dropped.
 */
#ifndef AMP_SESSION_H
#define AMP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "amp/config.h"
#include "amp/link.h"
#include "amp/rpmsg.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_CTL_VERSION	      1u
#define AMP_CTL_HDR_SIZE      12u
#define AMP_SESSION_NAME_SIZE AMP_RPMSG_NAME_SIZE

enum amp_ctl_type {
	AMP_CTL_HELLO = 1,
	AMP_CTL_HEARTBEAT = 2,
	AMP_CTL_HEARTBEAT_ACK = 3,
	AMP_CTL_OPEN = 4,
	AMP_CTL_OPEN_ACK = 5,
	AMP_CTL_OPEN_NAK = 6,
	AMP_CTL_CLOSE = 7,
	AMP_CTL_CLOSE_ACK = 8,
};

/* Control message header, little-endian on the wire (12 bytes). */
struct amp_ctl_hdr {
	uint8_t version;
	uint8_t type;
	uint16_t sid;	/* session id (0 for HELLO and heartbeats) */
	uint32_t epoch; /* the channel epoch the sender is in */
	uint32_t arg;	/* per type: endpoint address, counter, reason */
};

/* HELLO body (12 bytes after the header). */
struct amp_ctl_hello {
	uint8_t role;
	uint8_t max_sessions;
	uint16_t heartbeat_ms;
	uint8_t miss_limit;
	uint8_t reserved[3];
	uint32_t lib_version; /* major << 16 | minor << 8 | patch */
};

/* A decoded control message. */
struct amp_ctl_msg {
	struct amp_ctl_hdr hdr;
	struct amp_ctl_hello hello;	  /* HELLO */
	char name[AMP_SESSION_NAME_SIZE]; /* OPEN, NUL-terminated */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_ctl_hdr) == AMP_CTL_HDR_SIZE, "ctl: header is 12 bytes");
_Static_assert(offsetof(struct amp_ctl_hdr, sid) == 2, "ctl: sid at 2");
_Static_assert(offsetof(struct amp_ctl_hdr, epoch) == 4, "ctl: epoch at 4");
_Static_assert(offsetof(struct amp_ctl_hdr, arg) == 8, "ctl: arg at 8");
_Static_assert(sizeof(struct amp_ctl_hello) == 12, "ctl: hello body is 12 bytes");
_Static_assert(offsetof(struct amp_ctl_hello, lib_version) == 8, "ctl: lib_version at 8");
#endif

#define AMP_CTL_MAX_SIZE (AMP_CTL_HDR_SIZE + AMP_SESSION_NAME_SIZE)

/*
 * Every user-session data message starts with this header (little-endian,
 * 8 bytes). seq numbers the messages of one session in one direction from 0
 * (mod 2^24): the receiver expects exactly the next one, so a message lost,
 * delivered twice or out of order is seen. With AMP_SESS_DATA_F_CRC, crc is
 * the CRC-32 (amp_crc32) of header bytes 0..3 and the payload; else 0.
 */
#define AMP_SESS_DATA_HDR_SIZE 8u
#define AMP_SESS_DATA_F_CRC    0x01u
#define AMP_SESS_SEQ_MASK      0xFFFFFFu
struct amp_sess_data_hdr {
	uint8_t flags;	/* AMP_SESS_DATA_F_CRC or 0; other bits are an error */
	uint8_t seq[3]; /* u24, little-endian */
	uint32_t crc;
};
/* The largest payload of one amp_session_send(). */
#define AMP_SESSION_PAYLOAD_MAX (AMP_RPMSG_PAYLOAD_MAX - AMP_SESS_DATA_HDR_SIZE)

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_sess_data_hdr) == AMP_SESS_DATA_HDR_SIZE,
	       "session data header is 8 bytes");
_Static_assert(offsetof(struct amp_sess_data_hdr, seq) == 1, "session data: seq at 1");
_Static_assert(offsetof(struct amp_sess_data_hdr, crc) == 4, "session data: crc at 4");
_Static_assert(AMP_RPMSG_PAYLOAD_MAX > AMP_SESS_DATA_HDR_SIZE, "session data: room for a payload");
#endif

/* What amp_sess_data_check() found. */
enum amp_sess_data_verdict {
	AMP_SESS_DATA_OK = 0,
	AMP_SESS_DATA_BAD_HDR, /* too short, empty payload, unknown flags, crc without the flag */
	AMP_SESS_DATA_BAD_SEQ, /* not the next message: lost, duplicated or out of order */
	AMP_SESS_DATA_BAD_CRC, /* CRC wrong, or missing where one is required */
};
/* Pure codec. The header of payload (len bytes) as message number seq. */
void amp_sess_data_header(uint8_t hdr[AMP_SESS_DATA_HDR_SIZE], uint32_t seq, int with_crc,
			  const void *payload, size_t len);
/* Pure codec. Write header + payload into out (room for len + 8); returns the message length. */
size_t amp_sess_data_encode(uint8_t *out, uint32_t seq, int with_crc, const void *payload,
			    size_t len);
/* Check a received message against the sequence number expected; need_crc: one must be there. */
enum amp_sess_data_verdict amp_sess_data_check(const uint8_t *msg, size_t len, uint32_t expect_seq,
					       int need_crc);

/* Pure codec: returns the encoded length / 0, or a negative AMP_E* code. */
int amp_ctl_encode(uint8_t *out, size_t cap, const struct amp_ctl_msg *m);
int amp_ctl_decode(const uint8_t *in, size_t len, struct amp_ctl_msg *m);

/* Why a session closed. */
enum amp_close_reason {
	AMP_CLOSE_LOCAL = 1,	  /* this side closed it */
	AMP_CLOSE_PEER = 2,	  /* the peer closed it */
	AMP_CLOSE_PEER_RESET = 3, /* the peer rebooted (or re-initialised the channel) */
	AMP_CLOSE_PEER_LOST = 4,  /* the peer went silent: heartbeats missed */
	AMP_CLOSE_ERROR = 5,	  /* refused by the peer, timed out, or a protocol error
				     (a message lost, duplicated, out of order or corrupted) */
};

enum amp_session_state {
	AMP_SS_FREE = 0,
	AMP_SS_WANT_OPEN, /* opener: OPEN waits for the default session */
	AMP_SS_OPENING,	  /* opener: OPEN sent, waiting for OPEN_ACK */
	AMP_SS_PROBING,	  /* opener: probe written, waiting for the reply */
	AMP_SS_ACCEPTED,  /* acceptor: OPEN_ACK sent, waiting for the probe */
	AMP_SS_ESTABLISHED,
};

/* The default session's own states. */
enum amp_default_state {
	AMP_DS_DOWN = 0, /* link not ready */
	AMP_DS_HELLO,	 /* master: HELLO sent; slave: waiting for HELLO */
	AMP_DS_UP,
};

struct amp_session;

struct amp_session_ops {
	void (*opened)(struct amp_session *s, void *priv);
	/* data points into the shared buffer and is valid until the callback returns. */
	void (*data)(struct amp_session *s, const void *data, size_t len, void *priv);
	void (*closed)(struct amp_session *s, enum amp_close_reason reason, void *priv);
};

struct amp_sessions;

struct amp_session {
	struct amp_sessions *mgr;
	struct amp_ept *ept;
	const struct amp_session_ops *ops;
	void *priv;
	char name[AMP_SESSION_NAME_SIZE];
	uint32_t epoch;	    /* channel epoch the session belongs to */
	uint32_t peer_addr; /* the peer's endpoint address */
	uint32_t t0;	    /* when the current state began */
	uint32_t rx_bytes;  /* data delivered to the application */
	uint32_t tx_bytes;  /* data the application sent */
	uint32_t tx_seq;    /* number of the next data message we send */
	uint32_t rx_seq;    /* number of the next data message we expect */
	uint16_t sid;
	uint8_t state;	   /* enum amp_session_state */
	uint8_t opener;	   /* we sent the OPEN */
	uint8_t gen;	   /* bumped each time the slot is reused */
	uint8_t probe_due; /* a probe (or its reply) still has to be written */
	uint8_t got_probe; /* acceptor: the opener's probe arrived */
	uint8_t crc;	   /* send a CRC with each message, require one from the peer */
};

struct amp_listener {
	char name[AMP_SESSION_NAME_SIZE];
	const struct amp_session_ops *ops;
	void *priv;
};

struct amp_session_stats {
	uint32_t heartbeats_sent;
	uint32_t heartbeats_recv;
	uint32_t missed_heartbeats; /* beats the peer let pass, summed */
	uint32_t peer_lost;
	uint32_t reconnects;	 /* times the default session came up after the first */
	uint32_t timer_checks;	 /* polls that found a beat or silence verdict possibly due */
	uint32_t stale_ctl;	 /* control messages from another epoch, dropped */
	uint32_t bad_ctl;	 /* malformed or unexpected control messages */
	uint32_t ctl_queue_full; /* control messages that found the queue full */
	uint32_t opens_refused;
	/* user-session data refused (each closes its session with AMP_CLOSE_ERROR) */
	uint32_t data_bad_seq; /* lost, duplicated or out-of-order messages */
	uint32_t data_bad_crc; /* CRC wrong or missing */
	uint32_t data_bad_hdr; /* malformed data header */
};

#define AMP_CTL_QUEUE (2u * AMP_CFG_MAX_SESSIONS + 4u)

struct amp_sessions {
	struct amp_link *link;
	uint8_t dstate; /* enum amp_default_state */
	uint8_t ever_up;
	uint8_t hb_missed;  /* beats missed right now */
	uint16_t hb_period; /* ms */
	uint8_t hb_limit;
	uint8_t unsettled;  /* a session may be in a handshake or owe a probe */
	uint8_t hello_due;  /* master: send HELLO once the peer's "default" is bound */
	uint32_t epoch;	    /* channel epoch while the link is up */
	uint32_t t_last_rx; /* last control message from the peer */
	uint32_t t_last_hb; /* last heartbeat we sent */
	uint32_t hb_counter;
	uint32_t t_up;	 /* when the default session came up */
	uint32_t t_tick; /* the clock at the last heartbeat check */
	uint32_t t_wait; /* ms after t_tick before a beat or a missed period can be due */
	struct amp_ctl_hello peer_hello;
	/* outgoing control messages waiting for a buffer, in order */
	uint8_t q_len[AMP_CTL_QUEUE];
	uint8_t q_msg[AMP_CTL_QUEUE][AMP_CTL_MAX_SIZE];
	uint8_t q_head, q_tail;
	struct amp_session s[AMP_CFG_MAX_SESSIONS > 0 ? AMP_CFG_MAX_SESSIONS : 1];
	struct amp_listener listen[AMP_CFG_MAX_LISTEN];
	void (*on_default)(struct amp_sessions *m, int up, enum amp_close_reason reason,
			   void *priv);
	void *on_default_priv;
	struct amp_session_stats stats;
};

/* link must be initialised (amp_link_init) first. */
int amp_sessions_init(struct amp_sessions *m, struct amp_link *link);
/* Drive the link and the sessions (amp_poll() calls this). */
int amp_sessions_poll(struct amp_sessions *m);
int amp_sessions_default_up(const struct amp_sessions *m);
/*
 * Override the heartbeat (both sides should agree): only while the default
 * session is down, before the HELLO that carries it; AMP_EBUSY after that.
 */
int amp_sessions_set_heartbeat(struct amp_sessions *m, uint16_t period_ms, uint8_t miss_limit);
/*
 * Told when the default session comes up (up=1) or goes down (reason).
 * m NULL or not initialised: no-op.
 */
void amp_sessions_on_default(struct amp_sessions *m,
			     void (*cb)(struct amp_sessions *, int, enum amp_close_reason, void *),
			     void *priv);

/* Accept the peer's OPENs of `name`. */
int amp_session_listen(struct amp_sessions *m, const char *name, const struct amp_session_ops *ops,
		       void *priv);
/*
 * Open `name` on the peer; the opened callback (or closed with ERROR) tells
 * how it went. out may be NULL.
 */
int amp_session_open(struct amp_sessions *m, const char *name, const struct amp_session_ops *ops,
		     void *priv, struct amp_session **out);
/*
 * Send on an established session: AMP_ENOTREADY before that, AMP_ENOBUFS: try
 * again, AMP_EMSGSIZE above AMP_SESSION_PAYLOAD_MAX.
 */
int amp_session_send(struct amp_session *s, const void *data, size_t len);
/*
 * Close: the closed callback runs with AMP_CLOSE_LOCAL; the endpoint is gone.
 * AMP_EINVAL if s is not in use (closed already).
 */
int amp_session_close(struct amp_session *s);
int amp_session_is_established(const struct amp_session *s);
/*
 * Per-message CRC on this session (default AMP_CFG_SESSION_CRC): on, each
 * message carries a CRC-32 and one is required from the peer, so turn it on
 * on both sides (in the opened callback at the latest). A message that fails
 * closes the session with AMP_CLOSE_ERROR. AMP_EINVAL if s is not in use.
 */
int amp_session_set_crc(struct amp_session *s, int on);
/* Session id with the epoch: epoch << 16 | sid. */
uint64_t amp_session_id(const struct amp_session *s);
const char *amp_close_reason_name(enum amp_close_reason r);

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS: a framed request/response command protocol over a byte stream.
 * Frame format, byte by byte: docs/oacs.md.
 *
 * - Codec: a pure encoder, and a streaming decoder that takes bytes in any
 *   split, resynchronises after garbage, a bad header, a bad length or a bad
 *   CRC, counts each, and never loses a later good frame.
 * - Server: built-in commands (PING, GET_INFO, GET_STATS, LIST_SESSIONS) and
 *   a static table of application commands (id, handler, length limits).
 * - Client: sequence numbers, several requests in flight, timeouts driven by
 *   the now_ms the caller passes in (nothing here sleeps or blocks).
 *
 * Server and client talk through a struct amp_oacs_io (non-blocking read and
 * write of bytes): amp_oacs_io_stream() wires one to a struct amp_stream.
 */
#ifndef AMP_OACS_H
#define AMP_OACS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- frame -------------------------------------------------------------- */

#define AMP_OACS_MAGIC0	  0xA5u
#define AMP_OACS_MAGIC1	  0xC3u
#define AMP_OACS_VERSION  1u
#define AMP_OACS_HDR_SIZE 12u
#define AMP_OACS_CRC_SIZE 4u

/* Largest payload this build sends or accepts (both sides must agree; 16-bit on the wire). */
#ifndef AMP_OACS_PAYLOAD_MAX
#define AMP_OACS_PAYLOAD_MAX 256u
#endif
#define AMP_OACS_FRAME_MAX (AMP_OACS_HDR_SIZE + AMP_OACS_PAYLOAD_MAX + AMP_OACS_CRC_SIZE)

/* flags bits 1:0; bits 7:2 are reserved and must be zero. */
enum amp_oacs_kind {
	AMP_OACS_REQUEST = 0,
	AMP_OACS_RESPONSE = 1,
	AMP_OACS_ERROR = 2, /* a response carrying a u16 enum amp_oacs_status */
	AMP_OACS_EVENT = 3, /* unsolicited, server to client */
};
#define AMP_OACS_FLAGS_KIND_MASK 0x03u

/* On the wire, little-endian. */
struct amp_oacs_hdr {
	uint8_t magic[2]; /* AMP_OACS_MAGIC0, AMP_OACS_MAGIC1 */
	uint8_t version;  /* AMP_OACS_VERSION */
	uint8_t flags;	  /* enum amp_oacs_kind in bits 1:0 */
	uint16_t seq;	  /* chosen by the client, echoed in the response */
	uint16_t cmd;	  /* command id, echoed in the response */
	uint16_t len;	  /* payload bytes, at most AMP_OACS_PAYLOAD_MAX */
	uint16_t hdr_crc; /* low 16 bits of CRC-32 over bytes 0..9 */
};
/* then len payload bytes, then u32 CRC-32 over header and payload */

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_oacs_hdr) == AMP_OACS_HDR_SIZE, "oacs: header is 12 bytes");
_Static_assert(offsetof(struct amp_oacs_hdr, version) == 2, "oacs: version at 2");
_Static_assert(offsetof(struct amp_oacs_hdr, flags) == 3, "oacs: flags at 3");
_Static_assert(offsetof(struct amp_oacs_hdr, seq) == 4, "oacs: seq at 4");
_Static_assert(offsetof(struct amp_oacs_hdr, cmd) == 6, "oacs: cmd at 6");
_Static_assert(offsetof(struct amp_oacs_hdr, len) == 8, "oacs: len at 8");
_Static_assert(offsetof(struct amp_oacs_hdr, hdr_crc) == 10, "oacs: hdr_crc at 10");
_Static_assert(AMP_OACS_PAYLOAD_MAX >= 64u && AMP_OACS_PAYLOAD_MAX <= 0xFFFFu,
	       "oacs: payload max must be 64..65535");
#endif

enum amp_oacs_cmd {
	AMP_OACS_CMD_PING = 0x0001,	     /* echo the payload */
	AMP_OACS_CMD_GET_INFO = 0x0002,	     /* struct amp_oacs_info, encoded */
	AMP_OACS_CMD_GET_STATS = 0x0003,     /* struct amp_oacs_stats_info, encoded */
	AMP_OACS_CMD_LIST_SESSIONS = 0x0004, /* request: [u16 first]; reply: a page of sessions */
	AMP_OACS_CMD_USER = 0x0100,	     /* first id for application commands */
};

/* The u16 payload of an ERROR frame. */
enum amp_oacs_status {
	AMP_OACS_OK = 0,
	AMP_OACS_ERR_UNKNOWN_CMD = 1,
	AMP_OACS_ERR_BAD_LENGTH = 2,
	AMP_OACS_ERR_BAD_CRC = 3,
	AMP_OACS_ERR_BUSY = 4,
	AMP_OACS_ERR_NOT_ALLOWED = 5,
	AMP_OACS_ERR_INTERNAL = 6,
};
#define AMP_OACS_ERROR_LEN 2u

/* A decoded frame (host order). payload points into the decoder. */
struct amp_oacs_frame {
	uint8_t kind; /* enum amp_oacs_kind */
	uint16_t seq;
	uint16_t cmd;
	uint16_t len;
	const uint8_t *payload;
};

/* Encode into out (out_size >= AMP_OACS_HDR_SIZE + len + 4); returns the frame length or AMP_E*. */
int amp_oacs_encode(uint8_t *out, size_t out_size, const struct amp_oacs_frame *f);
/* Same, with the payload already at out + AMP_OACS_HDR_SIZE (no copy). */
int amp_oacs_encode_in_place(uint8_t *out, size_t out_size, uint8_t kind, uint16_t seq,
			     uint16_t cmd, uint16_t len);
const char *amp_oacs_status_name(int status);

/* ---- streaming decoder -------------------------------------------------- */

struct amp_oacs_decoder_stats {
	uint32_t frames;  /* good frames returned */
	uint32_t skipped; /* bytes thrown away while resynchronising */
	uint32_t garbage; /* runs of bytes that did not start a frame */
	uint32_t bad_hdr; /* magic found, but version, flags or header CRC wrong */
	uint32_t bad_len; /* header good, length above AMP_OACS_PAYLOAD_MAX */
	uint32_t bad_crc; /* header good, frame CRC wrong */
	uint32_t partial; /* frame starts given up by amp_oacs_decoder_drop_partial */
};

struct amp_oacs_decoder {
	uint8_t buf[AMP_OACS_FRAME_MAX];
	uint32_t start, end; /* unparsed bytes are buf[start..end) */
	uint32_t emitted;    /* length of the frame last returned, dropped on the next call */
	uint8_t in_resync;   /* skipping bytes after a failed candidate or garbage */
	struct amp_oacs_decoder_stats stats;
};

enum amp_oacs_decode_result {
	AMP_OACS_DEC_NEED_MORE = 0, /* push more bytes */
	AMP_OACS_DEC_FRAME = 1,	    /* *f is a good frame */
	AMP_OACS_DEC_BAD_FRAME = 2, /* a frame with a good header was refused (bad length or
				       CRC): *f has its kind, seq, cmd and len, no payload; the
				       server answers it with an error */
};

/*
 * Bad arguments: a NULL d makes the void calls no-ops and the counts 0; a
 * NULL in with len > 0 is taken as nothing (0).
 */
void amp_oacs_decoder_init(struct amp_oacs_decoder *d);
/* Take up to len bytes; returns how many were taken (all of them unless a frame is pending). */
size_t amp_oacs_decoder_push(struct amp_oacs_decoder *d, const void *in, size_t len);
/* Zero copy push: room at *p for up to the returned count (NULL d: 0, *p = NULL), then commit. */
size_t amp_oacs_decoder_space(struct amp_oacs_decoder *d, uint8_t **p);
void amp_oacs_decoder_commit(struct amp_oacs_decoder *d, size_t n);
/*
 * The next result from the bytes pushed so far. Call until it returns
 * AMP_OACS_DEC_NEED_MORE: a frame's payload stays valid until the next call
 * to any decoder function. AMP_EINVAL for NULL d or f.
 */
int amp_oacs_decoder_next(struct amp_oacs_decoder *d, struct amp_oacs_frame *f);
/*
 * A frame start whose remaining bytes never came (the sender stopped in the
 * middle of a frame) holds back whatever follows it. Give up on it: it is
 * counted and the bytes after its first one are scanned again. The client
 * calls this when its last request in flight times out.
 */
void amp_oacs_decoder_drop_partial(struct amp_oacs_decoder *d);
/* Errors counted so far (every kind together). */
uint32_t amp_oacs_decoder_errors(const struct amp_oacs_decoder *d);

struct amp_oacs_io;
/* One read from io into the decoder's free space: bytes read, 0, or the read's error. */
int amp_oacs_decoder_read(struct amp_oacs_decoder *d, const struct amp_oacs_io *io);

/* Feed a whole buffer, calling on_frame for each good frame; returns frames found. */
typedef void (*amp_oacs_frame_cb)(void *ctx, const struct amp_oacs_frame *f);
uint32_t amp_oacs_decode(struct amp_oacs_decoder *d, const void *in, size_t len,
			 amp_oacs_frame_cb on_frame, void *ctx);

/* ---- byte I/O under server and client ----------------------------------- */

struct amp_oacs_io {
	/* Up to len bytes: the count (0 = nothing right now) or a negative AMP_E*. */
	int (*read)(void *ctx, void *buf, size_t len);
	/* Up to len bytes: the count accepted (0 = full right now) or a negative AMP_E*. */
	int (*write)(void *ctx, const void *buf, size_t len);
	void *ctx;
};

struct amp_stream;
/* Fill io so it reads and writes s. NULL io or s: no-op. */
void amp_oacs_io_stream(struct amp_oacs_io *io, struct amp_stream *s);

/* ---- what the built-in commands report ---------------------------------- */

#define AMP_OACS_BOARD_LEN	  16u
#define AMP_OACS_SESSION_NAME_LEN 32u

struct amp_oacs_info {
	uint8_t oacs_version;	   /* filled by the server */
	uint16_t oacs_payload_max; /* filled by the server */
	uint8_t role;		   /* enum amp_role */
	uint8_t lib_major, lib_minor, lib_patch;
	uint16_t rpmsg_buf_size;    /* rpmsg buffer, header included */
	uint16_t rpmsg_payload_max; /* rpmsg payload */
	uint16_t vring_num;	    /* buffers per direction */
	uint16_t max_endpoints;
	uint32_t uptime_ms;
	uint32_t stream_rx_size; /* the stream OACS runs on */
	uint32_t stream_tx_size;
	char board[AMP_OACS_BOARD_LEN]; /* need not be NUL-terminated */
};
#define AMP_OACS_INFO_LEN 44u

struct amp_oacs_stats_info {
	uint32_t tx_msgs, rx_msgs;
	uint32_t tx_bytes, rx_bytes;
	uint32_t drops;
	uint32_t crc_errors; /* the server adds its own decoder's count */
	uint32_t reconnects;
	uint32_t missed_heartbeats;
	/* filled by the server */
	uint32_t oacs_requests;
	uint32_t oacs_errors;	  /* error responses sent */
	uint32_t oacs_bad_frames; /* garbage runs, bad headers and lengths the decoder saw */
};
#define AMP_OACS_STATS_LEN 44u

struct amp_oacs_session_info {
	uint32_t id;
	uint32_t local_addr;
	uint32_t remote_addr;
	uint32_t rx_bytes;
	uint32_t tx_bytes;
	uint8_t state;
	char name[AMP_OACS_SESSION_NAME_LEN]; /* need not be NUL-terminated */
};
#define AMP_OACS_SESSION_ENTRY_LEN 56u
#define AMP_OACS_SESSIONS_HDR_LEN  8u
#define AMP_OACS_SESSIONS_PER_PAGE                                                                 \
	((AMP_OACS_PAYLOAD_MAX - AMP_OACS_SESSIONS_HDR_LEN) / AMP_OACS_SESSION_ENTRY_LEN)

/*
 * Encoders / decoders of the built-in payloads (used by the server and by
 * clients). Encoders: NULL out or in is a no-op. Decoders: AMP_EPROTO for a
 * payload too short (or a page that does not hold its entries), AMP_EINVAL
 * for NULL p or out.
 */
void amp_oacs_info_encode(uint8_t out[AMP_OACS_INFO_LEN], const struct amp_oacs_info *in);
int amp_oacs_info_decode(const uint8_t *p, size_t len, struct amp_oacs_info *out);
void amp_oacs_stats_encode(uint8_t out[AMP_OACS_STATS_LEN], const struct amp_oacs_stats_info *in);
int amp_oacs_stats_decode(const uint8_t *p, size_t len, struct amp_oacs_stats_info *out);
void amp_oacs_session_encode(uint8_t out[AMP_OACS_SESSION_ENTRY_LEN],
			     const struct amp_oacs_session_info *in);
int amp_oacs_session_decode(const uint8_t *p, size_t len, struct amp_oacs_session_info *out);
/* A LIST_SESSIONS reply; entry i is at entries + i * entry_len (decode it with session_decode). */
struct amp_oacs_sessions_page {
	uint16_t total; /* sessions on the server */
	uint16_t first; /* index of the first entry in this page */
	uint8_t count;	/* entries in this page */
	uint8_t entry_len;
	const uint8_t *entries;
};
int amp_oacs_sessions_page_decode(const uint8_t *p, size_t len, struct amp_oacs_sessions_page *out);

/* ---- server ------------------------------------------------------------- */

/*
 * A command handler: write the response payload (at most resp_max bytes) to
 * resp and return its length, or return a negative AMP_E* to answer with an
 * error: AMP_EBUSY -> BUSY, AMP_EPERM -> NOT_ALLOWED, AMP_EMSGSIZE and
 * AMP_ERANGE -> BAD_LENGTH, anything else -> INTERNAL.
 */
typedef int (*amp_oacs_handler)(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp,
				size_t resp_max);

struct amp_oacs_command {
	uint16_t id;
	uint16_t min_len; /* request payload limits; outside them -> BAD_LENGTH */
	uint16_t max_len;
	amp_oacs_handler handler;
	void *ctx;
};

#ifndef AMP_OACS_MAX_COMMANDS
#define AMP_OACS_MAX_COMMANDS 8
#endif

/* Where the built-ins get their data; any member may be NULL. */
struct amp_oacs_server_ops {
	void (*get_info)(void *ctx, struct amp_oacs_info *out);
	/* out is zeroed; the server then adds its own counts to every oacs_* and crc_errors */
	void (*get_stats)(void *ctx, struct amp_oacs_stats_info *out);
	uint32_t (*session_count)(void *ctx);
	/* 0, or AMP_ENOENT when index is past the end */
	int (*session_at)(void *ctx, uint32_t index, struct amp_oacs_session_info *out);
};

struct amp_oacs_server_stats {
	uint32_t requests; /* requests answered (with a response or an error) */
	uint32_t errors;   /* error responses sent */
	uint32_t ignored;  /* frames that were not requests */
	uint32_t events;   /* events sent */
};

struct amp_oacs_server {
	struct amp_oacs_decoder dec;
	struct amp_oacs_io io;
	const struct amp_oacs_server_ops *ops;
	void *ops_ctx;
	struct amp_oacs_command cmds[AMP_OACS_MAX_COMMANDS];
	uint32_t n_cmds;
	uint8_t out[AMP_OACS_FRAME_MAX]; /* the frame being written out */
	uint32_t out_len, out_off;
	uint16_t event_seq;
	struct amp_oacs_server_stats stats;
};

int amp_oacs_server_init(struct amp_oacs_server *srv, const struct amp_oacs_io *io,
			 const struct amp_oacs_server_ops *ops, void *ops_ctx);
/* AMP_EEXIST (id taken, built-ins included), AMP_ENOSPC (table full), AMP_EINVAL. */
int amp_oacs_server_register(struct amp_oacs_server *srv, const struct amp_oacs_command *cmd);
/*
 * Read requests, answer them. While a response cannot be written out the
 * server reads nothing more (the stream's credit then holds the client back).
 * Bounded work per call. Returns requests answered or a negative I/O error.
 */
int amp_oacs_server_poll(struct amp_oacs_server *srv);
/* Queue an event frame: AMP_EBUSY while a response is still going out. */
int amp_oacs_server_send_event(struct amp_oacs_server *srv, uint16_t cmd, const void *payload,
			       uint16_t len);

/* ---- client ------------------------------------------------------------- */

/*
 * A request's outcome. status 0: reply is the response; status > 0: the
 * server answered with that enum amp_oacs_status; status < 0: AMP_ETIMEDOUT
 * or the I/O error that ended it, reply is NULL.
 */
typedef void (*amp_oacs_reply_cb)(void *ctx, int status, const struct amp_oacs_frame *reply);

#ifndef AMP_OACS_CLIENT_INFLIGHT
#define AMP_OACS_CLIENT_INFLIGHT 8
#endif

struct amp_oacs_pending {
	amp_oacs_reply_cb cb;
	void *ctx;
	uint32_t deadline;
	uint16_t seq;
	uint16_t cmd;
	uint8_t in_use;
};

struct amp_oacs_client_stats {
	uint32_t requests;
	uint32_t responses; /* status 0 */
	uint32_t errors;    /* error frames */
	uint32_t timeouts;
	uint32_t unmatched; /* replies for no request in flight (late, or bogus) */
	uint32_t events;
};

struct amp_oacs_client {
	struct amp_oacs_decoder dec;
	struct amp_oacs_io io;
	struct amp_oacs_pending slot[AMP_OACS_CLIENT_INFLIGHT];
	uint16_t next_seq;
	uint8_t out[AMP_OACS_FRAME_MAX];
	uint32_t out_len, out_off;
	amp_oacs_frame_cb on_event;
	void *event_ctx;
	struct amp_oacs_client_stats stats;
};

int amp_oacs_client_init(struct amp_oacs_client *c, const struct amp_oacs_io *io);
/* NULL c, or c not through amp_oacs_client_init: no-op. */
void amp_oacs_client_set_event_cb(struct amp_oacs_client *c, amp_oacs_frame_cb cb, void *ctx);
/*
 * Send a request; cb runs exactly once, from amp_oacs_client_poll. Returns
 * the sequence number (>= 0), AMP_ENOSPC with AMP_OACS_CLIENT_INFLIGHT in
 * flight, AMP_ENOBUFS while the previous request is still being written out,
 * AMP_EMSGSIZE above AMP_OACS_PAYLOAD_MAX.
 */
int amp_oacs_client_request(struct amp_oacs_client *c, uint16_t cmd, const void *payload,
			    uint16_t len, uint32_t now_ms, uint32_t timeout_ms,
			    amp_oacs_reply_cb cb, void *ctx);
/* Write, read, match replies, expire timeouts. Returns callbacks run or a negative I/O error. */
int amp_oacs_client_poll(struct amp_oacs_client *c, uint32_t now_ms);
/* Requests in flight. */
uint32_t amp_oacs_client_inflight(const struct amp_oacs_client *c);
/*
 * End every request in flight with status err, a negative AMP_E* (for
 * example AMP_ECLOSED). NULL c or err >= 0: no-op.
 */
void amp_oacs_client_abort(struct amp_oacs_client *c, int err);

#ifdef __cplusplus
}
#endif
#endif

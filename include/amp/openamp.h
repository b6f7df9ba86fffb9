/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The C facade for C++ (and plain C) applications: the seed's device/openamp.c
 * helpers. Opaque handles, no structure to lay out, every call returns an
 * int: a count or 1/0 (test with > 0), or a negative AMP_E* code. Bad
 * arguments (NULL, a handle that is not one of ours or was released, a size
 * out of range) give AMP_EINVAL.
 *
 *	amp_openamp_t *h;
 *	amp_openamp_stream_t *st;
 *	amp_openamp_init(&h, AMP_ROLE_MASTER, &my_port);
 *	amp_openamp_stream_open(h, "log", 0, &st);
 *	for (;;) {
 *		amp_openamp_poll(h);
 *		if (amp_openamp_stream_is_open(st) > 0)
 *			amp_openamp_stream_write(st, "hi", 2);
 *	}
 *
 * amplink::OpenAMPStream (amp/OpenAMPStream.hpp) wraps a stream handle with the
 * Arduino Stream shape. Storage comes from static pools sized below (no heap);
 * handles are created and released from one thread. The *_timeout calls wait
 * on the port's clock: while nothing arrives they run amp_poll() and then the
 * instance's idle function (default: the port's wait).
 */
#ifndef AMP_OPENAMP_H
#define AMP_OPENAMP_H

#include <stddef.h>
#include <stdint.h>

#include "amp/config.h"
#include "amp/errors.h"
#include "amp/port.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Instances (struct amp inside): one per core this program runs; a host test may run both. */
#ifndef AMP_CFG_OPENAMP_INSTANCES
#define AMP_CFG_OPENAMP_INSTANCES 2
#endif
/* Stream handles, all instances together. */
#ifndef AMP_CFG_OPENAMP_STREAMS
#define AMP_CFG_OPENAMP_STREAMS 4
#endif
/* Largest (and default) receive and transmit ring of a stream, bytes: a power of two. */
#ifndef AMP_CFG_OPENAMP_RING
#define AMP_CFG_OPENAMP_RING 1024u
#endif

#if AMP_CFG_OPENAMP_INSTANCES < 1 || AMP_CFG_OPENAMP_STREAMS < 1
#error "AMP_CFG_OPENAMP_INSTANCES and AMP_CFG_OPENAMP_STREAMS must be at least 1"
#endif
#if (AMP_CFG_OPENAMP_RING & (AMP_CFG_OPENAMP_RING - 1u)) != 0 || AMP_CFG_OPENAMP_RING < 16u
#error "AMP_CFG_OPENAMP_RING must be a power of two of at least 16"
#endif

typedef struct amp_openamp amp_openamp_t;
typedef struct amp_openamp_stream amp_openamp_stream_t;

struct amp_stream;

/* What a bounded wait does when amp_poll() found nothing to do (sleep, yield, run the peer). */
typedef void (*amp_openamp_idle_fn)(void *ctx, uint32_t max_ms);

/* ---- instance ------------------------------------------------------------ */

/* Start amplink in `role` on `port` (which must outlive the instance). AMP_ENOSPC: pool full. */
int amp_openamp_init(amp_openamp_t **out, enum amp_role role, const struct amp_port *port);
/* Close every stream of h and give the instance back to the pool. */
int amp_openamp_deinit(amp_openamp_t *h);
/* Drive the channel and every stream of h; call from the main loop or after the IPM interrupt. */
int amp_openamp_poll(amp_openamp_t *h);
/* 1 once the channel and the default session are up, 0 before. */
int amp_openamp_ready(const amp_openamp_t *h);
/* Replace what the bounded waits do while idle (NULL: the port's wait again). */
int amp_openamp_set_idle(amp_openamp_t *h, amp_openamp_idle_fn fn, void *ctx);
/* The instance underneath, for the rest of the C API (sessions, OACS); NULL for a bad handle. */
struct amp;
struct amp *amp_openamp_amp(amp_openamp_t *h);

/* ---- streams ------------------------------------------------------------- */

/*
 * Open session `name` on the peer with a stream on it (the open may be made
 * before the channel is up: it goes out when it is). ring_size: each ring's
 * size, a power of two up to AMP_CFG_OPENAMP_RING (0: that size).
 * AMP_ENOSPC: no stream handle or session left. If the session closes (or the
 * peer refuses it), close the handle and open again.
 */
int amp_openamp_stream_open(amp_openamp_t *h, const char *name, uint32_t ring_size,
			    amp_openamp_stream_t **out);
/*
 * Accept the peer's sessions named `name`, one at a time: a second one while
 * one is open is turned away; after a close the next one is accepted. A
 * listening handle lasts as long as its instance.
 */
int amp_openamp_stream_listen(amp_openamp_t *h, const char *name, uint32_t ring_size,
			      amp_openamp_stream_t **out);
/* 1 while a session carries the stream, 0 otherwise. */
int amp_openamp_stream_is_open(const amp_openamp_stream_t *st);
/* Why the last session closed (enum amp_close_reason), 0 if none closed yet. */
int amp_openamp_stream_close_reason(const amp_openamp_stream_t *st);

/*
 * Non-blocking, as amp_stream_write/read/peek/flush (amp/stream.h): counts,
 * 0 when nothing can move now, AMP_ENOTREADY before the first session is up,
 * AMP_ECLOSED once it closed (after the bytes that arrived were read).
 */
int amp_openamp_stream_write(amp_openamp_stream_t *st, const void *data, size_t len);
int amp_openamp_stream_read(amp_openamp_stream_t *st, void *buf, size_t len);
int amp_openamp_stream_peek(amp_openamp_stream_t *st, void *buf, size_t len);
/* 0 when every written byte went to the transport, AMP_ENOBUFS while some wait for credit. */
int amp_openamp_stream_flush(amp_openamp_stream_t *st);
/* Bytes read() returns now. */
int amp_openamp_stream_available(amp_openamp_stream_t *st);
/* Bytes write() accepts now. */
int amp_openamp_stream_write_space(amp_openamp_stream_t *st);
/* Written bytes the peer's application has not confirmed reading (yet). */
int amp_openamp_stream_undelivered(const amp_openamp_stream_t *st);

/*
 * Bounded waits: the bytes moved (all of len unless the time ran out or the
 * stream ended), AMP_ETIMEDOUT when nothing moved in time, an AMP_E* when
 * nothing moved because of it. flush: 0 or AMP_ETIMEDOUT.
 */
int amp_openamp_stream_write_timeout(amp_openamp_stream_t *st, const void *data, size_t len,
				     uint32_t timeout_ms);
int amp_openamp_stream_read_timeout(amp_openamp_stream_t *st, void *buf, size_t len,
				    uint32_t timeout_ms);
int amp_openamp_stream_flush_timeout(amp_openamp_stream_t *st, uint32_t timeout_ms);

/*
 * Close the session now: bytes the peer did not read yet are lost (see
 * undelivered first). An opened handle is released; a listening one stays
 * and accepts the next session.
 */
int amp_openamp_stream_close(amp_openamp_stream_t *st);
/*
 * Close gracefully: send what is left and wait up to timeout_ms until the
 * peer's application read all of it, then close as above. 0 when all was
 * delivered, else AMP_ETIMEDOUT or AMP_ECLOSED (the close happens anyway).
 */
int amp_openamp_stream_close_timeout(amp_openamp_stream_t *st, uint32_t timeout_ms);

/*
 * The stream underneath (amp/stream.h), for amplink::OpenAMPStream: the same
 * pointer for the handle's whole life, across its sessions. NULL for a bad handle.
 */
struct amp_stream *amp_openamp_stream_handle(amp_openamp_stream_t *st);

#ifdef __cplusplus
}
#endif
#endif

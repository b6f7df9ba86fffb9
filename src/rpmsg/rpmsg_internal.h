/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the rpmsg layer's files; not part of the public API. */
#ifndef AMP_RPMSG_INTERNAL_H
#define AMP_RPMSG_INTERNAL_H

#include <string.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"
#include "../virtio/vring_ops.h"
#include "../common/amp_le.h"

/*
 * The header codec; amp_rpmsg_hdr_encode() and amp_rpmsg_hdr_decode() wrap
 * these. A field is one access on a little-endian host (amp_le.h).
 */
static inline void rpmsg_hdr_put(uint8_t out[AMP_RPMSG_HDR_SIZE], uint32_t src, uint32_t dst,
				 uint32_t reserved, uint16_t len, uint16_t flags)
{
	amp_le_put32(out, src);
	amp_le_put32(out + 4, dst);
	amp_le_put32(out + 8, reserved);
	/* len (bytes 12-13) and flags (14-15) as one little-endian word: one access */
	amp_le_put32(out + 12, (uint32_t)len | ((uint32_t)flags << 16));
}

/* buf_len: bytes the peer says the buffer holds (used.len or the descriptor length). */
static inline int rpmsg_hdr_get(const uint8_t *in, uint32_t buf_len, struct amp_rpmsg_hdr *h)
{
	uint32_t len_flags;

	if (buf_len < AMP_RPMSG_HDR_SIZE)
		return AMP_EPROTO;
	h->src = amp_le_get32(in);
	h->dst = amp_le_get32(in + 4);
	h->reserved = amp_le_get32(in + 8);
	len_flags = amp_le_get32(in + 12);
	h->len = (uint16_t)len_flags;
	h->flags = (uint16_t)(len_flags >> 16);
	if (h->len > buf_len - AMP_RPMSG_HDR_SIZE || h->len > AMP_RPMSG_PAYLOAD_MAX)
		return AMP_EPROTO;
	return AMP_OK;
}

#define RPMSG_BUF_SIZE ((uint32_t)AMP_CFG_BUF_SIZE)

/* Buffers are only touched while the rings are attached: r->tx knows about the caches. */
static inline void rpmsg_buf_clean(const struct amp_rpmsg *r, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && r->tx.clean)
		r->tx.clean(r->port->ctx, p, n);
}

static inline void rpmsg_buf_invalidate(const struct amp_rpmsg *r, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && r->tx.invalidate)
		r->tx.invalidate(r->port->ctx, p, n);
}

/*
 * A buffer we own (the ring protocol gives it to us) is plain memory while we
 * own it, so it is copied with memcpy; the cast only drops the volatile the
 * region's pointer carries for the ring fields.
 */
static inline uint8_t *rpmsg_owned(volatile uint8_t *p)
{
	return (uint8_t *)(uintptr_t)p;
}

/*
 * The peer broke a ring's index or id rules (an index more than num ahead, a
 * used id we never posted, an avail id out of range), or redirected a receive
 * buffer: descriptors are lost or in doubt, so the rings are unusable until
 * re-initialised. The flags start over with every attach; the ring sets its
 * own where it counts the error (one test here per poll, not a scan).
 */
static inline int rpmsg_rings_broken(const struct amp_rpmsg *r)
{
	return r->rx.broken | r->tx.broken | r->broken;
}

/* Initialised: a zeroed (never initialised) device has no port. */
static inline int rpmsg_inited(const struct amp_rpmsg *r)
{
	return r && r->port;
}

/*
 * The lean slave (AMP_CFG_LEAN, docs/integration.md) has no zero copy (its
 * calls return AMP_ENOTSUP) and no name service to receive: a master built
 * from the same library keeps both.
 */
static inline int rpmsg_lean_slave(const struct amp_rpmsg *r)
{
	return AMP_CFG_LEAN && !AMP_IS_MASTER(r->role);
}

static inline int rpmsg_ept_usable(const struct amp_ept *ept)
{
	return ept && ept->in_use && ept->rdev;
}

static inline void rpmsg_hdr_write(volatile uint8_t *buf, uint32_t src, uint32_t dst, uint32_t len,
				   uint32_t reserved)
{
	rpmsg_hdr_put(rpmsg_owned(buf), src, dst, reserved, (uint16_t)len, 0);
}

/*
 * The descriptor id of a buffer we hold, or AMP_VRING_NO_ID. The id sits in
 * the buffer's reserved header word while we hold it; the word is read only
 * once the pointer is known to lie inside the region, so a foreign pointer is
 * refused without being dereferenced.
 */
static inline uint16_t rpmsg_held_id(const struct amp_rpmsg *r, const struct amp_rpmsg_held *held,
				     const void *payload)
{
	uintptr_t base = (uintptr_t)r->port->shm, p = (uintptr_t)payload;
	const uint8_t *buf;
	uint32_t id;

	if (!base || p < base + AMP_RPMSG_HDR_SIZE || p - base > r->port->shm_size)
		return AMP_VRING_NO_ID;
	buf = (const uint8_t *)payload - AMP_RPMSG_HDR_SIZE;
	memcpy(&id, buf + 8, sizeof(id));
	if (id >= AMP_CFG_VRING_NUM || rpmsg_owned(held->buf[id]) != buf)
		return AMP_VRING_NO_ID;
	return (uint16_t)id;
}

/* Ring the peer now if it asked for doorbells on a ring we queued on (rpmsg_kick.c). */
void amp_rpmsg_kick_queued(struct amp_rpmsg *r);

/*
 * amp_rpmsg_kick() where messages are queued. In a receive callback
 * amp_rpmsg_process rings once, for the whole batch.
 */
static inline void rpmsg_kick_if_queued(struct amp_rpmsg *r)
{
	if (!(r->kick_tx || r->kick_rx) || r->in_dispatch || !r->up)
		return;
	/*
	 * A core that polls without sleeping (rx notify off) looks whether the
	 * peer wants a doorbell for the buffers it gave back with its next send
	 * or at its next poll, whichever comes first: the full barrier of that
	 * look then does not wait for the stores of those buffers on the way
	 * from one message to the next.
	 */
	if (r->rx_quiet && !r->kick_tx)
		return;
	amp_rpmsg_kick_queued(r);
}

/*
 * Inlined where messages are queued; the lean profile (size first) calls the
 * one copy in amp_rpmsg_kick() instead (-Os keeps a copy of a static inline
 * function in each file).
 */
static inline void rpmsg_kick(struct amp_rpmsg *r)
{
#if AMP_CFG_LEAN
	amp_rpmsg_kick(r);
#else
	rpmsg_kick_if_queued(r);
#endif
}

/* Send from src to dst; traced (send/notify) only when ept_name is not NULL. */
int amp_rpmsg_send_raw(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *data,
		       size_t len, const char *ept_name);
/* A message for the name-service address arrived. */
void amp_rpmsg_ns_receive(struct amp_rpmsg *r, const uint8_t *data, uint32_t len);
/* The endpoint a destination address names, or NULL. */
struct amp_ept *amp_rpmsg_ept_lookup(struct amp_rpmsg *r, uint32_t addr);
/* Trace "x.ipm_notified" if a doorbell came in this poll and is not traced yet. */
void amp_rpmsg_trace_notified(struct amp_rpmsg *r);
/* Free every endpoint, telling each owner through its unbind callback. */
void amp_rpmsg_ept_free_all(struct amp_rpmsg *r);
/* Keep every endpoint but forget what the peer told it (address learned, announcement). */
void amp_rpmsg_ept_unbind_all(struct amp_rpmsg *r);

#endif

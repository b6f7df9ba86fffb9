/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the rpmsg layer's files; not part of the public API. */
#ifndef AMP_RPMSG_INTERNAL_H
#define AMP_RPMSG_INTERNAL_H

#include <string.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"
#include "../virtio/vring_ops.h"
#include "../common/amp_le.h"

/* The header codec; amp_rpmsg_hdr_encode() and amp_rpmsg_hdr_decode() wrap these. */
static inline void rpmsg_hdr_put(uint8_t out[AMP_RPMSG_HDR_SIZE], uint32_t src, uint32_t dst,
				 uint32_t reserved, uint16_t len, uint16_t flags)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The struct is the wire layout (static asserts in rpmsg.h): two stores. */
	struct amp_rpmsg_hdr h = {src, dst, reserved, len, flags};

	memcpy(out, &h, sizeof(h));
#else
	amp_le_put32(out, src);
	amp_le_put32(out + 4, dst);
	amp_le_put32(out + 8, reserved);
	amp_le_put16(out + 12, len);
	amp_le_put16(out + 14, flags);
#endif
}

/* buf_len: bytes the peer says the buffer holds (used.len or the descriptor length). */
static inline int rpmsg_hdr_get(const uint8_t *in, uint32_t buf_len, struct amp_rpmsg_hdr *h)
{
	if (buf_len < AMP_RPMSG_HDR_SIZE)
		return AMP_EPROTO;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(h, in, sizeof(*h));
#else
	h->src = amp_le_get32(in);
	h->dst = amp_le_get32(in + 4);
	h->reserved = amp_le_get32(in + 8);
	h->len = amp_le_get16(in + 12);
	h->flags = amp_le_get16(in + 14);
#endif
	if (h->len > buf_len - AMP_RPMSG_HDR_SIZE || h->len > AMP_RPMSG_PAYLOAD_MAX)
		return AMP_EPROTO;
	return AMP_OK;
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

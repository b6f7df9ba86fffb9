/* SPDX-License-Identifier: BSD-3-Clause */
/* rpmsg header and name-service message codecs: little-endian, checked. */
#include <string.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

void amp_rpmsg_hdr_encode(uint8_t out[AMP_RPMSG_HDR_SIZE], const struct amp_rpmsg_hdr *h)
{
	put32(out, h->src);
	put32(out + 4, h->dst);
	put32(out + 8, h->reserved);
	put16(out + 12, h->len);
	put16(out + 14, h->flags);
}

/* buf_len: bytes the peer says the buffer holds (used.len or the descriptor length). */
int amp_rpmsg_hdr_decode(const uint8_t *in, uint32_t buf_len, struct amp_rpmsg_hdr *h)
{
	if (!in || !h || buf_len < AMP_RPMSG_HDR_SIZE)
		return AMP_EPROTO;
	h->src = get32(in);
	h->dst = get32(in + 4);
	h->reserved = get32(in + 8);
	h->len = get16(in + 12);
	h->flags = get16(in + 14);
	if (h->len > buf_len - AMP_RPMSG_HDR_SIZE || h->len > AMP_RPMSG_PAYLOAD_MAX)
		return AMP_EPROTO;
	return AMP_OK;
}

void amp_rpmsg_ns_encode(uint8_t out[sizeof(struct amp_rpmsg_ns_msg)], const char *name,
			 uint32_t addr, uint32_t flags)
{
	size_t n = strlen(name);

	if (n > AMP_RPMSG_NAME_SIZE - 1u)
		n = AMP_RPMSG_NAME_SIZE - 1u;
	memset(out, 0, AMP_RPMSG_NAME_SIZE);
	memcpy(out, name, n);
	put32(out + AMP_RPMSG_NAME_SIZE, addr);
	put32(out + AMP_RPMSG_NAME_SIZE + 4, flags);
}

int amp_rpmsg_ns_decode(const uint8_t *in, uint32_t len, struct amp_rpmsg_ns_msg *ns)
{
	if (!in || !ns || len != sizeof(struct amp_rpmsg_ns_msg))
		return AMP_EPROTO;
	memcpy(ns->name, in, AMP_RPMSG_NAME_SIZE);
	/* Linux sends names that fill all 32 bytes without a NUL: cut at 31. */
	ns->name[AMP_RPMSG_NAME_SIZE - 1u] = '\0';
	ns->addr = get32(in + AMP_RPMSG_NAME_SIZE);
	ns->flags = get32(in + AMP_RPMSG_NAME_SIZE + 4);
	if (ns->name[0] == '\0' || ns->flags > AMP_RPMSG_NS_DESTROY ||
	    ns->addr < AMP_RPMSG_RESERVED_ADDRS || ns->addr == AMP_RPMSG_ADDR_ANY)
		return AMP_EPROTO;
	return AMP_OK;
}

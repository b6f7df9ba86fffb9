/* SPDX-License-Identifier: BSD-3-Clause */
/* rpmsg header and name-service message codecs: little-endian, checked. */
#include <string.h>

#include "amp/errors.h"
#include "amp/rpmsg.h"
#include "rpmsg_internal.h"

void amp_rpmsg_hdr_encode(uint8_t out[AMP_RPMSG_HDR_SIZE], const struct amp_rpmsg_hdr *h)
{
	if (!out || !h)
		return;
	rpmsg_hdr_put(out, h->src, h->dst, h->reserved, h->len, h->flags);
}

int amp_rpmsg_hdr_decode(const uint8_t *in, uint32_t buf_len, struct amp_rpmsg_hdr *h)
{
	if (!in || !h)
		return AMP_EINVAL;
	return rpmsg_hdr_get(in, buf_len, h);
}

void amp_rpmsg_ns_encode(uint8_t out[sizeof(struct amp_rpmsg_ns_msg)], const char *name,
			 uint32_t addr, uint32_t flags)
{
	if (!out || !name)
		return;
	/* At most 31 bytes of the name, the rest of the field zero. */
	strncpy((char *)out, name, AMP_RPMSG_NAME_SIZE - 1u);
	out[AMP_RPMSG_NAME_SIZE - 1u] = 0;
	amp_le_put32(out + AMP_RPMSG_NAME_SIZE, addr);
	amp_le_put32(out + AMP_RPMSG_NAME_SIZE + 4, flags);
}

int amp_rpmsg_ns_decode(const uint8_t *in, uint32_t len, struct amp_rpmsg_ns_msg *ns)
{
	if (!in || !ns)
		return AMP_EINVAL;
	if (len != sizeof(struct amp_rpmsg_ns_msg))
		return AMP_EPROTO;
	memcpy(ns->name, in, AMP_RPMSG_NAME_SIZE);
	/* Linux sends names that fill all 32 bytes without a NUL: cut at 31. */
	ns->name[AMP_RPMSG_NAME_SIZE - 1u] = '\0';
	ns->addr = amp_le_get32(in + AMP_RPMSG_NAME_SIZE);
	ns->flags = amp_le_get32(in + AMP_RPMSG_NAME_SIZE + 4);
	/* Static addresses below 1024 are legal (OpenAMP, Linux); the service's own is not. */
	if (ns->name[0] == '\0' || ns->flags > AMP_RPMSG_NS_DESTROY ||
	    ns->addr == AMP_RPMSG_NS_ADDR || ns->addr == AMP_RPMSG_ADDR_ANY)
		return AMP_EPROTO;
	return AMP_OK;
}

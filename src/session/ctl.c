/* SPDX-License-Identifier: BSD-3-Clause */
/* Control messages of the default session: a pure, checked codec. */
#include <string.h>

#include "amp/errors.h"
#include "amp/session.h"
#include "../common/amp_le.h"

/* Body length each type carries. */
static size_t body_len(uint8_t type)
{
	switch ((enum amp_ctl_type)type) {
	case AMP_CTL_HELLO:
		return sizeof(struct amp_ctl_hello);
	case AMP_CTL_OPEN:
		return AMP_SESSION_NAME_SIZE;
	case AMP_CTL_HEARTBEAT:
	case AMP_CTL_HEARTBEAT_ACK:
	case AMP_CTL_OPEN_ACK:
	case AMP_CTL_OPEN_NAK:
	case AMP_CTL_CLOSE:
	case AMP_CTL_CLOSE_ACK:
		return 0;
	}
	return (size_t)-1;
}

int amp_ctl_encode(uint8_t *out, size_t cap, const struct amp_ctl_msg *m)
{
	size_t body, n;

	if (!out || !m)
		return AMP_EINVAL;
	body = body_len(m->hdr.type);
	if (body == (size_t)-1)
		return AMP_EINVAL;
	if (cap < AMP_CTL_HDR_SIZE + body)
		return AMP_EMSGSIZE;
	out[0] = AMP_CTL_VERSION;
	out[1] = m->hdr.type;
	out[2] = (uint8_t)m->hdr.sid;
	out[3] = (uint8_t)(m->hdr.sid >> 8);
	amp_le_put32(out + 4, m->hdr.epoch);
	amp_le_put32(out + 8, m->hdr.arg);
	if (m->hdr.type == AMP_CTL_HELLO) {
		uint8_t *b = out + AMP_CTL_HDR_SIZE;

		b[0] = m->hello.role;
		b[1] = m->hello.max_sessions;
		b[2] = (uint8_t)m->hello.heartbeat_ms;
		b[3] = (uint8_t)(m->hello.heartbeat_ms >> 8);
		b[4] = m->hello.miss_limit;
		b[5] = b[6] = b[7] = 0;
		amp_le_put32(b + 8, m->hello.lib_version);
	} else if (m->hdr.type == AMP_CTL_OPEN) {
		for (n = 0; n < AMP_SESSION_NAME_SIZE && m->name[n]; n++)
			;
		if (n == 0 || n >= AMP_SESSION_NAME_SIZE)
			return AMP_EINVAL;
		memset(out + AMP_CTL_HDR_SIZE, 0, AMP_SESSION_NAME_SIZE);
		memcpy(out + AMP_CTL_HDR_SIZE, m->name, n);
	}
	return (int)(AMP_CTL_HDR_SIZE + body);
}

static int decode_hello(const uint8_t *b, struct amp_ctl_hello *h)
{
	h->role = b[0];
	h->max_sessions = b[1];
	h->heartbeat_ms = amp_le_get16(b + 2);
	h->miss_limit = b[4];
	memset(h->reserved, 0, sizeof(h->reserved));
	h->lib_version = amp_le_get32(b + 8);
	if (h->role > 1 || h->heartbeat_ms == 0 || h->miss_limit == 0)
		return AMP_EPROTO;
	return AMP_OK;
}

int amp_ctl_decode(const uint8_t *in, size_t len, struct amp_ctl_msg *m)
{
	size_t body;

	if (!in || !m)
		return AMP_EINVAL;
	memset(m, 0, sizeof(*m));
	if (len < AMP_CTL_HDR_SIZE || in[0] != AMP_CTL_VERSION)
		return AMP_EPROTO;
	m->hdr.version = in[0];
	m->hdr.type = in[1];
	m->hdr.sid = amp_le_get16(in + 2);
	m->hdr.epoch = amp_le_get32(in + 4);
	m->hdr.arg = amp_le_get32(in + 8);
	body = body_len(m->hdr.type);
	/* Exact lengths: a longer message is as wrong as a shorter one. */
	if (body == (size_t)-1 || len != AMP_CTL_HDR_SIZE + body)
		return AMP_EPROTO;
	if (m->hdr.type == AMP_CTL_HELLO)
		return decode_hello(in + AMP_CTL_HDR_SIZE, &m->hello);
	if (m->hdr.type == AMP_CTL_OPEN) {
		memcpy(m->name, in + AMP_CTL_HDR_SIZE, AMP_SESSION_NAME_SIZE);
		if (m->name[AMP_SESSION_NAME_SIZE - 1] != '\0' || m->name[0] == '\0')
			return AMP_EPROTO;
	}
	return AMP_OK;
}

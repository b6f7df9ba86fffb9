/* SPDX-License-Identifier: BSD-3-Clause */
/* Payloads of the built-in commands, little-endian, offsets as in docs/oacs.md. */
#include <string.h>

#include "amp/errors.h"
#include "amp/oacs.h"
#include "../common/amp_le.h"

#ifndef __cplusplus
_Static_assert(AMP_OACS_SESSIONS_PER_PAGE >= 1u, "oacs: a sessions page holds an entry");
_Static_assert(AMP_OACS_INFO_LEN <= AMP_OACS_PAYLOAD_MAX, "oacs: GET_INFO fits a payload");
_Static_assert(AMP_OACS_STATS_LEN <= AMP_OACS_PAYLOAD_MAX, "oacs: GET_STATS fits a payload");
#endif

void amp_oacs_info_encode(uint8_t out[AMP_OACS_INFO_LEN], const struct amp_oacs_info *in)
{
	if (!out || !in)
		return;
	memset(out, 0, AMP_OACS_INFO_LEN);
	out[0] = in->oacs_version;
	out[1] = in->role;
	out[2] = in->lib_major;
	out[3] = in->lib_minor;
	out[4] = in->lib_patch;
	amp_le_put16(out + 6, in->rpmsg_buf_size);
	amp_le_put16(out + 8, in->rpmsg_payload_max);
	amp_le_put16(out + 10, in->vring_num);
	amp_le_put16(out + 12, in->max_endpoints);
	amp_le_put16(out + 14, in->oacs_payload_max);
	amp_le_put32(out + 16, in->uptime_ms);
	amp_le_put32(out + 20, in->stream_rx_size);
	amp_le_put32(out + 24, in->stream_tx_size);
	memcpy(out + 28, in->board, AMP_OACS_BOARD_LEN);
}

/* Longer payloads are accepted: later versions append fields. */
int amp_oacs_info_decode(const uint8_t *p, size_t len, struct amp_oacs_info *out)
{
	if (!p || !out)
		return AMP_EINVAL;
	if (len < AMP_OACS_INFO_LEN)
		return AMP_EPROTO;
	out->oacs_version = p[0];
	out->role = p[1];
	out->lib_major = p[2];
	out->lib_minor = p[3];
	out->lib_patch = p[4];
	out->rpmsg_buf_size = amp_le_get16(p + 6);
	out->rpmsg_payload_max = amp_le_get16(p + 8);
	out->vring_num = amp_le_get16(p + 10);
	out->max_endpoints = amp_le_get16(p + 12);
	out->oacs_payload_max = amp_le_get16(p + 14);
	out->uptime_ms = amp_le_get32(p + 16);
	out->stream_rx_size = amp_le_get32(p + 20);
	out->stream_tx_size = amp_le_get32(p + 24);
	memcpy(out->board, p + 28, AMP_OACS_BOARD_LEN);
	return AMP_OK;
}

void amp_oacs_stats_encode(uint8_t out[AMP_OACS_STATS_LEN], const struct amp_oacs_stats_info *in)
{
	if (!out || !in)
		return;
	amp_le_put32(out + 0, in->tx_msgs);
	amp_le_put32(out + 4, in->rx_msgs);
	amp_le_put32(out + 8, in->tx_bytes);
	amp_le_put32(out + 12, in->rx_bytes);
	amp_le_put32(out + 16, in->drops);
	amp_le_put32(out + 20, in->crc_errors);
	amp_le_put32(out + 24, in->reconnects);
	amp_le_put32(out + 28, in->missed_heartbeats);
	amp_le_put32(out + 32, in->oacs_requests);
	amp_le_put32(out + 36, in->oacs_errors);
	amp_le_put32(out + 40, in->oacs_bad_frames);
}

int amp_oacs_stats_decode(const uint8_t *p, size_t len, struct amp_oacs_stats_info *out)
{
	if (!p || !out)
		return AMP_EINVAL;
	if (len < AMP_OACS_STATS_LEN)
		return AMP_EPROTO;
	out->tx_msgs = amp_le_get32(p + 0);
	out->rx_msgs = amp_le_get32(p + 4);
	out->tx_bytes = amp_le_get32(p + 8);
	out->rx_bytes = amp_le_get32(p + 12);
	out->drops = amp_le_get32(p + 16);
	out->crc_errors = amp_le_get32(p + 20);
	out->reconnects = amp_le_get32(p + 24);
	out->missed_heartbeats = amp_le_get32(p + 28);
	out->oacs_requests = amp_le_get32(p + 32);
	out->oacs_errors = amp_le_get32(p + 36);
	out->oacs_bad_frames = amp_le_get32(p + 40);
	return AMP_OK;
}

void amp_oacs_session_encode(uint8_t out[AMP_OACS_SESSION_ENTRY_LEN],
			     const struct amp_oacs_session_info *in)
{
	if (!out || !in)
		return;
	memset(out, 0, AMP_OACS_SESSION_ENTRY_LEN);
	amp_le_put32(out + 0, in->id);
	amp_le_put32(out + 4, in->local_addr);
	amp_le_put32(out + 8, in->remote_addr);
	amp_le_put32(out + 12, in->rx_bytes);
	amp_le_put32(out + 16, in->tx_bytes);
	out[20] = in->state;
	memcpy(out + 24, in->name, AMP_OACS_SESSION_NAME_LEN);
}

int amp_oacs_session_decode(const uint8_t *p, size_t len, struct amp_oacs_session_info *out)
{
	if (!p || !out)
		return AMP_EINVAL;
	if (len < AMP_OACS_SESSION_ENTRY_LEN)
		return AMP_EPROTO;
	out->id = amp_le_get32(p + 0);
	out->local_addr = amp_le_get32(p + 4);
	out->remote_addr = amp_le_get32(p + 8);
	out->rx_bytes = amp_le_get32(p + 12);
	out->tx_bytes = amp_le_get32(p + 16);
	out->state = p[20];
	memcpy(out->name, p + 24, AMP_OACS_SESSION_NAME_LEN);
	return AMP_OK;
}

int amp_oacs_sessions_page_decode(const uint8_t *p, size_t len, struct amp_oacs_sessions_page *out)
{
	if (!p || !out)
		return AMP_EINVAL;
	if (len < AMP_OACS_SESSIONS_HDR_LEN || p[5] < AMP_OACS_SESSION_ENTRY_LEN ||
	    (len - AMP_OACS_SESSIONS_HDR_LEN) / p[5] < p[4])
		return AMP_EPROTO;
	out->total = amp_le_get16(p);
	out->first = amp_le_get16(p + 2);
	out->count = p[4];
	out->entry_len = p[5];
	out->entries = p + AMP_OACS_SESSIONS_HDR_LEN;
	return AMP_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The header of user-session data messages: a sequence number, and a CRC-32
 * when the session asks for one (docs/protocol.md, "Session data").
 */
#include <string.h>

#include "amp/crc.h"
#include "amp/session.h"
#include "../common/amp_le.h"

static void put_seq_flags(uint8_t *out, uint32_t seq, uint8_t flags)
{
	amp_le_put32(out, (seq & AMP_SESS_SEQ_MASK) << 8 | flags);
}

void amp_sess_data_header(uint8_t hdr[AMP_SESS_DATA_HDR_SIZE], uint32_t seq, int with_crc,
			  const void *payload, size_t len)
{
	uint32_t crc = 0;

	put_seq_flags(hdr, seq, with_crc ? AMP_SESS_DATA_F_CRC : 0u);
	if (with_crc)
		crc = amp_crc32(amp_crc32(0, hdr, 4u), payload, len);
	amp_le_put32(hdr + 4, crc);
}

size_t amp_sess_data_encode(uint8_t *out, uint32_t seq, int with_crc, const void *payload,
			    size_t len)
{
	amp_sess_data_header(out, seq, with_crc, payload, len);
	memcpy(out + AMP_SESS_DATA_HDR_SIZE, payload, len);
	return len + AMP_SESS_DATA_HDR_SIZE;
}

enum amp_sess_data_verdict amp_sess_data_check(const uint8_t *msg, size_t len, uint32_t expect_seq,
					       int need_crc)
{
	uint32_t word, crc;
	uint8_t flags;

	if (len <= AMP_SESS_DATA_HDR_SIZE)
		return AMP_SESS_DATA_BAD_HDR;
	word = amp_le_get32(msg);
	crc = amp_le_get32(msg + 4);
	flags = (uint8_t)word;
	if ((flags & ~AMP_SESS_DATA_F_CRC) || (!(flags & AMP_SESS_DATA_F_CRC) && crc))
		return AMP_SESS_DATA_BAD_HDR;
	if (flags & AMP_SESS_DATA_F_CRC) {
		if (amp_crc32(amp_crc32(0, msg, 4u), msg + AMP_SESS_DATA_HDR_SIZE,
			      len - AMP_SESS_DATA_HDR_SIZE) != crc)
			return AMP_SESS_DATA_BAD_CRC;
	} else if (need_crc) {
		return AMP_SESS_DATA_BAD_CRC;
	}
	if ((word >> 8) != (expect_seq & AMP_SESS_SEQ_MASK))
		return AMP_SESS_DATA_BAD_SEQ;
	return AMP_SESS_DATA_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS frame encoder and streaming decoder (docs/oacs.md).
 *
 * The decoder keeps every byte of the candidate frame it is looking at, so
 * when a candidate fails (bad header, length or CRC) it drops exactly one
 * byte and scans again from there: a good frame that started inside a bad
 * candidate's claimed length is still found. The header has its own check
 * (hdr_crc) so a false start is refused after 12 bytes instead of holding
 * back the frames behind it until a bogus length has arrived.
 */
#include <string.h>

#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/oacs.h"
#include "../common/amp_le.h"

/* hdr_crc covers magic, version, flags, seq, cmd and len. */
#define HDR_CRC_SPAN 10u

static uint16_t oacs_hdr_crc(const uint8_t *hdr)
{
	return (uint16_t)amp_crc32(0, hdr, HDR_CRC_SPAN);
}

int amp_oacs_encode_in_place(uint8_t *out, size_t out_size, uint8_t kind, uint16_t seq,
			     uint16_t cmd, uint16_t len)
{
	uint32_t body = AMP_OACS_HDR_SIZE + (uint32_t)len;

	if (!out || kind > AMP_OACS_FLAGS_KIND_MASK)
		return AMP_EINVAL;
	if (len > AMP_OACS_PAYLOAD_MAX || out_size < (size_t)body + AMP_OACS_CRC_SIZE)
		return AMP_EMSGSIZE;
	out[0] = AMP_OACS_MAGIC0;
	out[1] = AMP_OACS_MAGIC1;
	out[2] = AMP_OACS_VERSION;
	out[3] = kind;
	amp_le_put16(out + 4, seq);
	amp_le_put16(out + 6, cmd);
	amp_le_put16(out + 8, len);
	amp_le_put16(out + 10, oacs_hdr_crc(out));
	amp_le_put32(out + body, amp_crc32(0, out, body));
	return (int)(body + AMP_OACS_CRC_SIZE);
}

int amp_oacs_encode(uint8_t *out, size_t out_size, const struct amp_oacs_frame *f)
{
	if (!out || !f || (f->len && !f->payload))
		return AMP_EINVAL;
	if (f->len > AMP_OACS_PAYLOAD_MAX ||
	    out_size < (size_t)AMP_OACS_HDR_SIZE + f->len + AMP_OACS_CRC_SIZE)
		return AMP_EMSGSIZE;
	if (f->len)
		memmove(out + AMP_OACS_HDR_SIZE, f->payload, f->len);
	return amp_oacs_encode_in_place(out, out_size, f->kind, f->seq, f->cmd, f->len);
}

const char *amp_oacs_status_name(int status)
{
	switch (status) {
	case AMP_OACS_OK:
		return "OK";
	case AMP_OACS_ERR_UNKNOWN_CMD:
		return "UNKNOWN_CMD";
	case AMP_OACS_ERR_BAD_LENGTH:
		return "BAD_LENGTH";
	case AMP_OACS_ERR_BAD_CRC:
		return "BAD_CRC";
	case AMP_OACS_ERR_BUSY:
		return "BUSY";
	case AMP_OACS_ERR_NOT_ALLOWED:
		return "NOT_ALLOWED";
	case AMP_OACS_ERR_INTERNAL:
		return "INTERNAL";
	default:
		return "?";
	}
}

/* ---- decoder ------------------------------------------------------------ */

void amp_oacs_decoder_init(struct amp_oacs_decoder *d)
{
	if (!d)
		return;
	memset(d, 0, sizeof(*d));
}

static void decoder_drop_emitted(struct amp_oacs_decoder *d)
{
	d->start += d->emitted;
	d->emitted = 0;
	if (d->start == d->end)
		d->start = d->end = 0;
}

size_t amp_oacs_decoder_space(struct amp_oacs_decoder *d, uint8_t **p)
{
	if (!p)
		return 0;
	*p = NULL;
	if (!d)
		return 0;
	decoder_drop_emitted(d);
	if (d->start) {
		memmove(d->buf, d->buf + d->start, d->end - d->start);
		d->end -= d->start;
		d->start = 0;
	}
	*p = d->buf + d->end;
	return sizeof(d->buf) - d->end;
}

void amp_oacs_decoder_commit(struct amp_oacs_decoder *d, size_t n)
{
	size_t room;

	if (!d)
		return;
	room = sizeof(d->buf) - d->end;
	d->end += (uint32_t)(n < room ? n : room);
}

size_t amp_oacs_decoder_push(struct amp_oacs_decoder *d, const void *in, size_t len)
{
	uint8_t *p;
	size_t room, n;

	if (!in && len)
		return 0;
	room = amp_oacs_decoder_space(d, &p); /* NULL d: no room, and commit ignores it */
	n = len < room ? len : room;
	if (n)
		memcpy(p, in, n);
	amp_oacs_decoder_commit(d, n);
	return n;
}

/* Drop one byte. A run of dropped bytes that no refused candidate explains is one garbage error. */
static void decoder_skip(struct amp_oacs_decoder *d)
{
	d->start++;
	d->stats.skipped++;
	if (!d->in_resync) {
		d->in_resync = 1;
		d->stats.garbage++;
	}
}

/* A candidate frame failed: count why, then resynchronise one byte further on. */
static void decoder_refuse(struct amp_oacs_decoder *d, uint32_t *counter)
{
	(*counter)++;
	d->in_resync = 1;
	decoder_skip(d);
}

static void decoder_fill(struct amp_oacs_frame *f, const uint8_t *p)
{
	f->kind = (uint8_t)(p[3] & AMP_OACS_FLAGS_KIND_MASK);
	f->seq = amp_le_get16(p + 4);
	f->cmd = amp_le_get16(p + 6);
	f->len = amp_le_get16(p + 8);
	f->payload = NULL;
}

static int header_ok(const uint8_t *p)
{
	return p[2] == AMP_OACS_VERSION && (p[3] & ~AMP_OACS_FLAGS_KIND_MASK) == 0u &&
	       amp_le_get16(p + 10) == oacs_hdr_crc(p);
}

/* Every pass either returns or drops a byte: bounded by the buffer size. */
int amp_oacs_decoder_next(struct amp_oacs_decoder *d, struct amp_oacs_frame *f)
{
	uint32_t body;

	if (!d || !f)
		return AMP_EINVAL;
	decoder_drop_emitted(d);
	while (d->start < d->end) {
		const uint8_t *p = d->buf + d->start;
		uint32_t avail = d->end - d->start;

		if (p[0] != AMP_OACS_MAGIC0) {
			decoder_skip(d);
			continue;
		}
		if (avail < 2u)
			break;
		if (p[1] != AMP_OACS_MAGIC1) {
			decoder_skip(d);
			continue;
		}
		if (avail < AMP_OACS_HDR_SIZE)
			break;
		if (!header_ok(p)) {
			decoder_refuse(d, &d->stats.bad_hdr);
			continue;
		}
		decoder_fill(f, p);
		if (f->len > AMP_OACS_PAYLOAD_MAX) {
			decoder_refuse(d, &d->stats.bad_len);
			return AMP_OACS_DEC_BAD_FRAME;
		}
		body = AMP_OACS_HDR_SIZE + (uint32_t)f->len;
		if (avail < body + AMP_OACS_CRC_SIZE)
			break;
		if (amp_le_get32(p + body) != amp_crc32(0, p, body)) {
			decoder_refuse(d, &d->stats.bad_crc);
			return AMP_OACS_DEC_BAD_FRAME;
		}
		f->payload = p + AMP_OACS_HDR_SIZE;
		d->emitted = body + AMP_OACS_CRC_SIZE;
		d->in_resync = 0;
		d->stats.frames++;
		return AMP_OACS_DEC_FRAME;
	}
	return AMP_OACS_DEC_NEED_MORE;
}

void amp_oacs_decoder_drop_partial(struct amp_oacs_decoder *d)
{
	if (!d)
		return;
	decoder_drop_emitted(d);
	if (d->start < d->end)
		decoder_refuse(d, &d->stats.partial);
}

int amp_oacs_decoder_read(struct amp_oacs_decoder *d, const struct amp_oacs_io *io)
{
	uint8_t *room;
	size_t space;
	int rc;

	if (!d || !io || !io->read)
		return AMP_EINVAL;
	space = amp_oacs_decoder_space(d, &room);
	rc = io->read(io->ctx, room, space);
	if (rc > 0)
		amp_oacs_decoder_commit(d, (size_t)rc);
	return rc;
}

uint32_t amp_oacs_decoder_errors(const struct amp_oacs_decoder *d)
{
	if (!d)
		return 0;
	return d->stats.garbage + d->stats.bad_hdr + d->stats.bad_len + d->stats.bad_crc +
	       d->stats.partial;
}

uint32_t amp_oacs_decode(struct amp_oacs_decoder *d, const void *in, size_t len,
			 amp_oacs_frame_cb on_frame, void *ctx)
{
	const uint8_t *p = in;
	struct amp_oacs_frame f;
	uint32_t found = 0;

	/* next() would not return NEED_MORE for a NULL d: the loop below needs it */
	if (!d || (!in && len))
		return 0;
	for (;;) {
		size_t n;
		int r;

		while ((r = amp_oacs_decoder_next(d, &f)) != AMP_OACS_DEC_NEED_MORE) {
			if (r == AMP_OACS_DEC_FRAME) {
				found++;
				if (on_frame)
					on_frame(ctx, &f);
			}
		}
		if (!len)
			return found;
		/* NEED_MORE leaves room for at least one byte: this always progresses */
		n = amp_oacs_decoder_push(d, p, len);
		p += n;
		len -= n;
	}
}

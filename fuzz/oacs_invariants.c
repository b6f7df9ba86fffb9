/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OACS invariants on any input, for fuzz_oacs and test_oacs_codec (test
 * code: not part of the library). Invariants checked:
 * - the decoder finds the same frames and counts the same errors whether the
 *   bytes come in one piece or in pieces of any size;
 * - a server fed the bytes answers within bounded work and never writes a
 *   frame the decoder would refuse.
 */
#include <stdlib.h>
#include <string.h>

#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/oacs.h"
#include "oacs_invariants.h"

struct fuzz_digest {
	uint32_t frames;
	uint32_t crc;
};

static void fuzz_on_frame(void *ctx, const struct amp_oacs_frame *f)
{
	struct fuzz_digest *d = ctx;
	uint8_t hdr[7] = {f->kind,
			  (uint8_t)f->seq,
			  (uint8_t)(f->seq >> 8),
			  (uint8_t)f->cmd,
			  (uint8_t)(f->cmd >> 8),
			  (uint8_t)f->len,
			  (uint8_t)(f->len >> 8)};

	if (f->len > AMP_OACS_PAYLOAD_MAX || (f->len && !f->payload))
		abort();
	d->frames++;
	d->crc = amp_crc32(d->crc, hdr, sizeof(hdr));
	d->crc = amp_crc32(d->crc, f->payload, f->len);
}

static void fuzz_split_decode(const uint8_t *data, size_t len)
{
	struct amp_oacs_decoder whole, split;
	struct fuzz_digest a = {0, 0}, b = {0, 0};
	uint32_t r = amp_crc32(0, data, len) | 1u;
	size_t off = 0;

	amp_oacs_decoder_init(&whole);
	amp_oacs_decoder_init(&split);
	(void)amp_oacs_decode(&whole, data, len, fuzz_on_frame, &a);
	while (off < len) {
		size_t n;

		r ^= r << 13;
		r ^= r >> 17;
		r ^= r << 5;
		n = 1u + r % 97u;
		n = n < len - off ? n : len - off;
		(void)amp_oacs_decode(&split, data + off, n, fuzz_on_frame, &b);
		off += n;
	}
	if (a.frames != b.frames || a.crc != b.crc ||
	    memcmp(&whole.stats, &split.stats, sizeof(whole.stats)) != 0)
		abort();
}

struct fuzz_io {
	const uint8_t *in;
	size_t in_len, in_off;
	struct amp_oacs_decoder out; /* what the server wrote must decode cleanly */
	uint32_t out_frames;
};

static int fuzz_read(void *ctx, void *buf, size_t len)
{
	struct fuzz_io *io = ctx;
	size_t n = io->in_len - io->in_off;

	if (n > len)
		n = len;
	if (n > 31u) /* small reads: requests straddle them */
		n = 31u;
	if (n == 0u)
		return 0;
	memcpy(buf, io->in + io->in_off, n);
	io->in_off += n;
	return (int)n;
}

static void fuzz_count(void *ctx, const struct amp_oacs_frame *f)
{
	(void)f;
	((struct fuzz_io *)ctx)->out_frames++;
}

static int fuzz_write(void *ctx, const void *buf, size_t len)
{
	struct fuzz_io *io = ctx;

	(void)amp_oacs_decode(&io->out, buf, len, fuzz_count, io);
	return (int)len;
}

static int fuzz_echo(void *ctx, const struct amp_oacs_frame *req, uint8_t *resp, size_t max)
{
	(void)ctx;
	if (req->len > max)
		return AMP_EINVAL;
	memcpy(resp, req->payload, req->len);
	return req->payload[0] == 0xFFu ? AMP_EBUSY : (int)req->len;
}

static void fuzz_server(const uint8_t *data, size_t len)
{
	static const struct amp_oacs_command echo = {AMP_OACS_CMD_USER, 1, 4, fuzz_echo, NULL};
	struct amp_oacs_server srv;
	struct fuzz_io fio;
	struct amp_oacs_io io = {fuzz_read, fuzz_write, &fio};
	size_t rounds;

	memset(&fio, 0, sizeof(fio));
	fio.in = data;
	fio.in_len = len;
	amp_oacs_decoder_init(&fio.out);
	if (amp_oacs_server_init(&srv, &io, NULL, NULL) != AMP_OK ||
	    amp_oacs_server_register(&srv, &echo) != AMP_OK)
		abort();
	/* every poll reads at least one byte or answers something */
	for (rounds = 0; rounds <= len + 1u && fio.in_off < len; rounds++)
		if (amp_oacs_server_poll(&srv) < 0)
			abort();
	while (amp_oacs_server_poll(&srv) > 0 && rounds++ < 2u * len + 2u)
		;
	if (fio.in_off != len || amp_oacs_decoder_errors(&fio.out) != 0 ||
	    fio.out_frames != srv.stats.requests)
		abort();
}

int oacs_check_invariants(const uint8_t *data, size_t len)
{
	if (!data && len)
		return 0;
	fuzz_split_decode(data, len);
	fuzz_server(data, len);
	return 0;
}

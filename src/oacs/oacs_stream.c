/* SPDX-License-Identifier: BSD-3-Clause */
/* OACS on a stream: the io the server and the client read and write through. */
#include "amp/oacs.h"
#include "amp/stream.h"

static int oacs_stream_read(void *ctx, void *buf, size_t len)
{
	return amp_stream_read(ctx, buf, len);
}

static int oacs_stream_write(void *ctx, const void *buf, size_t len)
{
	return amp_stream_write(ctx, buf, len);
}

void amp_oacs_io_stream(struct amp_oacs_io *io, struct amp_stream *s)
{
	if (!io || !s)
		return;
	io->read = oacs_stream_read;
	io->write = oacs_stream_write;
	io->ctx = s;
}

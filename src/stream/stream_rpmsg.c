/* SPDX-License-Identifier: BSD-3-Clause */
/* A stream on a bare rpmsg endpoint (until sessions provide the transport). */
#include "amp/errors.h"
#include "amp/stream.h"

int amp_stream_rpmsg_send(void *ept, const void *msg, size_t len)
{
	int rc = amp_rpmsg_try_send(ept, msg, len);

	/* Not bound yet: the stream keeps its bytes and tries again later. */
	if (rc == AMP_ENOTREADY)
		return AMP_ENOBUFS;
	return rc < 0 ? rc : AMP_OK;
}

int amp_stream_rpmsg_ept_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)src;
	return amp_stream_on_message(priv, data, len);
}

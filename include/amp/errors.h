/* SPDX-License-Identifier: BSD-3-Clause */
/* Error codes: every amplink function that can fail returns 0 or a negative AMP_E* value. */
#ifndef AMP_ERRORS_H
#define AMP_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

enum amp_err {
	AMP_OK = 0,
	AMP_EINVAL = -1,    /* bad argument (NULL, out of range, wrong state for the call) */
	AMP_EMSGSIZE = -2,  /* message longer than the payload: refused, never truncated */
	AMP_ENOBUFS = -3,   /* no transmit buffer free right now: try again */
	AMP_ENOTREADY = -4, /* the channel (or session) is not up yet */
	AMP_ENOENT = -5,    /* no such endpoint / session / command */
	AMP_ENOSPC = -6,    /* a static table is full */
	AMP_EPROTO = -7,    /* the peer broke the protocol (bad index, address, length...) */
	AMP_ETIMEDOUT = -8, /* a bounded wait ran out */
	AMP_EBUSY = -9,	    /* resource in use */
	AMP_EEXIST = -10,   /* already exists (name or address taken) */
	AMP_ECLOSED = -11,  /* the session or stream closed */
	AMP_ENOTSUP = -12,  /* not supported by this build or peer */
	AMP_EIO = -13,	    /* port / OS level failure */
	AMP_EPERM = -14,    /* not allowed */
	AMP_ERANGE = -15,   /* value out of the accepted range */
};

/* A short constant name for an error code ("AMP_EMSGSIZE"), for logs and tools. */
const char *amp_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif

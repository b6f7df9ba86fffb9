/* SPDX-License-Identifier: BSD-3-Clause */
#include "amp/errors.h"

const char *amp_strerror(int err)
{
	switch (err) {
	case AMP_OK:
		return "AMP_OK";
	case AMP_EINVAL:
		return "AMP_EINVAL";
	case AMP_EMSGSIZE:
		return "AMP_EMSGSIZE";
	case AMP_ENOBUFS:
		return "AMP_ENOBUFS";
	case AMP_ENOTREADY:
		return "AMP_ENOTREADY";
	case AMP_ENOENT:
		return "AMP_ENOENT";
	case AMP_ENOSPC:
		return "AMP_ENOSPC";
	case AMP_EPROTO:
		return "AMP_EPROTO";
	case AMP_ETIMEDOUT:
		return "AMP_ETIMEDOUT";
	case AMP_EBUSY:
		return "AMP_EBUSY";
	case AMP_EEXIST:
		return "AMP_EEXIST";
	case AMP_ECLOSED:
		return "AMP_ECLOSED";
	case AMP_ENOTSUP:
		return "AMP_ENOTSUP";
	case AMP_EIO:
		return "AMP_EIO";
	case AMP_EPERM:
		return "AMP_EPERM";
	case AMP_ERANGE:
		return "AMP_ERANGE";
	default:
		return "AMP_E?";
	}
}

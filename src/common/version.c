/* SPDX-License-Identifier: BSD-3-Clause */
#include "amp/amp.h"

#define AMP_STR_(x) #x
#define AMP_STR(x)  AMP_STR_(x)

const char *amp_version(void)
{
	return AMP_STR(AMP_VERSION_MAJOR) "." AMP_STR(AMP_VERSION_MINOR) "." AMP_STR(
	    AMP_VERSION_PATCH);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The top of the stack: what an application calls. */
#include "amp/amp.h"

int amp_init(struct amp *amp, enum amp_role role, const struct amp_port *port)
{
	if (!amp)
		return AMP_EINVAL;
	return amp_link_init(&amp->link, port, role);
}

int amp_poll(struct amp *amp)
{
	if (!amp)
		return AMP_EINVAL;
	return amp_link_poll(&amp->link);
}

int amp_is_ready(const struct amp *amp)
{
	return amp && amp_link_is_ready(&amp->link);
}

struct amp_ept *amp_default_ept(struct amp *amp)
{
	return amp && amp_link_is_ready(&amp->link) ? amp->link.default_ept : NULL;
}

struct amp_rpmsg *amp_rpmsg(struct amp *amp)
{
	return amp ? &amp->link.rpmsg : NULL;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The top of the stack: what an application calls. */
#include "amp/amp.h"

int amp_init_config(struct amp *amp, const struct amp_port *port, const struct amp_config *cfg)
{
	int err;

	if (!amp)
		return AMP_EINVAL;
	err = amp_link_init_config(&amp->link, port, cfg);
	if (err)
		return err;
	return amp_sessions_init(&amp->sess, &amp->link);
}

int amp_init(struct amp *amp, enum amp_role role, const struct amp_port *port)
{
	struct amp_config cfg = {role, AMP_PEER_AMPLINK, 0u};

	return amp_init_config(amp, port, &cfg);
}

enum amp_mode amp_mode(const struct amp *amp)
{
	if (!amp || !amp_link_is_ready(&amp->link))
		return AMP_MODE_DOWN;
	return amp_sessions_default_up(&amp->sess) ? AMP_MODE_SESSIONS : AMP_MODE_PLAIN;
}

int amp_poll(struct amp *amp)
{
	if (!amp)
		return AMP_EINVAL;
	return amp_sessions_poll(&amp->sess);
}

int amp_is_ready(const struct amp *amp)
{
	return amp && amp_link_is_ready(&amp->link) && amp_sessions_default_up(&amp->sess);
}

struct amp_sessions *amp_sessions(struct amp *amp)
{
	return amp ? &amp->sess : NULL;
}

struct amp_rpmsg *amp_rpmsg(struct amp *amp)
{
	return amp ? &amp->link.rpmsg : NULL;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The doorbell decision. Sends and receives only mark a ring as queued on
 * (kick_tx, kick_rx); the peer is rung once per batch, and only if its ring
 * flags (or event index) ask for it.
 */
#include "amp/trace.h"
#include "rpmsg_internal.h"

static int peer_wants_kick(const struct amp_rpmsg *r, const struct amp_vring *vr)
{
	return AMP_IS_MASTER(r->role) ? vring_drv_peer_wants_kick(vr)
				      : vring_dev_peer_wants_kick(vr);
}

/* Something was queued: ring the peer if it asked for doorbells on that ring. */
void amp_rpmsg_kick_queued(struct amp_rpmsg *r)
{
	int ring = (r->kick_tx && peer_wants_kick(r, &r->tx)) ||
		   (r->kick_rx && peer_wants_kick(r, &r->rx));

	r->kick_tx = 0;
	r->kick_rx = 0;
	if (!ring)
		return;
	r->stats.kicks++;
	r->port->ops->notify(r->port->ctx);
	if (AMP_CFG_TRACE && r->kick_traced) {
		AMP_TRACE(r->port, r->role, "ipm_notify");
		r->kick_traced = 0;
	}
}

void amp_rpmsg_kick(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	rpmsg_kick_if_queued(r);
}

void amp_rpmsg_doorbell_rang(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	r->notified = 1;
}

void amp_rpmsg_doorbell_done(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	r->notified = 0;
}

void amp_rpmsg_trace_notified(struct amp_rpmsg *r)
{
	if (!r->notified)
		return;
	r->notified = 0;
	AMP_TRACE(r->port, r->role, "ipm_notified");
}

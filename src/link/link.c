/* SPDX-License-Identifier: BSD-3-Clause */
/* The link layer's common part: init, the poll entry, the default endpoint. */
#include <string.h>

#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/trace.h"
#include "link_internal.h"

static int config_ok(const struct amp_port *port, const struct amp_config *cfg)
{
	uint32_t rsc_size = port->rsc_size ? port->rsc_size : sizeof(struct amp_rsc_table);

	if ((cfg->role != AMP_ROLE_MASTER && cfg->role != AMP_ROLE_SLAVE) ||
	    (cfg->peer != AMP_PEER_AMPLINK && cfg->peer != AMP_PEER_PLAIN))
		return 0;
	if (cfg->buf_size && (cfg->buf_size < AMP_RPMSG_HDR_SIZE + 4u ||
			      cfg->buf_size > AMP_CFG_BUF_SIZE || (cfg->buf_size & 3u)))
		return 0;
	/* Only a plain peer's table may live outside the region (the slave's own image). */
	if (port->rsc && (cfg->peer != AMP_PEER_PLAIN || ((uintptr_t)port->rsc & 3u)))
		return 0;
	/* Its size only matters with a plain peer (the mirror's is fixed). */
	return !AMP_CFG_PLAIN_PEER || (rsc_size >= sizeof(struct amp_rsc_hdr) &&
				       (port->rsc || rsc_size <= port->shm_size));
}

int amp_link_init_config(struct amp_link *l, const struct amp_port *port,
			 const struct amp_config *cfg)
{
	if (!l || !port || !cfg || !port->ops || !port->ops->notify || !port->ops->ipm_take ||
	    !port->ops->now_ms || !port->shm || !config_ok(port, cfg))
		return AMP_EINVAL;
#ifdef AMP_CFG_ROLE_ONLY
	if (cfg->role != AMP_CFG_ROLE_ONLY)
		return AMP_ENOTSUP; /* this build carries the other role only */
#endif
	if (!AMP_CFG_PLAIN_PEER && cfg->peer == AMP_PEER_PLAIN)
		return AMP_ENOTSUP;
	if (!AMP_CFG_CACHE_MAINT && amp_port_has_cache_ops(port->ops))
		return AMP_ENOTSUP; /* the hooks would be skipped */
	if (port->shm_size < AMP_SHM_LAYOUT_END || ((uintptr_t)port->shm & 63u))
		return AMP_ERANGE;
	memset(l, 0, sizeof(*l));
	l->port = port;
	l->role = cfg->role;
	l->peer = (uint8_t)cfg->peer;
	l->buf_size = cfg->buf_size ? cfg->buf_size : AMP_CFG_BUF_SIZE;
	l->blk = (volatile struct amp_link_block *)(volatile void *)(port->shm + AMP_SHM_LINK_OFF);
	l->rsc =
	    (volatile struct amp_rsc_table *)(AMP_CFG_PLAIN_PEER && port->rsc
						  ? port->rsc
						  : (volatile void *)(port->shm + AMP_SHM_RSC_OFF));
	l->rsc_size =
	    AMP_CFG_PLAIN_PEER && port->rsc_size ? port->rsc_size : sizeof(struct amp_rsc_table);
	amp_rpmsg_init(&l->rpmsg, port, cfg->role);
	l->rpmsg.strict = cfg->peer == AMP_PEER_AMPLINK;
	return AMP_OK;
}

int amp_link_init(struct amp_link *l, const struct amp_port *port, enum amp_role role)
{
	struct amp_config cfg = {role, AMP_PEER_AMPLINK, 0u};

	return amp_link_init_config(l, port, &cfg);
}

void amp_link_set_default_cb(struct amp_link *l, amp_ept_cb cb, void *priv)
{
	if (!l || !l->port)
		return;
	l->default_cb = cb;
	l->default_priv = priv;
}

void amp_link_set_event_cb(struct amp_link *l, amp_link_event_cb cb, void *priv)
{
	if (!l || !l->port)
		return;
	l->event_cb = cb;
	l->event_priv = priv;
}

int amp_link_is_ready(const struct amp_link *l)
{
	if (!l)
		return 0;
	return AMP_IS_MASTER(l->role) ? l->state == AMP_LM_READY : l->state == AMP_LS_READY;
}

void amp_link_notify_peer(struct amp_link *l)
{
	l->port->ops->notify(l->port->ctx);
}

static int default_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct amp_link *l = (struct amp_link *)priv;

	if (l->default_cb)
		return l->default_cb(ept, data, len, src, l->default_priv);
	return 0;
}

static void default_unbind(struct amp_ept *ept)
{
	struct amp_link *l = (struct amp_link *)ept->priv;

	/*
	 * Freed with every endpoint (detach, rings down): forget it. The peer only
	 * destroyed its side (name-service DESTROY): keep it, unbound, so that the
	 * peer's next announcement binds it again instead of a second "default"
	 * being created beside an orphan. With a plain peer the endpoints stay
	 * when the rings go (amp_rpmsg_suspend): keep it then too.
	 */
	if (!ept->rdev->up && l->peer == AMP_PEER_AMPLINK)
		l->default_ept = NULL;
}

int amp_link_create_default_ept(struct amp_link *l)
{
	struct amp_ept *ept;
	int err;

	err = amp_rpmsg_ept_create(&l->rpmsg, &ept, AMP_LINK_DEFAULT_EPT, AMP_RPMSG_ADDR_ANY,
				   AMP_RPMSG_ADDR_ANY, default_rx, l);
	if (err)
		return err;
	ept->unbind = default_unbind;
	ept->pinned = 1;
	l->default_ept = ept;
	return AMP_OK;
}

int amp_link_process_or_down(struct amp_link *l)
{
	int n = amp_rpmsg_process(&l->rpmsg);

	if (n >= 0)
		return n > 0;
	amp_link_down(l, AMP_LINK_DOWN_PROTOCOL);
	return -1;
}

int amp_link_setup_ipm(struct amp_link *l, uint8_t next)
{
	(void)l->port->ops->ipm_take(l->port->ctx);
	AMP_TRACE(l->port, l->role, "setup_ipm");
	l->state = next;
	return 1;
}

int amp_link_slave_setup_step(struct amp_link *l)
{
	switch ((enum amp_link_sstate)l->state) {
	case AMP_LS_BOOT:
		AMP_TRACE(l->port, l->role, "setup_virtio_region");
		l->state = AMP_LS_SETUP_IPM;
		return 1;
	case AMP_LS_SETUP_IPM:
		return amp_link_setup_ipm(l, AMP_LS_SETUP_VRINGS);
	case AMP_LS_SETUP_VRINGS:
		AMP_TRACE(l->port, l->role, "setup_vrings");
		l->state = AMP_LS_INIT_POOL;
		return 1;
	case AMP_LS_INIT_POOL:
		AMP_TRACE(l->port, l->role, "rpmsg_virtio_init_shm_pool");
		AMP_TRACE(l->port, l->role, "rpmsg_init_vdev");
		l->t0 = l->port->ops->now_ms(l->port->ctx);
		l->state = AMP_LS_INIT_VDEV;
		return 1;
	default:
		return 0;
	}
}

void amp_link_up(struct amp_link *l)
{
	if (l->event_cb)
		l->event_cb(l, 1, 0, l->event_priv);
}

void amp_link_down(struct amp_link *l, int reason)
{
	int was_up = amp_link_is_ready(l);

	AMP_TRACE(l->port, l->role, "free_zombies");
	if (AMP_CFG_PLAIN_PEER && l->peer == AMP_PEER_PLAIN) {
		/* Nothing else recreates the endpoints of a plain peer's application: keep them. */
		amp_rpmsg_suspend(&l->rpmsg);
	} else {
		amp_rpmsg_detach(&l->rpmsg);
		l->default_ept = NULL;
	}
	if (reason == AMP_LINK_DOWN_PEER_RESET)
		l->stats.peer_resets++;
	if (was_up && l->event_cb)
		l->event_cb(l, 0, reason, l->event_priv);
}

/* The state machine of this link's role and peer. */
static int role_poll(struct amp_link *l)
{
	if (AMP_CFG_PLAIN_PEER && l->peer == AMP_PEER_PLAIN)
		return AMP_IS_MASTER(l->role) ? amp_link_plain_master_poll(l)
					      : amp_link_plain_slave_poll(l);
	return AMP_IS_MASTER(l->role) ? amp_link_master_poll(l) : amp_link_slave_poll(l);
}

/* READY, the peer checked (amp_link_steady): the poll's messages, as the role's READY step. */
static int steady_poll(struct amp_link *l)
{
	int n = amp_rpmsg_process(&l->rpmsg);

	if (n >= 0)
		return n > 0;
	return AMP_IS_MASTER(l->role) ? amp_link_master_ring_error(l)
				      : amp_link_slave_ring_error(l);
}

int amp_link_poll(struct amp_link *l)
{
	int work = 0, rang = 0;

	if (!l || !l->port)
		return AMP_EINVAL;
	/* Before s.setup_ipm / m.setup_ipm a doorbell is stale: that step discards it. */
	if (l->state > (AMP_IS_MASTER(l->role) ? AMP_LM_SETUP_IPM : AMP_LS_SETUP_IPM) &&
	    l->port->ops->ipm_take(l->port->ctx)) {
		/* Only the trace attributes doorbells to messages. */
		if (AMP_CFG_TRACE)
			amp_rpmsg_doorbell_rang(&l->rpmsg);
		work = rang = 1;
	}
	work += amp_link_steady(l) ? steady_poll(l) : role_poll(l);
	if (AMP_CFG_TRACE && rang)
		amp_rpmsg_doorbell_done(&l->rpmsg);
	return work;
}

uint32_t amp_link_epoch(const struct amp_link *l)
{
	return l ? l->epoch : 0;
}

void amp_link_restart(struct amp_link *l)
{
	if (!l || !l->port)
		return;
	amp_link_down(l, AMP_LINK_DOWN_PEER_LOST);
	/* Forget the epoch: a slave must ask for fresh rings even if the master resumes in it. */
	if (l->peer == AMP_PEER_AMPLINK)
		l->epoch = AMP_LINK_ACK_NONE;
	l->halted = 0;
	l->state = AMP_IS_MASTER(l->role) ? (uint8_t)AMP_LM_BOOT : (uint8_t)AMP_LS_BOOT;
}

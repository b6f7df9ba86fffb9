/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg buffers over the two vrings. The master is the virtio driver of both
 * rings: it pre-posts empty buffers on vring0 for the slave to fill and sends
 * its own messages on vring1. The slave, as the device, fills the buffers the
 * master posted on vring0 and consumes vring1. This is the Linux
 * virtio_rpmsg_bus arrangement (first half of the pool receives, second half
 * sends).
 *
 * Notifications are suppressed where no one waits: each side asks for a
 * doorbell on "buffers returned" only while it is out of transmit buffers.
 *
 * This file sets the rings up and takes them down; rpmsg_tx.c sends (by
 * copy, or in a buffer lent to the application), rpmsg_rx.c receives (and
 * lets a callback keep a buffer), rpmsg_kick.c decides when to ring the peer.
 */
#include <string.h>

#include "amp/errors.h"
#include "rpmsg_internal.h"

/* New rings, or none: no buffer is lent out (zero copy; the lean slave lends none). */
static void rpmsg_forget_held(struct amp_rpmsg *r)
{
	if (rpmsg_lean_slave(r))
		return;
	memset(&r->tx_held, 0, sizeof(r->tx_held));
	memset(&r->rx_held, 0, sizeof(r->rx_held));
}

/* The hooks the rings need: the doorbell, and the clock of the bounded sends. */
static int port_usable(const struct amp_port *p)
{
	return p->ops && p->ops->notify && p->ops->now_ms;
}

void amp_rpmsg_init(struct amp_rpmsg *r, const struct amp_port *port, enum amp_role role)
{
	if (!r)
		return;
	memset(r, 0, sizeof(*r));
	r->port = port;
	r->role = role;
	r->buf_size = RPMSG_BUF_SIZE;
}

int amp_rpmsg_master_set_buf_size(struct amp_rpmsg *r, uint32_t size)
{
	if (!rpmsg_inited(r) || !AMP_IS_MASTER(r->role) || r->up ||
	    size < AMP_RPMSG_HDR_SIZE + 4u || size > RPMSG_BUF_SIZE || (size & 3u))
		return AMP_EINVAL;
	r->buf_size = size;
	return AMP_OK;
}

uint32_t amp_rpmsg_payload_max(const struct amp_rpmsg *r)
{
	return rpmsg_inited(r) ? r->buf_size - AMP_RPMSG_HDR_SIZE : 0u;
}

void amp_rpmsg_set_ns_bind_cb(struct amp_rpmsg *r, amp_ns_bind_cb cb, void *priv)
{
	if (!rpmsg_inited(r))
		return;
	r->ns_bind = cb;
	r->ns_priv = priv;
}

int amp_rpmsg_master_setup_vrings(struct amp_rpmsg *r, uint32_t vring0_off, uint32_t vring1_off,
				  uint16_t num, uint32_t align)
{
	int err;

	if (!rpmsg_inited(r) || !AMP_IS_MASTER(r->role) || !port_usable(r->port))
		return AMP_EINVAL;
	err = amp_vring_attach(&r->rx, r->port, vring0_off, num, align);
	if (!err)
		err = amp_vring_attach(&r->tx, r->port, vring1_off, num, align);
	if (err)
		return err;
	amp_vring_drv_reset(&r->rx);
	amp_vring_drv_reset(&r->tx);
	r->broken = 0;
	return AMP_OK;
}

int amp_rpmsg_master_init_pool(struct amp_rpmsg *r, uint32_t pool_off)
{
	uint16_t num, i;

	/* The rings come first (amp_rpmsg_master_setup_vrings). */
	if (!rpmsg_inited(r) || !AMP_IS_MASTER(r->role) || !r->rx.num || r->tx.num != r->rx.num)
		return AMP_EINVAL;
	/* The slave refuses a buffer that is not 4-byte aligned (docs/security.md). */
	if (pool_off & 3u)
		return AMP_EINVAL;
	/* With caches, maintenance on one buffer must not touch its neighbour's bytes. */
	if (r->rx.cache_ops && ((pool_off | r->buf_size) & (AMP_CFG_CACHE_LINE - 1u)))
		return AMP_EINVAL;
	num = r->rx.num;
	if (pool_off > r->port->shm_size || 2u * num * r->buf_size > r->port->shm_size - pool_off)
		return AMP_ERANGE;
	r->pool_off = pool_off;
	for (i = 0; i < num; i++) {
		uint32_t rx_off = pool_off + i * r->buf_size;

		vring_drv_set_desc(&r->rx, i, (uint64_t)r->port->shm_pa + rx_off, r->buf_size,
				   AMP_VRING_DESC_F_WRITE);
		vring_drv_post(&r->rx, i);
		r->free_tx[i] = (uint16_t)(num - 1u - i);
	}
	r->free_tx_count = num;
	vring_drv_publish(&r->rx);
	/* Returned transmit buffers are collected when we send: no doorbell needed for them. */
	amp_vring_drv_want_interrupts(&r->tx, 0);
	r->tx_notify = 0;
	if (r->rx_quiet)
		amp_vring_drv_want_interrupts(&r->rx, 0);
	rpmsg_forget_held(r);
	r->up = 1;
	return AMP_OK;
}

void amp_rpmsg_slave_set_pool(struct amp_rpmsg *r, uint32_t pool_off, uint32_t pool_len)
{
	if (!rpmsg_inited(r) || AMP_IS_MASTER(r->role))
		return;
	r->peer_pool_off = pool_off;
	r->peer_pool_len = pool_len;
}

int amp_rpmsg_slave_attach(struct amp_rpmsg *r, uint32_t vring0_da, uint32_t vring1_da,
			   uint16_t num, uint32_t align)
{
	int err;

	if (!rpmsg_inited(r) || AMP_IS_MASTER(r->role) || !port_usable(r->port))
		return AMP_EINVAL;
	if (vring0_da < r->port->shm_pa || vring1_da < r->port->shm_pa)
		return AMP_ERANGE;
	err = amp_vring_attach(&r->tx, r->port, vring0_da - r->port->shm_pa, num, align);
	if (!err)
		err = amp_vring_attach(&r->rx, r->port, vring1_da - r->port->shm_pa, num, align);
	if (err)
		return err;
	amp_vring_dev_reset(&r->tx);
	amp_vring_dev_reset(&r->rx);
	r->broken = 0;
	if (r->peer_pool_len) {
		amp_vring_dev_set_window(&r->tx, r->peer_pool_off, r->peer_pool_len);
		amp_vring_dev_set_window(&r->rx, r->peer_pool_off, r->peer_pool_len);
	}
	amp_vring_dev_want_notifies(&r->tx, 0);
	r->tx_notify = 0;
	if (r->rx_quiet)
		amp_vring_dev_want_notifies(&r->rx, 0);
	r->buf_size = RPMSG_BUF_SIZE;
	r->tx_spare.count = 0; /* entries count only below it */
	rpmsg_forget_held(r);
	r->up = 1;
	return AMP_OK;
}

int amp_rpmsg_slave_resume(struct amp_rpmsg *r)
{
	int err;

	if (!rpmsg_inited(r) || AMP_IS_MASTER(r->role) || !r->up)
		return AMP_EINVAL;
	err = amp_vring_dev_resume(&r->tx);
	if (!err)
		err = amp_vring_dev_resume(&r->rx);
	if (err)
		r->up = 0;
	return err;
}

/* The rings are gone: nothing held or queued on them is ours any more. */
static void rings_down(struct amp_rpmsg *r)
{
	r->up = 0;
	r->kick_tx = 0;
	r->kick_rx = 0;
	r->free_tx_count = 0;
	r->tx_spare.count = 0; /* entries count only below it */
	rpmsg_forget_held(r);
}

void amp_rpmsg_detach(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	rings_down(r);
	amp_rpmsg_ept_free_all(r);
}

void amp_rpmsg_suspend(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	rings_down(r);
	amp_rpmsg_ept_unbind_all(r);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split vring, both roles. Everything read from the ring was written by the
 * other core and is checked before use: indices may not run more than num
 * ahead, descriptor ids must be in range (and, for the driver, outstanding),
 * buffers must lie inside the shared region. A bad value is counted and the
 * entry dropped; it is never dereferenced. The operations of the message
 * path live in vring_ops.h; the public functions here wrap them.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/shm.h"
#include "amp/virtio.h"
#include "vring_ops.h"

int amp_vring_attach(struct amp_vring *vr, const struct amp_port *port, uint32_t offset,
		     uint16_t num, uint32_t align)
{
	uint32_t size;

	if (!vr || !port || !port->shm || num < 2 || num > AMP_CFG_VRING_NUM ||
	    (num & (num - 1u)) || align < 4 || (align & (align - 1u)) || (offset & 15u))
		return AMP_EINVAL;
	size = AMP_VRING_SIZE((uint32_t)num, align);
	if (offset > port->shm_size || size > port->shm_size - offset ||
	    ((port->shm_pa + offset) & (align - 1u)))
		return AMP_ERANGE;
	if (amp_port_has_cache_ops(port->ops) && !AMP_CFG_CACHE_MAINT)
		return AMP_ENOTSUP; /* built without cache maintenance (AMP_CFG_CACHE_MAINT) */
	if (amp_port_has_cache_ops(port->ops) && align < AMP_CFG_CACHE_LINE)
		return AMP_EINVAL; /* the avail and used rings would share a line */
	memset(vr, 0, sizeof(*vr));
	vr->port = port;
	vr->cache_ops = (uint8_t)(AMP_CFG_CACHE_MAINT && amp_port_has_cache_ops(port->ops));
	if (vr->cache_ops) {
		vr->clean = port->ops->cache_clean;
		vr->invalidate = port->ops->cache_invalidate;
	}
	vr->num = num;
	vr->size = size;
	vr->win_off = 0;
	vr->win_len = port->shm_size;
	/* Aligned: the region is (amp_link_init checks it) and offset is a multiple of 16. */
	vr->desc = (volatile struct amp_vring_desc *)(volatile void *)(port->shm + offset);
	vr->avail = (volatile struct amp_vring_avail *)(volatile void *)(port->shm + offset +
									 AMP_VRING_AVAIL_OFF(num));
	vr->used = (volatile struct amp_vring_used *)(volatile void *)(port->shm + offset +
								       AMP_VRING_USED_OFF(
									   (uint32_t)num, align));
	return AMP_OK;
}

/* Attached: a NULL or zeroed (never attached) ring has num 0 and no pointers. */
static int vring_attached(const struct amp_vring *vr)
{
	return vr && vr->num;
}

static volatile uint16_t *avail_event_slot(const struct amp_vring *vr)
{
	return (volatile uint16_t *)&vr->used->ring[vr->num];
}

static volatile uint16_t *used_event_slot(const struct amp_vring *vr)
{
	return &vr->avail->ring[vr->num];
}

/* ---- driver (master) ---------------------------------------------------- */

void amp_vring_drv_reset(struct amp_vring *vr)
{
	uint16_t i;

	if (!vring_attached(vr))
		return;
	for (i = 0; i < vr->num; i++) {
		vring_drv_set_desc(vr, i, 0, 0, 0);
		amp_wr16(&vr->avail->ring[i], 0);
		amp_wr32(&vr->used->ring[i].id, 0);
		amp_wr32(&vr->used->ring[i].len, 0);
	}
	amp_wr16(&vr->avail->flags, 0);
	amp_wr16(&vr->avail->idx, 0);
	amp_wr16(used_event_slot(vr), 0);
	amp_wr16(&vr->used->flags, 0);
	amp_wr16(&vr->used->idx, 0);
	amp_wr16(avail_event_slot(vr), 0);
	vring_clean(vr, vr->desc, vr->size);
	vr->last_seen = 0;
	vr->shadow_idx = 0;
	vr->in_flight = 0;
	vr->buf_len = 0;
	memset(vr->posted, 0, sizeof(vr->posted));
}

void amp_vring_drv_set_desc(struct amp_vring *vr, uint16_t id, uint64_t addr, uint32_t len,
			    uint16_t flags)
{
	if (!vring_attached(vr) || id >= vr->num)
		return;
	vring_drv_set_desc(vr, id, addr, len, flags);
}

/* Queue a descriptor in the avail ring; the peer sees it after amp_vring_drv_publish(). */
int amp_vring_drv_post(struct amp_vring *vr, uint16_t id)
{
	if (!vring_attached(vr))
		return AMP_EINVAL;
	return vring_drv_post(vr, id);
}

void amp_vring_drv_publish(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return;
	vring_drv_publish(vr);
}

int amp_vring_drv_pending(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return 0;
	vring_invalidate(vr, &vr->used->idx, 2u);
	return amp_rd16(&vr->used->idx) != vr->last_seen;
}

/* vring_drv_take_used() in vring_ops.h says what it returns. */
int amp_vring_drv_take_used(struct amp_vring *vr, uint16_t *id, uint32_t *len)
{
	if (!vring_attached(vr) || !id || !len)
		return AMP_EINVAL;
	return vring_drv_take_used(vr, id, len);
}

int amp_vring_drv_peer_wants_kick(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return 0;
	return vring_drv_peer_wants_kick(vr);
}

void amp_vring_drv_want_interrupts(struct amp_vring *vr, int on)
{
	if (!vring_attached(vr))
		return;
	amp_wr16(&vr->avail->flags, (uint16_t)(on ? 0u : AMP_VRING_AVAIL_F_NO_INTERRUPT));
	vring_clean(vr, &vr->avail->flags, 2u);
	amp_mb();
}

/* ---- device (slave) ----------------------------------------------------- */

void amp_vring_dev_reset(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return;
	vr->last_seen = 0;
	vr->shadow_idx = 0;
	vr->in_flight = 0;
	memset(vr->posted, 0, sizeof(vr->posted));
}

int amp_vring_dev_resume(struct amp_vring *vr)
{
	uint16_t used, avail;

	if (!vring_attached(vr))
		return AMP_EINVAL;
	vring_invalidate(vr, &vr->used->idx, 2u);
	vring_invalidate(vr, &vr->avail->idx, 2u);
	used = amp_rd16(&vr->used->idx);
	avail = amp_rd16(&vr->avail->idx);
	if ((uint16_t)(avail - used) > vr->num) {
		vr->stats.bad_idx++;
		vr->broken = 1;
		return AMP_EPROTO;
	}
	/* What an earlier life took and never gave back is taken again: no buffer is lost. */
	vr->last_seen = used;
	vr->shadow_idx = used;
	vr->in_flight = 0;
	memset(vr->posted, 0, sizeof(vr->posted)); /* we hold nothing yet */
	return AMP_OK;
}

void amp_vring_dev_set_window(struct amp_vring *vr, uint32_t off, uint32_t len)
{
	if (!vring_attached(vr) || off >= vr->port->shm_size)
		return;
	vr->win_off = off;
	vr->win_len = len < vr->port->shm_size - off ? len : vr->port->shm_size - off;
}

int amp_vring_dev_used_intact(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return 0;
	vring_invalidate(vr, &vr->used->idx, 2u);
	return amp_rd16(&vr->used->idx) == vr->shadow_idx;
}

int amp_vring_dev_pending(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return 0;
	vring_invalidate(vr, &vr->avail->idx, 2u);
	return amp_rd16(&vr->avail->idx) != vr->last_seen;
}

#if AMP_CFG_LEAN
/* The lean profile's one copy of each for the rpmsg halves (vring_dev_take_next()). */
int amp_vring_dev_take_next_once(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
				 uint32_t *len)
{
	return vring_dev_take_next_avail(vr, id, buf, len);
}

void amp_vring_dev_put_used_once(struct amp_vring *vr, uint16_t id, uint32_t len)
{
	vring_dev_put_used(vr, id, len);
}
#endif

/* vring_dev_take_avail() in vring_ops.h says what it returns. */
int amp_vring_dev_take_avail(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
			     uint32_t *len)
{
	if (!vring_attached(vr) || !id || !buf || !len)
		return AMP_EINVAL;
	return vring_dev_take_avail(vr, id, buf, len);
}

/* Queue a used entry; the driver sees it after amp_vring_dev_publish(). */
void amp_vring_dev_put_used(struct amp_vring *vr, uint16_t id, uint32_t len)
{
	if (!vring_attached(vr) || id >= vr->num)
		return;
	vring_dev_put_used(vr, id, len);
}

void amp_vring_dev_publish(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return;
	vring_dev_publish(vr);
}

int amp_vring_dev_peer_wants_kick(struct amp_vring *vr)
{
	if (!vring_attached(vr))
		return 0;
	return vring_dev_peer_wants_kick(vr);
}

void amp_vring_dev_want_notifies(struct amp_vring *vr, int on)
{
	if (!vring_attached(vr))
		return;
	amp_wr16(&vr->used->flags, (uint16_t)(on ? 0u : AMP_VRING_USED_F_NO_NOTIFY));
	vring_clean(vr, &vr->used->flags, 2u);
	amp_mb();
}

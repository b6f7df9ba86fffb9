/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split vring, both roles. Everything read from the ring was written by the
 * other core and is checked before use: indices may not run more than num
 * ahead, descriptor ids must be in range (and, for the driver, outstanding),
 * buffers must lie inside the shared region. A bad value is counted and the
 * entry dropped; it is never dereferenced.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/shm.h"
#include "amp/virtio.h"

static void vring_clean(const struct amp_vring *vr, const volatile void *p, size_t n)
{
	if (vr->port->ops->cache_clean)
		vr->port->ops->cache_clean(vr->port->ctx, p, n);
}

static void vring_invalidate(const struct amp_vring *vr, const volatile void *p, size_t n)
{
	if (vr->port->ops->cache_invalidate)
		vr->port->ops->cache_invalidate(vr->port->ctx, p, n);
}

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
	memset(vr, 0, sizeof(*vr));
	vr->port = port;
	vr->num = num;
	vr->size = size;
	/* Aligned: the region is (amp_link_init checks it) and offset is a multiple of 16. */
	vr->desc = (volatile struct amp_vring_desc *)(volatile void *)(port->shm + offset);
	vr->avail = (volatile struct amp_vring_avail *)(volatile void *)(port->shm + offset +
									 AMP_VRING_AVAIL_OFF(num));
	vr->used = (volatile struct amp_vring_used *)(volatile void *)(port->shm + offset +
									AMP_VRING_USED_OFF((uint32_t)num, align));
	return AMP_OK;
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

	for (i = 0; i < vr->num; i++) {
		amp_vring_drv_set_desc(vr, i, 0, 0, 0);
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
	volatile struct amp_vring_desc *d = &vr->desc[id & (vr->num - 1u)];

	amp_wr64(&d->addr, addr);
	amp_wr32(&d->len, len);
	amp_wr16(&d->flags, flags);
	amp_wr16(&d->next, 0);
	vring_clean(vr, d, sizeof(*d));
	if (len > vr->buf_len)
		vr->buf_len = len;
}

static int posted_test(const struct amp_vring *vr, uint16_t id)
{
	return (vr->posted[id >> 5] >> (id & 31u)) & 1u;
}

static void posted_set(struct amp_vring *vr, uint16_t id, int on)
{
	uint32_t bit = 1u << (id & 31u);

	if (on)
		vr->posted[id >> 5] |= bit;
	else
		vr->posted[id >> 5] &= ~bit;
}

/* Queue a descriptor in the avail ring; the peer sees it after amp_vring_drv_publish(). */
int amp_vring_drv_post(struct amp_vring *vr, uint16_t id)
{
	uint16_t slot = (uint16_t)(vr->shadow_idx & (vr->num - 1u));

	if (id >= vr->num || posted_test(vr, id))
		return AMP_EINVAL;
	amp_wr16(&vr->avail->ring[slot], id);
	vring_clean(vr, &vr->avail->ring[slot], 2u);
	posted_set(vr, id, 1);
	vr->shadow_idx++;
	vr->in_flight++;
	return AMP_OK;
}

void amp_vring_drv_publish(struct amp_vring *vr)
{
	/* The ring entries (and the buffers they name) must land before the index. */
	amp_wmb();
	amp_wr16(&vr->avail->idx, vr->shadow_idx);
	vring_clean(vr, &vr->avail->idx, 2u);
}

int amp_vring_drv_pending(struct amp_vring *vr)
{
	vring_invalidate(vr, &vr->used->idx, 2u);
	return amp_rd16(&vr->used->idx) != vr->last_seen;
}

/*
 * Take the next used buffer: AMP_VRING_GOT with *id and *len set, 0 if none,
 * AMP_EPROTO if the index is out of range, or AMP_VRING_DROPPED for a bad
 * entry: then *id is AMP_VRING_NO_ID if the id itself was bad, or a valid id
 * whose length was bad (the caller recycles that buffer without reading it).
 */
int amp_vring_drv_take_used(struct amp_vring *vr, uint16_t *id, uint32_t *len)
{
	volatile struct amp_vring_used_elem *e;
	uint16_t used_idx, ahead;
	uint32_t raw_id, raw_len;

	vring_invalidate(vr, &vr->used->idx, 2u);
	used_idx = amp_rd16(&vr->used->idx);
	ahead = (uint16_t)(used_idx - vr->last_seen);
	if (ahead == 0)
		return 0;
	if (ahead > vr->in_flight) {
		vr->stats.bad_idx++;
		return AMP_EPROTO;
	}
	/* The element is written before the index: read the index first. */
	amp_rmb();
	e = &vr->used->ring[vr->last_seen & (vr->num - 1u)];
	vring_invalidate(vr, e, sizeof(*e));
	raw_id = amp_rd32(&e->id);
	raw_len = amp_rd32(&e->len);
	vr->last_seen++;
	if (raw_id >= vr->num || !posted_test(vr, (uint16_t)raw_id)) {
		vr->stats.bad_id++;
		*id = AMP_VRING_NO_ID;
		return AMP_VRING_DROPPED;
	}
	posted_set(vr, (uint16_t)raw_id, 0);
	vr->in_flight--;
	*id = (uint16_t)raw_id;
	*len = raw_len;
	if (raw_len > vr->buf_len) {
		vr->stats.bad_len++;
		return AMP_VRING_DROPPED;
	}
	return AMP_VRING_GOT;
}

int amp_vring_drv_peer_wants_kick(struct amp_vring *vr)
{
	/* Our avail.idx store must be visible before we look at the peer's flag. */
	amp_mb();
	vring_invalidate(vr, &vr->used->flags, 2u);
	return !(amp_rd16(&vr->used->flags) & AMP_VRING_USED_F_NO_NOTIFY);
}

void amp_vring_drv_want_interrupts(struct amp_vring *vr, int on)
{
	amp_wr16(&vr->avail->flags, (uint16_t)(on ? 0u : AMP_VRING_AVAIL_F_NO_INTERRUPT));
	vring_clean(vr, &vr->avail->flags, 2u);
	amp_mb();
}

/* ---- device (slave) ----------------------------------------------------- */

void amp_vring_dev_reset(struct amp_vring *vr)
{
	vr->last_seen = 0;
	vr->shadow_idx = 0;
	vr->in_flight = 0;
}

int amp_vring_dev_pending(struct amp_vring *vr)
{
	vring_invalidate(vr, &vr->avail->idx, 2u);
	return amp_rd16(&vr->avail->idx) != vr->last_seen;
}

static int buffer_in_region(const struct amp_vring *vr, uint64_t addr, uint32_t len)
{
	const struct amp_port *p = vr->port;
	uint64_t off;

	if (addr < p->shm_pa || (addr & 3u))
		return 0;
	off = addr - p->shm_pa;
	return off < p->shm_size && len <= p->shm_size - off;
}

/*
 * Take the next avail buffer: AMP_VRING_GOT with *id, *buf (local address)
 * and *len set, 0 if none, AMP_EPROTO if the index is out of range, or
 * AMP_VRING_DROPPED for a bad entry. A bad descriptor with a valid id is given
 * back at once as used with length 0 so the driver can recycle it.
 */
int amp_vring_dev_take_avail(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
			     uint32_t *len)
{
	volatile struct amp_vring_desc *d;
	uint16_t avail_idx, raw_id, flags;
	uint64_t addr;
	uint32_t dlen;

	vring_invalidate(vr, &vr->avail->idx, 2u);
	avail_idx = amp_rd16(&vr->avail->idx);
	if (avail_idx == vr->last_seen)
		return 0;
	if ((uint16_t)(avail_idx - vr->last_seen) > vr->num) {
		vr->stats.bad_idx++;
		return AMP_EPROTO;
	}
	amp_rmb();
	vring_invalidate(vr, &vr->avail->ring[vr->last_seen & (vr->num - 1u)], 2u);
	raw_id = amp_rd16(&vr->avail->ring[vr->last_seen & (vr->num - 1u)]);
	vr->last_seen++;
	if (raw_id >= vr->num) {
		vr->stats.bad_id++;
		return AMP_VRING_DROPPED;
	}
	d = &vr->desc[raw_id];
	vring_invalidate(vr, d, sizeof(*d));
	addr = amp_rd64(&d->addr);
	dlen = amp_rd32(&d->len);
	flags = amp_rd16(&d->flags);
	/* rpmsg buffers are single descriptors; a chain (or a loop) is never followed. */
	if (flags & (AMP_VRING_DESC_F_NEXT | AMP_VRING_DESC_F_INDIRECT)) {
		vr->stats.bad_chain++;
		amp_vring_dev_put_used(vr, raw_id, 0);
		return AMP_VRING_DROPPED;
	}
	if (dlen == 0 || !buffer_in_region(vr, addr, dlen)) {
		vr->stats.bad_addr++;
		amp_vring_dev_put_used(vr, raw_id, 0);
		return AMP_VRING_DROPPED;
	}
	*id = raw_id;
	*buf = vr->port->shm + (uint32_t)(addr - vr->port->shm_pa);
	*len = dlen;
	return AMP_VRING_GOT;
}

/* Queue a used entry; the driver sees it after amp_vring_dev_publish(). */
void amp_vring_dev_put_used(struct amp_vring *vr, uint16_t id, uint32_t len)
{
	volatile struct amp_vring_used_elem *e = &vr->used->ring[vr->shadow_idx & (vr->num - 1u)];

	amp_wr32(&e->id, id);
	amp_wr32(&e->len, len);
	vring_clean(vr, e, sizeof(*e));
	vr->shadow_idx++;
}

void amp_vring_dev_publish(struct amp_vring *vr)
{
	/* Buffer contents and used elements must land before the index. */
	amp_wmb();
	amp_wr16(&vr->used->idx, vr->shadow_idx);
	vring_clean(vr, &vr->used->idx, 2u);
}

int amp_vring_dev_peer_wants_kick(struct amp_vring *vr)
{
	amp_mb();
	vring_invalidate(vr, &vr->avail->flags, 2u);
	return !(amp_rd16(&vr->avail->flags) & AMP_VRING_AVAIL_F_NO_INTERRUPT);
}

void amp_vring_dev_want_notifies(struct amp_vring *vr, int on)
{
	amp_wr16(&vr->used->flags, (uint16_t)(on ? 0u : AMP_VRING_USED_F_NO_NOTIFY));
	vring_clean(vr, &vr->used->flags, 2u);
	amp_mb();
}

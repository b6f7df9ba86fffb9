/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vring operations of the message path, as inline functions. vring.c
 * wraps each one for the public API (include/amp/virtio.h); the rpmsg layer
 * calls them directly, so that moving a message costs no function call per
 * ring access. Not part of the public API.
 *
 * Everything read from the ring was written by the other core and is checked
 * before use: indices may not run more than num ahead, descriptor ids must be
 * in range (and, for the driver, outstanding), buffers must lie inside the
 * shared region. A bad value is counted and the entry dropped; it is never
 * dereferenced.
 */
#ifndef AMP_VRING_OPS_H
#define AMP_VRING_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "amp/errors.h"
#include "amp/shm.h"
#include "amp/virtio.h"
#include "../common/amp_attrs.h"

static inline void vring_clean(const struct amp_vring *vr, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && vr->clean)
		vr->clean(vr->port->ctx, p, n);
}

static inline void vring_invalidate(const struct amp_vring *vr, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && vr->invalidate)
		vr->invalidate(vr->port->ctx, p, n);
}

/*
 * Test only (docs/cache.md): -DAMP_TEST_DROP_INVALIDATE=<site> removes the
 * invalidate at that numbered site, so that the stale-cache test can show it
 * fails without it. 0 (the default) removes nothing.
 */
#ifndef AMP_TEST_DROP_INVALIDATE
#define AMP_TEST_DROP_INVALIDATE 0
#endif
#define VRING_INVALIDATE_AT(site, vr, p, n)                                                        \
	do {                                                                                       \
		if ((site) != AMP_TEST_DROP_INVALIDATE)                                            \
			vring_invalidate((vr), (p), (n));                                          \
	} while (0)

/* ---- driver (master) ---------------------------------------------------- */

static inline int vring_posted_test(const struct amp_vring *vr, uint16_t id)
{
	return vr->posted[id];
}

static inline void vring_posted_set(struct amp_vring *vr, uint16_t id, int on)
{
	vr->posted[id] = (uint8_t)on;
}

static inline void vring_drv_set_desc(struct amp_vring *vr, uint16_t id, uint64_t addr,
				      uint32_t len, uint16_t flags)
{
	volatile struct amp_vring_desc *d = &vr->desc[id & (vr->num - 1u)];
	int changed = 0;

	/*
	 * Only what changed is written (a buffer keeps its address; a stream of
	 * equal messages keeps its length): the device's cached copy of the
	 * line stays valid and its next read of the descriptor is no miss.
	 */
	if (amp_rd64(&d->addr) != addr) {
		amp_wr64(&d->addr, addr);
		changed = 1;
	}
	if (amp_rd32(&d->len) != len) {
		amp_wr32(&d->len, len);
		changed = 1;
	}
	if (amp_rd16(&d->flags) != flags) {
		amp_wr16(&d->flags, flags);
		changed = 1;
	}
	if (amp_rd16(&d->next) != 0) {
		amp_wr16(&d->next, 0);
		changed = 1;
	}
	if (changed)
		vring_clean(vr, d, sizeof(*d));
	if (len > vr->buf_len)
		vr->buf_len = len;
}

/*
 * Does descriptor id (in range) still point where we put it? Read as the
 * device sees it. Only the address matters to what we read back: a shorter
 * length is a smaller buffer (used.len is checked against what we posted).
 */
static inline int vring_drv_desc_addr_is(const struct amp_vring *vr, uint16_t id, uint64_t addr)
{
	volatile struct amp_vring_desc *d = &vr->desc[id & (vr->num - 1u)];

	vring_invalidate(vr, d, sizeof(*d));
	return amp_rd64(&d->addr) == addr;
}

/* Queue a descriptor in the avail ring; the peer sees it after vring_drv_publish(). */
static inline int vring_drv_post(struct amp_vring *vr, uint16_t id)
{
	uint16_t slot = (uint16_t)(vr->shadow_idx & (vr->num - 1u));

	if (id >= vr->num || vring_posted_test(vr, id))
		return AMP_EINVAL;
	amp_wr16(&vr->avail->ring[slot], id);
	vring_clean(vr, &vr->avail->ring[slot], 2u);
	vring_posted_set(vr, id, 1);
	vr->shadow_idx++;
	vr->in_flight++;
	return AMP_OK;
}

static inline void vring_drv_publish(struct amp_vring *vr)
{
	/* The ring entries (and the buffers they name) must land before the index. */
	amp_wmb();
	amp_wr16(&vr->avail->idx, vr->shadow_idx);
	vring_clean(vr, &vr->avail->idx, 2u);
}

/*
 * Used entries the device published that we have not taken yet (0..num), or
 * AMP_EPROTO if its index is out of range. vring_drv_take_next_used() takes
 * that many without reading the index again.
 */
AMP_HOT int vring_drv_used_ready(struct amp_vring *vr)
{
	uint16_t ahead;

	VRING_INVALIDATE_AT(4, vr, &vr->used->idx, 2u);
	ahead = (uint16_t)(amp_rd16(&vr->used->idx) - vr->last_seen);
	if (ahead > vr->in_flight) {
		vr->stats.bad_idx++;
		vr->broken = 1;
		return AMP_EPROTO;
	}
	/* The elements are written before the index: read the index first. */
	if (ahead)
		amp_rmb();
	return ahead;
}

/*
 * Take the next used buffer, one that vring_drv_used_ready() counted:
 * AMP_VRING_GOT with *id and *len set, or AMP_VRING_DROPPED for a bad entry:
 * then *id is AMP_VRING_NO_ID if the id itself was bad, or a valid id whose
 * length was bad (the caller recycles that buffer without reading it).
 */
AMP_HOT int vring_drv_take_next_used(struct amp_vring *vr, uint16_t *id, uint32_t *len)
{
	volatile struct amp_vring_used_elem *e;
	uint32_t raw_id, raw_len;

	e = &vr->used->ring[vr->last_seen & (vr->num - 1u)];
	VRING_INVALIDATE_AT(5, vr, e, sizeof(*e));
	raw_id = amp_rd32(&e->id);
	raw_len = amp_rd32(&e->len);
	vr->last_seen++;
	if (raw_id >= vr->num || !vring_posted_test(vr, (uint16_t)raw_id)) {
		vr->stats.bad_id++;
		vr->broken = 1;
		*id = AMP_VRING_NO_ID;
		return AMP_VRING_DROPPED;
	}
	vring_posted_set(vr, (uint16_t)raw_id, 0);
	vr->in_flight--;
	*id = (uint16_t)raw_id;
	*len = raw_len;
	if (raw_len > vr->buf_len) {
		vr->stats.bad_len++;
		return AMP_VRING_DROPPED;
	}
	return AMP_VRING_GOT;
}

/* The next used buffer: as vring_drv_take_next_used(), or 0 if none, or AMP_EPROTO. */
AMP_HOT int vring_drv_take_used(struct amp_vring *vr, uint16_t *id, uint32_t *len)
{
	int ready = vring_drv_used_ready(vr);

	if (ready <= 0)
		return ready;
	return vring_drv_take_next_used(vr, id, len);
}

static inline int vring_drv_peer_wants_kick(const struct amp_vring *vr)
{
	/* Our avail.idx store must be visible before we look at the peer's flag. */
	amp_mb();
	vring_invalidate(vr, &vr->used->flags, 2u);
	return !(amp_rd16(&vr->used->flags) & AMP_VRING_USED_F_NO_NOTIFY);
}

/* ---- device (slave) ----------------------------------------------------- */

static inline int vring_buffer_in_region(const struct amp_vring *vr, uint64_t addr, uint32_t len)
{
	/*
	 * The offset into the window (which lies inside the region:
	 * amp_vring_dev_set_window clips it). An address below the window
	 * wraps to at least 2^64 - 2^33 (shm_pa and win_off are 32-bit), far
	 * past win_len: one compare refuses it too.
	 */
	uint64_t off = addr - vr->port->shm_pa - vr->win_off;

	return !(addr & 3u) && off < vr->win_len && len <= vr->win_len - (uint32_t)off;
}

/* Queue a used entry; the driver sees it after vring_dev_publish(). */
static inline void vring_dev_put_used(struct amp_vring *vr, uint16_t id, uint32_t len)
{
	volatile struct amp_vring_used_elem *e = &vr->used->ring[vr->shadow_idx & (vr->num - 1u)];

	if (vring_posted_test(vr, (uint16_t)(id & (vr->num - 1u)))) {
		vring_posted_set(vr, (uint16_t)(id & (vr->num - 1u)), 0);
		vr->in_flight--;
	}

	amp_wr32(&e->id, id);
	amp_wr32(&e->len, len);
	vring_clean(vr, e, sizeof(*e));
	vr->shadow_idx++;
}

static inline void vring_dev_publish(struct amp_vring *vr)
{
	/* Buffer contents and used elements must land before the index. */
	amp_wmb();
	amp_wr16(&vr->used->idx, vr->shadow_idx);
	vring_clean(vr, &vr->used->idx, 2u);
}

/*
 * Avail entries the driver published that we have not taken yet (0..num), or
 * AMP_EPROTO if its index is out of range. vring_dev_take_next_avail() takes
 * that many without reading the index again.
 */
AMP_HOT int vring_dev_avail_ready(struct amp_vring *vr)
{
	uint16_t ahead;

	VRING_INVALIDATE_AT(1, vr, &vr->avail->idx, 2u);
	ahead = (uint16_t)(amp_rd16(&vr->avail->idx) - vr->last_seen);
	/* The driver cannot offer a descriptor we hold: at most num - held. */
	if (ahead > vr->num - vr->in_flight) {
		vr->stats.bad_idx++;
		vr->broken = 1;
		return AMP_EPROTO;
	}
	/* The ring entries are written before the index: read the index first. */
	if (ahead)
		amp_rmb();
	return ahead;
}

/*
 * Take the next avail buffer, one that vring_dev_avail_ready() counted:
 * AMP_VRING_GOT with *id, *buf (local address) and *len set, or
 * AMP_VRING_DROPPED for a bad entry. A bad descriptor with a valid id is given
 * back at once as used with length 0 so the driver can recycle it.
 */
AMP_HOT int vring_dev_take_next_avail(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
				      uint32_t *len)
{
	volatile struct amp_vring_desc *d;
	uint16_t raw_id, flags;
	uint64_t addr;
	uint32_t dlen;

	VRING_INVALIDATE_AT(2, vr, &vr->avail->ring[vr->last_seen & (vr->num - 1u)], 2u);
	raw_id = amp_rd16(&vr->avail->ring[vr->last_seen & (vr->num - 1u)]);
	vr->last_seen++;
	/*
	 * Out of range, or one we hold already (taken and not given back): the
	 * driver made it available twice. Taken again, two messages would share
	 * one buffer, and the driver, which re-posts it after the first, could
	 * not tell the second from a fresh one (a stale message, for good).
	 */
	if (raw_id >= vr->num || vring_posted_test(vr, raw_id)) {
		vr->stats.bad_id++;
		vr->broken = 1;
		return AMP_VRING_DROPPED;
	}
	d = &vr->desc[raw_id];
	VRING_INVALIDATE_AT(3, vr, d, sizeof(*d));
	addr = amp_rd64(&d->addr);
	dlen = amp_rd32(&d->len);
	flags = amp_rd16(&d->flags);
	/* rpmsg buffers are single descriptors; a chain (or a loop) is never followed. */
	if (flags & (AMP_VRING_DESC_F_NEXT | AMP_VRING_DESC_F_INDIRECT)) {
		vr->stats.bad_chain++;
		vring_dev_put_used(vr, raw_id, 0);
		return AMP_VRING_DROPPED;
	}
	if (dlen == 0 || !vring_buffer_in_region(vr, addr, dlen)) {
		vr->stats.bad_addr++;
		vring_dev_put_used(vr, raw_id, 0);
		return AMP_VRING_DROPPED;
	}
	vring_posted_set(vr, raw_id, 1);
	vr->in_flight++;
	*id = raw_id;
	*buf = vr->port->shm + (uint32_t)(addr - vr->port->shm_pa);
	*len = dlen;
	return AMP_VRING_GOT;
}

/*
 * The device's take and give-back as the rpmsg halves call them: inlined into
 * each, or in the lean profile (size first) the one out-of-line copy in
 * vring.c (-Os keeps a copy of a static inline function in each file).
 */
#if AMP_CFG_LEAN
int amp_vring_dev_take_next_once(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
				 uint32_t *len);
void amp_vring_dev_put_used_once(struct amp_vring *vr, uint16_t id, uint32_t len);
#endif

AMP_HOT int vring_dev_take_next(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
				uint32_t *len)
{
#if AMP_CFG_LEAN
	return amp_vring_dev_take_next_once(vr, id, buf, len);
#else
	return vring_dev_take_next_avail(vr, id, buf, len);
#endif
}

AMP_HOT void vring_dev_give_back(struct amp_vring *vr, uint16_t id, uint32_t len)
{
#if AMP_CFG_LEAN
	amp_vring_dev_put_used_once(vr, id, len);
#else
	vring_dev_put_used(vr, id, len);
#endif
}

/* The next avail buffer: as vring_dev_take_next_avail(), or 0 if none, or AMP_EPROTO. */
AMP_HOT int vring_dev_take_avail(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
				 uint32_t *len)
{
	int ready = vring_dev_avail_ready(vr);

	if (ready <= 0)
		return ready;
	return vring_dev_take_next(vr, id, buf, len);
}

static inline int vring_dev_peer_wants_kick(const struct amp_vring *vr)
{
	amp_mb();
	vring_invalidate(vr, &vr->avail->flags, 2u);
	return !(amp_rd16(&vr->avail->flags) & AMP_VRING_AVAIL_F_NO_INTERRUPT);
}

#endif

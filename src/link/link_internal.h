/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the link layer's files; not part of the public API. */
#ifndef AMP_LINK_INTERNAL_H
#define AMP_LINK_INTERNAL_H

#include "amp/link.h"
#include "amp/shm.h"

/* Full "OK" status the master writes: ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK. */
#define AMP_LINK_STATUS_OK                                                                         \
	(AMP_VIRTIO_S_ACKNOWLEDGE | AMP_VIRTIO_S_DRIVER | AMP_VIRTIO_S_FEATURES_OK |               \
	 AMP_VIRTIO_S_DRIVER_OK)

int amp_link_master_poll(struct amp_link *l);
int amp_link_slave_poll(struct amp_link *l);
/* READY, the peer broke a ring: take the link down for it and start again (returns 1). */
int amp_link_master_ring_error(struct amp_link *l);
int amp_link_slave_ring_error(struct amp_link *l);
/* The same handshakes with a plain virtio peer (link_plain_master.c, link_plain_slave.c). */
int amp_link_plain_master_poll(struct amp_link *l);
int amp_link_plain_slave_poll(struct amp_link *l);

/* vdev entry fields, as offsets from the entry's type word (struct amp_rsc_vdev). */
#define AMP_VDEV_GFEATURES 16u
#define AMP_VDEV_STATUS	   24u
#define AMP_VDEV_VRING(i)  (28u + 20u * (uint32_t)(i))
/* A plain peer's table, copied and validated (vdev_off, features, status, vrings in *info). */
int amp_link_rsc_read(struct amp_link *l, struct amp_rsc_info *info);
/* The plain peer's vdev status byte, read now. */
uint8_t amp_link_peer_status(const struct amp_link *l);
/* Create the default endpoint (both roles). */
int amp_link_create_default_ept(struct amp_link *l);
/* The link went down: free every endpoint and tell the layer above. */
void amp_link_down(struct amp_link *l, int reason);
void amp_link_up(struct amp_link *l);
/*
 * READY with a plain peer: move messages; 1 if any, 0 if none, or -1 after
 * taking the link down (AMP_LINK_DOWN_PROTOCOL) on a ring the peer broke.
 */
int amp_link_process_or_down(struct amp_link *l);
/* m.setup_ipm / s.setup_ipm: a doorbell from before is stale; then state next. */
int amp_link_setup_ipm(struct amp_link *l, uint8_t next);
/* The slave's first steps, the same with either peer: BOOT up to INIT_POOL. */
int amp_link_slave_setup_step(struct amp_link *l);
void amp_link_notify_peer(struct amp_link *l);

/*
 * READY of an amplink peer, either role: the peer's epoch, then the poll's
 * messages. Read on every poll and before the rings: the slave touches no
 * ring once the master's epoch is odd (docs/model.md; fuzz_link_block checks
 * it), whatever the timing. peer_restarted takes the link down and returns 1
 * if the peer's epoch moved; ring_error takes it down for a broken ring.
 * Inline: each role's call names its own functions, called directly.
 */
static inline int amp_link_ready_step(struct amp_link *l, int (*peer_restarted)(struct amp_link *l),
				      int (*ring_error)(struct amp_link *l))
{
	int n;

	if (peer_restarted(l))
		return 1;
	n = amp_rpmsg_process(&l->rpmsg);
	return n < 0 ? ring_error(l) : n > 0;
}

/* Cache maintenance on the link block (every poll reads the peer's line: inline). */
static inline void amp_link_clean(const struct amp_link *l, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && l->port->ops->cache_clean)
		l->port->ops->cache_clean(l->port->ctx, p, n);
}

static inline void amp_link_invalidate(const struct amp_link *l, const volatile void *p, size_t n)
{
	if (AMP_CFG_CACHE_MAINT && l->port->ops->cache_invalidate)
		l->port->ops->cache_invalidate(l->port->ctx, p, n);
}

/* Slave: the master's epoch, as it is now. */
static inline uint32_t amp_link_read_master_epoch(const struct amp_link *l)
{
	amp_link_invalidate(l, &l->blk->master_epoch, 4u);
	return amp_rd32(&l->blk->master_epoch);
}

/*
 * Master: the slave's epoch and ack. The slave writes its ack before its
 * epoch, so reading the epoch first means a new epoch comes with its ack.
 */
static inline void amp_link_read_slave_words(const struct amp_link *l, uint32_t *epoch,
					     uint32_t *ack)
{
	amp_link_invalidate(l, &l->blk->slave_epoch, 8u);
	*epoch = amp_rd32(&l->blk->slave_epoch);
	amp_rmb();
	*ack = amp_rd32(&l->blk->slave_ack);
}

/* Master, once the slave is bound: 1 if it is still the life we bound, in our epoch. */
static inline int amp_link_bound_slave_stays(const struct amp_link *l)
{
	uint32_t s, ack;

	amp_link_read_slave_words(l, &s, &ack);
	return s == l->slave_epoch && ack == l->epoch;
}

/*
 * READY with an amplink peer that is still the one we attached to: the
 * poll may go straight to the rings. The same reads as the roles' full
 * checks (slave_changed, slave_master_reset), made before any ring is
 * touched; any other answer is left to the role's poll, which reads the
 * peer again and acts on what it finds.
 */
static inline int amp_link_steady(const struct amp_link *l)
{
	if (l->peer != AMP_PEER_AMPLINK)
		return 0;
	if (AMP_IS_MASTER(l->role))
		return l->state == AMP_LM_READY && l->bound && amp_link_bound_slave_stays(l);
	return l->state == AMP_LS_READY && amp_link_read_master_epoch(l) == l->epoch;
}

/* Master: write the fixed fields (and crc) of the block and the resource table mirror. */
void amp_link_block_publish_layout(struct amp_link *l);
/*
 * Master, once DRIVER_OK is out: 1 if the block, its epoch and the resource
 * table mirror still say what we published (a stray write would otherwise keep
 * a slave off them for good).
 */
int amp_link_published_intact(struct amp_link *l);
/*
 * 1 if t is, byte for byte, the mirror an amplink master of this build's
 * geometry publishes (whatever its status byte): the lean slave's check of it.
 */
int amp_link_rsc_is_ours(const struct amp_link *l, const struct amp_rsc_table *t);
/* Slave: copy the resource table mirror (caller checks the epoch around it). */
void amp_link_rsc_snapshot(const volatile struct amp_rsc_table *src, struct amp_rsc_table *dst);

#endif

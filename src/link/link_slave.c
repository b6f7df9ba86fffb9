/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slave's handshake (SPEC sections 4 and 5), one state a step:
 *
 *   BOOT            s.setup_virtio_region
 *   SETUP_IPM       s.setup_ipm (a doorbell from before we booted is stale)
 *   SETUP_VRINGS    s.setup_vrings
 *   INIT_POOL       s.rpmsg_virtio_init_shm_pool
 *   INIT_VDEV       s.rpmsg_init_vdev: wait, as a state, for a link block that
 *                   is valid and stable (seqlock on the master epoch) with
 *                   DRIVER_OK, then attach to the rings
 *   ATTACHED        s.ready
 *   REGISTER        s.register<ept=default> (name-service announcement)
 *   READY
 *
 * Nothing read from the region is acted on unless the magic, layout version
 * and crc are right and the master epoch is even and the same before and
 * after the read: power-up garbage and a master half-way through its
 * initialisation both fail that test.
 */
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/trace.h"
#include "link_internal.h"

enum attach_result {
	ATTACH_WAIT = 0,
	ATTACH_DONE = 1,
};

static void write_ack(struct amp_link *l, uint32_t epoch)
{
	amp_wr32(&l->blk->slave_ack, epoch);
	amp_link_clean(l, &l->blk->slave_ack, 4u);
}

static void bump_slave_epoch(struct amp_link *l)
{
	uint32_t s = amp_rd32(&l->blk->slave_epoch) + 1u;

	amp_wr32(&l->blk->slave_epoch, s);
	amp_link_clean(l, &l->blk->slave_epoch, 4u);
}

#if AMP_CFG_LEAN
/*
 * The lean slave: the mirror must be exactly what an amplink master of this
 * geometry publishes; then the vrings are where the link block says.
 */
static int mirror_usable(const struct amp_link *l, const struct amp_rsc_table *t,
			 struct amp_rsc_info *info)
{
	info->vring[0].da = t->vdev.vring[0].da;
	info->vring[1].da = t->vdev.vring[1].da;
	return amp_link_rsc_is_ours(l, t);
}
#else
/* The mirror passes remoteproc's checks, and its vrings are where the link block says. */
static int mirror_usable(const struct amp_link *l, const struct amp_rsc_table *t,
			 struct amp_rsc_info *info)
{
	const struct amp_port *p = l->port;

	return amp_rsc_validate(t, sizeof(*t), info, NULL) == AMP_OK &&
	       info->vring[0].da == p->shm_pa + AMP_SHM_VRING0_OFF &&
	       info->vring[1].da == p->shm_pa + AMP_SHM_VRING1_OFF &&
	       info->vring[0].num == AMP_CFG_VRING_NUM && info->vring[1].num == AMP_CFG_VRING_NUM &&
	       info->vring[0].align == AMP_CFG_VRING_ALIGN &&
	       info->vring[1].align == AMP_CFG_VRING_ALIGN;
}
#endif

/* A consistent, validated view of what the master published under epoch e. */
static int read_layout(struct amp_link *l, uint32_t e, struct amp_rsc_info *info)
{
	struct amp_rsc_table copy;
	const struct amp_port *p = l->port;

	amp_link_invalidate(l, l->rsc, sizeof(copy));
	amp_link_invalidate(l, l->blk, 64u);
	if (amp_link_block_check(l->blk, p->shm_size)) {
		l->stats.bad_block++;
		return AMP_EPROTO;
	}
	amp_link_rsc_snapshot(l->rsc, &copy);
	amp_rmb();
	if (amp_link_read_master_epoch(l) != e) {
		l->stats.torn_reads++;
		return AMP_EBUSY;
	}
	if (!(copy.vdev.status & AMP_VIRTIO_S_DRIVER_OK) ||
	    (copy.vdev.status & AMP_VIRTIO_S_FAILED))
		return AMP_ENOTREADY;
	if (!mirror_usable(l, &copy, info)) {
		l->stats.bad_rsc++;
		return AMP_EPROTO;
	}
	return AMP_OK;
}

/*
 * We saw the master initialise (an odd epoch): whatever even epoch follows
 * comes with fresh rings, even one with the number we attached to or asked
 * to replace (a master that rebooted over a corrupted block counts from 1
 * again). Forget that number, or we would refuse those rings until our stall
 * timer asks for others (docs/model.md, corrupted publication).
 */
static void forget_asked(struct amp_link *l)
{
	l->epoch = AMP_LINK_ACK_NONE;
}

/* Ask the master for fresh rings: no ack, a new slave epoch, a doorbell. */
static void request_reinit(struct amp_link *l, uint32_t e)
{
	l->epoch = e;
	write_ack(l, AMP_LINK_ACK_NONE);
	amp_wmb();
	bump_slave_epoch(l);
	amp_link_notify_peer(l);
	AMP_TRACE(l->port, l->role, "request_reinit");
}

/* rpmsg asks this before a send outside amp_poll(): still the master epoch we attached to? */
static int rings_still_ours(void *ctx)
{
	struct amp_link *l = ctx;

	return amp_link_read_master_epoch(l) == l->epoch;
}

/* s.rpmsg_init_vdev, one attempt. */
static enum attach_result slave_try_attach(struct amp_link *l)
{
	struct amp_rsc_info info;
	uint32_t e = amp_link_read_master_epoch(l), ack;

	amp_link_invalidate(l, &l->blk->slave_ack, 4u);
	if (e & 1u) {
		/* Master initialising: say we are off the rings. */
		if (amp_rd32(&l->blk->slave_ack) != e)
			write_ack(l, e);
		forget_asked(l);
		return ATTACH_WAIT;
	}
	amp_rmb();
	if (read_layout(l, e, &info))
		return ATTACH_WAIT;
	ack = amp_rd32(&l->blk->slave_ack);
	if (ack == e || ack == AMP_LINK_ACK_NONE || l->epoch == e) {
		/*
		 * An earlier life of ours already used these rings (or asked for
		 * fresh ones: NONE), and their indices are not ours to continue.
		 * Ask for fresh ones, once per epoch (docs/model.md 6.3).
		 */
		if (l->epoch != e)
			request_reinit(l, e);
		return ATTACH_WAIT;
	}
	write_ack(l, e);
	/* The other half of the Dekker handshake in link_master.c. */
	amp_mb();
	if (amp_link_read_master_epoch(l) != e)
		return ATTACH_WAIT;
	amp_wmb();
	bump_slave_epoch(l);
	/* The block (checked above) says where the pool is: buffers must lie there. */
	amp_rpmsg_slave_set_pool(&l->rpmsg, AMP_SHM_POOL_OFF, AMP_SHM_POOL_SIZE);
	if (amp_rpmsg_slave_attach(&l->rpmsg, info.vring[0].da, info.vring[1].da, AMP_CFG_VRING_NUM,
				   AMP_CFG_VRING_ALIGN)) {
		l->stats.bad_rsc++;
		return ATTACH_WAIT;
	}
	l->epoch = e;
	l->rpmsg.rings_valid = rings_still_ours;
	l->rpmsg.rings_valid_ctx = l;
	return ATTACH_DONE;
}

/*
 * s.rpmsg_init_vdev found nothing to attach to for AMP_CFG_LINK_STALL_MS
 * under an even (published) master epoch: what is published may be
 * corrupted (a byte of the block, its crc, the status, the table), which the
 * master cannot see from its side once it waits. Ask for fresh rings, and
 * again each period while it lasts; a master that is not there loses nothing.
 */
static int slave_attach_stalled(struct amp_link *l)
{
	uint32_t t = l->port->ops->now_ms(l->port->ctx), e;

	if (t - l->t0 < AMP_CFG_LINK_STALL_MS)
		return 0;
	l->t0 = t;
	e = amp_link_read_master_epoch(l);
	if (e & 1u)
		return 0;
	l->stats.stalls++;
	request_reinit(l, e);
	return 1;
}

/* The master moved to another epoch: our rings and endpoints are gone. */
static int slave_master_reset(struct amp_link *l)
{
	uint32_t e = amp_link_read_master_epoch(l);

	if (e == l->epoch)
		return 0;
	AMP_TRACE(l->port, l->role, "master_reset_detected");
	if (e & 1u)
		write_ack(l, e);
	amp_link_down(l, AMP_LINK_DOWN_PEER_RESET);
	if (e & 1u)
		forget_asked(l);
	l->state = AMP_LS_BOOT;
	return 1;
}

static int slave_register(struct amp_link *l)
{
	if (!l->default_ept && amp_link_create_default_ept(l))
		return 0;
	/* No buffer yet is not an error: the master posts them; try again next poll. */
	if (amp_rpmsg_ept_announce(l->default_ept)) {
		uint32_t e = l->epoch;

		if (l->port->ops->now_ms(l->port->ctx) - l->t0 < AMP_CFG_LINK_STALL_MS)
			return 0;
		/* Never a buffer: the rings are wedged. Ask for fresh ones. */
		l->stats.stalls++;
		amp_link_down(l, AMP_LINK_DOWN_PROTOCOL);
		request_reinit(l, e);
		l->state = AMP_LS_BOOT;
		return 1;
	}
	l->state = AMP_LS_READY;
	amp_link_up(l);
	return 1;
}

/* The master broke the rings: down as a protocol error, and ask for fresh ones at once. */
int amp_link_slave_ring_error(struct amp_link *l)
{
	l->stats.ring_errors++;
	AMP_TRACE(l->port, l->role, "ring_error");
	amp_link_down(l, AMP_LINK_DOWN_PROTOCOL);
	request_reinit(l, l->epoch);
	l->state = AMP_LS_BOOT;
	return 1;
}

int amp_link_slave_poll(struct amp_link *l)
{
	if (l->state == AMP_LS_READY)
		return amp_link_ready_step(l, slave_master_reset, amp_link_slave_ring_error);
	if (l->state > AMP_LS_INIT_VDEV && slave_master_reset(l))
		return 1;
	switch ((enum amp_link_sstate)l->state) {
	case AMP_LS_BOOT:
	case AMP_LS_SETUP_IPM:
	case AMP_LS_SETUP_VRINGS:
	case AMP_LS_INIT_POOL:
		return amp_link_slave_setup_step(l);
	case AMP_LS_INIT_VDEV:
		if (slave_try_attach(l) != ATTACH_DONE)
			return slave_attach_stalled(l);
		l->state = AMP_LS_ATTACHED;
		return 1;
	case AMP_LS_ATTACHED:
		AMP_TRACE(l->port, l->role, "ready");
		l->t0 = l->port->ops->now_ms(l->port->ctx);
		l->state = AMP_LS_REGISTER;
		return 1;
	case AMP_LS_REGISTER:
		return slave_register(l);
	case AMP_LS_READY:
		break; /* above */
	}
	return 0;
}

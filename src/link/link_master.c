/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master's handshake (SPEC section 4 and 5), one state a step:
 *
 *   BOOT            m.clear_virtio_status: odd epoch, status 0, notify
 *   WAIT_SLAVE_ACK  a slave attached to the old epoch lets go (or times out)
 *   SETUP_REGION    m.setup_virtio_region: resource table mirror, link block
 *   SETUP_IPM       m.setup_ipm
 *   SETUP_VRINGS    m.setup_vrings
 *   INIT_POOL       m.rpmsg_virtio_init_shm_pool: post the receive buffers
 *   INIT_VDEV       m.rpmsg_init_vdev: DRIVER_OK, even epoch, notify
 *   WAIT_NS         m.wait_for_slave_response_from_ns_setup
 *   READY           m.bind<ept=default>, m.ready
 *
 * A slave that rebooted (new slave epoch) sends us back to BOOT: every path
 * to READY is the cold-start path.
 */
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/trace.h"
#include "link_internal.h"

static uint32_t now(const struct amp_link *l)
{
	return l->port->ops->now_ms(l->port->ctx);
}

static void write_status(struct amp_link *l, uint8_t status)
{
	volatile uint8_t *st = l->port->shm + AMP_SHM_RSC_OFF + AMP_RSC_STATUS_OFF;

	amp_wr8(st, status);
	amp_link_clean(l, st, 1u);
}

static void write_epoch(struct amp_link *l, uint32_t epoch)
{
	amp_wr32(&l->blk->master_epoch, epoch);
	amp_link_clean(l, &l->blk->master_epoch, 4u);
}

/* m.clear_virtio_status: from here on a slave keeps off the rings. */
static void master_clear_status(struct amp_link *l)
{
	volatile struct amp_link_block *b = l->blk;
	int valid = amp_link_block_check(b, l->port->shm_size) == AMP_OK;
	/*
	 * Starting again over what we published ourselves (a stray write spoilt
	 * it, or the rings broke): a slave may be on our rings whatever the block
	 * now says, so its acknowledgement counts as if the block were right.
	 */
	int known = valid || l->republish;
	/* Corrupted: go on from the epoch we know, not back to 1 (a slave may hold 2). */
	uint32_t old = valid ? amp_rd32(&b->master_epoch) : l->epoch;
	uint32_t odd = (old + 1u) | 1u;
	uint32_t ack;

	if (odd == AMP_LINK_ACK_NONE)
		odd = 1u;
	l->epoch = odd;
	write_epoch(l, odd);
	/*
	 * Dekker with the slave's attach (link_slave.c): we store the odd epoch
	 * then load its ack; it stores its ack then loads our epoch. With a full
	 * barrier on both sides at least one of us sees the other's store.
	 */
	amp_mb();
	write_status(l, 0);
	amp_link_invalidate(l, &b->slave_ack, 4u);
	/*
	 * Wait unless the slave acknowledged an odd (initialising) epoch: an even
	 * acknowledgement means it may still be on that epoch's rings, whatever
	 * epoch we found (an earlier life of ours may have died half-way through
	 * its own initialisation); NONE means it is waiting for fresh rings and
	 * must see this odd epoch (docs/model.md 6.1). Over a block that fails
	 * the check the slave may still be attached (a stray write spoilt the
	 * block, then we rebooted): only an ack of 0, an epoch no master
	 * publishes, says no slave ever attached (a cold start over zeroed or
	 * never-written memory, which stays fast).
	 */
	ack = amp_rd32(&b->slave_ack);
	l->ack_wait = (known || ack != 0u) && (!(ack & 1u) || ack == AMP_LINK_ACK_NONE);
	l->republish = 0;
	l->bound = 0;
	l->attached = 0;
	l->t0 = now(l);
	l->stats.reinits++;
	amp_link_notify_peer(l);
	AMP_TRACE(l->port, l->role, "clear_virtio_status");
}

static int slave_let_go(struct amp_link *l)
{
	amp_link_invalidate(l, &l->blk->slave_ack, 4u);
	if (amp_rd32(&l->blk->slave_ack) == l->epoch)
		return 1;
	if (now(l) - l->t0 >= AMP_CFG_LINK_ACK_TIMEOUT_MS) {
		/* A hung or absent slave: it cannot be touching the rings either. */
		l->stats.ack_timeouts++;
		AMP_TRACE(l->port, l->role, "slave_ack_timeout");
		return 1;
	}
	return 0;
}

/* m.rpmsg_init_vdev: publish DRIVER_OK, then the even epoch that makes it valid. */
static int master_init_vdev(struct amp_link *l)
{
	int err = amp_link_create_default_ept(l);

	if (err)
		return err;
	amp_link_invalidate(l, &l->blk->slave_epoch, 4u);
	l->slave_epoch = amp_rd32(&l->blk->slave_epoch);
	write_status(l, AMP_LINK_STATUS_OK);
	/* Everything above must be visible before the epoch says "stable". */
	amp_wmb();
	l->epoch++;
	write_epoch(l, l->epoch);
	amp_mb();
	amp_link_notify_peer(l);
	AMP_TRACE(l->port, l->role, "rpmsg_init_vdev");
	return AMP_OK;
}

/*
 * Has the slave attached to our epoch, or come back as a new life? Returns 1
 * if we must re-initialise.
 */
static int slave_changed(struct amp_link *l)
{
	uint32_t s, ack;

	if (l->bound)
		return !amp_link_bound_slave_stays(l);
	amp_link_read_slave_words(l, &s, &ack);
	if (ack == l->epoch) {
		/*
		 * Attached. Its slave_epoch is bumped after the ack, so take it only
		 * once its announcement (sent after the bump) is in (docs/model.md 6.2).
		 */
		if (!l->attached) {
			l->attached = 1;
			l->t0 = now(l);
		}
		if (!amp_rpmsg_ept_is_bound(l->default_ept))
			return 0;
		l->bound = 1;
		l->slave_epoch = s;
		amp_wr32(&l->blk->master_seen_slave, s);
		amp_link_clean(l, &l->blk->master_seen_slave, 4u);
		return 0;
	}
	/* A new slave life that did not attach asks for fresh rings. */
	return s != l->slave_epoch;
}

static int master_reset_if_slave_changed(struct amp_link *l)
{
	if (!slave_changed(l))
		return 0;
	AMP_TRACE(l->port, l->role, "slave_reset_detected");
	amp_link_down(l, AMP_LINK_DOWN_PEER_RESET);
	l->state = AMP_LM_BOOT;
	return 1;
}

/*
 * What we published or the rings broke (counted in *stat): down as a
 * protocol error, and start again over it at once.
 */
static int master_start_again(struct amp_link *l, uint32_t *stat)
{
	(*stat)++;
	amp_link_down(l, AMP_LINK_DOWN_PROTOCOL);
	l->republish = 1;
	l->state = AMP_LM_BOOT;
	return 1;
}

/* The peer broke the rings: start again on fresh ones, now. */
int amp_link_master_ring_error(struct amp_link *l)
{
	AMP_TRACE(l->port, l->role, "ring_error");
	return master_start_again(l, &l->stats.ring_errors);
}

static int master_wait_ns(struct amp_link *l)
{
	if (master_reset_if_slave_changed(l))
		return 1;
	if (amp_rpmsg_process(&l->rpmsg) < 0)
		return amp_link_master_ring_error(l);
	if (!amp_rpmsg_ept_is_bound(l->default_ept)) {
		if (!l->attached && !amp_link_published_intact(l)) {
			/* No slave can attach to what is there now: publish it again. */
			AMP_TRACE(l->port, l->role, "published_corrupted");
			return master_start_again(l, &l->stats.republished);
		}
		if (!l->attached || now(l) - l->t0 < AMP_CFG_LINK_STALL_MS)
			return 0;
		/* Attached but silent: the rings are wedged. Start again on fresh ones. */
		l->stats.stalls++;
		AMP_TRACE(l->port, l->role, "ns_timeout");
		amp_link_down(l, AMP_LINK_DOWN_PROTOCOL);
		l->state = AMP_LM_BOOT;
		return 1;
	}
	l->state = AMP_LM_READY;
	AMP_TRACE(l->port, l->role, "ready");
	amp_link_up(l);
	return 1;
}

int amp_link_master_poll(struct amp_link *l)
{
	switch ((enum amp_link_mstate)l->state) {
	case AMP_LM_BOOT:
		master_clear_status(l);
		l->state = l->ack_wait ? AMP_LM_WAIT_SLAVE_ACK : AMP_LM_SETUP_REGION;
		return 1;
	case AMP_LM_WAIT_SLAVE_ACK:
		if (!slave_let_go(l))
			return 0;
		AMP_TRACE(l->port, l->role, "slave_released_rings");
		l->state = AMP_LM_SETUP_REGION;
		return 1;
	case AMP_LM_SETUP_REGION:
		amp_link_block_publish_layout(l);
		AMP_TRACE(l->port, l->role, "setup_virtio_region");
		l->state = AMP_LM_SETUP_IPM;
		return 1;
	case AMP_LM_SETUP_IPM:
		return amp_link_setup_ipm(l, AMP_LM_SETUP_VRINGS);
	case AMP_LM_SETUP_VRINGS:
		if (amp_rpmsg_master_setup_vrings(&l->rpmsg, AMP_SHM_VRING0_OFF, AMP_SHM_VRING1_OFF,
						  AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN))
			return 0; /* cannot happen with a layout that passed amp_link_init */
		AMP_TRACE(l->port, l->role, "setup_vrings");
		l->state = AMP_LM_INIT_POOL;
		return 1;
	case AMP_LM_INIT_POOL:
		if (amp_rpmsg_master_init_pool(&l->rpmsg, AMP_SHM_POOL_OFF))
			return 0;
		AMP_TRACE(l->port, l->role, "rpmsg_virtio_init_shm_pool");
		l->state = AMP_LM_INIT_VDEV;
		return 1;
	case AMP_LM_INIT_VDEV:
		if (master_init_vdev(l))
			return 0;
		AMP_TRACE(l->port, l->role, "wait_for_slave_response_from_ns_setup");
		l->state = AMP_LM_WAIT_NS;
		return 1;
	case AMP_LM_WAIT_NS:
		return master_wait_ns(l);
	case AMP_LM_READY:
		return amp_link_ready_step(l, master_reset_if_slave_changed,
					   amp_link_master_ring_error);
	}
	return 0;
}

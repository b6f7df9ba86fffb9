/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive half: what the peer published on our receive ring is taken
 * (each entry checked by the ring), its header checked, delivered to the
 * endpoint it names and the buffer given back, at once unless a callback
 * holds it (zero copy: amp_rpmsg_hold_rx_buffer, given back by
 * amp_rpmsg_release_rx_buffer).
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/trace.h"
#include "rpmsg_internal.h"

/* Master: where receive buffer id lives (pool, first half), as a bus address. */
static uint64_t master_rx_addr(const struct amp_rpmsg *r, uint16_t id)
{
	return (uint64_t)r->port->shm_pa + r->pool_off + (uint32_t)id * r->buf_size;
}

/*
 * Give a receive buffer back to the peer (queued until the next publish).
 * len is the buffer's descriptor length: the slave returns it as the used
 * length, because an OpenAMP master takes a returned buffer's used length as
 * its size for the next message (virtio 1.1 2.6.8 only asks for the bytes
 * written, which are 0 here; Linux ignores the field).
 */
AMP_HOT void rx_recycle(struct amp_rpmsg *r, uint16_t id, uint32_t len)
{
	if (AMP_IS_MASTER(r->role)) {
		/* Written again each time: a descriptor changed in the region heals here. */
		vring_drv_set_desc(&r->rx, id, master_rx_addr(r, id), r->buf_size,
				   AMP_VRING_DESC_F_WRITE);
		vring_drv_post(&r->rx, id);
	} else {
		vring_dev_give_back(&r->rx, id, len);
	}
}

AMP_HOT void rx_publish(struct amp_rpmsg *r)
{
	if (AMP_IS_MASTER(r->role))
		vring_drv_publish(&r->rx);
	else
		vring_dev_publish(&r->rx);
}

/* Messages the peer published by now (0..num), or AMP_EPROTO. */
AMP_HOT int rx_ready(struct amp_rpmsg *r)
{
	return AMP_IS_MASTER(r->role) ? vring_drv_used_ready(&r->rx)
				      : vring_dev_avail_ready(&r->rx);
}

/* The next of them: AMP_VRING_GOT, or AMP_VRING_DROPPED (a bad entry, given back). */
AMP_HOT int rx_take_next(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf, uint32_t *len)
{
	if (AMP_IS_MASTER(r->role)) {
		int got = vring_drv_take_next_used(&r->rx, id, len);

		/* Given back empty (refused, unused): nothing was written; re-posting heals it. */
		if (got == AMP_VRING_GOT && *len &&
		    !vring_drv_desc_addr_is(&r->rx, *id, master_rx_addr(r, *id))) {
			/*
			 * The descriptor was changed while the slave owned it: it wrote
			 * somewhere else, and our buffer holds an old message. The
			 * message is lost: a ring error (rings_broken), never stale data.
			 */
			r->rx.stats.bad_addr++;
			r->rx.broken = 1;
			return AMP_VRING_DROPPED;
		}
		if (got == AMP_VRING_GOT)
			*buf = r->port->shm + r->pool_off + *id * r->buf_size;
		else if (*id != AMP_VRING_NO_ID)
			rx_recycle(r, *id, r->buf_size);
		return got;
	}
	return vring_dev_take_next(&r->rx, id, buf, len);
}

/*
 * The endpoint at dst: by index, as local addresses are 1024 + slot; else the
 * search. The lean profile (size first) leaves both to the lookup, which
 * starts with the same index.
 */
AMP_HOT struct amp_ept *rx_ept(struct amp_rpmsg *r, uint32_t dst)
{
	uint32_t slot = dst - AMP_RPMSG_RESERVED_ADDRS;

	if (!AMP_CFG_LEAN && slot < (uint32_t)AMP_CFG_MAX_EPT && r->ept[slot].in_use &&
	    r->ept[slot].addr == dst)
		return &r->ept[slot];
	return amp_rpmsg_ept_lookup(r, dst);
}

/* Deliver one message. Returns 1 if a callback now holds the buffer. */
AMP_HOT int rx_dispatch(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t len)
{
	struct amp_rpmsg_hdr h;
	struct amp_ept *ept;
	uint8_t *payload;

	/* An empty buffer is one the peer gave back unused, not a message. */
	if (len == 0)
		return 0;
	rpmsg_buf_invalidate(r, buf, len);
	if (rpmsg_hdr_get(rpmsg_owned(buf), len, &h)) {
		r->stats.bad_hdr++;
		r->broken = r->strict;
		return 0;
	}
	payload = rpmsg_owned(buf) + AMP_RPMSG_HDR_SIZE;
	r->stats.rx_msgs++;
	r->stats.rx_bytes += h.len;
	/*
	 * The lean slave binds nothing by name (an amplink master announces
	 * nothing): no endpoint has the service's address, so the lookup drops
	 * it. Its endpoints learn the peer's address from its first message.
	 */
	if (h.dst == AMP_RPMSG_NS_ADDR && !rpmsg_lean_slave(r)) {
		amp_rpmsg_ns_receive(r, payload, h.len);
		return 0;
	}
	ept = rx_ept(r, h.dst);
	if (!ept) {
		r->stats.rx_dropped++;
		return 0;
	}
	/* Like OpenAMP: an endpoint created without a peer address learns it here. */
	if (ept->dest == AMP_RPMSG_ADDR_ANY && h.src != AMP_RPMSG_NS_ADDR &&
	    h.src != AMP_RPMSG_ADDR_ANY)
		ept->dest = h.src;
	if (AMP_CFG_TRACE && !ept->quiet && h.len) {
		amp_rpmsg_trace_notified(r);
		AMP_TRACE_MSG(r->port, r->role, "recv(msg)", ept->name, h.len);
	}
	if (rpmsg_lean_slave(r)) {
		ept->cb(ept, payload, h.len, h.src, ept->priv);
		return 0;
	}
	r->rx_held.buf[id] = NULL;
	r->rx_held.len[id] = (uint16_t)len;
	r->cur_rx_id = id;
	r->cur_rx_buf = buf;
	ept->cb(ept, payload, h.len, h.src, ept->priv);
	r->cur_rx_buf = NULL;
	return r->rx_held.buf[id] != NULL;
}

/*
 * The ready messages the peer published by now and no more: a peer that
 * keeps publishing cannot keep us here. Out of line: a poll that finds
 * nothing (amp_rpmsg_process) does not pay for the registers this needs.
 */
static AMP_NOINLINE int process_batch(struct amp_rpmsg *r, int ready)
{
	volatile uint8_t *buf = NULL;
	uint32_t len = 0;
	uint16_t id = 0;
	int count = 0, recycled = 0, dropped = 0;

	r->in_dispatch = 1;
	for (; ready > 0 && r->up && !rpmsg_rings_broken(r); ready--) {
		if (rx_take_next(r, &id, &buf, &len) == AMP_VRING_DROPPED) {
			/* Given back (or skipped) by rx_take_next: published after the loop. */
			dropped = 1;
			continue;
		}
		count++;
		if (!rx_dispatch(r, id, buf, len) && r->up) {
			rx_recycle(r, id, len);
			/* At once, not after the batch: a fast sender may be out of buffers. */
			rx_publish(r);
			recycled = 1;
		}
	}
	r->in_dispatch = 0;
	if (dropped && r->up)
		rx_publish(r);
	if ((recycled || dropped) && r->up)
		r->kick_rx = 1;
	rpmsg_kick(r);
	/* Also what a send found on the transmit ring since the last poll. */
	return rpmsg_rings_broken(r) ? AMP_EPROTO : count;
}

int amp_rpmsg_process(struct amp_rpmsg *r)
{
	int ready;

	if (!r || !r->up || r->in_dispatch)
		return 0;
	/* The look kick() left for this poll. */
	if (r->kick_rx && r->rx_quiet)
		amp_rpmsg_kick_queued(r);
	if (rpmsg_rings_broken(r))
		return AMP_EPROTO;
	/* One read of the peer's index. */
	ready = rx_ready(r);
	if (ready <= 0) {
		rpmsg_kick(r);
		return ready;
	}
	return process_batch(r, ready);
}

/* Publish our rx_quiet choice in our receive ring's flags (a full barrier follows). */
static void rx_notify_apply(struct amp_rpmsg *r)
{
	if (AMP_IS_MASTER(r->role))
		amp_vring_drv_want_interrupts(&r->rx, !r->rx_quiet);
	else
		amp_vring_dev_want_notifies(&r->rx, !r->rx_quiet);
}

void amp_rpmsg_set_rx_notify(struct amp_rpmsg *r, int on)
{
	if (!rpmsg_inited(r) || r->rx_quiet == !on)
		return;
	r->rx_quiet = (uint8_t)!on;
	if (!r->up)
		return;
	rx_notify_apply(r);
	/* Before this core sleeps: the look kick() may have left for the next poll. */
	if (on && (r->kick_tx || r->kick_rx))
		amp_rpmsg_kick_queued(r);
}

int amp_rpmsg_rx_pending(struct amp_rpmsg *r)
{
	if (!r || !r->up)
		return 0;
	return AMP_IS_MASTER(r->role) ? amp_vring_drv_pending(&r->rx)
				      : amp_vring_dev_pending(&r->rx);
}

/* ---- zero copy: a receive buffer a callback keeps past its return ---- */

int amp_rpmsg_hold_rx_buffer(struct amp_ept *ept, const void *payload)
{
	struct amp_rpmsg *r;
	uint32_t id;

	if (!rpmsg_ept_usable(ept) || !payload)
		return AMP_EINVAL;
	r = ept->rdev;
	if (rpmsg_lean_slave(r))
		return AMP_ENOTSUP;
	if (!r->cur_rx_buf || rpmsg_owned(r->cur_rx_buf) + AMP_RPMSG_HDR_SIZE != payload)
		return AMP_EINVAL;
	/* The buffer is ours now: its reserved header word remembers the id. */
	id = r->cur_rx_id;
	memcpy(rpmsg_owned(r->cur_rx_buf) + 8, &id, sizeof(id));
	/* Written back now: the slave writes this buffer again once we release it. */
	rpmsg_buf_clean(r, r->cur_rx_buf, AMP_RPMSG_HDR_SIZE);
	r->rx_held.buf[r->cur_rx_id] = r->cur_rx_buf;
	return AMP_OK;
}

int amp_rpmsg_release_rx_buffer(struct amp_rpmsg *r, void *payload)
{
	uint16_t id;

	if (!rpmsg_inited(r) || !payload)
		return AMP_EINVAL;
	if (rpmsg_lean_slave(r))
		return AMP_ENOTSUP;
	id = rpmsg_held_id(r, &r->rx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	r->rx_held.buf[id] = NULL;
	if (!r->up)
		return AMP_OK;
	rx_recycle(r, id, r->rx_held.len[id]);
	rx_publish(r);
	r->kick_rx = 1;
	rpmsg_kick(r);
	return AMP_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transmit half: take a buffer (the master from its free list, refilled
 * from the used ring; the slave from what the master posted on vring0), fill
 * it, hand it to the peer. A send that finds no buffer asks the peer for a
 * doorbell when buffers come back; only amp_rpmsg_send_timeout() waits.
 * Zero copy: while the application holds a buffer, the reserved word of its
 * rpmsg header remembers the descriptor id (rpmsg_held_id()).
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/trace.h"
#include "rpmsg_internal.h"

static void master_reclaim_tx(struct amp_rpmsg *r)
{
	int ready = vring_drv_used_ready(&r->tx);
	uint32_t len;
	uint16_t id;

	/* At most in_flight entries: the free list cannot overflow. */
	for (; ready > 0; ready--) {
		(void)vring_drv_take_next_used(&r->tx, &id, &len);
		if (id != AMP_VRING_NO_ID)
			r->free_tx[r->free_tx_count++] = id;
	}
}

AMP_HOT int master_tx_take(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf,
			   uint32_t *size)
{
	if (!r->free_tx_count)
		master_reclaim_tx(r);
	if (!r->free_tx_count) {
		/* Ask for a doorbell when buffers come back, then look once more. */
		amp_vring_drv_want_interrupts(&r->tx, 1);
		r->tx_notify = 1;
		master_reclaim_tx(r);
		if (!r->free_tx_count)
			return AMP_ENOBUFS;
	}
	/* Buffers are back: the peer need not ring for each batch any more. */
	if (r->tx_notify) {
		amp_vring_drv_want_interrupts(&r->tx, 0);
		r->tx_notify = 0;
	}
	*id = r->free_tx[--r->free_tx_count];
	*buf = r->port->shm + r->pool_off + (r->rx.num + *id) * r->buf_size;
	*size = r->buf_size;
	return AMP_OK;
}

/*
 * Next usable buffer the master posted for us: one we kept (a device cannot
 * un-take a buffer), else the ring's next; bad ones are given back empty.
 * Any size that holds a header and a byte is usable: Linux and OpenAMP
 * masters choose their own (*size is capped at ours).
 */
AMP_HOT int slave_take_posted(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf,
			      uint32_t *size)
{
	struct amp_rpmsg_spare *sp = &r->tx_spare;
	uint32_t len, n;
	int returned = 0, err = AMP_ENOBUFS;

	if (sp->count) {
		sp->count--;
		*id = sp->id[sp->count];
		*buf = sp->buf[sp->count];
		*size = sp->len[sp->count];
		return AMP_OK;
	}
	for (n = 0; n < r->tx.num; n++) {
		int got = vring_dev_take_avail(&r->tx, id, buf, &len);

		if (got == AMP_VRING_GOT && len > AMP_RPMSG_HDR_SIZE) {
			*size = len < RPMSG_BUF_SIZE ? len : RPMSG_BUF_SIZE;
			r->buf_size = *size;
			err = AMP_OK;
			break;
		}
		if (got == AMP_VRING_GOT) {
			/* Too small for a header and a byte: return it unused. */
			r->tx.stats.bad_len++;
			vring_dev_give_back(&r->tx, *id, 0);
		} else if (got != AMP_VRING_DROPPED) {
			break;
		}
		returned = 1;
	}
	if (returned) {
		/* Bad descriptors were given back empty: publish them with the next message. */
		vring_dev_publish(&r->tx);
		r->kick_tx = 1;
	}
	return err;
}

AMP_HOT int slave_tx_take(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf, uint32_t *size)
{
	if (slave_take_posted(r, id, buf, size) != AMP_OK) {
		/* Ask for a doorbell when the master posts more, then look once more. */
		amp_vring_dev_want_notifies(&r->tx, 1);
		r->tx_notify = 1;
		if (slave_take_posted(r, id, buf, size) != AMP_OK)
			return AMP_ENOBUFS;
	}
	/* Buffers are back: the master need not ring for each batch any more. */
	if (r->tx_notify) {
		amp_vring_dev_want_notifies(&r->tx, 0);
		r->tx_notify = 0;
	}
	return AMP_OK;
}

/* Take a transmit buffer: its descriptor id, local address and size (header included). */
AMP_HOT int tx_take(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf, uint32_t *size)
{
	/* In a receive callback the poll that runs it has just checked. */
	if (r->rings_valid && !r->in_dispatch && !r->rings_valid(r->rings_valid_ctx))
		return AMP_ENOTREADY;
	if (AMP_IS_MASTER(r->role))
		return master_tx_take(r, id, buf, size);
	return slave_tx_take(r, id, buf, size);
}

/*
 * Keep a transmit buffer we took but do not send, for the next send. The
 * slave must not give it back as used: a master reads a used buffer as a
 * message (OpenAMP without looking at the length, Linux drops and loses it).
 */
AMP_HOT void tx_keep(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t size)
{
	struct amp_rpmsg_spare *sp = &r->tx_spare;

	if (AMP_IS_MASTER(r->role)) {
		r->free_tx[r->free_tx_count++] = id;
		return;
	}
	/* At most one entry per descriptor id: cannot overflow. */
	sp->id[sp->count] = id;
	sp->buf[sp->count] = buf;
	sp->len[sp->count] = (uint16_t)size;
	sp->count++;
}

/* Hand a filled buffer to the peer (queued; the doorbell rings in amp_rpmsg_kick). */
AMP_HOT void tx_commit(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t len)
{
	uint32_t total = AMP_RPMSG_HDR_SIZE + len;

	rpmsg_buf_clean(r, buf, total);
	if (AMP_IS_MASTER(r->role)) {
		vring_drv_set_desc(&r->tx, id,
				   (uint64_t)r->port->shm_pa + (uint32_t)(buf - r->port->shm),
				   total, 0);
		vring_drv_post(&r->tx, id);
		vring_drv_publish(&r->tx);
	} else {
		vring_dev_give_back(&r->tx, id, total);
		vring_dev_publish(&r->tx);
	}
	r->kick_tx = 1;
	r->stats.tx_msgs++;
	r->stats.tx_bytes += len;
}

/*
 * amp_rpmsg_send_raw(), inlined into the endpoint sends: the message is pre
 * (plen bytes, a header of the layer above; none for a plain send) then data.
 */
AMP_HOT int send_copy(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *pre, size_t plen,
		      const void *data, size_t len, const char *ept_name)
{
	volatile uint8_t *buf;
	uint32_t size, total;
	uint16_t id;
	int err;

	if (!r->up)
		return AMP_ENOTREADY;
	if (plen > AMP_RPMSG_PAYLOAD_MAX || len > AMP_RPMSG_PAYLOAD_MAX - plen)
		return AMP_EMSGSIZE;
	if ((len && !data) || (plen && !pre))
		return AMP_EINVAL;
	total = (uint32_t)(plen + len);
	err = tx_take(r, &id, &buf, &size);
	if (err) {
		r->stats.no_buffer += err == AMP_ENOBUFS;
		return err;
	}
	if (total > size - AMP_RPMSG_HDR_SIZE) {
		tx_keep(r, id, buf, size);
		return AMP_EMSGSIZE;
	}
	rpmsg_hdr_write(buf, src, dst, total, 0);
	if (plen)
		memcpy(rpmsg_owned(buf) + AMP_RPMSG_HDR_SIZE, pre, plen);
	if (len)
		memcpy(rpmsg_owned(buf) + AMP_RPMSG_HDR_SIZE + plen, data, len);
	tx_commit(r, id, buf, total);
	/* Zero-length messages are signals (session probes), not data: not traced. */
	if (AMP_CFG_TRACE && ept_name && total) {
		r->kick_traced = 1;
		AMP_TRACE_MSG(r->port, r->role, "send(msg)", ept_name, total);
	}
	return AMP_OK;
}

int amp_rpmsg_send_raw(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *data,
		       size_t len, const char *ept_name)
{
	return send_copy(r, src, dst, NULL, 0, data, len, ept_name);
}

/* amp_rpmsg_try_sendto() on an endpoint already checked; pre as in send_copy(). */
AMP_HOT int ept_sendto(struct amp_ept *ept, uint32_t dst, const void *pre, size_t plen,
		       const void *data, size_t len)
{
	int err;

	if (dst == AMP_RPMSG_ADDR_ANY)
		return AMP_ENOTREADY;
	err = send_copy(ept->rdev, ept->addr, dst, pre, plen, data, len,
			ept->quiet ? NULL : ept->name);
	if (!err)
		rpmsg_kick(ept->rdev);
	return err;
}

int amp_rpmsg_try_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len)
{
	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, dst, NULL, 0, data, len);
}

int amp_rpmsg_try_send(struct amp_ept *ept, const void *data, size_t len)
{
	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, ept->dest, NULL, 0, data, len);
}

int amp_rpmsg_try_send_prefixed(struct amp_ept *ept, const void *prefix, size_t prefix_len,
				const void *data, size_t len)
{
	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, ept->dest, prefix, prefix_len, data, len);
}

/*
 * The wait of a send that found no buffer. The clock is read only here: a
 * send that finds a buffer (the common case) never reads it.
 */
static AMP_COLD int send_wait(struct amp_ept *ept, const void *data, size_t len,
			      uint32_t timeout_ms)
{
	const struct amp_port *port = ept->rdev->port;
	uint32_t start = port->ops->now_ms(port->ctx);

	for (;;) {
		uint32_t waited = port->ops->now_ms(port->ctx) - start;
		int err;

		if (waited >= timeout_ms)
			return AMP_ETIMEDOUT;
		/*
		 * Buffers come back with a doorbell (we asked for one in tx_take).
		 * Take it, then look again: a doorbell left pending (nobody polls
		 * while we wait here) would end every later wait at once, and the
		 * loop would spin for the whole timeout.
		 */
		if (port->ops->wait) {
			port->ops->wait(port->ctx, timeout_ms - waited);
			if (port->ops->ipm_take)
				(void)port->ops->ipm_take(port->ctx);
		}
		err = ept_sendto(ept, ept->dest, NULL, 0, data, len);
		if (err != AMP_ENOBUFS)
			return err;
	}
}

int amp_rpmsg_send_timeout(struct amp_ept *ept, const void *data, size_t len, uint32_t timeout_ms)
{
	int err;

	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	err = ept_sendto(ept, ept->dest, NULL, 0, data, len);
	if (err != AMP_ENOBUFS)
		return err;
	return send_wait(ept, data, len, timeout_ms);
}

int amp_rpmsg_send(struct amp_ept *ept, const void *data, size_t len)
{
	return amp_rpmsg_send_timeout(ept, data, len, AMP_CFG_SEND_TIMEOUT_MS);
}

/* ---- zero copy: a buffer lent to the application to fill in place ---- */

void *amp_rpmsg_get_tx_buffer(struct amp_ept *ept, uint32_t *size, int *err)
{
	volatile uint8_t *buf;
	struct amp_rpmsg *r;
	uint32_t cap;
	uint16_t id;
	int e;

	if (!size || !rpmsg_ept_usable(ept)) {
		e = AMP_EINVAL;
		goto out;
	}
	r = ept->rdev;
	if (rpmsg_lean_slave(r)) {
		e = AMP_ENOTSUP;
		goto out;
	}
	if (!r->up) {
		e = AMP_ENOTREADY;
		goto out;
	}
	e = tx_take(r, &id, &buf, &cap);
	if (e) {
		r->stats.no_buffer += e == AMP_ENOBUFS;
		goto out;
	}
	/* While we hold it the reserved header word remembers the descriptor id. */
	rpmsg_hdr_write(buf, ept->addr, ept->dest, 0, id);
	/* Written back now: a dirty line evicted later must not land on the peer's bytes. */
	rpmsg_buf_clean(r, buf, AMP_RPMSG_HDR_SIZE);
	r->tx_held.buf[id] = buf;
	r->tx_held.len[id] = (uint16_t)cap;
	*size = cap - AMP_RPMSG_HDR_SIZE;
	if (err)
		*err = AMP_OK;
	return rpmsg_owned(buf) + AMP_RPMSG_HDR_SIZE;
out:
	if (err)
		*err = e;
	return NULL;
}

int amp_rpmsg_send_nocopy(struct amp_ept *ept, void *payload, size_t len)
{
	struct amp_rpmsg *r;
	volatile uint8_t *buf;
	uint16_t id;

	if (!rpmsg_ept_usable(ept) || !payload)
		return AMP_EINVAL;
	r = ept->rdev;
	if (rpmsg_lean_slave(r))
		return AMP_ENOTSUP;
	if (!r->up)
		return AMP_ENOTREADY;
	if (ept->dest == AMP_RPMSG_ADDR_ANY)
		return AMP_ENOTREADY;
	id = rpmsg_held_id(r, &r->tx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	/* Still held: the caller may write a shorter message, or release it. */
	if (len > (uint32_t)r->tx_held.len[id] - AMP_RPMSG_HDR_SIZE)
		return AMP_EMSGSIZE;
	buf = r->tx_held.buf[id];
	r->tx_held.buf[id] = NULL;
	rpmsg_hdr_write(buf, ept->addr, ept->dest, (uint32_t)len, 0);
	tx_commit(r, id, buf, (uint32_t)len);
	if (AMP_CFG_TRACE && !ept->quiet && len) {
		r->kick_traced = 1;
		AMP_TRACE_MSG(r->port, r->role, "send(msg)", ept->name, (uint32_t)len);
	}
	rpmsg_kick(r);
	return AMP_OK;
}

int amp_rpmsg_release_tx_buffer(struct amp_rpmsg *r, void *payload)
{
	uint16_t id;

	if (!rpmsg_inited(r) || !payload)
		return AMP_EINVAL;
	if (rpmsg_lean_slave(r))
		return AMP_ENOTSUP;
	id = rpmsg_held_id(r, &r->tx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	tx_keep(r, id, r->tx_held.buf[id], r->tx_held.len[id]);
	r->tx_held.buf[id] = NULL;
	return AMP_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transmit half: take a buffer (the master from its free list, refilled
 * from the used ring; the slave from what the master posted on vring0), fill
 * it, hand it to the peer. A send that finds no buffer asks the peer for a
 * doorbell when buffers come back; only amp_rpmsg_send_timeout() waits.
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
			vring_dev_put_used(&r->tx, *id, 0);
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
		vring_dev_put_used(&r->tx, id, total);
		vring_dev_publish(&r->tx);
	}
	r->kick_tx = 1;
	r->stats.tx_msgs++;
	r->stats.tx_bytes += len;
}

/* amp_rpmsg_send_raw(), inlined into the endpoint sends. */
AMP_HOT int send_copy(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *data, size_t len,
		      const char *ept_name)
{
	volatile uint8_t *buf;
	uint32_t size;
	uint16_t id;
	int err;

	if (!r->up)
		return AMP_ENOTREADY;
	if (len > AMP_RPMSG_PAYLOAD_MAX)
		return AMP_EMSGSIZE;
	if (len && !data)
		return AMP_EINVAL;
	err = tx_take(r, &id, &buf, &size);
	if (err) {
		r->stats.no_buffer += err == AMP_ENOBUFS;
		return err;
	}
	if (len > size - AMP_RPMSG_HDR_SIZE) {
		tx_keep(r, id, buf, size);
		return AMP_EMSGSIZE;
	}
	rpmsg_hdr_write(buf, src, dst, (uint32_t)len, 0);
	if (len)
		memcpy(rpmsg_owned(buf) + AMP_RPMSG_HDR_SIZE, data, len);
	tx_commit(r, id, buf, (uint32_t)len);
	/* Zero-length messages are signals (session probes), not data: not traced. */
	if (AMP_CFG_TRACE && ept_name && len) {
		r->kick_traced = 1;
		AMP_TRACE_MSG(r->port, r->role, "send(msg)", ept_name, (uint32_t)len);
	}
	return AMP_OK;
}

int amp_rpmsg_send_raw(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *data,
		       size_t len, const char *ept_name)
{
	return send_copy(r, src, dst, data, len, ept_name);
}

/* amp_rpmsg_try_sendto() on an endpoint already checked. */
AMP_HOT int ept_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len)
{
	int err;

	if (dst == AMP_RPMSG_ADDR_ANY)
		return AMP_ENOTREADY;
	err = send_copy(ept->rdev, ept->addr, dst, data, len, ept->quiet ? NULL : ept->name);
	if (!err)
		rpmsg_kick(ept->rdev);
	return err;
}

int amp_rpmsg_try_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len)
{
	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, dst, data, len);
}

int amp_rpmsg_try_send(struct amp_ept *ept, const void *data, size_t len)
{
	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, ept->dest, data, len);
}

/*
 * The wait of a send that found no buffer. The clock is read only here: a
 * send that finds a buffer (the common case) never reads it.
 */
static AMP_COLD int send_wait(struct amp_ept *ept, const void *data, size_t len, uint32_t timeout_ms)
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
		err = ept_sendto(ept, ept->dest, data, len);
		if (err != AMP_ENOBUFS)
			return err;
	}
}

int amp_rpmsg_send_timeout(struct amp_ept *ept, const void *data, size_t len, uint32_t timeout_ms)
{
	int err;

	if (!rpmsg_ept_usable(ept))
		return AMP_EINVAL;
	err = ept_sendto(ept, ept->dest, data, len);
	if (err != AMP_ENOBUFS)
		return err;
	return send_wait(ept, data, len, timeout_ms);
}

int amp_rpmsg_send(struct amp_ept *ept, const void *data, size_t len)
{
	return amp_rpmsg_send_timeout(ept, data, len, AMP_CFG_SEND_TIMEOUT_MS);
}

int amp_rpmsg_tx_take(struct amp_rpmsg *r, uint16_t *id, volatile uint8_t **buf, uint32_t *size)
{
	return tx_take(r, id, buf, size);
}

void amp_rpmsg_tx_keep(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t size)
{
	tx_keep(r, id, buf, size);
}

void amp_rpmsg_tx_commit(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t len)
{
	tx_commit(r, id, buf, len);
}

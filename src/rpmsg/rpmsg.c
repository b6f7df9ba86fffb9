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
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/shm.h"
#include "amp/trace.h"
#include "rpmsg_internal.h"

#define BUF_SIZE ((uint32_t)AMP_CFG_BUF_SIZE)

/* Buffers are only touched while the rings are attached: r->tx knows about the caches. */
static void buf_clean(const struct amp_rpmsg *r, const volatile void *p, size_t n)
{
	if (r->tx.clean)
		r->tx.clean(r->port->ctx, p, n);
}

static void buf_invalidate(const struct amp_rpmsg *r, const volatile void *p, size_t n)
{
	if (r->tx.invalidate)
		r->tx.invalidate(r->port->ctx, p, n);
}

/*
 * A buffer we own (the ring protocol gives it to us) is plain memory while we
 * own it, so it is copied with memcpy; the cast only drops the volatile the
 * region's pointer carries for the ring fields.
 */
static uint8_t *owned(volatile uint8_t *p)
{
	return (uint8_t *)(uintptr_t)p;
}

/*
 * The peer broke a ring's index or id rules (an index more than num ahead, a
 * used id we never posted, an avail id out of range), or redirected a receive
 * buffer: descriptors are lost or in doubt, so the rings are unusable until
 * re-initialised. The flags start over with every attach; the ring sets its
 * own where it counts the error (one test here per poll, not a scan).
 */
static int rings_broken(const struct amp_rpmsg *r)
{
	return r->rx.broken | r->tx.broken | r->broken;
}

/* Initialised: a zeroed (never initialised) device has no port. */
static int rpmsg_inited(const struct amp_rpmsg *r)
{
	return r && r->port;
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
	r->buf_size = BUF_SIZE;
}

int amp_rpmsg_master_set_buf_size(struct amp_rpmsg *r, uint32_t size)
{
	if (!rpmsg_inited(r) || !AMP_IS_MASTER(r->role) || r->up ||
	    size < AMP_RPMSG_HDR_SIZE + 4u || size > BUF_SIZE || (size & 3u))
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

/* ---- setup ---------------------------------------------------------------- */

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
	memset(&r->tx_held, 0, sizeof(r->tx_held));
	memset(&r->rx_held, 0, sizeof(r->rx_held));
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
	r->buf_size = BUF_SIZE;
	memset(&r->tx_spare, 0, sizeof(r->tx_spare));
	memset(&r->tx_held, 0, sizeof(r->tx_held));
	memset(&r->rx_held, 0, sizeof(r->rx_held));
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
	memset(&r->tx_spare, 0, sizeof(r->tx_spare));
	memset(&r->tx_held, 0, sizeof(r->tx_held));
	memset(&r->rx_held, 0, sizeof(r->rx_held));
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

/* ---- transmit buffers ------------------------------------------------------ */

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
			*size = len < BUF_SIZE ? len : BUF_SIZE;
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
static void tx_keep(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t size)
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

	buf_clean(r, buf, total);
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

AMP_HOT void hdr_write(volatile uint8_t *buf, uint32_t src, uint32_t dst, uint32_t len,
		       uint32_t reserved)
{
	rpmsg_hdr_put(owned(buf), src, dst, reserved, (uint16_t)len, 0);
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
	hdr_write(buf, src, dst, (uint32_t)len, 0);
	if (len)
		memcpy(owned(buf) + AMP_RPMSG_HDR_SIZE, data, len);
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

static void kick_queued(struct amp_rpmsg *r);

/* amp_rpmsg_kick(), inlined where messages are queued. */
AMP_HOT void kick(struct amp_rpmsg *r)
{
	/* In a receive callback: amp_rpmsg_process rings once, for the whole batch. */
	if (!(r->kick_tx || r->kick_rx) || r->in_dispatch || !r->up)
		return;
	/*
	 * A core that polls without sleeping (rx notify off) looks whether the
	 * peer wants a doorbell for the buffers it gave back with its next send
	 * or at its next poll, whichever comes first: the full barrier of that
	 * look then does not wait for the stores of those buffers on the way
	 * from one message to the next.
	 */
	if (r->rx_quiet && !r->kick_tx)
		return;
	kick_queued(r);
}

static int ept_usable(const struct amp_ept *ept)
{
	return ept && ept->in_use && ept->rdev;
}

/* amp_rpmsg_try_sendto() on an endpoint already checked. */
AMP_HOT int ept_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len)
{
	int err;

	if (dst == AMP_RPMSG_ADDR_ANY)
		return AMP_ENOTREADY;
	err = send_copy(ept->rdev, ept->addr, dst, data, len, ept->quiet ? NULL : ept->name);
	if (!err)
		kick(ept->rdev);
	return err;
}

int amp_rpmsg_try_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len)
{
	if (!ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, dst, data, len);
}

int amp_rpmsg_try_send(struct amp_ept *ept, const void *data, size_t len)
{
	if (!ept_usable(ept))
		return AMP_EINVAL;
	return ept_sendto(ept, ept->dest, data, len);
}

/*
 * The wait of a send that found no buffer. The clock is read only here: a
 * send that finds a buffer (the common case) never reads it.
 */
static int send_wait(struct amp_ept *ept, const void *data, size_t len, uint32_t timeout_ms)
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

	if (!ept_usable(ept))
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

/* ---- zero copy ------------------------------------------------------------- */

void *amp_rpmsg_get_tx_buffer(struct amp_ept *ept, uint32_t *size, int *err)
{
	volatile uint8_t *buf;
	struct amp_rpmsg *r;
	uint32_t cap;
	uint16_t id;
	int e;

	if (!size || !ept_usable(ept)) {
		e = AMP_EINVAL;
		goto out;
	}
	r = ept->rdev;
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
	hdr_write(buf, ept->addr, ept->dest, 0, id);
	/* Written back now: a dirty line evicted later must not land on the peer's bytes. */
	buf_clean(r, buf, AMP_RPMSG_HDR_SIZE);
	r->tx_held.buf[id] = buf;
	r->tx_held.len[id] = (uint16_t)cap;
	*size = cap - AMP_RPMSG_HDR_SIZE;
	if (err)
		*err = AMP_OK;
	return owned(buf) + AMP_RPMSG_HDR_SIZE;
out:
	if (err)
		*err = e;
	return NULL;
}

/*
 * The descriptor id of a buffer we hold, or AMP_VRING_NO_ID. The id sits in
 * the buffer's reserved header word while we hold it; the word is read only
 * once the pointer is known to lie inside the region, so a foreign pointer is
 * refused without being dereferenced.
 */
static uint16_t held_id(const struct amp_rpmsg *r, const struct amp_rpmsg_held *held,
			const void *payload)
{
	uintptr_t base = (uintptr_t)r->port->shm, p = (uintptr_t)payload;
	const uint8_t *buf;
	uint32_t id;

	if (!base || p < base + AMP_RPMSG_HDR_SIZE || p - base > r->port->shm_size)
		return AMP_VRING_NO_ID;
	buf = (const uint8_t *)payload - AMP_RPMSG_HDR_SIZE;
	memcpy(&id, buf + 8, sizeof(id));
	if (id >= AMP_CFG_VRING_NUM || owned(held->buf[id]) != buf)
		return AMP_VRING_NO_ID;
	return (uint16_t)id;
}

int amp_rpmsg_send_nocopy(struct amp_ept *ept, void *payload, size_t len)
{
	struct amp_rpmsg *r;
	volatile uint8_t *buf;
	uint16_t id;

	if (!ept_usable(ept) || !payload)
		return AMP_EINVAL;
	r = ept->rdev;
	if (!r->up)
		return AMP_ENOTREADY;
	if (ept->dest == AMP_RPMSG_ADDR_ANY)
		return AMP_ENOTREADY;
	id = held_id(r, &r->tx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	/* Still held: the caller may write a shorter message, or release it. */
	if (len > (uint32_t)r->tx_held.len[id] - AMP_RPMSG_HDR_SIZE)
		return AMP_EMSGSIZE;
	buf = r->tx_held.buf[id];
	r->tx_held.buf[id] = NULL;
	hdr_write(buf, ept->addr, ept->dest, (uint32_t)len, 0);
	tx_commit(r, id, buf, (uint32_t)len);
	if (AMP_CFG_TRACE && !ept->quiet && len) {
		r->kick_traced = 1;
		AMP_TRACE_MSG(r->port, r->role, "send(msg)", ept->name, (uint32_t)len);
	}
	kick(r);
	return AMP_OK;
}

int amp_rpmsg_release_tx_buffer(struct amp_rpmsg *r, void *payload)
{
	uint16_t id;

	if (!rpmsg_inited(r) || !payload)
		return AMP_EINVAL;
	id = held_id(r, &r->tx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	tx_keep(r, id, r->tx_held.buf[id], r->tx_held.len[id]);
	r->tx_held.buf[id] = NULL;
	return AMP_OK;
}

/* ---- receive --------------------------------------------------------------- */

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
		vring_dev_put_used(&r->rx, id, len);
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
	return vring_dev_take_next_avail(&r->rx, id, buf, len);
}

/* Deliver one message. Returns 1 if a callback now holds the buffer. */
/* The endpoint at dst: by index, as local addresses are 1024 + slot; else the search. */
AMP_HOT struct amp_ept *rx_ept(struct amp_rpmsg *r, uint32_t dst)
{
	uint32_t slot = dst - AMP_RPMSG_RESERVED_ADDRS;

	if (slot < (uint32_t)AMP_CFG_MAX_EPT && r->ept[slot].in_use && r->ept[slot].addr == dst)
		return &r->ept[slot];
	return amp_rpmsg_ept_lookup(r, dst);
}

AMP_HOT int rx_dispatch(struct amp_rpmsg *r, uint16_t id, volatile uint8_t *buf, uint32_t len)
{
	struct amp_rpmsg_hdr h;
	struct amp_ept *ept;
	uint8_t *payload;

	/* An empty buffer is one the peer gave back unused, not a message. */
	if (len == 0)
		return 0;
	buf_invalidate(r, buf, len);
	if (rpmsg_hdr_get(owned(buf), len, &h)) {
		r->stats.bad_hdr++;
		r->broken = r->strict;
		return 0;
	}
	payload = owned(buf) + AMP_RPMSG_HDR_SIZE;
	r->stats.rx_msgs++;
	r->stats.rx_bytes += h.len;
	if (h.dst == AMP_RPMSG_NS_ADDR) {
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
	r->rx_held.buf[id] = NULL;
	r->rx_held.len[id] = (uint16_t)len;
	r->cur_rx_id = id;
	r->cur_rx_buf = buf;
	ept->cb(ept, payload, h.len, h.src, ept->priv);
	r->cur_rx_buf = NULL;
	return r->rx_held.buf[id] != NULL;
}

int amp_rpmsg_process(struct amp_rpmsg *r)
{
	volatile uint8_t *buf = NULL;
	uint32_t len = 0;
	uint16_t id = 0;
	int count = 0, recycled = 0, dropped = 0, ready;

	if (!r || !r->up || r->in_dispatch)
		return 0;
	/* The look kick() left for this poll. */
	if (r->kick_rx && r->rx_quiet)
		kick_queued(r);
	/*
	 * What the peer published by now and no more: one read of its index, and
	 * a peer that keeps publishing cannot keep us here.
	 */
	if (rings_broken(r))
		return AMP_EPROTO;
	ready = rx_ready(r);
	if (ready <= 0) {
		kick(r);
		return ready;
	}
	r->in_dispatch = 1;
	for (; ready > 0 && r->up && !rings_broken(r); ready--) {
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
	kick(r);
	/* Also what a send found on the transmit ring since the last poll. */
	return rings_broken(r) ? AMP_EPROTO : count;
}

int amp_rpmsg_hold_rx_buffer(struct amp_ept *ept, const void *payload)
{
	struct amp_rpmsg *r;
	uint32_t id;

	if (!ept_usable(ept) || !payload)
		return AMP_EINVAL;
	r = ept->rdev;
	if (!r->cur_rx_buf || owned(r->cur_rx_buf) + AMP_RPMSG_HDR_SIZE != payload)
		return AMP_EINVAL;
	/* The buffer is ours now: its reserved header word remembers the id. */
	id = r->cur_rx_id;
	memcpy(owned(r->cur_rx_buf) + 8, &id, sizeof(id));
	/* Written back now: the slave writes this buffer again once we release it. */
	buf_clean(r, r->cur_rx_buf, AMP_RPMSG_HDR_SIZE);
	r->rx_held.buf[r->cur_rx_id] = r->cur_rx_buf;
	return AMP_OK;
}

int amp_rpmsg_release_rx_buffer(struct amp_rpmsg *r, void *payload)
{
	uint16_t id;

	if (!rpmsg_inited(r) || !payload)
		return AMP_EINVAL;
	id = held_id(r, &r->rx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	r->rx_held.buf[id] = NULL;
	if (!r->up)
		return AMP_OK;
	rx_recycle(r, id, r->rx_held.len[id]);
	rx_publish(r);
	r->kick_rx = 1;
	kick(r);
	return AMP_OK;
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
		kick_queued(r);
}

int amp_rpmsg_rx_pending(struct amp_rpmsg *r)
{
	if (!r || !r->up)
		return 0;
	return AMP_IS_MASTER(r->role) ? amp_vring_drv_pending(&r->rx)
				      : amp_vring_dev_pending(&r->rx);
}

AMP_HOT int peer_wants_kick(const struct amp_rpmsg *r, const struct amp_vring *vr)
{
	return AMP_IS_MASTER(r->role) ? vring_drv_peer_wants_kick(vr)
				      : vring_dev_peer_wants_kick(vr);
}

/* Something was queued: ring the peer if it asked for doorbells on that ring. */
static void kick_queued(struct amp_rpmsg *r)
{
	int ring = (r->kick_tx && peer_wants_kick(r, &r->tx)) ||
		   (r->kick_rx && peer_wants_kick(r, &r->rx));

	r->kick_tx = 0;
	r->kick_rx = 0;
	if (!ring)
		return;
	r->stats.kicks++;
	r->port->ops->notify(r->port->ctx);
	if (AMP_CFG_TRACE && r->kick_traced)
		AMP_TRACE(r->port, r->role, "ipm_notify");
	r->kick_traced = 0;
}

void amp_rpmsg_kick(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	kick(r);
}

void amp_rpmsg_doorbell_rang(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	r->notified = 1;
}

void amp_rpmsg_doorbell_done(struct amp_rpmsg *r)
{
	if (!rpmsg_inited(r))
		return;
	r->notified = 0;
}

void amp_rpmsg_trace_notified(struct amp_rpmsg *r)
{
	if (!r->notified)
		return;
	r->notified = 0;
	AMP_TRACE(r->port, r->role, "ipm_notified");
}

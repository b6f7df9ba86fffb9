/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Zero copy: a transmit buffer lent to the application to fill in place, and
 * a receive buffer a callback keeps past its return. While the application
 * holds a buffer, the reserved word of its rpmsg header remembers the
 * descriptor id; a pointer handed back is checked against the region and the
 * held table before that word is trusted.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/trace.h"
#include "rpmsg_internal.h"

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
	if (!r->up) {
		e = AMP_ENOTREADY;
		goto out;
	}
	e = amp_rpmsg_tx_take(r, &id, &buf, &cap);
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
	if (id >= AMP_CFG_VRING_NUM || rpmsg_owned(held->buf[id]) != buf)
		return AMP_VRING_NO_ID;
	return (uint16_t)id;
}

int amp_rpmsg_send_nocopy(struct amp_ept *ept, void *payload, size_t len)
{
	struct amp_rpmsg *r;
	volatile uint8_t *buf;
	uint16_t id;

	if (!rpmsg_ept_usable(ept) || !payload)
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
	rpmsg_hdr_write(buf, ept->addr, ept->dest, (uint32_t)len, 0);
	amp_rpmsg_tx_commit(r, id, buf, (uint32_t)len);
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
	id = held_id(r, &r->tx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	amp_rpmsg_tx_keep(r, id, r->tx_held.buf[id], r->tx_held.len[id]);
	r->tx_held.buf[id] = NULL;
	return AMP_OK;
}

int amp_rpmsg_hold_rx_buffer(struct amp_ept *ept, const void *payload)
{
	struct amp_rpmsg *r;
	uint32_t id;

	if (!rpmsg_ept_usable(ept) || !payload)
		return AMP_EINVAL;
	r = ept->rdev;
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
	id = held_id(r, &r->rx_held, payload);
	if (id == AMP_VRING_NO_ID)
		return AMP_EINVAL;
	r->rx_held.buf[id] = NULL;
	if (!r->up)
		return AMP_OK;
	amp_rpmsg_rx_give_back(r, id, r->rx_held.len[id]);
	return AMP_OK;
}

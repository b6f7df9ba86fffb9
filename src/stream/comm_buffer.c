/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPSC byte ring. The memory-ordering contract, in one place:
 *
 * - Each side loads its own counter relaxed (nobody else stores it).
 * - The producer loads tail with acquire: it pairs with the consumer's
 *   release store of tail, so the consumer's copies out of the bytes it
 *   freed happen before the producer overwrites them.
 * - The producer stores head with release after copying the bytes in: a
 *   consumer that loads head with acquire sees those bytes.
 * - The consumer mirrors this: acquire load of head, copy out, release
 *   store of tail.
 *
 * Both counters only grow (modulo 2^32), so a side that reads a stale value
 * of the other's counter only sees less data / less space than there is.
 */
#include <string.h>

#include "amp/comm_buffer.h"
#include "amp/errors.h"

#define LOAD_OWN(obj)	atomic_load_explicit(obj, memory_order_relaxed)
#define LOAD_PEER(obj)	atomic_load_explicit(obj, memory_order_acquire)
#define PUBLISH(obj, v) atomic_store_explicit(obj, v, memory_order_release)

/* NULL, or never given storage (a zeroed ring): every call refuses it. */
static int ring_ok(const struct amp_comm_buffer *cb)
{
	return cb && cb->data;
}

static uint32_t ring_size(const struct amp_comm_buffer *cb)
{
	return cb->mask + 1u;
}

/*
 * used = head - tail. A third context may read the counters in an order that
 * makes the difference look larger than the ring: clamp, never trust it.
 */
static uint32_t used_bytes(const struct amp_comm_buffer *cb, uint32_t head, uint32_t tail)
{
	uint32_t used = head - tail;

	return used > ring_size(cb) ? ring_size(cb) : used;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static uint32_t clamp_len(size_t len, uint32_t limit)
{
	return len < (size_t)limit ? (uint32_t)len : limit;
}

int amp_comm_buffer_init(struct amp_comm_buffer *cb, void *storage, uint32_t size)
{
	if (!cb || !storage || size < 2u || size > AMP_COMM_BUFFER_MAX_SIZE ||
	    (size & (size - 1u)) != 0u)
		return AMP_EINVAL;
	cb->data = storage;
	cb->mask = size - 1u;
	atomic_init(&cb->head, 0u);
	atomic_init(&cb->tail, 0u);
	return AMP_OK;
}

void amp_comm_buffer_reset(struct amp_comm_buffer *cb)
{
	if (!ring_ok(cb))
		return;
	atomic_store_explicit(&cb->head, 0u, memory_order_relaxed);
	atomic_store_explicit(&cb->tail, 0u, memory_order_relaxed);
}

uint32_t amp_comm_buffer_size(const struct amp_comm_buffer *cb)
{
	return ring_ok(cb) ? ring_size(cb) : 0u;
}

uint32_t amp_comm_buffer_available(const struct amp_comm_buffer *cb)
{
	uint32_t tail;

	if (!ring_ok(cb))
		return 0;
	tail = LOAD_PEER(&cb->tail);
	return used_bytes(cb, LOAD_PEER(&cb->head), tail);
}

uint32_t amp_comm_buffer_free_space(const struct amp_comm_buffer *cb)
{
	uint32_t head;

	if (!ring_ok(cb))
		return 0;
	head = LOAD_PEER(&cb->head);
	return ring_size(cb) - used_bytes(cb, head, LOAD_PEER(&cb->tail));
}

uint32_t amp_comm_buffer_total_written(const struct amp_comm_buffer *cb)
{
	return cb ? LOAD_PEER(&cb->head) : 0u;
}

uint32_t amp_comm_buffer_total_read(const struct amp_comm_buffer *cb)
{
	return cb ? LOAD_PEER(&cb->tail) : 0u;
}

/* Copy n bytes into the ring at counter position pos (n <= size). */
static void copy_in(struct amp_comm_buffer *cb, uint32_t pos, const uint8_t *src, uint32_t n)
{
	uint32_t off = pos & cb->mask;
	uint32_t first = min_u32(n, ring_size(cb) - off);

	memcpy(cb->data + off, src, first);
	memcpy(cb->data, src + first, n - first);
}

static void copy_out(const struct amp_comm_buffer *cb, uint32_t pos, uint8_t *dst, uint32_t n)
{
	uint32_t off = pos & cb->mask;
	uint32_t first = min_u32(n, ring_size(cb) - off);

	memcpy(dst, cb->data + off, first);
	memcpy(dst + first, cb->data, n - first);
}

size_t amp_comm_buffer_write(struct amp_comm_buffer *cb, const void *src, size_t len)
{
	uint32_t head, n;

	if (!ring_ok(cb) || (!src && len))
		return 0;
	head = LOAD_OWN(&cb->head);
	n = clamp_len(len, ring_size(cb) - used_bytes(cb, head, LOAD_PEER(&cb->tail)));
	if (n == 0u)
		return 0;
	copy_in(cb, head, src, n);
	PUBLISH(&cb->head, head + n);
	return n;
}

size_t amp_comm_buffer_read(struct amp_comm_buffer *cb, void *dst, size_t len)
{
	uint32_t tail, n;

	if (!ring_ok(cb) || (!dst && len))
		return 0;
	tail = LOAD_OWN(&cb->tail);
	n = clamp_len(len, used_bytes(cb, LOAD_PEER(&cb->head), tail));
	if (n == 0u)
		return 0;
	copy_out(cb, tail, dst, n);
	PUBLISH(&cb->tail, tail + n);
	return n;
}

size_t amp_comm_buffer_peek(const struct amp_comm_buffer *cb, size_t offset, void *dst, size_t len)
{
	uint32_t tail, used, n;

	if (!ring_ok(cb) || (!dst && len))
		return 0;
	tail = LOAD_OWN(&cb->tail);
	used = used_bytes(cb, LOAD_PEER(&cb->head), tail);
	if (offset >= (size_t)used)
		return 0;
	n = clamp_len(len, used - (uint32_t)offset);
	if (n == 0u)
		return 0;
	copy_out(cb, tail + (uint32_t)offset, dst, n);
	return n;
}

size_t amp_comm_buffer_skip(struct amp_comm_buffer *cb, size_t len)
{
	uint32_t tail, n;

	if (!ring_ok(cb))
		return 0;
	tail = LOAD_OWN(&cb->tail);
	n = clamp_len(len, used_bytes(cb, LOAD_PEER(&cb->head), tail));
	/* release: our earlier reads of these bytes are done before the producer reuses them */
	PUBLISH(&cb->tail, tail + n);
	return n;
}

uint32_t amp_comm_buffer_write_region(struct amp_comm_buffer *cb, uint8_t **p)
{
	uint32_t head, space, off;

	if (!p)
		return 0;
	*p = NULL;
	if (!ring_ok(cb))
		return 0;
	head = LOAD_OWN(&cb->head);
	space = ring_size(cb) - used_bytes(cb, head, LOAD_PEER(&cb->tail));
	off = head & cb->mask;
	*p = cb->data + off;
	return min_u32(space, ring_size(cb) - off);
}

int amp_comm_buffer_write_commit(struct amp_comm_buffer *cb, uint32_t n)
{
	uint8_t *unused;

	if (!ring_ok(cb) || n > amp_comm_buffer_write_region(cb, &unused))
		return AMP_EINVAL;
	PUBLISH(&cb->head, LOAD_OWN(&cb->head) + n);
	return AMP_OK;
}

uint32_t amp_comm_buffer_read_region(const struct amp_comm_buffer *cb, const uint8_t **p)
{
	uint32_t tail, used, off;

	if (!p)
		return 0;
	*p = NULL;
	if (!ring_ok(cb))
		return 0;
	tail = LOAD_OWN(&cb->tail);
	used = used_bytes(cb, LOAD_PEER(&cb->head), tail);
	off = tail & cb->mask;
	*p = cb->data + off;
	return min_u32(used, ring_size(cb) - off);
}

int amp_comm_buffer_read_commit(struct amp_comm_buffer *cb, uint32_t n)
{
	const uint8_t *unused;

	if (!ring_ok(cb) || n > amp_comm_buffer_read_region(cb, &unused))
		return AMP_EINVAL;
	PUBLISH(&cb->tail, LOAD_OWN(&cb->tail) + n);
	return AMP_OK;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * comm_buffer: a lock-free single-producer single-consumer byte ring.
 *
 * The caller supplies the storage (a power of two of bytes, no heap). One
 * context produces (write, write_region/write_commit), one context consumes
 * (read, peek, read_region/read_commit); the two may be an interrupt handler
 * and the application, or two threads, without any lock. available() and
 * free_space() may be called from either side and return a snapshot.
 *
 * head and tail are free-running byte counters (they wrap at 2^32, which is
 * why the size is a power of two and at most 2^31): used = head - tail.
 * Only the producer stores head, only the consumer stores tail.
 */
#ifndef AMP_COMM_BUFFER_H
#define AMP_COMM_BUFFER_H

#include <stddef.h>
#include <stdint.h>

/*
 * An atomic 32-bit word that C and C++ translation units agree on: C11
 * _Atomic in C, std::atomic in C++ (what C++23 <stdatomic.h> does too). Both
 * are a plain, lock-free 32-bit word on every target amplink supports.
 */
#ifdef __cplusplus
#include <atomic>
#define AMP_ATOMIC_U32 std::atomic<uint32_t>
static_assert(sizeof(std::atomic<uint32_t>) == 4 && std::atomic<uint32_t>::is_always_lock_free,
	      "comm_buffer: std::atomic<uint32_t> must be a lock-free 32-bit word");
#else
#include <stdatomic.h>
#define AMP_ATOMIC_U32 _Atomic uint32_t
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "comm_buffer: 32-bit atomics must be lock-free");
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Largest ring: counters are compared modulo 2^32. */
#define AMP_COMM_BUFFER_MAX_SIZE 0x80000000u

struct amp_comm_buffer {
	uint8_t *data;
	uint32_t mask;	     /* size - 1 */
	AMP_ATOMIC_U32 head; /* bytes ever written; stored by the producer only */
	AMP_ATOMIC_U32 tail; /* bytes ever read; stored by the consumer only */
};

/*
 * Attach storage of size bytes (a power of two, 2..2^31) and empty the ring.
 * Not concurrent with anything else on the same ring.
 *
 * Bad arguments: a NULL or never initialised (zeroed) cb makes every count
 * below 0, the regions 0 with *p = NULL, reset a no-op and the commits
 * AMP_EINVAL. A NULL src / dst with len > 0 moves nothing (0).
 */
int amp_comm_buffer_init(struct amp_comm_buffer *cb, void *storage, uint32_t size);
/* Empty the ring. Only while neither side is using it. */
void amp_comm_buffer_reset(struct amp_comm_buffer *cb);
uint32_t amp_comm_buffer_size(const struct amp_comm_buffer *cb);

/* Bytes readable right now (consumer: a lower bound; producer: an upper bound). */
uint32_t amp_comm_buffer_available(const struct amp_comm_buffer *cb);
/* Bytes writable right now (producer: a lower bound; consumer: an upper bound). */
uint32_t amp_comm_buffer_free_space(const struct amp_comm_buffer *cb);
/* Total bytes ever written / read, modulo 2^32. */
uint32_t amp_comm_buffer_total_written(const struct amp_comm_buffer *cb);
uint32_t amp_comm_buffer_total_read(const struct amp_comm_buffer *cb);

/* Producer: copy in up to len bytes; returns the number copied (never more than the free space). */
size_t amp_comm_buffer_write(struct amp_comm_buffer *cb, const void *src, size_t len);
/* Consumer: copy out and consume up to len bytes; returns the number copied. */
size_t amp_comm_buffer_read(struct amp_comm_buffer *cb, void *dst, size_t len);
/* Consumer: copy out up to len bytes starting offset bytes ahead, without consuming. */
size_t amp_comm_buffer_peek(const struct amp_comm_buffer *cb, size_t offset, void *dst, size_t len);
/* Consumer: drop up to len bytes; returns the number dropped. */
size_t amp_comm_buffer_skip(struct amp_comm_buffer *cb, size_t len);

/*
 * Zero copy. write_region returns the contiguous free space at the write
 * position (it may be less than free_space() when the ring wraps: call again
 * after the commit) and points *p at it; write_commit publishes n of those
 * bytes. read_region / read_commit are the same for readable data. A commit
 * of more than the region returned is refused with AMP_EINVAL.
 */
uint32_t amp_comm_buffer_write_region(struct amp_comm_buffer *cb, uint8_t **p);
int amp_comm_buffer_write_commit(struct amp_comm_buffer *cb, uint32_t n);
uint32_t amp_comm_buffer_read_region(const struct amp_comm_buffer *cb, const uint8_t **p);
int amp_comm_buffer_read_commit(struct amp_comm_buffer *cb, uint32_t n);

#ifdef __cplusplus
}
#endif
#endif

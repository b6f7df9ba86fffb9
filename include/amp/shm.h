/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Access to memory shared with the other core. Every access goes through a
 * volatile pointer so the compiler emits exactly one naturally aligned load or
 * store (single-copy atomic on Cortex-M and x86); ordering between accesses is
 * made explicit with the barriers below.
 */
#ifndef AMP_SHM_H
#define AMP_SHM_H

#include <stdint.h>

/*
 * The barriers are the port's business (include/amp/port.h): a port built
 * for a target names a header that defines amp_rmb(), amp_wmb(), amp_mb()
 * and, if it differs from amp_mb(), amp_doorbell_mb(), with
 * AMP_PORT_BARRIERS="<header>" (Cortex-M: ports/common/cortex_m/barriers.h).
 * Without one, hosted builds (x86 and other hosts, where both cores are
 * processes or threads of one OS) use the C11 fences; an M-profile build
 * without one does not compile, since the C11 fences give "dmb ish" there.
 */
#if defined(AMP_PORT_BARRIERS)
/* cppcheck-suppress preprocessorErrorDirective ; a header name from the port */
#include AMP_PORT_BARRIERS
#elif defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#error "Cortex-M: the port must name its barriers (AMP_PORT_BARRIERS, include/amp/port.h)"
#else
#ifndef __cplusplus
#include <stdatomic.h>
#define AMP_FENCE_(order) atomic_thread_fence(order)
#define AMP_MO_ACQ_	  memory_order_acquire
#define AMP_MO_REL_	  memory_order_release
#define AMP_MO_SC_	  memory_order_seq_cst
#else
#include <atomic>
#define AMP_FENCE_(order) std::atomic_thread_fence(order)
#define AMP_MO_ACQ_	  std::memory_order_acquire
#define AMP_MO_REL_	  std::memory_order_release
#define AMP_MO_SC_	  std::memory_order_seq_cst
#endif

/* Reads of peer data below this point are not hoisted above the read before it. */
#define amp_rmb() AMP_FENCE_(AMP_MO_ACQ_)
/* Our writes above this point are visible to the peer before the ones below it. */
#define amp_wmb() AMP_FENCE_(AMP_MO_REL_)
/* Full barrier: also orders an earlier store before a later load (Dekker handshakes). */
#define amp_mb()  AMP_FENCE_(AMP_MO_SC_)
#endif

#if !defined(amp_rmb) || !defined(amp_wmb) || !defined(amp_mb)
#error "the port's barrier header must define amp_rmb(), amp_wmb() and amp_mb()"
#endif
/*
 * Before a port's doorbell register write: our earlier shared-memory writes
 * have completed, not only been ordered (Cortex-M: DSB). Ports call it; the
 * library does not ring doorbells itself.
 */
#ifndef amp_doorbell_mb
#define amp_doorbell_mb() amp_mb()
#endif

static inline uint8_t amp_rd8(const volatile void *p)
{
	return *(const volatile uint8_t *)p;
}
static inline uint16_t amp_rd16(const volatile void *p)
{
	return *(const volatile uint16_t *)p;
}
static inline uint32_t amp_rd32(const volatile void *p)
{
	return *(const volatile uint32_t *)p;
}
static inline uint64_t amp_rd64(const volatile void *p)
{
	/* Two halves: a 64-bit descriptor address is never updated while we read it. */
	const volatile uint32_t *w = (const volatile uint32_t *)p;
	return (uint64_t)w[0] | ((uint64_t)w[1] << 32);
}
static inline void amp_wr8(volatile void *p, uint8_t v)
{
	*(volatile uint8_t *)p = v;
}
static inline void amp_wr16(volatile void *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}
static inline void amp_wr32(volatile void *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}
static inline void amp_wr64(volatile void *p, uint64_t v)
{
	volatile uint32_t *w = (volatile uint32_t *)p;
	w[0] = (uint32_t)v;
	w[1] = (uint32_t)(v >> 32);
}

#endif

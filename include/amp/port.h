/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The port interface: everything amplink needs from a board or an OS.
 * A port fills a struct amp_port and hands it to amp_init(). The library
 * never touches hardware or the OS except through these hooks.
 */
#ifndef AMP_PORT_H
#define AMP_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Barriers. The library orders its shared-memory accesses with amp_rmb(),
 * amp_wmb() and amp_mb() (amp/shm.h), and they are the port's: a port built
 * for a target defines them in a header it names with
 * AMP_PORT_BARRIERS="<header>" on the library and everything that includes
 * amplink's headers. The contract:
 *   amp_rmb()  a later read of shared memory is not performed before an
 *              earlier one (load-load), as seen by the peer core;
 *   amp_wmb()  an earlier write to shared memory is observed by the peer no
 *              later than a later one (store-store);
 *   amp_mb()   full: every earlier access before every later one, including
 *              store-load;
 *   amp_doorbell_mb()  (optional, default amp_mb()) before a doorbell
 *              register write: the earlier shared-memory writes have
 *              completed, not only been ordered.
 * Each must also be a compiler barrier, and must reach the peer's
 * shareability domain: on Cortex-M (ports/common/cortex_m/barriers.h) DMB SY
 * and DSB SY, the only option Armv7-M and Armv8-M define; a Cortex-A/Linux
 * peer needs outer-shareable or system barriers on its side too. Hosted
 * builds without a header (POSIX, x86) use the C11 fences; an M-profile build
 * without one fails to compile. notify() below must issue
 * amp_doorbell_mb() (or stronger) before it rings.
 */

struct amp_port_ops {
	/* Ring the peer's doorbell (IPM). Must be callable from thread and IRQ context. */
	void (*notify)(void *ctx);
	/*
	 * Return 1 and clear the pending state if the peer rang our doorbell since the
	 * last call, else 0. Works like reading and clearing a mailbox status register.
	 */
	int (*ipm_take)(void *ctx);
	/* Milliseconds since an arbitrary origin, wrapping at 2^32. */
	uint32_t (*now_ms)(void *ctx);
	/*
	 * Data-cache maintenance on the shared region. clean: write our writes back to
	 * memory so the peer sees them. invalidate: drop our cached copy so the next
	 * read sees what the peer wrote. Either may be NULL on a port without caches.
	 */
	void (*cache_clean)(void *ctx, const volatile void *addr, size_t len);
	void (*cache_invalidate)(void *ctx, const volatile void *addr, size_t len);
	/*
	 * Optional: sleep until the doorbell rings or timeout_ms passes. NULL means
	 * "cannot sleep": bounded waits then spin on amp_poll().
	 */
	void (*wait)(void *ctx, uint32_t timeout_ms);
	/*
	 * Optional: one trace point. step is the seed's name ("m.setup_vrings",
	 * "s.register<ept=default>"); ept names the endpoint of a send/recv step
	 * (else NULL) and len is the message length there (else 0).
	 */
	void (*trace)(void *ctx, const char *step, const char *ept, uint32_t len);
};

/* The port asks for cache maintenance (either hook set). */
static inline int amp_port_has_cache_ops(const struct amp_port_ops *ops)
{
	return ops && (ops->cache_clean || ops->cache_invalidate);
}

struct amp_port {
	const struct amp_port_ops *ops;
	void *ctx;
	/* Local mapping of the shared region. */
	volatile uint8_t *shm;
	uint32_t shm_size;
	/*
	 * The bus address of shm[0] as both cores (and a Linux master) name it in
	 * vring descriptors and the resource table (0x38000000 for STM32H747 SRAM4).
	 */
	uint32_t shm_pa;
	/*
	 * Optional, for a plain virtio peer (AMP_PEER_PLAIN, docs/interop.md):
	 * where the resource table the master writes lives. Slave: its own
	 * loaded .resource_table (what Linux remoteproc writes) or a table in
	 * shared memory (what an OpenAMP master such as ST's uses); master: the
	 * remote's table. NULL: at offset 0 of the shared region. rsc_size: its
	 * bytes (0: sizeof(struct amp_rsc_table)).
	 */
	volatile void *rsc;
	uint32_t rsc_size;
};

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg over two vrings, wire-compatible with Linux virtio_rpmsg_bus and
 * OpenAMP: 16-byte header, 512-byte buffers (496 bytes of payload), name
 * service on address 0x35. Endpoints live in a static table; local addresses
 * are 1024 + table index so a received message finds its endpoint directly.
 */
#ifndef AMP_RPMSG_H
#define AMP_RPMSG_H

#include <stddef.h>
#include <stdint.h>

#include "amp/config.h"
#include "amp/port.h"
#include "amp/types.h"
#include "amp/virtio.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_RPMSG_HDR_SIZE	 16u
#define AMP_RPMSG_PAYLOAD_MAX	 ((uint32_t)AMP_CFG_BUF_SIZE - AMP_RPMSG_HDR_SIZE)
#define AMP_RPMSG_NS_ADDR	 0x35u
#define AMP_RPMSG_ADDR_ANY	 0xFFFFFFFFu
#define AMP_RPMSG_RESERVED_ADDRS 1024u
#define AMP_RPMSG_NAME_SIZE	 32u
#define AMP_RPMSG_NS_CREATE	 0u
#define AMP_RPMSG_NS_DESTROY	 1u

/* On the wire, little-endian. */
struct amp_rpmsg_hdr {
	uint32_t src;
	uint32_t dst;
	uint32_t reserved;
	uint16_t len;
	uint16_t flags;
};

struct amp_rpmsg_ns_msg {
	char name[AMP_RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_rpmsg_hdr) == 16, "rpmsg: header is 16 bytes");
_Static_assert(offsetof(struct amp_rpmsg_hdr, dst) == 4, "rpmsg: dst at 4");
_Static_assert(offsetof(struct amp_rpmsg_hdr, reserved) == 8, "rpmsg: reserved at 8");
_Static_assert(offsetof(struct amp_rpmsg_hdr, len) == 12, "rpmsg: len at 12");
_Static_assert(offsetof(struct amp_rpmsg_hdr, flags) == 14, "rpmsg: flags at 14");
_Static_assert(sizeof(struct amp_rpmsg_ns_msg) == 40, "rpmsg: ns message is 40 bytes");
_Static_assert(offsetof(struct amp_rpmsg_ns_msg, addr) == 32, "rpmsg: ns addr at 32");
_Static_assert(offsetof(struct amp_rpmsg_ns_msg, flags) == 36, "rpmsg: ns flags at 36");
#endif

/*
 * Pure codecs (no state): used by the rpmsg layer, its tests and its fuzzers.
 * The encoders do nothing for a NULL pointer. The decoders return AMP_EPROTO
 * for a bad length or field (the bytes came from the peer).
 */
void amp_rpmsg_hdr_encode(uint8_t out[AMP_RPMSG_HDR_SIZE], const struct amp_rpmsg_hdr *h);
/* Decodes and checks len against avail (bytes after the header in the buffer). */
int amp_rpmsg_hdr_decode(const uint8_t *in, uint32_t buf_len, struct amp_rpmsg_hdr *h);
void amp_rpmsg_ns_encode(uint8_t out[sizeof(struct amp_rpmsg_ns_msg)], const char *name,
			 uint32_t addr, uint32_t flags);
/* Checks the length, NUL-terminates the name (names need not be terminated on the wire). */
int amp_rpmsg_ns_decode(const uint8_t *in, uint32_t len, struct amp_rpmsg_ns_msg *ns);

struct amp_ept;
struct amp_rpmsg;

/*
 * Receive callback. data points into the shared buffer and is valid until the
 * callback returns, unless the callback holds it (amp_rpmsg_hold_rx_buffer).
 * The return value is ignored by rpmsg (kept for OpenAMP familiarity).
 */
typedef int (*amp_ept_cb)(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv);
/* Called when the peer destroys the remote side (name-service DESTROY). */
typedef void (*amp_ept_unbind_cb)(struct amp_ept *ept);
/* Master: the peer announced a name no local endpoint waits for. */
typedef void (*amp_ns_bind_cb)(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv);

struct amp_ept {
	char name[AMP_RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t dest;
	amp_ept_cb cb;
	amp_ept_unbind_cb unbind;
	void *priv;
	struct amp_rpmsg *rdev;
	uint8_t in_use;
	uint8_t announced;
	uint8_t quiet;	    /* control traffic: its sends and receives are not traced */
	uint8_t dest_fixed; /* created with a peer address: kept across a suspend */
	/*
	 * owned by the layer above (the link's default endpoint): the
	 * application may not destroy it
	 */
	uint8_t pinned;
};

struct amp_rpmsg_stats {
	uint32_t tx_msgs;
	uint32_t rx_msgs;
	uint32_t tx_bytes;
	uint32_t rx_bytes;
	uint32_t rx_dropped; /* no endpoint at dst, or bad header */
	uint32_t bad_hdr;    /* header length/addresses the peer got wrong */
	uint32_t bad_ns;     /* malformed name-service messages */
	uint32_t no_buffer;  /* a send found no free buffer */
	uint32_t kicks;	     /* doorbells rung */
};

/* One holder slot per descriptor: the local address and length of a buffer we hold. */
struct amp_rpmsg_held {
	volatile uint8_t *buf[AMP_CFG_VRING_NUM];
	uint16_t len[AMP_CFG_VRING_NUM];
};

/* Slave: buffers taken from the master's ring and not used yet (a device cannot un-take). */
struct amp_rpmsg_spare {
	volatile uint8_t *buf[AMP_CFG_VRING_NUM];
	uint16_t id[AMP_CFG_VRING_NUM];
	uint16_t len[AMP_CFG_VRING_NUM];
	uint16_t count;
};

struct amp_rpmsg {
	const struct amp_port *port;
	enum amp_role role;
	uint8_t up;	     /* rings attached */
	uint8_t kick_tx;     /* queued messages since the last doorbell */
	uint8_t kick_rx;     /* recycled receive buffers since the last doorbell */
	uint8_t in_dispatch; /* inside amp_rpmsg_process */
	uint8_t kick_traced; /* the pending doorbell carries a traced message */
	uint8_t notified;    /* a doorbell came; traced with the first traced message */
	uint8_t rx_quiet;    /* the peer is asked not to ring for messages (set_rx_notify) */
	uint8_t tx_notify;   /* we asked the peer to ring when transmit buffers come back */
	/*
	 * set by the link for an amplink peer: a header that does not match the
	 * used length means the buffer is not what the peer wrote (a stale one):
	 * the rings are broken, not just the message
	 */
	uint8_t strict;
	uint8_t broken;	    /* strict, and a bad header came (cleared when the rings are set up) */
	uint16_t cur_rx_id; /* the buffer being delivered to a callback */
	volatile uint8_t *cur_rx_buf;
	/* master: rx = vring0 (slave->master), tx = vring1; slave: the other way round */
	struct amp_vring rx;
	struct amp_vring tx;
	uint32_t pool_off; /* master: offset of the buffer pool */
	uint32_t
	    buf_size; /* master: bytes per buffer it posts; slave: the master's, as last seen */
	/* slave: where the master's buffers must lie (len 0: anywhere in the region) */
	uint32_t peer_pool_off;
	uint32_t peer_pool_len;
	uint16_t free_tx[AMP_CFG_VRING_NUM]; /* master: stack of free tx descriptor ids */
	uint16_t free_tx_count;
	struct amp_rpmsg_spare tx_spare; /* slave */
	struct amp_rpmsg_held tx_held;	 /* buffers taken by get_tx_buffer */
	struct amp_rpmsg_held rx_held;	 /* buffers held by a receive callback */
	amp_ns_bind_cb ns_bind;
	void *ns_priv;
	/*
	 * Optional: asked before a send touches the rings outside amp_poll(); 0
	 * means the rings are no longer ours (the slave's master re-initialised
	 * them while we were not looking) and the send fails with AMP_ENOTREADY.
	 */
	int (*rings_valid)(void *ctx);
	void *rings_valid_ctx;
	struct amp_ept ept[AMP_CFG_MAX_EPT];
	struct amp_rpmsg_stats stats;
};

/*
 * A NULL or never initialised (zeroed) struct amp_rpmsg: the void calls below
 * do nothing, amp_rpmsg_process() and amp_rpmsg_rx_pending() return 0, the
 * others AMP_EINVAL.
 */

/* Setup (the link layer calls these during the handshake). */
void amp_rpmsg_init(struct amp_rpmsg *r, const struct amp_port *port, enum amp_role role);
int amp_rpmsg_master_setup_vrings(struct amp_rpmsg *r, uint32_t vring0_off, uint32_t vring1_off,
				  uint16_t num, uint32_t align);
/*
 * Master: the size of the buffers it posts, header included: a multiple of 4
 * from AMP_RPMSG_HDR_SIZE + 4 to AMP_CFG_BUF_SIZE (the default), set before
 * amp_rpmsg_master_init_pool(). Else AMP_EINVAL.
 */
int amp_rpmsg_master_set_buf_size(struct amp_rpmsg *r, uint32_t size);
/* After amp_rpmsg_master_setup_vrings(), pool_off 4-byte aligned (else AMP_EINVAL). */
int amp_rpmsg_master_init_pool(struct amp_rpmsg *r, uint32_t pool_off);
/*
 * Slave, before amp_rpmsg_slave_attach(): the master's buffer pool, when the
 * link knows it (an amplink master publishes it): a descriptor outside it
 * (at the rings, the link block) is refused. Not called: the whole region.
 */
void amp_rpmsg_slave_set_pool(struct amp_rpmsg *r, uint32_t pool_off, uint32_t pool_len);
int amp_rpmsg_slave_attach(struct amp_rpmsg *r, uint32_t vring0_da, uint32_t vring1_da,
			   uint16_t num, uint32_t align);
/* Stop using the rings (peer reset): drops held buffers and every endpoint's binding. */
void amp_rpmsg_detach(struct amp_rpmsg *r);
/*
 * Stop using the rings but keep the endpoints (a plain peer restarted: no
 * layer above recreates them). Each forgets the peer address it learned (one
 * given at creation stays) and is announced again by amp_rpmsg_announce_all().
 */
void amp_rpmsg_suspend(struct amp_rpmsg *r);
/* Slave, after amp_rpmsg_slave_attach(): continue rings a plain master runs. */
int amp_rpmsg_slave_resume(struct amp_rpmsg *r);
/* Slave: announce every named endpoint not announced yet (0, or the first error). */
int amp_rpmsg_announce_all(struct amp_rpmsg *r);
void amp_rpmsg_set_ns_bind_cb(struct amp_rpmsg *r, amp_ns_bind_cb cb, void *priv);

/* Endpoints. src AMP_RPMSG_ADDR_ANY picks a free address; dst ANY = not bound yet. */
int amp_rpmsg_ept_create(struct amp_rpmsg *r, struct amp_ept **out, const char *name, uint32_t src,
			 uint32_t dst, amp_ept_cb cb, void *priv);
/* Slave: tell the master about ept (name-service CREATE). */
int amp_rpmsg_ept_announce(struct amp_ept *ept);
/*
 * Free ept (telling the peer if it was announced). AMP_EINVAL for NULL or an
 * endpoint not in use, AMP_EPERM for one the layer above owns (pinned: the
 * link's default endpoint); such an endpoint goes when the rings do.
 */
int amp_rpmsg_ept_destroy(struct amp_ept *ept);
struct amp_ept *amp_rpmsg_ept_by_name(struct amp_rpmsg *r, const char *name);
int amp_rpmsg_ept_is_bound(const struct amp_ept *ept);

/*
 * The longest message one buffer carries: the master's own buffer size less
 * the header; on the slave that of the master's buffers as last seen
 * (AMP_RPMSG_PAYLOAD_MAX before the first one). 0 for a NULL device.
 */
uint32_t amp_rpmsg_payload_max(const struct amp_rpmsg *r);

/*
 * Send. try_send never waits; send_timeout waits at most timeout_ms for a
 * buffer. A message longer than the buffer it would go in is refused with
 * AMP_EMSGSIZE (never truncated) and the buffer is kept for the next send.
 */
int amp_rpmsg_try_send(struct amp_ept *ept, const void *data, size_t len);
int amp_rpmsg_try_sendto(struct amp_ept *ept, uint32_t dst, const void *data, size_t len);
/*
 * try_send of prefix (prefix_len bytes) followed by data, as one message of
 * prefix_len + len bytes: a layer above puts its own header in front without
 * a buffer of its own or a second copy (the session layer's data header).
 */
int amp_rpmsg_try_send_prefixed(struct amp_ept *ept, const void *prefix, size_t prefix_len,
				const void *data, size_t len);
int amp_rpmsg_send_timeout(struct amp_ept *ept, const void *data, size_t len, uint32_t timeout_ms);
int amp_rpmsg_send(struct amp_ept *ept, const void *data, size_t len);

/* Zero copy send: get a buffer, fill up to *size bytes, send it (or give it back). */
void *amp_rpmsg_get_tx_buffer(struct amp_ept *ept, uint32_t *size, int *err);
int amp_rpmsg_send_nocopy(struct amp_ept *ept, void *buf, size_t len);
int amp_rpmsg_release_tx_buffer(struct amp_rpmsg *r, void *buf);

/* Zero copy receive: keep data past the callback, then release it. */
int amp_rpmsg_hold_rx_buffer(struct amp_ept *ept, const void *data);
int amp_rpmsg_release_rx_buffer(struct amp_rpmsg *r, void *data);

/* Handle everything the peer queued: returns messages dispatched, or < 0 on a ring error. */
int amp_rpmsg_process(struct amp_rpmsg *r);
/* Ring the doorbell if anything was queued for the peer since the last one. */
void amp_rpmsg_kick(struct amp_rpmsg *r);
/*
 * Trace attribution: the link layer calls this when the doorbell rang, and
 * amp_rpmsg_doorbell_done() at the end of the poll. "x.ipm_notified" is
 * traced only when the poll delivers a traced message, so control traffic
 * (the default session, zero-length probes) leaves the seed's trace alone.
 */
void amp_rpmsg_doorbell_rang(struct amp_rpmsg *r);
void amp_rpmsg_doorbell_done(struct amp_rpmsg *r);
/* Anything to receive right now? */
int amp_rpmsg_rx_pending(struct amp_rpmsg *r);
/*
 * Doorbells for incoming messages. on (the default): the peer rings when it
 * queues messages for us. off: it is asked not to (virtio's
 * VRING_USED_F_NO_NOTIFY / VRING_AVAIL_F_NO_INTERRUPT on our receive ring),
 * for a core that polls without sleeping: a message then costs the sender no
 * doorbell. Such a core also looks whether the peer wants a doorbell for the
 * buffers it gave back only at its next send or poll. Turn it on again, then
 * check amp_rpmsg_rx_pending(), before sleeping. The choice survives
 * re-initialisations of the rings.
 */
void amp_rpmsg_set_rx_notify(struct amp_rpmsg *r, int on);

#ifdef __cplusplus
}
#endif
#endif
